"""Import benchmark: our end-to-end import against the floor and the naive path, on the same files.

    .venv/bin/python bench/import_bench.py [--db sqlite|postgresql|both] [--pg-url URL] [--rows 200000]

Files: a long workbook (`date, metric, segment, value`, 200,000 rows) and a wide one (1,100 dates down x
200 metric columns). Paths, each run in a fresh process on a fresh database so that peak memory is its own:

- ours:  `dashboard.importers.service.import_file` (safety checks, parse, validate, write, commit)
- floor: python-calamine reads the sheet, rows go straight into SQLite `executemany` / PostgreSQL `COPY`
- naive: `pandas.read_excel(engine="openpyxl")`, then ORM objects and `session.add_all`

Prints the best of `--repeat` runs (seconds, rows per second, peak RSS of that process) and the
ratios ours/floor and naive/ours.

`--command` measures whole processes instead, on a `--command-rows` long workbook (500,000 rows): the
command `python -m dashboard import FILE` (start-up, imports, schema check, the import, commit) against the
raw floor as a process of its own (`python -c` that imports python_calamine and sqlite3 / psycopg, reads
the sheet, writes the metrics and `executemany` / `COPY`s the values, commits). Both run on a fresh,
migrated database; wall time from start to exit and the process's peak RSS, best of `--repeat`, with the
ratios (targets: time within 1.5x, peak memory within 2x the floor's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_METRICS_LONG = 50
N_SEGMENTS = 4
WIDE_ROWS, WIDE_COLS = 1_100, 200


def make_long(path: Path, rows: int) -> None:
    """`date, metric, segment, value`, one row per point."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Values")
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["date", "metric", "segment", "value"])
    start = date(2020, 1, 1)
    per_day = N_METRICS_LONG * N_SEGMENTS
    for i in range(rows):
        day, rest = divmod(i, per_day)
        metric, segment = divmod(rest, N_SEGMENTS)
        sheet.write_datetime(i + 1, 0, start + timedelta(days=day), fmt)
        sheet.write_string(i + 1, 1, f"Metric {metric:02d}")
        sheet.write_string(i + 1, 2, f"Segment {segment}")
        sheet.write_number(i + 1, 3, round(1000 + (i % 977) * 1.37, 2))
    book.close()


