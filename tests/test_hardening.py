"""Issue 18: no traceback, no hang, no lost input, bounded memory, on any input or option.

One test (or a few) for each of the thirteen failures a hostile tester found, numbered as in the issue, then
property tests that throw random bytes, JSON, HTML, XML and archives at every reader. The command line is run in
this process through :func:`crosscheck.cli.run` (the function ``crosscheck`` itself calls) where that suffices,
and as a real process where the terminal or the user matters.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck import errors, nlp
from crosscheck.cli import run, safe, safe_json
from crosscheck.errors import InputProblem
from crosscheck.extract import ExtractFailure, extract_batch, extract_doc
from crosscheck.ingest import Reader, ReadOptions, read_inputs
from crosscheck.ingest.decode import decode
from crosscheck.ingest.feeds import FeedError, parse_feed
from crosscheck.ingest.fetch import Fetcher, FetchOptions
from crosscheck.ingest.jsonl import MAX_DEPTH, read_jsonl_stream
from crosscheck.ingest.warc import read_warc
from crosscheck.model import Article
from tests.conftest import news_page

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"id": "good", "text": "Negotiators from Russia and Ukraine met in Geneva on Tuesday to discuss the grain corridor."}
PAGE = news_page("Talks resume", ["Negotiators from both governments met in Geneva on Tuesday to discuss reopening "
                                  "the grain corridor after weeks of delay and disagreement.",
                                  "The United Nations said a second round of talks would take place in Istanbul."])


def read(paths, **kw):
    items = list(read_inputs([str(p) if isinstance(p, Path) else p for p in paths], ReadOptions(**kw)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)]


def cli(capsys, *args):
    """``crosscheck ARGS`` in this process: (exit code, stdout, stderr)."""
    code = run([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# ---------------------------------------------------------------- 1. nesting

def test_01_a_record_nested_5000_deep_is_one_problem_and_the_batch_goes_on(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text("[" * 5000 + "]" * 5000 + "\n" + '{"text": ' * 5000 + "1" + "}" * 5000 + "\n" + json.dumps(GOOD) + "\n")
    (tmp_path / "deep.json").write_text("[" * 100_000)
    arts, probs = read([p, tmp_path / "deep.json"])
    assert [a.id for a in arts] == ["good"]
    assert [pr.source.rsplit("/", 1)[1] for pr in probs] == ["deep.jsonl:1", "deep.jsonl:2", "deep.json"]
    assert all(f"more than {MAX_DEPTH} levels" in pr.message for pr in probs)


def test_01_brackets_inside_strings_are_not_nesting(tmp_path):
    p = tmp_path / "brackets.jsonl"
    p.write_text(json.dumps({**GOOD, "title": "[" * 500 + "{" * 500}) + "\n")
    arts, probs = read([p])
    assert not probs and arts[0].title.startswith("[[[")


# ---------------------------------------------------------------- 2. long texts

def test_02_a_text_over_the_parser_limit_is_one_problem_and_the_rest_of_the_batch_is_extracted():
    long = Article(id="long", text="word " * (nlp.MAX_CHARS // 5 + 1))
    short = Article(id="short", text=GOOD["text"])
    out = extract_batch([short, long, short.model_copy(update={"id": "short2"})])
    assert [type(r).__name__ for r in out] == ["Extraction", "ExtractFailure", "Extraction"]
    failure = out[1]
    assert isinstance(failure, ExtractFailure) and "over the 2,000,000" in failure.message and "\n" not in failure.message


def test_02_a_long_text_is_parsed_in_pieces_with_every_offset_kept(monkeypatch):
    monkeypatch.setattr(nlp, "PART_CHARS", 3_000)
    paragraph = ("Rutte met Trump in Washington on Tuesday, officials said. “We will not let corridor {k} close,” "
                 "Fidan said. {k} people were killed in Odesa on March 3.")
    text = "\n\n".join(paragraph.format(k=k + 2) for k in range(60))
    assert len(text) > 3 * nlp.PART_CHARS
    cuts = nlp.split_points(text)
    assert cuts and all(text[c - 2:c] == "\n\n" for c in cuts)  # cut at paragraph ends
    doc = next(nlp.parse([text]))
    assert doc.text == text
    ext = extract_doc(doc, Article(id="long", text=text))
    spans = [*ext.events, *ext.quotes, *ext.quantities, *ext.timexes, *(m for a in ext.actors for m in a.mentions)]
    assert len(ext.quotes) >= 30 and len(ext.quantities) >= 30
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert max(q.start for q in ext.quotes) > len(text) - 2 * len(paragraph)  # found in the last piece too


def test_02_text_without_punctuation_gets_capped_sentences_and_cut_at_spaces(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_SENTENCE_TOKENS", 40)
    words = ["the", "minister", "said", "troops", "would", "move", "toward", "the", "border", "after", "talks", "with", "officials"]
    text = " ".join(words[k % len(words)] for k in range(2_000))
    cuts = nlp.split_points(text, 1_000)
    assert cuts and all(text[c - 1] == " " and text[c] != " " for c in cuts)
    doc = nlp.pipeline()(text)
    assert max(len(s) for s in doc.sents) <= 40


# ---------------------------------------------------------------- 3. gzip bombs

def test_03_a_small_gzip_expanding_to_a_huge_line_is_skipped_in_bounded_memory(tmp_path):
    p = tmp_path / "bomb.jsonl.gz"
    with gzip.open(p, "wb") as g:
        g.write(b'{"text": "' + b"a" * 60_000_000 + b'"}\n')
        g.write((json.dumps(GOOD) + "\n").encode())
    assert p.stat().st_size < 200_000
    tracemalloc.start()
    try:
        items = list(Reader(ReadOptions(max_bytes=1000)).read([p]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak
    assert isinstance(items[0], InputProblem) and "60,000,0" in items[0].message and items[0].source.endswith(":1")
    assert isinstance(items[1], Article) and items[1].id == "good"


# ---------------------------------------------------------------- 4. blank lines first

@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a-no-suffix", "a.jsonl.gz"])
def test_04_a_file_starting_with_8_kb_of_blank_lines_is_read(tmp_path, name):
    body = json.dumps(GOOD) if "jsonl" in name or "suffix" in name else GOOD["text"]
    data = ("\n" * 8192 + " \t\r\n" * 100 + body + "\n").encode()
    p = tmp_path / name
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    arts, probs = read([p])
    assert not probs and len(arts) == 1 and "Geneva" in arts[0].text


def test_04_blank_files_are_still_empty(tmp_path):
    (tmp_path / "blank.txt").write_text("\n" * 10_000)
    (tmp_path / "blank.jsonl").write_text("\n" * 10_000)
    (tmp_path / "blank.warc").write_text("\n" * 10)
    arts, probs = read([tmp_path])
    assert not arts and [p.message for p in probs] == [errors.EMPTY] * 3


# ---------------------------------------------------------------- 5. WARC without HTML, garbage

def test_05_a_warc_without_html_or_with_garbage_is_one_problem_each(tmp_path):
    (tmp_path / "info.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n")
    (tmp_path / "header-only.warc").write_bytes(b"WARC/1.0\r\n")
    (tmp_path / "garbage.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
                                            b"\x00\x01garbage" * 50)
    (tmp_path / "garbage.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n") + os.urandom(3000))
    arts, probs = read([tmp_path])
    assert not arts
    by_name = {p.source.rsplit("/", 1)[1]: p.message for p in probs}
    assert set(by_name) == {"info.warc", "header-only.warc", "garbage.warc", "garbage.warc.gz"}
    assert by_name["info.warc"] == errors.NO_HTML_RESPONSES
    assert all("\n" not in m for m in by_name.values())


def test_05_a_warc_gzip_member_expanding_to_a_huge_header_line_is_refused(tmp_path):
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(gzip.compress(b"WARC/1.0\r\nX-Long: " + b"a" * 30_000_000 + b"\r\n\r\n"))
    tracemalloc.start()
    try:
        items = list(Reader(ReadOptions(max_bytes=1000)).read([p]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000, peak
    assert len(items) == 1 and isinstance(items[0], InputProblem) and "line of more than" in items[0].message


# ---------------------------------------------------------------- 6. encodings

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_06_text_and_json_lines_with_a_byte_order_mark_are_read(tmp_path, codec):
    bom = {"utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    text = "Le président a rencontré Rutte à Genève mardi."
    (tmp_path / "a.txt").write_bytes(bom + text.encode(codec))
    (tmp_path / "b.jsonl").write_bytes(bom + (json.dumps({"id": "b", "text": text}, ensure_ascii=False) + "\n"
                                              + json.dumps(GOOD) + "\n").encode(codec))
    (tmp_path / "c").write_bytes(bom + json.dumps({"id": "c", "text": text}).encode(codec))  # sniffed
    arts, probs = read([tmp_path])
    assert not probs
    assert {a.id: a.text for a in arts} == {"a": text, "b": text, "good": GOOD["text"], "c": text}


def test_06_a_page_whose_meta_charset_lies_is_decoded_by_detection(tmp_path):
    for name, declared, body in [("utf16.html", "utf-16", PAGE.encode()), ("latin.html", "iso-8859-1", PAGE.replace("Geneva", "Genève").encode()),
                                 ("nonsense.html", "x-no-such-charset", PAGE.encode())]:
        (tmp_path / name).write_bytes(body.replace(b'<meta charset="utf-8">', f'<meta charset="{declared}">'.encode()))
    arts, probs = read([tmp_path])
    assert not probs and len(arts) == 3
    assert all("Negotiators" in a.text for a in arts) and "Genève" in next(a for a in arts if a.id == "latin").text


def test_06_a_declared_charset_that_fits_is_still_used():
    assert decode("Genève".encode("cp1252"), declared="windows-1252") == "Genève"
    assert decode("Москва".encode("koi8-r"), declared="koi8-r") == "Москва"
    assert decode("<p>ok</p>".encode("utf-16"), declared="utf-8") == "<p>ok</p>"  # the BOM wins


# ---------------------------------------------------------------- 7. entities in UTF-16 feeds

BOMB = ('<?xml version="1.0" encoding="{enc}"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<rss version="2.0"><channel><title>&b;</title><item><link>http://news.example/a</link></item></channel></rss>')
FEED = ('<?xml version="1.0" encoding="{enc}"?><rss version="2.0"><channel><title>Wire</title><item><title>Talks</title>'
        '<link>http://news.example/a</link></item></channel></rss>')


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "utf-8"])
def test_07_the_entity_refusal_holds_in_every_encoding(codec):
    data = BOMB.format(enc=codec).encode(codec)
    with pytest.raises(FeedError, match="XML entities"):
        parse_feed(data)
    feed = parse_feed(FEED.format(enc=codec).encode(codec))
    assert [e.link for e in feed.entries] == ["http://news.example/a"]


def test_07_a_utf16_feed_file_with_entities_is_one_problem(tmp_path):
    p = tmp_path / "bomb"  # no suffix: sniffed from its decoded start
    p.write_bytes(BOMB.format(enc="utf-16").encode("utf-16"))
    arts, probs = read([p])
    assert not arts and len(probs) == 1 and "XML entities" in probs[0].message


# ---------------------------------------------------------------- 8. file names that are not UTF-8

def test_08_a_file_name_with_a_non_utf8_byte_is_read_stored_and_printed(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsencode(folder) + b"/caf\xe9-report.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Rutte met Trump in Washington on Tuesday to discuss Ukraine and the war.")
    (folder / "z-later.jsonl").write_text(json.dumps(GOOD) + "\n")
    with open(os.fsencode(folder) + b"/empty\xff.txt", "wb"):
        pass
    db = tmp_path / "n.db"
    code, _, err = cli(capsys, "--db", db, "ingest", folder)
    assert code == 3 and "Traceback" not in err and "empty\\xff.txt" in err
    code, out, _ = cli(capsys, "--db", db, "articles")
    assert code == 0 and "caf\\xe9-report" in out and "good" in out


# ---------------------------------------------------------------- 9. unreadable folders, pipes

def test_09_a_named_pipe_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "ok.jsonl").write_text(json.dumps(GOOD) + "\n")
    result: list = []
    t = threading.Thread(target=lambda: result.extend(read_inputs([str(tmp_path), str(fifo)])), daemon=True)
    t.start()
    t.join(30)
    assert not t.is_alive(), "reading a named pipe blocked"
    probs = [i for i in result if isinstance(i, InputProblem)]
    assert [p.message for p in probs] == [errors.NOT_REGULAR.format(kind="named pipe")] * 2
    assert [a.id for a in result if isinstance(a, Article)] == ["good"]


def test_09_devices_are_refused():
    arts, probs = read(["/dev/zero", "/dev/null"])
    assert not arts and [p.message for p in probs] == [errors.NOT_REGULAR.format(kind="device")] * 2


def _without_root_powers() -> None:
    """In the child before exec: drop the capabilities that let root read any folder (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH), so that root, too, meets a folder it cannot read."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_09_an_unreadable_subfolder_is_reported(tmp_path):
    top = tmp_path / "pub"
    (top / "secret").mkdir(parents=True)
    (top / "secret" / "a.txt").write_text("hidden")
    (top / "ok.jsonl").write_text(json.dumps(GOOD) + "\n")
    os.chmod(top / "secret", 0)
    code = ("import sys; from crosscheck.ingest import read_inputs\n"
            "for i in read_inputs([sys.argv[1]]): print(type(i).__name__, i.source, getattr(i, 'message', ''))")
    try:
        r = subprocess.run([sys.executable, "-c", code, str(top)], capture_output=True, text=True, timeout=120,
                           preexec_fn=_without_root_powers if os.geteuid() == 0 else None)
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's powers here ({exc})")
    finally:
        os.chmod(top / "secret", 0o755)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"InputProblem {top / 'secret'} cannot read the folder (Permission denied); the files in it were not read"
    assert lines[1].startswith("Article ") and "ok.jsonl:1" in lines[1] and len(lines) == 2


