"""Pages bench: every page on a company-sized workspace, against Streamlit's own floor, in one run.

    .venv/bin/python bench/pages_bench.py [--scale 1 2] [--repeat 5] [--no-browser] [--sessions 20]
                                          [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]

Workspace (deterministic; per scale unit, `--scale 2` doubles every count): the generator of
`bench/hypotheses_bench.py` (200 metrics x daily values 2024-01-01..2026-11-30, 2,000 outputs over 20 teams,
200 hypotheses) plus 100 objectives of the current quarter with 300 key results (half on a metric, half
checked in by hand, with check-ins every two weeks) and 150 learnings linked to 1-3 hypotheses each.

Per page, through AppTest in this process (the app as a signed-in editor):

- cold: the first run after every cache was cleared (imports already loaded);
- warm: the median of `--repeat` reruns with the caches filled, and its ratio to the floor page's rerun
  (the floor page draws one 1,000-point Altair line chart and one 100-row table);
- KB per load: the size of the ForwardMsgs one run sends (what the server writes to the browser);
- the largest chart's rows (over all its datasets) and the number of forms on the page.

With Chromium at /usr/bin/chromium (`--no-browser` skips it): the page opened in a new tab of a real
`streamlit run` server, time from navigation to the script's end with every chart painted, median of
`--repeat` warm loads, against a hello-world page served the same way; and the websocket bytes of one load.

Concurrency: `--sessions` websocket clients open the overview at once against a real server (SQLite, and
PostgreSQL with `--pg-url`): median and worst time to the script's end, and errors.

PASS/FAIL against the targets: warm within 8x the floor, browser within 2x the hello page, cold under 5 s,
no page over 500 KB, no chart over 5,000 rows, no error among the concurrent sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest outside a server warns on every cache clear
sys.path.insert(0, str(ROOT / "bench"))

import hypotheses_bench as hb  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from dashboard.models import CheckIn, KeyResult, Learning, LearningHypothesis, Objective  # noqa: E402

PAGES = [
    ("Overview", "streamlit_app.py", ""),
    ("Objectives", "pages/1_Objectives.py", "Objectives"),
    ("Hypotheses", "pages/2_Hypotheses.py", "Hypotheses"),
    ("Outputs", "pages/3_Outputs.py", "Outputs"),
    ("Data", "pages/4_Data.py", "Data"),
    ("Review", "pages/5_Review.py", "Review"),
]
OBJECTIVES, KEY_RESULTS, LEARNINGS, OUTPUTS = 100, 300, 150, 2000
PERIOD = "2026-Q4"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
AUDIT = {"created_at": NOW, "created_by": "bench", "updated_at": NOW, "updated_by": "bench"}

WARM_LIMIT, BROWSER_LIMIT, COLD_LIMIT, KB_LIMIT, ROW_LIMIT = 8.0, 2.0, 5.0, 500, 5000

FLOOR_PAGE = textwrap.dedent("""
    import altair as alt
    import numpy as np
    import pandas as pd
    import streamlit as st

    st.set_page_config(layout="wide")
    st.title("Floor")
    days = pd.date_range("2024-01-01", periods=1000, freq="D")
    line = pd.DataFrame({"date": days, "value": np.sin(np.arange(1000) / 30) * 100 + 500})
    st.altair_chart(alt.Chart(line).mark_line().encode(x="date:T", y="value:Q"), width="stretch")
    table = pd.DataFrame({"name": [f"row {i}" for i in range(100)], "value": np.arange(100) * 1.5,
                          "when": pd.date_range("2026-01-01", periods=100, freq="D")})
    st.dataframe(table, hide_index=True)
