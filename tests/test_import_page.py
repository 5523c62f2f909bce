"""The Data page through AppTest: real file_uploader, preview, import, refusal, choices, undo."""

from __future__ import annotations

from pathlib import Path

from conftest import open_page, shown
from sqlalchemy import text

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
UPLOADER = "data.upload.files"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scalar(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def _upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader(key=UPLOADER).set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def test_upload_preview_import_and_charts(empty_app_db):
    at = open_page("pages/4_Data.py")
    data = (SAMPLES / "kpi-tracker_latest-week-per-person.xlsx").read_bytes()
    _upload(at, "kpi-tracker.xlsx", data, XLSX)
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 0  # nothing before Import
    previews = [df.value for df in at.dataframe]
    summary = next(df for df in previews if "Metric" in df.columns and "Points" in df.columns and "Segments" in df.columns)
    assert set(summary["Metric"]) == {"ici", "cvs", "ccm1", "cl", "f2f", "pch", "placed"}
    assert any("Columns used: date: date, values: ici" in shown(c.value) for c in at.caption)
    at.button(key="data.import.0").click().run()
    assert not at.exception
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 112
    assert any("Imported kpi-tracker.xlsx: 16 rows read, 112 values new" in s.value for s in at.success)
    assert len(at.get("vega_lite_chart")) == 7  # one chart per imported metric
    history = at.dataframe[-1].value
    assert history["File"].tolist() == ["kpi-tracker.xlsx"]


def test_a_bad_file_shows_problems_and_stores_nothing(empty_app_db):
    at = open_page("pages/4_Data.py", lang="de")
    _upload(at, "kaputt.csv", b"Datum;Kennzahl;Wert\n24.11.2026;Umsatz;viel\n")
    errors = [e.value for e in at.error]
    assert errors and "kaputt.csv kann nicht importiert werden" in errors[0]
    problems = shown(" ".join(m.value for m in at.markdown))
    assert "Zeile 2, Spalte „Wert“: „viel“ ist keine Zahl" in problems
    assert not [b for b in at.button if b.key == "data.import.0"]
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM import_batch") == 0


def test_unsure_date_order_is_chosen_in_the_page_and_remembered(empty_app_db):
    at = open_page("pages/4_Data.py")
    _upload(at, "us.csv", b"date,metric,value\n03/04/2026,Visits,1\n05/06/2026,Visits,2\n")
    assert at.warning, "the page asks to check the date order"
    order = next(s for s in at.selectbox if s.key and s.key.endswith(".date_order"))
    order.set_value("DMY").run()
    at.button(key="data.import.0").click().run()
    assert not at.exception
    assert str(_scalar(empty_app_db, "SELECT MIN(date) FROM metric_value"))[:10] == "2026-04-03"
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM import_mapping") == 1


def test_undo_from_the_history(empty_app_db):
    at = open_page("pages/4_Data.py")
    _upload(at, "ga4.csv", (SAMPLES / "ga4_report-export_nth-day-crlf.csv").read_bytes())
    at.button(key="data.import.0").click().run()
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 168
    at.button(key="data.history.undo").click().run()
    assert not at.exception
    # The first click only asks, naming what would be removed; nothing is deleted yet.
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 168
    assert any("removes the 168 rows it added" in w.value for w in at.warning)
    at.button(key="data.history.undo_no").click().run()
    assert not [b for b in at.button if b.key == "data.history.undo_yes"]
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 168
    at.button(key="data.history.undo").click().run()
    at.button(key="data.history.undo_yes").click().run()
    assert not at.exception
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric_value") == 0
    assert any("Undid" in s.value for s in at.success)
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM import_batch WHERE undone_at IS NOT NULL") == 1


def test_several_files_at_once(empty_app_db):
    at = open_page("pages/4_Data.py")
    at.file_uploader(key=UPLOADER).set_value([
        ("a.csv", b"date,metric,value\n2026-11-01,Visits,5\n", "text/csv"),
        ("b.csv", b"date,metric,value\n2026-11-01,Signups,2\n", "text/csv"),
    ]).run()
    assert {b.key for b in at.button} >= {"data.import.0", "data.import.1"}
    at.button(key="data.import.1").click().run()
    assert _scalar(empty_app_db, "SELECT COUNT(*) FROM metric") == 1
    assert _scalar(empty_app_db, "SELECT name FROM metric") == "Signups"


def test_an_unrecognised_table_becomes_importable_when_the_user_names_the_date_column(empty_app_db):
    at = open_page("pages/4_Data.py")
    _upload(at, "serials.csv", b"Reporting day,Visits\n46328,5\n46329,7\n")
    assert not [b for b in at.button if b.key == "data.import.0"]  # not understood yet: nothing to import
    date_pick = next(s for s in at.selectbox if s.key and s.key.endswith(".date"))
    date_pick.set_value(0).run()
    at.button(key="data.import.0").click().run()
    assert not at.exception
    assert str(_scalar(empty_app_db, "SELECT MIN(date) FROM metric_value"))[:10] == "2026-11-02"
    assert _scalar(empty_app_db, "SELECT name FROM metric") == "Visits"


def test_two_value_columns_ask_which_one_holds_the_values(empty_app_db):
    at = open_page("pages/4_Data.py")
    _upload(at, "kpi.csv", b"date,metric,value,actual\n2026-11-02,NPS,40,41\n2026-11-09,NPS,42,43\n")
    assert at.warning
    pick = next(s for s in at.selectbox if s.key and s.key.endswith(".value"))
    pick.set_value(3).run()
    at.button(key="data.import.0").click().run()
    assert not at.exception
    assert _scalar(empty_app_db, "SELECT SUM(value) FROM metric_value") == 84.0
