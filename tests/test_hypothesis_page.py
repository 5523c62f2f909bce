"""The Hypotheses page through AppTest: the guided form, focus limit, status by hand, learnings, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import open_page
from sqlmodel import Session, select

from dashboard.i18n import t
from dashboard.models import Hypothesis, HypothesisOutput, Learning, LearningHypothesis, Metric, Output, Team
from dashboard.services.hypotheses import learning_candidates, measure_from_session

PAGE = "pages/2_Hypotheses.py"
TABS = {"new": "hypotheses.tab.new", "learnings": "learnings.title"}


def open_tab(name: str, lang: str = "en"):
    """The page with one of its tabs open (only the open tab runs)."""
    from dashboard.i18n import t

    at = open_page(PAGE, lang=lang)
    at.session_state["hypotheses.tab"] = t(TABS[name], lang=lang)
    return at.run()


def _id(engine, model, **where) -> int:
    with Session(engine) as s:
        stmt = select(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return s.exec(stmt).one().id


def _hypothesis(engine, **where) -> Hypothesis | None:
    with Session(engine) as s:
        stmt = select(Hypothesis)
        for key, value in where.items():
            stmt = stmt.where(getattr(Hypothesis, key) == value)
        return s.exec(stmt).first()


def _texts(at) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_demo_page_shows_measurements_chart_and_label(demo_app_db, lang):
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    text = _texts(at)
    observational = "Observational" if lang == "en" else "Beobachtend"
    assert observational in text
    assert at.get("vega_lite_chart"), "release chart and calibration chart"
    table = at.dataframe[0].value
    assert len(table) == 16
    verdict_col = "Verdict" if lang == "en" else "Ergebnis"
    verdicts = set(table[verdict_col])
    assert ("validated" if lang == "en" else "bestätigt") in verdicts


def test_guided_form_creates_a_hypothesis_with_links(demo_app_db):
    engine = demo_app_db
    metric_id = _id(engine, Metric, name="Activation rate")
    output_id = _id(engine, Output, key="GRO-105")
    at = open_tab("new")
    at.multiselect(key="hypotheses.form.outputs").set_value([output_id])
    at.radio(key="hypotheses.form.direction").set_value("raise")
    at.selectbox(key="hypotheses.form.metric").set_value(metric_id)
    at.text_input(key="hypotheses.form.expected").input("+3pp")
    at.text_area(key="hypotheses.form.reason").input("New accounts need a first success")
    at.radio(key="hypotheses.form.status").set_value("idea")
    at.run()
    assert "Detectable" in _texts(at) or "smaller than what" in _texts(at)  # the hint before launch
    at.button(key="hypotheses.form.save").click().run()
    assert not at.exception
    with Session(engine) as s:
        hyp = s.exec(select(Hypothesis).where(Hypothesis.reason == "New accounts need a first success")).one()
        assert hyp.change_kind == "pp" and hyp.expected_change == pytest.approx(3.0)
        # The window was left empty: the default for the metric's data frequency applies.
        assert hyp.metric_id == metric_id and hyp.window_days is None and hyp.status == "idea"
        assert hyp.statement.startswith("We believe that") and "raise Activation rate by 3" in hyp.statement
        links = s.exec(select(HypothesisOutput.output_id).where(HypothesisOutput.hypothesis_id == hyp.id)).all()
        assert links == [output_id]
    assert any("Saved" in s.value for s in at.success)
    assert at.text_input(key="hypotheses.form.expected").value == ""  # form cleared after saving


def test_german_notation_and_lower(demo_app_db):
    engine = demo_app_db
    metric_id = _id(engine, Metric, name="Churn rate")
    at = open_tab("new", lang="de")
    at.text_input(key="hypotheses.form.what").input("Eine Rückgewinnungs-Mail")
    at.radio(key="hypotheses.form.direction").set_value("lower")
    at.selectbox(key="hypotheses.form.metric").set_value(metric_id)
    at.text_input(key="hypotheses.form.expected").input("-0,25pp")
    at.text_area(key="hypotheses.form.reason").input("Kunden vergessen uns")
    at.radio(key="hypotheses.form.status").set_value("idea")
    at.number_input(key="hypotheses.form.window").set_value(42)
    at.run()
    at.button(key="hypotheses.form.save").click().run()
    hyp = _hypothesis(engine, reason="Kunden vergessen uns")
    assert hyp is not None
    assert hyp.change_kind == "pp" and hyp.expected_change == pytest.approx(-0.25) and hyp.window_days == 42
    assert hyp.statement.startswith("Wir glauben, dass Eine Rückgewinnungs-Mail Churn rate um 0,25")


def test_form_left_half_empty_shows_each_error_and_stores_nothing(demo_app_db):
    engine = demo_app_db
    with Session(engine) as s:
        before = len(s.exec(select(Hypothesis)).all())
    at = open_tab("new")
    at.text_input(key="hypotheses.form.expected").input("fifteen")
    at.run()
    at.button(key="hypotheses.form.save").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Cannot read this as a change" in errors
    assert "This field is required" in errors  # metric
    assert "reason" in errors.lower()
    assert "Link at least one output or describe the change" in errors
    assert at.text_input(key="hypotheses.form.expected").value == "fifteen"  # what was typed is kept
    with Session(engine) as s:
        assert len(s.exec(select(Hypothesis)).all()) == before


def test_sign_contradicting_direction_is_refused(demo_app_db):
    engine = demo_app_db
    at = open_tab("new")
    at.text_input(key="hypotheses.form.what").input("Something")
    at.radio(key="hypotheses.form.direction").set_value("raise")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Signups"))
    at.text_input(key="hypotheses.form.expected").input("-10%")
    at.text_area(key="hypotheses.form.reason").input("Sign test")
    at.run()
    at.button(key="hypotheses.form.save").click().run()
    assert any("sign contradicts" in e.value for e in at.error)
    assert _hypothesis(engine, reason="Sign test") is None


def test_going_over_the_focus_limit_asks_which_bet_to_stop(demo_app_db):
    engine = demo_app_db
    growth = _id(engine, Team, name="Growth")
    referral = _hypothesis(engine, statement="A referral programme will raise signups by 10 %")
    at = open_page(PAGE)
    at.number_input(key="hypotheses.focus.limit").set_value(1)
    at.button(key="hypotheses.focus.save").click().run()
    assert any("Focus limit set to 1" in s.value for s in at.success)
    at.session_state["hypotheses.tab"] = "New hypothesis"
    at.run()
    at.selectbox(key="hypotheses.form.team").set_value(growth)
    at.text_input(key="hypotheses.form.what").input("Invite flow")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Signups"))
    at.text_input(key="hypotheses.form.expected").input("+8%")
    at.text_area(key="hypotheses.form.reason").input("Teams invite teams")
    at.radio(key="hypotheses.form.status").set_value("planned")
    at.run()
    at.button(key="hypotheses.form.save").click().run()
    assert _hypothesis(engine, reason="Teams invite teams") is None  # not saved yet: the limit asks first
    assert any("Which bet do you stop" in w.value for w in at.warning)
    at.button(key="hypotheses.form.stop_and_save").click().run()
    assert any("Choose the bet to stop and write why" in e.value for e in at.error)  # reason is required
    at.selectbox(key="hypotheses.form.stop_pick").set_value(referral.id)
    at.text_input(key="hypotheses.form.stop_reason").input("Invites beat referrals for now")
    at.run()
    at.button(key="hypotheses.form.stop_and_save").click().run()
    assert not at.exception
    stopped = _hypothesis(engine, id=referral.id)
    assert stopped.status == "stopped" and stopped.stop_reason == "Invites beat referrals for now"
    new = _hypothesis(engine, reason="Teams invite teams")
    assert new is not None and new.status == "planned" and new.team_id == growth
    # the let-go list holds the stopped bet and its reason
    at.session_state["hypotheses.tab"] = next(label for label in (tab.label for tab in at.tabs)
                          if label.startswith("Let go"))
    at.run()
    let_go = [df.value for df in at.dataframe if "Why stop it?" in df.value.columns]
    assert let_go and "Invites beat referrals for now" in set(let_go[0]["Why stop it?"])


def test_status_by_hand_needs_a_reason_to_stop(demo_app_db):
    engine = demo_app_db
    hyp = _hypothesis(engine, statement="Clearer pricing page copy will raise trial-to-paid conversion by 5 %")
    at = open_page(PAGE)
    at.query_params["hypothesis"] = str(hyp.id)
    at.run()
    prefix = f"hypotheses.status.{hyp.id}"
    at.radio(key=f"{prefix}.choice").set_value("stopped")
    at.run()
    at.button(key=f"{prefix}.save").click().run()
    assert any("keeps its reason" in e.value for e in at.error)
    assert _hypothesis(engine, id=hyp.id).status == "idea"
    at.text_input(key=f"{prefix}.reason").input("Pricing is being reworked anyway")
    at.run()
    at.button(key=f"{prefix}.save").click().run()
    stored = _hypothesis(engine, id=hyp.id)
    assert stored.status == "stopped" and stored.stop_reason == "Pricing is being reworked anyway"


def test_unknown_hypothesis_id_in_the_address_gives_a_clear_message(demo_app_db):
    at = open_page(PAGE)
    at.query_params["hypothesis"] = "98765"
    at.run()
    assert not at.exception
    assert any("no hypothesis with the id “98765”" in e.value for e in at.error)
    at = open_page(PAGE, lang="de")
    at.query_params["hypothesis"] = "abc"
    at.run()
    assert any("keine Hypothese mit der ID „abc“" in e.value for e in at.error)


def test_query_param_selects_the_detail(demo_app_db):
    engine = demo_app_db
    hyp = _hypothesis(engine, statement="Dark mode will cut support tickets by 10 %")
    at = open_page(PAGE)
    at.query_params["hypothesis"] = str(hyp.id)
    at.run()
    assert at.selectbox(key="hypotheses.detail").value == hyp.id
    assert any("Dark mode" in m.value for m in at.markdown)


def _snapshot(engine) -> tuple:
    with Session(engine) as s:
        hyps = sorted((h.id, h.status, h.learning_opened_at) for h in s.exec(select(Hypothesis)).all())
        return hyps, len(s.exec(select(Learning)).all())


def test_opening_the_page_writes_nothing_and_shows_the_status_the_data_decides(demo_app_db):
    engine = demo_app_db
    before = _snapshot(engine)
    at = open_page(PAGE)
    assert not at.exception
    at.run()
    open_tab("learnings")
    assert _snapshot(engine) == before, "a page view never writes"
    # The table shows the status the data decides today, also where the stored one is older.
    with Session(engine) as s:
        live, _ = measure_from_session(s, date.today())
    behind = live[live["status"] != live["stored_status"]]
    assert not behind.empty, "the demo stores some bets with a status the data has moved past"
    table = at.dataframe[0].value
    shown = dict(zip(table[t("hypotheses.statement", "en")], table[t("common.status", "en")], strict=True))
    compared = [h for h in behind.to_dict("records") if h["statement"] in shown]
    assert compared
    for h in compared:
        assert shown[h["statement"]] == t(f"hypothesis_status.{h['status']}", "en")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_learning_drafts_open_once_when_an_editor_asks(demo_app_db, lang):
    engine = demo_app_db
    at = open_tab("learnings", lang)
    _, learnings_before = _snapshot(engine)
    button = at.button(key="learnings.open_drafts")
    button.click().run()
    assert not at.exception
    with Session(engine) as s:
        drafts = [x for x in s.exec(select(Learning)).all() if x.status == "draft"]
        assert drafts, "an inconclusive or invalidated bet without a learning gets a draft"
        count = len(s.exec(select(Learning)).all())
        assert count > learnings_before
    # Asked for once: the list of waiting bets is gone, and opening the page again adds nothing.
    assert not [b for b in at.button if b.key == "learnings.open_drafts"]
    open_tab("learnings", lang)
    with Session(engine) as s:
        assert len(s.exec(select(Learning)).all()) == count
    with Session(engine) as s:
        live, _ = measure_from_session(s, date.today())
        linked = {h.hypothesis_id for h in s.exec(select(LearningHypothesis)).all()}
    assert not live[live["status"].isin(["invalidated", "inconclusive"])].empty
    assert learning_candidates(live, linked) == [], "every failed or unclear bet has its learning now"


def test_learning_can_be_edited_and_closed(demo_app_db):
    engine = demo_app_db
    learning_id = _id(engine, Learning, title="Cosmetic features do not reduce support load")
    at = open_tab("learnings")
    at.selectbox(key="learnings.pick").set_value(learning_id).run()
    prefix = f"learnings.edit.{learning_id}"
    at.text_area(key=f"{prefix}.next_time").input("Tag tickets first")
    at.radio(key=f"{prefix}.status").set_value("closed")
    at.button(key=f"FormSubmitter:{prefix}-Save").click().run()
    assert not at.exception
    with Session(engine) as s:
        row = s.get(Learning, learning_id)
        assert row.status == "closed" and row.next_time == "Tag tickets first"


def test_form_warns_before_launch_when_the_change_is_too_small_to_detect(demo_app_db):
    engine = demo_app_db
    at = open_tab("new")
    at.text_input(key="hypotheses.form.what").input("Tooltip tweak")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Activation rate"))
    at.text_input(key="hypotheses.form.expected").input("+2pp")
    at.text_area(key="hypotheses.form.reason").input("Small things add up")
    at.run()
    warning = [w.value for w in at.warning if "smaller than what" in w.value]
    assert warning and "A window of" in warning[0] and "days would be detectable" in warning[0]
    assert any("We believe that Tooltip tweak will raise Activation rate by 2" in m.value for m in at.markdown)
    suggested = int(warning[0].split("A window of ")[1].split(" days")[0])
    at.number_input(key="hypotheses.form.window").set_value(suggested)
    at.run()
    assert not [w for w in at.warning if "smaller than what" in w.value]  # the suggested window is enough
    assert any("Detectable" in s.value for s in at.success)


def test_unsigned_change_on_a_lower_is_better_metric_lowers_it(demo_app_db):
    engine = demo_app_db
    at = open_tab("new")
    at.text_input(key="hypotheses.form.what").input("Lazy loading")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Page load time p95")).run()
    assert at.radio(key="hypotheses.form.direction").value == "lower"  # follows the metric's direction
    at.text_input(key="hypotheses.form.expected").input("10%")
    at.text_area(key="hypotheses.form.reason").input("Images load late")
    at.run()
    assert any("−10%" in c.value or "-10%" in c.value for c in at.caption)  # the sign used is shown
    at.button(key="hypotheses.form.save").click().run()
    with Session(engine) as s:
        hyp = s.exec(select(Hypothesis).where(Hypothesis.reason == "Images load late")).one()
    assert hyp.expected_change == pytest.approx(-0.10)


def test_control_segments_are_offered_from_the_metric_and_stored(demo_app_db):
    engine = demo_app_db
    from dashboard.importers.service import import_file

    rows = "\n".join(f"2026-0{m}-{d:02d},Signups,{seg},{100 + d}" for m in (9,) for d in range(1, 29)
                      for seg in ("DE", "FR", "NL"))
    import_file(("date,metric,segment,value\n" + rows).encode(), "segments.csv", engine=engine, user="pm")
    at = open_tab("new")
    at.text_input(key="hypotheses.form.what").input("German legal text")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Signups")).run()
    at.text_input(key="hypotheses.form.segment").input("DE").run()
    options = at.multiselect(key="hypotheses.form.control_segments").options
    assert {"FR", "NL"} <= set(options) and "DE" not in options
    at.multiselect(key="hypotheses.form.control_segments").set_value(["FR", "NL"])
    at.text_input(key="hypotheses.form.expected").input("+10%")
    at.text_area(key="hypotheses.form.reason").input("Legal text in German")
    at.run()
    at.button(key="hypotheses.form.save").click().run()
    assert not at.exception
    with Session(engine) as s:
        hyp = s.exec(select(Hypothesis).where(Hypothesis.reason == "Legal text in German")).one()
    assert hyp.segment == "DE" and hyp.control_segments == "FR, NL" and hyp.control_metric_id is None


def test_edit_form_changes_the_stored_hypothesis(demo_app_db):
    engine = demo_app_db
    hyp = _hypothesis(engine, statement="A referral programme will raise signups by 10 %")
    at = open_page(PAGE)
    at.query_params["hypothesis"] = str(hyp.id)
    at.run()
    prefix = f"hypotheses.edit.{hyp.id}"
    assert at.text_input(key=f"{prefix}.expected").value == "+10%"
    at.text_input(key=f"{prefix}.expected").input("+12.5%")
    at.number_input(key=f"{prefix}.window").set_value(56)
    at.run()
    at.button(key=f"{prefix}.save").click().run()
    assert not at.exception
    stored = _hypothesis(engine, id=hyp.id)
    assert stored.expected_change == pytest.approx(0.125) and stored.window_days == 56
    assert stored.statement == hyp.statement and stored.status == hyp.status


def test_planning_a_bet_by_hand_over_the_limit_asks_which_to_stop(demo_app_db):
    engine = demo_app_db
    idea = _hypothesis(engine, statement="Clearer pricing page copy will raise trial-to-paid conversion by 5 %")
    running = _hypothesis(engine, statement="Seat-based upsell prompts will raise MRR by 3 %")
    at = open_page(PAGE)
    at.number_input(key="hypotheses.focus.limit").set_value(1)
    at.button(key="hypotheses.focus.save").click().run()
    at.query_params["hypothesis"] = str(idea.id)
    at.run()
    prefix = f"hypotheses.status.{idea.id}"
    at.radio(key=f"{prefix}.choice").set_value("planned")
    at.run()
    at.button(key=f"{prefix}.save").click().run()
    assert _hypothesis(engine, id=idea.id).status == "idea"
    assert any("Monetization already has 1 open bets" in w.value for w in at.warning)
    at.selectbox(key=f"{prefix}.stop_pick").set_value(running.id)
    at.text_input(key=f"{prefix}.stop_reason").input("Pricing first")
    at.run()
    at.button(key=f"{prefix}.stop_and_save").click().run()
    assert not at.exception
    assert _hypothesis(engine, id=idea.id).status == "planned"
    stopped = _hypothesis(engine, id=running.id)
    assert stopped.status == "stopped" and stopped.stop_reason == "Pricing first"


def test_segment_without_data_is_pointed_out(demo_app_db):
    engine = demo_app_db
    at = open_tab("new")
    at.text_input(key="hypotheses.form.what").input("Enterprise onboarding")
    at.selectbox(key="hypotheses.form.metric").set_value(_id(engine, Metric, name="Activation rate"))
    at.text_input(key="hypotheses.form.expected").input("+5pp")
    at.text_area(key="hypotheses.form.reason").input("Big teams need help")
    at.text_input(key="hypotheses.form.segment").input("Enterprise")
    at.run()
    assert not any("no data for the segment" in w.value for w in at.warning)
    assert any("for Enterprise because Big teams need help" in m.value for m in at.markdown)
    at.text_input(key="hypotheses.form.segment").input("Agencies")
    at.run()
    warning = [w.value for w in at.warning if "no data for the segment “Agencies”" in w.value]
    assert warning and "Enterprise, Pro, Starter" in warning[0]


def test_delete_needs_confirmation_and_removes_the_bet_and_its_links(demo_app_db):
    engine = demo_app_db
    hyp = _hypothesis(engine, statement="Dark mode will cut support tickets by 10 %")
    at = open_page(PAGE)
    at.query_params["hypothesis"] = str(hyp.id)
    at.run()
    prefix = f"hypotheses.delete.{hyp.id}"
    at.button(key=f"{prefix}.submit").click().run()
    assert any("confirmation" in e.value for e in at.error)
    assert _hypothesis(engine, id=hyp.id) is not None
    at.checkbox(key=f"{prefix}.confirm").check()
    at.button(key=f"{prefix}.submit").click().run()
    assert not at.exception
    assert _hypothesis(engine, id=hyp.id) is None
    with Session(engine) as s:
        assert s.exec(select(HypothesisOutput).where(HypothesisOutput.hypothesis_id == hyp.id)).all() == []
        assert s.exec(select(Learning)).all(), "learnings stay"
    assert "Deleted" in _texts(at)


def test_page_and_command_line_show_the_same_numbers(demo_app_db, capsys):
    import json

    from dashboard.cli import main
    from dashboard.services.hypotheses import format_change, format_interval

    assert main(["hypotheses", "--json"]) == 0
    report = {r["statement"]: r for r in json.loads(capsys.readouterr().out)}
    at = open_page(PAGE, lang="en")
    table = at.dataframe[0].value
    assert len(table) == len(report)
    with Session(demo_app_db) as s:
        units = {m.name: m.unit for m in s.exec(select(Metric))}
    for row in table.to_dict("records"):
        record = report[row["Hypothesis"]]
        unit = units[record["metric"]]
        assert row["Measured change"] == format_change(record["measured_change"], record["change_kind"], unit, "en")
        assert row["95 % interval"] == format_interval(record["ci_low"], record["ci_high"], record["change_kind"], unit,
                                                       "en")


def test_held_back_bet_says_which_check_and_what_the_verdict_would_have_been(demo_app_db):
    engine = demo_app_db
    hyp = _hypothesis(engine, statement="A guided onboarding checklist will raise activation by 4 pp")
    at = open_page(PAGE, lang="en")
    at.query_params["hypothesis"] = str(hyp.id)
    at.run()
    assert not at.exception
    held = [w.value for w in at.warning if w.value.startswith("Held back")]
    assert held and "nothing shipped" in held[0]
    text = _texts(at)
    assert "Without the checks the verdict would be" in text
    assert "Measured against a counterfactual" in text and "56 days before the release" in text
    at_de = open_page(PAGE, lang="de")
    at_de.query_params["hypothesis"] = str(hyp.id)
    at_de.run()
    assert any(w.value.startswith("Zurückgehalten") for w in at_de.warning)


def test_bets_table_shows_the_verdict_first_and_the_form_follows_the_team_filter(demo_app_db):
    at = open_page(PAGE)
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Verdict", "Hypothesis", "Expected change"]
    with Session(demo_app_db) as s:
        core = s.exec(select(Team).where(Team.name == "Core Product")).one().id
    at = open_tab("new")
    assert at.selectbox(key="hypotheses.form.team").value == -1  # the company, while all teams are shown
    at.selectbox(key="hypotheses.team").set_value(core).run()
    assert at.selectbox(key="hypotheses.form.team").value == core
