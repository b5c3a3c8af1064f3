"""Actors, events and quotes across the store: the index built from every extraction, and the views over it."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from crosscheck.store import Store
from crosscheck.views.base import Cache, NotFound, Page, actor_key, clamp, cooperative, window
from crosscheck.views.records import ActorDetail, ActorRef, ActorSummary, Coverage, EventRow, QuoteRow, StoryRef

# ------------------------------------------------------------------ actors, events and quotes across the store


_indexes = Cache(4)
#: actors' pages, each read from its actor's articles
_details = Cache(64)


class RecordIndex:
    """Actors (by :func:`actor_key`), events and quotes of every stored extraction, for the cross-article views."""

    def __init__(self) -> None:
        self.actors: dict[str, ActorSummary] = {}
        self.names: dict[str, Counter[str]] = defaultdict(Counter)
        self.actor_articles: dict[str, set[str]] = defaultdict(set)
        self.events: list[EventRow] = []
        self.quotes: list[QuoteRow] = []
        self.as_actor: dict[str, list[int]] = defaultdict(list)
        self.as_recipient: dict[str, list[int]] = defaultdict(list)
        self.by_speaker: dict[str, list[int]] = defaultdict(list)
        self.countries: dict[str, str | None] = {}
        self.quote_texts: list[str] = []
        self.by_type: dict[str, list[int]] = defaultdict(list)
        self.quotes_of: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def build(cls, store: Store) -> RecordIndex:
        """Reads the actors, events and quotes of every extraction once, as plain JSON (reading and validating
        whole extractions, claims and all, took most of the time)."""
        published = {m.meta.id: m.meta.published for m in store.list_articles()}
        return cls.from_parts(store.iter_extraction_parts(("actors", "events", "quotes")), published)

    @classmethod
    def from_parts(cls, parts: Iterable[tuple[str, list[str]]], published: dict[str, str | None]) -> RecordIndex:
        """The index of these extractions' parts ((article id, [actors, events, quotes] as JSON text), in article
        order) with their articles' publication dates: of every extraction (:meth:`build`), or of one actor's
        articles (:func:`actor_detail`), which gives that actor the same record as the whole store's index."""
        idx = cls()
        countries: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, str] = {}
        sectors: dict[str, Counter[str]] = defaultdict(Counter)
        roles: dict[str, dict[str, None]] = defaultdict(dict)
        for aid, (actors, events, quotes) in parts:
            pub = published.get(aid)
            refs: dict[str, ActorRef] = {}
            for x in json.loads(actors):
                k = actor_key(x["name"], x["kind"])
                refs[x["id"]] = ActorRef.model_construct(id=k, name=x["name"])
                idx.names[k][x["name"]] += max(1, len(x.get("mentions") or ()))
                idx.actor_articles[k].add(aid)
                kinds[k] = x["kind"]
                if x.get("country"):
                    countries[k][x["country"]] += 1
                if x.get("sector"):
                    sectors[k][x["sector"]] += 1
                roles[k].update(dict.fromkeys(x.get("roles") or ()))
            for ev in json.loads(events):
                row = EventRow.model_construct(
                    article=aid, published=pub, event=ev["id"], type=ev["type"], cooperative=cooperative(ev["type"]),
                    cameo=ev.get("cameo"), mode=ev.get("mode"), actors=[refs[i] for i in ev.get("actor", []) if i in refs],
                    recipients=[refs[i] for i in ev.get("recipient", []) if i in refs], date=ev.get("date"),
                    date_range=ev.get("date_range"), location=ev.get("location"), negated=bool(ev.get("negated")),
                    modality=ev.get("modality", "asserted"), text=ev["text"], start=ev["start"], end=ev["end"])
                n = len(idx.events)
                idx.events.append(row)
                for r in row.actors:
                    idx.as_actor[r.id].append(n)
                for r in row.recipients:
                    idx.as_recipient[r.id].append(n)
            for row_q in quote_rows(aid, pub, refs, quotes):
                if row_q.speaker is not None:
                    idx.by_speaker[row_q.speaker.id].append(len(idx.quotes))
                idx.quotes.append(row_q)
        idx._in_order()
        for k, names in idx.names.items():
            country = countries[k].most_common(1)[0][0] if countries[k] else None
            idx.countries[k] = country
            idx.actors[k] = ActorSummary.model_construct(
                id=k, name=names.most_common(1)[0][0], kind=kinds[k], country=country,
                sector=sectors[k].most_common(1)[0][0] if sectors[k] else None, roles=list(roles[k]),
                articles=len(idx.actor_articles[k]),
                events=len(set(idx.as_actor.get(k, [])) | set(idx.as_recipient.get(k, []))),
                quotes=len(idx.by_speaker.get(k, [])))
        return idx


    def _in_order(self) -> None:
        """Events in date order and quotes in publication order, once, so that no request sorts them."""
        ev_order = sorted(range(len(self.events)), key=lambda i: (_when(self.events[i]), self.events[i].article,
                                                                  self.events[i].start))
        q_order = sorted(range(len(self.quotes)), key=lambda i: (self.quotes[i].published or "", self.quotes[i].article,
                                                                 self.quotes[i].start))
        ev_pos = {old: new for new, old in enumerate(ev_order)}
        q_pos = {old: new for new, old in enumerate(q_order)}
        self.events = [self.events[i] for i in ev_order]
        self.quotes = [self.quotes[i] for i in q_order]
        for table, pos in ((self.as_actor, ev_pos), (self.as_recipient, ev_pos), (self.by_speaker, q_pos)):
            for k, ids in table.items():
                table[k] = sorted(pos[i] for i in ids)
        self.quote_texts = [q.text.casefold() for q in self.quotes]
        self.by_type = defaultdict(list)
        for n, e in enumerate(self.events):
            self.by_type[e.type].append(n)
        self.quotes_of = defaultdict(list)
        for n, q in enumerate(self.quotes):
            self.quotes_of[q.article].append(n)


