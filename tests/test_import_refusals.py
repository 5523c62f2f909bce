"""Every refusal: a clear message in the UI language naming where and what, and nothing stored."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

import openpyxl
import pytest
from sqlalchemy import text

from dashboard import config
from dashboard.importers.problems import problem_lines, problem_text
from dashboard.importers.service import import_file

GOOD = b"date,metric,value\n2026-11-01,Visits,5\n2026-11-02,Visits,7\n"


def _xlsx_rows(rows, name="Sheet1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = name
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_member(workbook: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    members = {n: source.read(n) for n in source.namelist()}
    members[name] = data
    return _zip(members)


def _encrypted() -> bytes:
    import msoffcrypto

    out = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(_xlsx_rows([["date", "value"], ["2026-11-01", 1]]))).encrypt("secret", out)
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
)


def _formula_without_value() -> bytes:
    return _xlsx_rows([["date", "metric", "value"], [date(2026, 11, 1), "Visits", 5],
                       [date(2026, 11, 2), "Visits", "=C2*2"]])


CASES = {
    "empty": (lambda: b"", "empty.csv", "empty_file"),
    "blank": (lambda: b"\r\n  \n", "blank.csv", "empty_file"),
    "unsupported": (lambda: b"%PDF-1.7", "report.pdf", "unsupported_extension"),
    "text_as_xlsx": (lambda: b"date,value\n2026-11-01,1\n", "data.xlsx", "wrong_content"),
    "html_as_csv": (lambda: b"<html><table><tr><td>a</td></tr></table></html>", "data.csv", "wrong_content"),
    "random_bytes": (lambda: os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00", "data.xlsx", "wrong_content"),
    "zip_without_workbook": (lambda: _zip({"readme.txt": b"hello"}), "data.xlsx", "zip_no_workbook"),
    "truncated": (lambda: _xlsx_rows([["date", "value"]] * 50)[:900], "data.xlsx", "truncated"),
    "encrypted": (_encrypted, "secret.xlsx", "encrypted"),
    "billion_laughs": (lambda: _with_member(_xlsx_rows([["a", "b"]]), "xl/sharedStrings.xml", BILLION_LAUGHS),
                       "laughs.xlsx", "xml_entities"),
    "zip_bomb": (lambda: _with_member(_xlsx_rows([["a", "b"]]), "xl/worksheets/sheet2.xml", b" " * 5_000_000),
                 "bomb.xlsx", "zip_bomb"),
    "no_data_rows": (lambda: b"date,metric,value\n", "header-only.csv", "no_data"),
    "no_columns": (lambda: b"name,comment\nAda,likes tea\nBob,likes coffee\n", "people.csv", "no_data"),
    "not_a_number": (lambda: b"date,metric,value\n2026-11-01,Visits,lots\n", "bad.csv", "not_a_number"),
    "invalid_date": (lambda: b"date,metric,value\n2026-11-01,Visits,5\n2026-13-45,Visits,5\n2026-11-03,Visits,5\n",
                     "bad.csv", "invalid_date"),
    "duplicate": (lambda: b"date,metric,value\n2026-11-01,Visits,5\n2026-11-01,visits,6\n", "dup.csv", "duplicate"),
    "infinity": (lambda: b"date,metric,value\n2026-11-01,Visits,1e400\n", "inf.csv", "not_finite"),
    "nan": (lambda: b"date,metric,value\n2026-11-01,Visits,NaN\n", "nan.csv", "not_a_number"),
    "excel_error": (lambda: _xlsx_rows([["date", "metric", "value"], [date(2026, 11, 1), "Visits", "#DIV/0!"]]),
                    "err.xlsx", "excel_error"),
    "formula_without_value": (_formula_without_value, "calc.xlsx", "formula_without_value"),
}


def _counts(engine) -> tuple:
    with engine.connect() as conn:
        return tuple(
            conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()  # noqa: S608
            for t in ("metric", "metric_value", "import_batch", "import_change", "metric_value_change")
        )


@pytest.mark.parametrize("case", list(CASES))
def test_refused_files_store_nothing_and_say_why(engine, case):
    build, name, code = CASES[case]
    _, ok = import_file(GOOD, "good.csv", engine=engine, user="ada")
    assert ok.ok
    before = _counts(engine)
    analysis, outcome = import_file(build(), name, engine=engine, user="ada")
    assert not outcome.ok
    assert code in {p.code for p in outcome.problems}, outcome.problems
    assert outcome.import_id is None
    assert _counts(engine) == before
    # Every problem renders into both languages without leftover placeholders.
    for lang in ("en", "de"):
        for line in problem_lines(outcome.problems, lang):
            assert "{" not in line and "import.problem" not in line


def test_cell_problems_name_sheet_row_column_found_and_expected(engine):
    data = _xlsx_rows([["Quarterly numbers"], [], ["Datum", "Kennzahl", "Wert"],
                       ["24.11.2026", "Umsatz", "viel"]], name="Umsatz")
    _, outcome = import_file(data, "umsatz.xlsx", engine=engine, user="ada")
    [problem] = outcome.problems
    assert (problem.sheet, problem.row, problem.column, problem.code) == ("Umsatz", 4, "Wert", "not_a_number")
    # The file writes German dates, so the expected number is shown in German notation too.
    assert problem_text(problem, "en") == (
        "sheet “Umsatz”, row 4, column “Wert”: “viel” is not a number; expected a number like 1.234,5."
    )
    assert problem_text(problem, "de").startswith("Blatt „Umsatz“, Zeile 4, Spalte „Wert“: „viel“ ist keine Zahl")


def test_at_most_fifty_problems_are_listed_with_a_count_of_the_rest(sqlite_engine):
    rows = "".join(f"2026-01-{d:02d},Visits,x{d}\n" for d in range(1, 29)) * 3
    _, outcome = import_file(("date,metric,value\n" + rows).encode(), "many.csv", engine=sqlite_engine, user="ada")
    lines = problem_lines(outcome.problems, "en")
    assert len(outcome.problems) == 84
    assert len(lines) == 51 and lines[-1] == "… and 34 more problems."


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setenv("OUTCOMES_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("OUTCOMES_MAX_ROWS", "100")
    config.settings.cache_clear()
    yield
    config.settings.cache_clear()


def test_size_and_row_limits_are_checked_before_parsing(sqlite_engine, small_limits):
    big = b"date,metric,value\n" + b"2026-11-01,Visits,5\n" * 60_000
    _, outcome = import_file(big, "big.csv", engine=sqlite_engine, user="ada")
    assert [p.code for p in outcome.problems] == ["too_large"]
    assert "1 MB" in problem_lines(outcome.problems, "en")[0]
    rows = b"date,metric,value\n" + b"".join(b"2026-11-01,V%d,5\n" % i for i in range(150))
    _, outcome = import_file(rows, "rows.csv", engine=sqlite_engine, user="ada")
    assert [p.code for p in outcome.problems] == ["too_many_rows"]
    assert _counts(sqlite_engine) == (0, 0, 0, 0, 0)


def test_workbook_row_limit_is_read_from_the_sheet_dimension(sqlite_engine, small_limits):
    from dashboard.importers.safety import check_bytes

    rows = [["date", "metric", "value"]] + [[f"2026-01-{1 + i % 28:02d}", f"M{i}", i] for i in range(150)]
    file_type, problems = check_bytes(_xlsx_rows(rows), "many.xlsx", max_rows=100)
    assert file_type is None and [p.code for p in problems] == ["too_many_rows"]
    _, outcome = import_file(_xlsx_rows(rows), "many.xlsx", engine=sqlite_engine, user="ada")
    assert [p.code for p in outcome.problems] == ["too_many_rows"]
