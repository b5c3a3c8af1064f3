"""Read-side views of the store for the web app and the API: typed functions that both call (``jobs`` re-exports them).

What this module decides:

- **An actor across articles.** Extraction ids (``a1``) are per article; across articles an actor is its kind and
  its name folded (case, accents, punctuation): ``person:mark-rutte``. Two people of one name are one actor here, and
  "Rutte" alone in an article that never names him in full is another: the extraction already merges mentions
  within an article, so full names are what articles share.
- **Cooperation or conflict.** PLOVER's AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID and RETREAT are
  cooperative, every other type conflictual (the edge colours of the actor graph).
- **Paging.** Every list is a :class:`Page`: ``limit`` items from ``offset``, with the ``total``.
- **Caches, keyed by :meth:`Store.fingerprint`.** A story's brief, the index of actors, events and quotes across
  all extractions, an outlet's sourcing profile: built on first use, rebuilt once anything is stored or the stories
  are regrouped. An extraction rewritten in place under the same article is not noticed until then.
- **Anchors.** An article page marks every sentence start and every record start with ``c-START``, so the evidence
  of a brief (a sentence, a quote, an event clause) links to its place.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from crosscheck.align import build_brief
from crosscheck.align.assess import assess
from crosscheck.align.facts import sentence_evidence
from crosscheck.model import (
    Actor,
    Article,
    Brief,
    Conflict,
    Extraction,
    FactCell,
    FactRow,
    OnlyIn,
    QuoteEntry,
    Story,
)
from crosscheck.store import MARK_END, MARK_START, Store, StoredArticle

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


def _page(items: list, total: int, limit: int, offset: int) -> Page:
    return Page(items=items, total=total, limit=limit, offset=offset)


def _window(rows: list, limit: int, offset: int) -> Page:
    return _page(rows[offset:offset + limit], len(rows), limit, offset)


# ------------------------------------------------------------------ identity and labels


def actor_key(name: str, kind: str) -> str:
    """The cross-article identity of an actor: its kind and its name folded (``person:mark-rutte``)."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+", "-", folded).strip("-_") or "unnamed"
    return f"{kind}:{slug}"


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


# ------------------------------------------------------------------ records of the views


class ActorRef(View):
    id: str
    name: str


class Fragment(View):
    text: str
    match: bool = False


class StorySummary(View):
    id: str
    title: str | None
    article_ids: list[str]
    articles: int
    outlets: int
    outlet_names: list[str]
    first_published: str | None
    last_published: str | None
    agreements: int
    conflicts: int


class ArticleSummary(View):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    word_count: int
    near_duplicate_of: str | None = None
    stories: list[str] = Field(default_factory=list)


class ArticleDetail(View):
    article: Article
    extraction: Extraction | None
    stories: list[str]


class EventRow(View):
    article: str
    published: str | None
    event: str
    type: str
    cooperative: bool
    cameo: str | None
    mode: str | None
    actors: list[ActorRef]
    recipients: list[ActorRef]
    date: str | None
    date_range: list[str] | None
    location: str | None
    negated: bool
    modality: str
    text: str
    start: int
    end: int


class QuoteRow(View):
    article: str
    published: str | None
    quote: str
    speaker: ActorRef | None
    speaker_text: str | None
    text: str
    direct: bool
    cue: str | None
    start: int
    end: int


class ActorSummary(View):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    roles: list[str]
    articles: int
    events: int
    quotes: int


class StoryRef(View):
    id: str
    title: str | None
    first_published: str | None
    last_published: str | None


class ActorDetail(View):
    actor: ActorSummary
    names: list[str]
    events_as_actor: list[EventRow]
    events_as_recipient: list[EventRow]
    quotes: list[QuoteRow]
    stories: list[StoryRef]


class OutletSummary(View):
    name: str
    articles: int
    first_published: str | None
    last_published: str | None


class SourcingProfile(View):
    """An outlet's sourcing across its stored articles: the per-article assessment (``align.assess``), aggregated."""

    articles_assessed: int = 0
    mean_score: float = 0.0
    named_attribution_share: float = 0.0
    direct_quotes_named: int = 0
    direct_quotes_named_per_article: float = 0.0
    vague_sourcing: int = 0
    vague_sourcing_per_article: float = 0.0
    first_person: int = 0
    boilerplate_sections: int = 0
    failed_self_claims: int = 0
    articles_with_failed_self_claims: int = 0


