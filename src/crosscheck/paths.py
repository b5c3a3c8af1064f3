"""Inputs as the command line names them: a URL or a path, and a path as text that can always be shown. Defined
here, importing nothing heavy, for :mod:`crosscheck.ingest` (which re-exports both) and for the command line's
messages, which must not load the readers to name a file."""

from __future__ import annotations

import os
from pathlib import Path


def is_url(value: str) -> bool:
    """Whether an input is an http(s) URL (else it names a file or folder)."""
    return value.lower().startswith(("http://", "https://"))


def display_path(path: str | Path) -> str:
    """A path as text that can always be printed and stored: bytes of a file name that are not UTF-8 (kept by
    Python as surrogates) are shown as ``\\xNN``."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
