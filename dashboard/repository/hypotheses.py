"""Hypotheses and learnings."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, update
from sqlmodel import Session, select

from dashboard.access import Actor, act
from dashboard.errors import DomainError
from dashboard.models import (
    AppSetting,
    Hypothesis,
    HypothesisCreate,
    HypothesisOutput,
    HypothesisRead,
    HypothesisStatus,
    HypothesisUpdate,
    Learning,
    LearningCreate,
    LearningHypothesis,
    LearningRead,
    LearningUpdate,
    Metric,
    Output,
    Role,
    Team,
    utcnow,
)
from dashboard.repository.common import apply_changes, existing, merge_changes, stamp_created, stamp_updated

RELATIONS = ("supports", "contradicts")

HYPOTHESIS_COLUMNS = [
    "id", "statement", "team_id", "team", "metric_id", "metric", "metric_unit", "change_kind",
    "expected_change", "segment", "reason", "key_result_id", "window_days", "guardrail_metric_id",
    "control_segments", "control_metric_id", "metric_direction", "metric_aggregation", "status", "stop_reason", "learning", "output_ids", "output_keys", "learning_opened_at", "updated_at",
]
LEARNING_COLUMNS = [
    "id", "title", "team_id", "team", "believed", "happened", "next_time", "status", "hypothesis_ids",
    "supports_ids", "contradicts_ids", "updated_at",
]


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
                "control_segments": h.control_segments, "control_metric_id": h.control_metric_id,
                "metric_direction": str(metric.direction),
                "metric_aggregation": str(metric.aggregation),
                "status": h.status.value, "stop_reason": h.stop_reason, "learning": h.learning,
                "output_ids": [o[0] for o in outs], "output_keys": [o[1] for o in outs],
                "learning_opened_at": h.learning_opened_at, "updated_at": h.updated_at,
            }
        )
    return pd.DataFrame(records, columns=HYPOTHESIS_COLUMNS)


def learnings_frame(*, session: Session) -> pd.DataFrame:
    """Learnings with their team and linked hypothesis ids."""
    links: dict[int, list[int]] = {}
    relations: dict[tuple[int, str], list[int]] = {}
    for link in session.exec(select(LearningHypothesis)):
        links.setdefault(link.learning_id, []).append(link.hypothesis_id)
        relations.setdefault((link.learning_id, link.relation), []).append(link.hypothesis_id)
    stmt = select(Learning, Team.name).join(Team, Team.id == Learning.team_id, isouter=True).order_by(Learning.id)
    records = [
        {
            "id": row.id, "title": row.title, "team_id": row.team_id, "team": team or "",
            "believed": row.believed, "happened": row.happened, "next_time": row.next_time,
            "status": row.status.value, "hypothesis_ids": sorted(links.get(row.id, [])),
            "supports_ids": sorted(relations.get((row.id, "supports"), [])),
            "contradicts_ids": sorted(relations.get((row.id, "contradicts"), [])),
            "updated_at": row.updated_at,
        }
        for row, team in session.exec(stmt)
    ]
    return pd.DataFrame(records, columns=LEARNING_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Writes

OPEN_BETS_KEY = "open_bets_limit"
DEFAULT_OPEN_BETS_LIMIT = 5
HAND_STATUSES = (HypothesisStatus.idea, HypothesisStatus.planned, HypothesisStatus.stopped)




def get_hypothesis(*, session: Session, hypothesis_id: int) -> HypothesisRead | None:
    """One hypothesis, or None."""
    row = session.get(Hypothesis, hypothesis_id)
    return HypothesisRead.model_validate(row) if row else None


def _set_outputs(session: Session, hypothesis_id: int, output_ids: list[int]) -> None:
    session.exec(delete(HypothesisOutput).where(HypothesisOutput.hypothesis_id == hypothesis_id))
    for output_id in dict.fromkeys(output_ids):
        session.add(HypothesisOutput(hypothesis_id=hypothesis_id, output_id=int(output_id)))


def _check_statement_free(session: Session, statement: str, except_id: int | None = None) -> None:
    found = session.exec(select(Hypothesis.id).where(Hypothesis.statement == statement)).first()
    if found is not None and found != except_id:
        raise DomainError("hypotheses.form.duplicate", field="statement")


def create_hypothesis(
    *, session: Session, data: HypothesisCreate, output_ids: list[int] | None = None, user: Actor | str
) -> HypothesisRead:
    """Add a hypothesis with its linked outputs."""
    user = act(session, user, Role.editor, "create hypothesis")
    _check_statement_free(session, data.statement)
    row = stamp_created(Hypothesis.model_validate(data), user)
    session.add(row)
    session.flush()
    _set_outputs(session, row.id, output_ids or [])
    session.flush()
    return HypothesisRead.model_validate(row)


def update_hypothesis(
    *, session: Session, hypothesis_id: int, data: HypothesisUpdate, output_ids: list[int] | None = None, user: Actor | str
) -> HypothesisRead:
    """Change a hypothesis; `output_ids` (when given) replaces its output links."""
    user = act(session, user, Role.editor, "update hypothesis")
    row = existing(session, Hypothesis, hypothesis_id, "hypotheses.unknown_id")
    changes, merged = merge_changes(row, data, HypothesisRead, HypothesisCreate)
    _check_statement_free(session, merged.statement, except_id=hypothesis_id)
    apply_changes(row, changes, merged, user)
    session.add(row)
    if output_ids is not None:
        _set_outputs(session, row.id, output_ids)
    session.flush()
    return HypothesisRead.model_validate(row)


def set_status(
    *, session: Session, hypothesis_id: int, status: HypothesisStatus | str, user: Actor | str, stop_reason: str | None = None
) -> HypothesisRead:
    """Set a hypothesis's status; stopping needs a reason, which is kept."""
    user = act(session, user, Role.editor, "set status")
    status = HypothesisStatus(status)
    row = existing(session, Hypothesis, hypothesis_id, "hypotheses.unknown_id")
    if status == HypothesisStatus.stopped:
        reason = (stop_reason or "").strip()
        if not reason:
            raise ValueError("stop_reason required")
        row.stop_reason = reason
    row.status = status
    stamp_updated(row, user)
    session.add(row)
    session.flush()
    return HypothesisRead.model_validate(row)


