"""Outputs page through AppTest: filters, the unlinked panel, the add/edit form and the linking form."""

from __future__ import annotations

from datetime import date

from conftest import open_page
from sqlmodel import Session, select

from dashboard.models import HypothesisOutput, KeyResultOutput, Output, Team

PAGE = "pages/3_Outputs.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _tab(at, label: str):
    """Open a tab of the page (only the open tab runs)."""
    at.session_state["outputs.tab"] = label
    return at.run()


def test_page_renders_in_both_languages_with_unlinked_panel(demo_app_db):
    for lang, heading in (("en", "Shipped without a link to any outcome"),
                          ("de", "Ausgeliefert ohne Verknüpfung mit einer Wirkung")):
        at = open_page(PAGE, lang=lang)
        assert not at.exception and heading not in [s.value for s in at.subheader]  # the list tab is open
        at = _tab(at, "Shipped without outcome" if lang == "en" else "Ohne Wirkung ausgeliefert")
        assert not at.exception
        assert heading in [s.value for s in at.subheader]
        groups = [m.value for m in at.markdown if "Q4 2026" in m.value]
        assert groups, "one line per team for the newest quarter"
    assert any("von" in g and "%" in g for g in groups)
    # Each unlinked output links to this page with the output opened for linking.
    urls = [u for df in at.dataframe if "Verknüpfen" in df.value.columns for u in df.value["Verknüpfen"]]
    assert urls and all(u.startswith("Outputs?output=") and u.endswith("&lang=de") for u in urls)


def test_filters_narrow_the_table(demo_app_db):
    with Session(demo_app_db) as s:
        growth = s.exec(select(Team).where(Team.name == "Growth")).one()
        expected = len([o for o in s.exec(select(Output).where(Output.team_id == growth.id)) if o.shipped_on is None])
    at = open_page(PAGE)
    at.selectbox(key="outputs.filter.team").set_value(growth.id).run()
    at.selectbox(key="outputs.filter.shipped").set_value("no").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == expected and set(table["Team"]) == {"Growth"} and set(table["Shipped on"]) == {"—"}
    # The edit tab offers the outputs matching the filters.
    at = _tab(at, "Add or edit")
    assert len(at.selectbox(key="outputs.edit.select").options) == expected + 1
    at.text_input(key="outputs.filter.search").set_value("no such output at all").run()
    assert at.selectbox(key="outputs.edit.select").options == ["New output (add by hand)"]
    at = _tab(at, "All outputs")
    assert "No output matches these filters" in " ".join(i.value for i in at.info)


def test_add_output_by_hand_then_edit_it(empty_app_db):
    with Session(empty_app_db) as s:
        s.add(Team(name="Growth"))
        s.commit()
        team_id = s.exec(select(Team.id)).one()
    at = open_page(PAGE)
    prefix = "outputs.form.__new__"
    at.text_input(key=f"{prefix}.key").set_value("GRO-9")
    at.text_input(key=f"{prefix}.title").set_value("Guided setup")
    at.text_input(key=f"{prefix}.type").set_value("story")
    at.selectbox(key=f"{prefix}.team").set_value(team_id)
    at.date_input(key=f"{prefix}.shipped_on").set_value(date(2026, 11, 3))
    at.text_input(key=f"{prefix}.labels").set_value("onboarding, q4")
    _button(at, "Add output").click().run()
    assert not at.exception and not _errors(at)
    assert "Output GRO-9 added." in [s.value for s in at.success]
    with Session(empty_app_db) as s:
        out = s.exec(select(Output)).one()
    assert (out.key, out.title, out.type, out.team_id, out.shipped_on, out.labels) == (
        "GRO-9", "Guided setup", "story", team_id, date(2026, 11, 3), ["onboarding", "q4"])
    # The new output is selected for editing; change its title and clear the ship date.
    assert at.selectbox(key="outputs.edit.select").value == out.id
    at.text_input(key=f"outputs.form.{out.id}.title").set_value("Guided setup v2")
    at.date_input(key=f"outputs.form.{out.id}.shipped_on").set_value(None)
    _button(at, "Save changes").click().run()
    assert not at.exception and "Output GRO-9 saved." in [s.value for s in at.success]
    with Session(empty_app_db) as s:
        out = s.exec(select(Output)).one()
    assert (out.title, out.shipped_on) == ("Guided setup v2", None)