def make_wide(path: Path) -> None:
    """A date column and 200 metric columns, 1,100 days."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Daily")
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["date", *[f"KPI {c:03d}" for c in range(WIDE_COLS)]])
    start = date(2021, 1, 1)
    for r in range(WIDE_ROWS):
        sheet.write_datetime(r + 1, 0, start + timedelta(days=r), fmt)
        for c in range(WIDE_COLS):
            sheet.write_number(r + 1, c + 1, round(50 + ((r * 31 + c * 7) % 113) * 0.9, 2))
    book.close()


# ---------------------------------------------------------------------------------------------
# the three paths (run inside a worker process)


def _engine(url: str):
    from dashboard.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    return engine


def run_ours(engine, path: Path) -> int:
    from dashboard.importers.service import import_file

    _, outcome = import_file(path.read_bytes(), path.name, engine=engine, user="bench")
    if not outcome.ok:
        raise SystemExit(f"import refused: {outcome.problems[:3]}")
    return outcome.counts["inserted"]


def _metric_ids(conn, names: list[str]) -> dict[str, int]:
    from sqlalchemy import insert, select

    from dashboard.models import Metric, utcnow

    now = utcnow()
    table = Metric.__table__
    conn.execute(insert(table), [{"name": n, "unit": "count", "direction": "up", "aggregation": "mean",
                                  "kind": "kpi", "description": "", "created_at": now, "created_by": "bench",
                                  "updated_at": now, "updated_by": "bench"} for n in names])
    return {name: mid for mid, name in conn.execute(select(table.c.id, table.c.name))}


def run_floor(engine, path: Path, shape: str) -> int:
    """calamine rows straight into executemany / COPY: the least work that stores the same rows."""
    import python_calamine as pc

    grid = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header, body = grid[0], grid[1:]
    if shape == "long":
        names = sorted({r[1] for r in body})
    else:
        names = [str(h) for h in header[1:]]
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    with engine.begin() as conn:
        ids = _metric_ids(conn, names)
        if shape == "long":
            rows = ((ids[r[1]], r[0], r[2], r[3], now, "bench", now, "bench") for r in body)
        else:
            rows = ((ids[names[c]], r[0], "", r[c + 1], now, "bench", now, "bench")
                    for r in body for c in range(len(names)) if r[c + 1] != "")
        cols = "metric_id, date, segment, value, created_at, created_by, updated_at, updated_by"
        if engine.dialect.name == "postgresql":
            raw = conn.connection.driver_connection
            count = 0
            with raw.cursor() as cur, cur.copy(f"COPY metric_value ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        data = [(m, d.isoformat(), s, v, a, b, c, e) for m, d, s, v, a, b, c, e in rows]
        conn.exec_driver_sql(f"INSERT INTO metric_value ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", data)
        return len(data)


def run_naive(engine, path: Path, shape: str) -> int:
    """pandas.read_excel with openpyxl, then one ORM object per value."""
    import pandas as pd
    from sqlmodel import Session

    from dashboard.models import Metric, MetricValue

    frame = pd.read_excel(path, engine="openpyxl")
    if shape == "wide":
        frame = frame.melt(id_vars=["date"], var_name="metric", value_name="value").dropna()
        frame["segment"] = ""
    with Session(engine) as session:
        metrics = {name: Metric(name=name) for name in frame["metric"].unique()}
        session.add_all(metrics.values())
        session.flush()
        session.add_all(
            MetricValue(metric_id=metrics[r.metric].id, date=r.date.date(), segment=r.segment, value=float(r.value))
            for r in frame.itertuples()
        )
        session.commit()
    return len(frame)


def worker(args: argparse.Namespace) -> None:
    """Run one path on one file in this process; print JSON with seconds and peak memory."""
    engine = _engine(args.url)
    path, shape = Path(args.file), args.shape
    if args.path == "ours":
        # A running app has its importer modules loaded already; process start-up is not import time.
        from dashboard.importers.registry import load_kinds

        load_kinds()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if args.path == "ours":
        rows = run_ours(engine, path)
    elif args.path == "floor":
        rows = run_floor(engine, path, shape)
    else:
        rows = run_naive(engine, path, shape)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak / 1024, "base_mb": base / 1024}))


# ---------------------------------------------------------------------------------------------


def _fresh_database(kind: str, tmp: Path, pg_url: str) -> tuple[str, callable]:
    if kind == "sqlite":
        path = tmp / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [p.unlink(missing_ok=True) for p in tmp.glob(path.name + "*")]
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return pg_url.rsplit("/", 1)[0] + f"/{name}", drop


def measure(path_name: str, file: Path, shape: str, db: str, tmp: Path, pg_url: str) -> dict:
    url, drop = _fresh_database(db, tmp, pg_url)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", path_name, "--file", str(file), "--shape", shape, "--url", url],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "OUTCOMES_MAX_UPLOAD_MB": "500"},
        )
        if done.returncode != 0:
            raise RuntimeError(f"{path_name} on {file.name} failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        drop()


# The raw floor as a process: nothing of ours is imported. argv: file, database URL.
RAW_FLOOR = """
import sys, time
import python_calamine as pc
path, url = sys.argv[1], sys.argv[2]
grid = pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
body = grid[1:]
names = sorted({r[1] for r in body})
now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
cols = "metric_id, date, segment, value, created_at, created_by, updated_at, updated_by"
meta = ("count", "up", "mean", "kpi", "", now, "bench", now, "bench")
if url.startswith("sqlite"):
    import sqlite3
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.executemany("INSERT INTO metric (name, unit, direction, aggregation, kind, description, created_at, "
                     "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(n, *meta) for n in names])
    ids = dict(conn.execute("SELECT name, id FROM metric"))
    conn.executemany(f"INSERT INTO metric_value ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(ids[r[1]], r[0].isoformat(), r[2], r[3], now, "bench", now, "bench") for r in body])
    conn.commit()
else:
    import psycopg
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO metric (name, unit, direction, aggregation, kind, description, created_at, "
                        "created_by, updated_at, updated_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        [(n, *meta) for n in names])
        ids = dict(cur.execute("SELECT name, id FROM metric").fetchall())
        with cur.copy(f"COPY metric_value ({cols}) FROM STDIN") as copy:
            for r in body:
                copy.write_row((ids[r[1]], r[0], r[2], r[3], now, "bench", now, "bench"))
print(len(body))
"""


def _process(args: list[str], env: dict[str, str]) -> dict:
    """Run `python args...` to its end: wall seconds and that process's own peak RSS (MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"`python {' '.join(args[:3])}` failed ({proc.returncode}):\n{err[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "out": out}


def command_bench(args: argparse.Namespace, tmp: Path) -> None:
    """`python -m dashboard import FILE` as a process against the raw floor process, per database."""
    import compileall

    compileall.compile_dir(str(ROOT / "dashboard"), quiet=1)  # an installed app has its bytecode
    file = tmp / "long-command.xlsx"
    make_long(file, args.command_rows)
    print(f"file: long {args.command_rows:,} rows ({file.stat().st_size / 2**20:.1f} MB)")
    env = {**os.environ, "OUTCOMES_MAX_UPLOAD_MB": "500", "OUTCOMES_MAX_ROWS": str(args.command_rows * 2)}
    env.pop("OUTCOMES_LANG", None)
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print("| database | floor (process) | `python -m dashboard import` | x floor | peak MB floor / ours | x floor |")
    print("|---|---|---|---|---|---|")
    for db in dbs:
        runs: dict[str, list[dict]] = {"floor": [], "ours": []}
        for _ in range(args.repeat):
            for path in ("floor", "ours"):  # interleaved
                url, drop = _fresh_database(db, tmp, args.pg_url)
                try:
                    from dashboard.db import make_engine, migrate

                    engine = make_engine(url)
                    migrate(engine)
                    engine.dispose()
                    if path == "floor":
                        runs[path].append(_process(["-c", RAW_FLOOR, str(file), url], env))
                    else:
                        runs[path].append(_process(["-m", "dashboard", "import", str(file), "--json"],
                                                   {**env, "DATABASE_URL": url}))
                finally:
                    drop()
        floor = min(runs["floor"], key=lambda r: r["seconds"])
        ours = min(runs["ours"], key=lambda r: r["seconds"])
        floor_mb = min(r["peak_mb"] for r in runs["floor"])
        ours_mb = min(r["peak_mb"] for r in runs["ours"])
        label = "SQLite" if db == "sqlite" else "PostgreSQL"
        print(f"| {label} | {floor['seconds']:.2f} s | {ours['seconds']:.2f} s | {ours['seconds'] / floor['seconds']:.2f}x"
              f" | {floor_mb:.0f} / {ours_mb:.0f} | {ours_mb / floor_mb:.2f}x |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per path; the fastest counts (noisy machines)")
    parser.add_argument("--command", action="store_true",
                        help="whole processes: `python -m dashboard import FILE` against the raw floor process")
    parser.add_argument("--command-rows", type=int, default=500_000)
    parser.add_argument("--worker", choices=["ours", "floor", "naive"])
    parser.add_argument("--file")
    parser.add_argument("--shape")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.worker:
        args.path = args.worker
        worker(args)
        return
    if args.command:
        with tempfile.TemporaryDirectory() as tmp_name:
            command_bench(args, Path(tmp_name))
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        long_file, wide_file = tmp / "long.xlsx", tmp / "wide.xlsx"
        make_long(long_file, args.rows)
        make_wide(wide_file)
        print(f"files: long {args.rows:,} rows ({long_file.stat().st_size / 2**20:.1f} MB), "
              f"wide {WIDE_ROWS:,} x {WIDE_COLS} ({wide_file.stat().st_size / 2**20:.1f} MB)")
        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        paths = ["floor", "ours"] + ([] if args.skip_naive else ["naive"])
        print(f"{'db':<11}{'file':<6}{'path':<7}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}")
        for db in dbs:
            for shape, file in (("long", long_file), ("wide", wide_file)):
                runs: dict[str, list[dict]] = {p: [] for p in paths}
                for _ in range(args.repeat):
                    for p in paths:  # interleaved, so that background load hits every path alike
                        if p == "naive" and runs[p]:
                            continue  # one naive run is plenty: it is an order of magnitude slower
                        runs[p].append(measure(p, file, shape, db, tmp, args.pg_url))
                results = {p: min(r, key=lambda x: x["seconds"]) for p, r in runs.items()}
                for p, r in results.items():
                    print(f"{db:<11}{shape:<6}{p:<7}{r['seconds']:>9.2f}{r['rows'] / r['seconds']:>10,.0f}"
                          f"{r['peak_mb']:>9.0f}")
                ratio = results["ours"]["seconds"] / results["floor"]["seconds"]
                line = f"{db:<11}{shape:<6}ours/floor = {ratio:.2f}x"
                if "naive" in results:
                    line += f", naive/ours = {results['naive']['seconds'] / results['ours']['seconds']:.1f}x"
                print(line)


if __name__ == "__main__":
    main()
