"""Many processes opening one store that does not exist yet and writing into it at the same moment (issue 19,
issue 17 point 4): on a real SQLite file and, where CI started one, a fresh database on a real PostgreSQL server.

Every round starts from a store that does not exist, so the race on the migrations is real each time; the workers
wait on a barrier and open the store together. Each stores articles of its own, articles every worker has (same
id and text) and wire copies (same text, an id per worker): every article must be stored exactly once, reported
stored by exactly one worker, with its extraction, and no worker may fail.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from crosscheck.errors import StoreLockedError
from crosscheck.model import Article, Extraction
from crosscheck.store import Store

PG = os.environ.get("CROSSCHECK_TEST_PG_URL")
ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
ROUNDS = 5
OWN, SHARED, WIRE = 4, 4, 2  # articles per worker: its own; the same in every worker; the same text under its own id

_barrier = None  # set in each worker process by _init


def _init(barrier) -> None:  # type: ignore[no-untyped-def]
    global _barrier
    _barrier = barrier


def _articles(worker: int) -> list[Article]:
    own = [Article(id=f"w{worker}-{i}", text=f"Worker {worker} reports item {i} on the talks.") for i in range(OWN)]
    shared = [Article(id=f"s{i}", text=f"Everyone reports shared item {i} on the ceasefire.") for i in range(SHARED)]
    wire = [Article(id=f"wire{i}-w{worker}", text=f"Agency copy {i}: the corridor stays open.") for i in range(WIRE)]
    return own + shared + wire


def _open_and_add(url: str, worker: int) -> tuple[list[str], str | None]:
    """Runs in a worker: waits for the others, opens the store, adds its articles; the ids it stored, or the
    traceback that stopped it."""
    stored: list[str] = []
    try:
        _barrier.wait(timeout=120)
        store = Store(url)
        try:
            for a in _articles(worker):
                if store.add(a, Extraction(article=a.meta())):
                    stored.append(a.id)
        finally:
            store.close()
    except Exception:  # noqa: BLE001 - the test reports whatever stopped a worker
        return stored, traceback.format_exc()
    return stored, None


@pytest.fixture(scope="module")
def pool() -> Iterator[multiprocessing.pool.Pool]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    with ctx.Pool(WORKERS, initializer=_init, initargs=(barrier,)) as p:
        yield p


def _race(pool: multiprocessing.pool.Pool, url: str) -> None:
    results = pool.starmap(_open_and_add, [(url, w) for w in range(WORKERS)], chunksize=1)
    failures = [tb for _, tb in results if tb]
    assert not failures, "a worker failed:\n" + "\n".join(failures)
    reported = [aid for ids, _ in results for aid in ids]
    assert len(reported) == len(set(reported)), f"an article was reported stored twice: {sorted(reported)}"
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            ids = [r[0] for r in c.execute(text("SELECT id FROM articles"))]
            hashes = [r[0] for r in c.execute(text("SELECT content_hash FROM articles"))]
            extracted = c.execute(text("SELECT count(*) FROM extractions")).scalar()
    finally:
        engine.dispose()
    expected = WORKERS * OWN + SHARED + WIRE
    assert len(ids) == expected and len(set(ids)) == expected and len(set(hashes)) == expected, sorted(ids)
    assert extracted == expected
    assert sorted(ids) == sorted(reported)
    everyone = {a.id for w in range(WORKERS) for a in _articles(w) if not a.id.startswith("wire")}
    assert everyone <= set(ids)
    assert sum(aid.startswith("wire") for aid in ids) == WIRE


def test_processes_opening_and_filling_one_new_sqlite_file_store_every_article_once(pool, tmp_path):
    for k in range(ROUNDS):
        _race(pool, f"sqlite:///{tmp_path / f'race{k}.db'}")


@pytest.fixture
def pg_database() -> Iterator[callable]:
    """Creates fresh, empty databases on the test server (dropped afterwards): a new store each time."""
    if not PG:
        pytest.skip("CROSSCHECK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def new() -> str:
        name = f"crosscheck_race_{uuid.uuid4().hex[:12]}"
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(PG).set(database=name).render_as_string(hide_password=False)

    yield new
    with admin.connect() as c:
        for name in made:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_processes_opening_and_filling_one_new_postgresql_database_store_every_article_once(pool, pg_database):
    for _ in range(ROUNDS):
        _race(pool, pg_database())


# ---------------------------------------------------------------- waiting for a lock, and giving up in one line

def test_a_writer_waits_for_another_writers_lock_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'wait.db'}"
    Store(url).close()
    holder = sqlite3.connect(tmp_path / "wait.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, holder.rollback).start()
    store = Store(url, lock_timeout=30)
    a = Article(id="a1", text="Written while another process held the lock.")
    started = time.monotonic()
    assert store.add(a, Extraction(article=a.meta())) is True
    assert time.monotonic() - started >= 0.9
    assert store.count() == 1
    store.close()
    holder.close()


def test_a_writer_that_waits_too_long_for_sqlites_lock_says_so_in_one_line(tmp_path):
    path = tmp_path / "busy.db"
    Store(f"sqlite:///{path}").close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = Store(f"sqlite:///{path}", lock_timeout=0.5)
    a = Article(id="a1", text="Never written: the lock is held.")
    with pytest.raises(StoreLockedError) as info:
        store.add(a, Extraction(article=a.meta()))
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "0.5 s" in message
    holder.rollback()
    assert store.count() == 0
    assert store.add(a, Extraction(article=a.meta())) is True
    store.close()
    holder.close()


def test_opening_a_new_store_that_another_process_is_migrating_gives_up_in_one_line(tmp_path):
    """A store whose migration lock is held (here by a transaction on the empty file) for longer than the timeout:
    the CLI prints one line naming the store, no traceback."""
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN EXCLUSIVE")
    env = dict(os.environ, CROSSCHECK_LOCK_TIMEOUT="1")
    r = subprocess.run([sys.executable, "-m", "crosscheck.cli", "--db", str(path), "articles"], capture_output=True,
                       text=True, cwd=ROOT, env=env, timeout=120)
    holder.rollback()
    holder.close()
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "locked" in lines[0], r.stderr


@pytest.mark.postgres
def test_opening_a_postgresql_store_whose_migration_lock_is_held_gives_up_in_one_line(pg_database):
    from crosscheck.store import MIGRATION_LOCK_KEY

    url = pg_database()
    holder = create_engine(url)
    with holder.connect() as c:
        c.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as info:
            Store(url, lock_timeout=1)
        assert 0.9 <= time.monotonic() - started < 30
        assert "\n" not in str(info.value) and make_url(url).database in str(info.value)
        c.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
    holder.dispose()
    Store(url).close()  # the lock released, it opens


# ---------------------------------------------------------------- the command line: two ingest runs at once

TEXTS = [
    "Ministers from Ukraine and Turkey met in Geneva on Tuesday to discuss the Black Sea grain corridor.",
    "A missile strike on Odesa killed 12 people on Monday, regional officials said.",
    "Farm prices rose by 4 percent in October as exports resumed, the ministry said.",
    "Negotiators said talks on the corridor would continue in Istanbul next week.",
    "The United Nations called for the corridor to stay open through the winter.",
    "Shipping insurers raised premiums for vessels bound for Odesa after the strike.",
]


# `crosscheck ARGS...` once the file GO exists: the command line's imports (and the jobs' it imports when a command
# runs) are done before, so that both runs open the store within milliseconds of each other however long the
# interpreters took to start.
LAUNCH = """
import pathlib, sys, time
from crosscheck import cli, jobs
ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.005)
sys.argv = ["crosscheck", *sys.argv[3:]]
cli.main()
"""


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_ingest_runs_at_once_into_one_new_store_store_every_article_once(backend, tmp_path, request):
    db = (f"sqlite:///{tmp_path / 'cli.db'}" if backend == "sqlite"
          else request.getfixturevalue("pg_database")())
    folders = [tmp_path / "a", tmp_path / "b"]  # overlapping: articles 2 and 3 are in both
    for folder, picks in zip(folders, [range(0, 4), range(2, 6)], strict=True):
        folder.mkdir()
        for i in picks:
            (folder / f"article{i}.txt").write_text(TEXTS[i], encoding="utf-8")
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{k}" for k in range(len(folders))]
    cmds = [[sys.executable, "-c", LAUNCH, str(r), str(go), "--db", db, "ingest", str(f)]
            for r, f in zip(ready, folders, strict=True)]
    # correctness, not latency, is tested here: on a loaded CI machine the other run may hold the lock a while
    env = dict(os.environ, CROSSCHECK_LOCK_TIMEOUT="600")
    procs = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for c in cmds]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in ready) and time.monotonic() < deadline and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0 and "Traceback" not in err, err
    counts = [re.search(r"stored (\d+) new articles, (\d+) already stored", err) for _, err in outs]
    assert all(counts), [err for _, err in outs]
    assert sum(int(m.group(1)) for m in counts) == len(TEXTS)
    assert sum(int(m.group(2)) for m in counts) == 2
    store = Store(db)
    ids = [m.meta.id for m in store.list_articles()]
    store.close()
    assert sorted(ids) == sorted(f"article{i}" for i in range(len(TEXTS)))


def _regroup(url: str, worker: int) -> tuple[list[str], str | None]:
    """Runs in a worker: rewrites the stories and saves a new feed's state, as `stories` and `watch` do."""
    from crosscheck.model import Story
    from crosscheck.store import FeedState

    try:
        _barrier.wait(timeout=120)
        store = Store(url)
        try:
            for k in range(5):
                store.replace_stories([Story(id=f"s{k % 2}", articles=[])])
                store.save_feed_state(FeedState(f"https://feeds.example/{k}.xml", status=f"worker {worker}"))
        finally:
            store.close()
    except Exception:  # noqa: BLE001 - the test reports whatever stopped a worker
        return [], traceback.format_exc()
    return [], None


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_stories_and_feed_states_rewritten_by_several_processes_at_once(backend, tmp_path, request, pool):
    url = (f"sqlite:///{tmp_path / 'regroup.db'}" if backend == "sqlite"
           else request.getfixturevalue("pg_database")())
    Store(url).close()
    results = pool.starmap(_regroup, [(url, w) for w in range(WORKERS)], chunksize=1)
    assert [err for _, err in results if err] == []
    store = Store(url)
    assert [s.id for s in store.list_stories()] == ["s0"]
    assert all(store.feed_state(f"https://feeds.example/{k}.xml") is not None for k in range(5))
    store.close()
