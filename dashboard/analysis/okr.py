"""Key result figures: current value, progress, score, stretch zone, status, staleness, forecast.

Pure pandas, no database. Every function takes `today` as a parameter so that results are
reproducible. The rules are the ones in the product spec ("How it decides"):

- progress = (current - baseline) / (target - baseline), uncapped; score = progress capped to 0..1;
- with a stretch: zone by the share of the way from baseline to stretch
  (fail < 0.3 <= commit < 0.7 <= target < 1.0 <= stretch); a key result that reached its target is
  in the target zone at least, whatever the share of the way to the stretch;
- status against the share of the quarter elapsed: on track when progress >= elapsed - 0.10,
  at risk when >= elapsed - 0.30, otherwise off track;
- a key result is rated from its first check-in or its eighth day on; before that it is `new`
  (its baseline was just set, so progress 0 says nothing yet about the pace);
- stale when neither a value nor a check-in arrived for 14 days;
- forecast: a linear trend over the quarter so far, projected to the quarter's last day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.analysis.periods import elapsed_share, quarter_bounds
from dashboard.models import KeyResultStatus, Zone
from dashboard.rules import direction_conflict

ON_TRACK, AT_RISK, OFF_TRACK = KeyResultStatus
STATUSES = tuple(KeyResultStatus)
ZONES = tuple(Zone)
STALE_DAYS = 14
NEW_DAYS = 7
WINDOW_DAYS = 7
ON_TRACK_MARGIN = 0.10
AT_RISK_MARGIN = 0.30


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def key_result_progress(current: float | None, baseline: float, target: float) -> float | None:
    """Share of the way from baseline to target, uncapped (1.2 = 120 %); None without a current value."""
    if _missing(current) or target == baseline:
        return None
    return (float(current) - baseline) / (target - baseline)


def key_result_score(progress: float | None) -> float | None:
    """Progress capped to 0..1."""
    if _missing(progress):
        return None
    return min(1.0, max(0.0, float(progress)))


def stretch_zone(
    current: float | None, baseline: float, stretch: float | None, target: float | None = None
) -> str | None:
    """`fail`, `commit`, `target` or `stretch` by the share of the way to the stretch goal; None without
    stretch. Reaching the target (when given) is never below `target`."""
    if _missing(current) or _missing(stretch) or stretch == baseline:
        return None
    share = (float(current) - baseline) / (float(stretch) - baseline)
    if share >= 1.0:
        return "stretch"
    reached = target is not None and target != baseline and (float(current) - baseline) / (target - baseline) >= 1.0
    if share >= 0.7 or reached:
        return "target"
    if share >= 0.3:
        return "commit"
    return "fail"


def key_result_status(progress: float | None, elapsed: float) -> str | None:
    """`on_track`, `at_risk` or `off_track` against the share of the period elapsed; None without progress."""
    if _missing(progress):
        return None
    if progress >= elapsed - ON_TRACK_MARGIN:
        return ON_TRACK
    if progress >= elapsed - AT_RISK_MARGIN:
        return AT_RISK
    return OFF_TRACK


def as_of(period: str, today: date) -> date:
    """The day the figures describe: today, or the period's last day once it is over."""
    _, end = quarter_bounds(period)
    return min(today, end)


_DAY_NS = 86_400 * 10**9


def _empty_path() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})


def _date_array(column: pd.Series) -> np.ndarray:
    """A date column as numpy datetime64 (its own unit; `pd.to_datetime` for dates stored as objects)."""
    if column.dtype.kind != "M":
        column = pd.to_datetime(column)
    return column.to_numpy()


def _ns(dates: np.ndarray) -> np.ndarray:
    """datetime64 of any unit as int64 nanoseconds (NaT is the int64 minimum, below every real day)."""
    return dates.astype("datetime64[ns]").view("int64")


def _float_array(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _ts_ns(day: date) -> int:
    return int(pd.Timestamp(day).value)


class _Points:
    """A key result's `date`/`value` points as numpy arrays: `dates` in the frame's own unit (for the
    DataFrames handed out), `ns` as int64 nanoseconds (for the arithmetic)."""

    __slots__ = ("dates", "ns", "values")

    def __init__(self, dates: np.ndarray, values: np.ndarray, ns: np.ndarray | None = None) -> None:
        self.dates, self.values = dates, values
        self.ns = _ns(dates) if ns is None else ns

    def take(self, index: np.ndarray) -> _Points:
        return _Points(self.dates[index], self.values[index], self.ns[index])

    def __len__(self) -> int:
        return len(self.values)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"date": self.dates, "value": self.values})


