"""``crosscheck bench --scale N``: query speed and story grouping with N articles stored (issue 17, point 5).

Parsing 100,000 articles would take days on a small machine, so the store is filled by replication: a few hundred
dated English articles of the input are extracted once (or their extractions are read from a file ``crosscheck
extract`` wrote), their claim embeddings computed once, and then copies are stored in bulk
(:meth:`crosscheck.store.Store.add_prepared`). Copy ``k`` of an article has the id ``ID~k``, the URL
``URL#copy-k``, a last line "(copy k)" added to its text (so that its content hash is its own) and its publication
date moved ``k`` periods later, a period being the span of the base articles' dates plus twice the story window:
copies of one article never fall in one story window, and every period holds the same number of articles, so the
number of stories an article is compared with does not grow with the store. Events keep their own dates.

For each size, in increasing order, the store is filled up to it, grouped into stories (``jobs.stories``: the
time per article is the figure that must not grow), and then timed with ``queries`` requests of each kind, each a
different story, actor or query, picked with a fixed seed:

- ``brief``: ``jobs.brief`` of a story of two or more articles (what ``crosscheck brief`` computes; no cache);
- ``timeline``: ``jobs.actor_timeline``, the first page (50 events) of an actor's events in date order: a quarter
  of the actors are the base articles' busiest, the rest drawn among all actors with events;
- ``search``: ``Store.search_articles`` (first page of 20, with snippets, and the number of matches) and
  ``Store.search_claims`` (best 20) for two words of a base article's title, as the web app's search asks them
  (:func:`crosscheck.views.outlets.search_hits`: the two at once, the claims in a second thread; the best of the
  newest ``SEARCH_WINDOW`` matches).

The report gives p50 and p95 of each, the store's size on disk, the peak memory while grouping, and the
machine's load average.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from crosscheck.benchmark import DEFAULT_INPUT, first_articles
from crosscheck.errors import CrosscheckError
from crosscheck.extract.context import parse_published
from crosscheck.model import Article, Extraction

if TYPE_CHECKING:
    from rich.table import Table

    from crosscheck.store import PreparedArticle, Store

_T = TypeVar("_T")
QUERY_KINDS = ("brief", "timeline", "search")
#: placeholders for a copy's id and publication date in its extraction's JSON (filled in by str.replace)
_ID, _PUB = "@@crosscheck-copy-id@@", "@@crosscheck-copy-published@@"


@dataclass(frozen=True)
class ScaleOptions:
    """Which store sizes to reach (articles, increasing), how many input articles to read for the base set, an
    extractions file to take their extractions from (None: extract them now), the store (None: a new SQLite file
    in a temporary folder), and how many requests of each kind to time at each size."""

    sizes: tuple[int, ...] = (10_000, 50_000, 100_000)
    base: int = 500
    extractions: Path | None = None
    db: str | None = None
    queries: int = 30
    seed: int = 17
    chunk: int = 250
    #: False: time the requests on the stories the store holds (group it another way, or later), do not group
    group: bool = True


@dataclass(frozen=True)
class QueryTimes:
    """Times of one kind of request at one size, in milliseconds."""

    kind: str
    count: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    note: str = ""


@dataclass
class SizeResult:
    """One size: how long filling and grouping took, the store's size, and the requests' times."""

    articles: int
    fill_seconds: float
    store_mb: float
    stories: int
    #: None where the store was grouped already (a run resumed on a filled store)
    grouping_seconds: float | None
    grouping_ms_per_article: float | None
    load_average: float
    #: the process's peak resident memory while grouping (sampled every 0.1 s; None where not grouped)
    grouping_peak_rss_mb: float | None = None
    queries: list[QueryTimes] = field(default_factory=list)


@dataclass
class ScaleReport:
    input: str
    base_articles: int
    period_days: int
    backend: str
    date: str
    machine: str
    cpus: int
    sizes: list[SizeResult] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return 0.0
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@dataclass(frozen=True)
class _Base:
    """A base article, prepared once: its extraction's JSON with placeholders, its claim, actor-event and
    actor-article rows."""

    article: Article
    day: date
    extraction_json: str
    claim_rows: list[dict]
    event_rows: list[dict]
    actor_rows: list[dict]


def base_articles(input_path: str | Path, limit: int, extractions: Path | None = None,
                  on_progress: Callable[[str], None] | None = None) -> list[tuple[Article, Extraction]]:
    """The dated English articles among the first ``limit`` of the input, each with its extraction: read from
    ``extractions`` (JSON Lines as ``crosscheck extract`` writes them; articles without one are left out) or, when
    None, extracted now."""
    arts = [a for a in first_articles(input_path, limit) if parse_published(a.published)]
    if extractions is not None:
        by_id = {a.id: a for a in arts}
        out = []
        with extractions.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    ext = Extraction.from_json(line)
                    if ext.article.id in by_id:
                        out.append((by_id.pop(ext.article.id), ext))
        return out
    from crosscheck.extract import extract_articles

    if on_progress:
        on_progress(f"extracting {len(arts)} base articles")
    found = {e.article.id: e for e in extract_articles(arts)}
    return [(a, found[a.id]) for a in arts if a.id in found]


def _prepare(items: list[tuple[Article, Extraction]]) -> list[_Base]:
    from crosscheck.store import actor_rows, claim_rows, event_rows

    out = []
    for a, e in items:
        day = parse_published(a.published)
        assert day is not None
        template = e.model_copy(update={"article": e.article.model_copy(update={"id": _ID, "published": _PUB})})
        out.append(_Base(a, day, template.to_json(), claim_rows(_ID, e), event_rows(_ID, _PUB, e),
                         actor_rows(_ID, e)))
    return out


def copies(base: list[_Base], period: int, start: int, stop: int) -> Iterator[PreparedArticle]:
    """Copies number ``start`` to ``stop - 1`` (counted over the base articles in order, copy k of every base
    article before copy k + 1 of any) as articles ready to store."""
    from crosscheck.store import PreparedArticle

    n = len(base)
    for i in range(start, stop):
        k, j = divmod(i, n)
        b = base[j]
        a = b.article
        aid, pub = f"{a.id}~{k}", (b.day + timedelta(days=k * period)).isoformat()
        copy = a.model_copy(update={"id": aid, "published": pub, "url": f"{a.url}#copy-{k}" if a.url else None,
                                    "text": f"{a.text}\n\n(copy {k})", "source": None})
        yield PreparedArticle(copy, b.extraction_json.replace(_ID, aid).replace(_PUB, pub),
                              [r | {"article_id": aid} for r in b.claim_rows],
                              [r | {"article_id": aid, "day": pub if r["day"] == _PUB else r["day"]} for r in b.event_rows],
                              [r | {"article_id": aid} for r in b.actor_rows])


def peak_rss_while(call: Callable[[], _T], every: float = 0.1) -> tuple[_T, float]:
    """(what ``call`` returns, the process's peak resident memory in MB while it ran, sampled every ``every``
    seconds and at its start and end: :class:`crosscheck.benchmark.MemorySampler`)."""
    from crosscheck.benchmark import MemorySampler

    with MemorySampler(every) as mem:
        result = call()
    return result, mem.peak / 2**20


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    """The time of each call but the first, which runs untimed (it loads what every later call finds loaded: the
    embedding model, lazy imports, the database's first pages)."""
    out = []
    if calls:
        calls[0]()
    for call in calls[1:]:
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _times(kind: str, ms: list[float], note: str = "") -> QueryTimes:
    return QueryTimes(kind, len(ms), round(percentile(ms, 50), 1), round(percentile(ms, 95), 1),
                      round(max(ms, default=0.0), 1), note)


_TITLE_WORD = re.compile(r"[A-Za-z]{4,}")


def time_queries(store: Store, base: list[tuple[Article, Extraction]], n: int, seed: int,
                 kinds: tuple[str, ...] = QUERY_KINDS) -> list[QueryTimes]:
    """p50 / p95 of each kind of request over ``n`` different stories, actors and queries (fixed seed), after one
    more of each, untimed."""
    from crosscheck import jobs
    from crosscheck.store.keys import actor_key
    from crosscheck.views.outlets import search_hits

    rng = random.Random(seed)
    out = []
    if "brief" in kinds:
        grouped = [s for s in store.list_stories() if len(s.articles) > 1]
        picked = rng.sample(grouped, min(n + 1, len(grouped)))
        ms = _timed([lambda s=s: jobs.brief(store, s.id) for s in picked])
        sizes = sorted(len(s.articles) for s in picked[1:])
        out.append(_times("brief", ms, f"stories of {sizes[0]}-{sizes[-1]} articles, median "
                                       f"{statistics.median(sizes):g}" if sizes else "no story of 2+ articles"))
    if "timeline" in kinds:
        counts = Counter(actor_key(x.name, x.kind) for _, e in base for ev in e.events
                         for x in (e.actor(i) for i in (*ev.actor, *ev.recipient)) if x is not None)
        top = [k for k, _ in counts.most_common(max(1, n // 4))]  # the busiest actors, and others at random
        rest = sorted(set(counts) - set(top))
        picked_keys = rng.sample(rest, min(n + 1 - len(top), len(rest))) + top
        totals: list[int] = []
        ms = _timed([lambda k=k: totals.append(jobs.actor_timeline(store, k, limit=50).total) for k in picked_keys])
        out.append(_times("timeline", ms, f"actors with {min(totals[1:], default=0)}-{max(totals[1:], default=0)} "
                                          f"event rows, median {statistics.median(totals[1:]) if totals[1:] else 0:g}"))
    if "search" in kinds:
        words = [w for w in (_TITLE_WORD.findall(a.title or "") for a, _ in base) if len(w) >= 2]
        queries = [" ".join(rng.sample(ws, 2)) for ws in rng.sample(words, min(n + 1, len(words)))]
        hits: list[int] = []

        def search(q: str) -> None:
            total, _, _ = search_hits(store, q, 20)
            hits.append(total)

        ms = _timed([lambda q=q: search(q) for q in queries])
        out.append(_times("search", ms, f"two title words; {min(hits[1:], default=0)}-{max(hits[1:], default=0)} "
                                        f"matching articles, median {statistics.median(hits[1:]) if hits[1:] else 0:g}"))
    return out


def _resumable(store: Store, base: list[_Base], period: int) -> int:
    """How many copies the store already holds: 0 for an empty store, n for a store holding exactly the first n
    copies of these base articles (a run stopped and run again goes on where it stopped); anything else is an
    error."""
    n = store.count()
    if n == 0:
        return 0
    ends = [next(copies(base, period, i, i + 1)).article.id for i in (0, n - 1)]
    if len(store.article_metas(ends)) < len(set(ends)):
        raise CrosscheckError(f"the store {store.name} is not empty and not a replication of these articles: the scale "
                              "benchmark fills an empty store")
    return n


def run_scale(input_path: str | Path = DEFAULT_INPUT, options: ScaleOptions = ScaleOptions(),
              on_progress: Callable[[str], None] | None = None) -> ScaleReport:
    """Fills a store to each of ``options.sizes`` by replication, groups it and times the requests (see the
    module's docstring). A store that already holds the first copies (a run stopped, or a store kept from an
    earlier run) is filled on from there, and not grouped again when its stories cover every article. Raises
    :class:`~crosscheck.errors.CrosscheckError` for another non-empty store or an input without dated, extracted
    English articles."""
    from crosscheck import embed, jobs
    from crosscheck.align import StoryOptions
    from crosscheck.store import Store

    say = on_progress or (lambda _m: None)
    sizes = sorted(set(options.sizes))
    if not sizes or sizes[0] < 1:
        raise CrosscheckError("--scale takes positive numbers of articles")
    items = base_articles(input_path, options.base, options.extractions, say)
    if not items:
        raise CrosscheckError(f"no dated English articles with an extraction among the first {options.base} of "
                              f"{input_path}")
    embed.model()
    base = _prepare(items)
    days = [b.day for b in base]
    period = (max(days) - min(days)).days + 2 * StoryOptions().window_days + 1
    with tempfile.TemporaryDirectory(prefix="crosscheck-scale-") as tmp:
        store = Store(options.db or f"sqlite:///{Path(tmp) / 'scale.db'}")
        try:
            stored = _resumable(store, base, period)
            report = ScaleReport(str(input_path), len(base), period, store.engine.dialect.name,
                                 datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                                 f"{platform.node()} {platform.machine()} {platform.python_implementation()} "
                                 f"{platform.python_version()}", os.cpu_count() or 1)
            for size in sizes:
                if size < stored:
                    say(f"{size:,} articles: the store already holds {stored:,}, skipped")
                    continue
                t0 = time.perf_counter()
                while stored < size:
                    stop = min(size, stored + options.chunk)
                    stored += store.add_prepared(copies(base, period, stored, stop))
                fill = time.perf_counter() - t0
                grouping: float | None = None
                rss: float | None = None
                if not options.group or (store.count_grouped() == size and store.count_stories()):
                    say(f"{size:,} articles stored ({fill:.0f} s), not grouped now; timing requests")
                    n_stories = store.count_stories()
                else:
                    say(f"{size:,} articles stored ({fill:.0f} s); grouping")
                    t0 = time.perf_counter()
                    grouped, rss = peak_rss_while(lambda: jobs.stories(store))
                    grouping = time.perf_counter() - t0
                    n_stories = len(grouped)
                    del grouped
                    say(f"{size:,} articles grouped ({grouping:.0f} s, peak {rss:,.0f} MB); timing requests")
                result = SizeResult(size, round(fill, 1), round(store.size_bytes() / 2**20, 1), n_stories,
                                    None if grouping is None else round(grouping, 2),
                                    None if grouping is None else round(grouping * 1000 / size, 3),
                                    round(os.getloadavg()[0], 2), None if rss is None else round(rss, 1))
                result.queries = time_queries(store, items, options.queries, options.seed)
                report.sizes.append(result)
                say(f"{size:,} articles: " + ", ".join(f"{q.kind} p95 {q.p95_ms:.0f} ms" for q in result.queries))
        finally:
            store.close()
    return report


def scale_table(report: ScaleReport) -> Table:
    """The report as a rich table: one row per size."""
    from rich.table import Table

    kinds = [q.kind for q in report.sizes[0].queries] if report.sizes else []
    table = Table("articles", "store MB", "stories", "grouping s", "ms/article", "grouping peak MB",
                  *(f"{k} p50/p95 ms" for k in kinds), "load",
                  title=f"crosscheck bench --scale: {report.backend}, {report.base_articles} base articles replicated, "
                        f"{report.date}",
                  caption=f"{report.machine}, {report.cpus} CPUs; load: 1-minute load average after grouping")
    for r in report.sizes:
        table.add_row(f"{r.articles:,}", f"{r.store_mb:,.0f}", f"{r.stories:,}",
                      "" if r.grouping_seconds is None else f"{r.grouping_seconds:.1f}",
                      "" if r.grouping_ms_per_article is None else f"{r.grouping_ms_per_article:.2f}",
                      "" if r.grouping_peak_rss_mb is None else f"{r.grouping_peak_rss_mb:,.0f}",
                      *(f"{q.p50_ms:.0f} / {q.p95_ms:.0f}" for q in r.queries),
                      f"{r.load_average:.2f}")
    return table
