"""Hypotheses bench: measuring every hypothesis of a large workspace, as `python -m dashboard hypotheses --json`.

    .venv/bin/python bench/hypotheses_bench.py [--scale 2] [--repeat 3] [--outputs 2000] [--profile]
    .venv/bin/python bench/hypotheses_bench.py --db postgresql://postgres@127.0.0.1:5432/postgres

Builds a fresh database through the application's own migrations (a SQLite file in a temporary folder, or,
with `--db URL`, a scratch database created on that PostgreSQL server and dropped at the end) holding:

- 20 teams, one objective each with two key results (on random metrics), 300 output-to-key-result links;
- 200 metrics x daily values 2024-01-01..2026-11-30 (trend, weekly pattern, noise). 10 of them have values
  only per segment (DE, FR, NL, no total rows), so that totals are rolled up from the segments;
- 2,000 outputs of the 20 teams shipped over the period (5 % not shipped yet);
- 200 hypotheses, each on one metric and linked to 1-2 outputs: about 3/4 shipped long enough ago to be
  measured, some still measuring, some not launched; about 20 with a guardrail metric, 10 on segment DE with
  control segments "FR, NL", 5 on the rolled-up total of a segment-only metric, 5 with a control metric.
  Part of the measured ones put a real step (and a few a 3-day spike) into their metric after the release.

`--scale 2` doubles the metrics, the hypotheses and every count tied to them (outputs stay at `--outputs`).
Values, outputs, hypotheses and links are written with SQLAlchemy core `insert()` (executemany).

Timed in the same run with `time.process_time()` (CPU of this process, all threads) and `time.perf_counter()`
(wall), best of `--repeat` runs, today being 2026-11-30 (the data's last day):

- `measure_from_session(session, today)` as a whole (the code path of the command line), and
  `hypothesis_report` (the same plus the texts the command line prints);
- its parts: the reads of hypotheses, outputs, metric summary and key results; the one query of the value rows
  (`values_frame` for the `value_ranges` of every hypothesis: the floor of reading the values); building the
  `SeriesStore`; `measure_all` with the store loaded (the compute); and the compute per hypothesis;
- the old path's loading alone: one `metric_values` query per series a hypothesis needs (metric, guardrail,
  control; whole history; cached per metric and segment as the previous code did), each into a DataFrame;
- the whole command line as a subprocess, `python -m dashboard hypotheses --json` with `DATABASE_URL` set to
  the bench database (wall time and the child's CPU from `resource.getrusage(RUSAGE_CHILDREN)`), next to
  `python -c "import dashboard.cli"` as the process-start floor, and the same plus the imports the
  measurement needs (`dashboard.services.hypotheses`, and `scipy.stats`, which it imports lazily). The command
  line measures against the real date, so its mix of states matches the in-process one only close to the end
  of 2026.

`--profile` adds a cProfile of one `measure_from_session` call (top 15 by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from dashboard.analysis.series import SeriesStore  # noqa: E402
from dashboard.config import normalise_database_url  # noqa: E402
from dashboard.db import make_engine, migrate  # noqa: E402
from dashboard.models import (  # noqa: E402
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Metric,
    MetricValue,
    Objective,
    Output,
    Team,
)
from dashboard.repository import hypotheses as hyp_repo  # noqa: E402
from dashboard.repository import metrics as metric_repo  # noqa: E402
from dashboard.repository import okrs as okr_repo  # noqa: E402
from dashboard.repository import outputs as output_repo  # noqa: E402
from dashboard.services.hypotheses import (  # noqa: E402
    hypothesis_report,
    measure_all,
    measure_from_session,
    value_ranges,
)

SEED = 20261130
DATA_START = date(2024, 1, 1)
DATA_END = date(2026, 11, 30)
TODAY = DATA_END
N_DAYS = (DATA_END - DATA_START).days + 1
DATES = [DATA_START + timedelta(days=i) for i in range(N_DAYS)]
WEEKEND = np.array([d.weekday() >= 5 for d in DATES])

N_TEAMS = 20
METRICS = 200  # per scale unit, likewise below
SEGMENT_METRICS = 10
HYPOTHESES = 200
GUARDRAILS = 20
CONTROL_SEGMENT_HYPS = 10
ROLLUP_HYPS = 5
CONTROL_METRIC_HYPS = 5
KR_LINKS = 300
SEGMENTS = {"DE": 1.0, "FR": 0.8, "NL": 0.3}
CONTROL = "FR, NL"
UNSHIPPED_SHARE = 0.05
USER = "bench"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
AUDIT = {"created_at": NOW, "created_by": USER, "updated_at": NOW, "updated_by": USER}
CHUNK = 50_000
IMPORTS = "import dashboard.cli, dashboard.services.hypotheses, scipy.stats"
TARGET_CPU_PER_200 = 1.0  # seconds of CPU for 200 hypotheses, in process


# ---------------------------------------------------------------------------------------------
# Workspace


@dataclass
class Workspace:
    """What was written, and what the old path needs to know (the segment-only metrics)."""

    metrics: int = 0
    values: int = 0
    outputs: int = 0
    hypotheses: int = 0
    segment_only: set[int] = field(default_factory=set)
    seconds: float = 0.0


@dataclass
class _MetricSpec:
    id: int
    unit: str
    aggregation: str
    level: float
    trend: float
    dip: float
    noise: float
    segment_only: bool


def _metric_specs(rng: np.random.Generator, n: int, n_segment_only: int) -> list[_MetricSpec]:
    specs = []
    for i in range(1, n + 1):
        unit = str(rng.choice(["count", "count", "%", "€", "s"]))
        if unit == "%":
            aggregation, level = "mean", float(rng.uniform(2, 60))
        else:
            aggregation = str(rng.choice(["sum", "mean", "mean", "last"]))
            level = float(np.exp(rng.uniform(np.log(20), np.log(20_000))))
        specs.append(_MetricSpec(
            id=i, unit=unit, aggregation=aggregation, level=level, trend=float(rng.uniform(-0.3, 0.6)),
            dip=float(rng.uniform(0.0, 0.3)), noise=float(rng.uniform(0.01, 0.05)), segment_only=i <= n_segment_only,
        ))
    return specs


def _series(rng: np.random.Generator, spec: _MetricSpec, factor: float, steps: np.ndarray) -> np.ndarray:
    """Level x trend x weekly pattern x (1 + noise) x (1 + the releases' steps), rounded to cents."""
    t = np.arange(N_DAYS) / N_DAYS
    weekly = np.where(WEEKEND, 1 - spec.dip, 1 + spec.dip * 2 / 5)  # same weekly mean
    noise = rng.normal(0.0, spec.noise, N_DAYS)
    return np.round(spec.level * factor * (1 + spec.trend * t) * weekly * (1 + noise) * (1 + steps), 2)


def _insert(conn, table, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i:i + CHUNK])


