"""The reading layer: CSV dialects and blocks, HTML saved as .xls, workbooks with titles, merges, totals."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import xlsxwriter

from dashboard.importers.reading import is_totals_row, read_file


def _xlsx(build) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    return buffer.getvalue()


def test_csv_utf8_bom_semicolon_and_german_numbers():
    data = "\ufeffDatum;Kennzahl;Wert\n24.11.2026;Umsatz;1.234,5\n".encode()
    result = read_file(data, "export.csv")
    assert not result.problems
    [table] = result.tables
    assert table.header == ["Datum", "Kennzahl", "Wert"]
    assert table.rows == [(2, ["24.11.2026", "Umsatz", "1.234,5"])]


def test_csv_windows_1252_and_tab_separated():
    data = "Woche\tGröße\n2026-11-23\t5\n".encode("cp1252")
    [table] = read_file(data, "export.tsv").tables
    assert table.header == ["Woche", "Größe"]


def test_comment_blocks_split_tables_and_carry_start_dates():
    data = (
        b"# Report\r\n# Start date: 20230424\r\n# End date: 20230521\r\nNth day,Users\r\n0000,1\r\n0001,2\r\n\r\n"
        b"# Start date: 20230501\r\nCountry,Users\r\nDE,3\r\n"
    )
    first, second = read_file(data, "ga4.csv").tables
    assert first.notes["start_date"] == date(2023, 4, 24)
    assert [n for n, _ in first.rows] == [5, 6]  # line numbers as an editor shows them
    assert second.header == ["Country", "Users"]
    assert second.notes["start_date"] == date(2023, 5, 1)


def test_hash_lines_inside_a_quoted_multiline_cell_are_kept():
    data = 'Issue key,Description,Sprint,Sprint\nAPP-1,"first line\n# not a comment\n\nlast",S1,S2\nAPP-2,plain,S2,\n'
    [table] = read_file(data.encode(), "jira.csv").tables
    assert table.header == ["Issue key", "Description", "Sprint", "Sprint"]  # duplicates kept, no Sprint.1
    assert table.rows[0][1][1] == "first line\n# not a comment\n\nlast"
    assert [n for n, _ in table.rows] == [2, 6]


def test_blank_line_inside_data_does_not_split_the_table():
    data = b"date,visits\n2026-11-01,5\n\n2026-11-02,7\n"
    [table] = read_file(data, "visits.csv").tables
    assert [cells for _, cells in table.rows] == [["2026-11-01", "5"], ["2026-11-02", "7"]]


def test_html_saved_as_xls_is_read_as_a_table():
    html = (
        "<html><body><table><tr><th>Issue key</th><th>Summary</th><th>Resolved</th></tr>"
        "<tr><td>APP-1</td><td>Checklist</td><td>24/Nov/26 3:12 PM</td></tr></table></body></html>"
    )
    result = read_file(html.encode(), "Jira.xls")
    assert result.file_type == "html" and not result.problems
    assert result.tables[0].header == ["Issue key", "Summary", "Resolved"]
    assert result.tables[0].rows[0][1][2] == "24/Nov/26 3:12 PM"


def test_title_rows_merged_header_band_and_totals_row():
    def build(book):
        sheet = book.add_worksheet("KPIs")
        sheet.write(0, 0, "Quarterly KPI report")
        sheet.merge_range(2, 1, 2, 2, "Sessions")
        sheet.write(2, 0, "Month")
        sheet.write(3, 1, "Actual")
        sheet.write(3, 2, "Target")
        sheet.write(4, 0, "2026-01")
        sheet.write(4, 1, 10)
        sheet.write(4, 2, 12)
        sheet.write(5, 0, "Summe")
        sheet.write(5, 1, 10)

    [table] = read_file(_xlsx(build), "kpi.xlsx").tables
    assert table.header == ["Month", "Sessions Actual", "Sessions Target"]
    assert table.header_row == 3
    assert [n for n, _ in table.rows] == [5, 6]
    assert is_totals_row(table.rows[1][1], [0])
    assert not is_totals_row(table.rows[0][1], [0])


def test_chart_sheets_and_empty_sheets_are_notes_not_errors():
    def build(book):
        data = book.add_worksheet("Data")
        data.write_row(0, 0, ["date", "visits"])
        data.write_row(1, 0, ["2026-11-01", 5])
        book.add_worksheet("Empty")
        chart = book.add_chart({"type": "line"})
        chart.add_series({"values": "=Data!$B$2:$B$2"})
        book.add_chartsheet("Chart").set_chart(chart)

    result = read_file(_xlsx(build), "kpi.xlsx")
    assert [t.sheet for t in result.tables] == ["Data"]
    assert {n["code"] for n in result.notes} >= {"empty_sheet", "chart_sheet"}


def test_formulas_without_saved_values_are_found():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["date", "visits"])
    sheet.append([date(2026, 11, 1), 5])
    sheet.append([date(2026, 11, 2), "=B2*2"])  # openpyxl saves no cached value
    buffer = io.BytesIO()
    book.save(buffer)
    [table] = read_file(buffer.getvalue(), "calc.xlsx").tables
    assert table.missing_formulas == [(3, 1)]


def test_excel_date_header_cells_stay_dates():
    def build(book):
        sheet = book.add_worksheet("Plan")
        fmt = book.add_format({"num_format": "d-mmm-yyyy"})
        sheet.write(0, 0, "kpi_name")
        sheet.write_datetime(0, 1, date(2013, 1, 1), fmt)
        sheet.write_datetime(0, 2, date(2013, 2, 1), fmt)
        sheet.write_row(1, 0, ["APE", 600, 550])

    [table] = read_file(_xlsx(build), "plan.xlsx").tables
    assert [type(c).__name__ for c in table.header_cells[1:]] in (["date", "date"], ["datetime", "datetime"])


def test_utf16_tab_separated_text_as_excel_saves_unicode_text():
    data = "Datum\tKennzahl\tWert\n24.11.2026\tZufriedenheit\t4,5\n".encode("utf-16")
    result = read_file(data, "unicode.txt")
    assert not result.problems
    assert result.tables[0].header == ["Datum", "Kennzahl", "Wert"]
    assert result.tables[0].rows[0][1] == ["24.11.2026", "Zufriedenheit", "4,5"]