# ---------------------------------------------------------------- 10. bad stores

@pytest.mark.parametrize("make", ["text", "corrupt", "scheme", "postgres", "folder", "missing", "empty", "driver"])
def test_10_any_bad_store_is_one_line_and_exit_2(tmp_path, capsys, make):
    (tmp_path / "text.db").write_text("hello\n")
    (tmp_path / "corrupt.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    (tmp_path / "folder.db").mkdir()
    db = {"text": tmp_path / "text.db", "corrupt": tmp_path / "corrupt.db", "scheme": "nosuch://x/y",
          "postgres": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=5", "folder": tmp_path / "folder.db",
          "missing": tmp_path / "no" / "such" / "x.db", "empty": "", "driver": "mysql://u@localhost/x"}[make]
    code, out, err = cli(capsys, "--db", db, "articles")
    line = one_line(err)
    assert code == 2 and line.startswith("crosscheck: ") and not out
    assert "store" in line or "--db" in line


def test_10_a_read_only_store_is_one_line_and_what_was_stored_stays(tmp_path, capsys):
    db = tmp_path / "ro.db"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(GOOD) + "\n")
    assert cli(capsys, "--db", db, "ingest", first)[0] == 0
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"id": "other", "text": "Fidan said the talks in Istanbul would resume next week."}) + "\n")
    code, _, err = cli(capsys, "--db", f"sqlite:///file:{db}?mode=ro&uri=true", "ingest", second)
    assert code == 2 and "readonly" in one_line(err)
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM articles")] == ["good"]