def build_workspace(engine: Engine, scale: int, n_outputs: int, seed: int = SEED) -> Workspace:
    """Write the bench workspace into a migrated, empty database."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    n_metrics, n_hyps = METRICS * scale, HYPOTHESES * scale
    specs = _metric_specs(rng, n_metrics, SEGMENT_METRICS * scale)
    segment_only = [s.id for s in specs if s.segment_only]
    plain = [s.id for s in specs if not s.segment_only]
    by_id = {s.id: s for s in specs}

    # Outputs: shipped uniformly over the period, 5 % not shipped yet.
    output_rows, shipped_on = [], {}
    for i in range(1, n_outputs + 1):
        team = int(rng.integers(1, N_TEAMS + 1))
        shipped = None if rng.random() < UNSHIPPED_SHARE else DATA_START + timedelta(days=int(rng.integers(0, N_DAYS)))
        shipped_on[i] = shipped
        key = f"T{team:02d}-{i}"
        output_rows.append({
            "id": i, "key": key, "title": f"Release {i} of team {team:02d}", "type": "feature", "team_id": team,
            "status": "Done" if shipped else "In Progress", "shipped_on": shipped,
            "link": f"https://tracker.example.com/browse/{key}", "labels": [f"team-{team:02d}"],
            "sprints": [], "fix_versions": [], "components": [], "import_id": None, **AUDIT,
        })

    def pool(first: date, last: date) -> list[int]:
        return [i for i, d in shipped_on.items() if d is not None and first <= d <= last]

    measured_pool = pool(DATA_START + timedelta(days=200), TODAY - timedelta(days=100))
    measuring_pool = pool(TODAY - timedelta(days=25), TODAY - timedelta(days=1))
    unshipped_pool = [i for i, d in shipped_on.items() if d is None]

    # Objectives and key results, so that credit sharing through key results is exercised.
    objective_rows = [{
        "id": t, "title": f"Team {t:02d} moves its outcomes", "description": "", "team_id": t, "period": "2026-Q4",
        "owner": "", "status": "active", "closing_note": "", "aligned_to_north_star": False, "carried_from_id": None,
        **AUDIT,
    } for t in range(1, N_TEAMS + 1)]
    kr_rows = []
    for t in range(1, N_TEAMS + 1):
        for k in (1, 2):
            metric_id = int(rng.choice(plain))
            kr_rows.append({"id": len(kr_rows) + 1, "objective_id": t, "title": f"Key result {k}",
                            "metric_id": metric_id, "baseline": 1.0, "target": 2.0, "stretch": None, "unit": "",
                            **AUDIT})
    kr_links = {(int(rng.integers(1, len(kr_rows) + 1)), int(rng.integers(1, n_outputs + 1)))
                for _ in range(KR_LINKS * scale)}

    # Hypotheses, and the steps their releases put into the data.
    steps: dict[tuple[int, str], np.ndarray] = {}

    def add_step(metric_id: int, segment: str, start: int, size: float, days: int | None = None) -> None:
        arr = steps.setdefault((metric_id, segment), np.zeros(N_DAYS))
        arr[start:None if days is None else start + days] += size

    hyp_rows, link_rows = [], []
    n_control, n_rollup = CONTROL_SEGMENT_HYPS * scale, ROLLUP_HYPS * scale
    guard_ids = set(rng.choice(np.arange(1, n_hyps + 1), GUARDRAILS * scale, replace=False).tolist())
    control_metric_ids = set(range(n_control + n_rollup + 1, n_control + n_rollup + 1 + CONTROL_METRIC_HYPS * scale))
    for h in range(1, n_hyps + 1):
        segment, control_segments, control_metric = "", "", None
        if h <= n_control:
            metric_id, segment, control_segments = segment_only[(h - 1) % len(segment_only)], "DE", CONTROL
        elif h <= n_control + n_rollup:
            metric_id = segment_only[(h - 1) % len(segment_only)]
        else:
            metric_id = int(rng.choice(plain))
        if h in control_metric_ids:
            control_metric = int(rng.choice([m for m in plain if m != metric_id]))
        spec = by_id[metric_id]
        state = "measured" if h <= n_control else str(rng.choice(["measured", "measuring", "not_launched"],
                                                                  p=[0.75, 0.12, 0.13]))
        window = None
        if state == "measured":
            outs = [int(o) for o in rng.choice(measured_pool, int(rng.integers(1, 3)), replace=False)]
            window = [None, None, None, None, 14, 42][int(rng.integers(0, 6))]
        elif state == "measuring":
            outs = [int(rng.choice(measuring_pool))]
            if rng.random() < 0.5:
                outs.append(int(rng.choice(measured_pool)))
        else:
            outs = [int(rng.choice(unshipped_pool))]
            if rng.random() < 0.5:
                outs.append(int(rng.choice(measured_pool)))
        if spec.unit == "%" and rng.random() < 0.5:
            kind, expected = "pp", float(rng.uniform(0.5, 3.0))
            relative_expected = expected / spec.level
        elif rng.random() < 0.2:
            kind, relative_expected = "absolute", float(rng.uniform(0.02, 0.10))
            expected = round(spec.level * relative_expected, 2)
        else:
            kind, expected = "relative", round(float(rng.uniform(0.02, 0.12)), 3)
            relative_expected = expected
        if state == "measured":
            t0 = max(shipped_on[o] for o in outs)
            start = (t0 - DATA_START).days + 1
            factor = 0.0 if rng.random() < 0.3 else float(rng.uniform(0.3, 1.5))
            for seg in ([segment] if segment else (list(SEGMENTS) if spec.segment_only else [""])):
                if factor:
                    add_step(metric_id, seg, start, relative_expected * factor)
                if rng.random() < 0.05:
                    add_step(metric_id, seg, start + 4, 0.4, 3)
        guardrail = None
        if h in guard_ids:
            guardrail = int(rng.choice([m for m in range(1, n_metrics + 1) if m != metric_id]))
        key_result = int(rng.integers(1, len(kr_rows) + 1)) if rng.random() < 0.25 else None
        hyp_rows.append({
            "id": h, "statement": f"Hypothesis {h}: release moves metric {metric_id}",
            "team_id": int(rng.integers(1, N_TEAMS + 1)), "metric_id": metric_id, "change_kind": kind,
            "expected_change": expected, "segment": segment, "reason": "", "key_result_id": key_result,
            "window_days": window, "guardrail_metric_id": guardrail, "control_segments": control_segments,
            "control_metric_id": control_metric, "status": "planned" if state == "not_launched" else "measuring",
            "stop_reason": "", "learning": "", "learning_opened_at": None, **AUDIT,
        })
        link_rows += [{"hypothesis_id": h, "output_id": o} for o in dict.fromkeys(outs)]

    # Values: every metric daily; the segment-only ones per segment, without total rows.
    value_rows: list[dict] = []
    zero = np.zeros(N_DAYS)
    for spec in specs:
        for seg, factor in (SEGMENTS.items() if spec.segment_only else [("", 1.0)]):
            values = _series(rng, spec, factor, steps.get((spec.id, seg), zero))
            value_rows += [{"metric_id": spec.id, "date": d, "segment": seg, "value": v, "import_id": None, **AUDIT}
                           for d, v in zip(DATES, values.tolist(), strict=True)]

    team_rows = [{"id": t, "name": f"Team {t:02d}", "archived": False, **AUDIT} for t in range(1, N_TEAMS + 1)]
    metric_rows = [{
        "id": s.id, "name": f"Metric {s.id:03d}", "unit": s.unit, "direction": "down" if s.id % 5 == 0 else "up",
        "aggregation": s.aggregation, "kind": "north_star" if s.id == n_metrics else "kpi",
        "description": "", **AUDIT,
    } for s in specs]
    with engine.begin() as conn:
        for table, rows in ((Team, team_rows), (Metric, metric_rows), (Output, output_rows),
                            (Objective, objective_rows), (KeyResult, kr_rows), (Hypothesis, hyp_rows),
                            (HypothesisOutput, link_rows), (MetricValue, value_rows)):
            _insert(conn, table.__table__, rows)
        _insert(conn, KeyResultOutput.__table__, [{"key_result_id": k, "output_id": o} for k, o in sorted(kr_links)])
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("team", "metric", "output", "objective", "key_result", "hypothesis"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM \"{table}\""))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    return Workspace(metrics=n_metrics, values=len(value_rows), outputs=n_outputs, hypotheses=n_hyps,
                     segment_only=set(segment_only), seconds=time.perf_counter() - started)


@contextmanager
def bench_database(url: str | None):
    """A migrated, empty database: a SQLite file in a temporary folder, or a scratch PostgreSQL database
    created on the server of `url` (and dropped at the end). Yields `(engine, url for DATABASE_URL)`."""
    if not url:
        with tempfile.TemporaryDirectory(prefix="hypotheses-bench-") as tmp:
            db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            engine = make_engine(db_url)
            migrate(engine)
            try:
                yield engine, db_url
            finally:
                engine.dispose()
        return
    base = make_url(normalise_database_url(url))
    name = f"hypotheses_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = base.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(db_url)
    try:
        migrate(engine)
        yield engine, db_url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float


def timed(fn: Callable[[], object], repeat: int) -> tuple[Timing, Timing, object]:
    """Best CPU and best wall time of `repeat` calls (each minimum on its own), the first call's time, and the
    last call's result."""
    runs, result = [], None
    for _ in range(repeat):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        result = fn()
        runs.append(Timing(time.process_time() - cpu, time.perf_counter() - wall))
    return Timing(min(r.cpu for r in runs), min(r.wall for r in runs)), runs[0], result


