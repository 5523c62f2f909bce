"""Measuring hypotheses on synthetic series with known effects (seeded), verdict rules, parsing."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import hypothesis as ha

T0 = date(2026, 6, 1)
TODAY = date(2026, 8, 1)
START = date(2026, 2, 1)


def series(
    *, level: float = 100.0, step: float = 0.0, noise: float = 0.02, weekly: float = 0.0, seed: int = 1,
    absolute_step: float = 0.0, start: date = START, end: date = date(2026, 7, 31), t0: date = T0,
) -> pd.DataFrame:
    """Daily values: level, a relative (or absolute) step from `t0` on, weekend dip, relative noise."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, end, freq="D")
    after = days >= pd.Timestamp(t0)
    base = level * np.where(after, 1 + step, 1.0) + np.where(after, absolute_step, 0.0)
    pattern = np.where(days.day_of_week >= 5, 1 - weekly, 1 + weekly * 2 / 5)
    values = base * pattern * (1 + rng.normal(0, noise, len(days)))
    return pd.DataFrame({"date": days, "value": values})


def measure(values: pd.DataFrame, expected: float, kind: str = "relative", **kw) -> ha.Measurement:
    args = {"change_kind": kind, "expected": expected, "window_days": 28, "shipped_on": [T0], "today": TODAY}
    args.update(kw)
    return ha.measure_hypothesis(values, **args)


def covers(m: ha.Measurement, true_effect: float) -> bool:
    return m.ci_low <= true_effect <= m.ci_high


@pytest.mark.parametrize(
    ("case", "values", "expected", "verdict", "true_effect"),
    [
        ("clear win", {"step": 0.15}, 0.10, "validated", 0.15),
        ("smaller than promised", {"step": 0.05}, 0.15, "partial", 0.05),
        ("no effect", {"step": 0.0}, 0.10, "invalidated", 0.0),
        ("opposite effect", {"step": -0.05}, 0.10, "invalidated", -0.05),
        ("noise too large", {"step": 0.10, "noise": 0.40}, 0.10, "inconclusive", 0.10),
        ("expected decrease met", {"step": -0.20}, -0.15, "validated", -0.20),
        ("expected decrease, smaller", {"step": -0.05}, -0.20, "partial", -0.05),
        ("expected decrease, went up", {"step": 0.04}, -0.10, "invalidated", 0.04),
    ],
)
def test_relative_verdicts_and_interval_cover_the_true_effect(case, values, expected, verdict, true_effect):
    m = measure(series(**values), expected)
    assert m.state == ha.MEASURED
    assert m.verdict == verdict, case
    assert covers(m, true_effect), (case, m.ci_low, m.ci_high)
    assert m.n_before == 28 and m.n_after == 28


def test_absolute_pp_expectation_measures_the_difference_in_points():
    values = series(level=40.0, absolute_step=3.0, noise=0.03, seed=7)
    m = measure(values, 2.0, kind="pp")
    assert m.verdict == "validated"
    assert m.measured_change == pytest.approx(3.0, abs=0.8)
    assert covers(m, 3.0)
    assert m.mean_after - m.mean_before == pytest.approx(m.measured_change)


def test_absolute_plain_expectation_partial():
    values = series(level=1000.0, absolute_step=120.0, noise=0.02, seed=3)
    m = measure(values, 300.0, kind="absolute")
    assert m.verdict == "partial"
    assert covers(m, 120.0)


def test_too_few_values_gives_insufficient_data_with_missing_count():
    values = series(step=0.2)
    # only 5 values after the release, every day before
    after = values["date"] > pd.Timestamp(T0)
    values = pd.concat([values[~after], values[after].head(5)])
    m = measure(values, 0.1)
    assert m.verdict == ha.INSUFFICIENT
    assert m.missing_after == 2 and m.missing_before == 0
    assert m.measured_change is None and m.ci_low is None


def test_insufficient_before_the_release_too():
    values = series(step=0.2, start=T0 - timedelta(days=4))
    m = measure(values, 0.1)
    assert m.verdict == ha.INSUFFICIENT
    assert m.missing_before == 3  # 4 days before t0, 7 needed


def test_windows_exclude_the_release_day_and_follow_the_spec():
    values = series()
    m = measure(values, 0.1, window_days=14)
    assert m.before_start == T0 - timedelta(days=14) and m.before_end == T0 - timedelta(days=1)
    assert m.after_start == T0 + timedelta(days=1) and m.after_end == T0 + timedelta(days=14)
    assert m.n_before == 14 and m.n_after == 14


