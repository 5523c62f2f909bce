"""Measuring hypotheses on synthetic series with known effects (seeded): verdicts, checks, edge cases, parsing.

The estimate itself is pinned to an independent calculation in `test_measurement_method.py`; here the
series are built so that the right answer is known, and the tests check what a user would: the verdict, that
the interval covers the true effect, which check held a verdict back and why.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import hypothesis as ha
from dashboard.models import MeasurementState, Verdict

T0 = date(2026, 6, 1)
TODAY = date(2026, 8, 1)
START = date(2026, 2, 1)
END = date(2026, 7, 31)


def series(
    *, level: float = 100.0, step: float = 0.0, absolute_step: float = 0.0, noise: float = 0.02,
    additive: float = 0.0, trend: float = 0.0, ar: float = 0.0, weekend: float = 0.0, seed: int = 1,
    start: date = START, end: date = END, t0: date = T0, effect: np.ndarray | None = None,
) -> pd.DataFrame:
    """Daily values: `level` growing by `trend` a day, a weekend dip, multiplicative AR(1) noise (marginal sd
    `noise` on the log scale), additive noise of sd `additive`, and from the day after `t0` a relative `step`
    (or a day-by-day relative `effect`, indexed by days since t0) and an `absolute_step`."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, end, freq="D")
    since = (days - pd.Timestamp(t0)).days.to_numpy()
    e = np.empty(len(days))
    e[0] = rng.normal(0, noise)
    shocks = rng.normal(0, noise * math.sqrt(1 - ar**2), len(days))
    for i in range(1, len(days)):
        e[i] = ar * e[i - 1] + shocks[i]
    lift = effect(since) if effect is not None else np.where(since > 0, step, 0.0)
    pattern = np.where(days.day_of_week >= 5, 1 - weekend, 1 + weekend * 2 / 5)
    values = level * np.exp(trend * np.arange(len(days))) * pattern * np.exp(e) * (1 + lift)
    values = values + np.where(since > 0, absolute_step, 0.0) + (rng.normal(0, additive, len(days)) if additive
                                                                 else 0.0)
    return pd.DataFrame({"date": days, "value": values})


def measure(values: pd.DataFrame, expected: float, kind: str = "relative", **kw) -> ha.Measurement:
    args = {"change_kind": kind, "expected": expected, "window_days": 28, "shipped_on": [T0], "today": TODAY}
    args.update(kw)
    return ha.measure_hypothesis(values, **args)


def covers(m: ha.Measurement, true_effect: float) -> bool:
    return m.ci_low <= true_effect <= m.ci_high


def check(m: ha.Measurement, code: str) -> ha.Check | None:
    found = [c for c in m.checks if c.code == code]
    return found[0] if found else None


def on_days(frame: pd.DataFrame, offsets: list[int], factor: float) -> pd.DataFrame:
    """`frame` with the values on `t0 + offset` days multiplied by `factor`."""
    frame = frame.copy()
    hit = frame["date"].isin(pd.to_datetime([T0 + timedelta(days=d) for d in offsets]))
    frame.loc[hit, "value"] *= factor
    return frame


# ---------------------------------------------------------------------------------------------
# Verdicts on series with known effects


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
        ("clear win, weekly pattern", {"step": 0.15, "weekend": 0.4}, 0.10, "validated", 0.15),
        ("clear win, carry-over", {"step": 0.15, "ar": 0.4}, 0.10, "validated", 0.15),
    ],
)
def test_verdicts_on_known_effects_and_the_interval_covers_them(case, values, expected, verdict, true_effect):
    m = measure(series(**values), expected)
    assert m.state == MeasurementState.measured and m.method == ha.METHOD_TREND
    assert m.verdict == verdict, (case, m.ci_low, m.ci_high, m.checks)
    assert m.raw_verdict == verdict and not m.held_back
    assert covers(m, true_effect), (case, m.ci_low, m.ci_high)
    assert m.ci_low <= m.measured_change <= m.ci_high
    assert m.n_before == 56 and m.n_after == 28