class OutletDetail(View):
    outlet: OutletSummary
    profile: SourcingProfile
    articles: Page[ArticleSummary]
    stories: list[StoryRef]


class ArticleSearchHit(View):
    article: ArticleSummary
    title: list[Fragment]
    snippet: list[Fragment]
    score: float


class ClaimSearchHit(View):
    article: str
    claim: str
    start: int
    end: int
    text: str
    source: str | None
    score: float


class SearchResults(View):
    query: str
    articles: Page[ArticleSearchHit]
    claims: list[ClaimSearchHit]
    quotes: list[QuoteRow]


def _summary_of(m: StoredArticle, stories: list[str] | None = None) -> ArticleSummary:
    a = m.meta
    return ArticleSummary(id=a.id, title=a.title, outlet=a.outlet, url=a.url, published=a.published, language=a.language,
                          word_count=a.word_count, near_duplicate_of=m.near_duplicate_of, stories=stories or [])


class NotFound(KeyError):
    """No stored record of this kind with this id (the API answers 404)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(key)
        self.kind, self.key = kind, key

    def __str__(self) -> str:
        return f"no {self.kind} {self.key!r}"


def _clamp(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


# ------------------------------------------------------------------ caches keyed by the store's fingerprint


class _Cache:
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


_briefs = _Cache(256, per_state=False)
_story_views = _Cache(64, per_state=False)
_profiles = _Cache(256)
_indexes = _Cache(4)
#: (store url, story id, its articles) -> (agreements, conflicts): what the list of stories shows, kept for every
#: story ever briefed (a few bytes each), so that paging through thousands of stories does not brief them again
_counts: dict[tuple, tuple[int, int]] = {}


def brief_for(store: Store, story: Story) -> Brief:
    """The brief :func:`crosscheck.jobs.brief` builds (``crosscheck brief``; a test holds the two equal), for a story
    already read and with its articles read in one query: ``jobs.brief`` reads every story to find one."""
    found = {a.id: (a, e) for a, e in store.articles_with_extractions(story.articles) if e is not None}
    return build_brief(story, [found[a] for a in story.articles if a in found], store.copy_roots(story.articles))


def cached_brief(store: Store, story: Story, fingerprint: tuple | None = None) -> Brief:
    """The story's brief, exactly what ``crosscheck brief --json`` prints, built once for the same articles (an
    article re-extracted in place is not noticed)."""
    b = _briefs.get(store, ("brief", story.id, tuple(story.articles)), lambda: brief_for(store, story))
    _counts[(store.url, story.id, tuple(story.articles))] = (len(b.agreements), len(b.conflicts))
    return b


def story_counts(store: Store, story: Story) -> tuple[int, int]:
    """(agreements, conflicts) of the story's brief, briefing it only the first time."""
    got = _counts.get((store.url, story.id, tuple(story.articles)))
    if got is None:
        b = cached_brief(store, story)
        got = (len(b.agreements), len(b.conflicts))
    return got


def warm(store: Store, stop: threading.Event | None = None) -> int:
    """Builds, ahead of the first reader, the index of actors, events and quotes and the counts of every story,
    newest first (what ``crosscheck serve`` does in the background). Returns how many stories it briefed."""
    record_index(store)
    done, offset = 0, 0
    while not (stop and stop.is_set()):
        page = store.stories_page(100, offset)
        if not page:
            break
        for s in page:
            if stop and stop.is_set():
                break
            if (store.url, s.id, tuple(s.articles)) not in _counts:
                story_counts(store, s)
                done += 1
        offset += len(page)
    return done


# ------------------------------------------------------------------ stories


def list_stories(store: Store, limit: int = 20, offset: int = 0) -> Page[StorySummary]:
    """Stories newest first, each with its number of sources and outlets, date span, agreements and conflicts."""
    limit, offset = _clamp(limit, offset)
    page = store.stories_page(limit, offset)
    metas = store.article_metas(a for s in page for a in s.articles)
    items = []
    for s in page:
        outlets = sorted({metas[a].meta.outlet for a in s.articles if a in metas and metas[a].meta.outlet})  # type: ignore[misc]
        agreements, conflicts = story_counts(store, s)
        items.append(StorySummary(id=s.id, title=s.title, article_ids=s.articles, articles=len(s.articles), outlets=len(outlets),
                                  outlet_names=outlets, first_published=s.first_published,
                                  last_published=s.last_published, agreements=agreements, conflicts=conflicts))
    return _page(items, store.count_stories(), limit, offset)


