"""A rerun with unchanged data repeats no heavy work: charts, per-team figures and quarter changes are worked
out once per scope and data version, and come back when the data changes."""

from __future__ import annotations

import pytest
from conftest import open_page
from sqlalchemy import text


def _count(monkeypatch, module, name: str) -> dict:
    calls = {"n": 0}
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_overview_rerun_builds_no_chart_and_no_quarter_change(demo_app_db, monkeypatch):
    from dashboard.analysis import overview as ov
    from dashboard.charts import leadership

    at = open_page("streamlit_app.py")
    assert not at.exception and at.get("vega_lite_chart")
    counts = {name: _count(monkeypatch, module, name) for module, name in (
        (ov, "quarter_change"), (ov, "releases_in"), (leadership, "metric_chart"),
        (leadership, "outcome_output_chart"))}
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    at.run()
    assert not at.exception
    assert {name: c["n"] for name, c in counts.items() if c["n"]} == {"releases_in": 1}  # the unlinked list
    assert [c.proto.spec for c in at.get("vega_lite_chart")] == charts  # the same charts, drawn from the spec

    # New data: the figures are worked out again.
    from dashboard.db import DATA_VERSION_TABLE

    with demo_app_db.begin() as conn:
        conn.execute(text("UPDATE metric_value SET value = value * 2"))
        conn.execute(text(f"UPDATE {DATA_VERSION_TABLE} SET version = version + 1 WHERE id = 1"))
    at.run()
    assert not at.exception and counts["metric_chart"]["n"] == 1 and counts["quarter_change"]["n"] > 1


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_hypotheses_rerun_builds_no_chart(demo_app_db, monkeypatch, lang):
    from dashboard.ui.hypotheses import view

    at = open_page("pages/2_Hypotheses.py", lang=lang)
    assert not at.exception and at.get("vega_lite_chart")
    release = _count(monkeypatch, view, "release_chart")
    effect = _count(monkeypatch, view, "effect_chart")
    at.run()
    assert not at.exception and at.get("vega_lite_chart")
    assert release["n"] == effect["n"] == 0
