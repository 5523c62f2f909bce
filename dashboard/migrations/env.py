"""Alembic environment: the models' metadata, batch mode for SQLite."""

from alembic import context
from sqlmodel import SQLModel

import dashboard.models  # noqa: F401  (registers every table)
from dashboard.db import COUNT_WRITES, WRITE_AT_BEGIN, make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        # One migration at a time (SQLite: the write lock from the start, so a second server starting
        # at the same moment waits and then finds nothing to do); schema changes are not data writes.
        connection.execution_options(**{WRITE_AT_BEGIN: True, COUNT_WRITES: False})
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            # Batch mode rebuilds tables; with foreign keys on, dropping the old copy would cascade
            # deletes into child tables. The pragma only works outside a transaction.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if is_sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
