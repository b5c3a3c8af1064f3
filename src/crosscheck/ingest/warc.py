"""Web archives: WARC and WARC.gz files (warcio), such as Common Crawl's CC-NEWS.

Records are streamed one at a time, so memory stays constant whatever the archive's size. Only HTTP responses with
status 200 and an HTML content type become articles; request, metadata, warcinfo, resource and DNS records are
passed over. A truncated or corrupt archive yields the articles before the damage and one problem naming it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.ingest.decode import DecodeError, charset_of, decode
from crosscheck.ingest.html import read_html, url_id
from crosscheck.model import Article


def _looks_like_warc(stream: BinaryIO) -> bool:
    head = stream.read(4096)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _size(stream: BinaryIO) -> int | None:
    try:
        size = stream.seek(0, 2)
        stream.seek(0)
        return size
    except (OSError, AttributeError):
        return None


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputProblem]:
    """Articles from a seekable WARC stream (plain or gzip). A record cut short by the end of the file is never
    passed on: it ends the archive with one problem."""
    if not _looks_like_warc(stream):
        yield InputProblem(source, errors.BAD_WARC.format(detail="it does not start with a WARC record"))
        return
    size = _size(stream)
    records = 0
    iterator = ArchiveIterator(stream, check_digests=False)
    try:
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
                return
        yield InputProblem(source, errors.TRUNCATED.format(done=records, detail="the last record is cut short"))
    except ArchiveLoadFailed as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        yield InputProblem(source, errors.TRUNCATED.format(done=records, detail=detail))
    except (EOFError, zlib.error, OSError, ValueError) as exc:
        yield InputProblem(source, errors.TRUNCATED.format(done=records, detail=type(exc).__name__))