def test_10_debug_shows_the_traceback(tmp_path, capsys, monkeypatch):
    code, _, err = cli(capsys, "--db", tmp_path / "no" / "x.db", "articles")
    assert code == 2 and "Traceback" not in err
    code, _, err = cli(capsys, "--db", tmp_path / "no" / "x.db", "--debug", "articles")
    assert code == 2 and "Traceback" in err and err.rstrip().splitlines()[-1].startswith("crosscheck: cannot open")
    monkeypatch.setenv("CROSSCHECK_DEBUG", "1")
    code, _, err = cli(capsys, "--db", "nosuch://x", "articles")
    assert code == 2 and "Traceback" in err and err.rstrip().splitlines()[-1].startswith("crosscheck: cannot open")


# ---------------------------------------------------------------- 11. markup and escapes

def test_11_markup_and_escape_sequences_in_article_data_are_shown_not_obeyed(tmp_path):
    (tmp_path / "[red]in[").mkdir()
    (tmp_path / "[").mkdir()
    src = tmp_path / "[red]in[/]put.jsonl"  # a folder "[red]in[" and a file "]put.jsonl"
    src.write_text(json.dumps({"id": "[/]x", "title": "\x1b[31mRED\x1b[0m [bold]title\x9b2J\u202eevil",
                               "outlet": "Out\tlet\nNews", "text": GOOD["text"]}) + "\n" + "{broken\n")
    db = tmp_path / "[/]store.db"
    env = {**os.environ, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "200"}  # rich prints as to a terminal
    cmd = [sys.executable, "-m", "crosscheck.cli", "--db", str(db)]
    r = subprocess.run([*cmd, "ingest", str(src)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 3 and "Traceback" not in r.stderr and "MarkupError" not in r.stderr
    assert "[red]in[/]put.jsonl:2" in r.stderr and "[/]store.db" in r.stderr
    listing = subprocess.run([*cmd, "articles"], capture_output=True, text=True, env=env, cwd=ROOT).stdout
    assert "\x1b[31m" not in listing and "\x9b" not in listing and "\u202e" not in listing
    assert listing.startswith("[/]x\t") and "\\x1b[31mRED" in listing and "Out\\x09let\\x0aNews" in listing
    assert listing.count("\n") == 1
    as_json = subprocess.run([*cmd, "articles", "--json"], capture_output=True, text=True, env=env, cwd=ROOT).stdout
    assert "\x9b" not in as_json and json.loads(as_json)["title"] == "\x1b[31mRED\x1b[0m [bold]title\x9b2J\u202eevil"
    shown = subprocess.run([*cmd, "show", "[/]x"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert shown.returncode == 0 and "\x1b[31mRED" not in shown.stdout and "\x9b" not in shown.stdout


def test_11_safe_helpers():
    assert safe("a\x1b[2Jb\tc\nd\x9b\u202e") == "a\\x1b[2Jb\\x09c\\x0ad\\x9b\\u202e"
    line = json.dumps({"t": "a\x9bb\u2028"}, ensure_ascii=False)
    assert json.loads(safe_json(line)) == {"t": "a\x9bb\u2028"} and "\x9b" not in safe_json(line)


# ---------------------------------------------------------------- 12. option values

@pytest.mark.parametrize("args, option", [
    (["ingest", "--max-bytes", "0", "x"], "--max-bytes"), (["extract", "--max-bytes", "-5", "x"], "--max-bytes"),
    (["ingest", "--max-bytes", str(10**12), "x"], "--max-bytes"), (["ingest", "--timeout", "-1", "x"], "--timeout"),
    (["ingest", "--timeout", "0", "x"], "--timeout"), (["ingest", "--per-host-interval", "-5", "x"], "--per-host-interval"),
    (["ingest", "--processes", "0", "x"], "--processes"), (["ingest", "--near-duplicate", "2", "x"], "--near-duplicate"),
    (["watch", "--every", "0", "x"], "--every"), (["watch", "--every", "soon", "x"], "--every"),
    (["ingest", "--timeout", "nan", "x"], "--timeout"),
])
def test_12_bad_option_values_are_one_line_naming_the_option(tmp_path, capsys, args, option):
    code, out, err = cli(capsys, "--db", tmp_path / "o.db", *args)
    assert code == 2 and option in one_line(err) and not out
    assert not (tmp_path / "o.db").exists()


def test_12_unknown_commands_and_missing_arguments_are_one_line(capsys):
    assert cli(capsys, "bogus")[0] == 2
    code, _, err = cli(capsys, "extract")
    assert code == 2 and "Missing argument" in one_line(err)


# ---------------------------------------------------------------- 13. output files

def test_13_extract_to_its_own_input_is_refused_before_anything_is_written(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    before = src.read_bytes()
    for target in (src, tmp_path / "." / "in.jsonl"):
        code, _, err = cli(capsys, "extract", src, "-o", target)
        assert code == 2 and "also an input" in one_line(err)
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    assert cli(capsys, "extract", link, "-o", src)[0] == 2
    assert src.read_bytes() == before


def test_13_output_errors_are_one_line_and_leave_no_half_file(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    code, _, err = cli(capsys, "extract", src, "-o", tmp_path / "missing" / "out.jsonl")
    assert code == 2 and "does not exist" in one_line(err)
    code, _, err = cli(capsys, "extract", src, "-o", tmp_path)
    assert code == 2 and "folder" in one_line(err)
    if Path("/dev/full").exists():
        code, _, err = cli(capsys, "extract", src, "-o", "/dev/full")
        assert code == 2 and "No space left" in one_line(err)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)
    code, _, _ = cli(capsys, "extract", src, "-o", out)
    assert code == 0 and json.loads(out.read_text())["article"]["id"] == "good"
    assert oct(out.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temporary file left


def test_13_a_full_disk_on_standard_output_is_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "crosscheck.cli", "extract", str(src)], stdout=full,
                           stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert r.returncode == 2 and "No space left" in one_line(r.stderr)


# ---------------------------------------------------------------- property tests: every reader, random input

def _no_network(host: str, port: int) -> list[str]:
    raise OSError("no network in property tests")


def _reader(max_bytes: int = 100_000) -> Reader:
    options = ReadOptions(max_bytes=max_bytes, fetch=FetchOptions(retries=0, robots=False))
    return Reader(options, fetcher=Fetcher(options.fetch, max_bytes, resolver=_no_network))


def _read_all(reader: Reader, path: Path) -> list:
    items = list(reader.read([path]))
    assert items, f"{path.name}: neither an article nor a problem"
    for i in items:
        assert isinstance(i, Article | InputProblem)
        if isinstance(i, InputProblem):
            assert "\n" not in str(i)
    return items


SUFFIXES = ["a.txt", "a.jsonl", "a.jsonl.gz", "a.json", "a.html", "a.xml", "a.opml", "a.warc", "a.warc.gz", "noext"]
#: Examples per property test: 40 in the suite (CI's time), more on demand (CROSSCHECK_PROPERTY_EXAMPLES=1000).
PROPERTY = settings(max_examples=int(os.environ.get("CROSSCHECK_PROPERTY_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
PREFIXES = [b"", b"\xef\xbb\xbf", codecs.BOM_UTF16_LE, b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss>", b'{"text": "',
            b"<html><body><p>", b"\n" * 5000, b"\x1f\x8b"]


@PROPERTY
@given(name=st.sampled_from(SUFFIXES), prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000),
       gz=st.booleans())
def test_random_bytes_never_escape_any_reader(tmp_path_factory, name, prefix, body, gz):
    p = tmp_path_factory.mktemp("bytes") / name
    data = prefix + body
    p.write_bytes(gzip.compress(data) if gz else data)
    _read_all(_reader(), p)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "text", "title", "published", "outlet", "url", "language", "author", "x"]) | st.text(max_size=5),
                        inner, max_size=6), max_leaves=30)


@PROPERTY
@given(records=st.lists(JSON, min_size=1, max_size=5), encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_random_json_never_escapes_and_every_line_is_accounted_for(tmp_path_factory, records, encoding):
    folder = tmp_path_factory.mktemp("json")
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (folder / "a.jsonl").write_bytes(("\n".join(lines) + "\n").encode(encoding, errors="surrogatepass"))
    (folder / "b.json").write_bytes(json.dumps(records, ensure_ascii=False).encode(encoding, errors="surrogatepass"))
    items = _read_all(_reader(), folder / "a.jsonl")
    assert len(items) == len(lines)  # one article or one problem per record
    _read_all(_reader(), folder / "b.json")
    stream = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass"))
    assert len(list(read_jsonl_stream(stream, "mem", 100))) == len(lines)


TAGS = st.sampled_from(["p", "div", "article", "h1", "script", "nav", "table", "td", "a", "meta", "title", "body",
                        "html", "head", "!--", "![CDATA[", "svg", "math", "br"])
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
HTML = st.recursive(WORDS, lambda inner: st.builds(lambda t, kids, attr: f"<{t} {attr}>" + "".join(kids) + f"</{t}>",
                                                   TAGS, st.lists(inner, max_size=4), st.sampled_from(["", 'charset="utf-16"', "lang=x", '"'])),
                    max_leaves=25)


@PROPERTY
@given(page=HTML, charset=st.sampled_from(["utf-8", "utf-16", "latin-1", "nonsense", "utf-7"]))
def test_random_html_never_escapes(tmp_path_factory, page, charset):
    p = tmp_path_factory.mktemp("html") / "a.html"
    p.write_bytes(f'<html><head><meta charset="{charset}"></head><body>{page}</body></html>'.encode("utf-8", errors="replace"))
    _read_all(_reader(), p)


XML_NAMES = st.sampled_from(["rss", "channel", "item", "link", "title", "feed", "entry", "opml", "body", "outline",
                             "pubDate", "x:y", "description"])
XML = st.recursive(WORDS.map(lambda w: w.replace("<", "&lt;").replace("&", "&amp;")),
                   lambda inner: st.builds(lambda t, kids, attrs: f"<{t}{attrs}>" + "".join(kids) + f"</{t}>",
                                           XML_NAMES, st.lists(inner, max_size=4),
                                           st.sampled_from(["", ' xmlUrl="http://news.example/f"', ' href="http://news.example/a"', ' version="2.0"'])),
                   max_leaves=25)


@PROPERTY
@given(doc=XML, suffix=st.sampled_from(["a.xml", "a.rss", "a.opml", "noext"]), codec=st.sampled_from(["utf-8", "utf-16", "utf-32"]),
       doctype=st.sampled_from(["", '<!DOCTYPE x [<!ENTITY e "x">]>', "<!DOCTYPE html>"]))
def test_random_xml_never_escapes_and_never_reaches_the_network(tmp_path_factory, doc, suffix, codec, doctype):
    p = tmp_path_factory.mktemp("xml") / suffix
    p.write_bytes(f'<?xml version="1.0" encoding="{codec}"?>{doctype}{doc}'.encode(codec))
    items = _read_all(_reader(), p)
    if "ENTITY" in doctype and suffix != "noext":  # read as a feed or an OPML list (without a suffix: as what it looks like)
        assert len(items) == 1 and isinstance(items[0], InputProblem)  # refused, never parsed
        assert items[0].message == errors.XML_ENTITIES or "\x00" in doc  # (a NUL byte: refused as binary first)


WARC_RECORD = st.builds(
    lambda kind, uri, ctype, status, body, cut: (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(body) + 60 + cut}\r\n\r\nHTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n").encode() + body + b"\r\n\r\n",
    st.sampled_from(["response", "request", "warcinfo", "resource", "bogus"]),
    st.sampled_from(["http://news.example/a", "dns:x", "", "https://news.example/b"]),
    st.sampled_from(["text/html; charset=utf-8", "text/html; charset=utf-16", "image/png", ""]),
    st.sampled_from(["200 OK", "404 Not Found", "junk"]),
    st.one_of(st.just(PAGE.encode()), st.binary(max_size=500)), st.integers(-70, 40))


@PROPERTY
@given(records=st.lists(WARC_RECORD, min_size=1, max_size=4), gz=st.booleans(), tail=st.binary(max_size=100))
def test_random_warc_never_escapes(tmp_path_factory, records, gz, tail):
    data = b"".join(gzip.compress(r) if gz else r for r in records) + tail
    p = tmp_path_factory.mktemp("warc") / ("a.warc.gz" if gz else "a.warc")
    p.write_bytes(data)
    _read_all(_reader(), p)
    assert list(read_warc(io.BytesIO(data), "mem", 100_000))


def test_the_cli_never_prints_a_traceback_on_a_folder_of_hostile_inputs(tmp_path):
    """Everything above at once through the real command: one line per skipped input, exit 3, the good ones stored."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "deep.jsonl").write_text("[" * 5000 + "\n" + json.dumps(GOOD) + "\n")
    (d / "blank.txt").write_text("\n" * 5000 + "Fidan said the talks in Istanbul would resume next week, officials said.")
    (d / "u16.txt").write_bytes("Rutte met Trump in Washington on Tuesday to discuss Ukraine.".encode("utf-16"))
    (d / "info.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    os.mkfifo(d / "pipe.txt")
    with open(os.fsencode(d) + b"/\xff.txt", "wb") as fh:
        fh.write(b"The minister said on Monday that six people were killed in the strike on Odesa.")
    db = tmp_path / "h.db"
    r = subprocess.run([sys.executable, "-m", "crosscheck.cli", "--db", str(db), "ingest", str(d)], capture_output=True,
                       text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    skipped = sorted(line.split(":")[0] for line in r.stderr.splitlines() if line.startswith("skipped"))
    assert skipped == [f"skipped {d / 'deep.jsonl'}", f"skipped {d / 'info.warc'}", f"skipped {d / 'pipe.txt'}"]
    with sqlite3.connect(db) as conn:
        ids = sorted(row[0] for row in conn.execute("SELECT id FROM articles"))
    assert ids == ["\\xff", "blank", "good", "u16"]
    shutil.rmtree(d)
