"""Stored titles full of Markdown are shown escaped on every page (AppTest against the demo workspace)."""

from __future__ import annotations

import pytest
from conftest import open_page
from sqlalchemy import text

from dashboard.i18n import escape_md

PAYLOAD = "![x](http://evil/img.png) **bold** :red[red] $x^2$"
ESCAPED = escape_md(PAYLOAD)
UNIT = "[u](http://evil/u)"
# What must never reach a Markdown element as it is: the image, the bold text, the colour, the formula.
RAW = ("![x](http", "**bold**", ":red[red]", "$x^2$", "[u](http")

STORED = [
    "UPDATE team SET name = name || ' ' || :p",
    "UPDATE metric SET name = name || ' ' || :p",
    "UPDATE metric SET unit = :u WHERE kind = 'north_star'",
    "UPDATE objective SET title = title || ' ' || :p, description = :p, closing_note = :p",
    "UPDATE key_result SET title = title || ' ' || :p",
    "UPDATE check_in SET comment = :p",
    "UPDATE hypothesis SET statement = statement || ' ' || :p, reason = :p, stop_reason = :p, segment = :p",
    "UPDATE learning SET title = title || ' ' || :p, believed = :p",
    "UPDATE output SET title = title || ' ' || :p, key = key || ' ' || :p",
]


@pytest.fixture
def marked_app_db(demo_app_db):
    """The demo workspace with Markdown appended to every title and name."""
    with demo_app_db.begin() as conn:
        for statement in STORED:
            conn.execute(text(statement), {"p": PAYLOAD, "u": UNIT})
    return demo_app_db


def shown_as_markdown(at) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "toast"):
        texts += [el.value for el in getattr(at, kind)]
    texts += [el.label for el in at.expander] + [el.label for el in at.tabs] + [el.label for el in at.button]
    texts += [el.label for el in at.metric] + [el.proto.body for el in at.metric]  # badges are Markdown elements
    texts += [el.proto.popover.label for el in at.get("popover")] + [el.proto.help for el in at.metric]
    return [str(t) for t in texts]


def check(at) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    texts = shown_as_markdown(at)
    leaks = [t for t in texts if any(raw in t for raw in RAW)]
    assert leaks == []
    return texts


def open_with(page: str, lang: str = "en", **params: str):
    """Open `page` with query parameters present from its first run (as a shared link does)."""
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _first_id(engine, table: str, where: str = "1=1") -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1")).scalar_one()


@pytest.mark.parametrize("page", ["streamlit_app.py", "pages/5_Review.py", "pages/6_Settings.py"])
def test_north_star_name_and_unit_are_escaped(marked_app_db, page):
    texts = check(open_page(page, "en"))
    assert any(ESCAPED in t for t in texts)


def test_overview_metric_value_keeps_the_unit_as_text(marked_app_db):
    texts = check(open_page("streamlit_app.py", "en"))
    assert any(escape_md(UNIT) in t for t in texts)


def test_objectives_list_and_detail(marked_app_db):
    listed = open_page("pages/1_Objectives.py", "en")
    check(listed)
    titles = listed.dataframe[0].value["Objective"]
    assert any(title.endswith(PAYLOAD) for title in titles)  # a table cell shows the text as it is
    objective = _first_id(marked_app_db, "objective")
    at = open_page("pages/1_Objectives.py", "en")
    at.query_params["objective"] = str(objective)
    at.run()
    texts = check(at)
    assert any(t.endswith(ESCAPED) for t in texts)  # title, description, closing note
    assert sum(ESCAPED in t for t in texts) >= 3


def test_hypotheses_detail_and_learnings(marked_app_db):
    at = open_page("pages/2_Hypotheses.py", "en")
    texts = check(at)
    assert any(t.startswith("#### ") and ESCAPED in t for t in texts)  # the statement
    at.session_state["hypotheses.tab"] = "Learnings"
    at.run()
    assert any(t.startswith("#### ") and ESCAPED in t for t in check(at))  # the chosen learning
    assert any(ESCAPED in m.label for m in at.metric)  # open bets per team


def test_outputs_unlinked_panel_and_editor(marked_app_db):
    with marked_app_db.connect() as conn:
        key = conn.execute(text("SELECT key FROM output ORDER BY id LIMIT 1")).scalar_one()
    at = open_with("pages/3_Outputs.py", output=key)
    texts = check(at)
    assert any(t.startswith("#### ") and ESCAPED in t for t in texts)  # editing the output named by its key
    assert any(ESCAPED in label for label in (e.label for e in at.expander))  # delete <key>
    at.session_state["outputs.tab"] = "Shipped without outcome"  # only the open tab runs
    at.run()
    assert any(t.startswith("**") and ESCAPED in t for t in check(at))  # unlinked outputs of <team>


def test_unknown_output_from_the_address_is_plain_text(demo_app_db):
    link = "x\n\n# :red[Session expired]\n\n[**Sign in again**](http://evil/phish)"
    at = open_with("pages/3_Outputs.py", output=link)
    assert not at.exception
    warning = next(w.value for w in at.warning if "Sign in again" in w.value)
    assert escape_md(link) in warning
    assert "[**Sign in again**](http" not in warning and "\n" not in warning


def test_unknown_ids_from_the_address_are_plain_text(demo_app_db):
    at = open_page("pages/1_Objectives.py", "en")
    at.query_params["objective"] = PAYLOAD
    at.run()
    assert any(ESCAPED in e.value for e in at.error) and not any(raw in e.value for e in at.error for raw in RAW)
    at = open_page("pages/2_Hypotheses.py", "en")
    at.query_params["hypothesis"] = PAYLOAD
    at.run()
    assert any(ESCAPED in e.value for e in at.error) and not any(raw in e.value for e in at.error for raw in RAW)


def test_data_page_file_names_and_metrics(marked_app_db):
    at = open_page("pages/4_Data.py", "en")
    check(at)
    name = f"{PAYLOAD}.csv"
    at.file_uploader(key="data.upload.files").set_value([(name, b"date,metric,value\n2026-11-20,Visits,5\n",
                                                         "text/csv")]).run()
    texts = check(at)
    assert any(t == f"#### {escape_md(name)}" for t in texts)
    assert any(escape_md(name) in b.label for b in at.button)  # Import <file>


def test_german_pages_escape_too(marked_app_db):
    for page in ("streamlit_app.py", "pages/1_Objectives.py", "pages/2_Hypotheses.py", "pages/6_Settings.py"):
        assert any(ESCAPED in t for t in check(open_page(page, "de")))