def test_step_on_a_growing_series_is_measured_against_the_trend():
    values = series(trend=0.005, step=0.10, seed=1)
    m = measure(values, 0.10)
    assert m.verdict == "validated"
    assert covers(m, 0.10)
    # A before/after comparison of means would have credited the release with the growth as well.
    d = values.set_index("date")["value"]
    before = d[pd.Timestamp(T0 - timedelta(days=28)):pd.Timestamp(T0 - timedelta(days=1))].mean()
    after = d[pd.Timestamp(T0 + timedelta(days=1)):pd.Timestamp(T0 + timedelta(days=28))].mean()
    naive = after / before - 1
    assert naive > m.ci_high + 0.05


def test_declining_series_without_effect_is_not_read_as_a_drop():
    values = series(trend=-0.004, seed=2)
    m = measure(values, 0.10)
    assert covers(m, 0.0)
    assert m.verdict == "invalidated"  # no effect where +10 % was promised, but no "went down" either
    d = values.set_index("date")["value"]
    before = d[pd.Timestamp(T0 - timedelta(days=28)):pd.Timestamp(T0 - timedelta(days=1))].mean()
    after = d[pd.Timestamp(T0 + timedelta(days=1)):pd.Timestamp(T0 + timedelta(days=28))].mean()
    assert after / before - 1 < m.ci_low - 0.05  # what a before/after comparison would have reported


def test_absolute_pp_expectation_measures_the_difference_in_points():
    values = series(level=40.0, noise=0.0, additive=1.0, absolute_step=3.0, seed=7)
    m = measure(values, 2.0, kind="pp")
    assert m.verdict == "validated"
    assert covers(m, 3.0)
    assert m.measured_change == pytest.approx(m.mean_after - m.counterfactual_mean)
    assert m.counterfactual_mean == pytest.approx(40.0, abs=1.0)


def test_absolute_plain_expectation_partial():
    values = series(level=1000.0, noise=0.0, additive=20.0, absolute_step=120.0, seed=3)
    m = measure(values, 300.0, kind="absolute")
    assert m.verdict == "partial"
    assert covers(m, 120.0)


def test_relative_view_of_an_absolute_measurement_is_scaled_by_the_counterfactual():
    m = measure(series(level=40.0, noise=0.0, additive=0.8, absolute_step=4.0, trend=0.002, seed=2), 2.0, kind="pp")
    expected, measured, low, high = m.relative()
    # the growing series: the counterfactual is above the history's mean, and it is the scale
    assert m.counterfactual_mean > m.mean_before + 1
    assert expected == pytest.approx(2.0 / m.counterfactual_mean)
    assert measured == pytest.approx(m.measured_change / m.counterfactual_mean)
    assert (low, high) == pytest.approx((m.ci_low / m.counterfactual_mean, m.ci_high / m.counterfactual_mean))
    rel = measure(series(step=0.15), 0.10)
    assert rel.relative() == (0.10, rel.measured_change, rel.ci_low, rel.ci_high)


def test_interval_coverage_across_seeds_is_about_95_percent():
    hits = 0
    runs = 120
    for seed in range(runs):
        m = measure(series(step=0.05, noise=0.05, weekend=0.2, seed=1000 + seed), 0.05, with_path=False)
        hits += covers(m, 0.05)
    assert 0.88 <= hits / runs <= 0.995