def _missing(value) -> bool:
    return value is None or value != value


def old_loading(session: Session, hyps: pd.DataFrame, segment_only: set[int]) -> dict[tuple[int, str], pd.DataFrame]:
    """The previous path's loading: one `metric_values` query per series a hypothesis needs, whole history,
    cached per (metric, segment). A total of a segment-only metric reads every segment (`segment=None`)."""
    cache: dict[tuple[int, str], pd.DataFrame] = {}

    def load(metric_id: int, segment: str) -> None:
        if (metric_id, segment) not in cache:
            seg = None if not segment and metric_id in segment_only else segment
            cache[(metric_id, segment)] = metric_repo.metric_values(session=session, metric_id=metric_id, segment=seg)

    for h in hyps.to_dict("records"):
        metric_id = int(h["metric_id"])
        load(metric_id, h["segment"] or "")
        for column in ("guardrail_metric_id", "control_metric_id"):
            if not _missing(h[column]):
                load(int(h[column]), "")
        for seg in (s.strip() for s in str(h["control_segments"] or "").split(",") if s.strip()):
            load(metric_id, seg)
    return cache


def run_cli(args: list[str], env: dict[str, str], repeat: int) -> tuple[Timing, str]:
    """Best wall time and best child CPU (user + system) of `repeat` runs of `python args...`; its stdout."""
    runs, out = [], ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise RuntimeError(f"`python {' '.join(args)}` failed ({proc.returncode}):\n{proc.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append(Timing(cpu, wall))
        out = proc.stdout
    return Timing(min(r.cpu for r in runs), min(r.wall for r in runs)), out


def profile(engine: Engine, top: int = 15) -> str:
    """cProfile of one `measure_from_session`, the `top` functions by cumulative time, with short paths."""
    profiler = cProfile.Profile()
    with Session(engine, expire_on_commit=False) as session:
        profiler.enable()
        measure_from_session(session, TODAY)
        profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    report = stream.getvalue()
    for prefix in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], str(ROOT)},
                         key=len, reverse=True):
        report = report.replace(prefix + "/", "")
    return report


