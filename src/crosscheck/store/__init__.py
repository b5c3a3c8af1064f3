"""The store: SQLAlchemy over a SQLite file by default, PostgreSQL by URL. Nothing above this package writes SQL.

Opening a store brings its schema to the newest migration. An article and its extraction are written in one
transaction, so an interrupted ingest never leaves half an article; the content hash makes ingest idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from crosscheck import __version__
from crosscheck.knowledge import KNOWLEDGE_VERSION
from crosscheck.model import Article, ArticleMeta, Extraction, Story
from crosscheck.store.tables import articles, claims, extractions, feeds, stories, story_articles

DEFAULT_URL = "sqlite:///crosscheck.db"


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


def claim_rows(article_id: str, extraction: Extraction) -> list[dict]:
    """The rows of the claims table for one extraction: the claim's text and offsets, and its source by name."""
    names = {a.id: a.name for a in extraction.actors}
    return [dict(article_id=article_id, claim_id=c.id, start=c.start, end=c.end, text=c.text,
                 source=names.get(c.source or "", c.source_text), modality=c.modality, negated=c.negated)
            for c in extraction.claims]


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


def migrate(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crosscheck.store").joinpath("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = normalise_url(url)
        self.engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)

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
        in one transaction; False when the same content is already stored."""
        if self.has_content(article.content_hash):
            return False
        row = dict(id=article.id, content_hash=article.content_hash, title=article.title, outlet=article.outlet,
                   url=article.url, published=article.published, language=article.language,
                   word_count=article.word_count, source=article.source, text=article.text, ingested_at=datetime.now(UTC),
                   author=article.author, url_key=copy.url_key, near_duplicate_of=copy.near_duplicate_of,
                   similarity=copy.similarity, minhash=copy.minhash)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(articles).values(**row))
                if extraction is not None:
                    conn.execute(insert(extractions).values(article_id=article.id, crosscheck_version=__version__,
                                                            knowledge_version=KNOWLEDGE_VERSION, data=extraction.to_json()))
                    rows = claim_rows(article.id, extraction)
                    if rows:
                        conn.execute(insert(claims), rows)
        except IntegrityError as exc:
            if self.has_content(article.content_hash):
                return False
            raise DuplicateIdError(article.id) from exc
        return True

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

    def search_claims(self, query: str, article_ids: Iterable[str] | None = None, limit: int = 50) -> list[ClaimHit]:
        """Stored claims matching any word of ``query`` (FTS5 bm25 on SQLite, ``ts_rank`` on PostgreSQL), best
        first; within ``article_ids`` when given. The query is reduced to its words, so no input is a syntax
        error."""
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
        if self.engine.dialect.name == "postgresql":
            params["q"] = " | ".join(terms)
            sql = (f"SELECT {cols}, ts_rank(c.tsv, q) AS score FROM claims c, "
                   f"to_tsquery('english', :q) q WHERE c.tsv @@ q{where} ORDER BY score DESC, c.id LIMIT :limit")
        else:
            params["q"] = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            sql = (f"SELECT {cols}, -bm25(claims_fts) AS score FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
                   f"WHERE claims_fts MATCH :q{where} ORDER BY score DESC, c.id LIMIT :limit")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        return [ClaimHit(r.article_id, r.claim_id, r.start, r.end, r.text, r.source, r.modality, bool(r.negated),
                         float(r.score)) for r in rows]

    def replace_claims(self, article_id: str, extraction: Extraction) -> None:
        """Rewrites an article's stored claims (and their index entries) from a new extraction."""
        with self.engine.begin() as conn:
            conn.execute(delete(claims).where(claims.c.article_id == article_id))
            rows = claim_rows(article_id, extraction)
            if rows:
                conn.execute(insert(claims), rows)

    # ---------------------------------------------------------------- stories

    def replace_stories(self, new: list[Story]) -> None:
        """Writes a fresh grouping of the stored articles into stories, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(delete(story_articles))
            conn.execute(delete(stories))
            for s in new:
                conn.execute(insert(stories).values(id=s.id, title=s.title, first_published=s.first_published,
                                                    last_published=s.last_published))
                for k, a in enumerate(s.articles):
                    conn.execute(insert(story_articles).values(story_id=s.id, article_id=a, position=k))

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


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()