def test_weekly_pattern_compares_equal_weekdays_and_keeps_the_interval_tight():
    values = series(step=0.10, weekly=0.5, noise=0.02, seed=11)
    # drop two Saturdays after the release: an unbalanced after-window would look too high
    drop = values["date"].isin(pd.to_datetime([date(2026, 6, 6), date(2026, 6, 13)]))
    m = measure(values[~drop], 0.05)
    assert m.weekday_balanced
    assert m.n_before == m.n_after == 26
    assert covers(m, 0.10)
    assert m.verdict == "validated"
    # the weekday effect is taken out of the spread: interval much tighter than the weekday swing
    assert m.ci_high - m.ci_low < 0.05


def test_weekly_pattern_interval_coverage_across_seeds():
    hits = 0
    runs = 60
    for seed in range(runs):
        m = measure(series(step=0.08, weekly=0.4, noise=0.05, seed=seed), 0.05)
        hits += covers(m, 0.08)
    assert hits / runs >= 0.88


def test_interval_coverage_across_seeds_is_about_95_percent():
    hits = 0
    runs = 200
    for seed in range(runs):
        m = measure(series(step=0.05, noise=0.05, seed=1000 + seed), 0.05)
        hits += covers(m, 0.05)
    assert 0.90 <= hits / runs <= 0.99


def test_two_outputs_in_one_window_warn_about_shared_credit():
    others = pd.DataFrame({
        "key": ["GRO-2", "GRO-3", "GRO-4"],
        "shipped_on": [T0 + timedelta(days=10), T0 - timedelta(days=60), T0 - timedelta(days=20)],
    })
    m = measure(series(step=0.15), 0.10, other_outputs=others)
    codes = {w.code: w.values for w in m.warnings}
    assert codes["other_outputs"]["keys"] == ["GRO-2", "GRO-4"]
    assert codes["other_outputs"]["count"] == 2
    assert m.verdict == "validated"  # the warning does not change the verdict


def test_no_shared_credit_warning_when_nothing_else_shipped():
    others = pd.DataFrame({"key": ["X-1"], "shipped_on": [T0 + timedelta(days=90)]})
    m = measure(series(step=0.15), 0.10, other_outputs=others)
    assert not m.warnings


def test_release_date_is_the_latest_ship_date_and_waits_for_all_outputs():
    assert ha.release_date([date(2026, 5, 1), T0]) == T0
    assert ha.release_date([T0, None]) is None
    assert ha.release_date([]) is None
    m = measure(series(step=0.15), 0.10, shipped_on=[T0 - timedelta(days=20), T0])
    assert m.t0 == T0


@pytest.mark.parametrize(
    ("direction", "step", "warns"),
    [("down", 0.10, True), ("down", -0.10, False), ("up", -0.10, True), ("up", 0.10, False), ("down", 0.0, False)],
)
def test_guardrail_moving_the_wrong_way_warns(direction, step, warns):
    guard = series(step=step, noise=0.02, seed=5)
    m = measure(series(step=0.15), 0.10, guardrail_values=guard, guardrail_direction=direction,
                guardrail_name="Support tickets")
    found = [w for w in m.warnings if w.code == "guardrail"]
    assert bool(found) == warns
    if warns:
        assert found[0].values["metric"] == "Support tickets"
        assert found[0].values["change"] == pytest.approx(step, abs=0.03)


def test_not_launched_has_no_verdict_but_says_when_change_is_undetectable():
    values = series(noise=0.10)
    m = measure(values, 0.01, shipped_on=[None], today=date(2026, 7, 31))
    assert m.state == ha.NOT_LAUNCHED and m.verdict is None
    warning = [w for w in m.warnings if w.code == "not_detectable"]
    assert warning
    suggested = warning[0].values["suggested_window"]
    assert suggested is None or suggested > 28
    big = measure(values, 0.30, shipped_on=[None], today=date(2026, 7, 31))
    assert not big.warnings and big.detectability.detectable


def test_suggested_window_is_detectable():
    values = series(noise=0.06, start=date(2025, 6, 1))
    det = ha.detectability(values, change_kind="relative", expected=0.03, window_days=14, reference=date(2026, 7, 31))
    assert det.detectable is False
    assert det.suggested_window is not None and det.suggested_window % 7 == 0 and det.suggested_window > 14
    longer = ha.detectability(values, change_kind="relative", expected=0.03, window_days=det.suggested_window,
                              reference=date(2026, 7, 31))
    assert longer.detectable
    assert longer.mde < det.mde


def test_detectability_without_history_says_nothing():
    det = ha.detectability(series().head(5), change_kind="relative", expected=0.1, window_days=28,
                           reference=date(2026, 7, 31))
    assert det.mde is None and det.detectable is None


def test_release_in_the_future_is_not_launched():
    m = measure(series(), 0.1, shipped_on=[date(2026, 9, 1)])
    assert m.state == ha.NOT_LAUNCHED and m.t0 == date(2026, 9, 1)


def test_window_still_running_gives_no_verdict():
    m = measure(series(step=0.3), 0.1, today=T0 + timedelta(days=10))
    assert m.state == ha.MEASURING and m.verdict is None
    assert m.after_end == T0 + timedelta(days=28)