def actor_refs(actors: str) -> dict[str, ActorRef]:
    """An extraction's actors (its JSON text) by their ids in the article, as cross-article references."""
    return {x["id"]: ActorRef.model_construct(id=actor_key(x["name"], x["kind"]), name=x["name"]) for x in json.loads(actors)}


def quote_rows(article: str, published: str | None, refs: dict[str, ActorRef], quotes: str) -> list[QuoteRow]:
    """An extraction's quotes (its JSON text) as rows, in its order, each with its speaker's reference (``refs``:
    :func:`actor_refs`)."""
    out = []
    for q in json.loads(quotes):
        out.append(QuoteRow.model_construct(article=article, published=published, quote=q["id"],
                                            speaker=refs.get(q.get("speaker") or ""), speaker_text=q.get("speaker_text"),
                                            text=q["text"], direct=q.get("direct", True), cue=q.get("cue"),
                                            start=q["start"], end=q["end"]))
    return out


def record_index(store: Store) -> RecordIndex:
    """The index of actors, events and quotes for the store as it is now (built on first use after a change)."""
    return _indexes.get(store, ("index",), lambda: RecordIndex.build(store))


def _when(row: EventRow) -> str:
    return row.date or (row.date_range[0] if row.date_range else None) or row.published or "9999"


def list_actors(store: Store, q: str | None = None, kind: str | None = None, country: str | None = None,
                limit: int = 50, offset: int = 0) -> Page[ActorSummary]:
    """Actors across articles, most written about first; ``q`` matches a part of a name, case-folded."""
    limit, offset = clamp(limit, offset)
    idx = record_index(store)
    rows = list(idx.actors.values())
    if q:
        needle = q.casefold()
        rows = [a for a in rows if any(needle in n.casefold() for n in idx.names[a.id])]
    if kind:
        rows = [a for a in rows if a.kind == kind]
    if country:
        rows = [a for a in rows if (a.country or "").upper() == country.upper()]
    rows.sort(key=lambda a: (-a.articles, -a.events, a.id))
    return window(rows, limit, offset)


def actor_detail(store: Store, key: str) -> ActorDetail:
    """An actor across articles: names, roles, country, events as actor and as recipient in date order, quotes,
    and the stories it appears in; :class:`NotFound` for an unknown key. Read from the extractions of the
    actor's own articles (the store's actor-articles index), not an index of every extraction: the record is the
    same, and its cost grows with the actor's articles, not with the store (kept until the store changes)."""
    return _details.get(store, ("actor", key), lambda: _actor_detail(store, key))


def _actor_detail(store: Store, key: str) -> ActorDetail:
    ids = store.actor_article_ids(key)
    published = {aid: m.meta.published for aid, m in store.article_metas(ids).items()}
    found = dict(store.iter_extraction_parts(("actors", "events", "quotes"), ids))
    idx = RecordIndex.from_parts(((aid, found[aid]) for aid in ids if aid in found), published)
    if key not in idx.actors:
        raise NotFound("actor", key)
    as_actor = sorted((idx.events[i] for i in idx.as_actor.get(key, [])), key=_when)
    as_recipient = sorted((idx.events[i] for i in idx.as_recipient.get(key, [])), key=_when)
    quotes = sorted((idx.quotes[i] for i in idx.by_speaker.get(key, [])), key=lambda r: (r.published or "", r.article))
    story_ids = sorted({s for ids in store.story_ids_of(idx.actor_articles[key]).values() for s in ids})
    stories = [s for s in (store.find_story(x) for x in story_ids) if s is not None]
    stories.sort(key=lambda s: s.last_published or "", reverse=True)
    return ActorDetail(actor=idx.actors[key], names=[n for n, _ in idx.names[key].most_common()],
                       events_as_actor=as_actor, events_as_recipient=as_recipient, quotes=quotes,
                       stories=[StoryRef(id=s.id, title=s.title, first_published=s.first_published,
                                         last_published=s.last_published) for s in stories])


