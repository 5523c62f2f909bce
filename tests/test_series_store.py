"""Metric values held per metric and segment, and totals rolled up from the segments."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import hypothesis as ha
from dashboard.analysis.series import SeriesStore, combine, ordinals, rollup_rule
from dashboard.models import Verdict

D0 = date(2026, 3, 2)


def day(i: int) -> date:
    return D0 + timedelta(days=i)


def rows(metric_id: int, segment: str | None, values: dict[int, float | None]) -> list[dict]:
    return [{"metric_id": metric_id, "segment": segment, "date": day(i), "value": v} for i, v in values.items()]


def as_dict(series: ha.Series) -> dict[date, float]:
    return {date.fromordinal(int(d)): float(v) for d, v in zip(series.days, series.values, strict=True)}


@pytest.fixture
def store() -> SeriesStore:
    frame = pd.DataFrame(
        rows(1, "DE", {0: 10.0, 1: 12.0, 2: 14.0, 3: 16.0})
        + rows(1, "FR", {0: 1.0, 1: 2.0, 3: 4.0})  # no value on day 2
        + rows(1, "NL", {0: 100.0, 1: 200.0, 2: 300.0, 3: None})  # day 3 missing (no value)
        + rows(2, "", {0: 5.0, 1: 6.0})  # the whole population, own values
        + rows(2, "DE", {0: 50.0, 1: 60.0, 2: 70.0})
        + rows(2, "FR", {0: 500.0, 1: 600.0, 2: 700.0})
        + rows(3, None, {0: 7.0, 2: 9.0})  # a missing segment is the whole population
    )
    return SeriesStore(frame.sample(frac=1.0, random_state=3))  # order of the rows does not matter


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        ("sum", {day(0): 111.0, day(1): 214.0}),
        ("last", {day(0): 111.0, day(1): 214.0}),  # stocks add up across segments too
        ("mean", {day(0): 111.0 / 3, day(1): 214.0 / 3}),
    ],
)
def test_total_rolls_the_segments_up_on_days_every_segment_has(store, aggregation, expected):
    total = store.get(1, "", aggregation)
    assert as_dict(total) == pytest.approx(expected)
    # days 2 and 3 are left out: FR has no value on day 2, NL none on day 3
    assert day(2) not in as_dict(total) and day(3) not in as_dict(total)


def test_one_segment_is_its_own_values(store):
    assert as_dict(store.get(1, "FR")) == {day(0): 1.0, day(1): 2.0, day(3): 4.0}
    assert as_dict(store.get(1, "NL")) == {day(0): 100.0, day(1): 200.0, day(2): 300.0}
    assert sorted(store.segments(1)) == ["DE", "FR", "NL"]


def test_own_values_of_the_whole_population_win_over_the_roll_up(store):
    total = store.get(2, "", "sum")
    assert as_dict(total) == {day(0): 5.0, day(1): 6.0}
    assert sorted(store.segments(2)) == ["DE", "FR"]


def test_rows_without_a_segment_are_the_whole_population(store):
    assert as_dict(store.get(3, "", "sum")) == {day(0): 7.0, day(2): 9.0}
    assert store.segments(3) == []


@pytest.mark.parametrize(
    ("segments", "aggregation", "expected"),
    [
        (["DE", "FR"], "sum", {day(0): 11.0, day(1): 14.0, day(3): 20.0}),
        (["DE", "FR"], "mean", {day(0): 5.5, day(1): 7.0, day(3): 10.0}),
        (["DE", "NL"], "sum", {day(0): 110.0, day(1): 212.0, day(2): 314.0}),
        (["NL"], "mean", {day(0): 100.0, day(1): 200.0, day(2): 300.0}),
    ],
)
def test_control_segments_are_rolled_up_like_a_total(store, segments, aggregation, expected):
    assert as_dict(store.rolled_up(1, segments, aggregation)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("get", (1, "IT")),  # unknown segment
        ("get", (9, "")),  # unknown metric
        ("get", (9, "DE")),
        ("rolled_up", (1, ["DE", "IT"])),  # one unknown segment: no control at all
        ("rolled_up", (1, [])),
    ],
)
def test_unknown_segments_and_metrics_are_empty(store, call, args):
    result = getattr(store, call)(*args)
    assert len(result) == 0 and len(result.values) == 0


def test_an_empty_frame_is_an_empty_store():
    empty = SeriesStore(pd.DataFrame(columns=["metric_id", "date", "segment", "value"]))
    assert len(empty.get(1)) == 0 and empty.segments(1) == []


def test_the_rolled_up_total_is_measured_like_any_series():
    """A roll-up is a `Series` the measurement takes as it is."""
    days = pd.date_range("2026-01-01", "2026-07-31", freq="D")
    rng = np.random.default_rng(4)
    after = days > pd.Timestamp("2026-06-01")
    frame = pd.DataFrame(
        [{"metric_id": 7, "segment": seg, "date": d, "value": level * (1.2 if a else 1.0) * (1 + rng.normal(0, 0.02))}
         for seg, level in (("A", 300.0), ("B", 700.0)) for d, a in zip(days, after, strict=True)]
    )
    total = SeriesStore(frame).get(7, "", "sum")
    assert len(total) == len(days)
    m = ha.measure_hypothesis(total, change_kind="relative", expected=0.1, window_days=28,
                              shipped_on=[date(2026, 6, 1)], today=date(2026, 8, 1))
    assert m.verdict == Verdict.validated
    assert m.measured_change == pytest.approx(0.2, abs=0.03)  # +20 % in both segments: +20 % in the total


def test_combine_and_rules():
    a = ha.Series(np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0]))
    b = ha.Series(np.array([2, 3, 4]), np.array([10.0, 20.0, 30.0]))
    both = combine([a, b], "sum")
    assert both.days.tolist() == [2, 3] and both.values.tolist() == [12.0, 23.0]
    assert combine([a, b], "mean").values.tolist() == [6.0, 11.5]
    assert combine([a, ha.EMPTY], "sum") is a  # an empty part is left out, not a segment without values
    assert len(combine([], "sum")) == 0
    assert [rollup_rule(r) for r in ("mean", "sum", "last")] == ["mean", "sum", "sum"]
    assert ordinals(pd.Series(pd.to_datetime(["2026-03-02", "1970-01-01"]))).tolist() == [
        date(2026, 3, 2).toordinal(), date(1970, 1, 1).toordinal()]
