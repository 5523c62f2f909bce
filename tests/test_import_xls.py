"""A real legacy `.xls` (BIFF) workbook, as older Excel versions and many tools still write it."""

from __future__ import annotations

import io
from datetime import date

import xlwt
from sqlalchemy import text

from dashboard.importers.service import import_file


def _legacy_workbook() -> bytes:
    wb = xlwt.Workbook()
    ws = wb.add_sheet("KPIs")
    ws.write(0, 0, "Monthly KPI report")  # a title row above the header
    for col, header in enumerate(["Datum", "Kennzahl", "Wert"]):
        ws.write(2, col, header)
    day = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r in range(3):
        ws.write(3 + r, 0, date(2026, 1, 1 + r), day)
        ws.write(3 + r, 1, "Umsatz")
        ws.write(3 + r, 2, 1234.5 + r)
    ws.write(6, 0, "Summe")
    ws.write(6, 2, 3706.5)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_legacy_xls_imports_with_german_headers_and_skips_totals(engine):
    _, outcome = import_file(_legacy_workbook(), "kpi-report.xls", engine=engine, user="ann")
    assert outcome.ok, outcome.problems
    assert outcome.counts["inserted"] == 3
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT v.date, v.value FROM metric_value v JOIN metric m ON m.id = v.metric_id "
            "WHERE m.name = 'Umsatz' ORDER BY v.date")).all()
    assert [(str(d)[:10], v) for d, v in rows] == [("2026-01-01", 1234.5), ("2026-01-02", 1235.5), ("2026-01-03", 1236.5)]


def test_a_bad_cell_in_a_legacy_xls_is_named_by_excel_row(engine):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("KPIs")
    for col, header in enumerate(["date", "metric", "value"]):
        ws.write(0, col, header)
    ws.write(1, 0, "2026-01-01")
    ws.write(1, 1, "Visits")
    ws.write(1, 2, "lots")
    buf = io.BytesIO()
    wb.save(buf)
    _, outcome = import_file(buf.getvalue(), "bad.xls", engine=engine, user="ann")
    assert not outcome.ok
    problem = outcome.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("KPIs", 2, "value")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one() == 0