_NO_POINTS = _Points(np.array([], dtype="datetime64[ns]"), np.array([], dtype="float64"))


def _raw_points(frame: pd.DataFrame | None) -> _Points | None:
    """A frame's `date`/`value` columns as points (None for no frame or an empty one)."""
    if frame is None or frame.empty:
        return None
    values = _float_array(frame["value"]) if "value" in frame.columns else np.full(len(frame), np.nan)
    return _Points(_date_array(frame["date"]), values)


def _points_in_period(values: pd.DataFrame | _Points | None, period: str, today: date) -> _Points:
    """The points of `_in_period`: inside the period, not after today, oldest first, the later row of a day."""
    raw = values if isinstance(values, _Points) or values is None else _raw_points(values)
    if raw is None:
        return _NO_POINTS
    start, _ = quarter_bounds(period)
    keep = ~np.isnan(raw.values) & (raw.ns >= _ts_ns(start)) & (raw.ns <= _ts_ns(as_of(period, today)))
    inside = raw.take(np.flatnonzero(keep))
    inside = inside.take(np.argsort(inside.ns, kind="stable"))
    if len(inside) > 1:
        # Several rows on one day (two check-ins): the later one counts.
        inside = inside.take(np.flatnonzero(np.append(inside.ns[1:] != inside.ns[:-1], True)))
    return inside


def _in_period(values: pd.DataFrame, period: str, today: date) -> pd.DataFrame:
    """`date`/`value` rows inside the period and not after today, oldest first, one row per date."""
    return _points_in_period(values, period, today).frame()


def _daily_ns(ns: np.ndarray) -> bool:
    """`is_daily` on int64 nanoseconds."""
    unique = np.unique(ns[ns != np.iinfo("int64").min])
    if len(unique) < 2:
        return False
    return bool(pd.Timedelta(np.median(np.diff(unique))) <= pd.Timedelta(days=1))


def is_daily(dates: pd.Series) -> bool:
    """True when the series has (about) one value per day: median gap of at most one day."""
    unique = pd.Series(pd.to_datetime(dates).unique()).sort_values()
    if len(unique) < 2:
        return False
    return unique.diff().dropna().median() <= pd.Timedelta(days=1)


def _value_points(inside: _Points, period: str, aggregation: str) -> _Points:
    """`value_path` on points already inside the period."""
    if not len(inside) or not _daily_ns(inside.ns) or aggregation == "last":
        return inside
    how = aggregation if aggregation in ("mean", "sum") else "mean"
    series = pd.Series(inside.values, index=pd.DatetimeIndex(inside.dates))
    rolled = _Points(inside.dates, series.rolling(f"{WINDOW_DAYS}D").agg(how).to_numpy(dtype="float64"), inside.ns)
    # Days whose 7-day window still reaches before the period's start would compare a partial week
    # (a 7-day sum ramping up from one day); they are left out once a full window exists.
    start, _ = quarter_bounds(period)
    full = np.flatnonzero(rolled.ns >= _ts_ns(start + timedelta(days=WINDOW_DAYS - 1)))
    return rolled.take(full) if len(full) else rolled


def value_path(values: pd.DataFrame, period: str, today: date, aggregation: str = "mean") -> pd.DataFrame:
    """The key result's current value as it developed over the period (`date`, `value`).

    Daily data: the metric's aggregation (mean, sum, last) over the 7 days up to each day, within the
    period. Weekly or monthly data: the values themselves.
    """
    return _value_points(_points_in_period(values, period, today), period, aggregation).frame()


def current_value(values: pd.DataFrame, period: str, today: date, aggregation: str = "mean") -> float | None:
    """The latest value in the period, or the aggregation over its last 7 days for daily data."""
    path = value_path(values, period, today, aggregation)
    return None if path.empty else float(path["value"].iloc[-1])


def manual_path(check_ins: pd.DataFrame, period: str, today: date) -> pd.DataFrame:
    """Check-in values in the period (`date`, `value`), the later one on days with several."""
    if check_ins is None or check_ins.empty:
        return _in_period(None, period, today)
    return _in_period(check_ins[["date", "value"]], period, today)


def last_activity(values: pd.DataFrame | None, check_ins: pd.DataFrame | None, period: str, today: date) -> date | None:
    """The latest day in the period with a metric value or any check-in (with or without value)."""
    return _last_activity(
        [_ns(_date_array(f["date"])) for f in (values, check_ins) if f is not None and not f.empty], period, today
    )


