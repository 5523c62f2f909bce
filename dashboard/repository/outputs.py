"""Outputs (shipped work): reads, hand-made writes, and links to hypotheses and key results."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import delete
from sqlmodel import Session, select

from dashboard.access import Actor, act
from dashboard.errors import DomainError
from dashboard.links import is_safe_link
from dashboard.models import (
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Objective,
    Output,
    OutputCreate,
    OutputRead,
    OutputUpdate,
    Role,
    Team,
)
from dashboard.repository.common import apply_changes, existing, merge_changes, stamp_created, stamp_updated

OUTPUT_COLUMNS = [
    "id", "key", "title", "type", "team_id", "team", "status", "shipped_on", "link",
    "labels", "sprints", "fix_versions", "components", "linked", "hypothesis_ids", "key_result_ids",
    "import_id",
]
HYPOTHESIS_TARGET_COLUMNS = ["id", "statement", "team_id", "team", "status"]
KEY_RESULT_TARGET_COLUMNS = ["id", "title", "objective_id", "objective", "period", "team_id", "team"]




def _links(session: Session) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    by_hyp: dict[int, list[int]] = {}
    for out_id, hyp_id in session.exec(select(HypothesisOutput.output_id, HypothesisOutput.hypothesis_id)):
        by_hyp.setdefault(out_id, []).append(hyp_id)
    by_kr: dict[int, list[int]] = {}
    for out_id, kr_id in session.exec(select(KeyResultOutput.output_id, KeyResultOutput.key_result_id)):
        by_kr.setdefault(out_id, []).append(kr_id)
    return by_hyp, by_kr


def outputs_frame(
    *, session: Session, team_id: int | None = None, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Outputs with their team name and whether they are linked to a hypothesis or key result.

    `start`/`end` filter on `shipped_on` (unshipped outputs are then left out). Newest shipped
    first, outputs not shipped yet last.
    """
    stmt = select(Output, Team.name).join(Team, Team.id == Output.team_id, isouter=True)
    if team_id is not None:
        stmt = stmt.where(Output.team_id == team_id)
    if start is not None:
        stmt = stmt.where(Output.shipped_on >= start)
    if end is not None:
        stmt = stmt.where(Output.shipped_on <= end)
    by_hyp, by_kr = _links(session)
    records = []
    for output, team_name in session.exec(stmt.order_by(Output.shipped_on.desc().nulls_last(), Output.key)):
        hyp_ids = sorted(by_hyp.get(output.id, []))
        kr_ids = sorted(by_kr.get(output.id, []))
        records.append(
            {
                "id": output.id,
                "key": output.key,
                "title": output.title,
                "type": output.type,
                "team_id": output.team_id,
                "team": team_name or "",
                "status": output.status,
                "shipped_on": output.shipped_on,
                "link": output.link,
                "labels": list(output.labels or []),
                "sprints": list(output.sprints or []),
                "fix_versions": list(output.fix_versions or []),
                "components": list(output.components or []),
                "linked": bool(hyp_ids or kr_ids),
                "hypothesis_ids": hyp_ids,
                "key_result_ids": kr_ids,
                "import_id": output.import_id,
            }
        )
    return pd.DataFrame(records, columns=OUTPUT_COLUMNS)


def get_output(*, session: Session, output_id: int) -> OutputRead | None:
    """One output by id, or None."""
    row = session.get(Output, output_id)
    return OutputRead.model_validate(row) if row else None


def output_by_key(*, session: Session, key: str) -> OutputRead | None:
    """One output by its external key (exact match), or None."""
    row = session.exec(select(Output).where(Output.key == key.strip())).first()
    return OutputRead.model_validate(row) if row else None


def _check_link(link: str | None) -> None:
    if not is_safe_link(link):
        raise DomainError("outputs.error.unsafe_link", link=(link or "")[:80])


