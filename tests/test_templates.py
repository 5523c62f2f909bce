"""Template workbooks and the kinds of sheet: one declaration per kind, read by the files, the Data page
and the command line; key-result rules on import say what is wrong where."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from dashboard.config import PROJECT_ROOT
from dashboard.i18n import t
from dashboard.importers.problems import Problem, problem_lines, problem_text
from dashboard.importers.registry import kinds, templates
from dashboard.importers.service import import_file
from dashboard.importers.templates import build_template, template_names
from dashboard.models import ImportKind

TEMPLATE_DIR = PROJECT_ROOT / "data" / "templates"


def _cells(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_the_template_files_are_what_the_kinds_declare():
    files = {p.name for p in TEMPLATE_DIR.glob("template-*.xlsx")}
    assert files == {template.file_name for template in templates()}
    for template in templates():
        stored = _cells((TEMPLATE_DIR / template.file_name).read_bytes())
        assert stored == _cells(build_template(template.name)), template.name
        assert stored["Accepted columns"][1:] == [[name, "yes" if required else "no", names]
                                                  for name, (required, names) in template.columns.items()]


def test_every_kind_of_sheet_is_named_labelled_and_has_a_template():
    registered = [kind.name for kind in kinds()]
    assert registered == [k for k in ImportKind if k not in (ImportKind.workspace, ImportKind.demo)]
    # when recognising a table is unsure, the Data page lets the user call it one of these
    assert [kind.name for kind in kinds() if kind.offered] == [ImportKind.metrics, ImportKind.metric_definitions]
    for kind in kinds():
        assert kind.templates, kind.name
        for lang in ("en", "de"):
            assert t(kind.label_key, lang) != kind.label_key, (kind.name, lang)
    assert template_names() == [
        "metrics", "metrics-wide", "metric-definitions", "outputs", "objectives", "key-results", "check-ins",
        "hypotheses", "learnings"]
    for template in templates():
        for lang in ("en", "de"):
            assert t(template.label_key, lang) != template.label_key, (template.name, lang)


def test_a_rule_without_its_own_import_message_is_shown_in_its_own_words():
    problem = Problem("Key Results", 4, "Stretch", "rule", found="8", values={"rule": "okr.error.stretch_side"})
    assert problem_text(problem, "de") == (
        "Blatt „Key Results“, Zeile 4, Spalte „Stretch“: " + t("okr.error.stretch_side", "de"))


def _workbook(**tables: list[list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_key_results_keep_the_rules_of_the_forms(sqlite_engine):
    first = _workbook(Metrics=[["metric", "unit", "direction"], ["Churn rate", "%", "down"]],
                      Objectives=[["objective", "period"], ["Keep customers", "2026-Q4"]])
    assert import_file(first, "okr.xlsx", engine=sqlite_engine, user="ada")[1].ok
    data = _workbook(**{"Key results": [
        ["objective", "key result", "metric", "baseline", "target", "stretch"],
        ["Keep customers", "Churn to 3 %", "Churn rate", 4, 3, 2],
        ["Keep customers", "Churn stays under 5 %", "Churn rate", 4, 5, None],
    ]})
    _, outcome = import_file(data, "kr.xlsx", engine=sqlite_engine, user="ada")
    assert outcome.ok, problem_lines(outcome.problems)
    assert outcome.counts["inserted"] == 2
    # a target on the worse side of the baseline for the metric's direction is accepted, and said so
    conflict = [n for n in outcome.notes if n["code"] == "okr_direction_conflict"]
    assert conflict and conflict[0]["names"] == "Churn stays under 5 % (Churn rate)"

    refused = _workbook(**{"Key results": [
        ["objective", "key result", "baseline", "target", "stretch"],
        ["Keep customers", "Churn to 3 %", 4, 3, 3.5],
        ["Keep customers", "Churn the same", 4, 4, None],
    ]})
    _, outcome = import_file(refused, "kr2.xlsx", engine=sqlite_engine, user="ada")
    lines = problem_lines(outcome.problems, "en")
    assert outcome.import_id is None and len(lines) == 2
    assert "row 2" in lines[0] and "“stretch”" in lines[0] and "3.5" in lines[0] and "beyond the target" in lines[0]
    assert "row 3" in lines[1] and "“target”" in lines[1] and "equals the baseline" in lines[1]
