"""The store: SQLAlchemy over a SQLite file by default, PostgreSQL by URL. Nothing above this package writes SQL.

Opening a store brings its schema to the newest migration. An article and its extraction are written in one
transaction, so an interrupted ingest never leaves half an article; the content hash makes ingest idempotent.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from pathlib import Path

import numpy as np
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Engine,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    make_url,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, ExceptionContext, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, Select

from crosscheck import __version__
from crosscheck.defaults import DEFAULT_URL
from crosscheck.errors import CrosscheckError, StoreLockedError
from crosscheck.knowledge import KNOWLEDGE_VERSION
from crosscheck.model import Article, ArticleMeta, Extraction, Story
from crosscheck.store.keys import actor_article_rows, actor_event_rows
from crosscheck.store.tables import (
    actor_articles,
    actor_events,
    articles,
    claims,
    extractions,
    feeds,
    stories,
    story_articles,
)

#: Seconds a process waits for another's lock on the store (to migrate its schema or to write) before it gives up
#: with :class:`~crosscheck.errors.StoreLockedError`; the environment variable CROSSCHECK_LOCK_TIMEOUT overrides it.
DEFAULT_LOCK_TIMEOUT = 60.0
#: The PostgreSQL advisory lock (one per database) under which migrations run: the bytes of "crosschk".
MIGRATION_LOCK_KEY = 0x63726F737363686B
#: The class of PostgreSQL advisory locks (class, hash of a URL key) under which articles of one canonical URL are
#: checked and inserted: the bytes of "crur".
URL_LOCK_CLASS = 0x63727572
#: The class of PostgreSQL advisory locks (class, hash of a key) under which a table is rewritten or a feed's
#: state upserted by one process at a time: the bytes of "crtb".
TABLE_LOCK_CLASS = 0x63727462


class DuplicateIdError(ValueError):
    """Another article with the same id but other content is already stored."""


@dataclass(frozen=True)
class StoredArticle:
    meta: ArticleMeta
    content_hash: str
    source: str | None
    ingested_at: datetime
    near_duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Copy:
    """How a stored article relates to the others: its URL key, MinHash signature and, for a near-duplicate, the
    first stored copy and the estimated similarity to it."""

    url_key: str | None = None
    minhash: bytes | None = None
    near_duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class ClaimHit:
    """A stored claim that matches a full-text query, with its rank (higher is better)."""

    article_id: str
    claim_id: str
    start: int
    end: int
    text: str
    source: str | None
    modality: str
    negated: bool
    score: float


#: How many of the newest matches the web app's and API's full-text search ranks (``newest`` of
#: :meth:`Store.search_articles` and :meth:`Store.search_claims`): a query of common words matches most of a large
#: store, and ranking every match costs time in proportion to the store (issue 17: 100,000 articles, 4.5 million
#: claims); a query with fewer matches is ranked whole.
SEARCH_WINDOW = 2000

#: How far :meth:`Store.actor_timeline` counts an actor's events (it reports one more for more): counting all of a
#: busy actor's rows in a store of 100,000 articles costs more than reading the page.
TIMELINE_COUNT_CAP = 10_000

#: what :meth:`Store.search_articles` puts around a matched word in titles and snippets (control characters no
#: article text needs, so a page can escape the text first and mark the words after)
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class ArticleHit:
    """A stored article that matches a full-text query: its metadata, its title and a snippet of its text with the
    matched words between :data:`MARK_START` and :data:`MARK_END`, and its rank (higher is better)."""

    meta: ArticleMeta
    title: str
    snippet: str
    score: float


#: the columns of an article's metadata a search hit carries (``a``: the articles table)
_HIT_META = "a.id, a.title AS plain_title, a.outlet, a.url, a.published, a.language, a.word_count"


def _article_hit(row: Row, score: float) -> ArticleHit:
    """A search hit from a row of :data:`_HIT_META` with its marked ``title`` and ``snippet``."""
    return ArticleHit(ArticleMeta(id=row.id, title=row.plain_title, outlet=row.outlet, url=row.url,
                                  published=row.published, language=row.language, word_count=row.word_count),
                      row.title or "", row.snippet or "", float(score))


@dataclass(frozen=True)
class OutletCount:
    """An outlet with how many articles of it are stored and the span of their publication dates."""

    name: str
    articles: int
    first_published: str | None
    last_published: str | None


def claim_rows(article_id: str, extraction: Extraction) -> list[dict]:
    """The rows of the claims table for one extraction: the claim's text and offsets, its source by name, and its
    sentence embedding (float16 bytes; :meth:`Store.claim_embeddings` reads them back)."""
    from crosscheck.embed import embed

    names = {a.id: a.name for a in extraction.actors}
    vecs = embed([c.text for c in extraction.claims]).astype("<f2") if extraction.claims else []
    return [dict(article_id=article_id, claim_id=c.id, start=c.start, end=c.end, text=c.text,
                 source=names.get(c.source or "", c.source_text), modality=c.modality, negated=c.negated,
                 embedding=v.tobytes())
            for c, v in zip(extraction.claims, vecs, strict=True)]


def event_rows(article_id: str, published: str | None, extraction: Extraction) -> list[dict]:
    """The rows of the actor-events table for one extraction (see :func:`crosscheck.store.keys.actor_event_rows`)."""
    return actor_event_rows(article_id, published, [a.model_dump(include={"id", "name", "kind"}) for a in extraction.actors],
                            [e.model_dump(mode="json") for e in extraction.events])


def actor_rows(article_id: str, extraction: Extraction) -> list[dict]:
    """The rows of the actor-articles table for one extraction (see :func:`crosscheck.store.keys.actor_article_rows`)."""
    return actor_article_rows(article_id, [a.model_dump(include={"name", "kind"}) for a in extraction.actors])


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready for :meth:`Store.add_prepared`: its row's values, its extraction as JSON, and the rows
    of its claims (embeddings included), actor events and actor articles, computed beforehand."""

    article: Article
    extraction_json: str | None
    claim_rows: list[dict]
    event_rows: list[dict]
    actor_rows: list[dict] = field(default_factory=list)


def prepare_article(article: Article, extraction: Extraction | None) -> PreparedArticle:
    """What :meth:`Store.add` writes for an article and its extraction (None: an article in another language,
    stored without one): the extraction as JSON and the rows of its claims (embeddings included), actor events
    and actor articles."""
    if extraction is None:
        return PreparedArticle(article, None, [], [], [])
    return PreparedArticle(article, extraction.to_json(), claim_rows(article.id, extraction),
                           event_rows(article.id, article.published, extraction), actor_rows(article.id, extraction))


@dataclass(frozen=True)
class TimelineEntry:
    """One event of an actor's timeline: where it is, the actor's part in it, and the day it is placed at."""

    article_id: str
    event_id: str
    role: str
    day: str | None
    position: int = 0


_FTS_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fts_terms(query: str, limit: int = 32) -> list[str]:
    """The words of a free-text query, lower-cased, without any full-text syntax (quotes, ``*``, ``NEAR``, ``-``,
    ``:``, parentheses are dropped): what both back ends can match safely."""
    seen = dict.fromkeys(w.casefold() for w in _FTS_WORD.findall(query))
    return list(seen)[:limit]


