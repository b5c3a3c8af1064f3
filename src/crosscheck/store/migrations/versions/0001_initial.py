"""articles, extractions, stories

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.String(512)),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(64)),
        sa.Column("language", sa.String(16)),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"], unique=True)
    op.create_table(
        "extractions",
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("crosscheck_version", sa.String(32), nullable=False),
        sa.Column("knowledge_version", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("first_published", sa.String(64)),
        sa.Column("last_published", sa.String(64)),
    )
    op.create_table(
        "story_articles",
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_articles")
    op.drop_table("stories")
    op.drop_table("extractions")
    op.drop_index("ix_articles_content_hash", table_name="articles")
    op.drop_table("articles")
