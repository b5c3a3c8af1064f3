"""Alembic environment: runs on the connection crosscheck hands it (see ``crosscheck.store.migrate``)."""

from alembic import context

from crosscheck.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
