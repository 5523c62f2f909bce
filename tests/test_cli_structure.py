"""The command line loads only what a command needs, its modules import no cycle, and `import --kind`
offers exactly the registered kinds (plus the whole workbook)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("streamlit", "altair", "scipy.stats", "dashboard.importers.registry", "dashboard.importers.kinds",
         "openpyxl", "python_calamine", "alembic")


def _python(code: str, *args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("OUTCOMES_LANG", None)
    if db is not None:
        env["DATABASE_URL"] = f"sqlite:///{db}"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


LOADED = (
    "import contextlib, io, json, sys\n"
    "from dashboard.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out):\n"
    "    code = main(sys.argv[1:])\n"
    "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))\n"
)


@pytest.mark.parametrize("command", [["hypotheses", "--json"], ["okrs", "--json"], ["metrics", "--json"]])
def test_read_commands_load_neither_the_web_app_nor_the_importers(demo_db_file, tmp_path, command):
    db = tmp_path / "demo.db"
    shutil.copy(demo_db_file, db)
    proc = _python(LOADED, *command, db=db)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and json.loads(result["out"])  # the command did its work
    loaded = [m for m in HEAVY if m in result["modules"]]
    assert loaded == [], f"`{' '.join(command)}` imported {loaded}"


def test_the_command_modules_import_each_other_in_no_cycle():
    code = (
        "import sys\n"
        "import dashboard.importers.cli, dashboard.exports.cli\n"
        "print('dashboard.cli' in sys.modules)\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"  # the shared helpers live in dashboard.cli_support


def test_import_kinds_come_from_the_registry():
    from dashboard.cli import main
    from dashboard.importers.cli import KIND_CHOICES
    from dashboard.importers.registry import load_kinds

    registered = [kind.name for kind in load_kinds().values()]
    assert list(KIND_CHOICES) == registered + ([] if "workspace" in registered else ["workspace"])
    assert all(name in KIND_CHOICES for name in registered) and "no-such-kind" not in KIND_CHOICES
    with pytest.raises(SystemExit) as refused:
        main(["import", "whatever.xlsx", "--kind", "no-such-kind"])
    assert refused.value.code == 2
