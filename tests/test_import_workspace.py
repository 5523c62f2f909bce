"""A workbook with several kinds of sheet imports as one workspace, in dependency order, in one
transaction, and its sheets may refer to what other sheets of the same file create."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import Workbook
from sqlmodel import Session, select

from dashboard.importers.service import import_file
from dashboard.importers.store import undo_import
from dashboard.models import Hypothesis, HypothesisOutput, KeyResult, Metric, MetricValue, Objective, Output


def _workbook(*, hypothesis_metric: str = "Activation rate") -> bytes:
    wb = Workbook()
    # Sheets in an order that is NOT the dependency order: hypotheses first.
    hyp = wb.active
    hyp.title = "Hypotheses"
    hyp.append(["Hypothesis", "Metric", "Expected change", "Output", "Key result", "Window days"])
    hyp.append(["A checklist will raise activation by 3 pp", hypothesis_metric, "+3pp", "GRO-1",
                "Activation to 45 %", 14])
    krs = wb.create_sheet("Key results")
    krs.append(["Objective", "Period", "Key result", "Metric", "Baseline", "Target"])
    krs.append(["Activate more accounts", "2026-Q1", "Activation to 45 %", "Activation rate", 40, 45])
    objs = wb.create_sheet("Objectives")
    objs.append(["Objective", "Period", "Team", "Owner"])
    objs.append(["Activate more accounts", "2026-Q1", "Growth", "Mara"])
    outs = wb.create_sheet("Outputs")
    outs.append(["Key", "Title", "Resolved", "Team"])
    outs.append(["GRO-1", "Onboarding checklist", date(2026, 2, 10), "Growth"])
    values = wb.create_sheet("Metric values")
    values.append(["Date", "Metric", "Value", "Unit"])
    day = date(2026, 1, 1)
    for i in range(60):
        values.append([day + timedelta(days=i), "Activation rate", 40 + (i % 5) * 0.5 + (3 if i >= 41 else 0), "%"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_workspace_workbook_imports_every_sheet_with_cross_references(engine):
    _, outcome = import_file(_workbook(), "workspace.xlsx", engine=engine, user="ann")
    assert outcome.ok, outcome.problems
    with Session(engine) as s:
        metric = s.exec(select(Metric).where(Metric.name == "Activation rate")).one()
        assert len(s.exec(select(MetricValue).where(MetricValue.metric_id == metric.id)).all()) == 60
        hyp = s.exec(select(Hypothesis)).one()
        kr = s.exec(select(KeyResult)).one()
        output = s.exec(select(Output)).one()
        assert hyp.metric_id == metric.id and hyp.key_result_id == kr.id and hyp.created_by == "ann"
        assert s.exec(select(HypothesisOutput)).one().output_id == output.id
        assert kr.metric_id == metric.id
        assert s.exec(select(Objective)).one().title == "Activate more accounts"

    undo_import(engine=engine, import_id=outcome.import_id, user="ann")
    with Session(engine) as s:
        for model in (Hypothesis, KeyResult, Objective, Output, MetricValue):
            assert s.exec(select(model)).all() == [], model.__name__


def test_unknown_reference_refuses_the_whole_workbook(engine):
    _, outcome = import_file(_workbook(hypothesis_metric="No such metric"), "workspace.xlsx", engine=engine,
                             user="ann")
    assert not outcome.ok
    assert any(p.sheet == "Hypotheses" for p in outcome.problems)
    with Session(engine) as s:
        assert s.exec(select(Metric)).all() == [] and s.exec(select(Output)).all() == []


def test_undo_keeps_a_created_team_that_later_work_uses(engine):
    from dashboard.models import Team

    csv = b"Key,Summary,Resolved,Team\nPLAT-1,Faster builds,2026-03-02,Platform\n"
    _, outcome = import_file(csv, "jira.csv", engine=engine, user="ann", kind="outputs")
    assert outcome.ok
    with Session(engine) as s:
        team = s.exec(select(Team).where(Team.name == "Platform")).one()
        s.add(Objective(title="Ship faster", period="2026-Q2", team_id=team.id))
        s.commit()
    undo_import(engine=engine, import_id=outcome.import_id, user="ann")
    with Session(engine) as s:
        assert s.exec(select(Output)).all() == []
        objective = s.exec(select(Objective)).one()
        assert objective.team_id is not None  # the team stayed, the objective kept it
        assert s.exec(select(Team).where(Team.name == "Platform")).one()


def test_undo_removes_a_created_team_nobody_uses(engine):
    from dashboard.models import Team

    csv = b"Key,Summary,Resolved,Team\nPLAT-1,Faster builds,2026-03-02,Platform\n"
    _, outcome = import_file(csv, "jira.csv", engine=engine, user="ann", kind="outputs")
    undo_import(engine=engine, import_id=outcome.import_id, user="ann")
    with Session(engine) as s:
        assert s.exec(select(Team)).all() == []


def test_undo_of_an_update_restores_the_previous_values_and_timestamp(engine):
    first = b"Key,Summary,Resolved\nGRO-7,Old title,2026-03-02\n"
    second = b"Key,Summary,Resolved\nGRO-7,New title,2026-03-09\n"
    _, one = import_file(first, "a.csv", engine=engine, user="ann", kind="outputs")
    with Session(engine) as s:
        before = s.exec(select(Output)).one()
    _, two = import_file(second, "b.csv", engine=engine, user="ben", kind="outputs")
    assert two.counts["updated"] == 1
    undo_import(engine=engine, import_id=two.import_id, user="ben")
    with Session(engine) as s:
        after = s.exec(select(Output)).one()
    assert (after.title, after.shipped_on, after.updated_by) == ("Old title", date(2026, 3, 2), "ann")
    assert after.updated_at == before.updated_at


def test_linear_dates_with_a_long_zone_name():
    from dashboard.parsing import parse_date

    assert parse_date("Tue May 14 2024 08:53:33 GMT+0200 (Central European Summer Time)", "dmy") == date(2024, 5, 14)
