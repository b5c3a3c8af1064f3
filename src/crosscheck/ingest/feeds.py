"""RSS and Atom feeds (feedparser) and OPML feed lists (defusedxml).

A document that declares XML entities is refused before any parser sees it: no news feed needs them and they are
how entity-expansion ("billion laughs") attacks work.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import feedparser
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from crosscheck import errors


class FeedError(ValueError):
    """A document that is not a usable feed; the message is one line."""


@dataclass(frozen=True)
class FeedEntry:
    link: str | None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


_ROOT = re.compile(rb"<\s*(rss|feed|rdf:RDF|opml)\b", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def sniff(raw: bytes) -> str | None:
    """``"feed"``, ``"opml"`` or None, from the document's root element."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    m = _ROOT.search(head)
    if m is None or b"<html" in head[: m.start()].lower():
        return None
    return "opml" if m.group(1).lower() == b"opml" else "feed"


def _refuse_entities(raw: bytes) -> None:
    if _ENTITY.search(raw):
        raise FeedError(errors.XML_ENTITIES)


def parse_feed(raw: bytes, base_url: str | None = None) -> Feed:
    """Entries of an RSS or Atom feed, newest as the feed orders them. Raises :class:`FeedError`."""
    _refuse_entities(raw)
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(raw, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        detail = type(parsed.get("bozo_exception")).__name__ if parsed.get("bozo") else "no feed element"
        raise FeedError(errors.BAD_FEED.format(detail=detail))
    if not parsed.entries:
        raise FeedError(errors.EMPTY_FEED)
    entries = []
    for e in parsed.entries:
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        entries.append(FeedEntry(link=(e.get("link") or "").strip() or None, title=e.get("title") or None, published=published))
    return Feed(title=parsed.feed.get("title") or None, entries=tuple(entries))


def parse_opml(raw: bytes) -> list[str]:
    """The feed URLs of an OPML list (every ``outline`` with an ``xmlUrl``). Raises :class:`FeedError`."""
    _refuse_entities(raw)
    try:
        root = SafeET.fromstring(raw)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise FeedError(errors.BAD_FEED.format(detail=type(exc).__name__)) from None
    urls = [o.get("xmlUrl", "").strip() for o in root.iter("outline")]
    urls = [u for u in urls if u]
    if not urls:
        raise FeedError(errors.EMPTY_FEED)
    return urls
