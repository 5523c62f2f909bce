"""Engine factory, session helper and schema migration (Alembic is the only way the schema changes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from dashboard.access import Actor, bind
from dashboard.config import normalise_database_url, settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via engine
    # WAL lets readers proceed while one session writes; busy_timeout makes a writer wait for the
    # lock instead of failing with "database is locked".
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """A new engine for a database URL (SQLite: WAL, busy timeout, foreign keys; PostgreSQL: psycopg 3)."""
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy issue BEGIN itself so that transactions are real (pysqlite's legacy mode
        # would defer them), and take the write lock at BEGIN to avoid upgrade deadlocks.
        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection, _record):  # noqa: ANN001
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per database URL and process."""
    return make_engine(url)


def default_engine() -> Engine:
    """The engine for the configured DATABASE_URL."""
    return engine_for(settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None, actor: Actor | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error.

    With an `actor`, every row the session writes is checked against that person's role and the
    audit trail names them (pages always pass the signed-in person).
    """
    with Session(engine or default_engine(), expire_on_commit=False) as session:
        bind(session, actor)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine):
    """Alembic configuration pointing at our migrations, bound to an engine."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine | None = None, revision: str = "head") -> None:
    """Create or upgrade the schema to the latest migration."""
    from alembic import command

    command.upgrade(alembic_config(engine or default_engine()), revision)


def is_empty(engine: Engine | None = None) -> bool:
    """True when the schema exists but holds no metrics, outputs or objectives."""
    from sqlalchemy import text

    engine = engine or default_engine()
    if not inspect(engine).has_table("metric"):
        return True
    with engine.connect() as conn:
        for table in ("metric", "output", "objective"):
            if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():  # noqa: S608
                return False
    return True
