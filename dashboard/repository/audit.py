"""The audit trail: who created, changed or deleted what and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from dashboard.models import AuditEvent

AUDIT_COLUMNS = ["at", "actor", "action", "entity", "entity_key", "label", "changes"]


def audit_frame(
    *, session: Session, actors: list[str] | None = None, entities: list[str] | None = None,
    start: date | None = None, end: date | None = None, limit: int = 5_000,
) -> pd.DataFrame:
    """Audit events, newest first, filtered by person, kind of thing and day range (inclusive)."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if actors:
        stmt = stmt.where(AuditEvent.actor.in_(actors))
    if entities:
        stmt = stmt.where(AuditEvent.entity.in_(entities))
    if start is not None:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end is not None:
        stmt = stmt.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC))
    rows = session.exec(stmt.limit(limit)).all()
    return pd.DataFrame([{c: getattr(r, c) for c in AUDIT_COLUMNS} for r in rows], columns=AUDIT_COLUMNS)


def audit_choices(*, session: Session) -> tuple[list[str], list[str], date | None]:
    """The people and kinds of things in the trail, and the day of its first event."""
    actors = sorted(session.exec(select(AuditEvent.actor).distinct()).all(), key=str.casefold)
    entities = sorted(session.exec(select(AuditEvent.entity).distinct()).all())
    first = session.exec(select(func.min(AuditEvent.at))).first()
    return actors, entities, (first.date() if first else None)


def audit_count(*, session: Session) -> int:
    """How many events the trail holds."""
    return int(session.exec(select(func.count()).select_from(AuditEvent)).one())
