"""Who may change what, enforced where every write passes, and the audit trail of every change.

Three roles, each including the one before: a viewer reads, an editor creates and changes the
team's work (objectives, key results, check-ins, hypotheses, learnings, outputs, imports), an admin
also manages the workspace (settings, teams, metric definitions, users), deletes, and undoes imports.

Writes are checked twice, in the core and not in the pages:

- each repository write function calls `act(session, user)`, which refuses a role below the
  operation's and puts the acting person on the session;
- a session that carries an actor (every page's session does) checks each row it flushes against
  `POLICY`, so a write reached some other way is refused as well.

Every flushed change of an entity row is recorded as an `AuditEvent` with the old and new values of
what changed; imports and undos, which write in bulk, record their own event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as OrmSession

from dashboard import models as m
from dashboard.models import Role

ROLES = tuple(Role)
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The person acting, with the role they have in this workspace."""

    name: str
    role: Role

    def can(self, needed: Role | str) -> bool:
        return self.role.allows(Role(needed))

    def __str__(self) -> str:  # stamps and messages use the name
        return self.name


class AccessDenied(PermissionError):
    """The acting person's role does not allow this change."""

    def __init__(self, actor: Actor, needed: Role, what: str) -> None:
        super().__init__(f"{actor.name} ({actor.role.value}) may not {what}: needs {needed.value}")
        self.actor = actor
        self.needed = needed
        self.what = what


# Operation -> least role, per table. Link tables follow their owner's edits; anything not listed
# needs an admin.
_E, _A = Role.editor, Role.admin
POLICY: dict[str, dict[str, Role]] = {
    "team": {"create": _A, "update": _A, "delete": _A},
    "metric": {"create": _E, "update": _A, "delete": _A},
    "metric_value": {"create": _E, "update": _E, "delete": _A},
    "import_batch": {"create": _E, "update": _E, "delete": _A},
    "import_mapping": {"create": _E, "update": _E, "delete": _E},
    "output": {"create": _E, "update": _E, "delete": _A},
    "objective": {"create": _E, "update": _E, "delete": _A},
    "objective_parent": {"create": _E, "update": _E, "delete": _E},
    "key_result": {"create": _E, "update": _E, "delete": _A},
    "check_in": {"create": _E, "update": _E, "delete": _A},
    "key_result_output": {"create": _E, "update": _E, "delete": _E},
    "hypothesis": {"create": _E, "update": _E, "delete": _A},
    "hypothesis_output": {"create": _E, "update": _E, "delete": _E},
    "learning": {"create": _E, "update": _E, "delete": _A},
    "learning_hypothesis": {"create": _E, "update": _E, "delete": _E},
    "review_snapshot": {"create": _E, "update": _E, "delete": _A},
    "sign_in_failure": {"create": Role.viewer, "update": Role.viewer, "delete": Role.viewer},
}

# Tables whose changes are recorded in the audit trail. Bulk rows (values), links and bookkeeping
# are not; imports and undos record one event each with their counts.
AUDITED = {
    "team", "metric", "output", "objective", "key_result", "check_in", "hypothesis", "learning",
    "review_snapshot", "app_setting", "app_user",
}
_SKIP_FIELDS = {"created_at", "updated_at", "created_by", "updated_by", "password_hash"}
_LABEL_FIELDS = ("title", "name", "statement", "file_name", "key", "comment", "period")


def needed_role(table: str, operation: str) -> Role:
    return POLICY.get(table, {}).get(operation, Role.admin)


def require(actor: Actor | str | None, needed: Role, what: str) -> None:
    """Refuse unless the actor's role allows `needed`; a plain name is a trusted caller (CLI, demo)."""
    if isinstance(actor, Actor) and not actor.can(needed):
        raise AccessDenied(actor, needed, what)


