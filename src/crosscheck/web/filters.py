"""Jinja2 filters of the pages: formatting only (links to records, percentages, date spans), no queries."""

from __future__ import annotations

from urllib.parse import quote

from crosscheck.model import Evidence
from crosscheck.views import safe_link


def article_href(article_id: str, start: int | None = None) -> str:
    """The article page, opened at the sentence or record starting at ``start``."""
    return f"/articles/{quote(article_id, safe='')}" + (f"#c-{start}" if start is not None else "")


def evidence_href(ev: Evidence) -> str:
    return article_href(ev.article, ev.start)


def pct(value: float) -> str:
    return f"{value:.0%}"


def span(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "undated"
    if first == last or not last:
        return first or ""
    if not first:
        return last
    return f"{first} – {last}"


def clip(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def path_part(value: str) -> str:
    return quote(value, safe="")


FILTERS = {"article_href": article_href, "evidence_href": evidence_href, "pct": pct, "span": span, "clip": clip,
           "safe_link": safe_link, "path_part": path_part}
