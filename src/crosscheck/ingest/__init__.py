"""Readers that turn inputs into articles: plain text, JSON Lines (plain or gzip), HTML pages, RSS/Atom feeds, OPML
feed lists, WARC archives, and http(s) URLs of pages or feeds. A folder means every file in it.

:func:`read_inputs` yields an :class:`~crosscheck.model.Article` for each article read and an
:class:`~crosscheck.errors.InputProblem` for each input skipped, so that one bad input never stops a batch.
Articles that do not declare a language get the detected one (:mod:`crosscheck.ingest.language`).
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from crosscheck import errors
from crosscheck.defaults import DEFAULT_MAX_BYTES
from crosscheck.errors import InputProblem
from crosscheck.ingest import feeds, guard
from crosscheck.ingest.decode import DecodeError, ascii_head, bom_encoding, charset_of, decode, html_charset
from crosscheck.ingest.fetch import Fetched, Fetcher, FetchError, FetchOptions
from crosscheck.ingest.html import read_html, url_id
from crosscheck.ingest.jsonl import read_jsonl, read_jsonl_stream
from crosscheck.ingest.language import detect
from crosscheck.ingest.text import read_text
from crosscheck.ingest.warc import read_warc
from crosscheck.model import Article
from crosscheck.paths import display_path, is_url


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: one object passed down instead of keyword lists."""

    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: FetchOptions = field(default_factory=FetchOptions)


SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".warc": "warc", ".arc": "warc", ".rss": "feed",
            ".atom": "feed", ".xml": "feed", ".opml": "opml"}
GZIP_MAGIC = b"\x1f\x8b"


def _walk(folder: Path) -> Iterator[Path | InputProblem]:
    """Every file under a folder (hidden files and folders left out), in sorted order, and a problem for each
    folder that cannot be read. Symbolic links to folders are followed once (a link loop is not); the walk keeps
    its own stack, so that no depth of folders exhausts Python's recursion limit."""
    found: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(current) as entries:
                children = [(e.name, e.is_dir()) for e in entries]
        except OSError as exc:
            problems.append(InputProblem(display_path(current), errors.UNREADABLE_FOLDER.format(detail=exc.strerror or exc)))
            continue
        for name, is_dir in children:
            if name.startswith("."):
                continue
            (stack if is_dir else found).append(current / name)
    yield from problems
    yield from sorted(found)


def _name_kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def _stem(path: Path) -> str:
    return Path(path.name.removesuffix(".gz")).stem