@dataclass(frozen=True)
class FeedState:
    """What the last poll of a feed returned: validators for the next conditional request."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    polled_at: datetime | None = None
    status: str | None = None


def normalise_url(url: str) -> str:
    """A bare path is a SQLite file."""
    if "://" in url:
        return url
    return f"sqlite:///{Path(url)}"


def lock_timeout_from_env() -> float:
    """The seconds to wait for another process's lock on a store: CROSSCHECK_LOCK_TIMEOUT when it is set, else
    :data:`DEFAULT_LOCK_TIMEOUT`; a value that is not a positive number is a usage error."""
    raw = os.environ.get("CROSSCHECK_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise CrosscheckError(f"CROSSCHECK_LOCK_TIMEOUT={raw!r} is not a positive number of seconds")
    return seconds


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crosscheck.store").joinpath("migrations")))
    return cfg


def schema_version(engine: Engine) -> str | None:
    """The store's migration revision, None for a store without one yet (a new, empty database). Read without
    any lock: a store already at the newest revision is opened without waiting for anyone."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Brings the store's schema to the newest migration. A store already there is left alone, no lock taken.
    Otherwise the migrations run in one transaction under a lock that every other process opening the store waits
    for (SQLite: an exclusive transaction on the database; PostgreSQL: an advisory lock on a fixed key), and Alembic
    reads the revision again under it, so exactly one process migrates and the others find the schema done. Waiting
    longer than lock_timeout seconds raises the driver's lock error (:class:`Store` turns it into
    :class:`~crosscheck.errors.StoreLockedError`)."""
    cfg = _alembic_config()
    if schema_version(engine) == ScriptDirectory.from_config(cfg).get_current_head():
        return
    with engine.begin() as conn:
        conn.execution_options(crosscheck_doing="update its schema")
        _take_migration_lock(conn, lock_timeout)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _take_migration_lock(conn: Connection, lock_timeout: float) -> None:
    """Takes the lock migrations run under, held until conn's transaction ends (a killed process drops it)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {_millis(lock_timeout)}")
        conn.exec_driver_sql("BEGIN EXCLUSIVE")  # DDL is transactional in SQLite: a migration is all or nothing
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": f"{_millis(lock_timeout)}ms"})
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))


