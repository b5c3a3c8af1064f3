"""The ground the views stand on: records and pages, identities and labels, not-found, caches."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel

from crosscheck.model import (
    Actor,
    Article,
)
from crosscheck.store import MARK_END, MARK_START, Store, StoredArticle
from crosscheck.store.keys import actor_key  # the store keys its actor-events index by it

T = TypeVar("T")

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
MAX_LIMIT = 500


class View(BaseModel):
    """Base of the view records: plain data, JSON out as is."""


class Page(View, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit`` of them, out of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(items: list, total: int, limit: int, offset: int) -> Page:
    return Page(items=items, total=total, limit=limit, offset=offset)


def window(rows: list, limit: int, offset: int) -> Page:
    return page_of(rows[offset:offset + limit], len(rows), limit, offset)


# ------------------------------------------------------------------ identity and labels


def key_of(actor: Actor) -> str:
    return actor_key(actor.name, actor.kind)


def cooperative(event_type: str) -> bool:
    return event_type in COOPERATIVE


def safe_link(url: str | None) -> str | None:
    """The URL if a browser may follow it (http or https), else None: ``javascript:`` and ``data:`` stay text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def source_label(meta: StoredArticle | Article | None, article_id: str) -> str:
    """What a page calls a source: its outlet, else its web host, else its id."""
    m = meta.meta if isinstance(meta, StoredArticle) else meta
    if m is not None and m.outlet:
        return m.outlet
    if m is not None and safe_link(m.url):
        return urlsplit(m.url or "").hostname or article_id
    return article_id


def marked(text: str) -> list[tuple[str, bool]]:
    """A snippet with the store's match marks as (text, matched) pieces, for a page to escape and mark."""
    out: list[tuple[str, bool]] = []
    for k, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        if part:
            out.append((part, k % 2 == 1))
    return out


class NotFound(KeyError):
    """No stored record of this kind with this id (the API answers 404)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(key)
        self.kind, self.key = kind, key

    def __str__(self) -> str:
        return f"no {self.kind} {self.key!r}"


def clamp(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


# ------------------------------------------------------------------ caches keyed by the store's fingerprint


class Cache:
    """A small LRU of values derived from a store. ``per_state``: dropped whole when the store's fingerprint changes
    (views over everything stored); otherwise the key must say what the value depends on (a story's brief depends
    on its articles only, so it is keyed by them and outlives new ingests)."""

    def __init__(self, size: int, per_state: bool = True) -> None:
        self.size, self.per_state = size, per_state
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.prints: dict[str, tuple] = {}

    def get(self, store: Store, key: tuple, make: Callable[[], T], fingerprint: tuple | None = None) -> T:
        full = (store.url, *key)
        with self.lock:
            if self.per_state:
                fp = fingerprint if fingerprint is not None else store.fingerprint()
                if self.prints.get(store.url) != fp:
                    self.prints[store.url] = fp
                    for k in [k for k in self.items if k[0] == store.url]:
                        del self.items[k]
            if full in self.items:
                self.items.move_to_end(full)
                return self.items[full]  # type: ignore[return-value]
        value = make()
        with self.lock:
            self.items[full] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


