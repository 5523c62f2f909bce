"""Hypotheses and learnings."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from dashboard.models import Hypothesis, HypothesisOutput, Learning, LearningHypothesis, Metric, Output, Team

HYPOTHESIS_COLUMNS = [
    "id", "statement", "team_id", "team", "metric_id", "metric", "metric_unit", "change_kind",
    "expected_change", "segment", "reason", "key_result_id", "window_days", "guardrail_metric_id",
    "status", "stop_reason", "learning", "output_ids", "output_keys",
]
LEARNING_COLUMNS = ["id", "title", "team_id", "team", "believed", "happened", "next_time", "status", "hypothesis_ids"]


def hypotheses_frame(*, session: Session, team_id: int | None = None) -> pd.DataFrame:
    """Hypotheses with metric, team and linked outputs."""
    stmt = (
        select(Hypothesis, Metric, Team.name)
        .join(Metric, Metric.id == Hypothesis.metric_id)
        .join(Team, Team.id == Hypothesis.team_id, isouter=True)
    )
    if team_id is not None:
        stmt = stmt.where(Hypothesis.team_id == team_id)
    links: dict[int, list[tuple[int, str]]] = {}
    for hyp_id, out_id, key in session.exec(
        select(HypothesisOutput.hypothesis_id, Output.id, Output.key).join(Output, Output.id == HypothesisOutput.output_id)
    ):
        links.setdefault(hyp_id, []).append((out_id, key))
    records = []
    for h, metric, team in session.exec(stmt.order_by(Hypothesis.id)):
        outs = sorted(links.get(h.id, []), key=lambda x: x[1])
        records.append(
            {
                "id": h.id, "statement": h.statement, "team_id": h.team_id, "team": team or "",
                "metric_id": h.metric_id, "metric": metric.name, "metric_unit": metric.unit,
                "change_kind": h.change_kind.value, "expected_change": h.expected_change,
                "segment": h.segment, "reason": h.reason, "key_result_id": h.key_result_id,
                "window_days": h.window_days, "guardrail_metric_id": h.guardrail_metric_id,
                "status": h.status.value, "stop_reason": h.stop_reason, "learning": h.learning,
                "output_ids": [o[0] for o in outs], "output_keys": [o[1] for o in outs],
            }
        )
    return pd.DataFrame(records, columns=HYPOTHESIS_COLUMNS)


def learnings_frame(*, session: Session) -> pd.DataFrame:
    """Learnings with their team and linked hypothesis ids."""
    links: dict[int, list[int]] = {}
    for link in session.exec(select(LearningHypothesis)):
        links.setdefault(link.learning_id, []).append(link.hypothesis_id)
    stmt = select(Learning, Team.name).join(Team, Team.id == Learning.team_id, isouter=True).order_by(Learning.id)
    records = [
        {
            "id": row.id, "title": row.title, "team_id": row.team_id, "team": team or "",
            "believed": row.believed, "happened": row.happened, "next_time": row.next_time,
            "status": row.status.value, "hypothesis_ids": sorted(links.get(row.id, [])),
        }
        for row, team in session.exec(stmt)
    ]
    return pd.DataFrame(records, columns=LEARNING_COLUMNS)
