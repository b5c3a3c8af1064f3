"""HTML pages: body text with trafilatura; title, author, site name, canonical URL and publication date from the
page's metadata (trafilatura, then htmldate when trafilatura finds no date)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.model import Article

#: A page whose main text has fewer words is navigation or an error page, not an article.
MIN_WORDS = 15


def url_id(url: str) -> str:
    """A readable, stable article id for a URL: host, last path segment and a short hash of the whole URL."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"\.[a-z]{2,5}$", "", segments[-1] if segments else "")).strip("-")[:60]
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    host = (parts.hostname or "page").removeprefix("www.")
    return "-".join(p for p in (host, slug, digest) if p)


def read_html(html: str, source: str, article_id: str, url: str | None = None, title: str | None = None,
              fallback_published: str | None = None, origin: str | None = None) -> Iterator[Article | InputProblem]:
    """One article from a page; ``title`` and ``fallback_published`` (from a feed entry or a WARC record) are used
    when the page itself has none. ``source`` names the input in problems; the article records ``origin`` (the
    file or URL it was read from), ``source`` when not given."""
    try:
        # deduplicate=False: trafilatura's deduplication remembers paragraphs across calls in a process-wide cache,
        # which would strip the body of the second outlet running the same agency copy
        body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True,
                                   deduplicate=False)
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        yield InputProblem(source, errors.UNREADABLE.format(detail=type(exc).__name__))
        return
    if not body or len(body.split()) < MIN_WORDS:
        yield InputProblem(source, errors.NO_BODY)
        return
    published = getattr(meta, "date", None) or _htmldate(html, url) or fallback_published
    canonical = getattr(meta, "url", None) or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = url
    yield Article(id=article_id, text=body, title=getattr(meta, "title", None) or title, published=published,
                  outlet=getattr(meta, "sitename", None) or None, author=getattr(meta, "author", None) or None,
                  url=canonical, language=None, source=origin or source)


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate, like trafilatura, can fail on broken markup; a missing date is not fatal
        return None