def test_with_a_control_the_counterfactual_follows_the_control():
    """A seasonal swing shared by the metric and a control: without the control the swing after t0 would be
    taken for an effect (the checks hold that back), with it the release's +10 % is found."""
    days = pd.date_range(START, END, freq="D")
    swing = 1 + 0.15 * np.sin(2 * np.pi * (days - pd.Timestamp(T0)).days.to_numpy() / 90 + 0.3)
    control = series(level=800.0, noise=0.02, seed=31)
    control["value"] *= swing
    metric = series(level=200.0, noise=0.02, step=0.10, seed=32)
    metric["value"] *= swing
    with_control = measure(metric, 0.10, control_values=control, control_label="FR, NL")
    assert with_control.method == ha.METHOD_CONTROL and with_control.control == "FR, NL"
    assert with_control.verdict == "validated" and covers(with_control, 0.10)
    alone = measure(metric, 0.10)
    assert alone.method == ha.METHOD_TREND and alone.control == ""
    assert alone.measured_change > 0.10 + 0.2 and alone.raw_verdict == "validated"
    assert alone.held_back and alone.verdict == "inconclusive"
    assert with_control.ci_high - with_control.ci_low < (alone.ci_high - alone.ci_low) / 5


# ---------------------------------------------------------------------------------------------
# Verdict rules


@pytest.mark.parametrize(
    ("low", "high", "expected", "verdict"),
    [
        (0.01, 0.20, 0.15, "validated"),
        (0.01, 0.15, 0.15, "validated"),  # high exactly at the promise is enough
        (1e-12, 0.15, 0.15, "validated"),
        (0.01, 0.1499, 0.15, "partial"),
        (0.01, 0.10, 0.15, "partial"),
        (-0.02, 0.20, 0.15, "inconclusive"),
        (0.0, 0.20, 0.15, "inconclusive"),  # low exactly 0 is not above zero
        (0.0, 0.15, 0.15, "inconclusive"),
        (-0.02, 0.15, 0.15, "inconclusive"),  # high == expected with low <= 0: cannot tell
        (0.0, 0.10, 0.15, "invalidated"),
        (-0.02, 0.10, 0.15, "invalidated"),
        (-0.20, -0.05, 0.15, "invalidated"),
        # mirrored for an expected decrease
        (-0.30, -0.01, -0.20, "validated"),
        (-0.20, -0.01, -0.20, "validated"),
        (-0.20, -1e-12, -0.20, "validated"),
        (-0.10, -0.01, -0.20, "partial"),
        (-0.1999, -0.01, -0.20, "partial"),
        (-0.30, 0.02, -0.20, "inconclusive"),
        (-0.30, 0.0, -0.20, "inconclusive"),
        (-0.20, 0.0, -0.20, "inconclusive"),
        (-0.10, 0.0, -0.20, "invalidated"),
        (-0.10, 0.02, -0.20, "invalidated"),
        (0.05, 0.20, -0.20, "invalidated"),
        # absolute units follow the same rule
        (1.0, 300.0, 300.0, "validated"),
        (-1.0, 300.0, 300.0, "inconclusive"),
    ],
)
def test_verdict_rules(low, high, expected, verdict):
    assert ha.verdict_for(low, high, expected) == verdict


# ---------------------------------------------------------------------------------------------
# Checks


def test_placebo_finding_an_effect_where_nothing_shipped_holds_the_verdict_back():
    values = series(step=0.15, seed=1)
    shifted = values.copy()
    shifted.loc[shifted["date"] > pd.Timestamp(T0 - timedelta(days=28)), "value"] *= 1.06  # a break at t0 - w
    clean = measure(values, 0.10)
    assert clean.verdict == "validated" and check(clean, "placebo") is None
    m = measure(shifted, 0.10)
    placebo = check(m, "placebo")
    assert placebo is not None and placebo.held_back
    assert placebo.values["date"] == T0 - timedelta(days=28)
    assert placebo.values["low"] > 0 and placebo.values["change"] == pytest.approx(0.06, abs=0.025)
    assert m.raw_verdict == "validated" and m.verdict == "inconclusive" and m.held_back
    assert m.measured and m.measured_change is not None  # the numbers are still shown