def event_histogram(detail: ActorDetail) -> Coverage:
    """An actor's events (as actor or recipient) per month, cooperative and conflictual, for a chart over time."""
    rows = {(r.article, r.event): r for r in (*detail.events_as_actor, *detail.events_as_recipient)}.values()
    months: Counter[tuple[str, str]] = Counter()
    undated = 0
    for r in rows:
        when = r.date or (r.date_range[0] if r.date_range else None) or r.published
        if not when or not re.match(r"\d{4}-\d{2}", when):
            undated += 1
            continue
        months[(when[:7], "cooperative" if r.cooperative else "conflictual")] += 1
    series = ["cooperative", "conflictual"]
    if not months:
        return Coverage(unit="month", days=[], outlets=series, counts={k: [] for k in series}, undated=undated)
    first, last = min(m for m, _ in months), max(m for m, _ in months)
    axis, (y, m) = [], (int(first[:4]), int(first[5:7]))
    while f"{y:04d}-{m:02d}" <= last and len(axis) < 600:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return Coverage(unit="month", days=axis, outlets=series,
                    counts={k: [months[(d, k)] for d in axis] for k in series}, undated=undated)


def list_events(store: Store, actor: str | None = None, type: str | None = None, country: str | None = None,
                date_from: str | None = None, date_to: str | None = None, limit: int = 50,
                offset: int = 0) -> Page[EventRow]:
    """Events across articles in date order. ``actor``: an actor key on either side; ``type``: a PLOVER type;
    ``country``: an ISO 3166 alpha-3 code of an actor on either side; ``date_from``/``date_to`` (YYYY[-MM[-DD]]):
    events whose date or range overlaps them (undated events are left out then)."""
    limit, offset = clamp(limit, offset)
    idx = record_index(store)
    if actor is not None:
        rows = [idx.events[i] for i in sorted(set(idx.as_actor.get(actor, [])) | set(idx.as_recipient.get(actor, [])))]
        if type:
            rows = [r for r in rows if r.type == type.upper()]
    elif type:
        rows = [idx.events[i] for i in idx.by_type.get(type.upper(), [])]
    else:
        rows = idx.events  # already in date order; filtered into new lists below, never changed
    if country:
        c = country.upper()
        rows = [r for r in rows if any(idx.countries.get(x.id) == c for x in (*r.actors, *r.recipients))]
    if date_from or date_to:
        lo, hi = date_from or "0000", (date_to or "9999") + "\uffff"
        rows = [r for r in rows if (r.date or r.date_range) and _overlaps(r, lo, hi)]
    return window(rows, limit, offset)


def _overlaps(r: EventRow, lo: str, hi: str) -> bool:
    first, last = (r.date_range[0], r.date_range[-1]) if r.date_range else (r.date or "", r.date or "")
    return first <= hi and last + "\uffff" >= lo


def list_quotes(store: Store, speaker: str | None = None, limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
    """Quotes across articles. ``speaker``: an actor key, or a part of a speaker's name or description."""
    limit, offset = clamp(limit, offset)
    idx = record_index(store)
    if speaker and speaker in idx.by_speaker:
        rows = [idx.quotes[i] for i in idx.by_speaker[speaker]]
    elif speaker:
        needle = speaker.casefold()
        rows = [r for r in idx.quotes if needle in ((r.speaker.name if r.speaker else "") + "\n" + (r.speaker_text or "")).casefold()]
    else:
        rows = idx.quotes  # already in publication order
    return window(rows, limit, offset)




def actor_timeline(store: Store, key: str, limit: int = 50, offset: int = 0) -> Page[EventRow]:
    """The events an actor takes part in (as actor or recipient), in day order (the event's date, else its
    article's publication date; undated last), one page at a time: read from the store's actor-events index and
    the page's own extractions, so its cost does not grow with the store (:func:`actor_detail` reads every
    extraction of the actor's articles). An unknown key is an empty page."""
    limit, offset = clamp(limit, offset)
    total, entries = store.actor_timeline(key, limit, offset)
    keys = list(dict.fromkeys((e.article_id, e.event_id) for e in entries))
    published = {aid: m.meta.published for aid, m in store.article_metas({a for a, _ in keys}).items()}
    events, who = store.timeline_events(entries)
    rows = []
    for aid, eid in keys:
        ev = events.get((aid, eid))
        if ev is None:
            continue
        sides = who.get((aid, eid), {})
        actors, recipients = ([ActorRef.model_construct(id=k, name=n) for k, n in sides.get(role, [])]
                              for role in ("actor", "recipient"))
        rows.append(EventRow.model_construct(
            article=aid, published=published.get(aid), event=eid, type=ev["type"], cooperative=cooperative(ev["type"]),
            cameo=ev.get("cameo"), mode=ev.get("mode"), actors=actors, recipients=recipients, date=ev.get("date"),
            date_range=ev.get("date_range"), location=ev.get("location"), negated=bool(ev.get("negated")),
            modality=ev.get("modality", "asserted"), text=ev["text"], start=ev["start"], end=ev["end"]))
    return Page(items=rows, total=total, limit=limit, offset=offset)
