"""Outputs store: hand-made writes, links to hypotheses and key results (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from dashboard.errors import DomainError
from dashboard.models import (
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Metric,
    Objective,
    Output,
    OutputCreate,
    OutputUpdate,
    Team,
)
from dashboard.repository import outputs as repo


@pytest.fixture
def world(session):
    """A team, a metric, a hypothesis, an objective with a key result."""
    team = Team(name="Growth")
    metric = Metric(name="Activation rate", unit="%")
    session.add_all([team, metric])
    session.flush()
    hyp = Hypothesis(statement="Onboarding checklist lifts activation", metric_id=metric.id, expected_change=0.1,
                     team_id=team.id)
    obj = Objective(title="New accounts find value", period="2026-Q4", team_id=team.id)
    session.add_all([hyp, obj])
    session.flush()
    kr = KeyResult(objective_id=obj.id, title="Activation to 42 %", baseline=35, target=42)
    session.add(kr)
    session.commit()
    return {"team": team.id, "hyp": hyp.id, "kr": kr.id, "objective": obj.id}


def test_create_update_and_read_back(session, world):
    created = repo.create_output(
        session=session,
        data=OutputCreate(key=" GRO-1 ", title="Checklist", type="story", team_id=world["team"],
                          shipped_on=date(2026, 10, 2), labels=["onboarding"]),
        user="ann@example.com",
    )
    session.commit()
    assert created.key == "GRO-1"
    row = session.get(Output, created.id)
    assert row.created_by == "ann@example.com"
    updated = repo.update_output(
        session=session, output_id=created.id, data=OutputUpdate(title="Checklist v2", shipped_on=None, status="Open"),
        user="bob@example.com",
    )
    session.commit()
    assert (updated.title, updated.shipped_on, updated.status, updated.type) == ("Checklist v2", None, "Open", "story")
    frame = repo.outputs_frame(session=session)
    assert frame[["key", "title", "team", "linked"]].values.tolist() == [["GRO-1", "Checklist v2", "Growth", False]]
    assert session.get(Output, created.id).updated_by == "bob@example.com"


def test_duplicate_key_and_empty_title_are_refused_without_change(session, world):
    repo.create_output(session=session, data=OutputCreate(key="GRO-1", title="First"), user="u")
    session.commit()
    with pytest.raises(DomainError) as err:
        repo.create_output(session=session, data=OutputCreate(key="GRO-1", title="Second"), user="u")
    assert err.value.key == "outputs.error.duplicate_key"
    session.rollback()
    out = repo.output_by_key(session=session, key="GRO-1")
    with pytest.raises(ValueError):
        repo.update_output(session=session, output_id=out.id, data=OutputUpdate(title="  "), user="u")
    session.rollback()
    assert [o.title for o in session.exec(select(Output))] == ["First"]
    with pytest.raises(DomainError):
        repo.update_output(session=session, output_id=9999, data=OutputUpdate(title="x"), user="u")


def test_link_unlink_and_set_links(session, world):
    out = repo.create_output(session=session, data=OutputCreate(key="GRO-2", title="Tour",
                                                                shipped_on=date(2026, 11, 1)), user="u")
    links = repo.link_output(session=session, output_id=out.id, hypothesis_ids=[world["hyp"]],
                             key_result_ids=[world["kr"]], user="u")
    session.commit()
    assert links == {"hypothesis_ids": [world["hyp"]], "key_result_ids": [world["kr"]]}
    # Linking twice does not duplicate the link rows.
    repo.link_output(session=session, output_id=out.id, hypothesis_ids=[world["hyp"]], user="u")
    session.commit()
    assert len(session.exec(select(HypothesisOutput)).all()) == 1
    frame = repo.outputs_frame(session=session)
    assert frame.loc[0, "linked"] and frame.loc[0, "hypothesis_ids"] == [world["hyp"]]

    repo.unlink_output(session=session, output_id=out.id, hypothesis_ids=[world["hyp"]], user="u")
    session.commit()
    assert session.exec(select(HypothesisOutput)).all() == []
    assert len(session.exec(select(KeyResultOutput)).all()) == 1

    repo.set_output_links(session=session, output_id=out.id, hypothesis_ids=[world["hyp"]], key_result_ids=[],
                          user="u")
    session.commit()
    assert repo.output_links(session=session, output_id=out.id) == {"hypothesis_ids": [world["hyp"]],
                                                                    "key_result_ids": []}


def test_unknown_link_target_changes_nothing(session, world):
    out = repo.create_output(session=session, data=OutputCreate(key="GRO-3", title="X"), user="u")
    session.commit()
    with pytest.raises(DomainError) as err:
        repo.set_output_links(session=session, output_id=out.id, hypothesis_ids=[world["hyp"]],
                              key_result_ids=[4242], user="u")
    assert err.value.key == "outputs.error.unknown_key_result"
    session.rollback()
    assert repo.output_links(session=session, output_id=out.id) == {"hypothesis_ids": [], "key_result_ids": []}


def test_link_targets_and_delete(session, world):
    hyps, krs = repo.link_targets(session=session)
    assert hyps["statement"].tolist() == ["Onboarding checklist lifts activation"]
    assert krs[["title", "objective", "period", "team"]].values.tolist() == [
        ["Activation to 42 %", "New accounts find value", "2026-Q4", "Growth"]
    ]
    out = repo.create_output(session=session, data=OutputCreate(key="GRO-4", title="X"), user="u")
    repo.link_output(session=session, output_id=out.id, key_result_ids=[world["kr"]], user="u")
    session.commit()
    repo.delete_output(session=session, output_id=out.id, user="u")
    session.commit()
    assert session.exec(select(Output)).all() == [] and session.exec(select(KeyResultOutput)).all() == []


def test_frame_orders_shipped_newest_first_and_unshipped_last(session, world):
    for key, day in [("A-1", date(2026, 1, 5)), ("A-2", None), ("A-3", date(2026, 6, 1))]:
        repo.create_output(session=session, data=OutputCreate(key=key, title=key, shipped_on=day), user="u")
    session.commit()
    assert repo.outputs_frame(session=session)["key"].tolist() == ["A-3", "A-1", "A-2"]
    assert repo.outputs_frame(session=session, start=date(2026, 3, 1))["key"].tolist() == ["A-3"]
