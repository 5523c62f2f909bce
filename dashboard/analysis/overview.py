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


MEASURED = ("validated", "partial", "invalidated", "inconclusive")
HITS = ("validated", "partial")


def release_dates(hypotheses: pd.DataFrame, outputs: pd.DataFrame) -> pd.Series:
    """Per hypothesis id, the release date t0 as the measurement defines it (None while not released)."""
    from dashboard.analysis.hypothesis import release_date

    shipped = outputs.set_index("id")["shipped_on"]
    dates = {row.id: release_date([shipped.get(i) for i in row.output_ids]) for row in hypotheses.itertuples()}
    return pd.Series(dates, dtype="object")


def output_vs_outcome(
    outputs: pd.DataFrame,
    hypotheses: pd.DataFrame,
    teams: pd.DataFrame,
    period: str,
    north_star_change: float | None,
) -> pd.DataFrame:
    """Per team for one quarter: shipped, linked share, hypotheses measured share, hit rate, North Star change.

    A hypothesis belongs to the quarter when its release (t0) falls in it; it counts as measured when
    its status is a verdict, and as a hit when validated or partial.
    """
    start, end = quarter_bounds(period)
    t0 = release_dates(hypotheses, outputs)
    in_quarter = hypotheses[hypotheses["id"].map(lambda i: t0.get(i) is not None and start <= t0.get(i) <= end)]
    rows = []
    for team in teams.itertuples():
        shipped = releases_in(outputs, period, team.id)
        bets = in_quarter[in_quarter["team_id"] == team.id]
        measured = bets[bets["status"].isin(MEASURED)]
        hits = measured[measured["status"].isin(HITS)]
        rows.append(
            {
                "team_id": team.id,
                "team": team.name,
                "shipped": len(shipped),
                "linked_share": float(shipped["linked"].mean()) if len(shipped) else None,
                "unlinked": int((~shipped["linked"]).sum()) if len(shipped) else 0,
                "bets": len(bets),
                "measured_share": len(measured) / len(bets) if len(bets) else None,
                "hit_rate": len(hits) / len(measured) if len(measured) else None,
                "north_star_change": north_star_change,
            }
        )
    return pd.DataFrame(
        rows,
        columns=["team_id", "team", "shipped", "linked_share", "unlinked", "bets", "measured_share", "hit_rate",
                 "north_star_change"],
    )