def story_summary(store: Store, story_id: str) -> StorySummary:
    """One story's line of :func:`list_stories`; :class:`NotFound` for an unknown id."""
    s = store.find_story(story_id)
    if s is None:
        raise NotFound("story", story_id)
    metas = store.article_metas(s.articles)
    outlets = sorted({m.meta.outlet for m in metas.values() if m.meta.outlet})  # type: ignore[misc]
    agreements, conflicts = story_counts(store, s)
    return StorySummary(id=s.id, title=s.title, article_ids=s.articles, articles=len(s.articles), outlets=len(outlets),
                        outlet_names=outlets, first_published=s.first_published, last_published=s.last_published,
                        agreements=agreements, conflicts=conflicts)


def story_brief(store: Store, story_id: str) -> Brief:
    """The brief of a story (as ``crosscheck brief``); :class:`NotFound` for an unknown id."""
    s = store.find_story(story_id)
    if s is None:
        raise NotFound("story", story_id)
    return cached_brief(store, s)


class SourceColumn(View):
    """A source of a story as the story page shows it."""

    article: str
    label: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    copy_of: str | None = None


class GraphNode(View):
    id: str
    name: str
    kind: str
    country: str | None
    weight: int


class GraphEdge(View):
    source: str
    target: str
    cooperative: bool
    count: int
    types: dict[str, int]
    articles: list[str]


class ActorGraph(View):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Coverage(View):
    """Articles per day (or per week, for long stories) per outlet."""

    unit: str
    days: list[str]
    outlets: list[str]
    counts: dict[str, list[int]]
    undated: int = 0


class SpeakerQuotes(View):
    speaker: str
    quotes: list[QuoteEntry]


class SourceOnly(View):
    article: str
    label: str
    items: list[OnlyIn]


class MatrixRow(View):
    """A row of the facts x sources matrix with its cells in the order of the story's sources (None: no cell)."""

    id: str
    kind: str
    summary: str
    cells: list[FactCell | None]
    reported: int
    contradicts: int


class StoryView(View):
    story: StorySummary
    brief: Brief
    sources: list[SourceColumn]
    matrix: list[MatrixRow]
    matrix_more: int = 0
    labels: dict[str, str]
    graph: ActorGraph
    coverage: Coverage
    speakers: list[SpeakerQuotes]
    only_in: list[SourceOnly]
    conflicts: list[Conflict]


def story_view(store: Store, story_id: str, graph_nodes: int = 18, matrix_rows: int = 80) -> StoryView:
    """Everything the story page shows; :class:`NotFound` for an unknown id. The matrix keeps its ``matrix_rows``
    most widely reported facts (the brief has them all)."""
    s = store.find_story(story_id)
    if s is None:
        raise NotFound("story", story_id)
    return _story_views.get(store, ("view", s.id, tuple(s.articles), graph_nodes, matrix_rows),
                            lambda: _story_view(store, s, graph_nodes, matrix_rows))


def _story_view(store: Store, s: Story, graph_nodes: int, matrix_rows: int) -> StoryView:
    b = cached_brief(store, s)
    metas = store.article_metas(s.articles)
    labels = _labels(s.articles, metas)
    copies = {c.article: c.copy_of for c in b.sources}
    sources = [SourceColumn(article=a, label=labels[a], outlet=metas[a].meta.outlet if a in metas else None,
                            title=metas[a].meta.title if a in metas else None,
                            published=metas[a].meta.published if a in metas else None,
                            url=safe_link(metas[a].meta.url) if a in metas else None, copy_of=copies.get(a))
               for a in s.articles]
    outlets = sorted({m.meta.outlet for m in metas.values() if m.meta.outlet})  # type: ignore[misc]
    summary = StorySummary(id=s.id, title=s.title, article_ids=s.articles, articles=len(s.articles), outlets=len(outlets), outlet_names=outlets,
                           first_published=s.first_published, last_published=s.last_published,
                           agreements=len(b.agreements), conflicts=len(b.conflicts))
    exts = list(store.iter_extractions(s.articles))
    speakers: dict[str, list[QuoteEntry]] = defaultdict(list)
    for q in b.quotes:
        speakers[q.speaker].append(q)
    only: dict[str, list[OnlyIn]] = defaultdict(list)
    for o in b.only_in:
        only[o.article].append(o)
    matrix = fact_matrix(b.facts, s.articles)
    return StoryView(story=summary, brief=b, sources=sources, matrix=matrix[:matrix_rows],
                     matrix_more=max(0, len(matrix) - matrix_rows), labels=labels, graph=actor_graph(exts, graph_nodes),
                     coverage=coverage([metas[a] for a in s.articles if a in metas], labels),
                     speakers=[SpeakerQuotes(speaker=k, quotes=v) for k, v in speakers.items()],
                     only_in=[SourceOnly(article=a, label=labels.get(a, a), items=only[a]) for a in s.articles if a in only],
                     conflicts=b.conflicts)


