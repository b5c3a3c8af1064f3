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


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputProblem]:
    records = 0
    try:
        for record in ArchiveIterator(stream, check_digests=False):
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
            try:
                text = decode(raw, declared=charset_of(content_type))
            except DecodeError as exc:
                yield InputProblem(where, str(exc))
                continue
            crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            yield from read_html(text, where, article_id=url_id(uri), url=uri, fallback_published=crawled)
    except ArchiveLoadFailed as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if records == 0:
            yield InputProblem(source, errors.BAD_WARC.format(detail=detail))
        else:
            yield InputProblem(source, errors.TRUNCATED.format(done=records, detail=detail))
    except (EOFError, zlib.error, OSError, ValueError) as exc:
        yield InputProblem(source, errors.TRUNCATED.format(done=records, detail=type(exc).__name__))

