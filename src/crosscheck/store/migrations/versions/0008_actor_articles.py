"""actor articles: one row per actor identity and article naming it, so that an actor's page reads the
extractions of that actor's articles alone instead of an index built from every extraction (issue 17: 100,000
articles)

Rows for the extractions already stored are written here, from their actors (cut out of the JSON by the database).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    import json

    from crosscheck.store.keys import actor_article_rows

    table = op.create_table(
        "actor_articles",
        sa.Column("actor", sa.String(600), primary_key=True),
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_actor_articles_article", "actor_articles", ["article_id"])
    bind = op.get_bind()
    actors = "(data::json)->>'actors'" if bind.dialect.name == "postgresql" else "json_extract(data, '$.actors')"
    rows: list[dict] = []
    # streamed (a server-side cursor on PostgreSQL): 100,000 extractions' actors are not held at once
    query = sa.text(f"SELECT article_id, {actors} FROM extractions").execution_options(yield_per=1000)
    for article_id, data in bind.execute(query):
        rows.extend(actor_article_rows(article_id, json.loads(data or "[]")))
        if len(rows) >= 5000:
            op.bulk_insert(table, rows)
            rows = []
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("actor_articles")