def fact_matrix(facts: list[FactRow], article_ids: list[str]) -> list[MatrixRow]:
    """The brief's fact rows with their cells lined up under the story's sources, most widely reported first."""
    rows = []
    for f in facts:
        by = {c.article: c for c in f.cells}
        rows.append(MatrixRow(id=f.id, kind=f.kind, summary=f.summary, cells=[by.get(a) for a in article_ids],
                              reported=sum(c.status == "reported" for c in f.cells),
                              contradicts=sum(c.status == "contradicts" for c in f.cells)))
    rows.sort(key=lambda r: (-r.reported - r.contradicts, -r.contradicts))
    return rows


def _labels(article_ids: list[str], metas: dict[str, StoredArticle]) -> dict[str, str]:
    """Source labels, made unique within a story (two articles of one outlet: "Outlet", "Outlet (2)")."""
    out: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for a in article_ids:
        base = source_label(metas.get(a), a)
        seen[base] += 1
        out[a] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out


def actor_graph(extractions: Iterable[Extraction], max_nodes: int = 18) -> ActorGraph:
    """Who did what to whom across these extractions: an edge from each actor of an event to each recipient,
    one per direction and kind (cooperative or conflictual), keeping the ``max_nodes`` busiest actors."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    edges: dict[tuple[str, str, bool], tuple[Counter[str], set[str]]] = {}
    for e in extractions:
        by = {a.id: a for a in e.actors}
        for ev in e.events:
            for x in ev.actor:
                for y in ev.recipient:
                    if x not in by or y not in by:
                        continue
                    kx, ky = key_of(by[x]), key_of(by[y])
                    if kx == ky:
                        continue
                    for k, a in ((kx, by[x]), (ky, by[y])):
                        names[k][a.name] += 1
                        kinds[k] = a.kind
                        if a.country:
                            countries[k][a.country] += 1
                    types, arts = edges.setdefault((kx, ky, cooperative(ev.type)), (Counter(), set()))
                    types[ev.type] += 1
                    arts.add(e.article.id)
    degree: Counter[str] = Counter()
    for (x, y, _), (types, _) in edges.items():
        n = sum(types.values())
        degree[x] += n
        degree[y] += n
    keep = {k for k, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    nodes = [GraphNode(id=k, name=names[k].most_common(1)[0][0], kind=kinds[k],
                       country=countries[k].most_common(1)[0][0] if countries[k] else None, weight=degree[k])
             for k in sorted(keep, key=lambda k: (-degree[k], k))]
    out = [GraphEdge(source=x, target=y, cooperative=c, count=sum(t.values()), types=dict(t.most_common()),
                     articles=sorted(arts))
           for (x, y, c), (t, arts) in edges.items() if x in keep and y in keep]
    out.sort(key=lambda e: (-e.count, e.source, e.target))
    return ActorGraph(nodes=nodes, edges=out)


def _day(published: str | None) -> date | None:
    if not published or not re.match(r"\d{4}-\d{2}-\d{2}", published):
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def coverage(metas: list[StoredArticle], labels: dict[str, str], max_bars: int = 60) -> Coverage:
    """How many articles each outlet ran per day (per week when the story spans more than ``max_bars`` days)."""
    dated = [(m, _day(m.meta.published)) for m in metas]
    days = sorted({d for _, d in dated if d})
    outlets = sorted({m.meta.outlet or labels.get(m.meta.id, m.meta.id) for m in metas})
    if not days:
        return Coverage(unit="day", days=[], outlets=outlets, counts={o: [] for o in outlets}, undated=len(metas))
    first, last = days[0], days[-1]
    unit, step = ("day", 1) if (last - first).days < max_bars else ("week", 7)
    if unit == "week":
        first = first - timedelta(days=first.weekday())
    n = (last - first).days // step + 1
    axis = [(first + timedelta(days=k * step)).isoformat() for k in range(n)]
    counts = {o: [0] * n for o in outlets}
    undated = 0
    for m, d in dated:
        if d is None:
            undated += 1
            continue
        counts[m.meta.outlet or labels.get(m.meta.id, m.meta.id)][(d - first).days // step] += 1
    return Coverage(unit=unit, days=axis, outlets=outlets, counts=counts, undated=undated)


# ------------------------------------------------------------------ articles


def list_articles(store: Store, limit: int = 50, offset: int = 0, outlet: str | None = None) -> Page[ArticleSummary]:
    """Stored articles newest first, with the stories each belongs to; one outlet's when ``outlet`` is given."""
    limit, offset = _clamp(limit, offset)
    total, rows = store.articles_page(limit, offset, outlet)
    stories = store.story_ids_of(r.meta.id for r in rows)
    return _page([_summary_of(r, stories.get(r.meta.id)) for r in rows], total, limit, offset)