def _take_write_lock(conn: Connection, url_key: str | None) -> None:
    """Takes the lock under which :meth:`Store.add` checks that an article is new and inserts it, held until conn's
    transaction ends. SQLite: the database's write lock, taken before the check (an immediate transaction; a
    deferred one would check outside it). PostgreSQL: the unique index on the content hash makes a second insert of
    the same content wait for the first and fail, so only a URL key, which is not unique, needs a lock of its own."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql" and url_key:
        conn.execute(select(func.pg_advisory_xact_lock(URL_LOCK_CLASS, func.hashtext(url_key))))


def _take_table_lock(conn: Connection, key: str) -> None:
    """Serialises writers of one thing (the stories table, one feed's state) until conn's transaction ends: SQLite's
    write lock taken at once, a PostgreSQL advisory lock on the key. Without it two processes rewriting the stories
    at once, or saving a new feed's state, could both insert and one fail on the primary key."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(TABLE_LOCK_CLASS, func.hashtext(key))))


def _millis(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def is_lock_timeout(exc: BaseException | None) -> bool:
    """Whether a driver error says that a wait for another connection's lock ran out: SQLite's SQLITE_BUSY (after
    the busy timeout), PostgreSQL's lock_not_available (after lock_timeout, SQLSTATE 55P03)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == 5  # SQLITE_BUSY and its extended codes
    return getattr(exc, "sqlstate", None) == "55P03"


class Store:
    def __init__(self, url: str = DEFAULT_URL, lock_timeout: float | None = None) -> None:
        """Opens the store at url, migrating its schema if it is behind (see :func:`migrate`). Several processes
        may open and write one store at once: each waits for another's lock up to lock_timeout seconds (default
        CROSSCHECK_LOCK_TIMEOUT, else 60), then gives up with :class:`~crosscheck.errors.StoreLockedError`."""
        self.url = normalise_url(url)
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        parsed = make_url(self.url)
        sqlite = parsed.get_backend_name() == "sqlite"
        #: The store as messages name it: the SQLite file, or the URL without its password.
        self.name = (parsed.database or "(in memory)") if sqlite else parsed.render_as_string(hide_password=True)
        # pysqlite's timeout is SQLite's busy timeout: a second writer waits for the lock instead of failing
        self.engine = create_engine(self.url, future=True, connect_args={"timeout": self.lock_timeout} if sqlite else {})
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", partial(_sqlite_pragmas, timeout=self.lock_timeout))
        elif self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "connect", partial(_pg_lock_timeout, millis=_millis(self.lock_timeout)))
        event.listen(self.engine, "handle_error", self._lock_error)
        migrate(self.engine, self.lock_timeout)

    def _lock_error(self, ctx: ExceptionContext) -> None:
        """A wait for another process's lock that ran out becomes StoreLockedError: one line naming the store."""
        if is_lock_timeout(ctx.original_exception):
            if ctx.connection is None:  # connecting: SQLite's journal mode is set on each new connection
                doing = "open it"
            else:
                doing = ctx.connection.get_execution_options().get("crosscheck_doing", "write to it")
            raise StoreLockedError(self.name, self.lock_timeout, doing) from ctx.original_exception

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- articles

    def has_content(self, content_hash: str) -> str | None:
        """The id of the stored article with this content, if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.content_hash == content_hash)).scalar()

    def has_url(self, url_key: str | None) -> str | None:
        """The id of the stored article with this canonical-URL key, if any."""
        if not url_key:
            return None
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.url_key == url_key).limit(1)).scalar()

    def has_source(self, source: str) -> str | None:
        """The id of the stored article read from this file or URL, if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.source == source).limit(1)).scalar()

    def add(self, article: Article, extraction: Extraction | None, copy: Copy = Copy()) -> bool:
        """Stores an article with its extraction (None for an article in a language crosscheck does not extract)
        in one transaction; False when the same content, or the same canonical URL (copy.url_key), is already
        stored. Safe with several processes adding at once: the check and the insert run under a write lock (SQLite:
        an immediate transaction, which waits for another writer up to the lock timeout; PostgreSQL: the unique
        content hash, and an advisory lock on the URL key), so an article is stored once and reported stored once."""
        if self.has_content(article.content_hash) or self.has_url(copy.url_key):
            return False
        return self._insert(prepare_article(article, extraction), copy)

    def add_one_prepared(self, prepared: PreparedArticle, copy: Copy = Copy()) -> bool:
        """:meth:`add` for an article whose rows are computed beforehand (:func:`prepare_article`, which the ingest
        runs where the article is parsed, in a worker process with several): the same checks, lock and transaction."""
        if self.has_content(prepared.article.content_hash) or self.has_url(copy.url_key):
            return False
        return self._insert(prepared, copy)

    def _insert(self, prepared: PreparedArticle, copy: Copy) -> bool:
        article = prepared.article
        row = dict(id=article.id, content_hash=article.content_hash, title=article.title, outlet=article.outlet,
                   url=article.url, published=article.published, language=article.language,
                   word_count=article.word_count, source=article.source, text=article.text, ingested_at=datetime.now(UTC),
                   author=article.author, url_key=copy.url_key, near_duplicate_of=copy.near_duplicate_of,
                   similarity=copy.similarity, minhash=copy.minhash)
        try:
            with self.engine.begin() as conn:
                _take_write_lock(conn, copy.url_key)
                same = articles.c.content_hash == article.content_hash
                if copy.url_key:
                    same = or_(same, articles.c.url_key == copy.url_key)
                if conn.execute(select(articles.c.id).where(same).limit(1)).first() is not None:
                    return False  # another process stored it since the check above
                conn.execute(insert(articles).values(**row))
                if prepared.extraction_json is not None:
                    conn.execute(insert(extractions).values(article_id=article.id, crosscheck_version=__version__,
                                                            knowledge_version=KNOWLEDGE_VERSION,
                                                            data=prepared.extraction_json))
                for table, rows in ((claims, prepared.claim_rows), (actor_events, prepared.event_rows),
                                    (actor_articles, prepared.actor_rows)):
                    if rows:
                        conn.execute(insert(table), rows)
        except IntegrityError as exc:
            if self.has_content(article.content_hash):
                return False
            raise DuplicateIdError(article.id) from exc
        return True

    def add_prepared(self, items: Iterable[PreparedArticle]) -> int:
        """Stores prepared articles in bulk, in one transaction (many rows per statement): for loading many
        articles whose extraction and claim embeddings are already computed (the scale benchmark replicates
        extracted articles this way). No duplicate check beyond the table's unique keys: an article whose id or
        content is already stored fails the whole call (IntegrityError). Returns how many were stored."""
        now = datetime.now(UTC)
        rows, exts, claim_list, event_list, actor_list = [], [], [], [], []
        for p in items:
            a = p.article
            rows.append(dict(id=a.id, content_hash=a.content_hash, title=a.title, outlet=a.outlet, url=a.url,
                             published=a.published, language=a.language, word_count=a.word_count, source=a.source,
                             text=a.text, ingested_at=now, author=a.author, url_key=None, near_duplicate_of=None,
                             similarity=None, minhash=None))
            if p.extraction_json is not None:
                exts.append(dict(article_id=a.id, crosscheck_version=__version__, knowledge_version=KNOWLEDGE_VERSION,
                                 data=p.extraction_json))
            claim_list.extend(p.claim_rows)
            event_list.extend(p.event_rows)
            actor_list.extend(p.actor_rows)
        if not rows:
            return 0
        with self.engine.begin() as conn:
            _take_table_lock(conn, "bulk")
            for table, values in ((articles, rows), (extractions, exts), (claims, claim_list), (actor_events, event_list),
                                  (actor_articles, actor_list)):
                if values:
                    conn.execute(insert(table), values)
        return len(rows)

    def size_bytes(self) -> int:
        """The store's size on disk: the SQLite file with its write-ahead log, or the PostgreSQL database."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
        path = make_url(self.url).database
        if not path:
            return 0
        return sum(Path(path + suffix).stat().st_size for suffix in ("", "-wal", "-shm") if Path(path + suffix).exists())

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar_one()

    def list_articles(self) -> list[StoredArticle]:
        cols = [articles.c.id, articles.c.title, articles.c.outlet, articles.c.url, articles.c.published,
                articles.c.language, articles.c.word_count, articles.c.content_hash, articles.c.source, articles.c.ingested_at,
                articles.c.near_duplicate_of, articles.c.similarity]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).order_by(articles.c.published, articles.c.id)).all()
        return [StoredArticle(ArticleMeta(id=r.id, title=r.title, outlet=r.outlet, url=r.url, published=r.published,
                                          language=r.language, word_count=r.word_count), r.content_hash, r.source,
                              r.ingested_at, r.near_duplicate_of, r.similarity) for r in rows]

    def signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, near-duplicate root, MinHash signature) of every stored article that has a signature."""
        q = select(articles.c.id, articles.c.near_duplicate_of, articles.c.minhash).where(articles.c.minhash.is_not(None))
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                yield r.id, r.near_duplicate_of, bytes(r.minhash)

    def near_duplicates(self) -> dict[str, list[str]]:
        """Each article that others repeat, with the ids of its near-duplicates."""
        q = select(articles.c.near_duplicate_of, articles.c.id).where(articles.c.near_duplicate_of.is_not(None))
        groups: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for root, aid in conn.execute(q.order_by(articles.c.near_duplicate_of, articles.c.id)):
                groups.setdefault(root, []).append(aid)
        return groups

    def copy_roots(self, ids: Iterable[str]) -> dict[str, str]:
        """For each of these articles that is a near-duplicate, the first stored copy it repeats."""
        q = select(articles.c.id, articles.c.near_duplicate_of).where(articles.c.id.in_(list(ids)),
                                                                      articles.c.near_duplicate_of.is_not(None))
        with self.engine.connect() as conn:
            return {r.id: r.near_duplicate_of for r in conn.execute(q)}

    # ---------------------------------------------------------------- feeds

    def feed_state(self, url: str) -> FeedState | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        return None if r is None else FeedState(r.url, r.title, r.etag, r.last_modified, r.polled_at, r.status)

    def save_feed_state(self, state: FeedState) -> None:
        values = dict(title=state.title, etag=state.etag, last_modified=state.last_modified,
                      polled_at=state.polled_at or datetime.now(UTC), status=state.status)
        with self.engine.begin() as conn:
            _take_table_lock(conn, "feed:" + state.url)
            done = conn.execute(update(feeds).where(feeds.c.url == state.url).values(**values)).rowcount
            if not done:
                conn.execute(insert(feeds).values(url=state.url, **values))

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if r is None:
            return None
        return Article(id=r.id, title=r.title, outlet=r.outlet, url=r.url, published=r.published, language=r.language,
                       author=r.author, source=r.source, text=r.text)

    def extraction(self, article_id: str) -> Extraction | None:
        with self.engine.connect() as conn:
            data = conn.execute(select(extractions.c.data).where(extractions.c.article_id == article_id)).scalar()
        return Extraction.from_json(data) if data else None

    def iter_extractions(self, ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        q = select(extractions.c.data).order_by(extractions.c.article_id)
        if ids is not None:
            q = q.where(extractions.c.article_id.in_(list(ids)))
        with self.engine.connect() as conn:
            for (data,) in conn.execute(q):
                yield Extraction.from_json(data)

    # ---------------------------------------------------------------- claims and full-text search

    def search_claims(self, query: str, article_ids: Iterable[str] | None = None, limit: int = 50,
                      newest: int | None = None) -> list[ClaimHit]:
        """Stored claims matching any word of ``query`` (FTS5 bm25 on SQLite, ``ts_rank`` on PostgreSQL), best
        first; within ``article_ids`` when given. The query is reduced to its words, so no input is a syntax
        error. ``newest``: rank only the newest that many matching claims (the latest stored), so that a query of
        common words does not rank millions of claims (see :data:`SEARCH_WINDOW`); None ranks every match."""
        terms = fts_terms(query)
        if not terms:
            return []
        ids = list(article_ids) if article_ids is not None else None
        if ids is not None and not ids:
            return []
        cols = "c.article_id, c.claim_id, c.start, c.\"end\", c.text, c.source, c.modality, c.negated"
        params: dict = {"limit": int(limit)}
        where = ""
        if ids is not None:
            names = [f"a{k}" for k in range(len(ids))]
            params.update(zip(names, ids, strict=True))
            where = f" AND c.article_id IN ({', '.join(':' + n for n in names)})"
        if newest is not None:
            params["newest"] = int(newest)
        if self.engine.dialect.name == "postgresql":  # the index is the narrow claim_search table (migration 0007)
            params["q"] = " | ".join(terms)
            if newest is not None and ids is None:  # the newest matches ranked, then the page's claims read
                return self._newest_claim_hits(params["q"], int(newest), int(limit), cols)
            if ids is None:
                sql = (f"SELECT {cols}, h.score FROM (SELECT s.id, ts_rank(s.tsv, q) AS score FROM claim_search s, "
                       f"to_tsquery('english', :q) q WHERE s.tsv @@ q ORDER BY score DESC, s.id LIMIT :limit) h "
                       f"JOIN claims c ON c.id = h.id ORDER BY h.score DESC, c.id")
            else:
                sql = (f"SELECT {cols}, ts_rank(s.tsv, q) AS score FROM claims c JOIN claim_search s ON s.id = c.id, "
                       f"to_tsquery('english', :q) q WHERE s.tsv @@ q{where} ORDER BY score DESC, c.id LIMIT :limit")
        else:
            params["q"] = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            if ids is None:  # the best rows first, then their claims: no join for every matching row
                ranked = ("SELECT rowid AS id, -bm25(claims_fts) AS score FROM claims_fts WHERE claims_fts MATCH :q"
                          + (" ORDER BY rowid DESC LIMIT :newest" if newest is not None else ""))
                sql = (f"SELECT {cols}, h.score FROM (SELECT id, score FROM ({ranked}) ORDER BY score DESC, id LIMIT :limit) h "
                       f"JOIN claims c ON c.id = h.id ORDER BY h.score DESC, c.id")
            else:
                sql = (f"SELECT {cols}, -bm25(claims_fts) AS score FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
                       f"WHERE claims_fts MATCH :q{where} ORDER BY score DESC, c.id LIMIT :limit")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        return [ClaimHit(r.article_id, r.claim_id, r.start, r.end, r.text, r.source, r.modality, bool(r.negated),
                         float(r.score)) for r in rows]

    #: the newest claim ids :meth:`_newest_claim_hits` looks at first, and how much wider the next range is when
    #: those held no match
    NEWEST_FIRST_RANGE, NEWEST_GROWTH = 20_000, 16
    #: a matching row read costs about as much as this many ids in a range's bitmap (measured: 0.22 µs an id,
    #: about 10 µs a row): where the matches estimated below a range are fewer than its ids over this, the rest
    #: is read from the full-text index alone
    ID_BITMAP_SHARE = 45

    def _newest_claim_hits(self, tsquery: str, newest: int, limit: int, cols: str) -> list[ClaimHit]:
        """PostgreSQL: the best ``limit`` of the newest ``newest`` claims matching ``tsquery``. The newest matches
        are read range by range of claim ids from the latest down (:data:`NEWEST_FIRST_RANGE` ids, then as many as
        the matches so far say the rest needs, or :data:`NEWEST_GROWTH` times more where there were none) until
        there are enough, or until the matches so far say that few are left below (a rare word): the rest is
        then read from the GIN index alone, without a bitmap of millions of ids (up to a second at 100,000
        articles). Each range is read as the GIN index's matches
        ANDed with the key's range (bitmap scans only, set for this transaction): the planner otherwise scans the
        key backwards testing every row, which reads hundreds of thousands of rows when a word is neither rare nor
        common (0.6 s at 100,000 articles), or fetches every match of a common word. A common word stops in the
        first range, a rare one costs a few index lookups; only the ranked rows' ranks are computed."""
        ranked: list[tuple[float, int]] = []
        chunk = text("SELECT w.id, ts_rank(w.tsv, q) AS score FROM (SELECT id, tsv FROM claim_search, "
                     "to_tsquery('english', :q) q WHERE tsv @@ q AND id > :lo AND id <= :hi ORDER BY id + 0 DESC "
                     "LIMIT :n) w, to_tsquery('english', :q) q")  # id + 0: not in the key's order
        rest = text("SELECT w.id, ts_rank(w.tsv, q) AS score FROM (SELECT id, tsv FROM claim_search, "
                    "to_tsquery('english', :q) q WHERE tsv @@ q AND id + 0 <= :hi ORDER BY id + 0 DESC "
                    "LIMIT :n) w, to_tsquery('english', :q) q")  # id + 0: the full-text index alone
        with self.engine.begin() as conn:
            hi = conn.execute(text("SELECT max(id) FROM claim_search")).scalar()
            conn.execute(text(self._BITMAPS_ONLY))
            step, scanned = self.NEWEST_FIRST_RANGE, 0
            while hi is not None and hi > 0 and len(ranked) < newest:
                lo = max(0, hi - step)
                if scanned and max(len(ranked), 1) * hi * self.ID_BITMAP_SHARE < scanned * step:
                    # so few matches are left below that the index's matches alone (their rows read) cost less
                    # than the bitmap of the next range's ids: read the rest in one query
                    lo, query = 0, rest
                else:
                    query = chunk
                ranked += [(-float(score), i) for i, score in conn.execute(query, {"q": tsquery, "lo": lo, "hi": hi,
                                                                                   "n": newest - len(ranked)}).all()]
                scanned += hi - lo
                hi = lo
                step = self._next_range(newest, len(ranked), scanned, step)
            best = sorted(ranked)[:limit]
            if not best:
                return []
            conn.execute(text(self._PLANNER_DEFAULTS))
            found = {r.id: r for r in conn.execute(text(f"SELECT c.id, {cols} FROM claims c WHERE c.id = ANY(:ids)"),
                                                   {"ids": [i for _, i in best]})}
        return [ClaimHit(r.article_id, r.claim_id, r.start, r.end, r.text, r.source, r.modality, bool(r.negated), -neg)
                for neg, i in best if (r := found.get(i)) is not None]

    def replace_claims(self, article_id: str, extraction: Extraction) -> None:
        """Rewrites an article's stored claims (and their index entries) from a new extraction."""
        with self.engine.begin() as conn:
            conn.execute(delete(claims).where(claims.c.article_id == article_id))
            rows = claim_rows(article_id, extraction)
            if rows:
                conn.execute(insert(claims), rows)

    # ---------------------------------------------------------------- stories

    def replace_stories(self, new: list[Story]) -> None:
        """Writes a fresh grouping of the stored articles into stories, in one transaction, one process at a time."""
        with self.engine.begin() as conn:
            _take_table_lock(conn, "stories")
            conn.execute(delete(story_articles))
            conn.execute(delete(stories))
            story_rows = [dict(id=s.id, title=s.title, first_published=s.first_published, last_published=s.last_published)
                          for s in new]
            member_rows = [dict(story_id=s.id, article_id=a, position=k) for s in new for k, a in enumerate(s.articles)]
            for table, rows in ((stories, story_rows), (story_articles, member_rows)):
                for k in range(0, len(rows), 5000):  # many rows per statement: 100,000 stories in seconds
                    conn.execute(insert(table), rows[k:k + 5000])

    def list_stories(self) -> list[Story]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(stories).order_by(stories.c.id)).all()
            members = conn.execute(select(story_articles).order_by(story_articles.c.story_id, story_articles.c.position)).all()
        by_story: dict[str, list[str]] = {}
        for m in members:
            by_story.setdefault(m.story_id, []).append(m.article_id)
        return [Story(id=r.id, title=r.title, articles=by_story.get(r.id, []), first_published=r.first_published,
                      last_published=r.last_published) for r in rows]

    def story(self, story_id: str) -> Story | None:
        return next((s for s in self.list_stories() if s.id == story_id), None)

    # ---------------------------------------------------------------- reading for the web app and API (issue 14)

    def fingerprint(self) -> tuple:
        """Changes whenever an article is stored or the stories are regrouped: what caches of derived views key on."""
        with self.engine.connect() as conn:  # counts and maxima the primary-key indexes answer, no table scan
            n, last = conn.execute(select(func.count(), func.max(articles.c.id)).select_from(articles)).one()
            e = conn.execute(select(func.count()).select_from(extractions)).scalar_one()
            s = conn.execute(select(func.count(), func.max(story_articles.c.story_id), func.min(story_articles.c.story_id),
                                    func.sum(story_articles.c.position))).one()
        return (n, str(last), e, *s)

    def count_grouped(self) -> int:
        """How many articles the stored stories hold (every article, once the store is grouped)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count(func.distinct(story_articles.c.article_id)))).scalar_one()

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(stories)).scalar_one()

    def stories_page(self, limit: int = 20, offset: int = 0) -> list[Story]:
        """Stories newest first (by their latest article, undated last), with their articles in story order."""
        newest = func.coalesce(stories.c.last_published, stories.c.first_published)
        q = select(stories).order_by(newest.desc().nulls_last(), stories.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            ids = [r.id for r in rows]
            members = conn.execute(select(story_articles).where(story_articles.c.story_id.in_(ids))
                                   .order_by(story_articles.c.story_id, story_articles.c.position)).all() if ids else []
        by_story: dict[str, list[str]] = {}
        for m in members:
            by_story.setdefault(m.story_id, []).append(m.article_id)
        return [Story(id=r.id, title=r.title, articles=by_story.get(r.id, []), first_published=r.first_published,
                      last_published=r.last_published) for r in rows]

    def find_story(self, story_id: str) -> Story | None:
        """One story by id, read alone (:meth:`story` reads them all)."""
        with self.engine.connect() as conn:
            r = conn.execute(select(stories).where(stories.c.id == story_id)).first()
            if r is None:
                return None
            ids = conn.execute(select(story_articles.c.article_id).where(story_articles.c.story_id == story_id)
                               .order_by(story_articles.c.position)).scalars().all()
        return Story(id=r.id, title=r.title, articles=list(ids), first_published=r.first_published,
                     last_published=r.last_published)

    def story_ids_of(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """For each of these articles, the stories it belongs to."""
        ids = list(article_ids)
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for k in range(0, len(ids), 500):
                q = select(story_articles.c.article_id, story_articles.c.story_id).where(
                    story_articles.c.article_id.in_(ids[k:k + 500]))
                for aid, sid in conn.execute(q):
                    out.setdefault(aid, []).append(sid)
        return out

    _META_COLS = ("id", "title", "outlet", "url", "published", "language", "word_count", "content_hash", "source",
                  "ingested_at", "near_duplicate_of", "similarity")

    @staticmethod
    def _stored(r) -> StoredArticle:  # type: ignore[no-untyped-def]
        return StoredArticle(ArticleMeta(id=r.id, title=r.title, outlet=r.outlet, url=r.url, published=r.published,
                                         language=r.language, word_count=r.word_count), r.content_hash, r.source,
                             r.ingested_at, r.near_duplicate_of, r.similarity)

    def article_metas(self, article_ids: Iterable[str]) -> dict[str, StoredArticle]:
        """The stored metadata (no text) of these articles, by id; unknown ids are left out."""
        ids = list(dict.fromkeys(article_ids))
        cols = [articles.c[c] for c in self._META_COLS]
        out: dict[str, StoredArticle] = {}
        with self.engine.connect() as conn:
            for k in range(0, len(ids), 500):
                for r in conn.execute(select(*cols).where(articles.c.id.in_(ids[k:k + 500]))):
                    out[r.id] = self._stored(r)
        return out

    def articles_page(self, limit: int = 50, offset: int = 0, outlet: str | None = None) -> tuple[int, list[StoredArticle]]:
        """(how many articles there are, this page of them), newest first; only one outlet's when ``outlet`` is given."""
        cols = [articles.c[c] for c in self._META_COLS]
        where = [articles.c.outlet == outlet] if outlet is not None else []
        q = (select(*cols).where(*where).order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
             .limit(limit).offset(offset))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
            rows = conn.execute(q).all()
        return total, [self._stored(r) for r in rows]

    def outlets(self, limit: int = 100, offset: int = 0) -> tuple[int, list[OutletCount]]:
        """(how many outlets there are, this page of them with their article counts and date span), most articles
        first. Articles without an outlet are left out."""
        n = func.count().label("n")
        q = (select(articles.c.outlet, n, func.min(articles.c.published), func.max(articles.c.published))
             .where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)
             .order_by(n.desc(), articles.c.outlet).limit(limit).offset(offset))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count(func.distinct(articles.c.outlet)))).scalar_one()
            rows = conn.execute(q).all()
        return total, [OutletCount(r[0], r[1], r[2], r[3]) for r in rows]

    def outlet_article_ids(self, outlet: str) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).where(articles.c.outlet == outlet)
                                     .order_by(articles.c.id)).scalars())

    def articles_with_extractions(self, article_ids: Iterable[str]) -> Iterator[tuple[Article, Extraction | None]]:
        """Each of these articles with its extraction (None where it was not extracted), in chunks of one query."""
        ids = list(dict.fromkeys(article_ids))
        q = select(articles, extractions.c.data).select_from(
            articles.outerjoin(extractions, extractions.c.article_id == articles.c.id))
        with self.engine.connect() as conn:
            for k in range(0, len(ids), 200):
                for r in conn.execute(q.where(articles.c.id.in_(ids[k:k + 200]))):
                    a = Article(id=r.id, title=r.title, outlet=r.outlet, url=r.url, published=r.published,
                                language=r.language, author=r.author, source=r.source, text=r.text)
                    yield a, (Extraction.from_json(r.data) if r.data else None)

    def _part_columns(self, parts: tuple[str, ...], table: str = "extractions") -> str:
        """The SQL that cuts the named lists out of an extraction's JSON (SQLite's json_extract, PostgreSQL's
        ``->>``), each as one column."""
        known = set(Extraction.model_fields)
        if not parts or not set(parts) <= known:
            raise ValueError(f"extraction parts must be among {sorted(known)}")
        if self.engine.dialect.name == "postgresql":
            return ", ".join(f"({table}.data::json)->>'{p}'" for p in parts)
        return ", ".join(f"json_extract({table}.data, '$.{p}')" for p in parts)

    def iter_extraction_parts(self, parts: tuple[str, ...] = ("actors", "events", "quotes"),
                              article_ids: Iterable[str] | None = None) -> Iterator[tuple[str, list[str]]]:
        """(article id, the JSON text of each named list of its extraction) for every extracted article (only
        these articles' when ``article_ids`` is given): the database cuts the parts out, so a reader that needs
        actors, events and quotes of thousands of articles does not move or parse their claims."""
        cols = self._part_columns(parts)
        with self.engine.connect() as conn:
            if article_ids is None:
                for row in conn.execute(text(f"SELECT article_id, {cols} FROM extractions ORDER BY article_id")):
                    yield row[0], [v or "[]" for v in row[1:]]
                return
            ids = sorted(set(article_ids))
            q = select(extractions.c.article_id, *(text(c) for c in cols.split(", "))).order_by(extractions.c.article_id)
            for k in range(0, len(ids), 200):
                for row in conn.execute(q.where(extractions.c.article_id.in_(ids[k:k + 200]))):
                    yield row[0], [v or "[]" for v in row[1:]]

    def iter_articles_with_parts(self, parts: tuple[str, ...] = ("actors",),
                                 article_ids: Iterable[str] | None = None) -> Iterator[tuple[Article, list[str]]]:
        """Every extracted article (text included) with the JSON text of the named lists of its extraction, read
        in one query: what story grouping needs, without parsing whole extractions. With ``article_ids``: only
        these articles, in the order given (unknown or unextracted ones left out), read 500 at a time, so that a
        reader streaming a large store holds one chunk of texts at a time."""
        cols = self._part_columns(parts)
        q = (select(articles, *(text(c) for c in cols.split(", ")))
             .select_from(articles.join(extractions, extractions.c.article_id == articles.c.id)))
        n = len(articles.c)

        def made(r) -> tuple[Article, list[str]]:  # type: ignore[no-untyped-def]
            m = r._mapping
            a = Article(id=m["id"], title=m["title"], outlet=m["outlet"], url=m["url"], published=m["published"],
                        language=m["language"], author=m["author"], source=m["source"], text=m["text"])
            return a, [v or "[]" for v in r[n:]]

        with self.engine.connect() as conn:
            if article_ids is None:
                for r in conn.execute(q.order_by(articles.c.id)):
                    yield made(r)
                return
            ids = list(dict.fromkeys(article_ids))
            for k in range(0, len(ids), 500):
                chunk = {r.id: made(r) for r in conn.execute(q.where(articles.c.id.in_(ids[k:k + 500])))}
                yield from (chunk[i] for i in ids[k:k + 500] if i in chunk)

    def extracted_published(self) -> list[tuple[str, str | None]]:
        """(id, publication date as stored) of every extracted article, by id: what orders a grouping pass
        without reading any text."""
        q = (select(articles.c.id, articles.c.published)
             .select_from(articles.join(extractions, extractions.c.article_id == articles.c.id)).order_by(articles.c.id))
        with self.engine.connect() as conn:
            return [(r.id, r.published) for r in conn.execute(q)]

    def timeline_events(self, entries: Iterable[TimelineEntry]) -> tuple[dict[tuple[str, str], dict],
                                                                          dict[tuple[str, str], dict[str, list[tuple[str, str]]]]]:
        """For these timeline entries: each event as the JSON object of its extraction, and its participants
        ({"actor": [(key, name)], "recipient": [...]}), both by (article id, event id), read from the actor-events
        rows of these events alone (an index on article and position): no extraction is read."""
        pairs = sorted({(e.article_id, e.position) for e in entries})
        t = actor_events.c
        events: dict[tuple[str, str], dict] = {}
        who: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = {}
        with self.engine.connect() as conn:
            for k in range(0, len(pairs), 100):
                match = or_(*(and_(t.article_id == a, t.position == p) for a, p in pairs[k:k + 100]))
                for r in conn.execute(select(t.article_id, t.event_id, t.role, t.actor, t.name, t.event).where(match)
                                      .order_by(t.id)):
                    key = (r.article_id, r.event_id)
                    if key not in events:
                        events[key] = json.loads(r.event)
                    who.setdefault(key, {}).setdefault(r.role, []).append((r.actor, r.name))
        return events, who

    def actor_article_ids(self, actor: str) -> list[str]:
        """The ids of the extracted articles naming an actor (a key of :func:`crosscheck.store.keys.actor_key`), by
        id: an index range scan (migration 0008)."""
        q = select(actor_articles.c.article_id).where(actor_articles.c.actor == actor).order_by(actor_articles.c.article_id)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def actor_timeline(self, actor: str, limit: int = 50, offset: int = 0) -> tuple[int, list[TimelineEntry]]:
        """(how many events an actor takes part in, counted up to :data:`TIMELINE_COUNT_CAP` (one more means
        more), this page of them in day order, undated last): index range scans over the actor-events table
        (migration 0006), whatever the size of the store. ``actor`` is a key of
        :func:`crosscheck.store.keys.actor_key`."""
        t = actor_events.c
        total, rows = self._actor_events_page((t.actor == actor,), (t.role,), limit, offset, TIMELINE_COUNT_CAP + 1)
        return min(total, TIMELINE_COUNT_CAP + 1), rows

    def actor_role_events(self, actor: str, role: str, limit: int = 50,
                          offset: int = 0) -> tuple[int, list[TimelineEntry]]:
        """(how many events an actor takes part in as ``role`` ("actor" or "recipient"), this page of them in day
        order, undated last): like :meth:`actor_timeline` but one side only, counted exactly (the count reads the
        actor's range of the actor-events index alone, no row)."""
        t = actor_events.c
        return self._actor_events_page((t.actor == actor, t.role == role), (), limit, offset, None)

    def _actor_events_page(self, mine: tuple[ColumnElement[bool], ...], then_by: tuple, limit: int, offset: int,
                           cap: int | None) -> tuple[int, list[TimelineEntry]]:
        """(how many actor-events rows match ``mine``, dated and undated each counted up to ``cap`` when given,
        this page of them by day, article, position and ``then_by``, undated last): the dated rows and the undated
        each read in the index's order (no sort)."""
        t = actor_events.c
        cols = select(t.article_id, t.event_id, t.role, t.day, t.position).order_by(t.day, t.article_id, t.position,
                                                                                      *then_by)

        def count(*where: ColumnElement[bool]) -> Select:  # a busy actor has 100,000s of rows: up to the cap
            rows = select(t.id).where(*mine, *where)
            return select(func.count()).select_from((rows if cap is None else rows.limit(cap)).subquery())

        with self.engine.connect() as conn:
            dated = conn.execute(count(t.day.is_not(None))).scalar_one()
            undated = conn.execute(count(t.day.is_(None))).scalar_one()
            rows = conn.execute(cols.where(*mine, t.day.is_not(None)).limit(limit).offset(offset)).all() \
                if offset < dated else []
            if len(rows) < limit and offset + len(rows) < dated + undated:
                rows += conn.execute(cols.where(*mine, t.day.is_(None)).limit(limit - len(rows))
                                     .offset(max(0, offset - dated))).all()
        return dated + undated, [TimelineEntry(r.article_id, r.event_id, r.role, r.day, r.position) for r in rows]

    def actor_event_months(self, actor: str, typed: bool = False) -> dict[tuple[str | None, str | None], int]:
        """How many distinct events an actor takes part in (either side) fall in each month, by (the first seven
        characters of their day, None for undated; their PLOVER type with ``typed``, else None). Untyped it reads the
        actor's range of the actor-events index alone; typed it reads the type out of each row's event JSON too."""
        from sqlalchemy import literal_column

        t = actor_events.c
        kind = (func.json_extract(t.event, "$.type") if self.engine.dialect.name == "sqlite"
                else literal_column("(actor_events.event::json)->>'type'")) if typed else literal_column("NULL")
        # each event once (the actor on both sides of one has two rows), grouped in the index's order
        distinct = (select(t.day, (func.max(kind) if typed else kind).label("type")).where(t.actor == actor)
                    .group_by(t.day, t.article_id, t.position).subquery())
        month = func.substr(distinct.c.day, 1, 7).label("month")
        q = select(month, distinct.c.type, func.count()).group_by(month, distinct.c.type)
        with self.engine.connect() as conn:
            return {(m, k): n for m, k, n in conn.execute(q)}

    def actor_articles_by_date(self, actor: str) -> list[tuple[str, str | None]]:
        """(id, publication date as stored) of the extracted articles naming an actor, oldest first, then by id
        (undated first): the actor-articles index joined to the articles' rows, no extraction read."""
        aa = actor_articles.c
        q = (select(articles.c.id, articles.c.published)
             .select_from(actor_articles.join(articles, articles.c.id == aa.article_id)).where(aa.actor == actor))
        with self.engine.connect() as conn:
            return sorted(((r.id, r.published) for r in conn.execute(q)), key=lambda r: (r[1] or "", r[0]))

    def actor_article_count(self, actor: str) -> int:
        """How many extracted articles name an actor: a count over its range of the actor-articles index."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).where(actor_articles.c.actor == actor)).scalar_one()

    def actor_articles_in_order(self, actor: str, limit: int, offset: int = 0,
                                newest: bool = False) -> list[tuple[str, str | None]]:
        """(id, publication date as stored) of ``limit`` articles from ``offset`` among those naming an actor, oldest
        first then by id (undated first), or the reverse with ``newest``: the articles' publication-date index read
        in its order, each entry looked up in the actor-articles index, until the page is full -- a few entries for
        a busy actor, the whole index for a rare one (:meth:`actor_articles_by_date` reads a rare one's rows)."""
        aa = actor_articles.c
        mine = select(aa.article_id).where(aa.actor == actor, aa.article_id == articles.c.id).exists()
        order = (articles.c.published.desc().nulls_last(), articles.c.id.desc()) if newest \
            else (articles.c.published.asc().nulls_first(), articles.c.id.asc())
        q = select(articles.c.id, articles.c.published).where(mine).order_by(*order).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [(r.id, r.published) for r in conn.execute(q)]

    def story_headers(self, story_ids: Iterable[str]) -> list[tuple[str, str | None, str | None, str | None]]:
        """(id, title, first published, last published) of these stories, read in a few queries without their
        articles (:meth:`find_story` reads one story and its articles); unknown ids are left out."""
        ids = sorted(set(story_ids))
        c = stories.c
        with self.engine.connect() as conn:
            return [(r.id, r.title, r.first_published, r.last_published) for k in range(0, len(ids), 500)
                    for r in conn.execute(select(c.id, c.title, c.first_published, c.last_published)
                                          .where(c.id.in_(ids[k:k + 500])))]

    def search_articles(self, query: str, limit: int = 20, offset: int = 0,
                        newest: int | None = None) -> tuple[int, list[ArticleHit]]:
        """(how many articles match, this page of them best first) for a free-text query over titles and texts
        (FTS5 bm25 on SQLite with the title weighing five times the text, ``ts_rank`` on PostgreSQL). Each hit's
        title and snippet mark the matched words with :data:`MARK_START` and :data:`MARK_END`. The query is reduced
        to its words (see :func:`fts_terms`), so no input is a syntax error. ``newest``: count and rank only the
        newest that many matching articles (SQLite: the latest stored; PostgreSQL: the latest published), so that a
        query of common words does not rank a whole archive (see :data:`SEARCH_WINDOW`): the count is then at most
        ``newest``, and ``newest`` means at least that many; None counts and ranks every match. Titles and
        snippets are made for the page's articles only."""
        terms = fts_terms(query)
        if not terms:
            return 0, []
        if self.engine.dialect.name == "postgresql":
            return self._search_articles_pg(" | ".join(terms), int(limit), int(offset), newest)
        params: dict = {"q": " OR ".join('"' + t.replace('"', "") + '"' for t in terms), "limit": int(limit),
                        "offset": int(offset), "s": MARK_START, "e": MARK_END}
        count = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"
        if newest is not None:
            params["newest"] = int(newest)
            count = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH :q LIMIT :newest)"
        window = ("SELECT rowid AS rid, -bm25(articles_fts, 0.0, 5.0, 1.0) AS score FROM articles_fts "
                  "WHERE articles_fts MATCH :q" + (" ORDER BY rowid DESC LIMIT :newest" if newest is not None else ""))
        # the page's rows first (by rowid, no article read), then titles and snippets for those rows alone
        sql = (f"SELECT {_HIT_META}, highlight(articles_fts, 1, :s, :e) AS title, "
               f"snippet(articles_fts, 2, :s, :e, '…', 24) AS snippet, h.score "
               f"FROM (SELECT rid, score FROM ({window}) ORDER BY score DESC, rid LIMIT :limit OFFSET :offset) h "
               f"JOIN articles_fts ON articles_fts.rowid = h.rid JOIN articles a ON a.id = articles_fts.article_id "
               f"WHERE articles_fts MATCH :q ORDER BY h.score DESC, h.rid")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
            total = conn.execute(text(count), {k: v for k, v in params.items() if k in ("q", "newest")}).scalar_one()
        return total, [_article_hit(r, r.score) for r in rows]

    def _search_articles_pg(self, tsquery: str, limit: int, offset: int,
                            newest: int | None) -> tuple[int, list[ArticleHit]]:
        """PostgreSQL's :meth:`search_articles`: every match ranked by ``ts_rank`` in one query, or the newest
        ``newest`` matches read and ranked range by range (:meth:`_newest_article_ranks`); then the page's titles
        and snippets (:meth:`_article_hits`)."""
        params = {"q": tsquery, "limit": limit, "offset": offset}
        with self.engine.begin() as conn:
            if newest is not None:
                ranks = self._newest_article_ranks(conn, tsquery, newest)
                total, page = len(ranks), sorted((-score, aid) for aid, score in ranks)[offset:offset + limit]
                return total, self._article_hits(conn, tsquery, [(aid, -neg) for neg, aid in page])
            page = conn.execute(text("SELECT a.id, ts_rank(a.tsv, q) AS score FROM articles a, "
                                     "to_tsquery('english', :q) q WHERE a.tsv @@ q ORDER BY score DESC, a.id "
                                     "LIMIT :limit OFFSET :offset"), params).all()
            total = conn.execute(text("SELECT count(*) FROM articles a, to_tsquery('english', :q) q "
                                      "WHERE a.tsv @@ q"), params).scalar_one()
            return total, self._article_hits(conn, tsquery, [(r.id, float(r.score)) for r in page])

    #: a snippet on PostgreSQL is cut from this many characters of an article's text, starting this many before
    #: the first word that looks like a match (:meth:`_article_hits`): ``ts_headline`` parses and stems all the text
    #: it is given, about 1.5 ms for an article of average length and 20 ms and more for a long one
    SNIPPET_SPAN, SNIPPET_LEAD = 3000, 600

    def _article_hits(self, conn: Connection, tsquery: str, page: list[tuple[str, float]]) -> list[ArticleHit]:
        """PostgreSQL: the page's articles (id, rank), in that order, with titles and snippets marked by
        ``ts_headline``. A snippet is made from :data:`SNIPPET_SPAN` characters of the text from
        :data:`SNIPPET_LEAD` before the first word that begins with a stem of the query (less its last letter
        where that is an ``e``, ``i`` or ``y``: hat-ing, countr-ies), less a word cut at either end; from the whole
        text (its first 100,000 characters) where no word does, or where that word was no match after all (the
        span's headline marks nothing: "war" begins "warrant"). The fragments are the best of that span."""
        if not page:
            return []
        stems = conn.execute(text("SELECT lexeme FROM unnest(to_tsvector('english', :w))"),
                             {"w": tsquery.replace(" | ", " ")}).scalars()
        prefixes = sorted({t[:-1] if len(t) > 3 and t[-1] in "eiy" else t for t in stems})
        opts = "StartSel=" + MARK_START + ", StopSel=" + MARK_END
        params = {"q": tsquery, "ids": [aid for aid, _ in page], "lead": self.SNIPPET_LEAD, "span": self.SNIPPET_SPAN,
                  "s": MARK_START,
                  "rx": r"\m(" + "|".join(prefixes) + ")" if prefixes else "a^",  # a^: never
                  "o1": opts + ", HighlightAll=true",
                  "o2": opts + ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'}
        start = "greatest(a.at - :lead, 1)"  # the span, less a word cut at either end of it
        source = (f"CASE WHEN a.at = 0 THEN left(a.text, 100000) ELSE regexp_replace(substr(a.text, {start}, :span), "
                  rf"concat_ws('|', CASE WHEN {start} > 1 THEN '^\S*\s' END, "
                  rf"CASE WHEN {start} + :span <= length(a.text) THEN '\s\S*$' END), '', 'g') END")
        full = "ts_headline('english', left(a.text, 100000), q, :o2)"
        meta = "id, plain_title, outlet, url, published, language, word_count"
        found = {r.id: r for r in conn.execute(text(  # a span with no match after all: the whole text
            f"SELECT {meta}, title, CASE WHEN a.at > 0 AND strpos(a.span, :s) = 0 THEN {full} ELSE a.span END "
            f"AS snippet FROM (SELECT a.*, ts_headline('english', coalesce(a.plain_title, ''), q, :o1) AS title, "
            f"ts_headline('english', {source}, q, :o2) AS span FROM (SELECT {meta.replace('plain_title', 'title AS plain_title')}, "
            f"text, regexp_instr(text, :rx, 1, 1, 0, 'i') AS at FROM articles WHERE id = ANY(:ids)) a, "
            f"to_tsquery('english', :q) q) a, to_tsquery('english', :q) q"), params)}
        return [_article_hit(found[aid], score) for aid, score in page if aid in found]

    #: the newest articles :meth:`_newest_article_ranks` looks at first (the next ranges grow as in
    #: :meth:`_newest_claim_hits`)
    NEWEST_FIRST_ARTICLES = 5_000
    _PLANNER_SETTINGS = ("enable_indexscan", "enable_seqscan", "cpu_tuple_cost", "max_parallel_workers_per_gather")
    #: PostgreSQL planner settings for this transaction: bitmap scans only (the newest claim matches); that and a
    #: heap row priced high (the newest article matches); back to the server's settings
    _BITMAPS_ONLY = "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off"
    _MATCHES_BY_BITMAPS = _BITMAPS_ONLY + "; SET LOCAL cpu_tuple_cost = 1; SET LOCAL max_parallel_workers_per_gather = 0"
    _PLANNER_DEFAULTS = "; ".join(f"SET LOCAL {k} TO DEFAULT" for k in _PLANNER_SETTINGS)

    def _next_range(self, newest: int, found: int, scanned: int, step: int) -> int:
        """How wide the next range of a newest-matches read is: as wide as the ``found`` matches in the ``scanned``
        rows so far say the rest of ``newest`` needs, a quarter more; :data:`NEWEST_GROWTH` times ``step`` where
        none were found."""
        return int((newest - found) * scanned / found * 1.25) + 1 if found else step * self.NEWEST_GROWTH

    def _newest_article_ranks(self, conn: Connection, tsquery: str, newest: int) -> list[tuple[str, float]]:
        """PostgreSQL: the newest ``newest`` articles matching ``tsquery`` (publication date descending, undated
        first, then id descending: ``ORDER BY published DESC, id DESC LIMIT newest``), each with its ``ts_rank``.
        They are read range by range of publication dates from the latest down, each range's bounds found in
        ``ix_articles_published`` (:data:`NEWEST_FIRST_ARTICLES` articles, then as many as the matches so far say
        the rest needs, or :data:`NEWEST_GROWTH` times more where there were none), each range as the full-text
        index's matches ANDed with the range (bitmap scans, set for this transaction): the planner otherwise scans
        ``ix_articles_published`` backwards reading every article's tsvector (stored out of line) to test it,
        200 ms and more at 100,000 articles for a word neither rare nor common; only the tsvectors of the matches
        kept are read, to rank them, in the same query. The ranges' bounds are read from the index alone (an index-only scan);
        for the matches, plain index scans and sequential scans are off and a heap row is priced high, so that the
        planner ANDs the two indexes' bitmaps rather than testing the tsvector of every article in the range (its
        cost model does not see that reading a tsvector means reading it out of line)."""
        found: list[tuple[str, float]] = []
        step, scanned, hi = self.NEWEST_FIRST_ARTICLES, 0, None
        while len(found) < newest:
            # the range's lower bound: the date ``step`` articles below its upper bound (None: the oldest reached)
            lo = conn.execute(text("SELECT published FROM articles WHERE published IS NOT NULL"
                                   + ("" if hi is None else " AND published < :hi")
                                   + " ORDER BY published DESC OFFSET :k LIMIT 1"), {"hi": hi, "k": step}).scalar()
            if hi is None:  # the first range: undated articles come first (NULLS FIRST in a descending order)
                where = "published IS NULL OR published IS NOT NULL" if lo is None else "published IS NULL OR published >= :lo"
            else:
                where = "published < :hi" + ("" if lo is None else " AND published >= :lo")
            conn.execute(text(self._MATCHES_BY_BITMAPS))
            found += conn.execute(text(f"SELECT w.id, ts_rank(w.tsv, q) FROM (SELECT id, tsv FROM articles, "
                                       f"to_tsquery('english', :q) q WHERE tsv @@ q AND ({where}) "
                                       f"ORDER BY published DESC, id DESC LIMIT :n) w, to_tsquery('english', :q) q"),
                                  {"q": tsquery, "lo": lo, "hi": hi, "n": newest - len(found)}).all()
            conn.execute(text(self._PLANNER_DEFAULTS))
            if lo is None:  # that range reached the oldest article
                break
            scanned += step
            hi = lo
            step = self._next_range(newest, len(found), scanned, step)
        return found

    def claim_embeddings(self, article_ids: Iterable[str]) -> dict[str, dict[str, np.ndarray]]:
        """The stored embeddings of these articles' claims: {article id: {claim id: float32 vector}}; claims stored
        before migration 0005 have none (an article is left out unless all of its claims have one)."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, dict[str, np.ndarray]] = {}
        missing: set[str] = set()
        q = select(claims.c.article_id, claims.c.claim_id, claims.c.embedding)
        with self.engine.connect() as conn:
            for k in range(0, len(ids), 200):
                for r in conn.execute(q.where(claims.c.article_id.in_(ids[k:k + 200]))):
                    if r.embedding is None:
                        missing.add(r.article_id)
                    else:
                        vec = np.frombuffer(r.embedding, dtype="<f2").astype(np.float32)
                        out.setdefault(r.article_id, {})[r.claim_id] = vec
        return {a: v for a, v in out.items() if a not in missing}

    def has_claims(self) -> bool:
        """Whether any claim is stored (stores filled before claims were extracted, 2026-11-26, have none)."""
        with self.engine.connect() as conn:
            return conn.execute(select(claims.c.id).limit(1)).first() is not None


def _sqlite_pragmas(dbapi_conn, _record, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:  # type: ignore[no-untyped-def]
    """Foreign keys on, and write-ahead logging (a setting of the file, so only the first connection to a new file
    changes it) with ``synchronous=NORMAL``, SQLite's advice for WAL: a commit is written to the log without
    waiting for the disk (which is synced at each checkpoint), so storing an article no longer waits 16 ms for an
    fsync; a crash of crosscheck loses nothing committed, and a power cut can lose only the last commits, never
    the file's consistency (an ingest run again stores what is missing, once). Switching a new file to WAL needs
    it to itself: when several processes open a new store at once, SQLite answers "database is locked" at once
    rather than waiting, so the switch is retried until the lock timeout (or until another process has made the
    switch)."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    deadline = time.monotonic() + timeout
    while True:
        try:
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    cur.close()


def _pg_lock_timeout(dbapi_conn, _record, millis: int) -> None:  # type: ignore[no-untyped-def]
    """Each PostgreSQL session waits for another's lock (a row, a table, an advisory lock) at most millis."""
    cur = dbapi_conn.cursor()
    cur.execute("SELECT set_config('lock_timeout', %s, false)", (f"{millis}ms",))
    cur.close()
    dbapi_conn.commit()
