"""The Settings page through AppTest: teams (add, rename, archive), metric definitions, the North Star."""

from __future__ import annotations

from conftest import open_page
from sqlmodel import Session, select

from dashboard.models import Metric, Team

PAGE = "pages/6_Settings.py"


def submit(at, form: str):
    buttons = [b for b in at.button if b.proto.form_id == form]
    assert buttons, f"no submit button for form {form!r}"
    return buttons[0].click().run()


def teams(engine) -> dict[str, bool]:
    with Session(engine) as s:
        return {t.name: t.archived for t in s.exec(select(Team))}


def metric(engine, name: str) -> Metric:
    with Session(engine) as s:
        return s.exec(select(Metric).where(Metric.name == name)).one()


def test_add_team_refuses_empty_and_duplicate(demo_app_db):
    at = open_page(PAGE)
    assert not at.exception
    submit(at, "settings.team_add")
    assert any("Enter a name" in e.value for e in at.error)
    at.text_input(key="settings.team_add.name").set_value("growth")
    submit(at, "settings.team_add")
    assert any("exists already" in e.value for e in at.error)
    assert at.text_input(key="settings.team_add.name").value == "growth"
    assert len(teams(demo_app_db)) == 3
    at.text_input(key="settings.team_add.name").set_value("Platform")
    submit(at, "settings.team_add")
    assert teams(demo_app_db)["Platform"] is False
    assert any("Platform" in s.value for s in at.success)


def test_rename_and_archive_team(demo_app_db):
    with Session(demo_app_db) as s:
        growth = s.exec(select(Team).where(Team.name == "Growth")).one()
    at = open_page(PAGE, lang="de")
    at.selectbox(key="settings.team_pick").set_value(growth.id).run()
    prefix = f"settings.team.{growth.id}"
    at.text_input(key=f"{prefix}.name").set_value("Core Product")
    submit(at, prefix)
    assert any("gibt es bereits" in e.value for e in at.error)
    at.text_input(key=f"{prefix}.name").set_value("Growth & Activation")
    at.checkbox(key=f"{prefix}.archived").check()
    submit(at, prefix)
    assert teams(demo_app_db) == {"Growth & Activation": True, "Core Product": False, "Monetization": False}


def test_edit_metric_definition_and_north_star(demo_app_db):
    churn = metric(demo_app_db, "Churn rate")
    signups = metric(demo_app_db, "Signups")
    at = open_page(PAGE)
    at.selectbox(key="settings.metric_pick").set_value(churn.id).run()
    prefix = f"settings.metric.{churn.id}"
    at.text_input(key=f"{prefix}.unit").set_value("x" * 41)
    submit(at, prefix)
    assert any("too long" in e.value for e in at.error)
    assert metric(demo_app_db, "Churn rate").unit == "%"
    at.text_input(key=f"{prefix}.unit").set_value("pp")
    at.selectbox(key=f"{prefix}.aggregation").set_value("last")
    at.text_area(key=f"{prefix}.description").set_value("Cancelled paying accounts, 30 days.")
    submit(at, prefix)
    row = metric(demo_app_db, "Churn rate")
    assert (row.unit, row.aggregation.value, row.direction.value, row.description) == (
        "pp", "last", "down", "Cancelled paying accounts, 30 days."
    )

    at.selectbox(key="settings.north_star.metric").set_value(signups.id)
    submit(at, "settings.north_star")
    with Session(demo_app_db) as s:
        stars = s.exec(select(Metric.name).where(Metric.kind == "north_star")).all()
    assert stars == ["Signups"]
    assert metric(demo_app_db, "Weekly active accounts").kind.value == "kpi"


def test_direction_change_flags_key_results(demo_app_db):
    signups = metric(demo_app_db, "Signups")
    at = open_page(PAGE)
    at.selectbox(key="settings.metric_pick").set_value(signups.id).run()
    prefix = f"settings.metric.{signups.id}"
    assert not any("other side of the baseline" in w.value for w in at.warning)
    at.selectbox(key=f"{prefix}.direction").set_value("down")
    submit(at, prefix)
    assert metric(demo_app_db, "Signups").direction.value == "down"
    assert any("other side of the baseline" in w.value for w in at.warning)
