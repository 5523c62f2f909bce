"""Hypothesis charts (spec dicts) and the change/interval texts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import hypothesis as ha
from dashboard.charts.hypotheses import calibration_chart, effect_chart, release_chart
from dashboard.i18n import use_language
from dashboard.services.hypotheses import format_change, format_interval

T0 = date(2026, 6, 1)


def _values(days: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    dates = pd.date_range(date(2026, 2, 1), periods=days, freq="D")
    step = np.where(dates >= pd.Timestamp(T0), 1.1, 1.0)
    return pd.DataFrame({"date": dates, "value": 100 * step * (1 + rng.normal(0, 0.02, days))})


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def _marks(spec: dict) -> list[str]:
    out = []
    for layer in _layers(spec):
        mark = layer["mark"]
        out.append(mark if isinstance(mark, str) else mark["type"])
    return out


def _measured_charts(lang: str) -> tuple[ha.Measurement, dict, dict]:
    values = _values()
    m = ha.measure_hypothesis(values, change_kind="relative", expected=0.05, window_days=28, shipped_on=[T0],
                              today=date(2026, 8, 20))
    with use_language(lang):
        return (m, release_chart(values, m, metric_name="Signups", unit="count").to_dict(),
                effect_chart(m).to_dict())


def test_release_chart_draws_actual_against_the_counterfactual():
    m, top, _ = _measured_charts("en")
    assert top["title"]["text"] == "Signups around the release"
    assert "without the release" in top["title"]["subtitle"]
    assert {"area", "line", "rule", "text"} <= set(_marks(top))  # band, both lines, release with its label
    series = next(rows for rows in top["datasets"].values() if rows and "series" in rows[0])
    assert {r["series"] for r in series} == {"Actual", "Without the release (counterfactual)"}
    # The history and the after window are shipped, nothing else: 56 + 28 days at most.
    assert len(series) == 2 * (m.n_before + m.n_after) <= 2 * (56 + 28)
    assert all("tooltip" in layer["encoding"] for layer in top["layer"] if layer["mark"] != "text"
               and (not isinstance(layer["mark"], dict) or layer["mark"]["type"] != "text"))


def test_effect_chart_ends_on_the_measured_change_and_starts_at_the_seventh_value():
    m, _, effect = _measured_charts("en")
    assert effect["title"]["text"] == "Cumulative effect since the release"
    rows = next(rows for rows in effect["datasets"].values() if rows and "cum" in rows[0])
    assert len(rows) == m.n_after - 6  # from the seventh value after the release on
    assert rows[-1]["cum"] == pytest.approx(m.measured_change, rel=1e-6)
    assert all(r["cum_low"] <= r["cum"] <= r["cum_high"] for r in rows)
    promise = next(rows for rows in effect["datasets"].values() if rows and rows[0].get("text") == "+5.0%")
    assert promise[0]["y"] == pytest.approx(0.05)


def test_spike_days_are_circled_and_left_out_of_the_effect_so_far():
    values = _values()
    spike = values["date"].isin(pd.to_datetime([T0 + timedelta(days=d) for d in (9, 10)]))
    values.loc[spike, "value"] *= 2.0
    m = ha.measure_hypothesis(values, change_kind="relative", expected=0.05, window_days=28, shipped_on=[T0],
                              today=date(2026, 8, 20))
    with use_language("en"):
        top = release_chart(values, m, metric_name="Signups", unit="count").to_dict()
        effect = effect_chart(m).to_dict()
    circled = next(rows for rows in top["datasets"].values() if rows and rows[0].get("note") == "left out as a spike")
    assert len(circled) == 2
    rows = next(rows for rows in effect["datasets"].values() if rows and "cum" in rows[0])
    assert rows[-1]["cum"] == pytest.approx(m.measured_change, rel=1e-6)  # the spike is not in it


def test_release_chart_in_german_uses_the_german_locale_and_words():
    _, top, effect = _measured_charts("de")
    assert top["config"]["locale"]["number"]["decimal"] == ","
    assert effect["title"]["text"] == "Kumulierte Wirkung seit dem Release"


def test_release_chart_before_launch_shows_history_only():
    values = _values()
    m = ha.measure_hypothesis(values, change_kind="relative", expected=0.05, window_days=28, shipped_on=[None],
                              today=date(2026, 8, 20))
    with use_language("de"):
        spec = release_chart(values, m, metric_name="Signups", unit="count").to_dict()
    assert "area" not in _marks(spec)
    assert effect_chart(m) is None
    assert spec["title"]["text"] == "Signups: jüngster Verlauf"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_calibration_chart_has_the_diagonal_and_one_point_per_bet():
    frame = pd.DataFrame({
        "statement": ["A", "B"], "team": ["Growth", "Core"], "verdict": ["validated", "partial"],
        "expected_rel": [0.1, -0.2], "measured_rel": [0.12, -0.08], "low_rel": [0.05, -0.12], "high_rel": [0.2, -0.03],
    })
    with use_language("en"):
        spec = calibration_chart(frame).to_dict()
    assert spec["title"]["text"] == "Expected against measured change"
    diagonal = next(rows for rows in spec["datasets"].values() if rows and set(rows[0]) == {"x", "y"})
    assert diagonal[0]["x"] == diagonal[0]["y"] and diagonal[1]["x"] == diagonal[1]["y"]
    points = next(rows for rows in spec["datasets"].values() if rows and "verdict_label" in rows[0])
    assert len(points) == 2 and points[0]["measured_text"] == "+12.0%"


@pytest.mark.parametrize(
    ("value", "kind", "unit", "lang", "text"),
    [
        (0.153, "relative", "", "en", "+15%"),
        (0.05, "relative", "", "de", "+5,0 %"),
        (-2.5, "pp", "%", "en", "−2.5 pp"),
        (-2.5, "pp", "%", "de", "−2,5 PP"),
        (300.0, "absolute", "€", "en", "+300 €"),
        (None, "relative", "", "en", "—"),
    ],
)
def test_format_change(value, kind, unit, lang, text):
    assert format_change(value, kind, unit, lang) == text


def test_format_interval_names_the_unit_once():
    assert format_interval(4.1, 6.3, "pp", "%", "en") == "+4.1 … +6.3 pp"
    assert format_interval(0.24, 0.34, "relative", "", "de") == "+24 % … +34 %"
    assert format_interval(None, None, "pp") == "—"


def test_shared_credit_lists_the_same_team_and_closest_outputs_first():
    others = pd.DataFrame({
        "key": ["B-1", "A-1", "A-2"],
        "shipped_on": [T0 + timedelta(days=1), T0 + timedelta(days=20), T0 - timedelta(days=2)],
        "priority": [1, 0, 0],
    })
    m = ha.measure_hypothesis(_values(), change_kind="relative", expected=0.05, window_days=28, shipped_on=[T0],
                              today=date(2026, 8, 20), other_outputs=others)
    assert m.warnings[0].values["keys"] == ["A-2", "A-1", "B-1"]
