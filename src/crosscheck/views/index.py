"""Actors, events and quotes across the store: the index built from every extraction, and the views over it."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from crosscheck.store import Store, TimelineEntry
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
            idx.actors[k] = actor_summary(k, names, kinds[k], countries[k], sectors[k], roles[k],
                                          len(idx.actor_articles[k]),
                                          len(set(idx.as_actor.get(k, [])) | set(idx.as_recipient.get(k, []))),
                                          len(idx.by_speaker.get(k, [])))
            idx.countries[k] = idx.actors[k].country
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


def quote_rows(article: str, published: str | None, refs: dict[str, ActorRef], quotes: str,
               only_speakers: bool = False) -> list[QuoteRow]:
    """An extraction's quotes (its JSON text) as rows, in its order, each with its speaker's reference (``refs``:
    :func:`actor_refs`); with ``only_speakers``, only the quotes whose speaker is in ``refs``."""
    out = []
    for q in json.loads(quotes):
        if only_speakers and (q.get("speaker") or "") not in refs:
            continue
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


#: how many events (of each side) and quotes an actor's page shows at a time
ACTOR_PAGE = 50
#: an actor named in more articles than this is summed up (names, country, sector, roles, stories) from its newest
#: this many, and its quotes are not counted in all (reading every extraction of a busy actor took minutes)
ACTOR_SAMPLE = 500
#: the most articles a busy actor's quotes are looked for in, oldest first (an actor seldom quoted would have every
#: article read; the quotes of a busy actor's later articles wait for an index of quotes by speaker)
QUOTE_WALK_MAX = 2_000
#: an actor with more events than this has its month histogram in one series, read from the index alone
#: (splitting it into cooperative and conflictual reads every event's row)
HISTOGRAM_TYPED_MAX = 5_000


def actor_detail(store: Store, key: str, limit: int = ACTOR_PAGE, offset: int = 0) -> ActorDetail:
    """An actor across articles: names, roles, country, a page of its events as actor and as recipient in date
    order (``limit`` from ``offset`` of each side, with how many there are in all), a page of its quotes in
    publication order, and the stories it appears in; :class:`NotFound` for an unknown key. The events are read
    from the store's actor-events index and the page's own rows; the summary and the quotes from the extractions of
    the actor's own articles (the actor-articles index) -- of its newest :data:`ACTOR_SAMPLE` when it has more, so
    that the cost grows with the page, not with the actor or the store (kept until the store changes). An actor
    in at most :data:`ACTOR_SAMPLE` articles with at most ``limit`` events a side and quotes gets the whole record,
    as before."""
    limit, offset = clamp(limit, offset)
    return _details.get(store, ("actor", key, limit, offset, ACTOR_SAMPLE), lambda: _actor_detail(store, key, limit, offset))


def _actor_detail(store: Store, key: str, limit: int, offset: int) -> ActorDetail:
    n_articles = store.actor_article_count(key)
    whole = n_articles <= ACTOR_SAMPLE
    dated = store.actor_articles_by_date(key) if whole else store.actor_articles_in_order(key, ACTOR_SAMPLE, newest=True)
    published = dict(dated)
    found = dict(store.iter_extraction_parts(("actors", "quotes"), published))
    record = _ActorRecord(key)
    for aid in sorted(found):
        record.add(aid, published.get(aid), *found[aid])
    if not record.articles:
        raise NotFound("actor", key)
    as_actor = _event_page(store, key, "actor", limit, offset)
    as_recipient = _event_page(store, key, "recipient", limit, offset)
    if whole:
        quotes = sorted(record.quotes, key=lambda r: (r.published or "", r.article, r.start))
        quote_page, quotes_total = quotes[offset:offset + limit], len(quotes)
    else:
        quote_page, quotes_total = _quote_walk(store, key, limit, offset)
    summary = record.summary(n_articles, sum(_event_months(store, key).values()), quotes_total)
    story_ids = {s for ids in store.story_ids_of(record.articles).values() for s in ids}
    stories = sorted(store.story_headers(story_ids), key=lambda s: s[0])
    stories.sort(key=lambda s: s[3] or "", reverse=True)
    return ActorDetail(actor=summary, names=[n for n, _ in record.names.most_common()],
                       events_as_actor=as_actor.items, events_as_recipient=as_recipient.items, quotes=quote_page,
                       stories=[StoryRef(id=i, title=t, first_published=f, last_published=la) for i, t, f, la in stories],
                       limit=limit, offset=offset, events_as_actor_total=as_actor.total,
                       events_as_recipient_total=as_recipient.total, quotes_total=quotes_total,
                       sampled=not whole)


@functools.lru_cache(maxsize=65536)
def _cached_key(name: str, kind: str) -> str:
    return actor_key(name, kind)


class _ActorRecord:
    """One actor's record gathered from its articles' actors and quotes (as JSON text), as :class:`RecordIndex`
    gathers every actor's, without the other actors' summaries."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.names: Counter[str] = Counter()
        self.articles: list[str] = []
        self.kind = ""
        self.countries: Counter[str] = Counter()
        self.sectors: Counter[str] = Counter()
        self.roles: dict[str, None] = {}
        self.quotes: list[QuoteRow] = []

    def add(self, aid: str, published: str | None, actors: str, quotes: str) -> None:
        refs: dict[str, ActorRef] = {}
        for x in json.loads(actors):
            if _cached_key(x["name"], x["kind"]) != self.key:
                continue
            refs[x["id"]] = ActorRef.model_construct(id=self.key, name=x["name"])
            self.names[x["name"]] += max(1, len(x.get("mentions") or ()))
            if aid not in self.articles[-1:]:
                self.articles.append(aid)
            self.kind = x["kind"]
            if x.get("country"):
                self.countries[x["country"]] += 1
            if x.get("sector"):
                self.sectors[x["sector"]] += 1
            self.roles.update(dict.fromkeys(x.get("roles") or ()))
        if refs and quotes != "[]":
            self.quotes += quote_rows(aid, published, refs, quotes, only_speakers=True)

    def summary(self, articles: int, events: int, quotes: int | None) -> ActorSummary:
        return actor_summary(self.key, self.names, self.kind, self.countries, self.sectors, self.roles, articles,
                             events, quotes)


