"""Edges of the key result and hypothesis decision rules that the other tests leave open.

Written from a mutation run over `dashboard/analysis/okr.py` and `dashboard/analysis/hypothesis.py`: each test
pins what a user sees (a status input, a forecast, a zone of the path, a verdict, a note, an interval, the
detectable effect) at a boundary or in a case the other tests do not reach. Expected values are worked out by hand
or with plain least squares written out here (or the independent reference of `test_measurement_method.py`),
never by asking the module under test.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_measurement_method import reference

from dashboard import rules
from dashboard.analysis import hypothesis as ha
from dashboard.analysis import okr
from dashboard.models import MeasurementState, Verdict

Q4 = date(2026, 10, 1)
PERIOD = "2026-Q4"
T0 = date(2026, 6, 1)  # a Monday
TODAY = date(2026, 8, 1)


def frame(start: date, values: list[float | None], step: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {"date": pd.to_datetime([start + timedelta(days=i * step) for i in range(len(values))]), "value": values}
    )


def line_at(xs: list[float], ys: list[float], at: float) -> float:
    """The least-squares line through (xs, ys), written out, evaluated at `at`."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my + slope * (at - mx)


DEC31 = 91.0  # Dec 31 in days from Oct 1


# =============================================================================================
# Key results


@pytest.mark.parametrize("direction", ["up", "down"])
def test_a_target_equal_to_the_baseline_is_no_direction_conflict(direction):
    assert rules.direction_conflict(direction, 10, 10) is False


def test_no_check_ins_at_all_give_an_empty_path_with_typed_columns():
    path = okr.manual_path(None, PERIOD, date(2026, 11, 1))
    assert path.empty and list(path.columns) == ["date", "value"]
    assert str(path["date"].dtype) == "datetime64[ns]" and str(path["value"].dtype) == "float64"
    figures = okr.evaluate_key_result(baseline=0, target=10, stretch=None, period=PERIOD, today=date(2026, 11, 1))
    assert figures.current is None and figures.last_update is None and figures.stale is True
    assert figures.confidence is None and figures.forecast_value is None


def test_a_path_has_one_float_value_per_day_indexed_from_zero():
    check_ins = pd.DataFrame({
        "date": [date(2026, 10, 5), date(2026, 10, 5), date(2026, 10, 9), date(2026, 9, 20)],
        "value": [3, 4, 7, 1],
        "confidence": [5, 6, 7, 8],
    })
    path = okr.manual_path(check_ins, PERIOD, date(2026, 11, 1))
    assert list(path.columns) == ["date", "value"] and str(path["value"].dtype) == "float64"
    assert list(path.index) == [0, 1]
    assert list(path["date"]) == [pd.Timestamp("2026-10-05"), pd.Timestamp("2026-10-09")]
    assert list(path["value"]) == [4.0, 7.0]  # the later of the two check-ins on Oct 5
    daily = okr.value_path(frame(Q4, [float(i) for i in range(20)]), PERIOD, date(2026, 10, 20), "sum")
    assert list(daily.columns) == ["date", "value"] and list(daily.index) == list(range(14))


def test_with_many_check_ins_a_day_the_one_entered_last_counts():
    # 17 check-ins over three days, entered round after round (corrections, repeated imports): row i is on day i % 3.
    check_ins = pd.DataFrame({
        "date": [Q4 + timedelta(days=i % 3) for i in range(17)],
        "value": [float(i) for i in range(17)],
        "confidence": [i % 11 for i in range(17)],
    })
    path = okr.manual_path(check_ins, PERIOD, date(2026, 11, 1))
    assert list(path["value"]) == [15.0, 16.0, 14.0]  # the last row of each day
    assert okr.latest_confidence(check_ins) == 14 % 11  # the last row of the latest day


def test_latest_confidence_follows_the_dates_not_the_row_order():
    check_ins = pd.DataFrame({
        "date": [date(2026, 10, 20), date(2026, 10, 2), date(2026, 10, 9)],
        "value": [None, None, None],
        "confidence": [9, 2, 4],
    })
    assert okr.latest_confidence(check_ins) == 9
    assert okr.latest_confidence(None) is None


@pytest.mark.parametrize(
    ("offsets", "daily"),
    [([0, 1], True), ([0], False), ([], False), ([0, 2, 4, 6], False), ([0, 1, 2, 4, 5, 6], True)],
)
def test_is_daily_needs_two_days_at_most_one_day_apart(offsets, daily):
    assert okr.is_daily(pd.Series(pd.to_datetime([Q4 + timedelta(days=d) for d in offsets]))) is daily


def test_weekly_values_are_their_own_path_from_the_first_day():
    values = frame(Q4, [10.0, 30.0, 20.0, 40.0], step=7)
    for aggregation in ("mean", "sum"):
        path = okr.value_path(values, PERIOD, date(2026, 10, 25), aggregation)
        assert list(path["date"]) == list(values["date"]) and list(path["value"]) == [10.0, 30.0, 20.0, 40.0]


def test_an_unknown_aggregation_is_read_as_the_mean():
    values = frame(Q4, [float(i) for i in range(1, 11)])
    assert okr.current_value(values, PERIOD, date(2026, 10, 10), "max") == 7.0  # mean of 4..10


def test_last_activity_edges():
    check_ins = pd.DataFrame({"date": [date(2026, 10, 12)], "value": [None], "confidence": [5]})
    assert okr.last_activity(None, check_ins, PERIOD, date(2026, 11, 1)) == date(2026, 10, 12)
    first_day = frame(Q4, [1.0])
    assert okr.last_activity(first_day, None, PERIOD, date(2026, 11, 1)) == Q4
    today = pd.DataFrame({"date": [date(2026, 11, 1)], "value": [None], "confidence": [5]})
    assert okr.last_activity(frame(Q4, [1.0]), today, PERIOD, date(2026, 11, 1)) == date(2026, 11, 1)
    # a value dated after today, or outside the quarter, is no activity yet
    later = frame(date(2026, 11, 20), [1.0])
    outside = frame(date(2026, 9, 30), [1.0])
    assert okr.last_activity(later, None, PERIOD, date(2026, 11, 1)) is None
    assert okr.last_activity(outside, None, PERIOD, date(2026, 11, 1)) is None