def _last_activity(dates: list[np.ndarray], period: str, today: date) -> date | None:
    """`last_activity` on int64 nanosecond date arrays."""
    start, _ = quarter_bounds(period)
    end = as_of(period, today)
    latest = [ns[(ns >= _ts_ns(start)) & (ns <= _ts_ns(end))] for ns in dates]
    days = [pd.Timestamp(int(ns.max())).date() for ns in latest if len(ns)]
    return max(days) if days else None


def is_stale(last: date | None, period: str, today: date) -> bool:
    """No value or check-in for 14 days (counted from the period's start when there is none yet)."""
    start, _ = quarter_bounds(period)
    end = as_of(period, today)
    if end < start:
        return False  # the period has not begun
    since = last or (start - timedelta(days=1))
    return (end - since).days >= STALE_DAYS


@dataclass(frozen=True)
class Forecast:
    value: float | None  # projected value on the period's last day
    line: pd.DataFrame = field(repr=False)  # `date`, `value`: the dashed projection from the last data point


def forecast(
    path: pd.DataFrame, period: str, today: date, anchor: tuple[date, float] | None = None, fit_from: date | None = None
) -> Forecast:
    """Linear trend over the period so far, projected to the period's last day.

    `anchor` (the period's start and the baseline) is added for manual key results whose first
    check-in comes later, so that one check-in already shows a trend. `fit_from` leaves out the
    first days whose 7-day window is still partly empty (a 7-day sum would ramp up). Once the period
    is over the projection is the current value.
    """
    if path is None or path.empty:
        points = _NO_POINTS
    else:
        points = _Points(_date_array(path["date"]), _float_array(path["value"]))
    return _forecast(points, period, today, anchor, fit_from)


