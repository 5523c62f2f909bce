"""The key result chart: title, axes, tooltips, a dashed projection labelled as such."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd

from dashboard.analysis.okr import forecast, value_path
from dashboard.charts.okr import key_result_chart
from dashboard.i18n import use_language


def _chart(lang: str = "en", with_projection: bool = True):
    values = pd.DataFrame({"date": pd.to_datetime([date(2026, 10, 1) + timedelta(days=i) for i in range(40)]),
                           "value": [2.0 - 0.005 * i for i in range(40)]})
    path = value_path(values, "2026-Q4", date(2026, 11, 9))
    projection = forecast(path, "2026-Q4", date(2026, 11, 9)).line if with_projection else None
    with use_language(lang):
        return key_result_chart(path, projection, title="Churn under 1.6 %", period="2026-Q4", baseline=2.0,
                                target=1.6, stretch=1.4, unit="%").to_dict()


def test_chart_has_title_axes_tooltips_and_a_labelled_dashed_projection():
    spec = _chart()
    assert spec["title"]["text"] == "Churn under 1.6 %"
    assert "projection" in " ".join(spec["title"]["subtitle"])  # in short lines: the chart is half a page wide
    text = json.dumps(spec)
    assert '"title": "Date"' in text and '"title": "Value (%)"' in text
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]
    assert line["encoding"]["tooltip"]
    labels = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert any(layer["encoding"]["text"]["field"] == "series" for layer in labels)
    datasets = [row for rows in spec["datasets"].values() for row in rows]
    assert {"actual", "projection"} <= {row.get("series") for row in datasets}
    assert {"Baseline", "Target", "Stretch"} <= {row.get("label") for row in datasets}
    # the x axis spans the whole quarter, so that the projection reaches its end
    assert line["encoding"]["x"]["scale"]["domain"][1].startswith("2026-12-31")


def test_chart_in_german_and_without_projection():
    spec = _chart("de", with_projection=False)
    text = json.dumps(spec, ensure_ascii=False)
    assert "Prognose" in " ".join(spec["title"]["subtitle"]) and "Zielwert" in text and "labelExpr" in text
    datasets = [row for rows in spec["datasets"].values() for row in rows]
    assert "Prognose" not in {row.get("series") for row in datasets}
