"""Engine factory, session helper, data version, schema check and migration.

Alembic is the only way the schema changes. Two things every connection does, whatever code path
writes through it (ORM sessions, Core statements, raw SQL):

- **Data version.** A transaction that wrote increments the one row of `data_version` just before it
  commits, in the same transaction. App servers key their cached reads on that number, so a change
  made through one server is seen by every other server on its next rerun.
- **SQLite locking.** A transaction starts as a plain (deferred) `BEGIN`, so readers never take the
  write lock and never wait for each other (WAL lets them read while one connection writes). At its
  first write the transaction takes the write lock with `BEGIN IMMEDIATE`, waiting up to the busy
  timeout, so writers queue instead of failing with "database is locked". What it read before that
  first write came from its own snapshot: like PostgreSQL's default READ COMMITTED, code that must
  read and write under one lock calls `take_write_lock` first (imports and undo do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from dashboard.access import Actor, bind
from dashboard.config import normalise_database_url, settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

DATA_VERSION_TABLE = "data_version"
# Execution option: False on a connection whose writes must not count (the migrations).
COUNT_WRITES = "outcomes_count_writes"
# Execution option: True to take SQLite's write lock when the transaction begins (the migrations).
WRITE_AT_BEGIN = "outcomes_write_at_begin"

_BUMP = (
    f"INSERT INTO {DATA_VERSION_TABLE} (id, version) VALUES (1, 1) "
    f"ON CONFLICT (id) DO UPDATE SET version = {DATA_VERSION_TABLE}.version + 1"
)
_WROTE = "outcomes.wrote"  # conn.info: this transaction wrote
_SQLITE_TX = "outcomes.sqlite_tx"  # conn.info: "read" (deferred) or "write" (holds the write lock)
_WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "TRUNCATE", "COPY",
                          "CREATE", "ALTER", "DROP"})
_FIRST_WORD = re.compile(r"^[\s(]*([A-Za-z]+)")
_CTE_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _statement_kind(statement: str, context) -> str:  # noqa: ANN001
    """"write", "savepoint" or "read" for a statement about to run."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return "write"
    match = _FIRST_WORD.match(statement)
    word = match.group(1).upper() if match else ""
    if word in _WRITE_VERBS or (word == "WITH" and _CTE_WRITE.search(statement)):
        return "write"
    return "savepoint" if word == "SAVEPOINT" else "read"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via engine
    # Statements are sent as they are (no implicit BEGIN from pysqlite): the events below decide.
    dbapi_connection.isolation_level = None
    # WAL lets readers proceed while one connection writes; busy_timeout makes a writer wait for the
    # lock instead of failing with "database is locked".
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_take_write_lock(conn: Connection) -> None:
    """Turn the current deferred transaction into one that holds the write lock.

    Upgrading a read transaction in place can fail at once (SQLITE_BUSY_SNAPSHOT when another
    connection committed since it read), so the read part, which wrote nothing, ends and a new
    transaction begins with BEGIN IMMEDIATE, waiting for the lock up to the busy timeout.
    """
    raw = conn.connection.dbapi_connection
    raw.execute("COMMIT")
    raw.execute("BEGIN IMMEDIATE")
    conn.info[_SQLITE_TX] = "write"


def count_write(conn: Connection) -> None:
    """Count a write made on the driver's own connection (PostgreSQL COPY), which SQLAlchemy does not see."""
    conn.info[_WROTE] = True


def take_write_lock(session_or_connection: Session | Connection) -> None:
    """Serialise this transaction with other writers from now on, reads included.

    SQLite: take the write lock now (call before reading what the writes depend on). PostgreSQL:
    nothing; callers that need it there take an advisory lock.
    """
    conn = session_or_connection
    if isinstance(conn, Session):
        conn = conn.connection()
    if conn.dialect.name == "sqlite" and conn.info.get(_SQLITE_TX) == "read":
        _sqlite_take_write_lock(conn)


