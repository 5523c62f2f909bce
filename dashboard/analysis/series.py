"""Metric values held as one numpy series per metric and segment, with roll-ups across segments.

Built once from a `values_frame` (one query for every metric a measurement needs), so that measuring
many hypotheses slices arrays instead of querying and building DataFrames per hypothesis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.analysis.hypothesis import EMPTY, Series

_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


def ordinals(dates: pd.Series) -> np.ndarray:
    """Dates as proleptic ordinals (`date.toordinal()`), vectorised."""
    days = pd.to_datetime(dates).to_numpy(dtype="datetime64[D]").astype(np.int64)
    return days + _EPOCH_ORDINAL


def combine(parts: list[Series], how: str) -> Series:
    """Several series as one, on the days all of them have a value: summed (`sum`) or averaged (`mean`)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    days = np.concatenate([p.days for p in parts])
    values = np.concatenate([p.values for p in parts])
    unique, inverse, counts = np.unique(days, return_inverse=True, return_counts=True)
    totals = np.bincount(inverse, weights=values, minlength=len(unique))
    complete = counts == len(parts)
    result = totals[complete] / (len(parts) if how == "mean" else 1)
    return Series(unique[complete], result)


def rollup_rule(aggregation: str) -> str:
    """How segments add up to a total: rates and averages (`mean`) average, counts and stocks sum."""
    return "mean" if aggregation == "mean" else "sum"


class SeriesStore:
    """One `Series` per (metric, segment); totals rolled up by the metric's aggregation rule."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._parts: dict[tuple[int, str], Series] = {}
        self._segments: dict[int, list[str]] = {}
        if frame is None or frame.empty:
            return
        frame = frame.dropna(subset=["value"]).assign(segment=frame["segment"].fillna("").astype(str))
        frame = frame.sort_values(["metric_id", "segment", "date"], kind="stable")
        days = ordinals(frame["date"])
        values = frame["value"].to_numpy(dtype=float)
        keys = list(zip(frame["metric_id"].astype(int), frame["segment"], strict=True))
        start = 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i] != keys[start]:
                metric_id, segment = keys[start]
                self._parts[(metric_id, segment)] = Series(days[start:i], values[start:i])
                if segment:
                    self._segments.setdefault(metric_id, []).append(segment)
                start = i

    def segments(self, metric_id: int) -> list[str]:
        """The metric's named segments (without the whole population)."""
        return list(self._segments.get(metric_id, []))

    def get(self, metric_id: int, segment: str = "", aggregation: str = "mean") -> Series:
        """One segment's values; for `""`, the whole population, rolled up from the segments if it has no
        values of its own."""
        own = self._parts.get((metric_id, segment or ""))
        if own is not None or segment:
            return own if own is not None else EMPTY
        return combine([self._parts[(metric_id, s)] for s in self.segments(metric_id)], rollup_rule(aggregation))

    def rolled_up(self, metric_id: int, segments: list[str], aggregation: str = "mean") -> Series:
        """Several segments of a metric as one series (a control group), where all of them have values."""
        parts = [self._parts.get((metric_id, s)) for s in segments]
        if any(p is None for p in parts):
            return EMPTY
        return combine(parts, rollup_rule(aggregation))
