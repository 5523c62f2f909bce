"""The quarterly review: its data, snapshots and what changed, the page, freezing and presenting."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import ROOT
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard.access import AccessDenied, Actor
from dashboard.db import session_scope
from dashboard.models import CheckInCreate, KeyResult, KeyResultUpdate, ReviewSnapshot, Role
from dashboard.repository import okrs as okr_repo
from dashboard.services import review as review_svc

TODAY = date(2026, 12, 3)


def _kr(id_, score, status="on_track"):
    return {"id": id_, "title": f"KR {id_}", "score": score, "status": status}


def test_diff_lists_what_moved_between_two_reviews():
    before = {"key_results": [_kr(1, 0.40), _kr(2, 0.50), _kr(3, 0.70)],
              "bets": [{"id": 7, "statement": "A", "verdict": "measuring"}, {"id": 8, "statement": "B", "verdict": "validated"}],
              "learnings": [{"id": 1, "title": "Old"}], "stopped": [],
              "north_star": {"latest": 100.0}}
    after = {"key_results": [_kr(1, 0.43), _kr(2, 0.60), _kr(3, 0.70, "at_risk"), _kr(4, 0.1)],
             "bets": [{"id": 7, "statement": "A", "verdict": "invalidated"}, {"id": 8, "statement": "B", "verdict": "validated"}],
             "learnings": [{"id": 1, "title": "Old"}, {"id": 2, "title": "New"}],
             "stopped": [{"id": 9, "statement": "C", "reason": "no longer needed"}],
             "north_star": {"latest": 104.0}}
    changes = review_svc.diff(before, after)
    assert [k["id"] for k in changes.key_results] == [2, 3]  # 3 points is not a move; a status change is
    assert changes.key_results[1]["status_before"] == "on_track" and changes.key_results[1]["status_after"] == "at_risk"
    assert [(v["id"], v["before"], v["after"]) for v in changes.verdicts] == [(7, "measuring", "invalidated")]
    assert [item["id"] for item in changes.new_learnings] == [2]
    assert [item["id"] for item in changes.stopped] == [9]
    assert changes.north_star == (100.0, 104.0)
    assert review_svc.diff(after, after).empty


@pytest.fixture
def demo_session(demo_app_db):
    with Session(demo_app_db, expire_on_commit=False) as s:
        yield s


def test_review_data_holds_every_section_for_one_scope(demo_session):
    data = review_svc.build_review(demo_session, "2026-Q3", TODAY)
    json.dumps(data)  # plain data, ready to be frozen
    assert data["north_star"]["name"] == "Weekly active accounts" and data["north_star"]["weekly"]
    assert data["north_star"]["previous_period"] == "2026-Q2"
    assert all(b["released"][:7] in ("2026-07", "2026-08", "2026-09") for b in data["bets"])
    verdicts = {b["statement"]: b["verdict"] for b in data["bets"]}
    assert verdicts["A German checkout will raise checkout starts in Germany by 10 %"] == "validated"
    assert any(b["path"] and len(b["path"]["dates"]) == len(b["path"]["cf"]) for b in data["bets"])
    assert {kr["status"] for kr in data["key_results"]} <= {"on_track", "at_risk", "off_track", None}
    assert data["next"]["period"] == "2026-Q4" and data["next"]["objectives"]
    teams = {t.name: t.id for t in review_svc.okr_repo_teams(demo_session)}
    growth = review_svc.build_review(demo_session, "2026-Q3", TODAY, team_id=teams["Growth"])
    assert growth["team"] == "Growth"
    assert {kr["team"] for kr in growth["key_results"]} == {"Growth"}
    assert all(b["team"] == "Growth" for b in growth["bets"])


def test_freezing_needs_an_editor_and_keeps_who_and_when(demo_app_db, demo_session):
    data = review_svc.build_review(demo_session, "2026-Q3", TODAY)
    with pytest.raises(AccessDenied), session_scope(demo_app_db) as s:
        review_svc.freeze(s, data, user=Actor("Vera", Role.viewer))
    with session_scope(demo_app_db) as s:
        first = review_svc.freeze(s, data, user=Actor("Eddi", Role.editor), title="Q3 review")
    with session_scope(demo_app_db) as s:
        second = review_svc.freeze(s, data, user=Actor("Ada", Role.admin))
    assert (first.taken_by, first.title, first.period) == ("Eddi", "Q3 review", "2026-Q3")
    with Session(demo_app_db) as s:
        assert [snap.id for snap in review_svc.snapshots(s, "2026-Q3")] == [second.id, first.id]
        assert review_svc.previous_snapshot(s, second).id == first.id
        assert review_svc.previous_snapshot(s, first) is None
        stored = s.exec(select(ReviewSnapshot).where(ReviewSnapshot.id == first.id)).one()
    assert stored.data["bets"] == json.loads(json.dumps(data["bets"]))


def _open(params: dict, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page("pages/5_Review.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_review_page_freezes_and_later_shows_what_changed(demo_app_db):
    at = _open({"quarter": "2026-Q3"})
    assert [h.value for h in at.header] == [
        "North Star and inputs", "Key results by team", "Bets: what we expected and what happened",
        "What we learned", "What we stopped, and why", "Next quarter: objectives and open bets"]
    at.text_input(key="review.freeze_title").set_value("Board review")
    at.button(key="review.freeze_confirm").click().run()
    assert not at.exception
    with Session(demo_app_db) as s:
        snap = s.exec(select(ReviewSnapshot)).one()
    assert snap.taken_by == "local user" and snap.title == "Board review" and snap.period == "2026-Q3"
    assert at.query_params["snapshot"] in ([str(snap.id)], str(snap.id))
    assert any("Frozen on" in i.value for i in at.info)

    # a key result's target is lowered and a check-in added: the frozen review says what moved, and its
    # own numbers stay as they were
    with session_scope(demo_app_db) as s:
        kr = s.exec(select(KeyResult).where(KeyResult.title == "Onboarding completion to 62 %")).one()
        okr_repo.update_key_result(session=s, key_result_id=kr.id, data=KeyResultUpdate(target=kr.baseline + 1.0),
                                   user="Eddi")
        okr_repo.add_check_in(session=s, data=CheckInCreate(key_result_id=kr.id, date=date(2026, 9, 30),
                                                            confidence=9, comment="Hit it."), user="Eddi")
    from dashboard.ui.cache import live_review

    live_review.clear()
    frozen = _open({"quarter": "2026-Q3", "snapshot": str(snap.id)}, lang="de")
    headings = [s.value for s in frozen.subheader]
    assert "In den aktuellen Daten seit dem Einfrieren geändert" in headings
    changed = " ".join(m.value for m in frozen.markdown)
    assert "Onboarding completion to 62" in changed
    table = next(df.value for df in frozen.dataframe if "Letzter Check-in-Kommentar" in df.value.columns)
    assert "Hit it." not in set(table["Letzter Check-in-Kommentar"])  # frozen numbers, not live ones
    live = _open({"quarter": "2026-Q3"})
    assert any("What changed since the review frozen" in s.value for s in live.subheader)


def test_presentation_steps_through_every_section(demo_app_db):
    at = _open({"quarter": "2026-Q3", "present": "1", "section": "1"})
    seen = []
    for n in range(1, len(review_svc.SECTIONS) + 1):
        assert at.query_params["section"] in ([str(n)], str(n))
        seen.append(at.header[0].value)
        assert f"Section {n} of {len(review_svc.SECTIONS)}" in at.get("progress")[0].proto.text
        assert not at.main.selectbox, "no filters on a slide"
        if n < len(review_svc.SECTIONS):
            at.button(key="present-next").click().run()
    assert at.button(key="present-next").disabled
    assert seen[0] == "North Star and inputs" and seen[-1] == "Next quarter: objectives and open bets"
    at.button(key="present-prev").click().run()
    assert at.header[0].value == "What we stopped, and why"
    at.button(key="present-exit").click().run()
    assert "present" not in at.query_params and len(at.header) == len(review_svc.SECTIONS)


def test_the_deck_is_built_on_request_and_offered_for_download(demo_app_db):
    at = _open({"quarter": "2026-Q3"}, lang="de")
    assert not at.get("download_button")
    at.button(key="review.deck.pptx.prepare").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "Foliensatz herunterladen" in buttons[0].proto.label
