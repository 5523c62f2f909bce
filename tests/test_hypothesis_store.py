"""Hypothesis and learning writes, the open-bets limit, and the status sync (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from sqlalchemy import insert
from sqlmodel import select

from dashboard.errors import DomainError, NotFoundError
from dashboard.models import (
    HypothesisCreate,
    HypothesisUpdate,
    Learning,
    LearningCreate,
    LearningHypothesis,
    LearningUpdate,
    MetricCreate,
    MetricValue,
    Output,
    TeamCreate,
)
from dashboard.repository import hypotheses as repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import teams as team_repo
from dashboard.services import hypotheses as svc

USER = "pm@example.com"
T0 = date(2026, 6, 1)
TODAY = date(2026, 8, 1)


def _metric(session, name: str = "Signups", unit: str = "count", steps: float = 0.0, seed: int = 1) -> int:
    metric = metric_repo.create_metric(session=session, data=MetricCreate(name=name, unit=unit), user=USER)
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(120):
        day = T0 - timedelta(days=60) + timedelta(days=i)
        value = 100 * (1 + (steps if day >= T0 else 0)) * (1 + rng.normal(0, 0.02))
        rows.append({"metric_id": metric.id, "date": day, "segment": "", "value": float(value)})
    session.exec(insert(MetricValue), params=rows)
    return metric.id


def _output(session, key: str, shipped: date | None, team_id: int | None = None) -> int:
    out = Output(key=key, title=f"Work {key}", team_id=team_id, shipped_on=shipped)
    session.add(out)
    session.flush()
    return out.id


def _hyp(session, metric_id: int, statement: str = "Faster signup raises signups", expected: float = 0.10,
         outputs: list[int] | None = None, team_id: int | None = None, status: str = "planned") -> int:
    data = HypothesisCreate(statement=statement, metric_id=metric_id, expected_change=expected, team_id=team_id,
                            reason="Fewer fields", status=status)
    return repo.create_hypothesis(session=session, data=data, output_ids=outputs or [], user=USER).id


def test_create_and_update_hypothesis_with_output_links(session):
    team = team_repo.create_team(session=session, data=TeamCreate(name="Growth"), user=USER)
    metric_id = _metric(session)
    a, b = _output(session, "GRO-1", T0, team.id), _output(session, "GRO-2", None, team.id)
    hyp_id = _hyp(session, metric_id, outputs=[a, b], team_id=team.id)
    session.commit()
    frame = repo.hypotheses_frame(session=session)
    row = frame.iloc[0]
    assert row["output_keys"] == ["GRO-1", "GRO-2"] and row["team"] == "Growth"
    assert row["expected_change"] == pytest.approx(0.10)

    repo.update_hypothesis(session=session, hypothesis_id=hyp_id,
                           data=HypothesisUpdate(expected_change=-0.05, window_days=42), output_ids=[a], user="lead")
    session.commit()
    row = repo.hypotheses_frame(session=session).iloc[0]
    assert row["output_keys"] == ["GRO-1"] and row["window_days"] == 42 and row["expected_change"] == -0.05
    with pytest.raises(ValueError):
        repo.update_hypothesis(session=session, hypothesis_id=hyp_id, data=HypothesisUpdate(window_days=3), user=USER)
    session.rollback()
    assert repo.get_hypothesis(session=session, hypothesis_id=hyp_id).window_days == 42


def test_the_same_statement_twice_is_refused_at_its_field_and_changes_nothing(session):
    metric_id = _metric(session)
    first = _hyp(session, metric_id, "Faster signup raises signups")
    other = _hyp(session, metric_id, "Dark mode raises signups")
    session.commit()
    with pytest.raises(DomainError) as err:
        _hyp(session, metric_id, "Faster signup raises signups")
    assert (err.value.key, err.value.field) == ("hypotheses.form.duplicate", "statement")
    with pytest.raises(DomainError):
        repo.update_hypothesis(session=session, hypothesis_id=other, user=USER,
                               data=HypothesisUpdate(statement="Faster signup raises signups"))
    session.rollback()
    statements = sorted(repo.hypotheses_frame(session=session)["statement"])
    assert statements == ["Dark mode raises signups", "Faster signup raises signups"]
    assert repo.get_hypothesis(session=session, hypothesis_id=first).statement == "Faster signup raises signups"


def test_stopping_needs_and_keeps_a_reason(session):
    hyp_id = _hyp(session, _metric(session))
    with pytest.raises(ValueError):
        repo.stop_hypothesis(session=session, hypothesis_id=hyp_id, reason="  ", user=USER)
    repo.stop_hypothesis(session=session, hypothesis_id=hyp_id, reason="Partner deal fell through", user=USER)
    session.commit()
    stored = repo.get_hypothesis(session=session, hypothesis_id=hyp_id)
    assert stored.status == "stopped" and stored.stop_reason == "Partner deal fell through"
    with pytest.raises(NotFoundError):
        repo.set_status(session=session, hypothesis_id=9999, status="idea", user=USER)


def test_learning_crud_and_links(session):
    metric_id = _metric(session)
    h1, h2 = _hyp(session, metric_id, "Bet one"), _hyp(session, metric_id, "Bet two")
    learning = repo.create_learning(
        session=session, data=LearningCreate(title="Forms are not the problem", believed="x"),
        links={h1: "supports", h2: "contradicts"}, user=USER,
    )
    session.commit()
    row = repo.learnings_frame(session=session).iloc[0]
    assert row["supports_ids"] == [h1] and row["contradicts_ids"] == [h2] and row["status"] == "draft"
    repo.update_learning(session=session, learning_id=learning.id,
                         data=LearningUpdate(status="closed", next_time="Ask earlier"), links={h1: "supports"}, user=USER)
    session.commit()
    row = repo.learnings_frame(session=session).iloc[0]
    assert row["status"] == "closed" and row["next_time"] == "Ask earlier" and row["contradicts_ids"] == []
    with pytest.raises(ValueError):
        repo.set_learning_links(session=session, learning_id=learning.id, links={h1: "maybe"}, user=USER)
    session.rollback()
    repo.delete_learning(session=session, learning_id=learning.id, user=USER)
    session.commit()
    assert repo.learnings_frame(session=session).empty


def test_open_bets_limit_default_and_setting(session):
    assert repo.open_bets_limit(session=session) == 5
    repo.set_open_bets_limit(session=session, limit=3, user=USER)
    session.commit()
    assert repo.open_bets_limit(session=session) == 3
    with pytest.raises(ValueError):
        repo.set_open_bets_limit(session=session, limit=0, user=USER)


def test_needs_stop_counts_planned_shipped_measuring_per_team(session):
    growth = team_repo.create_team(session=session, data=TeamCreate(name="Growth"), user=USER)
    core = team_repo.create_team(session=session, data=TeamCreate(name="Core"), user=USER)
    metric_id = _metric(session)
    for i, status in enumerate(["planned", "measuring", "shipped", "idea", "validated", "stopped"]):
        _hyp(session, metric_id, f"Growth bet {i}", team_id=growth.id, status=status)
    _hyp(session, metric_id, "Core bet", team_id=core.id, status="planned")
    session.commit()
    hyps = repo.hypotheses_frame(session=session)
    assert len(svc.open_bets(hyps, growth.id)) == 3
    assert svc.needs_stop(hyps, growth.id, 3) and not svc.needs_stop(hyps, growth.id, 4)
    assert not svc.needs_stop(hyps, core.id, 3)


def test_sync_follows_the_verdict_and_opens_a_learning_draft_once(session):
    metric_id = _metric(session, steps=0.0)  # no effect: a +10 % bet is invalidated
    win_metric = _metric(session, name="Activation", steps=0.2, seed=2)
    out = _output(session, "GRO-9", T0)
    failed = _hyp(session, metric_id, "Dark mode raises signups", outputs=[out])
    won = _hyp(session, win_metric, "Checklist raises activation", outputs=[out])
    idea = _hyp(session, metric_id, "Referral programme", status="idea")
    stopped = _hyp(session, metric_id, "Stopped bet", outputs=[out])
    repo.stop_hypothesis(session=session, hypothesis_id=stopped, reason="No longer relevant", user=USER)
    session.commit()

    result = svc.sync_statuses(session=session, today=TODAY, user=USER)
    session.commit()
    assert set(result.changed) == {failed, won}
    assert len(result.drafts) == 1
    statuses = {i: repo.get_hypothesis(session=session, hypothesis_id=i).status for i in [failed, won, idea, stopped]}
    assert statuses == {failed: "invalidated", won: "validated", idea: "idea", stopped: "stopped"}
    drafts = session.exec(select(Learning)).all()
    assert len(drafts) == 1 and drafts[0].status == "draft"
    assert "Dark mode raises signups" in drafts[0].believed
    link = session.exec(select(LearningHypothesis)).one()
    assert link.hypothesis_id == failed

    again = svc.sync_statuses(session=session, today=TODAY, user=USER)
    session.commit()
    assert again.changed == [] and again.drafts == []
    assert len(session.exec(select(Learning)).all()) == 1


def test_sync_does_not_open_a_draft_when_a_learning_exists_already(session):
    metric_id = _metric(session)
    out = _output(session, "GRO-9", T0)
    failed = _hyp(session, metric_id, "Dark mode raises signups", outputs=[out])
    repo.create_learning(session=session, data=LearningCreate(title="Known already"), links={failed: "supports"},
                         user=USER)
    session.commit()
    result = svc.sync_statuses(session=session, today=TODAY, user=USER)
    session.commit()
    assert result.drafts == []
    assert len(session.exec(select(Learning)).all()) == 1
    assert repo.get_hypothesis(session=session, hypothesis_id=failed).status == "invalidated"
    assert failed in repo.learning_opened_ids(session=session)


def test_sync_sets_measuring_while_the_window_runs(session):
    metric_id = _metric(session)
    out = _output(session, "GRO-9", T0)
    hyp_id = _hyp(session, metric_id, outputs=[out])
    session.commit()
    svc.sync_statuses(session=session, today=T0 + timedelta(days=5), user=USER)
    session.commit()
    assert repo.get_hypothesis(session=session, hypothesis_id=hyp_id).status == "measuring"
