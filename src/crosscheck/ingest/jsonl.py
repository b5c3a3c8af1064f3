"""JSON Lines articles: one ``{"id", "title", "text", "published", "outlet", "url"}`` object per line (the input
schema of ``../shared/eval/README.md``). A broken line is reported with its number; the other lines are read.

Lines are read in bounded pieces: a line over the size limit is skipped without ever being held whole in memory,
and a record nested deeper than :data:`MAX_DEPTH` is refused before the JSON parser sees it.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest.decode import DecodeError, bom_encoding, decode
from crosscheck.model import Article

FIELDS = ("title", "published", "outlet", "url", "language", "author")
#: Deepest nesting of arrays and objects a record may have (an article record needs two or three levels).
MAX_DEPTH = 64
#: Bytes read at a time while skipping the rest of a line over the limit.
SKIP_CHUNK = 1 << 16

_STRUCTURE = re.compile(r'"(?:[^"\\]+|\\.)*"|[\[\]{}]')


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether a JSON text nests arrays and objects more than ``limit`` deep (brackets inside strings do not
    count). Cheap for ordinary records: only a text with more brackets than the limit is scanned."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for m in _STRUCTURE.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > limit:
                return True
        elif c in "]}":
            depth -= 1
    return False


class BadJSON(ValueError):
    """A record that is not valid JSON; the message is one line."""


class TooDeep(BadJSON):
    """A record nested deeper than :data:`MAX_DEPTH`."""


def loads(text: str) -> object:
    """A JSON value, refusing excessive nesting. Raises :class:`BadJSON` (or :class:`TooDeep`) with a one-line
    message."""
    if too_deep(text):
        raise TooDeep(errors.TOO_DEEP.format(limit=MAX_DEPTH))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadJSON(errors.BAD_JSON.format(detail=exc.msg)) from None
    except RecursionError:  # pragma: no cover - too_deep refuses these first
        raise TooDeep(errors.TOO_DEEP.format(limit=MAX_DEPTH)) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise BadJSON(errors.BAD_JSON.format(detail=(str(exc).splitlines() or ["ValueError"])[0][:100])) from None


def read_jsonl(text: str, source: str) -> Iterator[Article | InputProblem]:
    """Records of a JSON Lines text, or of a ``.json`` text holding one object or a list of objects."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped and stripped.count("\n") > 1):
        # a .json file holding one object or a list of objects
        try:
            data = loads(stripped)
        except TooDeep as exc:
            yield InputProblem(source, str(exc))
            return
        except BadJSON:
            data = None
        if isinstance(data, (list, dict)):
            records = data if isinstance(data, list) else [data]
            if not records:
                yield InputProblem(source, errors.EMPTY)
            for k, rec in enumerate(records, 1):
                yield _article(rec, f"{source}#{k}")
            return
    found = False
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 may stand inside a JSON string
        if line.strip():
            found = True
            yield _line(line, f"{source}:{n}")
    if not found:
        yield InputProblem(source, errors.EMPTY)


def bounded_lines(stream: IO[bytes] | IO[str], limit: int) -> Iterator[tuple[int, bytes | str | None, int]]:
    """(line number, line, size) for each line of a stream, reading at most ``limit`` + 1 bytes (characters for a
    text stream) of a line at once: a longer line comes as (number, None, its size) after the rest of it has
    been read past in bounded chunks."""
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        n += 1
        newline = "\n" if isinstance(line, str) else b"\n"
        if len(line) > limit and not line.endswith(newline):  # type: ignore[arg-type]
            size = len(line)
            while True:
                rest = stream.readline(SKIP_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(newline):  # type: ignore[arg-type]
                    break
            yield n, None, size
            continue
        yield n, line, len(line)


def read_jsonl_stream(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[Article | InputProblem]:
    """Records of a JSON Lines file (plain or gzip) read line by line: memory stays bounded whatever the file's or
    a line's size, ``max_bytes`` limits each record, a file in UTF-16 or UTF-32 (with a byte-order mark) is read
    as such, and a truncated gzip file keeps the records before the damage. A file with no record is empty."""
    n = 0
    found = False
    try:
        lines: IO[bytes] | IO[str] = stream
        head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
        codec = bom_encoding(head)
        if codec in ("utf-16", "utf-32"):
            lines = io.TextIOWrapper(stream, encoding=codec, errors="replace", newline="\n")
        for n, raw, size in bounded_lines(lines, max_bytes):
            if raw is not None and not raw.strip():
                continue
            found = True
            where = f"{source}:{n}"
            if raw is None or size > max_bytes:
                yield InputProblem(where, errors.TOO_LARGE.format(size=size, limit=max_bytes))
                continue
            if isinstance(raw, str):
                line = raw.lstrip("\ufeff")
            else:
                try:
                    line = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    try:
                        line = decode(raw)
                    except DecodeError as exc:
                        yield InputProblem(where, str(exc))
                        continue
            yield _line(line, where)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError, UnicodeError) as exc:
        yield InputProblem(source, errors.TRUNCATED.format(done=n, detail=str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__))
        return
    if not found:
        yield InputProblem(source, errors.EMPTY)


def _line(line: str, where: str) -> Article | InputProblem:
    try:
        rec = loads(line)
    except BadJSON as exc:
        return InputProblem(where, str(exc))
    return _article(rec, where)


def _article(rec: object, where: str) -> Article | InputProblem:
    if not isinstance(rec, dict):
        return InputProblem(where, errors.NOT_OBJECT.format(kind=type(rec).__name__))
    body = rec.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputProblem(where, errors.NO_TEXT)
    meta: dict[str, str | None] = {}
    for f in FIELDS:
        v = rec.get(f)
        if v is not None and not isinstance(v, (str, int, float)):
            return InputProblem(where, errors.BAD_FIELD.format(field=f))
        meta[f] = str(v) if v is not None else None
    rid = rec.get("id")
    article_id = str(rid) if isinstance(rid, (str, int)) and str(rid).strip() else where.rsplit("/", 1)[-1].replace(":", "-")
    return Article(id=article_id, text=body, title=meta["title"], published=meta["published"], outlet=meta["outlet"],
                   url=meta["url"], language=meta["language"], author=meta["author"], source=where)
