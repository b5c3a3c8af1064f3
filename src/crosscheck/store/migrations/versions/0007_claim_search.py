"""claim search: on PostgreSQL the claims' full-text index moves to a narrow table of its own, ``claim_search``
(the claim's row id and its tsvector), so that a search reads small rows instead of the claims' (issue 17: with
100,000 articles the claims table holds 4.3 million rows and 4.7 GB, mostly embeddings, and the newest matches of
an uncommon word were scattered over all of it: 703-789 ms at p95)

The rows for the claims already stored are copied from the claims' own generated ``tsv`` column (the same
tsvector, so ranks do not change), then that column and its index are dropped. A trigger on ``claims`` (one per
statement, over the inserted rows) writes the rows of new claims; deleting a claim deletes its row (a foreign
key, on delete cascade).

On SQLite nothing changes: ``claims_fts`` (migration 0003) is already an index of its own beside the claims.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: the tsvector of a claim: the same expression as migration 0003's generated column
TSV = "to_tsvector('english', coalesce({t}text, '') || ' ' || coalesce({t}source, ''))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the index over millions of rows builds in memory
    op.execute("CREATE TABLE claim_search (id integer PRIMARY KEY, tsv tsvector NOT NULL)")
    op.execute("INSERT INTO claim_search (id, tsv) SELECT id, tsv FROM claims")  # in stored order: by id
    op.execute("ALTER TABLE claim_search ADD CONSTRAINT fk_claim_search_claims FOREIGN KEY (id) REFERENCES claims (id) "
               "ON DELETE CASCADE")
    op.execute("CREATE INDEX ix_claim_search_tsv ON claim_search USING gin (tsv)")
    op.execute("DROP INDEX IF EXISTS ix_claims_tsv")
    op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS tsv")
    op.execute("CREATE FUNCTION claim_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               f"INSERT INTO claim_search (id, tsv) SELECT n.id, {TSV.format(t='n.')} FROM new_claims n; "
               "RETURN NULL; END $$")
    op.execute("CREATE TRIGGER claims_search_ai AFTER INSERT ON claims REFERENCING NEW TABLE AS new_claims "
               "FOR EACH STATEMENT EXECUTE FUNCTION claim_search_insert()")
    op.execute("ANALYZE claim_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS claims_search_ai ON claims")
    op.execute("DROP FUNCTION IF EXISTS claim_search_insert()")
    op.execute("DROP TABLE IF EXISTS claim_search")
    op.execute(f"ALTER TABLE claims ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({TSV.format(t='')}) STORED")
    op.execute("CREATE INDEX ix_claims_tsv ON claims USING gin (tsv)")