# ---------------------------------------------------------------------------------------------
# Forecast


@pytest.mark.parametrize(
    ("path", "today", "anchor", "value"),
    [
        (frame(Q4, []), date(2026, 10, 20), None, None),
        (None, date(2026, 10, 20), None, None),
        (None, date(2026, 10, 20), (Q4, 0.0), None),
        (frame(Q4, [5.0]), date(2026, 10, 20), None, None),
        (frame(Q4, [1.0, 2.0, 3.0]), date(2026, 9, 20), None, None),  # quarter not begun
        (frame(Q4, []), date(2027, 1, 10), None, None),  # quarter over, nothing measured
        (frame(Q4, [1.0, 4.0, 2.0], step=20), date(2027, 1, 10), None, 2.0),  # quarter over: the last value
    ],
)
def test_without_a_trend_to_draw_the_projection_is_an_empty_date_value_frame(path, today, anchor, value):
    result = okr.forecast(path, PERIOD, today, anchor=anchor)
    assert result.value == value
    assert result.line.empty and list(result.line.columns) == ["date", "value"]
    assert str(result.line["date"].dtype) == "datetime64[ns]" and str(result.line["value"].dtype) == "float64"


def test_the_projection_runs_from_the_last_point_to_the_quarter_end():
    result = okr.forecast(frame(Q4, [float(i) for i in range(30)]), PERIOD, date(2026, 10, 30))
    assert list(result.line["date"]) == [pd.Timestamp("2026-10-30"), pd.Timestamp("2026-12-31")]
    assert list(result.line["value"]) == pytest.approx([29.0, DEC31])


def test_a_check_in_on_the_first_day_replaces_the_baseline_anchor():
    path = pd.DataFrame({"date": pd.to_datetime([Q4, date(2026, 10, 11)]), "value": [10.0, 20.0]})
    result = okr.forecast(path, PERIOD, date(2026, 10, 12), anchor=(Q4, 0.0))
    assert result.value == pytest.approx(10.0 + DEC31)  # +1 a day from 10, the baseline 0 is not a point


def test_on_the_quarters_last_day_the_forecast_is_the_current_value():
    path = frame(Q4, [0.0, 5.0, 3.0, 9.0], step=30)  # Oct 1, Oct 31, Nov 30, Dec 30
    assert okr.forecast(path, PERIOD, date(2026, 12, 31)).value == 9.0


def test_fit_from_leaves_out_a_summed_metric_ramping_up():
    # a 7-day sum of 10 a day: 10, 20, ..., 70 over the first week, then 70
    path = frame(Q4, [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 70.0])
    result = okr.forecast(path, PERIOD, date(2026, 10, 8), fit_from=date(2026, 10, 7))
    assert result.value == pytest.approx(70.0)


def test_manual_key_result_figures_project_from_the_baseline():
    check_ins = pd.DataFrame({
        "date": [date(2026, 10, 11), date(2026, 10, 21)], "value": [10.0, 15.0], "confidence": [6, 7],
    })
    f = okr.evaluate_key_result(baseline=0, target=20, stretch=None, period=PERIOD, today=date(2026, 10, 25),
                                check_ins=check_ins, direction="up")
    projected = line_at([0, 10, 20], [0.0, 10.0, 15.0], DEC31)  # the baseline on Oct 1 is the first point
    assert f.current == 15.0 and f.progress == pytest.approx(0.75) and f.score == pytest.approx(0.75)
    assert f.elapsed == pytest.approx(25 / 92) and f.status == "on_track"
    assert f.last_update == date(2026, 10, 21) and not f.stale and f.confidence == 7
    assert f.forecast_value == pytest.approx(projected)
    assert f.forecast_progress == pytest.approx(projected / 20) and f.forecast_score == 1.0
    assert f.direction_conflict is False
    assert list(f.path["value"]) == [10.0, 15.0]
    assert list(f.projection["date"]) == [pd.Timestamp("2026-10-21"), pd.Timestamp("2026-12-31")]
    conflict = okr.evaluate_key_result(baseline=50, target=40, stretch=None, period=PERIOD, today=date(2026, 10, 25),
                                       check_ins=check_ins, direction="up")
    assert conflict.direction_conflict is True


DIGITS = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0, 7.0, 9.0, 3.0, 2.0, 3.0, 8.0, 4.0]


def test_linked_daily_sum_key_result_projects_the_full_weeks():
    values = frame(Q4, DIGITS)  # Oct 1..20
    check_ins = pd.DataFrame({"date": [date(2026, 10, 22)], "value": [None], "confidence": [4]})
    f = okr.evaluate_key_result(baseline=0, target=100, stretch=None, period=PERIOD, today=date(2026, 10, 25),
                                values=values, aggregation="sum", check_ins=check_ins)
    sums = [sum(DIGITS[i - 6:i + 1]) for i in range(6, 20)]  # the full weeks: Oct 7..20
    assert f.current == sums[-1] and f.progress == pytest.approx(sums[-1] / 100)
    assert f.forecast_value == pytest.approx(line_at(list(range(6, 20)), sums, DEC31))
    assert f.last_update == date(2026, 10, 22)  # the check-in, later than the last value


def test_linked_daily_values_alone_keep_the_key_result_fresh():
    f = okr.evaluate_key_result(baseline=0, target=100, stretch=None, period=PERIOD, today=date(2026, 10, 20),
                                values=frame(Q4, DIGITS), aggregation="mean")
    assert f.last_update == date(2026, 10, 20) and not f.stale


def test_linked_weekly_key_result_projects_every_value_and_no_baseline():
    values = frame(date(2026, 10, 2), [10.0, 30.0, 20.0, 40.0], step=7)  # Oct 2, 9, 16, 23
    f = okr.evaluate_key_result(baseline=0, target=100, stretch=None, period=PERIOD, today=date(2026, 10, 25),
                                values=values, aggregation="mean")
    assert f.forecast_value == pytest.approx(line_at([1, 8, 15, 22], [10.0, 30.0, 20.0, 40.0], DEC31))


