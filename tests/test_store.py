"""Store tests: schema from migrations, constraints, engine settings, demo workspace (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from dashboard.demo import load_demo
from dashboard.models import (
    KeyResult,
    Metric,
    MetricCreate,
    MetricValue,
    Objective,
    ObjectiveParent,
    Output,
    Team,
    TeamCreate,
)
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo
from dashboard.repository import teams as team_repo


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


def test_every_model_table_exists(engine):
    from sqlalchemy import inspect

    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_metric_value_unique_per_metric_date_segment(session):
    metric = metric_repo.create_metric(session=session, data=MetricCreate(name="Signups"), user="ann")
    session.add(MetricValue(metric_id=metric.id, date=date(2026, 1, 1), segment="", value=1.0))
    session.add(MetricValue(metric_id=metric.id, date=date(2026, 1, 1), segment="DE", value=2.0))
    session.commit()
    session.add(MetricValue(metric_id=metric.id, date=date(2026, 1, 1), segment="", value=3.0))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert len(session.exec(select(MetricValue)).all()) == 2


def test_unique_names_and_keys(session):
    team_repo.create_team(session=session, data=TeamCreate(name="Growth"), user="ann")
    session.commit()
    session.add(Team(name="Growth"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    session.add_all([Output(key="GRO-1", title="A"), Output(key="GRO-1", title="B")])
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_keys_are_enforced(session):
    session.add(KeyResult(objective_id=999, title="x", baseline=0, target=1))
    with pytest.raises(IntegrityError):
        session.commit()


def test_key_result_target_must_differ_from_baseline(session):
    obj = Objective(title="Grow", period="2026-Q4")
    session.add(obj)
    session.commit()
    session.add(KeyResult(objective_id=obj.id, title="flat", baseline=5, target=5))
    with pytest.raises(IntegrityError):
        session.commit()


def test_deleting_an_objective_removes_its_key_results_and_links(session):
    parent, child = Objective(title="Company", period="2026-Q4"), Objective(title="Team", period="2026-Q4")
    session.add_all([parent, child])
    session.commit()
    session.add(KeyResult(objective_id=child.id, title="kr", baseline=0, target=1))
    session.add(ObjectiveParent(child_id=child.id, parent_id=parent.id))
    session.commit()
    session.delete(child)
    session.commit()
    assert session.exec(select(KeyResult)).all() == []
    assert session.exec(select(ObjectiveParent)).all() == []


def test_writes_record_who_and_when(session):
    team = team_repo.create_team(session=session, data=TeamCreate(name="Core"), user="lea@example.com")
    session.commit()
    row = session.get(Team, team.id)
    assert row.created_by == "lea@example.com" and row.updated_by == "lea@example.com"
    assert row.created_at.tzinfo is not None


def test_sqlite_engine_settings(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_demo_workspace_is_deterministic_and_realistic(engine):
    counts = load_demo(engine)
    with Session(engine) as s:
        teams = team_repo.list_teams(session=s)
        metrics = metric_repo.list_metrics(session=s)
        summary = metric_repo.metric_summary(session=s)
        objectives = okr_repo.objectives_frame(session=s)
        first_values = metric_repo.metric_values(session=s, metric_id=metrics[0].id).head(30)["value"].tolist()
    assert len(teams) == 3
    assert 10 <= len(metrics) <= 14
    assert [m.kind.value for m in metrics].count("north_star") == 1
    assert "guardrail" in {m.kind.value for m in metrics}
    assert (summary["points"] >= 52).all() and (summary["points"] >= 365).sum() >= 10  # daily, one weekly survey
    assert 100 <= counts["outputs"] <= 140
    assert counts["objectives"] == 10 and 24 <= counts["key_results"] <= 26
    assert counts["hypotheses"] == 16 and counts["learnings"] >= 3
    assert set(objectives["period"]) == {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
    # Same data again after a reset.
    load_demo(engine, reset=True)
    with Session(engine) as s:
        again = metric_repo.metric_values(
            session=s, metric_id=metric_repo.list_metrics(session=s)[0].id
        ).head(30)["value"].tolist()
        assert len(s.exec(select(Metric)).all()) == len(metrics)
    assert again == first_values


def test_demo_refuses_to_overwrite_data_without_reset(engine):
    load_demo(engine)
    with pytest.raises(ValueError, match="--reset"):
        load_demo(engine)
