"""Key result figures as parameter tables: progress, score, zones, status, current value, stale, forecast."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard import rules
from dashboard.analysis import okr
from dashboard.analysis.periods import elapsed_share


def frame(start: date, values: list[float | None], step: int = 1) -> pd.DataFrame:
    """A `date`/`value` frame from `start`, one value every `step` days."""
    return pd.DataFrame(
        {"date": pd.to_datetime([start + timedelta(days=i * step) for i in range(len(values))]), "value": values}
    )


@pytest.mark.parametrize(
    ("current", "baseline", "target", "expected"),
    [
        (50, 0, 100, 0.5),
        (120, 0, 100, 1.2),  # uncapped above
        (-10, 0, 100, -0.1),  # uncapped below
        (42, 38, 42, 1.0),
        (1.7, 2.0, 1.6, 0.75),  # down metric: target below baseline
        (2.2, 2.0, 1.6, -0.5),  # down metric moving the wrong way
        (1.4, 2.0, 1.6, 1.5),  # down metric beyond target
        (38, 38, 42, 0.0),
        (None, 0, 100, None),  # no value yet
        (float("nan"), 0, 100, None),
    ],
)
def test_progress(current, baseline, target, expected):
    result = okr.key_result_progress(current, baseline, target)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(1.2, 1.0), (1.0, 1.0), (0.71, 0.71), (0.0, 0.0), (-0.4, 0.0), (None, None)],
)
def test_score_is_capped(progress, expected):
    assert okr.key_result_score(progress) == expected


@pytest.mark.parametrize(
    ("current", "baseline", "stretch", "expected"),
    [
        (0, 0, 100, "fail"),
        (29.9, 0, 100, "fail"),
        (30, 0, 100, "commit"),
        (69.9, 0, 100, "commit"),
        (70, 0, 100, "target"),
        (99.9, 0, 100, "target"),
        (100, 0, 100, "stretch"),
        (130, 0, 100, "stretch"),
        (-5, 0, 100, "fail"),
        # down metric: baseline 2.0, stretch 1.0
        (1.7, 2.0, 1.0, "commit"),
        (1.3, 2.0, 1.0, "target"),
        (0.9, 2.0, 1.0, "stretch"),
        (2.1, 2.0, 1.0, "fail"),
        (50, 0, None, None),  # zones only with a stretch
        (None, 0, 100, None),
    ],
)
def test_stretch_zone(current, baseline, stretch, expected):
    assert okr.stretch_zone(current, baseline, stretch) == expected


@pytest.mark.parametrize(
    ("progress", "elapsed", "expected"),
    [
        (0.5, 0.5, "on_track"),
        (0.4, 0.5, "on_track"),  # exactly elapsed - 0.10
        (0.39, 0.5, "at_risk"),
        (0.2, 0.5, "at_risk"),  # exactly elapsed - 0.30
        (0.19, 0.5, "off_track"),
        (-0.2, 0.5, "off_track"),
        (1.3, 1.0, "on_track"),
        (0.0, 1 / 92, "on_track"),  # first day of a quarter
        (0.0, 0.1, "on_track"),
        (0.0, 0.3, "at_risk"),
        (0.69, 1.0, "off_track"),  # last day of a quarter
        (0.7, 1.0, "at_risk"),
        (0.9, 1.0, "on_track"),
        (None, 0.5, None),  # no value yet
    ],
)
def test_status_against_elapsed_time(progress, elapsed, expected):
    assert okr.key_result_status(progress, elapsed) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 1), 1 / 92),  # first day of Q4
        (date(2026, 12, 31), 1.0),  # last day
        (date(2026, 9, 30), 0.0),  # before the quarter
        (date(2027, 2, 1), 1.0),  # after it
    ],
)
def test_elapsed_share_bounds(today, expected):
    assert elapsed_share("2026-Q4", today) == pytest.approx(expected)


Q4 = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("values", "aggregation", "today", "expected"),
    [
        # daily data: the aggregation over the last 7 days inside the period
        (frame(Q4, [float(i) for i in range(1, 11)]), "mean", date(2026, 10, 10), 7.0),  # mean of 4..10
        (frame(Q4, [float(i) for i in range(1, 11)]), "sum", date(2026, 10, 10), 49.0),
        (frame(Q4, [float(i) for i in range(1, 11)]), "last", date(2026, 10, 10), 10.0),
        # early in the quarter: only the days inside it count (never values from before)
        (frame(date(2026, 9, 25), [100.0] * 6 + [1.0, 2.0, 3.0]), "mean", date(2026, 10, 3), 2.0),
        (frame(date(2026, 9, 25), [100.0] * 6 + [1.0, 2.0, 3.0]), "sum", date(2026, 10, 3), 6.0),
        # values after today (or after the quarter) do not count
        (frame(Q4, [1.0, 2.0, 3.0, 4.0, 50.0]), "mean", date(2026, 10, 4), 2.5),
        (frame(date(2026, 12, 29), [1.0, 2.0, 3.0, 400.0, 500.0]), "last", date(2027, 1, 15), 3.0),
        # weekly data: the latest value, whatever the aggregation
        (frame(Q4, [10.0, 20.0, 30.0], step=7), "sum", date(2026, 10, 20), 30.0),
        (frame(Q4, [10.0, None, 30.0], step=7), "mean", date(2026, 10, 20), 30.0),
        # only values before the period: no current value
        (frame(date(2026, 9, 1), [5.0] * 10), "mean", date(2026, 10, 20), None),
        (frame(Q4, []), "mean", date(2026, 10, 20), None),
    ],
)
def test_current_value(values, aggregation, today, expected):
    assert okr.current_value(values, "2026-Q4", today, aggregation) == expected


@pytest.mark.parametrize(
    ("last", "today", "expected"),
    [
        (date(2026, 11, 11), date(2026, 11, 25), True),  # 14 days
        (date(2026, 11, 12), date(2026, 11, 25), False),  # 13 days
        (None, date(2026, 10, 14), True),  # nothing since the quarter began 14 days ago
        (None, date(2026, 10, 13), False),
        (None, date(2026, 9, 20), False),  # quarter not begun
        (date(2026, 12, 31), date(2027, 3, 1), False),  # past quarter judged at its end
        (date(2026, 12, 10), date(2027, 3, 1), True),
    ],
)
def test_stale(last, today, expected):
    assert okr.is_stale(last, "2026-Q4", today) is expected


def test_last_activity_counts_check_ins_without_value():
    values = frame(Q4, [1.0, 2.0])
    check_ins = pd.DataFrame({"date": [date(2026, 11, 20)], "value": [None], "confidence": [6]})
    assert okr.last_activity(values, check_ins, "2026-Q4", date(2026, 11, 25)) == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("path", "today", "anchor", "expected"),
    [
        # a straight line of +1 a day from 0 on Oct 1: Dec 31 is day 91
        (frame(Q4, [float(i) for i in range(30)]), date(2026, 10, 30), None, 91.0),
        # falling line for a down metric: 100 - 0.5 a day
        (frame(Q4, [100 - 0.5 * i for i in range(40)]), date(2026, 11, 9), None, 54.5),
        # one point only: no trend
        (frame(Q4, [5.0]), date(2026, 10, 5), None, None),
        # one check-in plus the baseline anchor at the start: a trend
        (frame(date(2026, 10, 11), [10.0]), date(2026, 10, 12), (Q4, 0.0), 91.0),
        # no data at all
        (frame(Q4, []), date(2026, 10, 20), None, None),
        # quarter over: the projection is the last value
        (frame(Q4, [1.0, 2.0, 7.0], step=30), date(2027, 1, 5), None, 7.0),
        # quarter not begun
        (frame(Q4, [1.0]), date(2026, 9, 1), (Q4, 0.0), None),
    ],
)
def test_forecast(path, today, anchor, expected):
    result = okr.forecast(path, "2026-Q4", today, anchor=anchor)
    assert result.value == (None if expected is None else pytest.approx(expected))
    if expected is not None and today < date(2026, 12, 31):
        assert result.line["date"].iloc[-1] == pd.Timestamp(date(2026, 12, 31))


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "expected"),
    [("up", 10, 20, False), ("up", 20, 10, True), ("down", 20, 10, False), ("down", 10, 20, True), (None, 10, 5, False)],
)
def test_direction_conflict(direction, baseline, target, expected):
    assert rules.direction_conflict(direction, baseline, target) is expected


def test_evaluate_manual_key_result_with_no_values_yet():
    figures = okr.evaluate_key_result(
        baseline=0, target=20, stretch=None, period="2026-Q4", today=date(2026, 11, 25),
        check_ins=pd.DataFrame(columns=["date", "value", "confidence"]),
    )
    assert figures.current is None and figures.progress is None and figures.score is None
    assert figures.status is None and figures.forecast_score is None
    assert figures.stale is True and figures.confidence is None


def test_evaluate_down_metric_key_result():
    # churn falls linearly from 2.0 to 1.8 over 46 days; target 1.6, stretch 1.4
    values = frame(Q4, [2.0 - 0.2 * i / 45 for i in range(46)])
    figures = okr.evaluate_key_result(
        baseline=2.0, target=1.6, stretch=1.4, period="2026-Q4", today=date(2026, 11, 15),
        values=values, aggregation="mean", direction="down",
        check_ins=pd.DataFrame({"date": [date(2026, 11, 1), date(2026, 11, 8)], "value": [None, None],
                                "confidence": [8, 5]}),
    )
    # current: mean of the last 7 days (days 39..45)
    expected_current = sum(2.0 - 0.2 * i / 45 for i in range(39, 46)) / 7
    assert figures.current == pytest.approx(expected_current)
    assert figures.progress == pytest.approx((expected_current - 2.0) / (1.6 - 2.0))
    assert figures.zone == "commit"  # 0.31 of the way to the stretch
    assert figures.status == "on_track"  # 0.47 progress with half the quarter gone
    assert figures.confidence == 5
    assert figures.stale is False
    assert figures.direction_conflict is False
    assert 0 < figures.forecast_score < 1


def test_evaluate_manual_key_result_uses_latest_check_in_value_in_period():
    check_ins = pd.DataFrame(
        {
            "date": [date(2026, 9, 28), date(2026, 10, 8), date(2026, 10, 22), date(2026, 10, 22)],
            "value": [99.0, 4.0, 8.0, 9.0],
            "confidence": [3, 6, 7, 8],
        }
    )
    figures = okr.evaluate_key_result(
        baseline=0, target=20, stretch=30, period="2026-Q4", today=date(2026, 10, 25), check_ins=check_ins,
    )
    assert figures.current == 9.0  # the later of two check-ins on one day; Sept value ignored
    assert figures.progress == pytest.approx(0.45)
    assert figures.zone == "commit"
    assert figures.confidence == 8


@pytest.mark.parametrize(
    ("scores", "expected"), [([0.5, 1.0], 0.75), ([None, 0.4], 0.4), ([None], None), ([], None)]
)
def test_objective_score_is_mean_of_key_results(scores, expected):
    assert okr.mean_or_none(scores) == expected


def test_alignment_tree():
    objectives = [
        {"id": 1, "title": "Company", "parent_ids": [], "aligned_to_north_star": True},
        {"id": 2, "title": "Team A", "parent_ids": [1], "aligned_to_north_star": False},
        {"id": 3, "title": "Team A sub", "parent_ids": [2, 1], "aligned_to_north_star": False},
        {"id": 4, "title": "Loose", "parent_ids": [], "aligned_to_north_star": False},
        {"id": 5, "title": "Parent elsewhere", "parent_ids": [99], "aligned_to_north_star": False},
    ]
    rows = [(d, i if isinstance(i, str) else i["id"]) for d, i in okr.alignment_rows(objectives)]
    assert rows == [
        (0, "north_star"), (1, 1), (2, 2), (3, 3), (2, 3), (0, 5), (0, "unaligned"), (1, 4),
    ]


def test_path_of_a_summed_metric_starts_with_the_first_full_week():
    from dashboard.analysis.okr import current_value, value_path

    days = pd.date_range("2026-10-01", "2026-10-20", freq="D")
    values = pd.DataFrame({"date": days, "value": 10.0})
    path = value_path(values, "2026-Q4", date(2026, 10, 20), "sum")
    assert path["date"].min() == pd.Timestamp("2026-10-07")
    assert set(path["value"]) == {70.0}  # no ramp from a partial first week
    # Inside the first week only the partial window exists: it is what there is.
    assert current_value(values, "2026-Q4", date(2026, 10, 3), "sum") == 30.0
