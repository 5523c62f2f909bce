"""The one all-or-nothing import transaction, its change log, and undo.

`run_import(...)` opens ONE transaction, records an `ImportBatch`, calls each prepared table's
kind's `write(prepared, rec)` in the order given and commits; any error rolls everything back.
Kinds write through the `Recorder`:

- `rec.bulk_insert(table, columns, rows)`: fast insert without ids (SQLite executemany, PostgreSQL COPY)
- `rec.insert_returning_ids(table, rows)`: insert dicts, get their ids (to log them for undo)
- `rec.insert_logged(table, rows)`: the same, logged for undo at once
- `rec.record_inserts(entity, ids)` / `rec.record_update(entity, id, old)`: the `ImportChange` log
- `rec.update_row(table, old, changed)`: write changed columns over a stored row, logged for undo
  (undo deletes inserted rows and writes `old` back over updated ones)
- `rec.audit()`: the created/updated who-and-when columns for new rows
- `rec.progress(fraction)`: reports progress to the page's bar

Metric values use their own log (`MetricValueChange`), written by the metrics kind.
`undo_import(engine=..., import_id=..., user=...)` reverts a whole import in one transaction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, bindparam, delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, SQLModel

from dashboard.access import Actor, record, require
from dashboard.db import count_write, take_write_lock
from dashboard.importers.problems import Problem
from dashboard.models import ImportBatch, ImportChange, MetricValue, MetricValueChange, Role, utcnow

ADVISORY_LOCK_KEY = 724_001  # serialises imports on PostgreSQL (SQLite's write lock does it there)
RETRIES = 4


def table_of(name: str):
    """The SQLAlchemy Table for a table name (`metric_value`, `output`, ...)."""
    return SQLModel.metadata.tables[name]


def json_safe(values: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, so that a row's old values fit a JSON column."""
    out = {}
    for key, value in values.items():
        if isinstance(value, datetime | date):
            out[key] = value.isoformat()
        elif hasattr(value, "value") and not isinstance(value, int | float | str):
            out[key] = value.value  # enums
        else:
            out[key] = value
    return out