def test_linked_daily_last_value_key_result_projects_every_day():
    values = frame(Q4, DIGITS[:14])
    f = okr.evaluate_key_result(baseline=0, target=100, stretch=None, period=PERIOD, today=date(2026, 10, 15),
                                values=values, aggregation="last")
    assert f.current == DIGITS[13]
    assert f.forecast_value == pytest.approx(line_at(list(range(14)), DIGITS[:14], DEC31))


def test_alignment_tree_edges():
    def ids(objectives):
        return [(d, i if isinstance(i, str) else i["id"]) for d, i in okr.alignment_rows(objectives)]

    cycle = [{"id": 1, "parent_ids": [2], "aligned_to_north_star": True},
             {"id": 2, "parent_ids": [1], "aligned_to_north_star": False}]
    assert ids(cycle) == [(0, "north_star"), (1, 1), (2, 2)]
    aligned_missing_parent = [{"id": 1, "parent_ids": [99], "aligned_to_north_star": True}]
    assert ids(aligned_missing_parent) == [(0, "north_star"), (1, 1)]
    with_children = [
        {"id": 5, "parent_ids": [99], "aligned_to_north_star": False},
        {"id": 6, "parent_ids": [5], "aligned_to_north_star": False},
        {"id": 4, "parent_ids": [], "aligned_to_north_star": False},
        {"id": 7, "parent_ids": [4], "aligned_to_north_star": False},
    ]
    assert ids(with_children) == [(0, "north_star"), (0, 5), (1, 6), (0, "unaligned"), (1, 4), (2, 7)]


# =============================================================================================
# Hypotheses: series, frequency, parsing, calibration


