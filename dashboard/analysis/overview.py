"""Figures for the leadership overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.analysis.periods import quarter_bounds


@dataclass(frozen=True)
class NorthStarFigures:
    latest: float | None
    start: float | None
    change: float | None  # relative change of the 7-day mean since the quarter's first week


def period_slice(values: pd.DataFrame, period: str, lead_days: int = 0) -> pd.DataFrame:
    """Rows of a `date`/`value` frame inside a quarter (plus `lead_days` before it)."""
    start, end = quarter_bounds(period)
    begin = pd.Timestamp(start) - pd.Timedelta(days=lead_days)
    mask = (values["date"] >= begin) & (values["date"] <= pd.Timestamp(end))
    return values.loc[mask]


def north_star_figures(values: pd.DataFrame, period: str) -> NorthStarFigures:
    """Latest 7-day mean in the quarter and its change against the quarter's first 7 days."""
    inside = period_slice(values, period).sort_values("date")
    if inside.empty:
        return NorthStarFigures(None, None, None)
    latest = float(inside.tail(7)["value"].mean())
    start = float(inside.head(7)["value"].mean())
    change = latest / start - 1 if start else None
    return NorthStarFigures(latest, start, change)


def releases_in(outputs: pd.DataFrame, period: str, team_id: int | None = None) -> pd.DataFrame:
    """Outputs shipped in a quarter (optionally of one team), oldest first."""
    start, end = quarter_bounds(period)
    shipped = outputs.dropna(subset=["shipped_on"])
    mask = (shipped["shipped_on"] >= start) & (shipped["shipped_on"] <= end)
    if team_id is not None:
        mask &= shipped["team_id"] == team_id
    return shipped.loc[mask].sort_values("shipped_on")


def default_period(periods: list[str], today: date) -> str | None:
    """The quarter containing today if it has objectives, else the newest one."""
    from dashboard.analysis.periods import period_of

    current = period_of(today)
    if current in periods:
        return current
    return periods[0] if periods else current
