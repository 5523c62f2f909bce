"""The real exports in tests/data/samples behave as samples/README.md says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from dashboard.importers.problems import note_text, problem_lines
from dashboard.importers.reading import read_file
from dashboard.importers.service import import_file

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


def _load(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _series(engine) -> dict[str, tuple[int, date, date]]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT m.name, COUNT(*), MIN(v.date), MAX(v.date) FROM metric_value v "
            "JOIN metric m ON m.id = v.metric_id GROUP BY m.name"
        )).all()
    return {name: (count, str(first)[:10], str(last)[:10]) for name, count, first, last in rows}


def test_kpi_plan_wide_with_excel_date_header_cells(engine):
    _, outcome = import_file(_load("kpi-plan_monthly-wide_date-header-cells_country.xlsx"), "kpi.xlsx",
                             engine=engine, user="ada")
    assert outcome.ok
    series = _series(engine)
    assert len(series) == 18
    assert sum(count for count, _, _ in series.values()) == 1077  # empty cells are gaps, not zeros
    assert series["APE"] == (60, "2013-01-01", "2017-12-01")
    with engine.connect() as conn:
        values = conn.execute(text("SELECT value FROM metric_value")).scalars().all()
    assert 40.599999999999994 in values  # float noise stays the number it is


def test_kpi_tracker_text_cells_date_dimension_numeric_columns(engine):
    _, outcome = import_file(_load("kpi-tracker_latest-week-per-person.xlsx"), "tracker.xlsx",
                             engine=engine, user="ada")
    assert outcome.ok
    series = _series(engine)
    assert set(series) == {"ici", "cvs", "ccm1", "cl", "f2f", "pch", "placed"}
    assert series["ici"] == (16, "2024-01-01", "2024-03-25")  # two sheets, 8 people each
    with engine.connect() as conn:
        segments = conn.execute(text("SELECT DISTINCT segment FROM metric_value")).scalars().all()
        mr_white = conn.execute(text(
            "SELECT v.value FROM metric_value v JOIN metric m ON m.id = v.metric_id "
            "WHERE m.name = 'cvs' AND v.segment = 'Mr White' AND v.date = '2024-01-01'")).scalar_one()
    assert "Mr Black" in segments and "" not in segments
    assert mr_white == 69.0


def test_ga_universal_dutch_two_tables(sqlite_engine):
    data = _load("ga-universal_nl-locale_browser-plus-daily-two-tables.csv")
    _, outcome = import_file(data, "ga.csv", engine=sqlite_engine, user="ada")
    assert outcome.ok
    assert _series(sqlite_engine) == {"Sessies": (367, "2014-09-17", "2015-09-18")}
    notes = [note_text(n, "en") for n in outcome.notes]
    assert any("Browser" in n and "skipped" in n for n in notes)  # the browser table has no time axis
    assert any("totals" in n for n in notes)  # `,7.374` is a totals row, not a value


def test_ga_universal_dot_is_a_thousands_separator(sqlite_engine):
    data = _load("ga-universal_nl-locale_browser-plus-daily-two-tables.csv")
    extra = data.replace(b"18-09-15,12", b"18-09-15,2.546")
    _, outcome = import_file(extra, "ga.csv", engine=sqlite_engine, user="ada")
    assert outcome.ok
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM metric_value WHERE date = '2015-09-18'")).scalar_one() == 2546.0


def test_ga4_nth_day_offsets_from_each_tables_start_date(engine):
    _, outcome = import_file(_load("ga4_report-export_nth-day-crlf.csv"), "ga4.csv", engine=engine, user="ada")
    assert outcome.ok
    series = _series(engine)
    assert set(series) == {"Users", "New users", "Average engagement time", "Active users (30 days)",
                           "Active users (7 days)", "Active users (1 day)"}
    assert all(s == (28, "2023-04-24", "2023-05-21") for s in series.values())
    with engine.connect() as conn:
        last = conn.execute(text(
            "SELECT v.value FROM metric_value v JOIN metric m ON m.id = v.metric_id "
            "WHERE m.name = 'Average engagement time' AND v.date = '2023-05-21'")).scalar_one()
    assert last == 135.0
    notes = " ".join(note_text(n, "en") for n in outcome.notes)
    assert "Country" in notes and "Event name" in notes  # breakdown tables are skipped with a note


def test_launch_checklist_is_refused_with_expected_columns(sqlite_engine):
    _, outcome = import_file(_load("launch-checklist_merged-cells.xlsx"), "checklist.xlsx",
                             engine=sqlite_engine, user="ada")
    [line] = problem_lines(outcome.problems, "en")
    assert line.startswith("No dates or numbers found in Checklist, Final go live checklist; expected columns like")
    assert "date" in line and "value" in line
    assert _series(sqlite_engine) == {}
    [line_de] = problem_lines(outcome.problems, "de")
    assert line_de.startswith("Keine Daten oder Zahlen")


def test_jira_current_fields_reads_as_one_table():
    result = read_file(_load("jira-server_current-fields_hoinc-minimal.csv"), "jira.csv")
    [table] = result.tables
    assert table.header == ["Issue Type", "Issue key", "Issue id", "Parent id", "Summary", "Status", "Resolution"]
    assert len(table.rows) == 64
    assert any(cells[5] == "Verified - UAT" for _, cells in table.rows)
