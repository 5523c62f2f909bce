"""Objectives, key results and check-ins in the database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date, timedelta

import pytest
from sqlmodel import select

from dashboard.errors import DomainError
from dashboard.models import (
    CheckIn,
    CheckInCreate,
    KeyResult,
    KeyResultCreate,
    KeyResultUpdate,
    Metric,
    MetricCreate,
    MetricValue,
    Objective,
    ObjectiveCreate,
    ObjectiveParent,
    ObjectiveUpdate,
    TeamCreate,
)
from dashboard.repository import okrs as repo
from dashboard.repository import teams as team_repo
from dashboard.repository.metrics import create_metric
from dashboard.services.okrs import okr_report

USER = "pm@example.com"


def _objective(session, title="Grow activation", period="2026-Q4", **extra):
    return repo.create_objective(session=session, data=ObjectiveCreate(title=title, period=period, **extra), user=USER)


def test_create_edit_close_delete_objective(session):
    team = team_repo.create_team(session=session, data=TeamCreate(name="Growth"), user=USER)
    obj = _objective(session, team_id=team.id, owner="Mara")
    assert obj.status.value == "active"
    row = session.get(Objective, obj.id)
    assert row.created_by == USER

    repo.update_objective(session=session, objective_id=obj.id, data=ObjectiveUpdate(title="Grow activation fast"),
                          user="other@example.com")
    row = session.get(Objective, obj.id)
    assert row.title == "Grow activation fast" and row.updated_by == "other@example.com" and row.owner == "Mara"

    repo.close_objective(session=session, objective_id=obj.id, status="missed", note="Release slipped.", user=USER)
    row = session.get(Objective, obj.id)
    assert row.status.value == "missed" and row.closing_note == "Release slipped."
    with pytest.raises(DomainError):
        repo.close_objective(session=session, objective_id=obj.id, status="active", note="x", user=USER)

    kr = repo.create_key_result(
        session=session, data=KeyResultCreate(objective_id=obj.id, title="Interviews", baseline=0, target=10), user=USER
    )
    repo.add_check_in(session=session, data=CheckInCreate(key_result_id=kr.id, date=date(2026, 10, 8), value=2,
                                                          confidence=7), user=USER)
    assert repo.delete_objective(session=session, objective_id=obj.id, user="test") is True
    session.commit()
    assert session.exec(select(KeyResult)).all() == []
    assert session.exec(select(CheckIn)).all() == []
    assert repo.delete_objective(session=session, objective_id=obj.id, user="test") is False


def test_duplicate_title_in_same_quarter_is_refused(session):
    _objective(session)
    with pytest.raises(DomainError) as err:
        _objective(session)
    assert err.value.field == "title"
    _objective(session, period="2027-Q1")  # the same title in another quarter is fine


def test_alignment_refuses_cycles_and_self(session):
    top = _objective(session, "Company goal", aligned_to_north_star=True)
    mid = repo.create_objective(session=session, data=ObjectiveCreate(title="Team goal", period="2026-Q4"),
                                user=USER, parent_ids=[top.id])
    low = repo.create_objective(session=session, data=ObjectiveCreate(title="Squad goal", period="2026-Q4"),
                                user=USER, parent_ids=[mid.id, top.id])
    assert repo.parent_ids(session=session, objective_id=low.id) == sorted([mid.id, top.id])
    with pytest.raises(DomainError) as err:
        repo.set_parents(session=session, objective_id=top.id, parent_ids=[low.id], user=USER)
    assert err.value.key == "okr.error.parent_cycle"
    with pytest.raises(DomainError):
        repo.set_parents(session=session, objective_id=top.id, parent_ids=[top.id], user=USER)
    assert repo.parent_ids(session=session, objective_id=top.id) == []


def test_key_result_rules(session):
    obj = _objective(session)
    with pytest.raises(DomainError) as err:
        repo.create_key_result(session=session, data=KeyResultCreate(objective_id=obj.id, title="x", baseline=5,
                                                                     target=5), user=USER)
    assert err.value.field == "target"
    with pytest.raises(DomainError) as err:
        repo.create_key_result(session=session, data=KeyResultCreate(objective_id=obj.id, title="x", baseline=1,
                                                                     target=5, metric_id=999), user=USER)
    assert err.value.key == "okr.error.metric_unknown"
    kr = repo.create_key_result(session=session, data=KeyResultCreate(objective_id=obj.id, title="x", baseline=1,
                                                                      target=5, stretch=7), user=USER)
    repo.update_key_result(session=session, key_result_id=kr.id, data=KeyResultUpdate(stretch=None, target=6), user=USER)
    row = session.get(KeyResult, kr.id)
    assert row.stretch is None and row.target == 6 and row.baseline == 1


def test_check_ins_are_never_overwritten(session):
    obj = _objective(session)
    kr = repo.create_key_result(session=session, data=KeyResultCreate(objective_id=obj.id, title="x", baseline=0,
                                                                      target=10), user=USER)
    for value, confidence in ((2, 6), (3, 5)):
        repo.add_check_in(session=session, data=CheckInCreate(key_result_id=kr.id, date=date(2026, 10, 8),
                                                              value=value, confidence=confidence), user=USER)
    history = repo.check_ins_frame(session=session, key_result_ids=[kr.id])
    assert history["value"].tolist() == [2, 3] and history["created_by"].tolist() == [USER, USER]


def test_carry_over_copies_key_results_and_keeps_originals(session):
    top = _objective(session, "Company goal", aligned_to_north_star=True)
    child = repo.create_objective(session=session, data=ObjectiveCreate(title="Team goal", period="2026-Q4"),
                                  user=USER, parent_ids=[top.id])
    repo.create_key_result(session=session, data=KeyResultCreate(objective_id=child.id, title="Signups", baseline=100,
                                                                 target=150, stretch=170, unit="count"), user=USER)
    done = _objective(session, "Finished goal")
    repo.close_objective(session=session, objective_id=done.id, status="achieved", note="Done.", user=USER)
    open_ids = [o.id for o in repo.open_objectives(session=session, period="2026-Q4")]
    assert done.id not in open_ids
    copies = repo.carry_over(session=session, objective_ids=open_ids, to_period="2027-Q1", user=USER)
    session.commit()
    assert sorted(c.title for c in copies) == ["Company goal", "Team goal"]
    new_child = session.exec(select(Objective).where(Objective.title == "Team goal", Objective.period == "2027-Q1")).one()
    assert new_child.carried_from_id == child.id and new_child.status.value == "active"
    new_kr = session.exec(select(KeyResult).where(KeyResult.objective_id == new_child.id)).one()
    assert (new_kr.title, new_kr.baseline, new_kr.target, new_kr.stretch, new_kr.unit) == ("Signups", 100, 150, 170, "count")
    new_top = session.exec(select(Objective).where(Objective.title == "Company goal", Objective.period == "2027-Q1")).one()
    assert new_top.aligned_to_north_star
    links = session.exec(select(ObjectiveParent).where(ObjectiveParent.child_id == new_child.id)).all()
    assert [link.parent_id for link in links] == [new_top.id]
    # the originals stay, and a second carry-over copies nothing
    assert session.get(Objective, child.id).period == "2026-Q4"
    assert repo.carry_over(session=session, objective_ids=open_ids, to_period="2027-Q1", user=USER) == []


def test_report_reads_metric_values_inside_the_period_only(session):
    metric = create_metric(session=session, data=MetricCreate(name="Churn", unit="%", direction="down",
                                                              aggregation="mean"), user=USER)
    start = date(2026, 9, 20)
    for i in range(40):
        day = start + timedelta(days=i)
        value = 9.0 if day < date(2026, 10, 1) else 2.0 - 0.01 * (day - date(2026, 10, 1)).days
        session.add(MetricValue(metric_id=metric.id, date=day, value=value))
    obj = _objective(session)
    repo.create_key_result(session=session, data=KeyResultCreate(objective_id=obj.id, title="Churn to 1.6",
                                                                 metric_id=metric.id, baseline=2.0, target=1.6),
                           user=USER)
    session.commit()
    report = okr_report(session=session, period="2026-Q4", today=date(2026, 10, 5))
    kr = report[0]["key_results"][0]
    # Oct 1..5 only: 2.00, 1.99, 1.98, 1.97, 1.96 -> mean 1.98 (September's 9.0 never counts)
    assert kr["current"] == pytest.approx(1.98)
    assert kr["progress"] == pytest.approx(0.05)
    assert kr["direction"] == "down" and kr["status"] == "on_track"


def test_north_star_is_exactly_one(session):
    from dashboard.models import MetricUpdate
    from dashboard.repository.metrics import north_star, set_north_star, update_metric

    a = create_metric(session=session, data=MetricCreate(name="A", kind="north_star"), user=USER)
    b = create_metric(session=session, data=MetricCreate(name="B", kind="input"), user=USER)
    set_north_star(session=session, metric_id=b.id, user=USER)
    session.commit()
    kinds = {m.name: m.kind.value for m in session.exec(select(Metric))}
    assert kinds == {"A": "kpi", "B": "north_star"}
    update_metric(session=session, metric_id=a.id, data=MetricUpdate(kind="north_star", unit="€"), user=USER)
    session.commit()
    kinds = {m.name: (m.kind.value, m.unit) for m in session.exec(select(Metric))}
    assert kinds == {"A": ("north_star", "€"), "B": ("kpi", "count")}
    assert north_star(session=session).name == "A"


def test_teams_add_rename_archive(session):
    team = team_repo.create_team(session=session, data=TeamCreate(name="Growth"), user=USER)
    team_repo.create_team(session=session, data=TeamCreate(name="Core"), user=USER)
    with pytest.raises(DomainError):
        team_repo.create_team(session=session, data=TeamCreate(name="growth"), user=USER)
    with pytest.raises(DomainError):
        team_repo.rename_team(session=session, team_id=team.id, name="CORE", user=USER)
    team_repo.rename_team(session=session, team_id=team.id, name="Growth & Activation", user=USER)
    team_repo.set_team_archived(session=session, team_id=team.id, archived=True, user=USER)
    session.commit()
    assert [t.name for t in team_repo.list_teams(session=session)] == ["Core"]
    names = [t.name for t in team_repo.list_teams(session=session, include_archived=True)]
    assert names == ["Core", "Growth & Activation"]


def test_cli_okrs_json_against_demo(demo_app_db):
    from dashboard.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["okrs", "--period", "2026-Q4", "--json"])
    assert code == 0
    report = json.loads(out.getvalue())
    assert {o["period"] for o in report} == {"2026-Q4"}
    krs = [kr for o in report for kr in o["key_results"]]
    assert len(krs) >= 9
    for kr in krs:
        assert {"baseline", "target", "current", "progress", "score", "status", "zone", "stale", "confidence",
                "forecast_score"} <= set(kr)
        if kr["progress"] is not None:
            assert kr["progress"] == pytest.approx((kr["current"] - kr["baseline"]) / (kr["target"] - kr["baseline"]))
            assert kr["score"] == pytest.approx(min(1.0, max(0.0, kr["progress"])))
            assert kr["status"] in ("on_track", "at_risk", "off_track")
    # the page and the CLI share one computation
    from sqlmodel import Session

    with Session(demo_app_db) as s:
        direct = okr_report(session=s, period="2026-Q4", today=date.today())
    assert [kr["current"] for o in direct for kr in o["key_results"]] == [kr["current"] for kr in krs]


def test_cli_okrs_refuses_bad_period(demo_app_db, capsys):
    from dashboard.cli import main

    assert main(["okrs", "--period", "2026-Q5"]) == 1
    assert "2026-Q4" in capsys.readouterr().err
