"""Teams."""

from __future__ import annotations

from sqlmodel import Session, select

from dashboard.models import Team, TeamCreate, TeamRead
from dashboard.repository.common import stamp_created


def list_teams(*, session: Session, include_archived: bool = False) -> list[TeamRead]:
    """Teams by name."""
    stmt = select(Team).order_by(Team.name)
    if not include_archived:
        stmt = stmt.where(Team.archived == False)  # noqa: E712
    return [TeamRead.model_validate(t) for t in session.exec(stmt)]


def create_team(*, session: Session, data: TeamCreate, user: str) -> TeamRead:
    """Add a team."""
    team = stamp_created(Team.model_validate(data), user)
    session.add(team)
    session.flush()
    return TeamRead.model_validate(team)


def team_by_name(*, session: Session, name: str) -> Team | None:
    """The team called `name` (case-insensitive), if any."""
    wanted = name.strip().casefold()
    for team in session.exec(select(Team)):
        if team.name.casefold() == wanted:
            return team
    return None
