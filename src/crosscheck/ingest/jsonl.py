"""JSON Lines articles: one ``{"id", "title", "text", "published", "outlet", "url"}`` object per line (the input
schema of ``../shared/eval/README.md``). A broken line is reported with its number; the other lines are read."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest.decode import DecodeError, decode
from crosscheck.model import Article

FIELDS = ("title", "published", "outlet", "url", "language", "author")


def read_jsonl(text: str, source: str) -> Iterator[Article | InputProblem]:
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped and stripped.count("\n") > 1):
        # a .json file holding one object or a list of objects
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, (list, dict)):
            records = data if isinstance(data, list) else [data]
            for k, rec in enumerate(records, 1):
                yield _article(rec, f"{source}#{k}")
            return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _line(line, f"{source}:{n}")


def read_jsonl_stream(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputProblem]:
    """Records of a JSON Lines file (plain or gzip) read line by line: memory stays constant whatever the file's
    size, ``max_bytes`` limits each record, and a truncated gzip file keeps the records before the damage."""
    n = 0
    try:
        for n, raw in enumerate(stream, 1):  # noqa: B007 - n is reported when the stream breaks
            if not raw.strip():
                continue
            where = f"{source}:{n}"
            if len(raw) > max_bytes:
                yield InputProblem(where, errors.TOO_LARGE.format(size=len(raw), limit=max_bytes))
                continue
            try:
                line = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    line = decode(raw)
                except DecodeError as exc:
                    yield InputProblem(where, str(exc))
                    continue
            yield _line(line, where)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        yield InputProblem(source, errors.TRUNCATED.format(done=n, detail=str(exc).splitlines()[0][:100] or type(exc).__name__))


def _line(line: str, where: str) -> Article | InputProblem:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(where, errors.BAD_JSON.format(detail=exc.msg))
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