def _check_team(session: Session, team_id: int | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise DomainError("outputs.error.unknown_team", id=team_id)


def create_output(*, session: Session, data: OutputCreate, user: Actor | str) -> OutputRead:
    """Add an output by hand; its key must not exist yet."""
    user = act(session, user, Role.editor, "create output")
    data = OutputCreate.model_validate(data.model_dump())
    if session.exec(select(Output.id).where(Output.key == data.key)).first() is not None:
        raise DomainError("outputs.error.duplicate_key", output_key=data.key)
    _check_link(data.link)
    _check_team(session, data.team_id)
    row = stamp_created(Output.model_validate(data), user)
    session.add(row)
    session.flush()
    return OutputRead.model_validate(row)


def update_output(*, session: Session, output_id: int, data: OutputUpdate, user: Actor | str) -> OutputRead:
    """Change an output's fields (the key stays: re-imports find the output by it)."""
    user = act(session, user, Role.editor, "update output")
    row = existing(session, Output, output_id, "outputs.error.not_found")
    changes, merged = merge_changes(row, data, OutputRead, OutputCreate)
    if "link" in changes:
        _check_link(merged.link)
    _check_team(session, merged.team_id)
    apply_changes(row, changes, merged, user)
    session.add(row)
    session.flush()
    return OutputRead.model_validate(row)


def delete_output(*, session: Session, output_id: int, user: Actor | str) -> None:
    """Remove an output and its links."""
    user = act(session, user, Role.admin, "delete output")
    row = existing(session, Output, output_id, "outputs.error.not_found")
    session.exec(delete(HypothesisOutput).where(HypothesisOutput.output_id == output_id))
    session.exec(delete(KeyResultOutput).where(KeyResultOutput.output_id == output_id))
    session.delete(row)
    session.flush()


def output_links(*, session: Session, output_id: int) -> dict[str, list[int]]:
    """The hypotheses and key results one output is linked to."""
    hyp_ids = session.exec(select(HypothesisOutput.hypothesis_id).where(HypothesisOutput.output_id == output_id)).all()
    kr_ids = session.exec(select(KeyResultOutput.key_result_id).where(KeyResultOutput.output_id == output_id)).all()
    return {"hypothesis_ids": sorted(hyp_ids), "key_result_ids": sorted(kr_ids)}


def _check_targets(session: Session, hypothesis_ids: list[int], key_result_ids: list[int]) -> None:
    for hyp_id in hypothesis_ids:
        if session.get(Hypothesis, hyp_id) is None:
            raise DomainError("outputs.error.unknown_hypothesis", id=hyp_id)
    for kr_id in key_result_ids:
        if session.get(KeyResult, kr_id) is None:
            raise DomainError("outputs.error.unknown_key_result", id=kr_id)


def link_output(
    *,
    session: Session,
    output_id: int,
    hypothesis_ids: list[int] | None = None,
    key_result_ids: list[int] | None = None,
    user: Actor | str,
) -> dict[str, list[int]]:
    """Add links from an output to hypotheses and key results (existing links are kept)."""
    user = act(session, user, Role.editor, "link output")
    row = existing(session, Output, output_id, "outputs.error.not_found")
    hypothesis_ids, key_result_ids = list(hypothesis_ids or []), list(key_result_ids or [])
    _check_targets(session, hypothesis_ids, key_result_ids)
    current = output_links(session=session, output_id=output_id)
    for hyp_id in sorted(set(hypothesis_ids) - set(current["hypothesis_ids"])):
        session.add(HypothesisOutput(hypothesis_id=hyp_id, output_id=output_id))
    for kr_id in sorted(set(key_result_ids) - set(current["key_result_ids"])):
        session.add(KeyResultOutput(key_result_id=kr_id, output_id=output_id))
    # The link tables carry no audit columns: the output records who changed its links.
    stamp_updated(row, user)
    session.add(row)
    session.flush()
    return output_links(session=session, output_id=output_id)


def unlink_output(
    *,
    session: Session,
    output_id: int,
    hypothesis_ids: list[int] | None = None,
    key_result_ids: list[int] | None = None,
    user: Actor | str,
) -> dict[str, list[int]]:
    """Remove links from an output to the given hypotheses and key results."""
    user = act(session, user, Role.editor, "unlink output")
    row = existing(session, Output, output_id, "outputs.error.not_found")
    if hypothesis_ids:
        session.exec(
            delete(HypothesisOutput).where(
                HypothesisOutput.output_id == output_id, HypothesisOutput.hypothesis_id.in_(hypothesis_ids)
            )
        )
    if key_result_ids:
        session.exec(
            delete(KeyResultOutput).where(
                KeyResultOutput.output_id == output_id, KeyResultOutput.key_result_id.in_(key_result_ids)
            )
        )
    stamp_updated(row, user)
    session.add(row)
    session.flush()
    return output_links(session=session, output_id=output_id)


def set_output_links(
    *, session: Session, output_id: int, hypothesis_ids: list[int], key_result_ids: list[int], user: Actor | str
) -> dict[str, list[int]]:
    """Make an output's links exactly these hypotheses and key results (what the linking form saves)."""
    user = act(session, user, Role.editor, "set output links")
    existing(session, Output, output_id, "outputs.error.not_found")
    _check_targets(session, list(hypothesis_ids), list(key_result_ids))
    current = output_links(session=session, output_id=output_id)
    unlink_output(
        session=session, output_id=output_id,
        hypothesis_ids=sorted(set(current["hypothesis_ids"]) - set(hypothesis_ids)),
        key_result_ids=sorted(set(current["key_result_ids"]) - set(key_result_ids)),
        user=user,
    )
    return link_output(
        session=session, output_id=output_id, hypothesis_ids=hypothesis_ids, key_result_ids=key_result_ids, user=user
    )


def link_targets(*, session: Session) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What an output can be linked to: hypotheses, and key results with their objective and quarter."""
    hyps = [
        {"id": h.id, "statement": h.statement, "team_id": h.team_id, "team": team or "", "status": h.status.value}
        for h, team in session.exec(
            select(Hypothesis, Team.name).join(Team, Team.id == Hypothesis.team_id, isouter=True).order_by(Hypothesis.id)
        )
    ]
    krs = [
        {
            "id": kr.id, "title": kr.title, "objective_id": obj.id, "objective": obj.title, "period": obj.period,
            "team_id": obj.team_id, "team": team or "",
        }
        for kr, obj, team in session.exec(
            select(KeyResult, Objective, Team.name)
            .join(Objective, Objective.id == KeyResult.objective_id)
            .join(Team, Team.id == Objective.team_id, isouter=True)
            .order_by(Objective.period.desc(), Objective.title, KeyResult.id)
        )
    ]
    return (
        pd.DataFrame(hyps, columns=HYPOTHESIS_TARGET_COLUMNS),
        pd.DataFrame(krs, columns=KEY_RESULT_TARGET_COLUMNS),
    )