def daily(
    *, start: date = T0 - timedelta(days=120), end: date = T0 + timedelta(days=40), level: float = 100.0,
    trend: float = 0.0, weekend: float = 0.0, noise: float = 0.02, ar: float = 0.0, step: float = 0.0,
    abs_step: float = 0.0, additive: float = 0.0, seed: int = 1,
) -> pd.DataFrame:
    """Daily values: level, growth, weekend dip, multiplicative AR(1) noise, additive noise, a step after T0."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, end, freq="D")
    e = np.empty(len(days))
    e[0] = rng.normal(0.0, noise)
    shocks = rng.normal(0.0, noise * math.sqrt(1 - ar**2), len(days))
    for i in range(1, len(days)):
        e[i] = ar * e[i - 1] + shocks[i]
    after = days > pd.Timestamp(T0)
    pattern = np.where(days.day_of_week >= 5, 1 - weekend, 1 + weekend * 2 / 5)
    value = level * np.exp(trend * np.arange(len(days))) * pattern * np.exp(e) * np.where(after, 1 + step, 1.0)
    value = value + np.where(after, abs_step, 0.0) + (rng.normal(0.0, additive, len(days)) if additive else 0.0)
    return pd.DataFrame({"date": days, "value": value})


def measure(values: pd.DataFrame, expected: float, kind: str = "relative", **kw) -> ha.Measurement:
    args = {"change_kind": kind, "expected": expected, "window_days": 28, "shipped_on": [T0], "today": TODAY,
            "with_path": False}
    args.update(kw)
    return ha.measure_hypothesis(values, **args)


def check(m: ha.Measurement, code: str) -> ha.Check | None:
    found = [c for c in m.checks if c.code == code]
    return found[0] if found else None


def on_days(values: pd.DataFrame, offsets: list[int], factor: float = 1.0, plus: float = 0.0) -> pd.DataFrame:
    values = values.copy()
    hit = values["date"].isin(pd.to_datetime([T0 + timedelta(days=d) for d in offsets]))
    values.loc[hit, "value"] = values.loc[hit, "value"] * factor + plus
    return values


def without(values: pd.DataFrame, offsets: list[int]) -> pd.DataFrame:
    return values[~values["date"].isin(pd.to_datetime([T0 + timedelta(days=d) for d in offsets]))]


def mondays(start: date, end: date) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq="W-MON")


def test_to_series_drops_text_and_sorts_the_days():
    rows = pd.DataFrame({"date": ["2026-06-03", "2026-06-01", "2026-06-02", "2026-06-04"],
                         "value": [3.0, 1.0, "n/a", 4.0]})
    s = ha.to_series(rows)
    assert [date.fromordinal(int(d)) for d in s.days] == [date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 4)]
    assert list(s.values) == [1.0, 3.0, 4.0]


def _freq(offsets: list[int]) -> ha.Frequency:
    return ha.frequency_of(ha.Series(np.array([T0.toordinal() + d for d in offsets], dtype=np.int64),
                                     np.ones(len(offsets))))


def test_frequency_edges():
    assert _freq([0, 7, 14]).period == 7.0  # three values are enough to tell weekly data
    assert _freq([0, 1, 3, 4, 6]) == ha.DAILY  # median gap 1.5: still daily
    every_other = _freq([0, 2, 4, 6, 8])
    assert (every_other.period, every_other.daily, every_other.window_days) == (2.0, False, 28)
    assert every_other.min_history_values == 8
    weekly = _freq([0, 7, 14, 21])
    assert (weekly.window_days, weekly.history_days, weekly.min_history_days, weekly.min_history_values) == (
        56, 112, 56, 8)
    for gap, period in ((24, 24.0), (25, 30.44), (35, 30.44), (36, 36.0)):  # 25..35 days apart is monthly
        assert _freq([0, gap, 2 * gap]).period == period, gap


def test_calibration_counts_sorts_and_skips_undefined_ratios():
    results = pd.DataFrame({
        "team": ["B", "A", "A", "A", "B", "C"],
        "verdict": ["validated", "validated", "partial", "invalidated", "inconclusive", "insufficient data"],
        "expected_rel": [0.1, 0.2, 0.0, 0.1, 0.1, 0.1],
        "measured_rel": [None, 0.2, -0.1, 0.0, None, 0.1],
    })
    table = ha.calibration(results)
    assert list(table["team"]) == ["A", "B"]
    a = table.set_index("team").loc["A"]
    assert (a["measured"], a["validated"], a["partial"], a["invalidated"], a["inconclusive"]) == (3, 1, 1, 1, 0)
    assert a["delivered"] == pytest.approx(0.5)  # median of 1.0 and 0.0; -0.1 / 0 is no ratio
    assert pd.isna(table.set_index("team").loc["B", "delivered"])  # no measured ratio: nothing delivered to show
    empty = ha.calibration(results[results["verdict"] == "insufficient data"])
    assert empty.empty and list(empty.columns) == ha.CALIBRATION_COLUMNS


def test_relative_view_falls_back_to_the_history_mean():
    m = ha.Measurement(state=MeasurementState.measured, verdict=None, change_kind="absolute", expected=5.0, window_days=28,
                       mean_before=50.0)
    assert m.relative() == (pytest.approx(0.1), None, None, None)


# ---------------------------------------------------------------------------------------------
# Shared credit and guardrails


def test_shared_credit_edges():
    far_first = pd.DataFrame({"key": ["FAR", "NEAR"], "shipped_on": [T0 - timedelta(days=20), T0 + timedelta(days=2)]})
    m = measure(daily(step=0.15), 0.10, other_outputs=far_first)
    assert m.warnings[0].values["keys"] == ["NEAR", "FAR"]  # no priority given: the closest first
    unshipped_first = pd.DataFrame({
        "key": ["NONE", "NAT", "EDGE-", "EDGE+", "OUT"],
        "shipped_on": [None, pd.NaT, T0 - timedelta(days=28), T0 + timedelta(days=28), T0 + timedelta(days=29)],
    })
    m = measure(daily(step=0.15), 0.10, other_outputs=unshipped_first)
    assert m.warnings[0].values == {"count": 2, "keys": ["EDGE+", "EDGE-"]}  # exactly w days away counts
    as_tuples = [("ORD", T0.toordinal() + 3), ("OLD", T0.toordinal() - 40)]
    m = measure(daily(step=0.15), 0.10, other_outputs=as_tuples)
    assert m.warnings[0].values == {"count": 1, "keys": ["ORD"]}


def test_guardrail_edges():
    for step in (0.10, -0.10):
        undirected = measure(daily(step=0.15), 0.10, guardrail_values=daily(step=step, seed=5),
                             guardrail_direction=None)
        assert not undirected.warnings  # no direction: neither way is the wrong way
    guard = daily(step=-0.10, seed=5)
    m = measure(daily(step=0.15), 0.10, guardrail_values=guard, guardrail_direction="up")
    w = m.warnings[0]
    assert w.code == "guardrail" and w.values["metric"] == ""
    assert w.values["low"] <= w.values["change"] <= w.values["high"] < 0


def test_control_label_only_with_a_control():
    assert measure(daily(step=0.15), 0.10, control_label="FR").control == ""
    assert measure(daily(step=0.15), 0.10, control_values=daily(level=500.0, seed=9)).control == ""


# ---------------------------------------------------------------------------------------------
# States before a verdict


def test_released_today_is_measuring_not_before_launch():
    m = measure(daily(), 0.10, today=T0)
    assert m.state == MeasurementState.measuring and m.t0 == T0


def test_while_measuring_the_window_so_far_is_described():
    values = daily(step=0.15)
    others = pd.DataFrame({"key": ["X-1"], "shipped_on": [T0 + timedelta(days=3)]})
    values = values[values["date"] <= pd.Timestamp(T0 + timedelta(days=10))]  # data up to today
    m = measure(values, 0.10, today=T0 + timedelta(days=10), other_outputs=others)
    v = values.set_index("date")["value"]
    before = v[pd.Timestamp(T0 - timedelta(days=56)):pd.Timestamp(T0 - timedelta(days=1))]
    after = v[pd.Timestamp(T0 + timedelta(days=1)):pd.Timestamp(T0 + timedelta(days=10))]
    assert m.state == MeasurementState.measuring and (m.n_before, m.n_after) == (56, 10)
    assert m.mean_before == pytest.approx(before.mean()) and m.mean_after == pytest.approx(after.mean())
    assert [w.code for w in m.warnings] == ["other_outputs"]
    # with a control, only the days both series have count
    control = without(daily(level=500.0, seed=9), [-3, -10, -20, 2, 5])
    m = measure(values, 0.10, today=T0 + timedelta(days=10), control_values=control)
    assert (m.n_before, m.n_after) == (53, 8)
    assert m.mean_before == pytest.approx(without(values, [-3, -10, -20]).set_index("date")["value"][
        pd.Timestamp(T0 - timedelta(days=56)):pd.Timestamp(T0 - timedelta(days=1))].mean())


def test_insufficient_data_still_describes_what_is_there():
    others = pd.DataFrame({"key": ["X-1"], "shipped_on": [T0 + timedelta(days=3)]})
    at_start = measure(daily(start=T0), 0.10, other_outputs=others)
    assert at_start.state == MeasurementState.measured and at_start.verdict == Verdict.insufficient_data
    assert at_start.t0 == T0 and at_start.n_after == 28 and at_start.mean_before is None
    assert [w.code for w in at_start.warnings] == ["other_outputs"]
    at_end = measure(daily(end=T0), 0.10)
    assert at_end.verdict == Verdict.insufficient_data and at_end.mean_after is None and at_end.n_before == 56
    assert at_end.missing_after == 7 and not at_end.warnings  # daily data: the window is long enough


def test_relative_change_not_meaningful_still_describes_the_windows():
    m = measure(daily(level=0.0, noise=0.0, additive=10.0, seed=4), 0.10)
    assert m.verdict is None and m.warnings == (ha.HypothesisWarning("relative_not_meaningful", {}),)
    assert m.t0 == T0 and m.after_end == T0 + timedelta(days=28) and m.n_after == 28


def test_history_with_too_few_values_says_how_many_are_missing():
    values = daily(start=T0 - timedelta(days=200))
    history = (values["date"] >= pd.Timestamp(T0 - timedelta(days=40))) & (values["date"] < pd.Timestamp(T0))
    keep_20 = values[history].iloc[::2]  # 20 values over 40 days
    after = values[values["date"] >= pd.Timestamp(T0)]
    sparse = pd.concat([keep_20, after])
    m = measure(sparse, 0.10)
    assert m.measured and m.n_before == 20  # exactly the minimum is enough
    m = measure(pd.concat([keep_20.iloc[1:], after]), 0.10)
    assert m.verdict == Verdict.insufficient_data and m.missing_before == 1
    m = measure(pd.concat([keep_20.iloc[5:], after]), 0.10)
    assert m.missing_before == 5


def test_weekly_history_short_by_weeks():
    days = mondays(T0 - timedelta(days=21), T0 + timedelta(days=70))
    weekly = pd.DataFrame({"date": days, "value": 100.0 + np.arange(len(days)) % 3})
    m = measure(weekly, 0.10, window_days=None)
    assert m.verdict == Verdict.insufficient_data and m.missing_before == 5  # 3 of 8 weekly values, 3 of 8 weeks


def test_a_window_too_short_for_weekly_data_is_named_first():
    days = mondays(date(2025, 6, 2), TODAY)
    weekly = pd.DataFrame({"date": days, "value": 100.0 * np.exp(np.random.default_rng(3).normal(0, 0.02, len(days)))})
    others = pd.DataFrame({"key": ["X-1"], "shipped_on": [T0 + timedelta(days=3)]})
    m = measure(weekly, 0.10, window_days=28, other_outputs=others)
    assert m.verdict == Verdict.insufficient_data
    assert m.warnings[0] == ha.HypothesisWarning("window_too_short", {"window_days": 28, "period": 7.0,
                                                                     "suggested": 56})
    assert [w.code for w in m.warnings] == ["window_too_short", "other_outputs"]
    # 49 days can hold seven weekly values: data ending early is not the window's fault
    ended = measure(weekly[weekly["date"] <= pd.Timestamp(T0 + timedelta(days=21))], 0.10, window_days=49)
    assert ended.verdict == Verdict.insufficient_data and not ended.warnings


def test_exactly_seven_values_after_the_release_are_enough():
    m = measure(daily(step=0.15), 0.10, window_days=7)
    assert m.measured and m.n_after == 7


@pytest.mark.parametrize(("days_before", "note"), [(56, False), (54, False), (53, True)])
def test_short_history_note_allows_two_days(days_before, note):
    m = measure(daily(step=0.15, start=T0 - timedelta(days=days_before)), 0.10)
    found = check(m, "short_history")
    assert (found is not None) == note
    if note:
        assert found.values == {"days": days_before, "default": 56}


def test_weekly_data_released_mid_week_has_its_full_history():
    t0 = T0 + timedelta(days=2)  # a Wednesday
    days = mondays(date(2025, 6, 2), date(2026, 9, 1))
    weekly = pd.DataFrame({"date": days, "value": 100.0 * np.exp(np.random.default_rng(4).normal(0, 0.02, len(days)))})
    m = measure(weekly, 0.10, window_days=None, shipped_on=[t0])
    assert m.measured and check(m, "short_history") is None


def test_the_release_day_does_not_count_for_the_placebo_either():
    values = daily(step=0.15)
    odd = values.copy()
    odd.loc[odd["date"] == pd.Timestamp(T0), "value"] = 1e6
    m = measure(odd, 0.10)
    assert check(m, "placebo") is None and m.verdict == "validated"


def test_the_placebo_is_the_method_run_at_t0_minus_w():
    values = daily(step=0.15, start=date(2026, 2, 1))
    values.loc[values["date"] > pd.Timestamp(T0 - timedelta(days=28)), "value"] *= 1.06  # a break at t0 - w
    m = measure(values, 0.10)
    placebo = check(m, "placebo")
    ref = reference(values[values["date"] < pd.Timestamp(T0)], kind="relative", window=28, history=56, period=1.0,
                    daily=True, t0=T0 - timedelta(days=28))
    assert placebo is not None and placebo.held_back
    assert (placebo.values["change"], placebo.values["low"], placebo.values["high"]) == pytest.approx(
        (ref.change, ref.low, ref.high), rel=1e-6)


def test_the_ramp_note_carries_its_interval():
    ramp = daily(noise=0.03, seed=2, start=date(2026, 2, 1))
    since = (ramp["date"] - pd.Timestamp(T0)).dt.days.to_numpy()
    ramp["value"] *= 1 + np.clip(since / 28, 0, 1) * 0.12
    m = measure(ramp, 0.10)
    note = check(m, "ramp")
    assert note is not None
    assert note.values == {"change": m.late_change, "low": m.late_low, "high": m.late_high}


def test_the_last_two_weeks_need_seven_values():
    values = without(daily(step=0.15), [16, 18, 20, 22, 24, 26, 28])  # 7 of the last 14 days left
    m = measure(values, 0.10)
    assert m.n_after == 21 and m.late_change is not None
    assert m.late_low <= m.late_change <= m.late_high


def test_no_path_unless_asked():
    assert measure(daily(step=0.15), 0.10, with_path=False).path is None


# ---------------------------------------------------------------------------------------------
# Spikes


@pytest.mark.parametrize(
    "offsets", [[9], [3, 8, 13, 18, 23]], ids=["one day", "five scattered days"],
)
def test_up_to_five_outlying_days_are_left_out(offsets):
    m = measure(on_days(daily(step=0.15), offsets, 1.6), 0.10)
    spike = check(m, "spike")
    assert spike is not None and spike.values["dates"] == [T0 + timedelta(days=d) for d in offsets]
    assert m.n_after == 28


def test_six_scattered_outlying_days_are_a_change_not_spikes():
    m = measure(on_days(daily(step=0.0), [2, 7, 12, 17, 22, 27], 1.6), 0.10)
    assert check(m, "spike") is None
    assert m.measured_change > 0.1  # the six days count


def test_spikes_are_found_against_a_weekly_pattern():
    m = measure(on_days(daily(step=0.15, weekend=0.3), [5, 6, 7], 1.6), 0.10)
    spike = check(m, "spike")
    assert spike is not None and spike.values["dates"] == [T0 + timedelta(days=d) for d in (5, 6, 7)]


def test_spikes_are_found_in_an_absolute_measurement():
    values = on_days(daily(level=1000.0, noise=0.0, additive=10.0, weekend=0.3, abs_step=50.0), [5, 6, 7], plus=500.0)
    m = measure(values, 30.0, kind="absolute")
    spike = check(m, "spike")
    assert spike is not None and spike.values["dates"] == [T0 + timedelta(days=d) for d in (5, 6, 7)]
    assert m.ci_low <= 50.0 <= m.ci_high


def test_a_history_without_noise_measures_the_change_exactly():
    # no complaints at all before the release, two a day after it (four on two days): no noise to speak of, no
    # carry-over, and no day is a spike against zero noise
    values = daily(level=0.0, noise=0.0)
    values.loc[values["date"] > pd.Timestamp(T0), "value"] = 2.0
    values = on_days(values, [4, 11], plus=2.0)
    m = measure(values, 1.0, kind="absolute")
    change = (26 * 2.0 + 2 * 4.0) / 28
    assert m.phi == 0.0 and not m.checks
    assert (m.measured_change, m.ci_low, m.ci_high) == pytest.approx((change, change, change))
    assert m.verdict == "validated"


# ---------------------------------------------------------------------------------------------
# Estimates pinned to the independent reference of test_measurement_method.py


def _zero_at(values: pd.DataFrame, offset: int) -> pd.DataFrame:
    values = values.copy()
    values.loc[values["date"] == pd.Timestamp(T0 + timedelta(days=offset)), "value"] = 0.0
    return values


def _weekly_ar(seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = mondays(date(2024, 6, 3), date(2026, 9, 1))
    e = np.zeros(len(days))
    for i in range(1, len(days)):
        e[i] = 0.8 * e[i - 1] + rng.normal(0, 0.03)
    return pd.DataFrame({"date": days, "value": 100.0 * np.exp(e) * np.where(days > pd.Timestamp(T0), 1.1, 1.0)})


SEED_FIVE_PAIRS = 2


def _weekly_five_pairs() -> pd.DataFrame:
    """Weekly data whose 16-week history keeps 8 values, only five of them one week after another."""
    weekly = _weekly_ar(SEED_FIVE_PAIRS)
    dropped = [T0 - timedelta(days=d) for d in (112, 98, 91, 77, 70, 63, 56, 49)]
    return weekly[~weekly["date"].isin(pd.to_datetime(dropped))]


def _gappy_ar() -> pd.DataFrame:
    return without(daily(ar=0.6, noise=0.03, step=0.1, seed=6), [-3, -7, -12, -18, -25, -31, -40, -47, 6, 13])


def _product(control: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"date": control["date"], "value": control["value"].to_numpy() * own["value"].to_numpy()})


def _sum(control: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"date": control["date"], "value": control["value"].to_numpy() + own["value"].to_numpy()})


CONTROL = daily(level=2000.0, weekend=0.2, seed=21)
RATE_CONTROL = daily(level=0.6, weekend=0.2, seed=21)
WEEKLY = {"window": 56, "history": 112, "period": 7.0, "daily": False}
DAILY = {"window": 28, "history": 56, "period": 1.0, "daily": True}
PINNED = {
    # name: (values, control, kind, expected, spec, model in logs)
    "weekly, carry-over": (_weekly_ar(), None, "relative", 0.10, WEEKLY, True),
    "weekly, five pairs for the carry-over": (_weekly_five_pairs(), None, "relative", 0.10, WEEKLY, True),
    "daily gaps, carry-over": (_gappy_ar(), None, "relative", 0.10, DAILY, True),
    "a rate below one": (daily(level=0.2, step=0.1, seed=7), None, "relative", 0.05, DAILY, True),
    "small values, relative in levels": (_zero_at(daily(level=0.3, noise=0.0, additive=0.01, abs_step=0.04, seed=3),
                                                  -30), None, "relative", 0.10, DAILY, False),
    "a zero after the release": (_zero_at(daily(level=10.0, noise=0.0, additive=3.0, abs_step=1.0, seed=5), 10),
                                 None, "relative", 0.10, DAILY, False),
    "control below one": (_product(RATE_CONTROL, daily(level=0.5, step=0.1, seed=22)), RATE_CONTROL, "relative",
                          0.10, DAILY, True),
    "zero in the control's history": (_sum(_zero_at(CONTROL, -20), daily(level=300.0, step=0.1, seed=23)),
                                      _zero_at(CONTROL, -20), "relative", 0.10, DAILY, False),
    "zero in the control's window": (_sum(_zero_at(CONTROL, 9), daily(level=300.0, step=0.1, seed=24)),
                                     _zero_at(CONTROL, 9), "relative", 0.10, DAILY, False),
    "zero in the metric, with a control": (_zero_at(_sum(CONTROL, daily(level=300.0, step=0.1, seed=25)), -15),
                                           CONTROL, "relative", 0.10, DAILY, False),
}


@pytest.mark.parametrize("case", list(PINNED))
def test_estimate_matches_the_reference_in_more_cases(case):
    values, control, kind, expected, spec, log = PINNED[case]
    ref = reference(values, kind=kind, window=spec["window"], history=spec["history"], period=spec["period"],
                    daily=spec["daily"], control=control)
    assert ref.log is log
    if "carry-over" in case:
        assert ref.phi > 0.2  # the cases are there for the carry-over
    if case == "weekly, five pairs for the carry-over":
        assert ref.n_before == 8 and ref.phi > 0  # the fewest pairs the carry-over is estimated from
    m = ha.measure_hypothesis(values, change_kind=kind, expected=expected, window_days=None if not spec["daily"]
                              else spec["window"], shipped_on=[T0], today=TODAY, control_values=control,
                              with_path=False)
    assert m.measured and (m.n_before, m.n_after) == (ref.n_before, ref.n_after)
    assert m.phi == pytest.approx(ref.phi, rel=1e-6, abs=1e-9)
    assert m.counterfactual_mean == pytest.approx(ref.cf_mean, rel=1e-6)
    assert (m.measured_change, m.ci_low, m.ci_high) == pytest.approx((ref.change, ref.low, ref.high), rel=1e-6)


# ---------------------------------------------------------------------------------------------
# Plain least squares (for series whose carry-over is clipped to zero): prediction and detectability


def least_squares(days: list[date], z: np.ndarray, t_ref: date) -> SimpleNamespace:
    """z on a trend in days from `t_ref` and one dummy per weekday present (no intercept), by `lstsq`."""
    weekdays = sorted({d.weekday() for d in days})

    def row(d: date) -> np.ndarray:
        return np.array([float((d - t_ref).days)] + [float(d.weekday() == w) for w in weekdays])

    x = np.array([row(d) for d in days])
    beta = np.linalg.lstsq(x, z, rcond=None)[0]
    resid = z - x @ beta
    n, k = x.shape
    lag1 = float(resid[:-1] @ resid[1:]) / float(resid @ resid)
    corrected = (lag1 + (1 + 0.05 * k) / n) / (1 - (3 + 0.33 * k) / n)
    assert corrected <= 0  # the published carry-over estimate is clipped to zero: independent noise
    return SimpleNamespace(row=row, beta=beta, resid=resid, s2=float(resid @ resid) / (n - k),
                           inv=np.linalg.inv(x.T @ x), df=n - k - 1)


def error_sd(fit: SimpleNamespace, days: list[date], weights: np.ndarray) -> float:
    """sd of sum(w * (actual - fitted)) over `days` with independent noise: own noise plus the fit's error."""
    g = np.array([fit.row(d) for d in days]).T @ weights
    return math.sqrt(fit.s2 * (float(weights @ weights) + float(g @ fit.inv @ g)))