def test_spike_days_are_left_out_and_named():
    values = series(step=0.15, seed=1)
    spiky = on_days(values, [5, 6, 7], 1.6)  # a campaign on three days
    m = measure(spiky, 0.10)
    spike = check(m, "spike")
    assert spike is not None and not spike.held_back  # validated with or without the campaign
    assert spike.values["dates"] == [T0 + timedelta(days=d) for d in (5, 6, 7)]
    assert m.verdict == "validated" and covers(m, 0.15)
    assert spike.values["change"] > m.measured_change + 0.05  # the whole window, campaign included
    # left out: the same estimate as if those days had no values
    without = measure(values[~values["date"].isin(pd.to_datetime(spike.values["dates"]))], 0.10)
    assert (m.measured_change, m.ci_low, m.ci_high) == pytest.approx(
        (without.measured_change, without.ci_low, without.ci_high), rel=1e-9)
    assert m.n_after == 28 and without.n_after == 25


def test_spike_days_hold_the_verdict_back_when_they_would_change_it():
    m = measure(on_days(series(step=0.0, seed=1), [5, 6, 7], 3.0), 0.10)
    spike = check(m, "spike")
    assert spike is not None and spike.held_back
    assert m.raw_verdict == "invalidated" and m.verdict == "inconclusive"
    assert covers(m, 0.0)  # measured without the spike
    assert spike.values["change"] > 0.15  # with it, it would have looked like a win


def test_more_than_five_outlying_days_are_a_shift_not_a_spike():
    m = measure(on_days(series(step=0.0, seed=1), [5, 6, 7, 8, 9, 10], 3.0), 0.10)
    assert check(m, "spike") is None
    assert m.measured_change > 0.3  # the six days count


def test_strong_autocorrelation_holds_the_verdict_back():
    m = measure(series(step=0.5, noise=0.02, ar=0.9, seed=2), 0.10)
    auto = check(m, "autocorrelation")
    assert auto is not None and auto.held_back
    assert auto.values["phi"] == pytest.approx(m.phi) and m.phi > 0.6
    assert auto.values["effective"] == pytest.approx(28 * (1 - m.phi) / (1 + m.phi))
    assert auto.values["effective"] < 6
    assert m.raw_verdict == "validated" and m.verdict == "inconclusive"


def test_short_history_is_measured_with_a_note():
    m = measure(series(step=0.15, start=T0 - timedelta(days=40)), 0.10)
    short = check(m, "short_history")
    assert short is not None and not short.held_back
    assert short.values == {"days": 40, "default": 56}
    assert m.n_before == 40 and m.verdict == "validated"


@pytest.mark.parametrize(("days_before", "placebo_runs"), [(84, True), (56, True), (55, False), (40, False)])
def test_no_placebo_when_the_data_starts_less_than_two_windows_before_the_release(days_before, placebo_runs):
    m = measure(series(step=0.15, start=T0 - timedelta(days=days_before)), 0.10)
    note = check(m, "no_placebo")
    assert (note is None) == placebo_runs
    if note is not None:
        assert not note.held_back and note.values["date"] == T0 - timedelta(days=28)
        assert m.verdict == "validated"  # a note, not a reason to hold back


def test_an_effect_that_ramps_in_is_validated_on_its_last_two_weeks():
    ramp = series(noise=0.03, seed=2, effect=lambda since: np.clip(since / 28, 0, 1) * 0.12)
    m = measure(ramp, 0.10)
    assert ha.verdict_for(m.ci_low, m.ci_high, 0.10) == "partial"  # over the whole window
    note = check(m, "ramp")
    assert note is not None and not note.held_back
    assert m.late_change == pytest.approx(note.values["change"])
    assert ha.verdict_for(m.late_low, m.late_high, 0.10) == "validated"
    assert m.late_change > m.measured_change
    assert m.late_low <= 0.12 * 21.5 / 28 <= m.late_high  # the mean effect of the last 14 days
    assert m.raw_verdict == "validated" and m.verdict == "validated"


def test_no_ramp_upgrade_when_the_last_two_weeks_fall_short_too():
    m = measure(series(step=0.05, seed=1), 0.15)
    assert m.verdict == "partial" and check(m, "ramp") is None
    assert m.late_change is not None


