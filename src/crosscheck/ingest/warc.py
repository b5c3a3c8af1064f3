"""Web archives: WARC and WARC.gz files (warcio), such as Common Crawl's CC-NEWS.

Records are streamed one at a time, so memory stays bounded whatever the archive's size: the archive is
decompressed here (gzip member by member) and handed to warcio through a stream that refuses a line longer than
the limit, so that a small file expanding to one huge header line cannot fill the memory. Only HTTP responses with
status 200 and an HTML content type become articles; request, metadata, warcinfo, resource and DNS records are
passed over, and an archive without any HTML page is reported. A truncated or corrupt archive yields the articles
before the damage and one problem naming it.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest.decode import DecodeError, charset_of, decode
from crosscheck.ingest.html import read_html, url_id
from crosscheck.model import Article

#: A line (a run of bytes without a line break) longer than this ends the archive, whatever ``max_bytes`` is.
MIN_LINE_LIMIT = 1 << 20


class LineTooLong(OSError):
    """The archive holds a run of bytes without a line break over the limit."""


class CutShort(OSError):
    """The compressed archive ends inside a gzip member."""


class _Capped(io.RawIOBase):
    """A read-only stream that passes bytes through and raises :class:`LineTooLong` when a run without a line
    break exceeds ``limit``; it counts the bytes read so far."""

    def __init__(self, inner: BinaryIO, limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self._run = 0
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            # read1: one gzip member's bytes at a time, so that the members before a damaged one are passed on
            data = self._inner.read1(len(buffer))
        except EOFError as exc:  # warcio takes an EOFError for the regular end of the archive
            raise CutShort(str(exc) or "the file ends inside a gzip member") from None
        n = len(data)
        buffer[:n] = data
        self.offset += n
        cut = data.rfind(b"\n")
        self._run = n - cut - 1 if cut >= 0 else self._run + n
        if self._run > self._limit:
            raise LineTooLong(f"a line of more than {self._limit:,} bytes")
        return n


def _looks_like_warc(stream: BinaryIO) -> bool:
    head = stream.read(16)
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputProblem]:
    """Articles from a WARC stream (plain or gzip, opened at its start). A record cut short by the end of the file
    is never passed on: it ends the archive with one problem; so does anything warcio cannot parse."""
    head = stream.read(2)
    stream.seek(0)
    gz = head == b"\x1f\x8b"
    plain: BinaryIO = gzip.GzipFile(fileobj=stream, mode="rb") if gz else stream  # type: ignore[assignment]
    try:
        ok = _looks_like_warc(plain)
        plain.seek(0)
    except (OSError, EOFError) as exc:
        ok = False
        detail = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        yield InputProblem(source, errors.BAD_WARC.format(detail=detail))
        return
    if not ok:
        yield InputProblem(source, errors.BAD_WARC.format(detail="it does not start with a WARC record"))
        return
    size = None if gz else _size(stream)
    capped = _Capped(plain, max(max_bytes, MIN_LINE_LIMIT))
    records = 0
    found = 0
    try:
        iterator = ArchiveIterator(capped, check_digests=False)
        for record in iterator:
            records += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if not uri.startswith(("http://", "https://")) or record.http_headers.get_statuscode() != "200":
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            found += 1
            where = f"{source}#{uri}"
            raw = record.content_stream().read(max_bytes + 1)
            if len(raw) > max_bytes:
                yield InputProblem(where, errors.OVER_LIMIT.format(limit=max_bytes))
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
                break
            try:
                text = decode(raw, declared=charset_of(content_type))
            except DecodeError as exc:
                yield InputProblem(where, str(exc))
                continue
            crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            yield from read_html(text, where, article_id=url_id(uri), url=uri, fallback_published=crawled, origin=uri)
        else:
            if size is None or iterator.offset >= size:
                if not found:
                    yield InputProblem(source, errors.NO_HTML_RESPONSES)
                return
        yield InputProblem(source, errors.TRUNCATED.format(done=records, detail="the last record is cut short"))
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged archives; one problem names it
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if isinstance(exc, CutShort | EOFError | zlib.error):
            yield InputProblem(source, errors.TRUNCATED.format(done=records, detail=detail))
        else:
            yield InputProblem(source, errors.BAD_WARC.format(detail=f"{detail}, after {records} records"))


def _size(stream: BinaryIO) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        try:
            size = stream.seek(0, 2)
            stream.seek(0)
            return size
        except (OSError, AttributeError):
            return None
