"""authors, canonical-URL keys, near-duplicate links and MinHash signatures; polled feeds

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("author", sa.Text))
        batch.add_column(sa.Column("url_key", sa.String(64)))
        batch.add_column(sa.Column("near_duplicate_of", sa.String(512)))
        batch.add_column(sa.Column("similarity", sa.Float))
        batch.add_column(sa.Column("minhash", sa.LargeBinary))
        batch.create_index("ix_articles_url_key", ["url_key"])
        batch.create_index("ix_articles_near_duplicate_of", ["near_duplicate_of"])
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("polled_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("feeds")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_near_duplicate_of")
        batch.drop_index("ix_articles_url_key")
        for name in ("minhash", "similarity", "near_duplicate_of", "url_key", "author"):
            batch.drop_column(name)
