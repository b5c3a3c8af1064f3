"""Readers that turn inputs into articles: plain text, JSON Lines (plain or gzip), HTML pages, RSS/Atom feeds, OPML
feed lists, WARC archives, and http(s) URLs of pages or feeds. A folder means every file in it.

:func:`read_inputs` yields an :class:`~crosscheck.model.Article` for each article read and an
:class:`~crosscheck.errors.InputProblem` for each input skipped, so that one bad input never stops a batch.
Articles that do not declare a language get the detected one (:mod:`crosscheck.ingest.language`).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest import feeds, guard
from crosscheck.ingest.decode import DecodeError, charset_of, decode, html_charset
from crosscheck.ingest.fetch import Fetched, Fetcher, FetchError, FetchOptions
from crosscheck.ingest.html import read_html, url_id
from crosscheck.ingest.jsonl import read_jsonl, read_jsonl_stream
from crosscheck.ingest.language import detect
from crosscheck.ingest.text import read_text
from crosscheck.ingest.warc import read_warc
from crosscheck.model import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: one object passed down instead of keyword lists."""

    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: FetchOptions = field(default_factory=FetchOptions)


SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".warc": "warc", ".arc": "warc", ".rss": "feed",
            ".atom": "feed", ".xml": "feed", ".opml": "opml"}
GZIP_MAGIC = b"\x1f\x8b"


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]


def _name_kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def _stem(path: Path) -> str:
    return Path(path.name.removesuffix(".gz")).stem


def _sniff(head: bytes) -> str:
    if head.startswith(b"WARC/"):
        return "warc"
    kind = feeds.sniff(head)
    if kind:
        return kind
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"<"):
        return "html"
    return "text"


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == GZIP_MAGIC else path.open("rb")  # type: ignore[return-value]


class Reader:
    """Reads inputs with one fetcher for the whole run (rate limits and robots.txt are kept per host)."""

    def __init__(self, options: ReadOptions = ReadOptions(), fetcher: Fetcher | None = None) -> None:
        self.options = options
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options.fetch, self.options.max_bytes)
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Article | InputProblem]:
        for p in inputs:
            if isinstance(p, str) and is_url(p):
                items: Iterable[Article | InputProblem] = self.read_url(p)
            else:
                path = Path(p)
                if not path.exists():
                    yield InputProblem(str(path), errors.NOT_FOUND)
                    continue
                items = (item for f in _files(path) for item in self.read_path(f))
            for item in items:
                yield _with_language(item) if isinstance(item, Article) else item

    # ---------------------------------------------------------------- files

    def read_path(self, path: Path) -> Iterator[Article | InputProblem]:
        """Articles from one file (never a folder)."""
        name = str(path)
        try:
            with _open(path) as fh:
                head = fh.read(4096)
                kind = _name_kind(path) or _sniff(head)
                streamed = kind in ("jsonl", "warc")  # read record by record below, in constant memory
                raw = head if streamed else head + fh.read(self.options.max_bytes + 1 - len(head))
        except OSError as exc:
            yield InputProblem(name, errors.UNREADABLE.format(detail=exc.strerror or exc))
            return
        except (EOFError, gzip.BadGzipFile) as exc:
            yield InputProblem(name, errors.TRUNCATED.format(done=0, detail=str(exc)[:100]))
            return
        if not head.strip():
            yield InputProblem(name, errors.EMPTY)
            return
        if streamed:
            yield from self._stream(path, kind)
            return
        if len(raw) > self.options.max_bytes:
            yield InputProblem(name, errors.OVER_LIMIT.format(limit=self.options.max_bytes))
            return
        if kind in ("feed", "opml"):
            yield from self._read_feed_document(raw, name, kind, base_url=None)
            return
        try:
            text = decode(raw, declared=html_charset(raw) if kind == "html" else None)
        except DecodeError as exc:
            yield InputProblem(name, str(exc))
            return
        if kind == "json":
            yield from read_jsonl(text, name)
        elif kind == "html":
            yield from read_html(text, name, article_id=_stem(path))
        else:
            yield from read_text(text, name, article_id=_stem(path))

    def _stream(self, path: Path, kind: str) -> Iterator[Article | InputProblem]:
        name = str(path)
        if kind == "warc":
            with path.open("rb") as fh:  # warcio reads gzip members itself
                yield from read_warc(fh, name, self.options.max_bytes)
            return
        with _open(path) as fh:
            yield from read_jsonl_stream(fh, name, self.options.max_bytes)

    # ---------------------------------------------------------------- the web

    def read_url(self, url: str, title: str | None = None, published: str | None = None,
                 pages_only: bool = False, lists: bool = True) -> Iterator[Article | InputProblem]:
        """Articles from a URL: a page is one article; a feed or an OPML list is read entry by entry. Feed entries
        are read as pages only, and the feeds of an OPML list may not be lists again, so nothing recurses."""
        try:
            resp = self.fetcher.get(url)
        except (FetchError, guard.RefusedURL) as exc:
            yield InputProblem(url, str(exc))
            return
        yield from self.read_fetched(resp, title=title, published=published, pages_only=pages_only, lists=lists)

    def read_fetched(self, resp: Fetched, title: str | None = None, published: str | None = None,
                     pages_only: bool = False, lists: bool = True) -> Iterator[Article | InputProblem]:
        kind = feeds.sniff(resp.body) if not pages_only else None
        if kind == "opml" and not lists:
            yield InputProblem(resp.url, errors.NESTED_OPML)
            return
        if kind:
            yield from self._read_feed_document(resp.body, resp.url, kind, base_url=resp.final_url)
            return
        if not resp.body.strip():
            yield InputProblem(resp.url, errors.EMPTY)
            return
        html_type = "html" in resp.content_type or resp.content_type in ("", "text/plain", "application/octet-stream")
        if not html_type or resp.body.lstrip()[:1] != b"<":
            yield InputProblem(resp.url, errors.NOT_HTML.format(content_type=resp.content_type or "no content type"))
            return
        try:
            text = decode(resp.body, declared=resp.charset or html_charset(resp.body))
        except DecodeError as exc:
            yield InputProblem(resp.url, str(exc))
            return
        yield from read_html(text, resp.url, article_id=url_id(resp.final_url), url=resp.final_url, title=title,
                             fallback_published=published)

    def _read_feed_document(self, raw: bytes, name: str, kind: str, base_url: str | None) -> Iterator[Article | InputProblem]:
        try:
            if kind == "opml":
                for feed_url in feeds.parse_opml(raw):
                    yield from self.read_url(feed_url, lists=False)
                return
            feed = feeds.parse_feed(raw, base_url)
        except feeds.FeedError as exc:
            yield InputProblem(name, str(exc))
            return
        for entry in feed.entries:
            if not entry.link:
                yield InputProblem(name, errors.ENTRY_NO_LINK)
                continue
            yield from self.read_url(entry.link, title=entry.title, published=entry.published, pages_only=True)


def _with_language(article: Article) -> Article:
    if article.language:
        return article
    return article.model_copy(update={"language": detect(article.text)})


def read_inputs(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[Article | InputProblem]:
    """Articles from files, folders and URLs, in order; problems are yielded, never raised."""
    reader = Reader(options)
    try:
        yield from reader.read(paths)
    finally:
        reader.close()


__all__ = ["DEFAULT_MAX_BYTES", "Article", "InputProblem", "ReadOptions", "Reader", "charset_of", "is_url", "read_inputs"]
