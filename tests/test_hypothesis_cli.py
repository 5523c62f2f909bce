"""`python -m dashboard hypotheses --json` against the demo workspace."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main

KEYS = {"id", "statement", "metric", "expected_change", "measured_change", "ci_low", "ci_high", "verdict", "warnings"}


def _report(capsys) -> list[dict]:
    assert main(["hypotheses", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_hypotheses_json_has_the_promised_keys_and_verdicts(demo_app_db, capsys):
    records = _report(capsys)
    assert len(records) == 16
    for record in records:
        assert KEYS <= set(record)
        assert isinstance(record["warnings"], list)
    by_statement = {r["statement"]: r for r in records}
    builder = by_statement["Report builder v2 will raise reports created by 20 %"]
    assert builder["expected_change"] == pytest.approx(0.20)  # a fraction for relative changes
    assert builder["verdict"] == "validated"
    assert builder["ci_low"] < builder["measured_change"] < builder["ci_high"]
    assert builder["ci_low"] > 0 and builder["ci_high"] >= 0.20
    assert any("Other outputs of the same team" in w for w in builder["warnings"])
    assert builder["method"] == "trend" and builder["window_days"] == 28 and builder["observational"]
    assert any("Guardrail" in w for w in builder["warnings"])

    churn = by_statement["A pause option in the cancellation flow will cut churn by 0.3 pp"]
    assert churn["expected_change"] == pytest.approx(-0.3) and churn["change_kind"] == "pp"
    assert churn["verdict"] == "validated" and churn["ci_high"] < 0

    verdicts = [r["verdict"] for r in records]
    for verdict in ("validated", "partial", "invalidated", "inconclusive"):
        assert verdict in verdicts
    idea = by_statement["Clearer pricing page copy will raise trial-to-paid conversion by 5 %"]
    assert idea["verdict"] is None and idea["measured_change"] is None


def test_hypotheses_json_verdicts_follow_the_interval(demo_app_db, capsys):
    from dashboard.analysis.hypothesis import verdict_for

    held = 0
    for record in _report(capsys):
        if record["ci_low"] is None:
            continue
        by_rule = verdict_for(record["ci_low"], record["ci_high"], record["expected_change"])
        if record["held_back"]:
            # A check held the verdict back: the stored verdict says "cannot tell", the raw one is kept.
            held += 1
            assert record["verdict"] == "inconclusive" and record["checks"]
            assert record["raw_verdict"] in (by_rule, "validated")
        else:
            assert record["verdict"] in (by_rule, "validated")
            if record["verdict"] != by_rule:  # an effect that ramped in: the last two weeks reach the promise
                assert "ramp" in record["checks"] and by_rule == "partial"
    assert held >= 1  # the demo has a bet whose history is too unstable to judge


def test_hypotheses_table_output(demo_app_db, capsys):
    assert main(["hypotheses"]) == 0
    out = capsys.readouterr().out
    assert "verdict" in out.splitlines()[0] and "validated" in out


def test_sync_stores_the_decided_statuses_and_opens_drafts_once(demo_app_db, capsys):
    from sqlmodel import Session, select

    from dashboard.models import Hypothesis, Learning

    before = {h["id"]: h["status"] for h in _report(capsys)}
    assert main(["hypotheses", "--sync", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["learning_drafts"], "the demo has failed bets without a learning"
    with Session(demo_app_db) as s:
        stored = {h.id: h.status.value for h in s.exec(select(Hypothesis)).all()}
        drafts = len(s.exec(select(Learning)).all())
    assert stored == before, "what is stored now is what every reader was shown"
    assert main(["hypotheses", "--sync"]) == 0
    assert capsys.readouterr().out.strip() == "0 statuses stored, 0 learning drafts opened"
    with Session(demo_app_db) as s:
        assert len(s.exec(select(Learning)).all()) == drafts
