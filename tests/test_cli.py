"""The command line: db upgrade, demo, listings with --json, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dashboard.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_upgrade_and_demo_on_a_new_database(tmp_path, monkeypatch, capsys):
    from dashboard import config

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    config.settings.cache_clear()
    try:
        code, out, _ = run_cli(capsys, "metrics")
        assert code == 1  # no schema yet: a user error, not a traceback
        assert run_cli(capsys, "db", "upgrade")[0] == 0
        assert run_cli(capsys, "db", "upgrade")[0] == 0  # again: nothing to do
        code, out, _ = run_cli(capsys, "demo", "--json")
        assert code == 0 and json.loads(out)["outputs"] >= 100
        code, _, err = run_cli(capsys, "demo")
        assert code == 1 and "--reset" in err and "Traceback" not in err
        assert run_cli(capsys, "demo", "--if-empty")[0] == 0
        assert run_cli(capsys, "demo", "--reset")[0] == 0
    finally:
        config.settings.cache_clear()


def test_metrics_json(demo_app_db, capsys):
    code, out, _ = run_cli(capsys, "metrics", "--json")
    rows = json.loads(out)
    assert code == 0
    assert set(rows[0]) == {"name", "unit", "points", "first", "last", "latest"}
    north = rows[0]
    assert north["name"] == "Weekly active accounts" and north["points"] == 365
    assert north["first"] == "2025-11-25" and north["last"] == "2026-11-24"


def test_outputs_json(demo_app_db, capsys):
    code, out, _ = run_cli(capsys, "outputs", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 121
    assert set(rows[0]) == {"key", "title", "type", "team", "status", "shipped_on"}
    unshipped = [r for r in rows if r["shipped_on"] is None]
    assert unshipped and all(r["status"] != "Done" for r in unshipped)


def test_okrs_json_with_period(demo_app_db, capsys):
    code, out, _ = run_cli(capsys, "okrs", "--period", "2026-Q4", "--json")
    report = json.loads(out)
    assert code == 0 and {o["period"] for o in report} == {"2026-Q4"}
    kr = report[0]["key_results"][0]
    assert {"baseline", "target", "current", "progress", "score", "status"} <= set(kr)


def test_okrs_rejects_a_bad_period(demo_app_db, capsys):
    code, out, err = run_cli(capsys, "okrs", "--period", "2026-Q5")
    assert code == 1 and "2026-Q5" in err and out == ""


def test_hypotheses_json_has_the_promised_keys(demo_app_db, capsys):
    code, out, _ = run_cli(capsys, "hypotheses", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 16
    keys = {"id", "statement", "metric", "expected_change", "measured_change", "ci_low", "ci_high", "verdict", "warnings"}
    assert keys <= set(rows[0])
    social = next(r for r in rows if r["statement"].startswith("Social sign-up"))
    assert social["expected_change"] == 0.2


def test_usage_errors_exit_2_without_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "no-such-command"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "invalid choice" in proc.stderr


def test_unreachable_database_is_a_one_line_user_error(tmp_path):
    env = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "metrics"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "cannot be reached" in proc.stderr
