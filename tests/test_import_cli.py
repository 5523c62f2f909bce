"""`python -m dashboard import / imports / undo`: output, JSON, and exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one()


def test_import_prints_counts_and_reimport_is_unchanged(empty_app_db, capsys):
    sample = str(SAMPLES / "ga4_report-export_nth-day-crlf.csv")
    assert main(["import", sample]) == 0
    out = capsys.readouterr().out
    assert "inserted 168" in out and "note:" in out
    assert main(["import", sample, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["ok"], result["inserted"], result["unchanged"], result["rejected"]) == (True, 0, 168, 0)
    assert _count(empty_app_db) == 168


def test_dry_run_stores_nothing(empty_app_db, capsys):
    assert main(["import", str(SAMPLES / "kpi-tracker_latest-week-per-person.xlsx"), "--dry-run", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["dry_run"] and result["read"] == 16 and result["import_id"] is None
    assert result["inserted"] == 112  # what a real import would do
    assert _count(empty_app_db) == 0
    with empty_app_db.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM import_batch")).scalar_one() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM metric")).scalar_one() == 0


def test_refused_file_exits_1_with_the_problems(empty_app_db, capsys):
    assert main(["import", str(SAMPLES / "launch-checklist_merged-cells.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "No dates or numbers found" in err and "Traceback" not in err
    assert main(["import", str(SAMPLES / "launch-checklist_merged-cells.xlsx"), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["problems"][0]["code"] == "no_data" and result["problems"][0]["message"]
    assert main(["import", "/nonexistent/file.csv"]) == 1
    assert capsys.readouterr().err.strip() == "error: file not found: /nonexistent/file.csv"


def test_unknown_sheet_is_a_user_error(empty_app_db, capsys):
    assert main(["import", str(SAMPLES / "kpi-tracker_latest-week-per-person.xlsx"), "--sheet", "Nope"]) == 1
    assert "There is no sheet “Nope”. Sheets in the file: This Week, This Year." in capsys.readouterr().err


def test_usage_errors_exit_2(empty_app_db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["import", "x.csv", "--kind", "nonsense"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["undo", "abc"])
    assert exc.value.code == 2


def test_imports_list_and_undo(empty_app_db, capsys):
    assert main(["import", str(SAMPLES / "kpi-tracker_latest-week-per-person.xlsx")]) == 0
    capsys.readouterr()
    assert main(["imports", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert (record["file"], record["inserted"], record["undone_at"]) == ("kpi-tracker_latest-week-per-person.xlsx",
                                                                          112, None)
    assert main(["undo", str(record["id"])]) == 0
    assert "undone" in capsys.readouterr().out
    assert _count(empty_app_db) == 0
    assert main(["undo", str(record["id"])]) == 1
    assert capsys.readouterr().err.strip() == f"error: import {record['id']} was already undone"
    assert main(["undo", "999"]) == 1
    assert "there is no import 999" in capsys.readouterr().err


def test_module_entry_point_exit_codes(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "dashboard"]
    assert subprocess.run([*run, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True).returncode == 0
    done = subprocess.run([*run, "import", str(SAMPLES / "ga4_report-export_nth-day-crlf.csv"), "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["inserted"] == 168
    bad = subprocess.run([*run, "import", str(SAMPLES / "launch-checklist_merged-cells.xlsx")], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_each_note_is_printed_once(demo_app_db, capsys):
    from dashboard.cli import main as cli_main

    assert cli_main(["import", str(SAMPLES.parent / "outputs" / "jira-server_current-fields_hoinc-minimal.csv"),
                     "--kind", "outputs", "--dry-run"]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert notes and len(notes) == len(set(notes))