""")
HELLO_PAGE = 'import streamlit as st\n\nst.write("Hello")\n'


# ---------------------------------------------------------------------------------------------
# Workspace


def build_workspace(engine: Engine, scale: int) -> str:
    """The hypotheses bench's workspace plus objectives, key results, check-ins and learnings."""
    started = time.perf_counter()
    ws = hb.build_workspace(engine, scale, OUTPUTS * scale)
    rng = np.random.default_rng(hb.SEED + 1)
    with engine.begin() as conn:
        first_obj = conn.execute(text("SELECT MAX(id) FROM objective")).scalar() + 1
        first_kr = conn.execute(text("SELECT MAX(id) FROM key_result")).scalar() + 1
        n_obj_before = first_obj - 1
        objectives, krs, check_ins = [], [], []
        extra = OBJECTIVES * scale - n_obj_before
        for i in range(extra):
            team = int(rng.integers(1, hb.N_TEAMS + 1))
            objectives.append({
                "id": first_obj + i, "title": f"Objective {i + 1} of team {team:02d}", "description": "",
                "team_id": team, "period": PERIOD, "owner": f"owner{i % 7}", "status": "active", "closing_note": "",
                "aligned_to_north_star": i % 5 == 0, "carried_from_id": None, **AUDIT,
            })
        obj_ids = list(range(1, n_obj_before + 1)) + [o["id"] for o in objectives]
        n_kr_before = first_kr - 1
        for i in range(KEY_RESULTS * scale - n_kr_before):
            kr_id = first_kr + i
            on_metric = i % 2 == 0
            krs.append({
                "id": kr_id, "objective_id": obj_ids[i % len(obj_ids)], "title": f"Key result {kr_id}",
                "metric_id": int(rng.integers(1, ws.metrics + 1)) if on_metric else None,
                "baseline": 100.0, "target": 150.0, "stretch": 170.0 if i % 3 == 0 else None, "unit": "",
                **AUDIT,
            })
        day = date(2026, 10, 5)
        for kr_id in range(1, KEY_RESULTS * scale + 1):
            value = 100.0
            for week in range(0, 8, 2):
                value += float(rng.uniform(0, 12))
                check_ins.append({"key_result_id": kr_id, "date": day + timedelta(days=7 * week), "value": value,
                                  "confidence": int(rng.integers(3, 10)), "comment": f"week {week}",
                                  "created_at": NOW, "created_by": "bench"})
        learnings, links = [], []
        for i in range(1, LEARNINGS * scale + 1):
            learnings.append({
                "id": i, "title": f"Learning {i}: what the release taught us", "team_id": int(rng.integers(1, hb.N_TEAMS + 1)),
                "believed": "We believed the change would help.", "happened": "It helped less than hoped.",
                "next_time": "Measure the funnel step first.", "status": ["draft", "open", "closed"][i % 3], **AUDIT,
            })
            for h in dict.fromkeys(int(x) for x in rng.integers(1, ws.hypotheses + 1, int(rng.integers(1, 4)))):
                links.append({"learning_id": i, "hypothesis_id": h, "relation": "supports" if h % 3 else "contradicts"})
        for table, rows in ((Objective, objectives), (KeyResult, krs), (CheckIn, check_ins), (Learning, learnings),
                            (LearningHypothesis, links)):
            hb._insert(conn, table.__table__, rows)
        conn.execute(text("UPDATE objective SET period = :p"), {"p": PERIOD})
        if conn.dialect.name == "postgresql":
            for table in ("objective", "key_result", "check_in", "learning"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM \"{table}\""))
    return (f"{ws.metrics} metrics, {ws.values:,} values, {ws.outputs:,} outputs, {ws.hypotheses} hypotheses, "
            f"{OBJECTIVES * scale} objectives, {KEY_RESULTS * scale} key results, {len(check_ins):,} check-ins, "
            f"{LEARNINGS * scale} learnings; built in {time.perf_counter() - started:.1f} s")


# ---------------------------------------------------------------------------------------------
# AppTest


_sent: list[int] = []