def stop_hypothesis(*, session: Session, hypothesis_id: int, reason: str, user: Actor | str) -> HypothesisRead:
    """Let a bet go, keeping why."""
    user = act(session, user, Role.editor, "stop hypothesis")
    return set_status(session=session, hypothesis_id=hypothesis_id, status=HypothesisStatus.stopped,
                      stop_reason=reason, user=user)


def mark_learning_opened(*, session: Session, hypothesis_id: int, user: Actor | str) -> None:
    """Record that a learning draft was opened for a hypothesis (so it is opened once only)."""
    user = act(session, user, Role.editor, "mark learning opened")
    row = existing(session, Hypothesis, hypothesis_id, "hypotheses.unknown_id")
    row.learning_opened_at = utcnow()
    session.add(row)
    session.flush()


def claim_learning_draft(*, session: Session, hypothesis_id: int) -> bool:
    """Atomically mark that a learning draft is opened for a hypothesis; False when it was opened already."""
    result = session.exec(
        update(Hypothesis)
        .where(Hypothesis.id == hypothesis_id, Hypothesis.learning_opened_at.is_(None))
        .values(learning_opened_at=utcnow())
    )
    return result.rowcount == 1


def learning_opened_ids(*, session: Session) -> set[int]:
    """Ids of hypotheses for which a learning draft was opened already."""
    return set(session.exec(select(Hypothesis.id).where(Hypothesis.learning_opened_at.is_not(None))).all())


def delete_hypothesis(*, session: Session, hypothesis_id: int, user: Actor | str) -> None:
    """Remove a hypothesis (its output and learning links go with it)."""
    user = act(session, user, Role.admin, "delete hypothesis")
    session.delete(existing(session, Hypothesis, hypothesis_id, "hypotheses.unknown_id"))
    session.flush()


# Learnings


def set_learning_links(*, session: Session, learning_id: int, links: dict[int, str], user: Actor | str) -> None:
    """Replace a learning's hypothesis links: `{hypothesis_id: "supports" | "contradicts"}`."""
    user = act(session, user, Role.editor, "set learning links")
    row = existing(session, Learning, learning_id, "learnings.unknown_id")
    session.exec(delete(LearningHypothesis).where(LearningHypothesis.learning_id == learning_id))
    for hyp_id, relation in links.items():
        if relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}")
        session.add(LearningHypothesis(learning_id=learning_id, hypothesis_id=int(hyp_id), relation=relation))
    stamp_updated(row, user)
    session.add(row)
    session.flush()


def create_learning(
    *, session: Session, data: LearningCreate, links: dict[int, str] | None = None, user: Actor | str
) -> LearningRead:
    """Add a learning linked to the hypotheses that support or contradict it."""
    user = act(session, user, Role.editor, "create learning")
    row = stamp_created(Learning.model_validate(data), user)
    session.add(row)
    session.flush()
    if links:
        set_learning_links(session=session, learning_id=row.id, links=links, user=user)
    return LearningRead.model_validate(row)


def update_learning(
    *, session: Session, learning_id: int, data: LearningUpdate, links: dict[int, str] | None = None, user: Actor | str
) -> LearningRead:
    """Edit a learning (text, status); `links` (when given) replaces its hypothesis links."""
    user = act(session, user, Role.editor, "update learning")
    row = existing(session, Learning, learning_id, "learnings.unknown_id")
    changes, merged = merge_changes(row, data, LearningRead, LearningCreate)
    apply_changes(row, changes, merged, user)
    session.add(row)
    session.flush()
    if links is not None:
        set_learning_links(session=session, learning_id=learning_id, links=links, user=user)
    return LearningRead.model_validate(row)


def delete_learning(*, session: Session, learning_id: int, user: Actor | str) -> None:
    """Remove a learning."""
    user = act(session, user, Role.admin, "delete learning")
    session.delete(existing(session, Learning, learning_id, "learnings.unknown_id"))
    session.flush()


# Focus: the open-bets limit


def open_bets_limit(*, session: Session) -> int:
    """Open bets (planned, shipped, measuring) allowed per team; 5 unless configured."""
    row = session.get(AppSetting, OPEN_BETS_KEY)
    try:
        value = int(row.value) if row is not None and row.value is not None else DEFAULT_OPEN_BETS_LIMIT
    except (TypeError, ValueError):
        return DEFAULT_OPEN_BETS_LIMIT
    return value if value >= 1 else DEFAULT_OPEN_BETS_LIMIT


def set_open_bets_limit(*, session: Session, limit: int, user: Actor | str) -> int:
    """Store the open-bets limit per team (at least 1)."""
    user = act(session, user, Role.admin, "set open bets limit")
    limit = int(limit)
    if limit < 1 or limit > 100:
        raise ValueError("limit must be between 1 and 100")
    row = session.get(AppSetting, OPEN_BETS_KEY) or AppSetting(key=OPEN_BETS_KEY)
    row.value = limit
    row.updated_by = user
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return limit
