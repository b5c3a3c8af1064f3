"""Stories: the list with counts, a story's brief (cached by its articles), the story page (facts matrix,
actor graph, coverage over time), and the warm-up that briefs every story ahead of the first reader."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from crosscheck.align import build_brief
from crosscheck.model import (
    Brief,
    Conflict,
    Extraction,
    FactCell,
    FactRow,
    OnlyIn,
    QuoteEntry,
    Story,
)
from crosscheck.store import Store, StoredArticle
from crosscheck.views.base import (
    Cache,
    NotFound,
    Page,
    View,
    clamp,
    cooperative,
    key_of,
    page_of,
    safe_link,
    source_label,
)
from crosscheck.views.index import record_index
from crosscheck.views.records import Coverage, StorySummary

_briefs = Cache(256, per_state=False)
_story_views = Cache(64, per_state=False)
#: (store url, story id, its articles) -> (agreements, conflicts): what the list of stories shows, kept for every
#: story ever briefed (a few bytes each), so that paging through thousands of stories does not brief them again
_counts: dict[tuple, tuple[int, int]] = {}


def brief_for(store: Store, story: Story) -> Brief:
    """The brief :func:`crosscheck.jobs.brief` builds (``crosscheck brief``; a test holds the two equal), for a story
    already read and with its articles read in one query: ``jobs.brief`` reads every story to find one."""
    found = {a.id: (a, e) for a, e in store.articles_with_extractions(story.articles) if e is not None}
    return build_brief(story, [found[a] for a in story.articles if a in found], store.copy_roots(story.articles),
                       store.claim_embeddings(found))


def cached_brief(store: Store, story: Story, fingerprint: tuple | None = None) -> Brief:
    """The story's brief, exactly what ``crosscheck brief --json`` prints, built once for the same articles (an
    article re-extracted in place is not noticed)."""
    b = _briefs.get(store, ("brief", story.id, tuple(story.articles)), lambda: brief_for(store, story))
    _counts[(store.url, story.id, tuple(story.articles))] = (len(b.agreements), len(b.conflicts))
    return b


#: a story with more articles than this is not briefed for the list of stories (a brief grows faster than its
#: story: hundreds of articles take minutes); the list shows its counts once the warm-up or its page has briefed it
LIST_BRIEF_LIMIT = 60


def story_counts(store: Store, story: Story, wait: bool = True) -> tuple[int, int] | None:
    """(agreements, conflicts) of the story's brief, briefing it only the first time; None instead of briefing a
    large story (over :data:`LIST_BRIEF_LIMIT` articles) when ``wait`` is false."""
    got = _counts.get((store.url, story.id, tuple(story.articles)))
    if got is None:
        if not wait and len(story.articles) > LIST_BRIEF_LIMIT:
            return None
        b = cached_brief(store, story)
        got = (len(b.agreements), len(b.conflicts))
    return got


def warm(store: Store, stop: threading.Event | None = None, limit: int | None = None, large: bool = True) -> int:
    """Builds, ahead of the first reader, the index of actors, events and quotes and the counts of every story
    (of the ``limit`` newest), newest first, the large ones last (none with ``large`` false); what ``crosscheck
    serve`` does in the background. Returns how many stories it briefed."""
    record_index(store)
    done, offset, waiting = 0, 0, []
    while not (stop and stop.is_set()) and (limit is None or offset < limit):
        page = store.stories_page(100, offset)
        if not page:
            break
        for s in page:
            if stop and stop.is_set():
                break
            if (store.url, s.id, tuple(s.articles)) in _counts:
                continue
            if len(s.articles) > LIST_BRIEF_LIMIT:
                waiting.append(s)
                continue
            story_counts(store, s)
            done += 1
        offset += len(page)
    for s in sorted(waiting if large else [], key=lambda s: len(s.articles)):
        if stop and stop.is_set():
            break
        story_counts(store, s)
        done += 1
    return done


# ------------------------------------------------------------------ stories


def list_stories(store: Store, limit: int = 20, offset: int = 0) -> Page[StorySummary]:
    """Stories newest first, each with its number of sources and outlets, date span, agreements and conflicts."""
    limit, offset = clamp(limit, offset)
    page = store.stories_page(limit, offset)
    metas = store.article_metas(a for s in page for a in s.articles)
    items = []
    for s in page:
        outlets = sorted({metas[a].meta.outlet for a in s.articles if a in metas and metas[a].meta.outlet})  # type: ignore[misc]
        agreements, conflicts = story_counts(store, s, wait=False) or (None, None)
        items.append(StorySummary(id=s.id, title=s.title, article_ids=s.articles, articles=len(s.articles), outlets=len(outlets),
                                  outlet_names=outlets, first_published=s.first_published,
                                  last_published=s.last_published, agreements=agreements, conflicts=conflicts))
    return page_of(items, store.count_stories(), limit, offset)


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


#: how much of a long brief the story page shows (the brief's JSON has it all): speakers (most quoted first), quotes
#: per speaker, single-source facts per source
SPEAKERS, PER_SPEAKER, PER_SOURCE = 40, 6, 12

_brief_json = Cache(32, per_state=False)


def story_brief_json(store: Store, story_id: str) -> bytes:
    """The brief as the JSON bytes the API sends (equal, parsed, to ``crosscheck brief --json``), serialised once
    per story and articles: a brief of 50 articles is megabytes."""
    s = store.find_story(story_id)
    if s is None:
        raise NotFound("story", story_id)
    return _brief_json.get(store, ("json", s.id, tuple(s.articles)), lambda: cached_brief(store, s).model_dump_json().encode())


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


class SpeakerQuotes(View):
    speaker: str
    quotes: list[QuoteEntry]
    more: int = 0


class SourceOnly(View):
    article: str
    label: str
    items: list[OnlyIn]
    more: int = 0


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
    speakers_more: int = 0
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
    ranked = sorted(speakers.items(), key=lambda kv: (-sum(len(q.articles) for q in kv[1]), kv[0]))
    only: dict[str, list[OnlyIn]] = defaultdict(list)
    for o in b.only_in:
        only[o.article].append(o)
    matrix = fact_matrix(b.facts, s.articles)
    return StoryView(story=summary, brief=b, sources=sources, matrix=matrix[:matrix_rows],
                     matrix_more=max(0, len(matrix) - matrix_rows), labels=labels, graph=actor_graph(exts, graph_nodes),
                     coverage=coverage([metas[a] for a in s.articles if a in metas], labels),
                     speakers=[SpeakerQuotes(speaker=k, quotes=v[:PER_SPEAKER], more=max(0, len(v) - PER_SPEAKER))
                               for k, v in ranked[:SPEAKERS]],
                     speakers_more=max(0, len(ranked) - SPEAKERS),
                     only_in=[SourceOnly(article=a, label=labels.get(a, a), items=only[a][:PER_SOURCE],
                                         more=max(0, len(only[a]) - PER_SOURCE)) for a in s.articles if a in only],
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


