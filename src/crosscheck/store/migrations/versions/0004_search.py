"""search: a full-text index over article titles and texts (FTS5 on SQLite, a generated tsvector on PostgreSQL),
and indexes for listing articles newest first and by outlet (the web app's pages and API)

On SQLite ``articles_fts`` keeps its own copy of the title and text with the article id (an external-content index
keyed by the articles' rowid would break on VACUUM, which renumbers the rowids of a table without an INTEGER
PRIMARY KEY); triggers keep it in step with ``articles``. A later migration that rebuilds ``articles`` (alembic's
batch mode on SQLite copies the table) drops these triggers and must create them again.

On PostgreSQL the column ``tsv`` weighs the title (A) above the text (B), over at most the first 300,000 characters
of the text (a tsvector holds at most 1 MB), with a GIN index.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF id, title, text ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; "
    "INSERT INTO articles_fts(article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END",
)


def upgrade() -> None:
    op.create_index("ix_articles_published", "articles", ["published", "id"])
    op.create_index("ix_articles_outlet", "articles", ["outlet", "published"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text, "
                   "tokenize='porter unicode61')")
        op.execute("INSERT INTO articles_fts(article_id, title, text) SELECT id, coalesce(title, ''), text FROM articles")
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)
    elif bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
                   "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                   "setweight(to_tsvector('english', left(coalesce(text, ''), 300000)), 'B')) STORED")
        op.execute("CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("articles_fts_au", "articles_fts_ad", "articles_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_tsv")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS tsv")
    op.drop_index("ix_articles_outlet", "articles")
    op.drop_index("ix_articles_published", "articles")