def _restore(table, old: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in old.items():
        if key not in table.c:
            continue
        col_type = table.c[key].type
        impl = getattr(col_type, "impl", col_type)  # SQLModel wraps datetimes in a TypeDecorator
        if isinstance(value, str) and isinstance(impl, DateTime):
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
        elif isinstance(value, str) and isinstance(impl, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


@dataclass
class Recorder:
    """Write helpers bound to one import's transaction."""

    session: Session
    import_id: int
    user: str
    now: datetime = field(default_factory=utcnow)
    on_progress: Callable[[float], None] | None = None

    @property
    def conn(self) -> Connection:
        return self.session.connection()

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def audit(self) -> dict[str, Any]:
        """created_at/by and updated_at/by for new rows."""
        return {"created_at": self.now, "created_by": self.user, "updated_at": self.now, "updated_by": self.user}

    def progress(self, fraction: float) -> None:
        """Report progress (0..1) to whoever watches."""
        if self.on_progress:
            self.on_progress(max(0.0, min(1.0, fraction)))

    def db_date(self, value: date) -> Any:
        """A date as the driver wants it in `bulk_insert(..., ready=True)` rows."""
        return value.isoformat() if self.dialect == "sqlite" else value

    def db_now(self) -> Any:
        """This import's timestamp as the driver wants it in `ready` rows."""
        return _sqlite_value(self.now) if self.dialect == "sqlite" else _pg_value(self.now)

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    ready: bool = False) -> int:
        """Insert plain tuples fast (SQLite executemany, PostgreSQL COPY); returns the count.

        Values are converted for the driver (dates, JSON) unless `ready=True` says the caller built
        them with `db_date`/`db_now` already (the hot path of large imports).
        """
        cols = ", ".join(f'"{c}"' for c in columns)
        if self.dialect == "postgresql":
            raw = self.conn.connection.driver_connection
            count_write(self.conn)  # COPY bypasses SQLAlchemy: count it as a write here
            count = 0
            with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row if ready else [_pg_value(v) for v in row])
                    count += 1
            return count
        marks = ", ".join("?" for _ in columns)
        data = rows if ready and isinstance(rows, list) else [
            tuple(row) if ready else tuple(_sqlite_value(v) for v in row) for row in rows
        ]
        if data:
            self.conn.exec_driver_sql(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', data)
        return len(data)

    def insert_returning_ids(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert dict rows and return their new ids, in order."""
        if not rows:
            return []
        t = table_of(table)
        result = self.conn.execute(t.insert().returning(t.c.id, sort_by_parameter_order=True), rows)
        return [r[0] for r in result]

    def insert_logged(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert dict rows and log them for undo; returns their ids, in order."""
        ids = self.insert_returning_ids(table, rows)
        self.record_inserts(table, ids)
        return ids

    def team_ids(self, names: Iterable[str | None]) -> dict[str, int]:
        """Team name (casefolded) -> id for every team, creating the named ones that do not exist yet."""
        from dashboard.models import Team

        t = Team.__table__
        ids = {name.casefold(): tid for tid, name in self.conn.execute(select(t.c.id, t.c.name))}
        new: dict[str, str] = {}
        for name in names:
            name = (name or "").strip()[:120]
            if name and name.casefold() not in ids and name.casefold() not in new:
                new[name.casefold()] = name
        if new:
            created = self.insert_logged("team", [{"name": n, "archived": False, **self.audit()} for n in new.values()])
            ids.update(zip(new, created, strict=True))
        return ids

    def record_inserts(self, entity: str, ids: Iterable[int]) -> None:
        """Log inserted rows of `entity` (a table name): undo deletes them."""
        rows = [{"import_id": self.import_id, "entity": entity, "entity_id": int(i), "action": "insert", "old": {}}
                for i in ids]
        if rows:
            self.conn.execute(ImportChange.__table__.insert(), rows)

    def update_row(self, table: str, old: dict[str, Any], changed: dict[str, Any], *,
                   keep: Sequence[str] = ("updated_by",), **also: Any) -> None:
        """Write the `changed` columns (and `also`) over the stored row `old`, stamped with this import's
        user and time; the old values of those columns and of `keep` are logged so that undo restores them."""
        self.record_update(table, old["id"], {**{f: old[f] for f in changed}, **{f: old[f] for f in keep}})
        t = table_of(table)
        self.conn.execute(update(t).where(t.c.id == old["id"]).values(**changed, **also, updated_at=self.now,
                                                                       updated_by=self.user))

    def record_update(self, entity: str, entity_id: int, old: dict[str, Any]) -> None:
        """Log an updated row with the values it had before: undo writes them back."""
        self.conn.execute(
            ImportChange.__table__.insert(),
            [{"import_id": self.import_id, "entity": entity, "entity_id": int(entity_id), "action": "update",
              "old": json_safe(old)}],
        )


@dataclass
class ImportOutcome:
    """What an import did (or why it stored nothing)."""

    import_id: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("read", "inserted", "updated", "unchanged", "rejected"), 0))
    problems: list[Problem] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _retryable(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(s in text for s in ("database is locked", "deadlock", "could not serialize", "busy"))


def run_import(
    *, engine: Engine, file_name: str, sha256: str, kind: str, sheet: str, user: Actor | str,
    prepared: list, write: Callable[[Any, Recorder], dict[str, int]],
    progress: Callable[[float], None] | None = None, notes: list | None = None, dry_run: bool = False,
) -> ImportOutcome:
    """Write prepared tables, in the order given, in ONE transaction with an ImportBatch; all or nothing.

    `write(prepared, rec)` writes one table (the service passes each kind's own writer) and returns
    its counts. `dry_run` does every write and then rolls back: the counts are exact, nothing is stored.
    """
    require(user, Role.editor, "import files")
    user = str(user)
    ordered = list(prepared)
    for attempt in range(RETRIES):
        outcome = ImportOutcome(notes=list(notes or []))
        try:
            with Session(engine, expire_on_commit=False) as session:
                if engine.dialect.name == "postgresql":
                    session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
                else:
                    take_write_lock(session)
                batch = ImportBatch(file_name=file_name[:500], sha256=sha256, sheet=sheet[:500], kind=kind,
                                    created_by=user, notes=[])
                session.add(batch)
                session.flush()
                rec = Recorder(session=session, import_id=batch.id, user=user)
                total = max(1, sum(len(p.rows) for p in ordered))
                done = 0
                for p in ordered:
                    base = done

                    def scaled(f: float, base: int = base, size: int = len(p.rows), total: int = total) -> None:
                        if progress:
                            progress((base + f * size) / total)

                    rec.on_progress = scaled
                    counts = write(p, rec)
                    done += len(p.rows)
                    outcome.counts["read"] += p.rows_read
                    for key in ("inserted", "updated", "unchanged"):
                        outcome.counts[key] += int(counts.get(key, 0))
                    seen = [{k: v for k, v in n.items() if k != "sheet"} for n in outcome.notes]
                    outcome.notes.extend({"sheet": p.sheet, **n} for n in p.notes if n not in seen)
                session.execute(
                    update(ImportBatch).where(ImportBatch.id == batch.id).values(
                        rows_read=outcome.counts["read"], inserted=outcome.counts["inserted"],
                        updated=outcome.counts["updated"], unchanged=outcome.counts["unchanged"],
                        rejected=0, notes=json.loads(json.dumps(outcome.notes, default=str))[:200],
                    )
                )
                record(session, actor=user, action="import", entity="import_batch", entity_key=str(batch.id),
                       label=f"{file_name[:250]} ({kind})",
                       changes={key: [None, outcome.counts[key]] for key in ("read", "inserted", "updated",
                                                                            "unchanged")})
                if dry_run:
                    session.rollback()
                    return outcome
                session.commit()
                outcome.import_id = batch.id
                if progress:
                    progress(1.0)
                return outcome
        except (OperationalError, DBAPIError) as exc:
            if _retryable(exc) and attempt < RETRIES - 1:
                time.sleep(0.2 * (attempt + 1))
                continue
            if isinstance(exc, IntegrityError):
                outcome.problems.append(Problem(code="conflict", found=str(exc.orig).splitlines()[0][:200]))
                return outcome
            raise
    return outcome  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# undo


class UndoError(ValueError):
    """An import that cannot be undone (unknown id, already undone)."""


def _referenced(conn: Connection, table, row_id: int) -> bool:
    """True when any row of any table refers to row `row_id` of `table` through a foreign key.

    Checked before undo deletes a row it inserted, because ON DELETE SET NULL / CASCADE would
    otherwise silently detach or remove what people made later (a team's objectives, a metric's values).
    """
    for other in SQLModel.metadata.sorted_tables:
        if other.name in ("metric_value_change", "import_change"):
            continue  # the change log itself
        for fk in other.foreign_keys:
            if fk.parent.primary_key:
                continue  # a link row (hypothesis_output, ...) goes with what it links
            if fk.column.table is table and fk.column.name == "id":
                if conn.execute(select(fk.parent).where(fk.parent == row_id).limit(1)).first():
                    return True
    return False


def undo_import(*, engine: Engine, import_id: int, user: Actor | str) -> dict[str, int]:
    """Revert a whole import in one transaction; returns {"restored", "deleted"}."""
    require(user, Role.admin, "undo imports")
    user = str(user)
    counts = {"restored": 0, "deleted": 0}
    with Session(engine, expire_on_commit=False) as session:
        if engine.dialect.name == "postgresql":
            session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
        else:
            take_write_lock(session)  # before reading the batch, so that two undos cannot both see it open
        batch = session.get(ImportBatch, import_id)
        if batch is None:
            raise UndoError("unknown")
        if batch.undone_at is not None:
            raise UndoError("already")
        conn = session.connection()
        mv = MetricValue.__table__
        now = utcnow()
        changes = conn.execute(
            select(MetricValueChange.__table__).where(MetricValueChange.__table__.c.import_id == import_id)
        ).mappings().all()
        if changes:
            params = [
                {"b_metric": c["metric_id"], "b_date": c["date"], "b_segment": c["segment"],
                 "b_value": c["old_value"], "b_old_import": c["old_import_id"]}
                for c in changes
            ]
            stmt = (
                update(mv)
                .where(mv.c.metric_id == bindparam("b_metric"), mv.c.date == bindparam("b_date"),
                       mv.c.segment == bindparam("b_segment"), mv.c.import_id == import_id)
                .values(value=bindparam("b_value"), import_id=bindparam("b_old_import"), updated_at=now,
                        updated_by=user)
            )
            conn.execute(stmt, params)
            counts["restored"] += len(params)
        result = conn.execute(delete(mv).where(mv.c.import_id == import_id))
        counts["deleted"] += result.rowcount or 0
        logged = conn.execute(
            select(ImportChange.__table__).where(ImportChange.__table__.c.import_id == import_id)
            .order_by(ImportChange.__table__.c.id.desc())
        ).mappings().all()
        for change in logged:
            table = SQLModel.metadata.tables.get(change["entity"])
            if table is None or "id" not in table.c:
                continue
            if change["action"] == "update":
                values = _restore(table, change["old"] or {})
                if values:
                    conn.execute(update(table).where(table.c.id == change["entity_id"]).values(**values))
                    counts["restored"] += 1
                continue
            if _referenced(conn, table, change["entity_id"]):
                continue  # used by something made later (values, key results, objectives, ...): keep it
            try:
                with session.begin_nested():
                    deleted = session.connection().execute(delete(table).where(table.c.id == change["entity_id"]))
                    counts["deleted"] += deleted.rowcount or 0
            except IntegrityError:
                continue  # still referenced by something made later: keep it
        session.execute(
            update(ImportBatch).where(ImportBatch.id == import_id).values(undone_at=now, undone_by=user)
        )
        record(session, actor=user, action="undo", entity="import_batch", entity_key=str(import_id),
               label=f"{batch.file_name} ({batch.kind})",
               changes={"restored": [None, counts["restored"]], "deleted": [None, counts["deleted"]]})
        session.commit()
    return counts
