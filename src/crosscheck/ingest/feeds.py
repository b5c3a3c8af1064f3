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
from crosscheck.ingest.decode import DecodeError, ascii_head, decode, xml_encoding


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
_ENTITY = re.compile(r"<!\s*ENTITY", re.IGNORECASE)


def sniff(raw: bytes) -> str | None:
    """``"feed"``, ``"opml"`` or None, from the document's root element."""
    head = ascii_head(raw).lstrip(b" \t\r\n")
    if not head.startswith(b"<"):
        return None
    m = _ROOT.search(head)
    if m is None or b"<html" in head[: m.start()].lower():
        return None
    return "opml" if m.group(1).lower() == b"opml" else "feed"


#: How an XML document without a byte-order mark starts in UTF-16 and UTF-32 (XML 1.0, appendix F).
_UNMARKED = ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00?\x00", "utf-16-le"),
             (b"\x00<\x00?", "utf-16-be"))
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def _checked_utf8(raw: bytes) -> bytes:
    """The document as UTF-8 bytes after the entity check. It is decoded first (byte-order mark, XML declaration,
    UTF-8, detection), so that the check sees what the parser will see whatever the encoding; the parser is then
    given the checked text re-encoded as UTF-8 with a declaration that says so. Raises :class:`FeedError`."""
    try:
        unmarked = next((codec for start, codec in _UNMARKED if raw.startswith(start)), None)
        text = raw.decode(unmarked, errors="replace") if unmarked else decode(raw, declared=xml_encoding(raw))
    except DecodeError as exc:
        raise FeedError(errors.BAD_FEED.format(detail=str(exc))) from None
    if _ENTITY.search(text):
        raise FeedError(errors.XML_ENTITIES)
    body = _DECLARATION.sub("", text, count=1).lstrip("\ufeff")
    return ('<?xml version="1.0" encoding="utf-8"?>' + body).encode("utf-8", errors="replace")


def parse_feed(raw: bytes, base_url: str | None = None) -> Feed:
    """Entries of an RSS or Atom feed, newest as the feed orders them. Raises :class:`FeedError`."""
    data = _checked_utf8(raw)
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
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
    data = _checked_utf8(raw)
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise FeedError(errors.BAD_FEED.format(detail=type(exc).__name__)) from None
    urls = [o.get("xmlUrl", "").strip() for o in root.iter("outline")]
    urls = [u for u in urls if u]
    if not urls:
        raise FeedError(errors.EMPTY_FEED)
    return urls
