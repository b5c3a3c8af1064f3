"""crosscheck.paths: what the command line calls a URL, and a path that can always be shown."""

import os

from crosscheck import ingest, paths


def test_only_http_and_https_inputs_are_urls():
    assert paths.is_url("https://example.org/a") and paths.is_url("HTTP://example.org")
    assert not paths.is_url("ftp://example.org/a") and not paths.is_url("news/https.txt")
    assert not paths.is_url("file:///tmp/a.txt")


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    raw = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name: Python keeps the byte as a surrogate
    shown = paths.display_path(tmp_path / raw)
    assert shown.endswith("caf\\xe9.txt") and shown.encode("utf-8")  # printable and storable
    assert paths.display_path("plain/ünïcode.txt") == "plain/ünïcode.txt"


def test_the_readers_export_the_same_functions():
    assert ingest.is_url is paths.is_url and ingest.display_path is paths.display_path
