"""The tables, as SQLAlchemy Core metadata. Migrations in ``migrations/versions`` create and change them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(512), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True, index=True),
    Column("title", Text),
    Column("outlet", String(512)),
    Column("url", Text),
    Column("published", String(64)),
    Column("language", String(16)),
    Column("word_count", Integer, nullable=False, default=0),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("author", Text),
    Column("url_key", String(64), index=True),
    Column("near_duplicate_of", String(512), index=True),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
)

extractions = Table(
    "extractions", metadata,
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("crosscheck_version", String(32), nullable=False),
    Column("knowledge_version", String(32), nullable=False),
    Column("data", Text, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("first_published", String(64)),
    Column("last_published", String(64)),
)

story_articles = Table(
    "story_articles", metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

feeds = Table(
    "feeds", metadata,
    Column("url", String(2048), primary_key=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", DateTime(timezone=True)),
    Column("status", Text),
)

#: every claim of every extracted article, for full-text search (the extraction JSON holds the full records);
#: the FTS index beside it (``claims_fts`` on SQLite, made by migration 0003; on PostgreSQL the narrow table
#: ``claim_search`` of each claim's id and tsvector, filled by a trigger, migration 0007)
claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("claim_id", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("modality", String(16), nullable=False),
    Column("negated", Boolean, nullable=False),
    #: the claim's sentence embedding (crosscheck.embed), float16 bytes; None for claims stored before 0005
    Column("embedding", LargeBinary),
)

#: one row per event and actor taking part in it (``role`` actor or recipient), keyed by the actor's cross-article
#: identity (crosscheck.store.keys.actor_key) and the event's day: an actor's timeline (migration 0006)
actor_events = Table(
    "actor_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", String(600), nullable=False),
    #: the actor's name as the article gives it
    Column("name", Text, nullable=False),
    Column("day", String(64)),
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(32), nullable=False),
    #: the event's place in its extraction's list of events
    Column("position", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    #: the event as its extraction's JSON holds it
    Column("event", Text, nullable=False),
)

#: one row per actor identity (crosscheck.store.keys.actor_key) and article naming it: an actor's page reads only
#: its articles' extractions (migration 0008)
actor_articles = Table(
    "actor_articles", metadata,
    Column("actor", String(600), primary_key=True),
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True),
)
