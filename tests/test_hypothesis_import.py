"""Hypotheses sheet import: parsing, links, upsert by statement, undo, problems with row and column."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from dashboard.cli import main
from dashboard.i18n import use_language
from dashboard.importers.problems import problem_lines
from dashboard.importers.service import import_file
from dashboard.importers.store import undo_import
from dashboard.models import Hypothesis, HypothesisOutput, Metric, Output

USER = "pm@example.com"

GOOD = (
    "hypothesis,metric,expected change,output,window days,guardrail,status,team,reason\n"
    "Invite flow will raise signups by 8 %,Signups,+8%,\"GRO-105, GRO-106\",42,Support tickets,planned,Growth,"
    "Teams invite teams\n"
    "Win-back mail will cut churn by 0.2 pp,Churn rate,-0.2pp,,,,idea,Monetization,People forget\n"
    "Bulk edit adds reports,Reports created,+300,CORE-110,,,,Core Product,Less clicking\n"
    "Total,,,,,,,,\n"
)


def _import(engine, text: str, name: str = "hypotheses.csv", **kw):
    return import_file(text.encode("utf-8"), name, engine=engine, user=USER, **kw)


def _by_statement(engine) -> dict[str, Hypothesis]:
    with Session(engine) as s:
        return {h.statement: h for h in s.exec(select(Hypothesis))}


def _links(engine, hyp_id: int) -> list[str]:
    with Session(engine) as s:
        stmt = select(Output.key).join(HypothesisOutput, HypothesisOutput.output_id == Output.id)
        return sorted(s.exec(stmt.where(HypothesisOutput.hypothesis_id == hyp_id)).all())


def test_import_creates_hypotheses_with_links_and_is_idempotent(demo_app_db):
    engine = demo_app_db
    before = len(_by_statement(engine))
    analysis, outcome = _import(engine, GOOD)
    assert outcome.ok, problem_lines(outcome.problems)
    assert analysis.kind == "hypotheses"
    assert outcome.counts["inserted"] == 3 and outcome.counts["read"] == 3
    stored = _by_statement(engine)
    assert len(stored) == before + 3
    invite = stored["Invite flow will raise signups by 8 %"]
    assert invite.change_kind == "relative" and invite.expected_change == pytest.approx(0.08)
    assert invite.window_days == 42 and invite.status == "planned" and invite.guardrail_metric_id is not None
    assert _links(engine, invite.id) == ["GRO-105", "GRO-106"]
    churn = stored["Win-back mail will cut churn by 0.2 pp"]
    # No window given: the default for the data's frequency is used when measuring.
    assert churn.change_kind == "pp" and churn.expected_change == pytest.approx(-0.2) and churn.window_days is None
    bulk = stored["Bulk edit adds reports"]
    assert bulk.change_kind == "absolute" and bulk.expected_change == 300 and bulk.status == "planned"

    _, again = _import(engine, GOOD)
    assert again.ok and again.counts["inserted"] == 0 and again.counts["updated"] == 0
    assert again.counts["unchanged"] == 3


def test_changed_rows_update_and_undo_restores(demo_app_db):
    engine = demo_app_db
    _, first = _import(engine, GOOD)
    changed = GOOD.replace("+8%,", "+12%,").replace("Less clicking", "Fewer clicks")
    _, second = _import(engine, changed)
    assert second.ok and second.counts["updated"] == 2 and second.counts["unchanged"] == 1
    assert _by_statement(engine)["Invite flow will raise signups by 8 %"].expected_change == pytest.approx(0.12)
    undo_import(engine=engine, import_id=second.import_id, user=USER)
    stored = _by_statement(engine)
    assert stored["Invite flow will raise signups by 8 %"].expected_change == pytest.approx(0.08)
    assert stored["Bulk edit adds reports"].reason == "Less clicking"
    undo_import(engine=engine, import_id=first.import_id, user=USER)
    assert "Bulk edit adds reports" not in _by_statement(engine)


def test_german_headers_and_notation(demo_app_db):
    engine = demo_app_db
    text = (
        "Hypothese;Kennzahl;Erwartete Veränderung;Output;Fenster (Tage);Status\n"
        "Rückgewinnung senkt Churn;Churn rate;-0,25pp;MON-105;35;geplant\n"
        "Neue Preisseite;Trial-to-paid conversion;+1,5 %;;;Idee\n"
    )
    _, outcome = _import(engine, text)
    assert outcome.ok, problem_lines(outcome.problems)
    stored = _by_statement(engine)
    assert stored["Rückgewinnung senkt Churn"].expected_change == pytest.approx(-0.25)
    assert stored["Rückgewinnung senkt Churn"].window_days == 35 and stored["Rückgewinnung senkt Churn"].status == "planned"
    assert stored["Neue Preisseite"].expected_change == pytest.approx(0.015)
    assert stored["Neue Preisseite"].status == "idea"


def test_bad_cells_are_listed_with_row_and_column_and_nothing_is_stored(demo_app_db):
    engine = demo_app_db
    before = len(_by_statement(engine))
    text = (
        "hypothesis,metric,expected change,output,window days\n"
        "A,Signups,+8%,NOPE-1,28\n"
        "B,No such metric,+8%,,28\n"
        "C,Signups,lots,,28\n"
        "D,Signups,+2pp,,28\n"
        "E,Signups,+5%,,3\n"
        "A,Signups,+5%,,28\n"
        "F,Signups,+5%,,28\n"
    )
    _, outcome = _import(engine, text)
    assert not outcome.ok
    with use_language("en"):
        lines = problem_lines(outcome.problems)
    joined = "\n".join(lines)
    assert "row 2" in joined and "NOPE-1" in joined and "column “output”" in joined
    assert "No such metric" in joined and "row 3" in joined
    assert "“lots” cannot be read as a change" in joined
    assert "percentage points" in joined
    assert "whole days from 7 to 365" in joined
    assert "appears twice" in joined
    assert len(outcome.problems) == 6
    assert len(_by_statement(engine)) == before
    with use_language("de"):
        assert "Zeile 2" in "\n".join(problem_lines(outcome.problems))


def test_missing_required_column_is_named(demo_app_db):
    _, outcome = _import(demo_app_db, "hypothesis,metric\nA,Signups\n", kind="hypotheses")
    assert not outcome.ok
    with use_language("en"):
        assert "Expected change" in problem_lines(outcome.problems)[0]


def test_cli_import_hypotheses(demo_app_db, tmp_path, capsys):
    path = tmp_path / "bets.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", str(path), "--kind", "hypotheses", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["kind"] == "hypotheses" and out["inserted"] == 3


def test_unsigned_change_on_a_lower_is_better_metric_is_a_decrease_and_controls_are_stored(demo_app_db):
    engine = demo_app_db
    text = (
        "hypothesis,metric,expected change,segment,control segments,control metric\n"
        "Faster pages cut load time,Page load time p95,25%,,,\n"
        "German copy lifts signups,Signups,10%,DE,\"FR; NL\",\n"
        "Signups follow trials,Signups,+5%,,,Trial-to-paid conversion\n"
    )
    _, outcome = _import(engine, text)
    assert outcome.ok, problem_lines(outcome.problems)
    stored = _by_statement(engine)
    assert stored["Faster pages cut load time"].expected_change == pytest.approx(-0.25)  # lower is better
    assert stored["German copy lifts signups"].expected_change == pytest.approx(0.10)
    assert stored["German copy lifts signups"].control_segments == "FR, NL"
    with Session(engine) as s:
        trial = s.exec(select(Metric).where(Metric.name == "Trial-to-paid conversion")).one()
    assert stored["Signups follow trials"].control_metric_id == trial.id


def test_control_that_is_the_metric_itself_or_both_kinds_is_refused(demo_app_db):
    engine = demo_app_db
    before = _by_statement(engine)
    text = (
        "hypothesis,metric,expected change,control segments,control metric\n"
        "Self control,Signups,+5%,,Signups\n"
        "Both controls,Signups,+5%,FR,Churn rate\n"
    )
    _, outcome = _import(engine, text)
    assert not outcome.ok
    lines = problem_lines(outcome.problems)
    assert any("2" in line and "measured metric itself" in line for line in lines), lines
    assert any("3" in line and "not both" in line for line in lines), lines
    assert _by_statement(engine).keys() == before.keys()