def article_detail(store: Store, article_id: str) -> ArticleDetail:
    """An article with its text and extraction; :class:`NotFound` for an unknown id."""
    a = store.article(article_id)
    if a is None:
        raise NotFound("article", article_id)
    return ArticleDetail(article=a, extraction=store.extraction(article_id),
                         stories=store.story_ids_of([article_id]).get(article_id, []))


class Segment(View):
    """A run of an article's text under the same highlights; ``anchor`` when a record or sentence starts here."""

    start: int
    end: int
    text: str
    kinds: list[str]
    title: str
    anchor: bool


class Sentence(View):
    """A sentence of the article page (``blank``: only the white space between two paragraphs)."""

    start: int
    end: int
    segments: list[Segment]
    blank: bool = False


class PanelItem(View):
    """A line of the article page's side panel: what was found, and where (``start`` is its anchor)."""

    kind: str
    label: str
    detail: str
    start: int
    link: str | None = None


class ArticleView(View):
    article: Article
    label: str
    link: str | None
    extracted: bool
    sentences: list[Sentence]
    panel: dict[str, list[PanelItem]]
    stories: list[StoryRef]


def _sentence_bounds(article: Article) -> tuple[list[int], set[int]]:
    """Where sentences end (the partition of the text) and where each starts (anchors), by the same rule the brief's
    evidence uses (:func:`crosscheck.align.facts.sentence_evidence`)."""
    text = article.text
    ends, starts = [], set()
    pos = 0
    while pos < len(text):
        ev = sentence_evidence(article, pos, pos)
        end = max(ev.end, pos + 1)
        starts.add(ev.start)
        ends.append(end)
        pos = end
    return ends, starts