def days_of(values: pd.DataFrame, first: date, last: date) -> tuple[list[date], np.ndarray]:
    part = values[(values["date"] >= pd.Timestamp(first)) & (values["date"] <= pd.Timestamp(last))]
    return [d.date() for d in part["date"]], part["value"].to_numpy()


END = date(2026, 7, 31)
Z_POWER = stats.norm.ppf(0.80)


def expected_detectability(values: pd.DataFrame, kind: str, window: int, history: int) -> tuple[float, float]:
    """(mde, noise sd) over `window` days after END, from the `history` days up to END."""
    days, y = days_of(values, END - timedelta(days=history), END)
    log = kind == "relative" and bool((y > 0).all())
    fit = least_squares(days, np.log(y) if log else y, END)
    future = [END + timedelta(days=i) for i in range(1, window + 1)]
    sd = error_sd(fit, future, np.full(window, 1.0 / window))
    z = stats.t.ppf(0.975, fit.df) + Z_POWER
    if log:
        return math.expm1(z * sd), math.sqrt(fit.s2)
    if kind == "relative":
        level = float(np.mean([fit.row(d) @ fit.beta for d in days[-7:]]))
        return z * sd / abs(level), math.sqrt(fit.s2)
    return z * sd, math.sqrt(fit.s2)


