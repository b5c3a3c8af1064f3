"""Latency of the web app: a story page and its API brief for a story of 50 articles, and the list endpoints, with
many articles stored. A benchmark, not a test: it prints a table.

    python bench/web.py [--articles 5000] [--extract 60] [--requests 40] [--bench PATH] [--db URL]

Extracts the first ``--extract`` articles of the bench file (../shared/data/bench/abp-5000.jsonl.gz) once, then
stores ``--articles`` articles in a fresh SQLite file (or ``--db``, e.g. a PostgreSQL URL, emptied first): the
extracted ones and copies of them (their text with a marker line appended, dates moved a week per round, so every
copy is its own article and the offsets stay true), groups them into stories (``crosscheck stories``) and adds one
story made of 50 distinct extracted articles. Then it serves the app with uvicorn on 127.0.0.1 and times requests
with httpx over loopback: the story page and the API brief once cold (nothing cached), then, after the warm-up that
``crosscheck serve`` runs in the background at start (:func:`crosscheck.views.warm`), the first request of each kind
and ``--requests`` more, with the list endpoints paged to random offsets. Figures: milliseconds, p50 and p95.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from benchdata import first_articles  # bench/benchdata.py, beside this script

from crosscheck import jobs, views
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Extraction, Story
from crosscheck.store import Store
from crosscheck.web.background import serve_in_background

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/bench/abp-5000.jsonl.gz"


def shifted(published: str | None, weeks: int) -> str:
    """The date ``weeks`` later (an undated or oddly dated article counts from 2020-01-06: copies left on one date
    would all join one story)."""
    try:
        start = date.fromisoformat((published or "")[:10])
    except ValueError:
        start = date(2020, 1, 6)
    return (start + timedelta(weeks=weeks)).isoformat()


def copies(items: list[tuple[Article, Extraction]], total: int):  # type: ignore[no-untyped-def]
    """The extracted articles, then copies of them until there are ``total``."""
    for i in range(total):
        a, e = items[i % len(items)]
        rnd = i // len(items)
        if rnd == 0:
            yield a, e
            continue
        aid, pub = f"{a.id}~{rnd}", shifted(a.published, rnd)
        yield (a.model_copy(update={"id": aid, "published": pub, "text": a.text + f"\n[copy {rnd}]"}),
               e.model_copy(update={"article": e.article.model_copy(update={"id": aid, "published": pub})}))


def fill(store: Store, items: list[tuple[Article, Extraction]], total: int, story_size: int) -> str:
    t0 = time.perf_counter()
    for a, e in copies(items, total):
        store.add(a, e)
    t1 = time.perf_counter()
    grouped = jobs.stories(store)
    t2 = time.perf_counter()
    members = [a.id for a, _ in items[:story_size]]
    big = Story(id="s-bench-50", title=f"{len(members)} bench articles", articles=members,
                first_published=min((a.published for a, _ in items[:story_size] if a.published), default=None),
                last_published=max((a.published for a, _ in items[:story_size] if a.published), default=None))
    store.replace_stories([*grouped, big])
    print(f"stored {store.count()} articles in {t1 - t0:.1f} s, grouped into {len(grouped)} stories in {t2 - t1:.1f} s;"
          f" plus story s-bench-50 of {len(members)} articles")
    return big.id


def timed(client: httpx.Client, url: str) -> float:
    t = time.perf_counter()
    r = client.get(url)
    ms = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url} -> {r.status_code}: {r.text[:300]}")
    return ms


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else xs[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--extract", type=int, default=60)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--bench", type=Path, default=DEFAULT)
    ap.add_argument("--db", default=None, help="store URL (default: a fresh SQLite file in a temporary folder)")
    ap.add_argument("--warm-stories", type=int, default=1000,
                    help="brief the newest N stories in the warm-up; the story list is paged within them")
    ap.add_argument("--reuse", action="store_true", help="time a store --db that an earlier run filled, as it is")
    args = ap.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'web.db'}"
        store = Store(url)
        if args.reuse and store.find_story("s-bench-50"):
            story = "s-bench-50"
        elif store.count():
            raise SystemExit(f"{url} is not empty (--reuse times it as it is)")
        else:
            t = time.perf_counter()
            arts = first_articles(args.bench, args.extract)
            items = list(zip(arts, extract_articles(arts), strict=True))
            print(f"extracted {len(items)} bench articles in {time.perf_counter() - t:.1f} s")
            story = fill(store, items, args.articles, min(50, len(items)))
        served = serve_in_background(store)
        base = served.url
        stories_total, n_articles = store.count_stories(), store.count()
        warmed = min(stories_total, args.warm_stories)
        probes = {
            "story page /stories/ID (50 articles)": lambda: f"/stories/{story}",
            "API brief /api/stories/ID/brief (50 articles)": lambda: f"/api/stories/{story}/brief",
            "/api/stories": lambda: f"/api/stories?limit=20&offset={rng.randrange(0, max(1, warmed - 20))}",
            "/ (stories page)": lambda: f"/?page={rng.randrange(1, max(2, warmed // 20))}",
            "/api/articles": lambda: f"/api/articles?limit=50&offset={rng.randrange(0, max(1, n_articles - 50))}",
            "/api/actors": lambda: f"/api/actors?limit=50&offset={rng.randrange(0, 500)}",
            "/api/events": lambda: f"/api/events?limit=50&offset={rng.randrange(0, 5000)}",
            "/api/events?type=ASSAULT": lambda: f"/api/events?type=ASSAULT&limit=50&offset={rng.randrange(0, 200)}",
            "/api/quotes": lambda: f"/api/quotes?limit=50&offset={rng.randrange(0, 5000)}",
            "/api/outlets": lambda: "/api/outlets?limit=100",
            "/api/search?q=": lambda: f"/api/search?q={rng.choice(['ukraine', 'ceasefire talks', 'election', 'missile strike', 'trade'])}",
        }
        rows = []
        with httpx.Client(base_url=base, timeout=600) as client:
            cold = {name: timed(client, probes[name]()) for name in list(probes)[:2]}
            t = time.perf_counter()
            briefed = views.warm(store, limit=args.warm_stories, large=False)
            print(f"warm-up (views.warm: the actor/event/quote index and the counts of the {briefed} newest stories of "
                  f"up to {views.LIST_BRIEF_LIMIT} articles, what "
                  f"`crosscheck serve` does in the background at start): {time.perf_counter() - t:.1f} s")
            for name, make in probes.items():
                first = cold.get(name) or timed(client, make())
                warm = [timed(client, make()) for _ in range(args.requests)]
                rows.append((name, first, statistics.median(warm), p95(warm)))
        served.stop()
        print(f"\n{store.count()} articles, {stories_total} stories, {args.requests} warm requests each "
              f"(list endpoints at random offsets), {url.split(':')[0]}\n")
        print(f"| {'request':50} | first ms | warm p50 ms | warm p95 ms |")
        print(f"|{'-' * 52}|----------|-------------|-------------|")
        for name, cold, p50, p in rows:
            print(f"| {name:50} | {cold:8.0f} | {p50:11.1f} | {p:11.1f} |")
        store.close()


if __name__ == "__main__":
    main()
