"""Outputs (shipped work)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session, select

from dashboard.models import HypothesisOutput, KeyResultOutput, Output, Team

OUTPUT_COLUMNS = [
    "id", "key", "title", "type", "team_id", "team", "status", "shipped_on", "link",
    "labels", "sprints", "fix_versions", "components", "linked",
]


def outputs_frame(
    *, session: Session, team_id: int | None = None, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Outputs with their team name and whether they are linked to a hypothesis or key result.

    `start`/`end` filter on `shipped_on` (unshipped outputs are then left out).
    """
    stmt = select(Output, Team.name).join(Team, Team.id == Output.team_id, isouter=True)
    if team_id is not None:
        stmt = stmt.where(Output.team_id == team_id)
    if start is not None:
        stmt = stmt.where(Output.shipped_on >= start)
    if end is not None:
        stmt = stmt.where(Output.shipped_on <= end)
    linked = set(session.exec(select(HypothesisOutput.output_id)).all())
    linked |= set(session.exec(select(KeyResultOutput.output_id)).all())
    records = []
    for output, team_name in session.exec(stmt.order_by(Output.shipped_on.desc(), Output.key)):
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
                "linked": output.id in linked,
            }
        )
    return pd.DataFrame(records, columns=OUTPUT_COLUMNS)
