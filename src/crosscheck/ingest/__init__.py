"""Readers that turn files into articles: plain text, JSON Lines and HTML. A folder means every file in it.

:func:`read_inputs` yields an :class:`~crosscheck.model.Article` for each article read and an
:class:`~crosscheck.errors.InputProblem` for each input skipped, so that one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest.decode import DecodeError, decode
from crosscheck.ingest.html import read_html
from crosscheck.ingest.jsonl import read_jsonl
from crosscheck.ingest.text import read_text
from crosscheck.model import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: one object passed down instead of keyword lists."""

    max_bytes: int = DEFAULT_MAX_BYTES


SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".html": "html", ".htm": "html", ".xhtml": "html"}


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]


def _kind(path: Path, text: str) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind:
        return kind
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<"):
        return "html"
    return "text"


def read_path(path: Path, options: ReadOptions = ReadOptions()) -> Iterator[Article | InputProblem]:
    """Articles from one file (never a folder)."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputProblem(name, errors.UNREADABLE.format(detail=exc.strerror or exc))
        return
    if size > options.max_bytes:
        yield InputProblem(name, errors.TOO_LARGE.format(size=size, limit=options.max_bytes))
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield InputProblem(name, errors.UNREADABLE.format(detail=exc.strerror or exc))
        return
    if not raw.strip():
        yield InputProblem(name, errors.EMPTY)
        return
    try:
        text = decode(raw)
    except DecodeError as exc:
        yield InputProblem(name, str(exc))
        return
    kind = _kind(path, text)
    if kind == "jsonl":
        yield from read_jsonl(text, name)
    elif kind == "html":
        yield from read_html(text, name, article_id=path.stem)
    else:
        yield from read_text(text, name, article_id=path.stem)


def read_inputs(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[Article | InputProblem]:
    """Articles from files and folders, in order; problems are yielded, never raised."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield InputProblem(str(path), errors.NOT_FOUND)
            continue
        for f in _files(path):
            yield from read_path(f, options)