def _track_writes(engine: Engine) -> None:
    """Count every committed write in `data_version`; on SQLite, take the write lock at the first write."""
    sqlite = engine.dialect.name == "sqlite"

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.info[_WROTE] = False
        if sqlite:
            immediate = conn.get_execution_options().get(WRITE_AT_BEGIN, False)
            conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            conn.info[_SQLITE_TX] = "write" if immediate else "read"

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Connection, _cursor, statement: str, _params, context, _many) -> None:  # noqa: ANN001
        kind = _statement_kind(statement, context)
        if kind == "read":
            return
        if kind == "write":
            conn.info[_WROTE] = True
        if sqlite and conn.info.get(_SQLITE_TX) == "read":
            _sqlite_take_write_lock(conn)

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        # Runs just before the database commits, inside the same transaction.
        wrote = conn.info.pop(_WROTE, False)
        conn.info.pop(_SQLITE_TX, None)
        if wrote and conn.get_execution_options().get(COUNT_WRITES, True):
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.execute(_BUMP)
            finally:
                cursor.close()

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Connection) -> None:
        conn.info.pop(_WROTE, None)
        conn.info.pop(_SQLITE_TX, None)


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
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    _track_writes(engine)
    return engine


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


def data_version(engine: Engine) -> int:
    """How many write transactions have been committed (0 when none, or before the table exists)."""
    with engine.connect() as conn:
        value = conn.execute(text(f"SELECT version FROM {DATA_VERSION_TABLE} WHERE id = 1")).scalar()
    return int(value or 0)


# ---------------------------------------------------------------------------------------------
# schema revision


class SchemaState(StrEnum):
    """Where a database stands against this version's migrations."""

    current = "current"  # at the latest revision
    empty = "empty"  # none of our tables yet: `db upgrade` creates them
    behind = "behind"  # an older revision of ours: `db upgrade` brings it up to date
    unversioned = "unversioned"  # our tables without a revision record: not made by `db upgrade`
    unknown = "unknown"  # a revision we do not know: made by a newer version of the app


class SchemaError(Exception):
    """The database's schema is not at this version's revision (`state` says why, `revision` what it is)."""

    def __init__(self, state: SchemaState, revision: str | None = None) -> None:
        super().__init__(f"database schema is {state}" + (f" (revision {revision})" if revision else ""))
        self.state = state
        self.revision = revision


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(heads, every revision) of the migrations shipped with this version.

    Read from the `revision` / `down_revision` assignments of the migration files, without importing
    alembic: every command and every server start checks the schema, few of them migrate.
    """
    import ast

    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.target if isinstance(node, ast.AnnAssign) else (
                node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
            if not isinstance(target, ast.Name) or target.id not in ("revision", "down_revision") or node.value is None:
                continue
            value = ast.literal_eval(node.value)
            if target.id == "revision":
                revisions.add(value)
            elif target.id == "down_revision" and value is not None:
                parents.update([value] if isinstance(value, str) else value)
    return frozenset(revisions - parents), frozenset(revisions)


def head_revision() -> str:
    """The latest migration's revision id."""
    return ",".join(sorted(_revisions()[0]))


def schema_state(engine: Engine) -> tuple[SchemaState, str | None]:
    """The database's schema state and its recorded revision (None when it has none)."""
    from sqlmodel import SQLModel

    import dashboard.models  # noqa: F401  (registers every table)

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revisions = (
            set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            if "alembic_version" in tables else set()
        )
    heads, known = _revisions()
    revision = ",".join(sorted(revisions)) or None
    if not revisions:
        ours = tables & set(SQLModel.metadata.tables)
        return (SchemaState.unversioned if ours else SchemaState.empty), None
    if revisions == heads:
        return SchemaState.current, revision
    if revisions <= known:
        return SchemaState.behind, revision
    return SchemaState.unknown, revision


def check_schema(engine: Engine) -> None:
    """Raise SchemaError unless the database is at the latest revision."""
    state, revision = schema_state(engine)
    if state is not SchemaState.current:
        raise SchemaError(state, revision)


def alembic_config(engine: Engine):
    """Alembic configuration pointing at our migrations, bound to an engine."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine | None = None, revision: str = "head") -> None:
    """Create or upgrade the schema to the latest migration.

    Refuses (SchemaError) a database whose tables were not made by the migrations, or that a newer
    version of the app has migrated past what this version knows.
    """
    from alembic import command

    engine = engine or default_engine()
    state, current = schema_state(engine)
    if state in (SchemaState.unversioned, SchemaState.unknown):
        raise SchemaError(state, current)
    if state is SchemaState.current and revision == "head":
        return
    command.upgrade(alembic_config(engine), revision)


def is_empty(engine: Engine | None = None) -> bool:
    """True when the schema exists but holds no metrics, outputs or objectives."""
    engine = engine or default_engine()
    if not inspect(engine).has_table("metric"):
        return True
    with engine.connect() as conn:
        for table in ("metric", "output", "objective"):
            if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():  # noqa: S608
                return False
    return True