# ---------------------------------------------------------------------------------------------
# Report


def _s(value: float) -> str:
    return f"{value:.3f}"


def _x(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply metrics and hypotheses (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, the best is kept (default 3)")
    parser.add_argument("--outputs", type=int, default=2000, help="outputs in the workspace (default 2000)")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL: run on a scratch database on that server")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one measure_from_session")
    args = parser.parse_args(argv)
    if args.scale < 1 or args.repeat < 1:
        parser.error("--scale and --repeat must be at least 1")
    if args.db and not normalise_database_url(args.db).startswith("postgresql"):
        parser.error("--db takes a PostgreSQL URL (SQLite is the default)")

    with bench_database(args.db) as (engine, db_url):
        ws = build_workspace(engine, args.scale, args.outputs)
        n = ws.hypotheses
        print(f"backend {engine.dialect.name}; workspace built in {ws.seconds:.1f} s: {ws.metrics} metrics "
              f"({len(ws.segment_only)} per segment only), {ws.values:,} values, {ws.outputs:,} outputs, "
              f"{n} hypotheses; today {TODAY}\n", flush=True)

        # The whole path, first: its first run is the cold one (lazy imports such as scipy).
        def whole() -> object:
            with Session(engine, expire_on_commit=False) as session:
                return measure_from_session(session, TODAY)

        total, cold, (hyps, results) = timed(whole, args.repeat)

        def report_texts() -> object:
            with Session(engine, expire_on_commit=False) as session:
                return hypothesis_report(session=session, today=TODAY)

        t_report, _, _ = timed(report_texts, args.repeat)

        def in_session(fn: Callable[[Session], object]) -> Callable[[], object]:
            """`fn` in a new session per call, as `measure_from_session` gets one from the command line."""
            def call() -> object:
                with Session(engine, expire_on_commit=False) as session:
                    return fn(session)
            return call

        def reads(session: Session) -> tuple[pd.DataFrame, ...]:
            return (hyp_repo.hypotheses_frame(session=session), output_repo.outputs_frame(session=session),
                    metric_repo.metric_summary(session=session), okr_repo.key_results_frame(session=session))

        t_reads, _, (hyps, outputs, metrics, key_results) = timed(in_session(reads), args.repeat)
        t_ranges, _, ranges = timed(lambda: value_ranges(hyps, outputs, metrics, TODAY), args.repeat)
        t_query, _, frame = timed(in_session(lambda s: metric_repo.values_frame(session=s, ranges=ranges)), args.repeat)
        t_store, _, store = timed(lambda: SeriesStore(frame), args.repeat)
        t_compute, _, _ = timed(lambda: measure_all(hyps, outputs, metrics, store, TODAY, key_results), args.repeat)
        t_old, _, old = timed(in_session(lambda s: old_loading(s, hyps, ws.segment_only)), args.repeat)
        old_rows = sum(len(f) for f in old.values())

        env = {**os.environ, "DATABASE_URL": db_url}
        env.pop("OUTCOMES_LANG", None)
        t_cli, out = run_cli(["-m", "dashboard", "hypotheses", "--json"], env, args.repeat)
        t_start, _ = run_cli(["-c", "import dashboard.cli"], env, args.repeat)
        t_imports, _ = run_cli(["-c", IMPORTS], env, args.repeat)
        cli_records = json.loads(out)
        report = profile(engine) if args.profile else ""

    states = Counter(m.state if m.verdict is None else m.verdict for m in results.values())
    cli_states = Counter(r["verdict"] or "no verdict" for r in cli_records)
    parts = t_reads.cpu + t_ranges.cpu + t_query.cpu + t_store.cpu + t_compute.cpu
    rows = [
        ("`measure_from_session` (whole, new path)", total, f"{_x(total.cpu, t_query.cpu)} the floor query",
         f"first (cold) run {_s(cold.cpu)} s CPU, {_s(cold.wall)} s wall"),
        ("reads: hypotheses, outputs, metric summary, key results", t_reads, f"{t_reads.cpu / total.cpu:.0%} of whole",
         "4 frames"),
        ("`value_ranges`", t_ranges, f"{t_ranges.cpu / total.cpu:.0%} of whole", f"{len(ranges)} metrics"),
        ("floor: one `values_frame` query", t_query, f"{t_query.cpu / total.cpu:.0%} of whole",
         f"{len(frame):,} rows"),
        ("`SeriesStore` build", t_store, f"{t_store.cpu / total.cpu:.0%} of whole", ""),
        ("compute: `measure_all`, store loaded", t_compute, f"{t_compute.cpu / total.cpu:.0%} of whole",
         f"{n} hypotheses"),
        ("compute per hypothesis (ms)", Timing(t_compute.cpu / n * 1000, t_compute.wall / n * 1000), "", ""),
        ("sum of the parts", Timing(parts, t_reads.wall + t_ranges.wall + t_query.wall + t_store.wall
                                    + t_compute.wall), f"{parts / total.cpu:.0%} of whole", ""),
        ("old path, loading only: `metric_values` per series", t_old, f"{_x(t_old.cpu, t_query.cpu)} the floor query",
         f"{len(old)} queries, {old_rows:,} rows"),
        ("`hypothesis_report` in process (whole + texts of the CLI)", t_report,
         f"{_x(t_report.cpu, total.cpu)} whole", ""),
        ("CLI `python -m dashboard hypotheses --json` (child CPU)", t_cli, f"{_x(t_cli.cpu, t_start.cpu)} start",
         f"{len(cli_records)} records"),
        ('process start: `python -c "import dashboard.cli"`', t_start, "", ""),
        (f'process start and the measurement\'s imports: `python -c "{IMPORTS}"`', t_imports, "", ""),
        ("CLI minus process start", Timing(t_cli.cpu - t_start.cpu, t_cli.wall - t_start.wall),
         f"{_x(t_cli.cpu - t_start.cpu, total.cpu)} in-process whole", ""),
        ("CLI minus process start and imports", Timing(t_cli.cpu - t_imports.cpu, t_cli.wall - t_imports.wall),
         f"{_x(t_cli.cpu - t_imports.cpu, total.cpu)} in-process whole", "report texts, JSON, first-call costs"),
    ]
    print(f"Best of {args.repeat} runs, scale {args.scale} ({n} hypotheses, {ws.metrics} metrics), "
          f"{engine.dialect.name}.\n")
    print("| step | CPU s | wall s | ratio (CPU) | note |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, timing, ratio, note in rows:
        print(f"| {name} | {_s(timing.cpu)} | {_s(timing.wall)} | {ratio} | {note} |")
    print(f"\nIn process: {', '.join(f'{k} {v}' for k, v in sorted(states.items()))}.")
    print(f"Command line (today {date.today()}): {', '.join(f'{k} {v}' for k, v in sorted(cli_states.items()))}.")
    budget = TARGET_CPU_PER_200 * n / 200
    verdict = "PASS" if total.cpu < budget else "FAIL"
    print(f"\nmeasurement of {n} hypotheses under {budget:g} s CPU in process: {verdict} ({_s(total.cpu)} s)")
    if report:
        print("\nProfile of one `measure_from_session` (top 15 by cumulative time):\n")
        print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
