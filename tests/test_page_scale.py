"""Pages on a generated workspace that grows: charts stay under Altair's row limit, editing opens one
form, long lists are paged, and the number of SQL queries a page makes does not grow with the data."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pytest
from conftest import _use_database
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from dashboard import config
from dashboard.analysis.periods import period_of
from dashboard.db import engine_for, migrate
from dashboard.models import (
    CheckIn,
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    Learning,
    LearningHypothesis,
    Metric,
    MetricValue,
    Objective,
    Output,
    Team,
)

ROW_LIMIT = 5000
DAYS = 5_200  # more than the row limit in one daily series
TODAY = date.today()
NOW = datetime(2026, 1, 1, tzinfo=UTC)
AUDIT = {"created_at": NOW, "created_by": "test", "updated_at": NOW, "updated_by": "test"}
PAGES = ["streamlit_app.py", "pages/1_Objectives.py", "pages/2_Hypotheses.py", "pages/3_Outputs.py",
         "pages/4_Data.py", "pages/5_Review.py"]


def build(engine: Engine, size: int) -> None:
    """`size` metrics of daily values over 14 years, and outputs, bets, objectives, learnings in proportion."""
    first = TODAY - timedelta(days=DAYS - 1)
    teams = [{"id": i, "name": f"Team {i}", "archived": False, **AUDIT} for i in (1, 2, 3)]
    metrics = [{"id": m, "name": f"Metric {m}", "unit": "count", "direction": "up",
                "aggregation": ["sum", "mean", "last"][m % 3], "kind": "north_star" if m == 1 else "kpi",
                "description": "", **AUDIT} for m in range(1, size + 1)]
    values = [{"metric_id": m, "date": first + timedelta(days=d), "segment": "", "value": 100.0 + d % 7 + m,
               "import_id": None, **AUDIT} for m in range(1, size + 1) for d in range(DAYS)]
    outputs = [{"id": o, "key": f"OUT-{o}", "title": f"Release {o}", "type": "feature", "team_id": 1 + o % 3,
                "status": "Done", "shipped_on": TODAY - timedelta(days=30 + (o * 37) % 600), "link": "",
                "labels": [], "sprints": [], "fix_versions": [], "components": [], "import_id": None, **AUDIT}
               for o in range(1, 40 * size + 1)]
    hyps = [{"id": h, "statement": f"Bet {h} raises metric {1 + h % size}", "team_id": 1 + h % 3,
             "metric_id": 1 + h % size, "change_kind": "relative", "expected_change": 0.05, "segment": "",
             "reason": "because", "key_result_id": None, "window_days": None, "guardrail_metric_id": None,
             "control_segments": "", "control_metric_id": None, "status": "measuring", "stop_reason": "",
             "learning": "", "learning_opened_at": NOW, **AUDIT} for h in range(1, 8 * size + 1)]
    links = [{"hypothesis_id": h, "output_id": h} for h in range(1, 8 * size + 1)]
    period = period_of(TODAY)
    objectives = [{"id": i, "title": f"Objective {i}", "description": "", "team_id": 1 + i % 3, "period": period,
                   "owner": "", "status": "active", "closing_note": "", "aligned_to_north_star": False,
                   "carried_from_id": None, **AUDIT} for i in range(1, 4 * size + 1)]
    krs = [{"id": k, "objective_id": 1 + k % len(objectives), "title": f"Key result {k}",
            "metric_id": 1 + k % size if k % 2 else None, "baseline": 1.0, "target": 2.0, "stretch": None,
            "unit": "", **AUDIT} for k in range(1, 8 * size + 1)]
    check_ins = [{"key_result_id": k, "date": TODAY - timedelta(days=3), "value": 1.5, "confidence": 6,
                  "comment": "", "created_at": NOW, "created_by": "test"} for k in range(1, 8 * size + 1)]
    learnings = [{"id": i, "title": f"Learning {i}", "team_id": 1 + i % 3, "believed": "b", "happened": "h",
                  "next_time": "n", "status": "open", **AUDIT} for i in range(1, 8 * size + 1)]
    learning_links = [{"learning_id": i, "hypothesis_id": i, "relation": "supports"} for i in range(1, 8 * size + 1)]
    with engine.begin() as conn:
        for model, rows in ((Team, teams), (Metric, metrics), (Output, outputs), (Objective, objectives),
                            (KeyResult, krs), (CheckIn, check_ins), (Hypothesis, hyps), (HypothesisOutput, links),
                            (Learning, learnings), (LearningHypothesis, learning_links), (MetricValue, values)):
            conn.execute(model.__table__.insert(), rows)
        conn.execute(text("UPDATE data_version SET version = version + 1"))


def _grown(tmp_path, monkeypatch, size: int) -> Engine:
    url = f"sqlite:///{tmp_path / f'grown{size}.db'}"
    _use_database(monkeypatch, url)
    engine = engine_for(config.normalise_database_url(url))
    migrate(engine)
    build(engine, size)
    return engine


@pytest.fixture(params=[1, 2], ids=["workspace", "twice-the-workspace"])
def grown_db(request, tmp_path, monkeypatch) -> tuple[Engine, int]:
    size = 6 * request.param
    yield _grown(tmp_path, monkeypatch, size), size
    config.settings.cache_clear()


def _open(page: str, **params):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    if page != "streamlit_app.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _chart_rows(at) -> list[int]:
    """Rows per chart on the page: its Arrow datasets plus any inline values."""
    counts = []
    for chart in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart"):
        proto = chart.proto
        rows = sum(pa.ipc.open_stream(io.BytesIO(ds.data.data)).read_all().num_rows
                   for ds in proto.datasets if ds.data.data)
        if proto.data.data:
            rows += pa.ipc.open_stream(io.BytesIO(proto.data.data)).read_all().num_rows
        spec = json.loads(proto.spec) if proto.spec else {}
        rows += sum(len(v) for v in spec.get("datasets", {}).values())
        rows += len(spec.get("data", {}).get("values", []) or [])
        counts.append(rows)
    return counts


def _tab(at, key: str, label: str):
    at.session_state[key] = label
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_no_chart_over_the_row_limit(grown_db, page):
    at = _open(page)
    assert all(rows <= ROW_LIMIT for rows in _chart_rows(at)), _chart_rows(at)


def test_no_chart_over_the_row_limit_in_the_details(grown_db):
    at = _open("pages/2_Hypotheses.py", hypothesis="1")
    assert _chart_rows(at) and max(_chart_rows(at)) <= ROW_LIMIT
    at = _open("pages/1_Objectives.py", objective="1")
    assert max(_chart_rows(at)) <= ROW_LIMIT


def test_editing_opens_one_form_per_item(grown_db):
    at = _tab(_open("pages/2_Hypotheses.py"), "hypotheses.tab", "Learnings")
    assert len(at.get("form")) == 1  # the chosen learning's editor, not one per learning
    at.selectbox(key="learnings.pick").set_value(2).run()
    assert len(at.get("form")) == 1 and at.text_input(key="learnings.edit.2.title").value == "Learning 2"
    bets = _open("pages/2_Hypotheses.py")
    assert len(bets.get("form")) <= 1  # the selected bet's delete confirmation at most
    objectives = _open("pages/1_Objectives.py")
    assert len(objectives.get("form")) == 2  # a new objective and the carry-over, whatever the number listed


def test_long_lists_are_paged(grown_db):
    engine, size = grown_db
    at = _tab(_open("pages/2_Hypotheses.py"), "hypotheses.tab", "Learnings")
    assert at.get("pagination")  # 48 or 96 learnings
    assert at.get("pagination") and len(at.dataframe[0].value) <= 25
    bets = _open("pages/2_Hypotheses.py")
    assert bets.get("pagination") and len(bets.dataframe[0].value) <= 25
    objectives = _open("pages/1_Objectives.py")
    assert objectives.get("pagination") and objectives.dataframe[0].value["Objective"].nunique() <= 10
    outputs = _open("pages/3_Outputs.py")
    assert outputs.get("pagination") and len(outputs.dataframe[0].value) <= 100


def _queries(page: str) -> int:
    """SQL statements of one load of `page` with every cached read missing."""
    import streamlit as st

    _open(page)  # the first load brings stored statuses in line with the data (writes as many as changed)
    st.cache_data.clear()
    st.cache_resource.clear()
    count = {"n": 0}

    def listener(*_args) -> None:
        count["n"] += 1

    event.listen(Engine, "before_cursor_execute", listener)
    try:
        _open(page)
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    return count["n"]


@pytest.mark.parametrize("page", PAGES)
def test_queries_per_page_do_not_grow_with_the_data(tmp_path, monkeypatch, page):
    _grown(tmp_path, monkeypatch, 6)
    small = _queries(page)
    _grown(tmp_path, monkeypatch, 12)
    large = _queries(page)
    config.settings.cache_clear()
    assert large <= small, f"{page}: {small} queries, {large} on twice the data"
