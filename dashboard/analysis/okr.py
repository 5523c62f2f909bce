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


def _in_period(values: pd.DataFrame, period: str, today: date) -> pd.DataFrame:
    """`date`/`value` rows inside the period and not after today, oldest first, one row per date."""
    if values is None or values.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})
    start, _ = quarter_bounds(period)
    frame = values[["date", "value"]].dropna(subset=["value"]).copy()
    frame["date"] = pd.to_datetime(frame["date"])
    mask = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(as_of(period, today)))
    frame = frame.loc[mask].sort_values("date", kind="stable")
    # Several rows on one day (two check-ins): the later one counts.
    frame = frame.drop_duplicates("date", keep="last")
    frame["value"] = frame["value"].astype("float64")
    return frame.reset_index(drop=True)


def is_daily(dates: pd.Series) -> bool:
    """True when the series has (about) one value per day: median gap of at most one day."""
    unique = pd.Series(pd.to_datetime(dates).unique()).sort_values()
    if len(unique) < 2:
        return False
    return unique.diff().dropna().median() <= pd.Timedelta(days=1)


def value_path(values: pd.DataFrame, period: str, today: date, aggregation: str = "mean") -> pd.DataFrame:
    """The key result's current value as it developed over the period (`date`, `value`).

    Daily data: the metric's aggregation (mean, sum, last) over the 7 days up to each day, within the
    period. Weekly or monthly data: the values themselves.
    """
    inside = _in_period(values, period, today)
    if inside.empty or not is_daily(inside["date"]) or aggregation == "last":
        return inside
    how = aggregation if aggregation in ("mean", "sum") else "mean"
    rolled = inside.set_index("date")["value"].rolling(f"{WINDOW_DAYS}D").agg(how).reset_index()
    # Days whose 7-day window still reaches before the period's start would compare a partial week
    # (a 7-day sum ramping up from one day); they are left out once a full window exists.
    start, _ = quarter_bounds(period)
    full = rolled[rolled["date"] >= pd.Timestamp(start) + pd.Timedelta(days=WINDOW_DAYS - 1)]
    return full.reset_index(drop=True) if not full.empty else rolled


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
    days: list[date] = []
    start, _ = quarter_bounds(period)
    end = as_of(period, today)
    for frame in (values, check_ins):
        if frame is None or frame.empty:
            continue
        dates = pd.to_datetime(frame["date"])
        dates = dates[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
        if not dates.empty:
            days.append(dates.max().date())
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
    empty = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})
    start, end = quarter_bounds(period)
    points = path[["date", "value"]].dropna() if path is not None else empty
    if anchor is not None and (points.empty or points["date"].min() > pd.Timestamp(anchor[0])):
        points = pd.concat([pd.DataFrame({"date": [pd.Timestamp(anchor[0])], "value": [float(anchor[1])]}), points])
    if points.empty or today < start:
        return Forecast(None, empty)
    if today >= end:
        return Forecast(float(points["value"].iloc[-1]), empty)
    if fit_from is not None and (points["date"] >= pd.Timestamp(fit_from)).sum() >= 2:
        points = points[points["date"] >= pd.Timestamp(fit_from)]
    if points["date"].nunique() < 2:
        return Forecast(None, empty)
    x = (points["date"] - pd.Timestamp(start)).dt.days.to_numpy(dtype="float64")
    slope, intercept = np.polyfit(x, points["value"].to_numpy(dtype="float64"), 1)
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
    rated = check_ins.dropna(subset=["confidence"])
    if rated.empty:
        return None
    rated = rated.assign(_d=pd.to_datetime(rated["date"])).sort_values("_d", kind="stable")
    return int(rated["confidence"].iloc[-1])


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
    if linked:
        path = value_path(values, period, today, aggregation)
    else:
        path = manual_path(check_ins, period, today)
    current = None if path.empty else float(path["value"].iloc[-1])
    progress = key_result_progress(current, baseline, target)
    elapsed = elapsed_share(period, today)
    start, _ = quarter_bounds(period)
    daily = linked and not path.empty and is_daily(path["date"]) and aggregation != "last"
    projected = forecast(
        path, period, today,
        anchor=None if linked else (start, baseline),
        fit_from=start + timedelta(days=WINDOW_DAYS - 1) if daily else None,
    )
    forecast_progress = key_result_progress(projected.value, baseline, target)
    last = last_activity(values if linked else None, check_ins, period, today)
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
        confidence=latest_confidence(check_ins),
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
