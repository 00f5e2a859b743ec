"""Alembic environment: migrations always run on a connection handed in by bot.storage.database."""

from alembic import context

from bot.storage.models import Base, include_name

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.storage.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
