"""User text shown through Markdown reads as itself; downloads never hand a spreadsheet a formula."""

from __future__ import annotations

import ast
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import shown

from dashboard.exports.cells import looks_like_formula, neutralise_cell, neutralise_frame
from dashboard.i18n import escape_md, md, t, use_language

ROOT = Path(__file__).resolve().parent.parent
NASTY = [
    "x\n\n# :red[Session expired]\n\n[**Sign in again**](http://evil/phish)",
    "![x](http://evil/img.png) **bold** :red[red] $x^2$",
    ":material/star: :material_star: :smile: :streamlit: :+1:",
    "visit http://evil/phish, https://evil.com/x, www.evil.com/a or me@evil.com",
    "<b>html</b> <http://evil> &amp; &#58;",
    "- item", "+ item", "* item", "1. one", "2) two", "# head", "> quote", "===", "---", "    code",
    "a | b | c", "~~strike~~ ~one~", "`code` ``x``", "_under_ __dbl__ snake_case", "$$\\int$$ 5$ and 6$",
    "[ref]: http://evil", "[^1] foot", "back\\slash \\*", "line\r\nbreak\rcr",
    "{curly} :blue-background[x]", "Self-serve (7 days) #1 priority!", "1.234,5 € 24.11.2026",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_reads_as_the_original(text):
    # Backslash escapes are resolved and the zero-width breaks are invisible: the reader sees the text
    # itself, on one line (the browser test checks the same against Streamlit's own renderer).
    assert shown(escape_md(text)) == " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).lstrip()


@pytest.mark.parametrize(("text", "escaped"), [
    ("[**Sign in**](http://evil/phish)", "\\[\\*\\*Sign in\\*\\*\\]\\(http\\:\u200b//evil/phish\\)"),
    ("![x](http://e/i.png)", "\\!\\[x\\]\\(http\\:\u200b//e/i.png\\)"),
    (":red[red]", "\\:\u200bred\\[red\\]"),
    (":material/star:", "\\:\u200bmaterial/star\\:"),
    ("$x^2$", "\\$x^2\\$"),
    ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("# head", "\\# head"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("12. item", "12\\. item"),
    ("a | b", "a \\| b"),
    ("~~x~~", "\\~\\~x\\~\\~"),
    ("`x`", "\\`x\\`"),
    ("snake_case", "snake\\_case"),
    ("www.evil.com", "www\u200b.evil.com"),
    ("me@evil.com", "me\\@\u200bevil.com"),
    ("a\n\nb", "a  b"),
    ("Plain title, 25 % more", "Plain title, 25 % more"),
    (None, ""),
])
def test_escapes(text, escaped):
    assert escape_md(text) == escaped


def test_escaped_lines_stay_lines_each_escaped():
    assert escape_md("first\n- second\n    # third", lines=True) == "first  \n\\- second  \n\\# third"


def test_md_escapes_the_values_and_keeps_the_message():
    payload = "x\n\n# :red[Session expired]\n\n[**Sign in again**](http://evil/phish)"
    with use_language("en"):
        text = md("outputs.query.unknown", output_key=payload)
        assert text == t("outputs.query.unknown", output_key=escape_md(payload))
    assert "[**Sign in again**](http" not in text and "\n" not in text
    assert md("hypotheses.form.intro") == t("hypotheses.form.intro")  # the catalogue's own markup stays


# ---------------------------------------------------------------------------------------------
# Every place that renders Markdown escapes what it interpolates (a static check over the UI code)

MARKDOWN_CALLS = {
    "markdown", "caption", "write", "info", "warning", "error", "success", "toast", "title", "header", "subheader",
    "expander", "popover", "tabs", "button", "form_submit_button", "download_button", "link_button", "page_link",
    "checkbox", "toggle", "radio", "metric", "badge", "progress", "status",
}
TEXT_KEYWORDS = {"body", "label", "help", "text", "value", "caption"}
SAFE_CALLS = {"md", "escape_md", "fmt_number", "fmt_percent", "fmt_date", "fmt_datetime", "fmt_period", "len", "int"}


def _ui_files(root: Path = ROOT) -> list[Path]:
    return [root / "streamlit_app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "dashboard" / "ui").glob("*.py"))]


def _unsafe(node: ast.AST) -> list[ast.AST]:
    """Parts of a text argument that put stored or typed text into Markdown unescaped."""
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "t":
            return [node] if node.keywords else []  # values interpolated: must be md()
        if name in SAFE_CALLS or name == "join" and isinstance(node.func, ast.Attribute):
            return [] if name != "join" else [p for a in node.args for p in _unsafe(a)]
        return []  # other helpers are checked where they are defined
    if isinstance(node, ast.Subscript):
        key = node.slice
        return [node] if isinstance(key, ast.Constant) and isinstance(key.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return [p for v in node.values if isinstance(v, ast.FormattedValue) for p in _unsafe(v.value)]
    if isinstance(node, ast.BinOp):
        return _unsafe(node.left) + _unsafe(node.right)
    if isinstance(node, ast.IfExp):
        return _unsafe(node.body) + _unsafe(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [p for v in node.values for p in _unsafe(v)]
    if isinstance(node, ast.List | ast.Tuple):
        return [p for v in node.elts for p in _unsafe(v)]
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return _unsafe(node.elt)
    return []


def markdown_offenders(root: Path = ROOT) -> list[str]:
    """Text arguments of Markdown-rendering calls that interpolate unescaped text, as `file:line: code`."""
    offenders = []
    for path in _ui_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in MARKDOWN_CALLS):
                continue
            texts = call.args[:2] if call.func.attr == "metric" else call.args[:1]
            texts = [*texts, *(k.value for k in call.keywords if k.arg in TEXT_KEYWORDS)]
            for text in texts:
                offenders += [f"{path.relative_to(root)}:{bad.lineno}: {ast.unparse(bad)}" for bad in _unsafe(text)]
    return offenders


def flash_offenders(root: Path = ROOT) -> list[str]:
    """Notes left for the next run (shown with st.success) that were built with t() and values."""
    offenders = []
    for path in _ui_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            value = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "flash" and node.args:
                value = node.args[0]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Subscript) and "FLASH" in ast.unparse(target.slice) for target in node.targets
            ):
                value = node.value
            if value is not None:
                offenders += [f"{path.relative_to(root)}:{bad.lineno}: {ast.unparse(bad)}" for bad in _unsafe(value)]
    return offenders


def test_markdown_rendering_calls_escape_what_they_interpolate():
    assert markdown_offenders() == []


def test_flash_messages_are_escaped_where_they_are_made():
    assert flash_offenders() == []


# ---------------------------------------------------------------------------------------------
# Formula-like cells


@pytest.mark.parametrize("value", [
    "=HYPERLINK(\"http://evil\";\"open\")", "+1+1", "@SUM(A1)", "-1+cmd|' /C calc'!A0", "=1", "\tx", "\r=1", "- item",
])
def test_formula_like_text_gets_a_quote(value):
    assert looks_like_formula(value)
    assert neutralise_cell(value) == "'" + value
    assert not looks_like_formula(neutralise_cell(value))  # neutralising twice changes nothing more


@pytest.mark.parametrize("value", [
    "-5", "+15%", "-2.5 pp", "+300 €", "+2.8 … +7.2 pp", "−3 %", "Plain title", "", -5, -2.5, 3, None, date(2026, 1, 1),
])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert not looks_like_formula(value)
    assert neutralise_cell(value) is value


def test_frames_are_neutralised_in_text_columns_only():
    frame = pd.DataFrame({"title": ["=HYPERLINK(\"http://evil\")", "fine", "@SUM(A1)"], "value": [-5, 2, 3],
                          "=1+1": ["+1+1", "-4", None]})
    out = neutralise_frame(frame)
    assert out["title"].tolist() == ["'=HYPERLINK(\"http://evil\")", "fine", "'@SUM(A1)"]
    assert out["value"].tolist() == [-5, 2, 3] and out["value"].dtype == frame["value"].dtype
    assert list(out.columns) == ["title", "value", "'=1+1"]
    assert out["'=1+1"].tolist()[:2] == ["'+1+1", "-4"]
    assert frame["title"][0].startswith("=")  # the caller's frame is left alone
    csv = out.to_csv(index=False)
    assert all(not line.split(",")[0].startswith(("=", "+", "@")) for line in csv.splitlines())


def test_every_table_goes_through_show_table():
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _ui_files() if path.name != "components.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"dataframe", "data_editor", "table"}
    ]
    assert offenders == []


def test_table_toolbar_download_gets_neutralised_cells(monkeypatch):
    import streamlit as st

    from dashboard.ui import components

    seen = []
    monkeypatch.setattr(st, "dataframe", lambda data, **kwargs: seen.append(data))
    components.show_table([{"Title": "=HYPERLINK(\"http://evil\")", "Change": "+15%"}], hide_index=True)
    styled = pd.DataFrame({"Title": ["@SUM(A1)"]}).style.apply(lambda col: ["color: red"] * len(col))
    components.show_table(styled)
    assert seen[0]["Title"].tolist() == ["'=HYPERLINK(\"http://evil\")"] and seen[0]["Change"].tolist() == ["+15%"]
    assert seen[1].data["Title"].tolist() == ["'@SUM(A1)"]


def test_okr_workbook_keeps_formula_like_text_as_quoted_text(demo_app_db):
    from openpyxl import load_workbook
    from sqlmodel import Session

    from dashboard.exports.okrs import okr_workbook
    from dashboard.models import ObjectiveCreate
    from dashboard.repository.okrs import create_objective

    text = "=HYPERLINK(\"http://evil\",\"open\")"
    with Session(demo_app_db) as s:
        create_objective(session=s, data=ObjectiveCreate(title=text, period="2026-Q4", owner="@SUM(A1)"), user="t")
        s.commit()
        data = okr_workbook(session=s, today=date(2026, 11, 24), period="2026-Q4")
    sheet = load_workbook(io.BytesIO(data))["Objectives"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value in (text, "@SUM(A1)")]
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)