def _before_end(**kw) -> pd.DataFrame:
    return daily(start=date(2026, 2, 1), end=END, ar=-0.5, **kw)


DETECT = {
    "relative, a rate in logs": (_before_end(level=0.2, noise=0.05, weekend=0.2, seed=31), "relative"),
    "relative in levels (a zero day)": (_zero_at(_before_end(level=0.6, noise=0.08, trend=0.003, seed=30),
                                                 (END - T0).days - 20), "relative"),
    "absolute": (_before_end(level=200.0, noise=0.05, trend=0.002, weekend=0.3, seed=33), "absolute"),
}


@pytest.mark.parametrize("case", list(DETECT))
@pytest.mark.parametrize("history", [None, 28])
def test_detectable_effect_is_the_power_formula_on_the_history(case, history):
    values, kind = DETECT[case]
    mde, noise = expected_detectability(values, kind, 28, history or 56)
    for expected, detectable in ((float(mde) * 1.02, True), (float(mde) * 0.98, False)):
        m = measure(values, expected, kind=kind, shipped_on=[None], today=END, history_days=history)
        det = m.detectability
        assert det.mde == pytest.approx(mde, rel=1e-6) and det.noise_sd == pytest.approx(noise, rel=1e-6)
        assert det.window_days == 28 and det.values_per_window == pytest.approx(28.0)
        assert det.detectable is detectable and not det.too_few_values
        if detectable:
            assert det.suggested_window == 28 and m.warnings == ()
        else:
            (warning,) = m.warnings
            assert warning.values["change_kind"] == kind and warning.values["values_per_window"] == pytest.approx(28)