def _count_bytes() -> None:
    """Record the size of the ForwardMsgs of every AppTest run (what the server would send)."""
    from streamlit.testing.v1 import app_test, local_script_runner

    base = local_script_runner.LocalScriptRunner

    class Counting(base):  # type: ignore[misc,valid-type]
        def run(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            tree = super().run(*args, **kwargs)
            _sent.append(sum(m.ByteSize() for m in self.forward_msgs()))
            return tree

    app_test.LocalScriptRunner = Counting


def chart_rows(at) -> int:  # noqa: ANN001
    """The largest chart's rows, over all its datasets (Arrow IPC) and inline values."""
    import json

    import pyarrow as pa

    largest = 0
    for kind in ("vega_lite_chart", "arrow_vega_lite_chart"):
        for chart in at.get(kind):
            proto = chart.proto
            rows = 0
            for ds in getattr(proto, "datasets", []):
                raw = ds.data.data
                if raw:
                    rows += pa.ipc.open_stream(io.BytesIO(raw)).read_all().num_rows
            if getattr(proto, "data", None) is not None and proto.data.data:
                rows += pa.ipc.open_stream(io.BytesIO(proto.data.data)).read_all().num_rows
            spec = json.loads(proto.spec) if proto.spec else {}
            for values in _inline_values(spec):
                rows += len(values)
            largest = max(largest, rows)
    return largest


def _inline_values(node) -> Iterator[list]:  # noqa: ANN001
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "values" and isinstance(value, list):
                yield value
            else:
                yield from _inline_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _inline_values(item)


@dataclass
class PageFigures:
    name: str
    cold: float = 0.0
    warm: float = 0.0
    kb: float = 0.0
    rows: int = 0
    forms: int = 0
    exceptions: list[str] = field(default_factory=list)
    browser: float | None = None
    browser_kb: float | None = None


def _clear_caches() -> None:
    import streamlit as st

    from dashboard import config

    config.settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def apptest_page(script: Path, page: str | None, repeat: int) -> PageFigures:
    """Cold and warm runs of one page through AppTest."""
    from streamlit.testing.v1 import AppTest

    _clear_caches()
    gc.collect()
    at = AppTest.from_file(str(script), default_timeout=600)
    at.query_params["lang"] = "en"
    if page:
        at.switch_page(page)
    started = time.perf_counter()
    at.run()
    figures = PageFigures(name=page or script.name, cold=time.perf_counter() - started)
    warm = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    figures.warm = statistics.median(warm)
    figures.kb = _sent[-1] / 1000
    figures.rows = chart_rows(at)
    figures.forms = len(at.get("form"))
    figures.exceptions = [e.value[:200] for e in at.exception]
    return figures


# ---------------------------------------------------------------------------------------------
# A real server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, database_url: str) -> Iterator[str]:
    """`streamlit run script` on a free port; yields the base URL once healthy."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("OUTCOMES_LANG", None)
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=script.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited early:\n{log.read().decode(errors='replace')}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            if time.monotonic() > deadline:
                raise TimeoutError("streamlit did not become healthy")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _finished(payload: bytes | str) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return False
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a ForwardMsg
        return False
    return msg.WhichOneof("type") == "script_finished"


def browser_load(browser, url: str) -> tuple[float, int]:  # noqa: ANN001
    """Seconds from navigation to the script's end with every chart painted, and websocket bytes received."""
    from dashboard.testing import APP_IDLE

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    state = {"bytes": 0, "done": False}

    def on_ws(ws) -> None:  # noqa: ANN001
        def on_frame(payload) -> None:  # noqa: ANN001
            state["bytes"] += len(payload)
            if _finished(payload):
                state["done"] = True
        ws.on("framereceived", on_frame)

    page.on("websocket", on_ws)
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    while not state["done"]:
        page.wait_for_timeout(10)
        if time.perf_counter() - started > 300:
            raise TimeoutError(f"{url} did not finish")
    page.wait_for_selector(APP_IDLE, timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(c => c.checkVisibility()).every(c => c.querySelector('canvas, svg'))", timeout=120_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed, state["bytes"]


def browser_figures(database_url: str, tmp: Path, repeat: int) -> tuple[dict[str, tuple[float, int]], float]:
    """Median warm browser load per page, and the hello page's."""
    from playwright.sync_api import sync_playwright

    from dashboard.testing import launch_browser

    hello = tmp / "hello_page.py"
    hello.write_text(HELLO_PAGE)
    results: dict[str, tuple[float, int]] = {}
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        with serve(hello, database_url) as base:
            browser_load(browser, base)
            hello_time = statistics.median(browser_load(browser, base)[0] for _ in range(repeat))
        with serve(ROOT / "streamlit_app.py", database_url) as base:
            for name, _, path in PAGES:
                url = f"{base}/{path}?lang=en"
                browser_load(browser, url)  # the caches fill
                loads = [browser_load(browser, url) for _ in range(repeat)]
                results[name] = (statistics.median(x[0] for x in loads), loads[-1][1])
        browser.close()
    return results, hello_time


# ---------------------------------------------------------------------------------------------
# Concurrent sessions


async def _one_session(ws_url: str) -> float:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    started = time.perf_counter()
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = "lang=en"
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        while True:
            frame = await asyncio.wait_for(ws.recv(), timeout=300)
            if _finished(frame):
                return time.perf_counter() - started


async def _sessions(ws_url: str, n: int) -> list[float | BaseException]:
    return await asyncio.gather(*(_one_session(ws_url) for _ in range(n)), return_exceptions=True)


def concurrent_overview(database_url: str, n: int) -> tuple[float, float, int]:
    """`n` sessions open the overview at once (after one warm-up): median, worst seconds and errors."""
    with serve(ROOT / "streamlit_app.py", database_url) as base:
        ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        asyncio.run(_sessions(ws_url, 1))
        results = asyncio.run(_sessions(ws_url, n))
    times = [r for r in results if isinstance(r, float)]
    errors = len(results) - len(times)
    return (statistics.median(times) if times else float("nan"), max(times) if times else float("nan"), errors)


# ---------------------------------------------------------------------------------------------
# Report


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def run_scale(scale: int, args: argparse.Namespace, tmp: Path) -> bool:
    ok = True
    with hb.bench_database(None) as (engine, db_url):
        print(f"## Scale x{scale}\n\nSQLite workspace: {build_workspace(engine, scale)}\n", flush=True)
        os.environ["DATABASE_URL"] = db_url
        os.environ.pop("OUTCOMES_LANG", None)
        floor_script = tmp / "floor_page.py"
        floor_script.write_text(FLOOR_PAGE)
        floor = apptest_page(floor_script, None, args.repeat)
        pages = [apptest_page(ROOT / "streamlit_app.py", None if path == "streamlit_app.py" else path, args.repeat)
                 for _, path, _ in PAGES]
        for (name, _, _), figures in zip(PAGES, pages, strict=True):
            figures.name = name
        hello = None
        if args.browser:
            measured, hello = browser_figures(db_url, tmp, args.repeat)
            for figures in pages:
                figures.browser, browser_bytes = measured[figures.name]
                figures.browser_kb = browser_bytes / 1000
        print(f"Floor page (1,000-point line chart + 100-row table): AppTest cold {floor.cold:.2f} s, "
              f"warm {floor.warm * 1000:.0f} ms, {floor.kb:.0f} KB" +
              (f"; browser hello page {hello:.2f} s" if hello else "") + "\n")
        print("| page | AppTest cold | AppTest warm | x floor | KB per load | largest chart (rows) | forms |"
              + (" browser | x hello | browser KB |" if hello else "") + " verdict |")
        print("|---|---|---|---|---|---|---|" + ("---|---|---|" if hello else "") + "---|")
        for f in pages:
            ratio = f.warm / floor.warm
            checks = [f.cold < COLD_LIMIT, ratio <= WARM_LIMIT, f.kb <= KB_LIMIT, f.rows <= ROW_LIMIT, not f.exceptions]
            browser_cells = ""
            if hello:
                checks.append(f.browser / hello <= BROWSER_LIMIT)
                browser_cells = f" {f.browser:.2f} s | {f.browser / hello:.1f}x | {f.browser_kb:.0f} |"
            ok &= all(checks)
            print(f"| {f.name} | {f.cold:.2f} s | {f.warm * 1000:.0f} ms | {ratio:.1f}x | {f.kb:.0f} | {f.rows:,} |"
                  f" {f.forms} |{browser_cells} {_verdict(all(checks))} |")
            for e in f.exceptions:
                print(f"  exception on {f.name}: {e}")
        print()
        backends = [("SQLite", db_url)]
        pg_ctx = hb.bench_database(args.pg_url) if args.pg_url else contextlib.nullcontext((None, None))
        with pg_ctx as (pg_engine, pg_url):
            if pg_engine is not None:
                build_workspace(pg_engine, scale)
                backends.append(("PostgreSQL", pg_url))
            print(f"| {args.sessions} sessions open the overview at once | median | worst | errors | verdict |")
            print("|---|---|---|---|---|")
            for label, url in backends:
                median, worst, errors = concurrent_overview(url, args.sessions)
                ok &= errors == 0
                print(f"| {label} | {median:.2f} s | {worst:.2f} s | {errors} | {_verdict(errors == 0)} |")
        print(flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1], help="workspace sizes to run (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per figure, the median is kept")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions on the overview")
    parser.add_argument("--pg-url", default=None, help="a PostgreSQL server URL: also run the sessions there")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium figures")
    args = parser.parse_args(argv)
    from dashboard.testing import CHROMIUM

    args.browser = args.browser and Path(CHROMIUM).exists()
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    _count_bytes()
    ok = True
    with tempfile.TemporaryDirectory(prefix="pages-bench-") as tmp:
        for scale in args.scale:
            ok &= run_scale(scale, args, Path(tmp))
    print(f"Targets (warm <= {WARM_LIMIT:g}x floor, browser <= {BROWSER_LIMIT:g}x hello, cold < {COLD_LIMIT:g} s, "
          f"<= {KB_LIMIT} KB per load, <= {ROW_LIMIT:,} chart rows, no session error): {_verdict(ok)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