def actor_summary(key: str, names: Counter[str], kind: str, countries: Counter[str], sectors: Counter[str],
                  roles: dict[str, None], articles: int, events: int, quotes: int | None) -> ActorSummary:
    """An actor's summary from what its mentions say (names, countries and sectors counted, roles in order): the
    most said name, country and sector."""
    return ActorSummary.model_construct(
        id=key, name=names.most_common(1)[0][0], kind=kind,
        country=countries.most_common(1)[0][0] if countries else None,
        sector=sectors.most_common(1)[0][0] if sectors else None, roles=list(roles),
        articles=articles, events=events, quotes=quotes)


def _event_page(store: Store, key: str, role: str, limit: int, offset: int) -> Page[EventRow]:
    """A page of the events an actor takes part in as ``role``, in day order, with how many there are."""
    total, entries = store.actor_role_events(key, role, limit, offset)
    return Page(items=_event_rows(store, entries), total=total, limit=limit, offset=offset)


def _quote_walk(store: Store, key: str, limit: int, offset: int) -> tuple[list[QuoteRow], int | None]:
    """The page of an actor's quotes read from its articles oldest first, a few at a time, until the page is full
    or :data:`QUOTE_WALK_MAX` articles are read: (the page, how many quotes there are in all when the walk read
    every article, else None)."""
    found: list[QuoteRow] = []
    order = store.actor_articles_in_order(key, QUOTE_WALK_MAX)  # one read of the order, then a chunk at a time
    k, step = 0, 25
    while k < len(order):
        dated = order[k:k + step]
        parts = dict(store.iter_extraction_parts(("actors", "quotes"), [aid for aid, _ in dated]))
        for aid, published in dated:
            if aid in parts:
                record = _ActorRecord(key)
                record.add(aid, published, *parts[aid])
                found += record.quotes
        if len(found) > offset + limit:
            return found[offset:offset + limit], None
        k, step = k + step, min(step * 2, 400)
    return found[offset:offset + limit], (len(found) if len(order) < QUOTE_WALK_MAX else None)