def test_short_window_has_no_late_change():
    m = measure(series(step=0.15), 0.10, window_days=21)
    assert m.late_change is None and m.verdict == "validated"
    assert m.after_end == T0 + timedelta(days=21) and m.n_after == 21


# ---------------------------------------------------------------------------------------------
# Edge cases


def test_too_few_values_after_the_release_gives_insufficient_data():
    values = series(step=0.2)
    after = values["date"] > pd.Timestamp(T0)
    m = measure(pd.concat([values[~after], values[after].head(5)]), 0.1)
    assert m.verdict == Verdict.insufficient_data and not m.measured
    assert m.missing_after == 2 and m.missing_before == 0
    assert m.measured_change is None and m.ci_low is None and m.raw_verdict is None


@pytest.mark.parametrize(
    ("days_before", "missing"),
    [
        (28, 0),
        (27, 1),
        (20, 8),
        (10, 18),
        (0, 28),
    ],
)
def test_history_shorter_than_four_weeks_is_insufficient(days_before, missing):
    m = measure(series(step=0.2, start=T0 - timedelta(days=days_before)), 0.1)
    assert m.missing_after == 0
    if missing == 0:
        assert m.measured and m.missing_before == 0
    else:
        assert m.verdict == Verdict.insufficient_data and m.missing_before == missing
        # as many more days of history would be enough
        longer = measure(series(step=0.2, start=T0 - timedelta(days=days_before + missing)), 0.1)
        assert longer.measured


def test_release_at_the_very_start_of_the_data():
    m = measure(series(step=0.2, start=T0), 0.1)
    assert m.verdict == Verdict.insufficient_data and m.n_before == 0 and m.missing_before > 0 and m.missing_after == 0


def test_release_at_the_very_end_of_the_data():
    m = measure(series(end=T0), 0.1)
    assert m.verdict == Verdict.insufficient_data and m.n_after == 0 and m.missing_after == 7 and m.missing_before == 0


@pytest.mark.parametrize(
    ("case", "level", "sd"),
    [("around zero", 0.0, 10.0), ("barely above zero", 2.0, 10.0), ("negative", -50.0, 5.0)],
)
def test_relative_change_against_a_series_at_or_below_zero_has_no_verdict(case, level, sd):
    values = series(level=level, noise=0.0, additive=sd, absolute_step=5.0, seed=4)
    m = measure(values, 0.10)
    assert m.state == MeasurementState.measured and m.verdict is None, case
    assert m.measured_change is None and m.ci_low is None
    assert [w.code for w in m.warnings] == ["relative_not_meaningful"]
    absolute = measure(values, 3.0, kind="absolute")  # what the note suggests works
    assert absolute.measured and covers(absolute, 5.0)


def test_weekly_data_gets_a_window_of_eight_weeks():
    weekly = series(step=0.2, noise=0.03, seed=3, start=date(2025, 6, 2))
    weekly = weekly[weekly["date"].dt.day_of_week == 0]  # Mondays
    assert ha.default_window(weekly) == 56 and ha.frequency_of(ha.to_series(weekly)).period == 7
    m = measure(weekly, 0.1, window_days=None)
    assert m.window_days == 56 and m.window_auto and m.history_days == 112
    assert m.n_after >= 7 and m.n_after == 8 and m.n_before == 16
    assert m.verdict == "validated" and covers(m, 0.2)
    set_28 = measure(weekly, 0.1, window_days=28)
    assert not set_28.window_auto and set_28.window_days == 28
    assert set_28.verdict == Verdict.insufficient_data and set_28.missing_after == 3 and set_28.missing_before == 0


def test_default_window_follows_the_frequency():
    daily = series()
    assert ha.default_window(daily) == 28 and ha.frequency_of(ha.to_series(daily)).daily
    monthly = series(start=date(2023, 1, 1))
    monthly = monthly[monthly["date"].dt.day == 1]
    assert ha.default_window(monthly) == math.ceil(8 * 30.44)
    assert ha.default_window(None) == 28
    m = measure(daily, 0.1, window_days=None)
    assert m.window_days == 28 and m.window_auto
    assert not measure(daily, 0.1).window_auto