def test_half_empty_form_and_duplicate_key_store_nothing(demo_app_db):
    with Session(demo_app_db) as s:
        before = len(s.exec(select(Output)).all())
        existing = s.exec(select(Output.key)).first()
    at = _tab(open_page(PAGE, lang="de"), "Anlegen oder bearbeiten")
    prefix = "outputs.form.__new__"
    at.text_input(key=f"{prefix}.key").set_value("NEU-1")
    _button(at, "Output anlegen").click().run()
    assert "Titel: Dieses Feld ist ein Pflichtfeld." in _errors(at)
    # What was typed stays in the form.
    assert at.text_input(key=f"{prefix}.key").value == "NEU-1"
    at.text_input(key=f"{prefix}.key").set_value(existing)
    at.text_input(key=f"{prefix}.title").set_value("Doppelt")
    _button(at, "Output anlegen").click().run()
    assert any(f"„{existing}“ existiert bereits" in e for e in _errors(at))
    with Session(demo_app_db) as s:
        assert len(s.exec(select(Output)).all()) == before


def test_link_form_links_and_unlinks(demo_app_db):
    with Session(demo_app_db) as s:
        linked = set(s.exec(select(HypothesisOutput.output_id))) | set(s.exec(select(KeyResultOutput.output_id)))
        out = next(o for o in s.exec(select(Output).order_by(Output.key)) if o.id not in linked and o.shipped_on)
        hyp_id = s.exec(select(HypothesisOutput.hypothesis_id)).first()
        kr_id = s.exec(select(KeyResultOutput.key_result_id)).first()
    at = _tab(open_page(PAGE), "Add or edit")
    at.selectbox(key="outputs.edit.select").set_value(out.id).run()
    prefix = f"outputs.links.{out.id}"
    at.multiselect(key=f"{prefix}.hypotheses").set_value([hyp_id])
    at.multiselect(key=f"{prefix}.key_results").set_value([kr_id])
    _button(at, "Save links").click().run()
    assert not at.exception
    assert f"{out.key} is now linked to 1 hypothesis and 1 key result." in [m.value for m in at.success]
    with Session(demo_app_db) as s:
        assert s.get(HypothesisOutput, (hyp_id, out.id)) is not None
        assert s.get(KeyResultOutput, (kr_id, out.id)) is not None
    # Unlink the hypothesis, keep the key result.
    at.multiselect(key=f"{prefix}.hypotheses").set_value([])
    _button(at, "Save links").click().run()
    with Session(demo_app_db) as s:
        assert s.get(HypothesisOutput, (hyp_id, out.id)) is None
        assert s.get(KeyResultOutput, (kr_id, out.id)) is not None


def test_unknown_output_in_address_is_named(demo_app_db):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.query_params["output"] = "NOPE-404"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("NOPE-404" in w.value for w in at.warning)


def test_known_output_in_address_opens_it_for_editing(demo_app_db):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    with Session(demo_app_db) as s:
        out = s.exec(select(Output).order_by(Output.key)).first()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.query_params["output"] = out.key
    at.switch_page(PAGE).run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="outputs.edit.select").value == out.id
    assert at.text_input(key=f"outputs.form.{out.id}.title").value == out.title


def test_delete_needs_confirmation(demo_app_db):
    with Session(demo_app_db) as s:
        out = next(o for o in s.exec(select(Output).order_by(Output.key)))
        before = len(s.exec(select(Output)).all())
    at = _tab(open_page(PAGE), "Add or edit")
    at.selectbox(key="outputs.edit.select").set_value(out.id).run()
    assert at.button(key=f"outputs.delete.{out.id}.button").disabled
    at.checkbox(key=f"outputs.delete.{out.id}.confirm").check().run()
    at.button(key=f"outputs.delete.{out.id}.button").click().run()
    assert not at.exception and f"Output {out.key} deleted." in [m.value for m in at.success]
    with Session(demo_app_db) as s:
        assert s.get(Output, out.id) is None and len(s.exec(select(Output)).all()) == before - 1
        assert s.exec(select(HypothesisOutput).where(HypothesisOutput.output_id == out.id)).all() == []
