"""HTML pages: body text, title, date and site name with trafilatura."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.model import Article

#: A page whose main text has fewer words is navigation or an error page, not an article.
MIN_WORDS = 15


def read_html(html: str, source: str, article_id: str, url: str | None = None) -> Iterator[Article | InputProblem]:
    try:
        body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True,
                                   deduplicate=True)
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        yield InputProblem(source, errors.UNREADABLE.format(detail=type(exc).__name__))
        return
    if not body or len(body.split()) < MIN_WORDS:
        yield InputProblem(source, errors.NO_BODY)
        return
    yield Article(id=article_id, text=body, title=getattr(meta, "title", None) if meta else None,
                  published=getattr(meta, "date", None) if meta else None,
                  outlet=(getattr(meta, "sitename", None) or None) if meta else None,
                  url=(getattr(meta, "url", None) or url) if meta else url)