@pytest.mark.parametrize(
    ("low", "high", "expected", "verdict"),
    [
        (0.01, 0.20, 0.15, "validated"),
        (0.01, 0.15, 0.15, "validated"),
        (0.01, 0.10, 0.15, "partial"),
        (-0.02, 0.20, 0.15, "inconclusive"),
        (0.0, 0.20, 0.15, "inconclusive"),
        (-0.02, 0.10, 0.15, "invalidated"),
        (-0.20, -0.05, 0.15, "invalidated"),
        # mirrored for an expected decrease
        (-0.30, -0.01, -0.20, "validated"),
        (-0.10, -0.01, -0.20, "partial"),
        (-0.30, 0.02, -0.20, "inconclusive"),
        (-0.10, 0.02, -0.20, "invalidated"),
        (0.05, 0.20, -0.20, "invalidated"),
    ],
)
def test_verdict_rules(low, high, expected, verdict):
    assert ha.verdict_for(low, high, expected) == verdict


@pytest.mark.parametrize(
    ("text", "unit", "lang", "parsed"),
    [
        ("+15%", "count", "en", ("relative", 0.15)),
        ("+15 %", "count", "de", ("relative", 0.15)),
        ("15%", "%", "en", ("relative", 0.15)),
        ("-2pp", "%", "en", ("pp", -2.0)),
        ("-2,5pp", "%", "de", ("pp", -2.5)),
        ("-2.5 pp", "%", "en", ("pp", -2.5)),
        ("+2 Prozentpunkte", "%", "de", ("pp", 2.0)),
        ("−0,3 Pp.", "%", "de", ("pp", -0.3)),
        ("+300", "count", "en", ("absolute", 300.0)),
        ("+1,234.5", "€", "en", ("absolute", 1234.5)),
        ("+1.234,5 €", "€", "de", ("absolute", 1234.5)),
        ("1.500", "count", "de", ("absolute", 1500.0)),
        ("1,500", "count", "en", ("absolute", 1500.0)),
        ("2,5 %", "count", "en", ("relative", 0.025)),
    ],
)
def test_parse_expected_change(text, unit, lang, parsed):
    kind, value = ha.parse_expected_change(text, unit=unit, lang=lang)
    assert kind == parsed[0]
    assert value == pytest.approx(parsed[1])


@pytest.mark.parametrize(
    ("text", "unit", "code"),
    [("", "%", "empty"), ("abc", "%", "not_number"), ("+0%", "%", "zero"), ("+2pp", "count", "pp_needs_percent"),
     ("15 apples", "count", "not_number"), ("1.2.3", "count", "not_number")],
)
def test_parse_expected_change_errors(text, unit, code):
    with pytest.raises(ha.ExpectedChangeError) as info:
        ha.parse_expected_change(text, unit=unit)
    assert info.value.code == code


def test_hit_rate_and_calibration_per_team():
    frame = pd.DataFrame({
        "team": ["A", "A", "A", "A", "B"],
        "verdict": ["validated", "partial", "invalidated", "insufficient data", "inconclusive"],
        "expected_rel": [0.1, 0.2, 0.1, 0.1, 0.1],
        "measured_rel": [0.1, 0.1, 0.0, None, 0.05],
    })
    assert ha.hit_rate(frame["verdict"].tolist()) == pytest.approx(2 / 4)
    assert ha.hit_rate(["insufficient data", None]) is None
    table = ha.calibration(frame).set_index("team")
    assert table.loc["A", "measured"] == 3
    assert table.loc["A", "hit_rate"] == pytest.approx(2 / 3)
    assert table.loc["A", "delivered"] == pytest.approx(0.5)  # median of 1.0, 0.5, 0.0
    assert table.loc["B", "hit_rate"] == 0


def test_relative_view_of_an_absolute_measurement():
    m = measure(series(level=40.0, absolute_step=4.0, noise=0.02, seed=2), 2.0, kind="pp")
    expected, measured, low, high = m.relative()
    assert expected == pytest.approx(2.0 / m.mean_before)
    assert measured == pytest.approx(m.measured_change / m.mean_before)
    assert low < measured < high


def test_weekly_data_needs_a_window_with_seven_values_per_side():
    weekly = series(noise=0.01, start=date(2025, 6, 2))
    weekly = weekly[weekly["date"].dt.day_of_week == 0]  # one value a week
    det = ha.detectability(weekly, change_kind="relative", expected=0.30, window_days=28, reference=date(2026, 7, 31))
    assert det.too_few_values and det.detectable is False
    assert det.suggested_window == 49  # 7 weekly values
    m = measure(weekly, 0.3, shipped_on=[None], today=date(2026, 7, 31))
    assert m.warnings[0].values["too_few_values"]
    after = measure(weekly, 0.3)
    assert after.verdict == ha.INSUFFICIENT and after.missing_before == 3 and after.missing_after == 3
