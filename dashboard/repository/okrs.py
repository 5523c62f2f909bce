"""Objectives, key results and check-ins."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete
from sqlmodel import Session, select

from dashboard import rules
from dashboard.access import Actor, act
from dashboard.errors import DomainError
from dashboard.models import (
    OPEN_OBJECTIVE_STATUSES,
    CheckIn,
    CheckInCreate,
    CheckInRead,
    KeyResult,
    KeyResultCreate,
    KeyResultRead,
    KeyResultUpdate,
    Metric,
    Objective,
    ObjectiveCreate,
    ObjectiveParent,
    ObjectiveRead,
    ObjectiveStatus,
    ObjectiveUpdate,
    Role,
    Team,
)
from dashboard.repository.common import apply_changes, existing, merge_changes, stamp_created, stamp_updated

CLOSED_STATUSES = (ObjectiveStatus.achieved, ObjectiveStatus.missed, ObjectiveStatus.dropped)



OBJECTIVE_COLUMNS = [
    "id", "title", "description", "team_id", "team", "period", "owner", "status",
    "closing_note", "aligned_to_north_star", "parent_ids", "carried_from_id",
]
KEY_RESULT_COLUMNS = [
    "id", "objective_id", "title", "metric_id", "metric", "metric_direction", "metric_aggregation",
    "baseline", "target", "stretch", "unit", "created_at",
]
CHECK_IN_COLUMNS = ["id", "key_result_id", "date", "value", "confidence", "comment", "created_by", "created_at"]


def periods(*, session: Session) -> list[str]:
    """Every quarter that has objectives, newest first."""
    return sorted(set(session.exec(select(Objective.period)).all()), reverse=True)


def objectives_frame(*, session: Session, period: str | None = None, team_id: int | None = None) -> pd.DataFrame:
    """Objectives with their team name and parent objective ids."""
    stmt = select(Objective, Team.name).join(Team, Team.id == Objective.team_id, isouter=True)
    if period:
        stmt = stmt.where(Objective.period == period)
    if team_id is not None:
        stmt = stmt.where(Objective.team_id == team_id)
    parents: dict[int, list[int]] = {}
    for link in session.exec(select(ObjectiveParent)):
        parents.setdefault(link.child_id, []).append(link.parent_id)
    records = [
        {
            "id": o.id, "title": o.title, "description": o.description, "team_id": o.team_id,
            "team": team or "", "period": o.period, "owner": o.owner, "status": o.status.value,
            "closing_note": o.closing_note, "aligned_to_north_star": o.aligned_to_north_star,
            "parent_ids": sorted(parents.get(o.id, [])), "carried_from_id": o.carried_from_id,
        }
        for o, team in session.exec(stmt.order_by(Objective.period.desc(), Objective.title))
    ]
    return pd.DataFrame(records, columns=OBJECTIVE_COLUMNS)


def key_results_frame(*, session: Session, objective_ids: list[int] | None = None) -> pd.DataFrame:
    """Key results with their metric's name, direction and aggregation."""
    stmt = select(KeyResult, Metric).join(Metric, Metric.id == KeyResult.metric_id, isouter=True)
    if objective_ids is not None:
        stmt = stmt.where(KeyResult.objective_id.in_(objective_ids))
    records = [
        {
            "id": kr.id, "objective_id": kr.objective_id, "title": kr.title, "metric_id": kr.metric_id,
            "metric": metric.name if metric else None,
            "metric_direction": metric.direction.value if metric else None,
            "metric_aggregation": metric.aggregation.value if metric else None,
            "baseline": kr.baseline, "target": kr.target, "stretch": kr.stretch, "unit": kr.unit,
            "created_at": kr.created_at,
        }
        for kr, metric in session.exec(stmt.order_by(KeyResult.objective_id, KeyResult.id))
    ]
    return pd.DataFrame(records, columns=KEY_RESULT_COLUMNS)


