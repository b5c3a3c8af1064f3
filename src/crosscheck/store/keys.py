"""Keys the store derives from an extraction: an actor's cross-article identity, and the rows of the actor-events
index (one per event and actor taking part) that answer an actor's timeline without reading every extraction."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any


def actor_key(name: str, kind: str) -> str:
    """The cross-article identity of an actor: its kind and its name folded (``person:mark-rutte``)."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+", "-", folded).strip("-_") or "unnamed"
    return f"{kind}:{slug}"


def event_day(event: Mapping[str, Any], published: str | None) -> str | None:
    """The day an event is placed at in a timeline: its own date, else the start of its range, else the article's
    publication date (None: undated, last)."""
    rng = event.get("date_range")
    return event.get("date") or (rng[0] if rng else None) or published or None


def actor_event_rows(article_id: str, published: str | None, actors: Iterable[Mapping[str, Any]],
                     events: Iterable[Mapping[str, Any]]) -> list[dict]:
    """The actor-events rows of one extraction (its actors and events as plain JSON objects): an event with two
    actors and one recipient gives three rows, in the order the event names them; an actor named twice on one side
    counts once. Each row holds the actor's name as the article gives it, the event's position in the
    extraction's list of events and the event itself as JSON (a page of a timeline reads these rows only, never a
    whole extraction)."""
    known = {a["id"]: (actor_key(a["name"], a["kind"]), a["name"]) for a in actors}
    rows = []
    for position, ev in enumerate(events):
        day = event_day(ev, published)
        event_json = json.dumps(ev, ensure_ascii=False, separators=(",", ":"))
        seen: set[tuple[str, str]] = set()
        for role, ids in (("actor", ev.get("actor") or ()), ("recipient", ev.get("recipient") or ())):
            for i in ids:
                key, name = known.get(i, (None, None))
                if key is not None and (key, role) not in seen:
                    seen.add((key, role))
                    rows.append(dict(actor=key, name=name, day=day, article_id=article_id, event_id=ev["id"],
                                     position=position, role=role, event=event_json))
    return rows


def actor_article_rows(article_id: str, actors: Iterable[Mapping[str, Any]]) -> list[dict]:
    """The actor-articles rows of one extraction (its actors as plain JSON objects): one per actor identity the
    article names, in the order of first naming, whatever its part in the article (an actor's page reads the
    extractions of its articles alone)."""
    keys = dict.fromkeys(actor_key(a["name"], a["kind"]) for a in actors)
    return [dict(actor=k, article_id=article_id) for k in keys]
