"""CLI bench: read commands as whole processes on a company-sized workspace, against the process floor.

    .venv/bin/python bench/cli_bench.py [--scale 1] [--repeat 5] [--pg-url postgresql://...]

Workspace: the one of `bench/pages_bench.py` (200 metrics x 3 years of daily values, 2,000 outputs, 100
objectives with 300 key results, 200 hypotheses, 150 learnings per scale unit) in a SQLite file, and with
`--pg-url` also in a scratch PostgreSQL database.

Each command runs as its own `python` process (start-up, imports, schema check, the work, JSON on stdout),
next to the floor `python -c "import pandas, sqlalchemy"`, interleaved so that background load hits every
command alike. Printed per command: the best wall time and the best CPU time (user + system) of `--repeat`
runs, their ratios to the floor's, and PASS/FAIL against the target (wall within 3x the floor). The
project's modules are compiled to bytecode first, as an installed app has them.

It also lists, per command, which heavy modules the process loaded (a command should import only what it
needs: no streamlit or altair, no importer kinds, no scipy.stats).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FLOOR = ["-c", "import pandas, sqlalchemy"]
COMMANDS = [
    ("hypotheses --json", ["-m", "dashboard", "hypotheses", "--json"]),
    ("okrs --json", ["-m", "dashboard", "okrs", "--json"]),
    ("metrics --json", ["-m", "dashboard", "metrics", "--json"]),
]
LIMIT = 3.0
HEAVY = ("streamlit", "altair", "scipy.stats", "dashboard.importers.registry", "openpyxl", "python_calamine",
         "alembic", "vl_convert", "pptx")
# Runs a command in-process and prints the heavy modules it loaded (stdout of the command is dropped).
PROBE = (
    "import contextlib, io, sys\n"
    "from dashboard.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = main(sys.argv[1:])\n"
    "print(code, ' '.join(m for m in {heavy!r} if m in sys.modules))\n"
)


@dataclass
class Timing:
    wall: float
    cpu: float


def run(args: list[str], env: dict[str, str]) -> Timing:
    """One `python args...` process: wall and CPU seconds (fails loudly on a non-zero exit)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"`python {' '.join(args)}` failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def loaded_modules(command: list[str], env: dict[str, str]) -> str:
    args = ["-c", PROBE.format(heavy=HEAVY), *command[2:]]
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    code, _, modules = proc.stdout.strip().partition(" ")
    return modules or "none of them"


def measure(label: str, url: str, repeat: int) -> bool:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("OUTCOMES_LANG", None)
    for _, command in COMMANDS:  # warm the file cache and check that every command works
        run(command, env)
    runs: dict[str, list[Timing]] = {"floor": [], **{name: [] for name, _ in COMMANDS}}
    for _ in range(repeat):
        runs["floor"].append(run(FLOOR, env))
        for name, command in COMMANDS:
            runs[name].append(run(command, env))
    best = {name: Timing(min(t.wall for t in ts), min(t.cpu for t in ts)) for name, ts in runs.items()}
    floor = best["floor"]
    print(f"\n{label}: floor `python -c \"import pandas, sqlalchemy\"` {floor.wall:.2f} s wall, {floor.cpu:.2f} s CPU\n")
    print("| command | wall | x floor | CPU | x floor | heavy modules loaded | verdict |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for name, command in COMMANDS:
        b = best[name]
        ratio = b.wall / floor.wall
        ok &= ratio <= LIMIT
        print(f"| `{name}` | {b.wall:.2f} s | {ratio:.1f}x | {b.cpu:.2f} s | {b.cpu / floor.cpu:.1f}x | "
              f"{loaded_modules(command, env)} | {'PASS' if ratio <= LIMIT else 'FAIL'} |", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per command, interleaved; the best counts")
    parser.add_argument("--pg-url", default=None, help="a PostgreSQL server URL: measure there too")
    args = parser.parse_args(argv)

    import hypotheses_bench as hb
    import pages_bench as pb

    compileall.compile_dir(str(ROOT / "dashboard"), quiet=1)
    ok = True
    with hb.bench_database(None) as (engine, url):
        print(f"SQLite workspace: {pb.build_workspace(engine, args.scale)}", flush=True)
        ok &= measure("SQLite", url, args.repeat)
    pg = hb.bench_database(args.pg_url) if args.pg_url else contextlib.nullcontext((None, None))
    with pg as (engine, url):
        if engine is not None:
            pb.build_workspace(engine, args.scale)
            ok &= measure("PostgreSQL", url, args.repeat)
    print(f"\nTarget (every command within {LIMIT:g}x the floor, wall time): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