def _sniff(head: bytes) -> str:
    """The kind of a file from its first non-blank bytes (see :func:`_head`)."""
    if head.startswith(b"WARC/"):
        return "warc"
    kind = feeds.sniff(head)
    if kind:
        return kind
    stripped = head.lstrip(b" \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"<"):
        return "html"
    return "text"


#: Blank bytes read past at most at the start of a file to find what kind of file it is.
SNIFF_LIMIT = 1 << 20


def _head(fh: BinaryIO, limit: int = SNIFF_LIMIT) -> bytes:
    """Up to 4 KiB of a file's first non-blank bytes (as UTF-8 for a UTF-16 or UTF-32 file with a byte-order
    mark), reading past at most ``limit`` bytes of blank lines; empty when there are none."""
    buf = fh.read(4096)
    if bom_encoding(buf) in ("utf-16", "utf-32"):
        return ascii_head(buf + fh.read(16384)).lstrip()
    buf = buf.removeprefix(b"\xef\xbb\xbf").lstrip()
    read = len(buf)
    while len(buf) < 4096 and read < limit:
        chunk = fh.read(65536)
        if not chunk:
            break
        read += len(chunk)
        buf = (buf + chunk).lstrip()
    return buf[:4096]


class NotRegularFile(OSError):
    """A path that is a pipe, a device or a socket: reading it could block forever or never end."""


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, refusing anything but a regular file. It is opened without blocking (a named
    pipe with no writer would block the open itself) and checked on the open descriptor, so that a file swapped
    for a pipe in between is refused too. Raises :class:`NotRegularFile` or :class:`OSError`."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errors.NOT_REGULAR.format(kind=_kind_of(mode)))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def _open(path: Path) -> Iterator[BinaryIO]:
    """A regular file (see :func:`open_regular`), decompressed when it is gzip; both closed at the end."""
    with open_regular(path) as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic != GZIP_MAGIC:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
            yield gz  # type: ignore[misc]


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
        """Articles and problems from files, folders and URLs, in order."""
        for p in inputs:
            if isinstance(p, str) and is_url(p):
                items: Iterable[Article | InputProblem] = self.read_url(p)
            else:
                path = Path(p)
                try:
                    exists, folder = os.path.lexists(path), path.is_dir()
                except (OSError, ValueError) as exc:  # a NUL byte in the name, a name too long
                    yield InputProblem(display_path(path), errors.UNREADABLE.format(detail=getattr(exc, "strerror", None) or exc))
                    continue
                if not exists:
                    yield InputProblem(display_path(path), errors.NOT_FOUND)
                    continue
                items = self._read_tree(path) if folder else self.read_path(path)
            for item in items:
                yield _clean(item) if isinstance(item, Article) else item

    def _read_tree(self, folder: Path) -> Iterator[Article | InputProblem]:
        for f in _walk(folder):
            if isinstance(f, InputProblem):
                yield f
            else:
                yield from self.read_path(f)

    # ---------------------------------------------------------------- files

    def read_path(self, path: Path) -> Iterator[Article | InputProblem]:
        """Articles from one file (never a folder); a pipe, device or socket is refused, blank lines before the
        content are read past, JSON Lines and WARC files are streamed record by record."""
        name = display_path(path)
        try:
            with _open(path) as fh:
                kind = _name_kind(path)
                head = _head(fh)
                kind = kind or _sniff(head)
                fh.seek(0)
                if kind == "warc" and not head:
                    yield InputProblem(name, errors.EMPTY)
                    return
                if kind in ("jsonl", "warc"):  # read record by record, in bounded memory
                    yield from self._stream(fh, name, kind)
                    return
                raw = fh.read(self.options.max_bytes + 1)
        except NotRegularFile as exc:
            yield InputProblem(name, str(exc))
            return
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield InputProblem(name, errors.TRUNCATED.format(done=0, detail=str(exc)[:100] or type(exc).__name__))
            return
        except OSError as exc:
            yield InputProblem(name, errors.UNREADABLE.format(detail=exc.strerror or exc))
            return
        if len(raw) > self.options.max_bytes:
            yield InputProblem(name, errors.OVER_LIMIT.format(limit=self.options.max_bytes))
            return
        if not raw.strip():
            yield InputProblem(name, errors.EMPTY)
            return
        if kind in ("feed", "opml"):
            yield from self._read_feed_document(raw, name, kind, base_url=None)
            return
        try:
            text = decode(raw, declared=html_charset(raw) if kind == "html" else None)
        except DecodeError as exc:
            yield InputProblem(name, str(exc))
            return
        stem = display_path(_stem(path))
        if kind == "json":
            yield from read_jsonl(text, name)
        elif kind == "html":
            yield from read_html(text, name, article_id=stem)
        else:
            yield from read_text(text, name, article_id=stem)

    def _stream(self, fh: BinaryIO, name: str, kind: str) -> Iterator[Article | InputProblem]:
        if kind == "warc":
            raw = getattr(fh, "fileobj", None) or fh  # warc.read_warc decompresses gzip members itself
            raw.seek(0)
            yield from read_warc(raw, name, self.options.max_bytes)
            return
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
        if not html_type or ascii_head(resp.body).lstrip()[:1] != b"<":
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


def clean_text(value: str) -> str:
    """Text that every store and terminal accepts: NUL characters and lone surrogates (what a JSON ``\\ud800``
    or an undecodable file name leaves) become U+FFFD, one for one, so that offsets into the text stay right."""
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    return value


def _clean(article: Article) -> Article:
    """The article with clean strings (:func:`clean_text`) and its detected language when it declares none."""
    update: dict[str, str | None] = {}
    for key, value in article.model_dump(exclude={"language"}).items():
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned is not value:
                update[key] = cleaned
    if not article.language:
        update["language"] = detect(update.get("text") or article.text)
    elif clean_text(article.language) is not article.language:
        update["language"] = clean_text(article.language)
    return article.model_copy(update=update) if update else article


def read_inputs(paths: Iterable[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[Article | InputProblem]:
    """Articles from files, folders and URLs, in order; problems are yielded, never raised."""
    reader = Reader(options)
    try:
        yield from reader.read(paths)
    finally:
        reader.close()


__all__ = ["DEFAULT_MAX_BYTES", "Article", "InputProblem", "ReadOptions", "Reader", "charset_of", "clean_text", "display_path",
           "is_url", "open_regular", "read_inputs"]