def actor_histogram(store: Store, key: str) -> Coverage:
    """An actor's events (as actor or recipient) per month, cooperative and conflictual, for a chart over time: read
    from the store's actor-events index (each event once, at its day, as in a timeline). An actor with more than
    :data:`HISTOGRAM_TYPED_MAX` events gets one series, ``events``, read from the index alone."""
    return _details.get(store, ("histogram", key, HISTOGRAM_TYPED_MAX), lambda: _actor_histogram(store, key))


def _event_months(store: Store, key: str) -> dict[tuple[str | None, str | None], int]:
    """The actor's distinct events per month, untyped (read once for its page and its histogram)."""
    return _details.get(store, ("months", key), lambda: store.actor_event_months(key))


def _actor_histogram(store: Store, key: str) -> Coverage:
    counts = _event_months(store, key)
    typed = sum(counts.values()) <= HISTOGRAM_TYPED_MAX
    if typed:
        counts = store.actor_event_months(key, typed=True)
    months: Counter[tuple[str, str]] = Counter()
    undated = 0
    for (month, kind), n in counts.items():
        if not month or not re.match(r"\d{4}-\d{2}", month):
            undated += n
        else:
            months[(month, ("cooperative" if cooperative(kind) else "conflictual") if typed else "events")] += n
    return _month_coverage(months, ["cooperative", "conflictual"] if typed else ["events"], undated)


def _month_coverage(months: Counter[tuple[str, str]], series: list[str], undated: int) -> Coverage:
    if not months:
        return Coverage(unit="month", days=[], outlets=series, counts={k: [] for k in series}, undated=undated)
    first, last = min(m for m, _ in months), max(m for m, _ in months)
    axis, (y, m) = [], (int(first[:4]), int(first[5:7]))
    while f"{y:04d}-{m:02d}" <= last and len(axis) < 600:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return Coverage(unit="month", days=axis, outlets=series,
                    counts={k: [months[(d, k)] for d in axis] for k in series}, undated=undated)


def event_histogram(detail: ActorDetail) -> Coverage:
    """The events of an actor's page (as actor or recipient) per month, cooperative and conflictual, for a chart
    over time (:func:`actor_histogram` counts all of the actor's events)."""
    rows = {(r.article, r.event): r for r in (*detail.events_as_actor, *detail.events_as_recipient)}.values()
    months: Counter[tuple[str, str]] = Counter()
    undated = 0
    for r in rows:
        when = r.date or (r.date_range[0] if r.date_range else None) or r.published
        if not when or not re.match(r"\d{4}-\d{2}", when):
            undated += 1
            continue
        months[(when[:7], "cooperative" if r.cooperative else "conflictual")] += 1
    return _month_coverage(months, ["cooperative", "conflictual"], undated)


def list_events(store: Store, actor: str | None = None, type: str | None = None, country: str | None = None,
                date_from: str | None = None, date_to: str | None = None, limit: int = 50,
                offset: int = 0) -> Page[EventRow]:
    """Events across articles in date order. ``actor``: an actor key on either side; ``type``: a PLOVER type;
    ``country``: an ISO 3166 alpha-3 code of an actor on either side; ``date_from``/``date_to`` (YYYY[-MM[-DD]]):
    events whose date or range overlaps them (undated events are left out then). An actor alone is read from the
    store's actor-events index (:func:`actor_timeline`; its total counted up to
    :data:`~crosscheck.store.TIMELINE_COUNT_CAP` and one more); any other filter reads the index of every
    extraction (:func:`record_index`)."""
    limit, offset = clamp(limit, offset)
    if actor is not None and not (type or country or date_from or date_to):
        return actor_timeline(store, actor, limit, offset)
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
    the page's own rows, so its cost does not grow with the store. An unknown key is an empty page."""
    limit, offset = clamp(limit, offset)
    total, entries = store.actor_timeline(key, limit, offset)
    return Page(items=_event_rows(store, entries), total=total, limit=limit, offset=offset)


def _event_rows(store: Store, entries: list[TimelineEntry]) -> list[EventRow]:
    """The events of these timeline entries as rows, in their order (each event once), read from their
    actor-events rows and their articles' metadata."""
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
    return rows