def test_detectability_defaults_and_hopeless_cases():
    values = _before_end(level=100.0, noise=0.05, seed=34)
    assert ha.detectability(values, change_kind="relative", expected=0.5, window_days=None,
                            reference=END).window_days == 28
    nothing = ha.detectability(values.head(3), change_kind="relative", expected=0.1, window_days=None, reference=END)
    assert nothing.mde is None and nothing.window_days == 28
    hopeless = ha.detectability(values, change_kind="relative", expected=0.0001, window_days=28, reference=END)
    assert hopeless.detectable is False and hopeless.suggested_window is None


def test_detectability_needs_the_minimum_history_values_and_no_more():
    dense = _before_end(level=100.0, noise=0.05, seed=35)
    recent = dense["date"] >= pd.Timestamp(END - timedelta(days=56))
    twenty = pd.concat([dense[~recent], dense[recent].iloc[::2].head(20)])  # still daily data, 20 recent values
    assert ha.detectability(twenty, change_kind="relative", expected=0.1, window_days=28,
                            reference=END).mde is not None
    eight = pd.DataFrame({"date": mondays(END - timedelta(days=55), END), "value": 100.0 + np.arange(8) % 3})
    assert len(eight) == 8
    assert ha.detectability(eight, change_kind="relative", expected=0.1, window_days=56,
                            reference=END).mde is not None


def test_values_per_window_follow_the_history_density():
    weekdays = _before_end(level=100.0, noise=0.05, seed=36)
    weekdays = weekdays[weekdays["date"].dt.day_of_week < 5]
    reference_day = date(2026, 7, 31)  # a Friday: the history runs Friday to Friday, 57 days, 41 weekdays
    det = ha.detectability(weekdays, change_kind="relative", expected=0.1, window_days=28, reference=reference_day)
    assert det.values_per_window == pytest.approx(41 / 57 * 28)


