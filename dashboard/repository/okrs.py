"""Objectives, key results and check-ins."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from dashboard.models import CheckIn, KeyResult, Metric, Objective, ObjectiveParent, Team

OBJECTIVE_COLUMNS = [
    "id", "title", "description", "team_id", "team", "period", "owner", "status",
    "closing_note", "aligned_to_north_star", "parent_ids",
]
KEY_RESULT_COLUMNS = [
    "id", "objective_id", "title", "metric_id", "metric", "metric_direction", "metric_aggregation",
    "baseline", "target", "stretch", "unit",
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
            "parent_ids": sorted(parents.get(o.id, [])),
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
