"""Teams."""

from __future__ import annotations

from sqlmodel import Session, select

from dashboard.access import Actor, act
from dashboard.errors import DomainError
from dashboard.models import Role, Team, TeamCreate, TeamRead
from dashboard.repository.common import existing, stamp_created, stamp_updated


def list_teams(*, session: Session, include_archived: bool = False) -> list[TeamRead]:
    """Teams by name."""
    stmt = select(Team).order_by(Team.name)
    if not include_archived:
        stmt = stmt.where(Team.archived == False)  # noqa: E712
    return [TeamRead.model_validate(t) for t in session.exec(stmt)]


def create_team(*, session: Session, data: TeamCreate, user: Actor | str) -> TeamRead:
    """Add a team (names are unique, ignoring case)."""
    user = act(session, user, Role.admin, "create team")
    if team_by_name(session=session, name=data.name) is not None:
        raise DomainError("settings.error.team_taken", field="name")
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


def rename_team(*, session: Session, team_id: int, name: str, user: Actor | str) -> TeamRead:
    """Give a team a new name."""
    user = act(session, user, Role.admin, "rename team")
    team = existing(session, Team, team_id, "settings.error.team_unknown", field="name")
    clean = TeamCreate(name=name).name
    other = team_by_name(session=session, name=clean)
    if other is not None and other.id != team_id:
        raise DomainError("settings.error.team_taken", field="name")
    team.name = clean
    stamp_updated(team, user)
    session.add(team)
    session.flush()
    return TeamRead.model_validate(team)


def set_team_archived(*, session: Session, team_id: int, archived: bool, user: Actor | str) -> TeamRead:
    """Archive a team (hidden from filters and forms, its objectives stay) or bring it back."""
    user = act(session, user, Role.admin, "set team archived")
    team = existing(session, Team, team_id, "settings.error.team_unknown", field="name")
    team.archived = archived
    stamp_updated(team, user)
    session.add(team)
    session.flush()
    return TeamRead.model_validate(team)