def test_windows_holding_one_or_no_value_are_too_few():
    weekly = pd.DataFrame({"date": mondays(date(2025, 6, 2), END), "value": 100.0 + np.arange(61) % 3})
    one = ha.detectability(weekly, change_kind="relative", expected=0.5, window_days=7, reference=END)
    assert one.mde is not None and one.too_few_values and one.detectable is False
    seven = ha.detectability(weekly, change_kind="relative", expected=0.5, window_days=49, reference=END)
    assert not seven.too_few_values
    six = ha.detectability(weekly, change_kind="relative", expected=0.5, window_days=48, reference=END)
    assert six.too_few_values  # a 48-day window holds six weekly values
    monthly = pd.DataFrame({"date": pd.date_range("2024-01-01", END, freq="MS"), "value": 100.0 + np.arange(31) % 3})
    none = ha.detectability(monthly, change_kind="relative", expected=0.5, window_days=7, reference=END)
    assert none.mde is None and none.too_few_values and none.detectable is False


# ---------------------------------------------------------------------------------------------
# The chart's path


def _path_case(kind: str) -> tuple[pd.DataFrame, float]:
    if kind == "relative":
        return daily(start=date(2026, 2, 1), weekend=0.3, noise=0.03, ar=-0.5, step=0.10, seed=41), 0.10
    if kind == "relative in levels":
        return _zero_at(daily(start=date(2026, 2, 1), level=30.0, noise=0.03, ar=-0.5, abs_step=3.0, seed=42),
                        -30), 0.10
    return daily(start=date(2026, 2, 1), level=20.0, noise=0.0, additive=0.1, weekend=0.2, abs_step=1.0,
                 seed=43), 0.5


@pytest.mark.parametrize("kind", ["relative", "relative in levels", "absolute"])
def test_path_band_and_effect_so_far_are_the_prediction_intervals(kind):
    values, expected = _path_case(kind)
    m = measure(values, expected, kind="relative" if kind.startswith("relative") else kind, with_path=True)
    assert m.phi == 0.0 and not [c for c in m.checks if c.held_back or c.code == "spike"]
    path = m.path
    hist_days, hist_y = days_of(values, T0 - timedelta(days=56), T0 - timedelta(days=1))
    after_days, after_y = days_of(values, T0 + timedelta(days=1), T0 + timedelta(days=28))
    log = kind == "relative"
    fit = least_squares(hist_days, np.log(hist_y) if log else hist_y, T0)
    q = stats.t.ppf(0.975, fit.df)
    smear = float(np.mean(np.exp(fit.resid))) if log else 1.0
    n = len(hist_days)

    def level(d: date) -> float:
        z = float(fit.row(d) @ fit.beta)
        return math.exp(z) * smear if log else z

    assert path.dates == tuple(hist_days + after_days)
    assert path.after == (False,) * n + (True,) * 28 and path.spike == (False,) * (n + 28)
    assert list(path.actual) == pytest.approx(list(hist_y) + list(after_y))
    cf = np.array([level(d) for d in after_days])
    assert list(path.counterfactual) == pytest.approx([level(d) for d in hist_days] + list(cf), rel=1e-6)
    assert path.low[:n] == path.counterfactual[:n] and path.high[:n] == path.counterfactual[:n]
    for i, d in enumerate(after_days):
        sd = error_sd(fit, [d], np.ones(1))
        low, high = (cf[i] * math.exp(-q * sd), cf[i] * math.exp(q * sd)) if log else (cf[i] - q * sd, cf[i] + q * sd)
        assert (path.low[n + i], path.high[n + i]) == pytest.approx((low, high), rel=1e-6)
    # the effect so far: from the seventh value on, with the band of the same estimate over the days so far
    assert path.cum_effect[: n + 6] == (None,) * (n + 6) and path.cum_low[n + 5] is None
    for j in (7, 15, 28):
        gap = float(np.sum(after_y[:j] - cf[:j]))
        if kind == "absolute":
            effect, half = gap / j, q * error_sd(fit, after_days[:j], np.full(j, 1.0 / j))
        elif log:
            effect, half = gap / cf[:j].sum(), q * error_sd(fit, after_days[:j], cf[:j] / cf[:j].sum())
        else:
            effect, half = gap / cf[:j].sum(), q * error_sd(fit, after_days[:j], np.ones(j)) / cf[:j].sum()
        at = n + j - 1
        assert path.cum_effect[at] == pytest.approx(effect, rel=1e-6)
        assert (path.cum_low[at], path.cum_high[at]) == pytest.approx((effect - half, effect + half), rel=1e-6)
    assert path.cum_effect[-1] == pytest.approx(m.measured_change, rel=1e-9)


def test_path_leaves_the_spike_days_out_of_the_effect_so_far():
    values = on_days(daily(step=0.15, start=date(2026, 2, 1)), [5, 6, 7], 1.6)
    m = measure(values, 0.10, with_path=True)
    path = m.path
    n = m.n_before
    assert [path.dates[i] for i, s in enumerate(path.spike) if s] == [T0 + timedelta(days=d) for d in (5, 6, 7)]
    assert not any(path.spike[:n])
    assert path.cum_effect[-1] == pytest.approx(m.measured_change, rel=1e-9)
    assert path.cum_low[-1] < m.measured_change < path.cum_high[-1]


def test_path_history_follows_the_control():
    control = daily(start=date(2026, 2, 1), level=2000.0, weekend=0.2, seed=51)
    control["value"] *= 1 + 0.15 * np.sin(np.arange(len(control)) / 9)
    metric = _product(control, daily(start=date(2026, 2, 1), level=0.3, step=0.10, seed=52))
    m = measure(metric, 0.10, control_values=control, with_path=True)
    n = m.n_before
    actual, cf = np.array(m.path.actual[:n]), np.array(m.path.counterfactual[:n])
    assert np.mean(np.abs(np.log(actual / cf))) < 0.05  # fitted to the history, control included