def check_ins_frame(*, session: Session, key_result_ids: list[int] | None = None) -> pd.DataFrame:
    """Check-ins, oldest first."""
    stmt = select(CheckIn)
    if key_result_ids is not None:
        stmt = stmt.where(CheckIn.key_result_id.in_(key_result_ids))
    records = [
        {
            "id": c.id, "key_result_id": c.key_result_id, "date": c.date, "value": c.value,
            "confidence": c.confidence, "comment": c.comment, "created_by": c.created_by,
            "created_at": c.created_at,
        }
        for c in session.exec(stmt.order_by(CheckIn.date, CheckIn.id))
    ]
    return pd.DataFrame(records, columns=CHECK_IN_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Objectives


def get_objective(*, session: Session, objective_id: int) -> ObjectiveRead | None:
    """One objective, or None when the id is unknown."""
    row = session.get(Objective, objective_id)
    return ObjectiveRead.model_validate(row) if row else None


def parent_ids(*, session: Session, objective_id: int) -> list[int]:
    """The objectives this one is aligned under."""
    stmt = select(ObjectiveParent.parent_id).where(ObjectiveParent.child_id == objective_id)
    return sorted(session.exec(stmt).all())


def _descendants(session: Session, objective_id: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for link in session.exec(select(ObjectiveParent)):
        children.setdefault(link.parent_id, []).append(link.child_id)
    seen: set[int] = set()
    todo = [objective_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _check_title_free(session: Session, title: str, period: str, except_id: int | None = None) -> None:
    stmt = select(Objective.id).where(Objective.title == title, Objective.period == period)
    found = session.exec(stmt).first()
    if found is not None and found != except_id:
        raise DomainError("okr.error.title_taken", field="title", period=period)


def set_parents(*, session: Session, objective_id: int, parent_ids: list[int], user: Actor | str) -> None:
    """Align an objective under the given parents (replacing earlier ones); refuses cycles and unknown ids."""
    user = act(session, user, Role.editor, "set parents")
    wanted = sorted(set(parent_ids))
    if objective_id in wanted:
        raise DomainError("okr.error.parent_self", field="parents")
    for pid in wanted:
        if session.get(Objective, pid) is None:
            raise DomainError("okr.error.parent_unknown", field="parents", id=pid)
    if set(wanted) & _descendants(session, objective_id):
        raise DomainError("okr.error.parent_cycle", field="parents")
    session.exec(delete(ObjectiveParent).where(ObjectiveParent.child_id == objective_id))
    for pid in wanted:
        session.add(ObjectiveParent(child_id=objective_id, parent_id=pid))
    obj = session.get(Objective, objective_id)
    if obj is not None:
        stamp_updated(obj, user)
    session.flush()


def create_objective(
    *, session: Session, data: ObjectiveCreate, user: Actor | str, parent_ids: list[int] | None = None,
    carried_from_id: int | None = None,
) -> ObjectiveRead:
    """Add an objective (and its alignment)."""
    user = act(session, user, Role.editor, "create objective")
    _check_title_free(session, data.title, data.period)
    if data.team_id is not None and session.get(Team, data.team_id) is None:
        raise DomainError("okr.error.team_unknown", field="team_id")
    obj = stamp_created(Objective.model_validate(data), user)
    obj.carried_from_id = carried_from_id
    session.add(obj)
    session.flush()
    if parent_ids:
        set_parents(session=session, objective_id=obj.id, parent_ids=parent_ids, user=user)
    return ObjectiveRead.model_validate(obj)


def update_objective(
    *, session: Session, objective_id: int, data: ObjectiveUpdate, user: Actor | str, parent_ids: list[int] | None = None
) -> ObjectiveRead:
    """Change an objective's fields (only those set) and, when given, its parents."""
    user = act(session, user, Role.editor, "update objective")
    obj = existing(session, Objective, objective_id, "okr.error.objective_unknown")
    changes = data.model_dump(exclude_unset=True)
    title = changes.get("title", obj.title)
    period = changes.get("period", obj.period)
    _check_title_free(session, title, period, except_id=objective_id)
    if changes.get("team_id") is not None and session.get(Team, changes["team_id"]) is None:
        raise DomainError("okr.error.team_unknown", field="team_id")
    # Validate the merged row through the Create model so that updates obey the same rules.
    merged = ObjectiveCreate.model_validate({**ObjectiveRead.model_validate(obj).model_dump(), **changes})
    apply_changes(obj, changes, merged, user)
    session.add(obj)
    session.flush()
    if parent_ids is not None:
        set_parents(session=session, objective_id=objective_id, parent_ids=parent_ids, user=user)
    return ObjectiveRead.model_validate(obj)


def close_objective(
    *, session: Session, objective_id: int, status: ObjectiveStatus | str, note: str, user: Actor | str
) -> ObjectiveRead:
    """Close an objective as achieved, missed or dropped, with a closing note."""
    user = act(session, user, Role.editor, "close objective")
    status = ObjectiveStatus(status)
    if status not in CLOSED_STATUSES:
        raise DomainError("okr.error.close_status", field="status")
    return update_objective(
        session=session, objective_id=objective_id,
        data=ObjectiveUpdate(status=status, closing_note=(note or "").strip()), user=user,
    )


def delete_objective(*, session: Session, objective_id: int, user: Actor | str) -> bool:
    """Delete an objective with its key results and check-ins; False when it did not exist."""
    act(session, user, Role.admin, "delete objective")
    obj = session.get(Objective, objective_id)
    if obj is None:
        return False
    kr_ids = session.exec(select(KeyResult.id).where(KeyResult.objective_id == objective_id)).all()
    if kr_ids:
        session.exec(delete(CheckIn).where(CheckIn.key_result_id.in_(kr_ids)))
        session.exec(delete(KeyResult).where(KeyResult.id.in_(kr_ids)))
    session.exec(delete(ObjectiveParent).where(
        (ObjectiveParent.child_id == objective_id) | (ObjectiveParent.parent_id == objective_id)
    ))
    for child in session.exec(select(Objective).where(Objective.carried_from_id == objective_id)):
        child.carried_from_id = None
        session.add(child)
    session.delete(obj)
    session.flush()
    return True


def carry_over(*, session: Session, objective_ids: list[int], to_period: str, user: Actor | str) -> list[ObjectiveRead]:
    """Copy objectives with all their key result fields into `to_period`; the originals stay as they are.

    An objective already carried into that period (same title there) is skipped. Alignment is
    kept where the parent was carried too, or points at the North Star.
    """
    user = act(session, user, Role.editor, "carry over")
    copies: dict[int, Objective] = {}
    for oid in objective_ids:
        old = existing(session, Objective, oid, "okr.error.objective_unknown", field="objectives")
        if old.period == to_period:
            raise DomainError("okr.error.carry_same_period", field="period")
        exists = session.exec(select(Objective.id).where(Objective.title == old.title, Objective.period == to_period))
        if exists.first() is not None:
            continue
        new = stamp_created(
            Objective(
                title=old.title, description=old.description, team_id=old.team_id, period=to_period,
                owner=old.owner, status=ObjectiveStatus.active, closing_note="",
                aligned_to_north_star=old.aligned_to_north_star, carried_from_id=old.id,
            ),
            user,
        )
        session.add(new)
        session.flush()
        copies[old.id] = new
        for kr in session.exec(select(KeyResult).where(KeyResult.objective_id == old.id).order_by(KeyResult.id)):
            session.add(stamp_created(
                KeyResult(
                    objective_id=new.id, title=kr.title, metric_id=kr.metric_id, baseline=kr.baseline,
                    target=kr.target, stretch=kr.stretch, unit=kr.unit,
                ),
                user,
            ))
    # Alignment among the carried objectives follows them into the new quarter.
    by_new_period = {
        o.carried_from_id: o.id
        for o in session.exec(select(Objective).where(Objective.period == to_period, Objective.carried_from_id.is_not(None)))
    }
    for old_id, new in copies.items():
        parents = [by_new_period[p] for p in parent_ids(session=session, objective_id=old_id) if p in by_new_period]
        for pid in parents:
            session.add(ObjectiveParent(child_id=new.id, parent_id=pid))
    session.flush()
    return [ObjectiveRead.model_validate(o) for o in copies.values()]


def open_objectives(*, session: Session, period: str) -> list[ObjectiveRead]:
    """Draft or active objectives of a quarter: the ones that can be carried over."""
    stmt = select(Objective).where(Objective.period == period, Objective.status.in_(OPEN_OBJECTIVE_STATUSES)).order_by(Objective.title)
    return [ObjectiveRead.model_validate(o) for o in session.exec(stmt)]


# ---------------------------------------------------------------------------------------------
# Key results and check-ins


def get_key_result(*, session: Session, key_result_id: int) -> KeyResultRead | None:
    """One key result, or None when the id is unknown."""
    row = session.get(KeyResult, key_result_id)
    return KeyResultRead.model_validate(row) if row else None


def _check_key_result(session: Session, data: KeyResultCreate, except_id: int | None = None) -> None:
    if session.get(Objective, data.objective_id) is None:
        raise DomainError("okr.error.objective_unknown", field="objective_id", id=data.objective_id)
    if data.metric_id is not None and session.get(Metric, data.metric_id) is None:
        raise DomainError("okr.error.metric_unknown", field="metric_id")
    rules.check_key_result(data.baseline, data.target, data.stretch)
    stmt = select(KeyResult.id).where(KeyResult.objective_id == data.objective_id, KeyResult.title == data.title)
    found = session.exec(stmt).first()
    if found is not None and found != except_id:
        raise DomainError("okr.error.kr_title_taken", field="title")


def create_key_result(*, session: Session, data: KeyResultCreate, user: Actor | str) -> KeyResultRead:
    """Add a key result to an objective."""
    user = act(session, user, Role.editor, "create key result")
    _check_key_result(session, data)
    kr = stamp_created(KeyResult.model_validate(data), user)
    session.add(kr)
    session.flush()
    return KeyResultRead.model_validate(kr)


def update_key_result(*, session: Session, key_result_id: int, data: KeyResultUpdate, user: Actor | str) -> KeyResultRead:
    """Change a key result's fields (those set; `stretch`/`metric_id` may be set to None)."""
    user = act(session, user, Role.editor, "update key result")
    kr = existing(session, KeyResult, key_result_id, "okr.error.kr_unknown")
    changes, merged = merge_changes(kr, data, KeyResultRead, KeyResultCreate)
    _check_key_result(session, merged, except_id=key_result_id)
    apply_changes(kr, changes, merged, user)
    session.add(kr)
    session.flush()
    return KeyResultRead.model_validate(kr)


def delete_key_result(*, session: Session, key_result_id: int, user: Actor | str) -> bool:
    """Delete a key result and its check-ins; False when it did not exist."""
    act(session, user, Role.admin, "delete key result")
    kr = session.get(KeyResult, key_result_id)
    if kr is None:
        return False
    session.exec(delete(CheckIn).where(CheckIn.key_result_id == key_result_id))
    session.delete(kr)
    session.flush()
    return True


def add_check_in(*, session: Session, data: CheckInCreate, user: Actor | str) -> CheckInRead:
    """Record a check-in; earlier ones are kept (history is never overwritten)."""
    user = act(session, user, Role.editor, "add check in")
    existing(session, KeyResult, data.key_result_id, "okr.error.kr_unknown", field="key_result_id")
    row = CheckIn.model_validate(data)
    row.created_by = user
    session.add(row)
    session.flush()
    return CheckInRead.model_validate(row)

