"""claim embeddings: each stored claim's sentence embedding (crosscheck.embed, float16 bytes), written by ingest,
so that ``crosscheck ask`` reads them instead of embedding every claim of an article it has not seen yet

A plain nullable column: claims stored before it have none and are embedded when asked about.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the table (and, on SQLite, the full-text triggers on it): no batch copy
    op.add_column("claims", sa.Column("embedding", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    op.drop_column("claims", "embedding")  # ALTER TABLE ... DROP COLUMN (SQLite 3.35 on): the triggers stay
