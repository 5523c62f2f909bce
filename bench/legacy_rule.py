"""The previous before/after measurement rule, kept only so that `bench/measurement_bench.py` can compare.

The rule compares the mean of the `w` days before the release with the mean of the `w` days after it
(`[t0 - w, t0)` against `(t0, t0 + w]`), with a 95 % Welch interval on the difference of means (scaled by
the before mean for a relative change). Daily data with a weekly pattern keeps equal numbers of each
weekday on both sides. The functions below are copied unchanged from the application's former
`dashboard/analysis/hypothesis.py`; the application itself no longer uses them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

MIN_VALUES = 7
CONFIDENCE = 0.95
WEEKLY_PATTERN_P = 0.01


def _stats():
    """scipy.stats, imported on first use (it takes longer to import than the rest of the app's core)."""
    from scipy import stats

    return stats


@dataclass(frozen=True)
class WindowStats:
    """The two windows compared: counts, means and the interval on the change."""

    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    weekday_balanced: bool = False


# ---------------------------------------------------------------------------------------------
# Window comparison


def _clean(values: pd.DataFrame) -> pd.DataFrame:
    """`date`/`value` rows, one per day (means of duplicates), sorted, without missing values."""
    if values is None or values.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})
    frame = values[["date", "value"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    frame = frame.dropna()
    return frame.groupby("date", as_index=False)["value"].mean().sort_values("date")


def _is_daily(dates: pd.Series) -> bool:
    if len(dates) < 3:
        return False
    gaps = dates.sort_values().diff().dropna().dt.days
    return bool(gaps.median() == 1)


def _has_weekly_pattern(groups: list[pd.DataFrame]) -> bool:
    """One-way ANOVA of weekday on values de-meaned per group (so steps between groups don't count)."""
    residuals = pd.concat([g.assign(r=g["value"] - g["value"].mean()) for g in groups if len(g)])
    if residuals.empty:
        return False
    by_day = [grp["r"].to_numpy() for _, grp in residuals.groupby(residuals["date"].dt.day_of_week) if len(grp) >= 2]
    if len(by_day) < 2 or all(np.allclose(a, a[0]) for a in by_day):
        return False
    with np.errstate(all="ignore"):
        result = _stats().f_oneway(*by_day)
    p = float(result.pvalue)
    return bool(p == p and p < WEEKLY_PATTERN_P)


def _balance_weekdays(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep equal numbers of each weekday on both sides, the days closest to the release."""
    keep_b, keep_a = [], []
    wd_b, wd_a = before["date"].dt.day_of_week, after["date"].dt.day_of_week
    for day in range(7):
        b = before[wd_b == day].sort_values("date")
        a = after[wd_a == day].sort_values("date")
        k = min(len(b), len(a))
        if k:
            keep_b.append(b.tail(k))
            keep_a.append(a.head(k))
    if not keep_b:
        return before.iloc[0:0], after.iloc[0:0]
    return pd.concat(keep_b).sort_values("date"), pd.concat(keep_a).sort_values("date")


def _welch(x_b: np.ndarray, x_a: np.ndarray, ddof: float = 1.0) -> tuple[float, float, float]:
    """Difference of means (after - before) and its 95 % Welch interval."""
    n_b, n_a = len(x_b), len(x_a)
    diff = float(x_a.mean() - x_b.mean())
    v_b = float(((x_b - x_b.mean()) ** 2).sum() / max(n_b - ddof, 1)) / n_b
    v_a = float(((x_a - x_a.mean()) ** 2).sum() / max(n_a - ddof, 1)) / n_a
    se = math.sqrt(v_b + v_a)
    if se == 0:
        return diff, diff, diff
    denom = v_b**2 / max(n_b - ddof, 1) + v_a**2 / max(n_a - ddof, 1)
    df = (v_b + v_a) ** 2 / denom if denom > 0 else n_b + n_a - 2
    q = float(_stats().t.ppf(0.5 + CONFIDENCE / 2, max(df, 1.0)))
    return diff, diff - q * se, diff + q * se


def compare_windows(values: pd.DataFrame, t0: date, window_days: int, *, relative: bool) -> WindowStats:
    """Compare `[t0 - w, t0)` with `(t0, t0 + w]`; change and interval None when a side has < 7 values."""
    frame = _clean(values)
    t = pd.Timestamp(t0)
    w = pd.Timedelta(days=window_days)
    before = frame[(frame["date"] >= t - w) & (frame["date"] < t)]
    after = frame[(frame["date"] > t) & (frame["date"] <= t + w)]
    if len(before) < MIN_VALUES or len(after) < MIN_VALUES:
        return WindowStats(len(before), len(after), _mean(before), _mean(after), None, None, None)
    balanced = False
    ddof = 1.0
    if _is_daily(pd.concat([before["date"], after["date"]])) and _has_weekly_pattern([before, after]):
        b2, a2 = _balance_weekdays(before, after)
        if len(b2) < MIN_VALUES or len(a2) < MIN_VALUES:
            return WindowStats(len(b2), len(a2), _mean(b2), _mean(a2), None, None, None, True)
        before, after, balanced = b2, a2, True
    x_b = before["value"].to_numpy(dtype=float)
    x_a = after["value"].to_numpy(dtype=float)
    if balanced:
        # Equal weekday counts cancel the weekday effect in the difference of means; take it out of
        # the spread as well, and charge the fitted weekday effects to the degrees of freedom.
        r_b = pd.Series(x_b - x_b.mean(), index=before["date"].dt.day_of_week.to_numpy())
        r_a = pd.Series(x_a - x_a.mean(), index=after["date"].dt.day_of_week.to_numpy())
        effect = pd.concat([r_b, r_a]).groupby(level=0).mean()
        x_b = x_b - effect.reindex(r_b.index).to_numpy()
        x_a = x_a - effect.reindex(r_a.index).to_numpy()
        ddof = 1.0 + (len(effect) - 1) / 2
    mean_b, mean_a = float(before["value"].mean()), float(after["value"].mean())
    diff, low, high = _welch(x_b, x_a, ddof)
    if relative:
        if mean_b == 0:
            return WindowStats(len(before), len(after), mean_b, mean_a, None, None, None, balanced)
        # mean(after) / mean(before) - 1 = diff / mean(before); the interval scales the same way.
        ends = sorted((low / mean_b, high / mean_b))
        return WindowStats(len(before), len(after), mean_b, mean_a, mean_a / mean_b - 1, ends[0], ends[1], balanced)
    return WindowStats(len(before), len(after), mean_b, mean_a, diff, low, high, balanced)


def _mean(frame: pd.DataFrame) -> float | None:
    return float(frame["value"].mean()) if len(frame) else None
