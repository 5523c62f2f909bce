"""Roles enforced in the core, and the audit trail, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from dashboard.access import AccessDenied, Actor
from dashboard.db import session_scope
from dashboard.importers.service import import_file
from dashboard.importers.store import undo_import
from dashboard.models import (
    AuditEvent,
    CheckInCreate,
    KeyResultCreate,
    Objective,
    ObjectiveCreate,
    ObjectiveUpdate,
    Role,
    TeamCreate,
)
from dashboard.repository import okrs as okr_repo
from dashboard.repository import teams as team_repo

VIEWER = Actor("Vera Viewer", Role.viewer)
EDITOR = Actor("Eddi Editor", Role.editor)
ADMIN = Actor("Ada Admin", Role.admin)

VALUES_CSV = b"date,metric,value\n2026-11-01,Signups,10\n2026-11-02,Signups,12\n"


def _objective(session: Session, user, title: str = "Grow activation") -> int:
    return okr_repo.create_objective(session=session, data=ObjectiveCreate(title=title, period="2026-Q4"),
                                     user=user).id


def _events(engine, **where) -> list[AuditEvent]:
    with Session(engine) as s:
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, key) == value)
        return list(s.exec(stmt))


def _count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


def test_a_viewer_cannot_create_and_nothing_is_stored(engine):
    with pytest.raises(AccessDenied) as info, session_scope(engine) as s:
        _objective(s, VIEWER)
    assert info.value.needed == Role.editor
    assert _count(engine, Objective) == 0
    assert _events(engine) == []


def test_an_editor_creates_and_changes_but_may_not_delete(engine):
    with session_scope(engine) as s:
        oid = _objective(s, EDITOR)
        okr_repo.update_objective(session=s, objective_id=oid, data=ObjectiveUpdate(title="Grow retention"),
                                  user=EDITOR)
    with pytest.raises(AccessDenied), session_scope(engine) as s:
        okr_repo.delete_objective(session=s, objective_id=oid, user=EDITOR)
    assert _count(engine, Objective) == 1
    with session_scope(engine) as s:
        assert okr_repo.delete_objective(session=s, objective_id=oid, user=ADMIN) is True
    assert _count(engine, Objective) == 0


def test_team_management_needs_an_admin(engine):
    with pytest.raises(AccessDenied), session_scope(engine) as s:
        team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user=EDITOR)
    with session_scope(engine) as s:
        team = team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user=ADMIN)
    assert team.name == "Growth"


def test_a_session_opened_for_a_viewer_refuses_any_write(engine):
    """Whatever code runs inside a page's session, the row checks stop a viewer's write."""
    with pytest.raises(AccessDenied), session_scope(engine, actor=VIEWER) as s:
        s.add(Objective(title="Sneaked in", period="2026-Q4"))
    assert _count(engine, Objective) == 0
    # ...even when the write function is handed a plain name instead of the person
    with pytest.raises(AccessDenied), session_scope(engine, actor=VIEWER) as s:
        _objective(s, "someone else")
    assert _count(engine, Objective) == 0


def test_a_session_keeps_the_person_it_was_opened_for(engine):
    with pytest.raises(AccessDenied), session_scope(engine, actor=EDITOR) as s:
        _objective(s, ADMIN)
    with session_scope(engine, actor=EDITOR) as s:
        _objective(s, "a name passed by mistake")
    with Session(engine) as s:
        row = s.exec(select(Objective)).one()
    assert row.created_by == EDITOR.name
    assert _events(engine)[-1].actor == EDITOR.name


def test_imports_need_an_editor_and_undo_an_admin(engine):
    with pytest.raises(AccessDenied):
        import_file(VALUES_CSV, "values.csv", engine=engine, user=VIEWER)
    _, outcome = import_file(VALUES_CSV, "values.csv", engine=engine, user=EDITOR)
    assert outcome.ok and outcome.counts["inserted"] == 2
    with pytest.raises(AccessDenied):
        undo_import(engine=engine, import_id=outcome.import_id, user=EDITOR)
    counts = undo_import(engine=engine, import_id=outcome.import_id, user=ADMIN)
    assert counts["deleted"] >= 2
    imported = _events(engine, action="import")[0]
    assert imported.actor == EDITOR.name and imported.entity == "import_batch"
    assert imported.label.startswith("values.csv") and imported.changes["inserted"] == [None, 2]
    undone = _events(engine, action="undo")[0]
    assert undone.actor == ADMIN.name and undone.entity_key == str(outcome.import_id)
    assert undone.changes["deleted"][1] >= 2


def test_audit_trail_records_old_and_new_values(engine):
    with session_scope(engine, actor=EDITOR) as s:
        oid = _objective(s, EDITOR)
        kr = okr_repo.create_key_result(session=s, data=KeyResultCreate(
            objective_id=oid, title="Activation rate", baseline=30, target=40), user=EDITOR)
    with session_scope(engine, actor=EDITOR) as s:
        okr_repo.update_objective(session=s, objective_id=oid, data=ObjectiveUpdate(title="Grow retention"),
                                  user=EDITOR)
        okr_repo.add_check_in(session=s, data=CheckInCreate(key_result_id=kr.id, date=date(2026, 11, 2), value=33,
                                                            confidence=6, comment="on its way"), user=EDITOR)
    with session_scope(engine, actor=ADMIN) as s:
        okr_repo.delete_objective(session=s, objective_id=oid, user=ADMIN)

    created = _events(engine, entity="objective", action="create")[0]
    assert created.actor == EDITOR.name and created.label == "Grow activation"
    assert created.changes["title"] == [None, "Grow activation"] and created.entity_key == str(oid)
    changed = _events(engine, entity="objective", action="update")[0]
    assert changed.changes == {"title": ["Grow activation", "Grow retention"]}
    check_in = _events(engine, entity="check_in", action="create")[0]
    assert check_in.changes["value"] == [None, 33] and check_in.changes["comment"] == [None, "on its way"]
    assert _events(engine, entity="key_result", action="create")[0].changes["target"] == [None, 40]
    deleted = _events(engine, entity="objective", action="delete")[0]
    assert deleted.actor == ADMIN.name and deleted.changes["title"] == ["Grow retention", None]


def test_a_write_that_changes_nothing_leaves_no_event(engine):
    with session_scope(engine) as s:
        oid = _objective(s, EDITOR)
    before = len(_events(engine))
    with session_scope(engine) as s:
        okr_repo.update_objective(session=s, objective_id=oid, data=ObjectiveUpdate(title="Grow activation"),
                                  user=EDITOR)
    assert len(_events(engine)) == before


def test_the_audit_download_keeps_formulas_as_text(engine):
    from dashboard.repository.audit import audit_frame
    from dashboard.ui.admin import audit_csv

    with session_scope(engine) as s:
        _objective(s, Actor("=cmd|' /C calc'!A0", Role.editor), title='=HYPERLINK("http://evil","open")')
    with Session(engine) as s:
        text = audit_csv(audit_frame(session=s)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'=cmd" in text
    assert not any(cell.startswith(("=", "+", "@")) for line in text.splitlines() for cell in line.split(","))


def test_the_demo_workspace_starts_with_one_entry_for_the_whole_sample(tmp_path):
    from dashboard.db import make_engine, migrate
    from dashboard.demo import load_demo

    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    migrate(engine)
    counts = load_demo(engine)
    (event,) = _events(engine)
    assert event.entity == "workspace" and event.label == "Demo workspace"
    assert event.changes["objectives"] == [None, counts["objectives"]]