def test_weekdays_only_data_is_measured():
    values = series(step=0.15, seed=3)
    values = values[values["date"].dt.day_of_week < 5]
    m = measure(values, 0.1)
    assert m.measured and m.verdict == "validated" and covers(m, 0.15)
    assert m.n_after == 20 and m.n_before == 40


def test_window_still_running_gives_no_verdict():
    values = series(step=0.3)
    for days in (10, 28):
        m = measure(values, 0.1, today=T0 + timedelta(days=days))
        assert m.state == MeasurementState.measuring and m.verdict is None and m.measured_change is None
        assert m.after_end == T0 + timedelta(days=28)
    assert measure(values, 0.1, today=T0 + timedelta(days=29)).state == MeasurementState.measured


def test_windows_exclude_the_release_day():
    m = measure(series(step=0.15), 0.1, window_days=14)
    assert m.before_start == T0 - timedelta(days=56) and m.before_end == T0 - timedelta(days=1)
    assert m.after_start == T0 + timedelta(days=1) and m.after_end == T0 + timedelta(days=14)
    assert m.n_before == 56 and m.n_after == 14 and m.history_days == 56
    long = measure(series(step=0.15), 0.1, window_days=42)
    assert long.history_days == 84 and long.n_before == 84  # at least twice the window


def test_release_day_value_does_not_count():
    values = series(step=0.15)
    m = measure(values, 0.1)
    odd = values.copy()
    odd.loc[odd["date"] == pd.Timestamp(T0), "value"] = 1e6
    assert measure(odd, 0.1).measured_change == pytest.approx(m.measured_change)


# ---------------------------------------------------------------------------------------------
# Before launch: detectability


NOISY = {"noise": 0.10, "seed": 5, "start": date(2024, 6, 1)}


def test_not_launched_says_when_change_is_undetectable():
    values = series(**NOISY)
    m = measure(values, 0.10, shipped_on=[None], today=END)
    assert m.state == MeasurementState.not_launched and m.verdict is None and m.t0 is None
    warning = [w for w in m.warnings if w.code == "not_detectable"]
    assert warning and m.detectability.detectable is False and m.detectability.mde > 0.10
    assert warning[0].values["mde"] == m.detectability.mde and warning[0].values["window_days"] == 28
    big = measure(values, 0.30, shipped_on=[None], today=END)
    assert not big.warnings and big.detectability.detectable


def test_the_suggested_window_is_detectable_when_the_hypothesis_uses_it():
    values = series(**NOISY)
    det = ha.detectability(values, change_kind="relative", expected=0.10, window_days=28, reference=END)
    suggested = det.suggested_window
    assert det.detectable is False and suggested is not None and suggested > 28 and suggested % 7 == 0
    again = measure(values, 0.10, shipped_on=[None], today=END, window_days=suggested)
    assert not again.warnings and again.detectability.detectable and again.detectability.mde <= 0.10
    shorter = measure(values, 0.10, shipped_on=[None], today=END, window_days=suggested - 7)
    assert shorter.detectability.detectable is False  # the shortest such window


def test_the_not_detectable_warning_suggests_that_window():
    values = series(**NOISY)
    det = ha.detectability(values, change_kind="relative", expected=0.10, window_days=28, reference=END)
    m = measure(values, 0.10, shipped_on=[None], today=END)
    assert m.warnings[0].values["suggested_window"] == det.suggested_window


def test_suggested_window_is_detectable():
    values = series(noise=0.06, start=date(2025, 6, 1))
    det = ha.detectability(values, change_kind="relative", expected=0.03, window_days=14, reference=END)
    assert det.detectable is False
    assert det.suggested_window is not None and det.suggested_window % 7 == 0 and det.suggested_window > 14
    longer = ha.detectability(values, change_kind="relative", expected=0.03, window_days=det.suggested_window,
                              reference=END)
    assert longer.detectable
    assert longer.mde < det.mde


