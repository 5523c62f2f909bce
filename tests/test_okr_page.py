"""The Objectives page driven through AppTest: create, edit, key results, check-in, close, carry-over, bad input."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import open_page
from sqlmodel import Session, select

from dashboard.models import CheckIn, KeyResult, Objective

PAGE = "pages/1_Objectives.py"


def submit(at, form: str):
    """Click the submit button of the form with key `form` and rerun."""
    buttons = [b for b in at.button if b.proto.form_id == form]
    assert buttons, f"no submit button for form {form!r}"
    return buttons[0].click().run()


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def objectives(engine, **where) -> list[Objective]:
    with Session(engine) as s:
        stmt = select(Objective)
        for name, value in where.items():
            stmt = stmt.where(getattr(Objective, name) == value)
        return list(s.exec(stmt).all())


def open_objective(objective_id: int, lang: str = "en"):
    at = open_page(PAGE, lang=lang)
    at.query_params["objective"] = str(objective_id)
    return at.run()


def test_list_shows_quarter_with_figures(demo_app_db):
    at = open_page(PAGE)
    assert not at.exception
    assert at.tabs[0].label == "Objectives"
    frames = at.dataframe
    assert len(frames) == 1  # one table for the quarter: a row per key result, not a table per objective
    assert frames[0].value["Objective"].nunique() >= 4
    headers = list(frames[0].value.columns)
    for header in ("Objective", "Progress", "Score · zone", "Target (stretch)", "Status", "Confidence", "Projected"):
        assert header in headers


def test_create_objective_refuses_bad_input_and_keeps_it(demo_app_db):
    before = len(objectives(demo_app_db))
    at = open_page(PAGE)
    at.text_input(key="objectives.form.title").set_value("   ")
    at.selectbox(key="objectives.form.period").set_value("2027-Q1")
    at.text_input(key="objectives.form.owner").set_value("Mara")
    submit(at, "objectives.form")
    shown = errors(at)
    assert any("Title" in e and "Enter a title" in e for e in shown)
    assert at.selectbox(key="objectives.form.period").value == "2027-Q1"
    assert at.text_input(key="objectives.form.owner").value == "Mara"
    assert len(objectives(demo_app_db)) == before

    at.text_input(key="objectives.form.title").set_value("Win the mid-market")
    submit(at, "objectives.form")
    assert not errors(at)
    created = objectives(demo_app_db, title="Win the mid-market")
    assert len(created) == 1 and created[0].period == "2027-Q1" and created[0].owner == "Mara"
    assert created[0].created_by == "local user"
    # after saving, the page opens the new objective
    assert at.query_params["objective"] == [str(created[0].id)] or at.query_params["objective"] == str(created[0].id)
    assert any("Win the mid-market" in s.value for s in at.subheader)


def test_create_in_german_shows_german_errors(demo_app_db):
    at = open_page(PAGE, lang="de")
    # quarters are picked, never typed, and shown as people write them
    period = at.selectbox(key="objectives.form.period")
    assert "Q4 2026" in period.options and "2026-Q4" not in period.options
    submit(at, "objectives.form")
    shown = errors(at)
    assert any("Geben Sie einen Titel ein." in e for e in shown)


def test_unknown_objective_id_in_address(demo_app_db):
    for raw in ("99999", "abc"):
        at = open_page(PAGE)
        at.query_params["objective"] = raw
        at.run()
        assert not at.exception
        assert any(raw in e and "no objective" in e for e in errors(at))


def test_edit_objective_and_align(demo_app_db):
    target = objectives(demo_app_db, title="Turn more signups into active accounts")[0]
    parent = objectives(demo_app_db, title="Make weekly active accounts the number everyone moves")[0]
    at = open_objective(target.id)
    prefix = f"objectives.edit.{target.id}"
    at.text_input(key=f"{prefix}.title").set_value("")
    submit(at, prefix)
    assert any("Enter a title" in e for e in errors(at))
    assert objectives(demo_app_db, id=target.id)[0].title == target.title

    at.text_input(key=f"{prefix}.title").set_value("Turn more signups into weekly active accounts")
    at.text_input(key=f"{prefix}.owner").set_value("Mara Schulz-Ahmadi")
    at.multiselect(key=f"{prefix}.parents").set_value([parent.id])
    submit(at, prefix)
    assert not errors(at)
    row = objectives(demo_app_db, id=target.id)[0]
    assert row.title == "Turn more signups into weekly active accounts" and row.owner == "Mara Schulz-Ahmadi"
    assert any("Changes saved" in s.value for s in at.success)


def test_key_result_add_with_bad_input_then_edit(demo_app_db):
    obj = objectives(demo_app_db, title="Teams use reports every week")[0]
    at = open_objective(obj.id)
    prefix = f"objectives.kr.{obj.id}.new"
    at.text_input(key=f"{prefix}.title").set_value("Weekly report viewers to 900")
    at.text_input(key=f"{prefix}.baseline").set_value("700")
    at.text_input(key=f"{prefix}.target").set_value("700")
    submit(at, prefix)
    assert any("Target" in e and "differ from the baseline" in e for e in errors(at))
    at.text_input(key=f"{prefix}.target").set_value("1,200.5")
    at.text_input(key=f"{prefix}.stretch").set_value("1000")
    submit(at, prefix)
    assert any("beyond the target" in e for e in errors(at))
    assert at.text_input(key=f"{prefix}.target").value == "1,200.5"
    at.text_input(key=f"{prefix}.stretch").set_value("")
    submit(at, prefix)
    assert not errors(at)
    with Session(demo_app_db) as s:
        kr = s.exec(select(KeyResult).where(KeyResult.title == "Weekly report viewers to 900")).one()
    assert (kr.baseline, kr.target, kr.stretch, kr.metric_id) == (700, 1200.5, None, None)
    # written down today: new, neither rated nor stale until its first check-in or a week has passed
    assert not any("No value or check-in yet" in w.value for w in at.warning)
    assert any(m.value.startswith("**new**") for m in at.markdown)

    # edit it: pick it in the edit form and give it a stretch
    at.selectbox(key=f"objectives.kr_pick.{obj.id}").set_value(kr.id).run()
    at.text_input(key=f"objectives.kr.{kr.id}.stretch").set_value("1500")
    submit(at, f"objectives.kr.{kr.id}")
    assert not errors(at)
    with Session(demo_app_db) as s:
        assert s.get(KeyResult, kr.id).stretch == 1500


def test_key_result_direction_must_match_metric(demo_app_db):
    obj = objectives(demo_app_db, title="Teams use reports every week")[0]
    with Session(demo_app_db) as s:
        from dashboard.models import Metric

        ttfv = s.exec(select(Metric).where(Metric.name == "Time to first value")).one()
    at = open_objective(obj.id)
    prefix = f"objectives.kr.{obj.id}.new"
    at.text_input(key=f"{prefix}.title").set_value("TTFV up?")
    at.selectbox(key=f"{prefix}.metric").set_value(ttfv.id)
    at.text_input(key=f"{prefix}.baseline").set_value("20")
    at.text_input(key=f"{prefix}.target").set_value("25")
    submit(at, prefix)
    assert any("Lower is better" in e for e in errors(at))
    with Session(demo_app_db) as s:
        assert s.exec(select(KeyResult).where(KeyResult.title == "TTFV up?")).first() is None
    # "Keep it under 25": asked for on purpose, the key result is saved as typed.
    at.checkbox(key=f"{prefix}.keep_direction").check()
    submit(at, prefix)
    assert not errors(at)
    with Session(demo_app_db) as s:
        kept = s.exec(select(KeyResult).where(KeyResult.title == "TTFV up?")).one()
        assert (kept.baseline, kept.target, kept.metric_id) == (20, 25, ttfv.id)


def test_check_in_refuses_confidence_11_then_saves(demo_app_db):
    obj = objectives(demo_app_db, title="Turn more signups into active accounts")[0]
    with Session(demo_app_db) as s:
        kr = s.exec(select(KeyResult).where(KeyResult.objective_id == obj.id, KeyResult.metric_id.is_(None))).one()
        before = len(s.exec(select(CheckIn).where(CheckIn.key_result_id == kr.id)).all())
    at = open_objective(obj.id)
    assert len(at.get("vega_lite_chart")) == 3  # one chart per key result
    prefix = f"objectives.checkin.{kr.id}"
    at.text_input(key=f"{prefix}.value").set_value("120")
    at.number_input(key=f"{prefix}.confidence").set_value(11)
    at.text_area(key=f"{prefix}.comment").set_value("Referral launch went well.")
    submit(at, prefix)
    assert any("0 to 10" in e for e in errors(at))
    assert at.text_area(key=f"{prefix}.comment").value == "Referral launch went well."
    at.number_input(key=f"{prefix}.confidence").set_value(8)
    submit(at, prefix)
    assert not errors(at)
    with Session(demo_app_db) as s:
        rows = s.exec(select(CheckIn).where(CheckIn.key_result_id == kr.id).order_by(CheckIn.id)).all()
    assert len(rows) == before + 1  # added, nothing overwritten
    assert (rows[-1].value, rows[-1].confidence, rows[-1].comment, rows[-1].date) == (
        120, 8, "Referral launch went well.", date.today()
    )


def test_close_objective_needs_note(demo_app_db):
    obj = objectives(demo_app_db, title="Grow revenue from existing customers")[0]
    at = open_objective(obj.id)
    prefix = f"objectives.close.{obj.id}"
    at.radio(key=f"{prefix}.status").set_value("dropped")
    submit(at, prefix)
    assert any("Closing note" in e for e in errors(at))
    assert objectives(demo_app_db, id=obj.id)[0].status.value == "active"
    at.text_area(key=f"{prefix}.note").set_value("Priorities moved to retention.")
    submit(at, prefix)
    row = objectives(demo_app_db, id=obj.id)[0]
    assert row.status.value == "dropped" and row.closing_note == "Priorities moved to retention."


def test_delete_objective_needs_confirmation(demo_app_db):
    obj = objectives(demo_app_db, title="Teams use reports every week")[0]
    at = open_objective(obj.id)
    prefix = f"objectives.delete.{obj.id}"
    submit(at, prefix)
    assert objectives(demo_app_db, id=obj.id)
    at.checkbox(key=f"{prefix}.confirm").check()
    submit(at, prefix)
    assert not objectives(demo_app_db, id=obj.id)
    assert any("deleted" in s.value for s in at.success)


@pytest.mark.parametrize("lang", ["en"])
def test_carry_over_to_next_quarter(demo_app_db, lang):
    open_q4 = objectives(demo_app_db, period="2026-Q4")
    at = open_page(PAGE, lang=lang)
    pick = at.multiselect(key="objectives.carry.2026-Q4.pick")
    assert pick.value == []  # nothing is carried over unless someone picks it
    submit(at, "objectives.carry.2026-Q4")
    assert objectives(demo_app_db, period="2027-Q1") == []
    at.multiselect(key="objectives.carry.2026-Q4.pick").set_value(
        [int(o.id) for o in open_q4 if o.status.value in ("active", "draft")])
    submit(at, "objectives.carry.2026-Q4")
    copies = objectives(demo_app_db, period="2027-Q1")
    assert sorted(o.title for o in copies) == sorted(o.title for o in open_q4 if o.status.value in ("active", "draft"))
    assert all(c.carried_from_id for c in copies)
    assert len(objectives(demo_app_db, period="2026-Q4")) == len(open_q4)  # originals stay
    with Session(demo_app_db) as s:
        for copy in copies:
            old = s.exec(select(KeyResult).where(KeyResult.objective_id == copy.carried_from_id)).all()
            new = s.exec(select(KeyResult).where(KeyResult.objective_id == copy.id)).all()
            fields = ("title", "metric_id", "baseline", "target", "stretch", "unit")
            assert sorted(tuple(getattr(k, f) for f in fields) for k in old) == sorted(
                tuple(getattr(k, f) for f in fields) for k in new
            )
    assert any("carried over" in s.value for s in at.success)


def test_first_objective_in_an_empty_workspace(empty_app_db):
    at = open_page(PAGE, lang="de")
    assert not at.exception
    assert any("Noch keine Ziele" in i.value for i in at.info)
    at.text_input(key="objectives.form.title").set_value("Erste Kunden gewinnen")
    submit(at, "objectives.form")
    obj = objectives(empty_app_db, title="Erste Kunden gewinnen")[0]
    assert obj.team_id is None  # the company as a whole
    prefix = f"objectives.kr.{obj.id}.new"
    at.text_input(key=f"{prefix}.title").set_value("Zahlende Kunden")
    at.text_input(key=f"{prefix}.baseline").set_value("0")
    at.text_input(key=f"{prefix}.target").set_value("1.500")  # German thousands separator
    at.text_input(key=f"{prefix}.unit").set_value("Kunden")
    submit(at, prefix)
    assert not errors(at)
    with Session(empty_app_db) as s:
        kr = s.exec(select(KeyResult).where(KeyResult.objective_id == obj.id)).one()
    assert (kr.baseline, kr.target, kr.unit) == (0, 1500, "Kunden")
    # a key result written down today: no progress, no status yet, and not stale on its first day
    table = at.dataframe[0].value
    assert table["Status"].iloc[0] == "neu"
    assert pd.isna(table["Fortschritt"].iloc[0])


def test_alignment_tree_under_the_north_star(demo_app_db):
    at = open_page(PAGE)
    tree = "\n".join(m.value for m in at.tabs[1].markdown)
    lines = tree.splitlines()
    assert lines[0].startswith("- :material/star: **North Star: Weekly active accounts**")
    company = next(i for i, line in enumerate(lines) if "Make weekly active accounts" in line)
    assert lines[company].startswith("    - ")
    children = [line for line in lines[company + 1:] if line.startswith("        - ")]
    assert len(children) == 3  # the three team objectives of Q4 sit under the company objective


def test_delete_key_result(demo_app_db):
    obj = objectives(demo_app_db, title="Teams use reports every week")[0]
    with Session(demo_app_db) as s:
        krs = s.exec(select(KeyResult).where(KeyResult.objective_id == obj.id).order_by(KeyResult.id)).all()
    at = open_objective(obj.id)
    victim = krs[-1]
    at.selectbox(key=f"objectives.kr_pick.{obj.id}").set_value(victim.id).run()
    at.checkbox(key=f"objectives.kr.{victim.id}.delete").check()
    submit(at, f"objectives.kr.{victim.id}")
    assert not at.exception
    with Session(demo_app_db) as s:
        left = s.exec(select(KeyResult).where(KeyResult.objective_id == obj.id)).all()
        assert [k.id for k in left] == [k.id for k in krs[:-1]]
        assert s.exec(select(CheckIn).where(CheckIn.key_result_id == victim.id)).all() == []
    assert len(at.get("vega_lite_chart")) == len(krs) - 1


def test_editing_a_closed_objective_keeps_its_closing_note(demo_app_db):
    obj = objectives(demo_app_db, title="Dashboards feel instant")[0]
    assert obj.closing_note
    at = open_objective(obj.id)
    prefix = f"objectives.edit.{obj.id}"
    at.text_input(key=f"{prefix}.owner").set_value("Jonas Weber-Lang")
    submit(at, prefix)
    row = objectives(demo_app_db, id=obj.id)[0]
    assert row.owner == "Jonas Weber-Lang" and row.closing_note == obj.closing_note and row.status == obj.status


def test_key_result_table_puts_status_first_with_a_progress_bar(demo_app_db):
    at = open_page(PAGE)
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["Status", "Objective", "Key result", "Progress"]
    # progress is a number of percent (drawn as a bar), scores are percentages like everything else
    assert table["Progress"].dtype.kind in "if"
    assert table["Score · zone"].iloc[0].split(" ")[0].endswith("%")


def test_new_objective_form_follows_the_team_filter(demo_app_db):
    at = open_page(PAGE)
    assert at.selectbox(key="objectives.form.team").value == "__company__"
    at.selectbox(key="objectives.team").set_value(_team_id(demo_app_db, "Growth")).run()
    assert at.selectbox(key="objectives.form.team").value == _team_id(demo_app_db, "Growth")
    assert at.selectbox(key="objectives.form.period").value == at.selectbox(key="objectives.period").value


def test_objective_is_created_with_its_first_key_result(demo_app_db):
    at = open_page(PAGE)
    at.text_input(key="objectives.form.title").set_value("Make invoicing effortless")
    at.text_input(key="objectives.form.kr_title").set_value("Invoices paid on time to 90 %")
    at.text_input(key="objectives.form.kr_baseline").set_value("72")
    at.text_input(key="objectives.form.kr_target").set_value("90")
    at.text_input(key="objectives.form.kr_unit").set_value("%")
    submit(at, "objectives.form")
    assert not errors(at)
    obj = objectives(demo_app_db, title="Make invoicing effortless")[0]
    with Session(demo_app_db) as s:
        krs = s.exec(select(KeyResult).where(KeyResult.objective_id == obj.id)).all()
    assert [(k.title, k.baseline, k.target, k.unit) for k in krs] == [("Invoices paid on time to 90 %", 72, 90, "%")]


def _team_id(engine, name):
    from dashboard.models import Team

    with Session(engine) as s:
        return s.exec(select(Team).where(Team.name == name)).one().id