def article_view(store: Store, article_id: str) -> ArticleView:
    """An article's text cut into sentences and runs, each run with the highlights over it (actors, events, quotes,
    quantities, dates) and the side panel listing them; :class:`NotFound` for an unknown id."""
    a = store.article(article_id)
    if a is None:
        raise NotFound("article", article_id)
    ext = store.extraction(article_id)
    text = a.text
    spans: list[tuple[int, int, str, str]] = []  # start, end, kind, title
    panel: dict[str, list[PanelItem]] = {"actors": [], "events": [], "quotes": [], "quantities": [], "dates": []}
    if ext is not None:
        names = {x.id: x.name for x in ext.actors}
        for x in ext.actors:
            desc = ", ".join(v for v in (x.kind, x.country, x.sector, "; ".join(x.roles)) if v)
            for m in x.mentions:
                spans.append((m.start, m.end, "actor", f"{x.name} ({desc})"))
            first = min((m.start for m in x.mentions), default=0)
            panel["actors"].append(PanelItem(kind="actor", label=x.name, detail=f"{desc} · {len(x.mentions)} mentions",
                                             start=first, link=f"/actors/{key_of(x)}"))
        for ev in ext.events:
            who = ", ".join(names.get(i, i) for i in ev.actor) or "?"
            whom = ", ".join(names.get(i, i) for i in ev.recipient)
            when = ev.date or ("–".join(ev.date_range) if ev.date_range else "undated")
            flags = " ".join(f for f in ("not" if ev.negated else "", ev.modality if ev.modality != "asserted" else "") if f)
            label = f"{ev.type}: {who}" + (f" → {whom}" if whom else "")
            spans.append((ev.start, ev.end, "event", f"event {label} ({when})"))
            panel["events"].append(PanelItem(kind="cooperative" if cooperative(ev.type) else "conflictual", label=label,
                                             detail=" · ".join(v for v in (ev.mode, when, flags) if v), start=ev.start))
        for q in ext.quotes:
            who = names.get(q.speaker or "", q.speaker_text or "unattributed")
            spans.append((q.start, q.end, "quote", f"{'quote' if q.direct else 'reported speech'} of {who}"))
            panel["quotes"].append(PanelItem(kind="quote", label=who, detail=q.text[:160], start=q.start))
        for n in ext.quantities:
            desc = " ".join(str(v) for v in (n.qualifier, n.value, n.unit, n.category) if v not in (None, ""))
            spans.append((n.start, n.end, "quantity", f"quantity: {desc}"))
            panel["quantities"].append(PanelItem(kind="quantity", label=n.text, detail=desc, start=n.start))
        for t in ext.timexes:
            spans.append((t.start, t.end, "timex", f"{t.type}: {t.value}"))
            panel["dates"].append(PanelItem(kind="timex", label=t.text, detail=f"{t.value} ({t.type})", start=t.start))
        for c in ext.claims:
            spans.append((c.start, c.end, "claim", ""))
    for items in panel.values():
        items.sort(key=lambda p: p.start)
    spans = [(max(0, s), min(len(text), e), k, t) for s, e, k, t in spans if s < e and s < len(text)]
    ends, anchors = _sentence_bounds(a)
    anchors |= {s for s, _, _, _ in spans}
    anchors |= {sentence_evidence(a, s, e).start for s, e, k, _ in spans if k != "actor"}
    cuts = sorted({0, len(text), *ends, *anchors, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for k, (s, e, _, _) in enumerate(spans):
        opening[s].append(k)
        closing[e].append(k)
    active: set[int] = set()
    sentences: list[Sentence] = []
    ends_set = set(ends)
    current: list[Segment] = []
    sent_start = 0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active.difference_update(closing.get(lo, ()))
        active.update(opening.get(lo, ()))
        on = sorted(active)
        kinds = sorted({spans[k][2] for k in on} - {"claim"})
        title = " · ".join(dict.fromkeys(spans[k][3] for k in on if spans[k][3]))
        current.append(Segment(start=lo, end=hi, text=text[lo:hi], kinds=kinds, title=title, anchor=lo in anchors))
        if hi in ends_set or hi == len(text):
            sentences.append(Sentence(start=sent_start, end=hi, segments=current,
                                      blank="\n" in text[sent_start:hi] and not text[sent_start:hi].strip()))
            current, sent_start = [], hi
    stories = store.story_ids_of([article_id]).get(article_id, [])
    refs = [StoryRef(id=s.id, title=s.title, first_published=s.first_published, last_published=s.last_published)
            for s in (store.find_story(x) for x in stories) if s is not None]
    return ArticleView(article=a, label=source_label(a, a.id), link=safe_link(a.url), extracted=ext is not None,
                       sentences=sentences, panel=panel, stories=refs)


# ------------------------------------------------------------------ actors, events and quotes across the store


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

    @classmethod
    def build(cls, store: Store) -> RecordIndex:
        """Reads the actors, events and quotes of every extraction once, as plain JSON (reading and validating
        whole extractions, claims and all, took most of the time)."""
        idx = cls()
        published = {m.meta.id: m.meta.published for m in store.list_articles()}
        countries: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, str] = {}
        sectors: dict[str, Counter[str]] = defaultdict(Counter)
        roles: dict[str, dict[str, None]] = defaultdict(dict)
        for aid, (actors, events, quotes) in store.iter_extraction_parts(("actors", "events", "quotes")):
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
            for q in json.loads(quotes):
                sp = refs.get(q.get("speaker") or "")
                row_q = QuoteRow.model_construct(article=aid, published=pub, quote=q["id"], speaker=sp,
                                                 speaker_text=q.get("speaker_text"), text=q["text"],
                                                 direct=q.get("direct", True), cue=q.get("cue"), start=q["start"],
                                                 end=q["end"])
                if sp is not None:
                    idx.by_speaker[sp.id].append(len(idx.quotes))
                idx.quotes.append(row_q)
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


def record_index(store: Store) -> RecordIndex:
    """The index of actors, events and quotes for the store as it is now (built on first use after a change)."""
    return _indexes.get(store, ("index",), lambda: RecordIndex.build(store))


def _when(row: EventRow) -> str:
    return row.date or (row.date_range[0] if row.date_range else None) or row.published or "9999"


def list_actors(store: Store, q: str | None = None, kind: str | None = None, country: str | None = None,
                limit: int = 50, offset: int = 0) -> Page[ActorSummary]:
    """Actors across articles, most written about first; ``q`` matches a part of a name, case-folded."""
    limit, offset = _clamp(limit, offset)
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
    return _window(rows, limit, offset)


def actor_detail(store: Store, key: str) -> ActorDetail:
    """An actor across articles: names, roles, country, events as actor and as recipient in date order, quotes,
    and the stories it appears in; :class:`NotFound` for an unknown key."""
    idx = record_index(store)
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
    limit, offset = _clamp(limit, offset)
    idx = record_index(store)
    if actor is not None:
        rows = [idx.events[i] for i in sorted(set(idx.as_actor.get(actor, [])) | set(idx.as_recipient.get(actor, [])))]
    else:
        rows = list(idx.events)
    if type:
        rows = [r for r in rows if r.type == type.upper()]
    if country:
        c = country.upper()
        rows = [r for r in rows if any(idx.countries.get(x.id) == c for x in (*r.actors, *r.recipients))]
    if date_from or date_to:
        lo, hi = date_from or "0000", (date_to or "9999") + "\uffff"
        rows = [r for r in rows if (r.date or r.date_range) and _overlaps(r, lo, hi)]
    rows.sort(key=lambda r: (_when(r), r.article, r.start))
    return _window(rows, limit, offset)


def _overlaps(r: EventRow, lo: str, hi: str) -> bool:
    first, last = (r.date_range[0], r.date_range[-1]) if r.date_range else (r.date or "", r.date or "")
    return first <= hi and last + "\uffff" >= lo


def list_quotes(store: Store, speaker: str | None = None, limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
    """Quotes across articles. ``speaker``: an actor key, or a part of a speaker's name or description."""
    limit, offset = _clamp(limit, offset)
    idx = record_index(store)
    if speaker and speaker in idx.by_speaker:
        rows = [idx.quotes[i] for i in idx.by_speaker[speaker]]
    elif speaker:
        needle = speaker.casefold()
        rows = [r for r in idx.quotes if needle in ((r.speaker.name if r.speaker else "") + "\n" + (r.speaker_text or "")).casefold()]
    else:
        rows = list(idx.quotes)
    rows.sort(key=lambda r: (r.published or "", r.article, r.start))
    return _window(rows, limit, offset)


# ------------------------------------------------------------------ outlets


def list_outlets(store: Store, limit: int = 100, offset: int = 0) -> Page[OutletSummary]:
    limit, offset = _clamp(limit, offset)
    total, rows = store.outlets(limit, offset)
    return _page([OutletSummary(name=r.name, articles=r.articles, first_published=r.first_published,
                                last_published=r.last_published) for r in rows], total, limit, offset)


def sourcing_profile(store: Store, outlet: str) -> SourcingProfile:
    """The outlet's sourcing profile: ``align.assess`` of each of its extracted articles, summed and averaged."""

    def make() -> SourcingProfile:
        p = SourcingProfile()
        scores, shares = [], []
        for a, e in store.articles_with_extractions(store.outlet_article_ids(outlet)):
            if e is None:
                continue
            ev, score = assess(a, e)
            scores.append(score)
            shares.append(ev.named_attribution_share)
            p.direct_quotes_named += ev.direct_quotes_named
            p.vague_sourcing += ev.vague_sourcing
            p.first_person += ev.first_person
            p.boilerplate_sections += ev.boilerplate_sections
            p.failed_self_claims += ev.failed_self_claims
            p.articles_with_failed_self_claims += ev.failed_self_claims > 0
        n = len(scores)
        p.articles_assessed = n
        if n:
            p.mean_score = round(sum(scores) / n, 3)
            p.named_attribution_share = round(sum(shares) / n, 3)
            p.direct_quotes_named_per_article = round(p.direct_quotes_named / n, 2)
            p.vague_sourcing_per_article = round(p.vague_sourcing / n, 2)
        return p

    return _profiles.get(store, ("profile", outlet), make)


def outlet_detail(store: Store, name: str, limit: int = 50, offset: int = 0) -> OutletDetail:
    """An outlet's stored articles (a page of them), its sourcing profile and its stories; :class:`NotFound` if none."""
    page = list_articles(store, limit, offset, outlet=name)
    if page.total == 0:
        raise NotFound("outlet", name)
    ids = store.outlet_article_ids(name)
    metas = store.article_metas(ids)
    dates = sorted(m.meta.published for m in metas.values() if m.meta.published)
    story_ids = sorted({s for v in store.story_ids_of(ids).values() for s in v})
    stories = [s for s in (store.find_story(x) for x in story_ids[:200]) if s is not None]
    stories.sort(key=lambda s: s.last_published or "", reverse=True)
    return OutletDetail(outlet=OutletSummary(name=name, articles=page.total, first_published=dates[0] if dates else None,
                                             last_published=dates[-1] if dates else None),
                        profile=sourcing_profile(store, name), articles=page,
                        stories=[StoryRef(id=s.id, title=s.title, first_published=s.first_published,
                                          last_published=s.last_published) for s in stories])


# ------------------------------------------------------------------ search


def search(store: Store, q: str, limit: int = 20, offset: int = 0) -> SearchResults:
    """Full-text search: articles by title and text (the store's index, best first, with marked snippets), claims
    (the store's claims index) and quotes whose words include every word of the query."""
    limit, offset = _clamp(limit, offset)
    total, hits = store.search_articles(q, limit, offset)
    stories = store.story_ids_of(h.meta.id for h in hits)
    articles = [ArticleSearchHit(
        article=ArticleSummary(id=h.meta.id, title=h.meta.title, outlet=h.meta.outlet, url=h.meta.url,
                               published=h.meta.published, language=h.meta.language, word_count=h.meta.word_count,
                               stories=stories.get(h.meta.id, [])),
        title=[Fragment(text=t, match=m) for t, m in marked(h.title)],
        snippet=[Fragment(text=t, match=m) for t, m in marked(h.snippet)], score=round(h.score, 6)) for h in hits]
    claims = [ClaimSearchHit(article=c.article_id, claim=c.claim_id, start=c.start, end=c.end, text=c.text,
                             source=c.source, score=round(c.score, 6)) for c in store.search_claims(q, limit=limit)] \
        if offset == 0 else []
    words = [w.casefold() for w in re.findall(r"[^\W_]+", q)]
    quotes: list[QuoteRow] = []
    if words and offset == 0:
        for r in record_index(store).quotes:
            low = r.text.casefold()
            if all(w in low for w in words):
                quotes.append(r)
                if len(quotes) >= limit:
                    break
    return SearchResults(query=q, articles=_page(articles, total, limit, offset), claims=claims, quotes=quotes)


# ------------------------------------------------------------------ ingest through the API


class IngestResult(View):
    stored: list[str]
    already_stored: int
    near_duplicates: int
    not_extracted: int
    problems: list[str]
    stories: int | None = None


def ingest_articles(store: Store, articles: list[Article], regroup: bool = False) -> IngestResult:
    """Extracts and stores articles given as records (the API's ``POST /api/articles``); regroups the stories when
    asked. Goes through :func:`crosscheck.jobs.ingest_items` like every other ingest."""
    from crosscheck.jobs import ingest_items, stories

    report = ingest_items(iter(articles), store)
    grouped = len(stories(store)) if regroup else None
    return IngestResult(stored=report.stored_ids, already_stored=report.already_stored,
                        near_duplicates=report.near_duplicates, not_extracted=report.not_extracted,
                        problems=[str(p) for p in report.problems], stories=grouped)
