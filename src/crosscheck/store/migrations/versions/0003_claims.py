"""claims: every article's statements of fact, with a full-text index (FTS5 on SQLite, tsvector on PostgreSQL)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("claim_id", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.UniqueConstraint("article_id", "claim_id", name="uq_claims_article_claim"),
    )
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(text, source, content='claims', content_rowid='id', "
                   "tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN "
                   "INSERT INTO claims_fts(rowid, text, source) VALUES (new.id, new.text, new.source); END")
        op.execute("CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN "
                   "INSERT INTO claims_fts(claims_fts, rowid, text, source) VALUES ('delete', old.id, old.text, old.source); END")
    elif bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE claims ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(source, ''))) STORED")
        op.execute("CREATE INDEX ix_claims_tsv ON claims USING gin (tsv)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS claims_ad")
        op.execute("DROP TRIGGER IF EXISTS claims_ai")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    op.drop_index("ix_claims_article_id", "claims")
    op.drop_table("claims")
