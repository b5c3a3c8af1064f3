"""actor events: one row per event and actor taking part (as actor or recipient), keyed by the actor's
cross-article identity and the event's day, with the event's JSON, so that a page of an actor's timeline is an
index range scan and a few rows instead of a read of every extraction (issue 17: 100,000 articles)

Rows for the extractions already stored are written here, from their JSON (actors and events only).

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from crosscheck.store.keys import actor_event_rows

    table = op.create_table(
        "actor_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actor", sa.String(600), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("day", sa.String(64)),
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("event", sa.Text, nullable=False),
    )
    # a page of an actor's timeline is a range of this index, in its order (no sort)
    op.create_index("ix_actor_events_timeline", "actor_events", ["actor", "day", "article_id", "position", "role"])
    op.create_index("ix_actor_events_article", "actor_events", ["article_id", "position"])
    bind = op.get_bind()
    rows: list[dict] = []
    q = sa.text("SELECT a.id, a.published, e.data FROM extractions e JOIN articles a ON a.id = e.article_id")
    for article_id, published, data in bind.execute(q):
        parsed = json.loads(data)
        rows.extend(actor_event_rows(article_id, published, parsed.get("actors") or [], parsed.get("events") or []))
        if len(rows) >= 5000:
            op.bulk_insert(table, rows)
            rows = []
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("actor_events")