def test_detectability_without_history_says_nothing():
    det = ha.detectability(series().head(5), change_kind="relative", expected=0.1, window_days=28, reference=END)
    assert det.mde is None and det.detectable is None


def test_weekly_data_needs_a_window_with_seven_values():
    weekly = series(noise=0.01, start=date(2025, 6, 2))
    weekly = weekly[weekly["date"].dt.day_of_week == 0]  # one value a week
    det = ha.detectability(weekly, change_kind="relative", expected=0.30, window_days=28, reference=END)
    assert det.too_few_values and det.detectable is False
    assert det.suggested_window == 49  # 7 weekly values
    m = measure(weekly, 0.3, shipped_on=[None], today=END, window_days=28)
    assert m.warnings[0].values["too_few_values"]


def test_release_in_the_future_is_not_launched():
    m = measure(series(), 0.1, shipped_on=[date(2026, 9, 1)])
    assert m.state == MeasurementState.not_launched and m.t0 == date(2026, 9, 1) and m.verdict is None


# ---------------------------------------------------------------------------------------------
# Shared credit, guardrails, release date


def test_two_outputs_in_one_window_warn_about_shared_credit():
    others = pd.DataFrame({
        "key": ["GRO-2", "GRO-3", "GRO-4"],
        "shipped_on": [T0 + timedelta(days=10), T0 - timedelta(days=60), T0 - timedelta(days=20)],
    })
    m = measure(series(step=0.15), 0.10, other_outputs=others)
    codes = {w.code: w.values for w in m.warnings}
    assert codes["other_outputs"]["keys"] == ["GRO-2", "GRO-4"]  # the closest first
    assert codes["other_outputs"]["count"] == 2
    assert m.verdict == "validated"  # the warning does not change the verdict


def test_shared_credit_orders_by_priority_first():
    others = pd.DataFrame({
        "key": ["FAR", "NEAR"], "shipped_on": [T0 - timedelta(days=20), T0 + timedelta(days=2)], "priority": [0, 1],
    })
    m = measure(series(step=0.15), 0.10, other_outputs=others)
    assert m.warnings[0].values["keys"] == ["FAR", "NEAR"]


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
    waiting = measure(series(step=0.15), 0.10, shipped_on=[T0, None])
    assert waiting.state == MeasurementState.not_launched and waiting.t0 is None


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
    assert m.verdict == "validated"


# ---------------------------------------------------------------------------------------------
# Calibration


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
    assert list(ha.calibration(frame.iloc[:0]).columns) == ha.CALIBRATION_COLUMNS


@pytest.mark.parametrize("seed", range(1, 8))
def test_the_first_days_of_a_ramp_are_no_spike(seed):
    # +12 % reached over the whole window: the first days lie far below the window's median, but not
    # below their local level, so nothing is left out and the verdict is not held back.
    ramp = series(effect=lambda since: np.clip(since, 0, 28) / 28 * 0.12, seed=seed)
    m = measure(ramp, 0.10)
    assert check(m, "spike") is None
    assert m.measured and not any(c.code == "spike" for c in m.checks)


def test_weekly_data_is_not_held_back_for_carry_over_its_few_values_cannot_show():
    held = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        days = pd.date_range("2025-06-02", "2026-08-31", freq="7D")  # Mondays
        values = 100 * np.exp(rng.normal(0, 0.03, len(days)))
        m = ha.measure_hypothesis(pd.DataFrame({"date": days, "value": values}), change_kind="relative",
                                  expected=0.10, window_days=None, shipped_on=[date(2026, 5, 4)], today=TODAY)
        assert m.window_days == 56 and m.measured
        held += check(m, "autocorrelation") is not None
    assert held <= 4  # independent weekly noise: at most one series in ten