def act(session: OrmSession, user: Actor | str, needed: Role = Role.editor, what: str = "change data") -> str:
    """Check the role for a write and put the actor on the session; returns the name to stamp.

    A session opened for a signed-in person keeps that person: a different name passed later cannot
    replace it, so stamps and the audit always name who really acted.
    """
    bound = session.info.get("actor")
    actor = user if isinstance(user, Actor) else bound
    if isinstance(bound, Actor) and isinstance(actor, Actor) and actor != bound:
        raise AccessDenied(actor, needed, "act for someone else in this session")
    if isinstance(actor, Actor):
        require(actor, needed, what)
        if bound is None:
            session.info["actor"] = actor
        return actor.name
    session.info.setdefault("actor_name", str(user))
    return str(user)


def bind(session: OrmSession, actor: Actor | None) -> OrmSession:
    """Open a session on behalf of a person: every row it flushes is checked against their role."""
    if actor is not None:
        session.info["actor"] = actor
    return session


def actor_name(session: OrmSession) -> str:
    actor = session.info.get("actor")
    if isinstance(actor, Actor):
        return actor.name
    return str(session.info.get("actor_name") or SYSTEM)


# ---------------------------------------------------------------------------------------------
# The flush guard and the audit recorder (one listener each, for every session)


def _table(obj: Any) -> str | None:
    table = getattr(type(obj), "__tablename__", None)
    return table if isinstance(table, str) else None


@event.listens_for(OrmSession, "before_flush")
def _guard(session: OrmSession, _context: Any, _instances: Any) -> None:
    actor = session.info.get("actor")
    if not isinstance(actor, Actor):
        return
    for operation, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            table = _table(obj)
            if table is None or (operation == "update" and not session.is_modified(obj)):
                continue
            require(actor, needed_role(table, operation), f"{operation} {table}")


def plain(value: Any) -> Any:
    """A value as it is kept in the audit trail (JSON)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict | list):
        return json.loads(json.dumps(value, default=str))
    return str(value)


def _label(obj: Any) -> str:
    loaded = inspect(obj).dict
    for name in _LABEL_FIELDS:
        value = loaded.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return ""


def _key(obj: Any) -> str:
    state = inspect(obj)
    values = [state.dict.get(col.key) for col in state.mapper.primary_key]
    return "/".join("" if v is None else str(v) for v in values)[:100]


def _changes(obj: Any, operation: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in _SKIP_FIELDS:
            continue
        if operation == "update":
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if plain(old) == plain(new):
                continue
            out[name] = [plain(old), plain(new)]
        else:
            value = plain(state.dict.get(name))
            if value is None or value == "" or name == "id":
                continue
            out[name] = [None, value] if operation == "create" else [value, None]
    return out


@event.listens_for(OrmSession, "after_flush")
def _record(session: OrmSession, _context: Any) -> None:
    if session.info.get("audit") is False:  # the demo workspace is loaded without a trail
        return
    rows: list[dict[str, Any]] = []
    who = actor_name(session)
    at = m.utcnow()
    for operation, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            table = _table(obj)
            if table not in AUDITED:
                continue
            changes = _changes(obj, operation)
            if operation == "update" and not changes:
                continue
            stamped = getattr(obj, "updated_by", None) if operation != "delete" else None
            rows.append({
                "at": at, "actor": (who if who != SYSTEM or not stamped else stamped)[:200],
                "action": operation, "entity": table, "entity_key": _key(obj), "label": _label(obj),
                "changes": changes,
            })
    if rows:
        session.connection().execute(insert(m.AuditEvent.__table__), rows)


def record(target: OrmSession | Connection, *, actor: Actor | str, action: str, entity: str, entity_key: str = "",
           label: str = "", changes: dict[str, list[Any]] | None = None) -> None:
    """Record an event the flush does not see (bulk imports, undos, sign-ins of users)."""
    conn = target.connection() if isinstance(target, OrmSession) else target
    conn.execute(insert(m.AuditEvent.__table__), [{
        "at": m.utcnow(), "actor": str(actor)[:200], "action": action, "entity": entity,
        "entity_key": str(entity_key)[:100], "label": label[:300], "changes": changes or {},
    }])