def _forecast(
    points: _Points, period: str, today: date, anchor: tuple[date, float] | None, fit_from: date | None
) -> Forecast:
    """`forecast` on numpy points."""
    start, end = quarter_bounds(period)
    ns, values = points.ns, points.values
    present = (ns != np.iinfo("int64").min) & ~np.isnan(values)
    ns, values = ns[present], values[present]
    if anchor is not None and (not len(ns) or ns.min() > _ts_ns(anchor[0])):
        ns = np.concatenate(([_ts_ns(anchor[0])], ns))
        values = np.concatenate(([float(anchor[1])], values))
    if not len(ns) or today < start:
        return Forecast(None, _empty_path())
    if today >= end:
        return Forecast(float(values[-1]), _empty_path())
    if fit_from is not None and int((ns >= _ts_ns(fit_from)).sum()) >= 2:
        keep = ns >= _ts_ns(fit_from)
        ns, values = ns[keep], values[keep]
    if len(np.unique(ns)) < 2:
        return Forecast(None, _empty_path())
    x = ((ns - _ts_ns(start)) // _DAY_NS).astype("float64")
    slope, intercept = np.polyfit(x, values, 1)
    last_x = float(x.max())
    end_x = float((end - start).days)
    line = pd.DataFrame(
        {
            "date": [pd.Timestamp(start) + pd.Timedelta(days=last_x), pd.Timestamp(end)],
            "value": [intercept + slope * last_x, intercept + slope * end_x],
        }
    )
    return Forecast(float(intercept + slope * end_x), line)


@dataclass(frozen=True)
class KeyResultFigures:
    current: float | None
    progress: float | None
    score: float | None
    zone: str | None
    status: str | None
    new: bool
    elapsed: float
    stale: bool
    last_update: date | None
    confidence: int | None
    forecast_value: float | None
    forecast_progress: float | None
    forecast_score: float | None
    direction_conflict: bool
    path: pd.DataFrame = field(repr=False)
    projection: pd.DataFrame = field(repr=False)


def is_new(created_on: date | None, check_ins: pd.DataFrame | None, today: date) -> bool:
    """True for a key result written down less than a week ago that has no check-in yet."""
    if created_on is None:
        return False
    has_check_in = check_ins is not None and not check_ins.empty
    return not has_check_in and 0 <= (today - created_on).days < NEW_DAYS


def latest_confidence(check_ins: pd.DataFrame | None) -> int | None:
    """The confidence of the latest check-in that has one."""
    if check_ins is None or check_ins.empty:
        return None
    return _latest_confidence(_ns(_date_array(check_ins["date"])), _float_array(check_ins["confidence"]))


def _latest_confidence(dates: np.ndarray, confidence: np.ndarray) -> int | None:
    """`latest_confidence` on int64 nanosecond dates and float confidences (NaN: none given)."""
    rated = np.flatnonzero(~np.isnan(confidence))
    if not len(rated):
        return None
    dates = dates[rated]
    # NaT (the int64 minimum) sorts last, as in pandas
    order = np.argsort(np.where(dates == np.iinfo("int64").min, np.iinfo("int64").max, dates), kind="stable")
    return int(confidence[rated][order][-1])


def evaluate_key_result(
    *,
    baseline: float,
    target: float,
    stretch: float | None,
    period: str,
    today: date,
    values: pd.DataFrame | None = None,
    aggregation: str = "mean",
    direction: str | None = None,
    check_ins: pd.DataFrame | None = None,
    created_on: date | None = None,
) -> KeyResultFigures:
    """Every figure of one key result. `values` (metric-linked) or the check-ins' values (manual) give `current`.

    `created_on`: the day the key result was written down; until its first check-in or its eighth
    day it is `new` and gets no status.
    """
    linked = values is not None
    raw_values = _raw_points(values) if linked else None
    checks = _raw_points(check_ins)
    if linked:
        points = _value_points(_points_in_period(raw_values, period, today), period, aggregation)
    else:
        points = _points_in_period(checks, period, today)
    path = points.frame()
    current = None if not len(points) else float(points.values[-1])
    progress = key_result_progress(current, baseline, target)
    elapsed = elapsed_share(period, today)
    start, _ = quarter_bounds(period)
    daily = linked and len(points) > 0 and _daily_ns(points.ns) and aggregation != "last"
    projected = _forecast(
        points, period, today,
        anchor=None if linked else (start, baseline),
        fit_from=start + timedelta(days=WINDOW_DAYS - 1) if daily else None,
    )
    forecast_progress = key_result_progress(projected.value, baseline, target)
    last = _last_activity([p.ns for p in (raw_values, checks) if p is not None], period, today)
    new = is_new(created_on, check_ins, today)
    return KeyResultFigures(
        current=current,
        progress=progress,
        score=key_result_score(progress),
        zone=stretch_zone(current, baseline, stretch, target),
        status=None if new else key_result_status(progress, elapsed),
        new=new,
        elapsed=elapsed,
        stale=not new and is_stale(last, period, today),
        last_update=last,
        confidence=None if checks is None else _latest_confidence(checks.ns, _float_array(check_ins["confidence"])),
        forecast_value=projected.value,
        forecast_progress=forecast_progress,
        forecast_score=key_result_score(forecast_progress),
        direction_conflict=direction_conflict(direction, baseline, target),
        path=path,
        projection=projected.line,
    )


def mean_or_none(values: list[float | None]) -> float | None:
    """The mean of the values that are not missing (an objective's score from its key results)."""
    present = [float(v) for v in values if not _missing(v)]
    return sum(present) / len(present) if present else None


def alignment_rows(objectives: list[dict]) -> list[tuple[int, object]]:
    """The alignment tree as (depth, item) rows, depth-first.

    Items are `"north_star"` (the root for objectives aligned to it), objective dicts (with `id`,
    `parent_ids`, `aligned_to_north_star`) and `"unaligned"` (the group of objectives with no parent
    and no North Star link). An objective with several parents appears under each of them;
    objectives whose parents are not in the list are shown at the top level.
    """
    ids = {o["id"] for o in objectives}
    children: dict[int, list[dict]] = {}
    for obj in objectives:
        for pid in obj.get("parent_ids") or []:
            if pid in ids:
                children.setdefault(pid, []).append(obj)
    rows: list[tuple[int, object]] = []

    def walk(obj: dict, depth: int, path: frozenset[int]) -> None:
        rows.append((depth, obj))
        for child in children.get(obj["id"], []):
            if child["id"] not in path:  # a cycle cannot be stored, but never loop on one
                walk(child, depth + 1, path | {child["id"]})

    aligned = [o for o in objectives if o.get("aligned_to_north_star")]
    rows.append((0, "north_star"))
    for obj in aligned:
        walk(obj, 1, frozenset({obj["id"]}))
    orphans = [
        o for o in objectives
        if not o.get("aligned_to_north_star") and (o.get("parent_ids") or []) and not set(o["parent_ids"]) & ids
    ]
    for obj in orphans:
        walk(obj, 0, frozenset({obj["id"]}))
    unaligned = [o for o in objectives if not o.get("aligned_to_north_star") and not (o.get("parent_ids") or [])]
    if unaligned:
        rows.append((0, "unaligned"))
        for obj in unaligned:
            walk(obj, 1, frozenset({obj["id"]}))
    return rows
