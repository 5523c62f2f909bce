"""Output figures: filters, and the "shipped without a link to any outcome" mirror per team and quarter.

Every function takes the frame of `dashboard.repository.outputs.outputs_frame` (or a slice of it)
and returns a new frame; nothing here touches the database.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.periods import period_of, quarter_bounds

UNLINKED_SUMMARY_COLUMNS = ["team_id", "team", "quarter", "shipped", "unlinked", "share"]
WEEKLY_COLUMNS = ["week", "linked", "count"]


def with_quarter(outputs: pd.DataFrame) -> pd.DataFrame:
    """The frame with a `quarter` column (`2026-Q4`, None while not shipped)."""
    quarters = [period_of(d) if isinstance(d, date) else None for d in outputs["shipped_on"]]
    return outputs.assign(quarter=pd.Series(quarters, index=outputs.index, dtype="object"))


def _shipped_mask(outputs: pd.DataFrame) -> pd.Series:
    return outputs["shipped_on"].map(lambda d: isinstance(d, date)).astype(bool)


def filter_outputs(
    outputs: pd.DataFrame,
    *,
    team_id: int | None = None,
    quarter: str | None = None,
    types: list[str] | None = None,
    shipped: bool | None = None,
    linked: bool | None = None,
    search: str = "",
) -> pd.DataFrame:
    """Outputs matching every given filter; None (or an empty list) means "any".

    `quarter` keeps outputs shipped in that quarter (so it also implies shipped); `search` matches
    key or title, case-insensitively.
    """
    mask = pd.Series(True, index=outputs.index)
    if team_id is not None:
        mask &= outputs["team_id"] == team_id
    is_shipped = _shipped_mask(outputs)
    if quarter:
        start, end = quarter_bounds(quarter)
        mask &= outputs["shipped_on"].map(lambda d: isinstance(d, date) and start <= d <= end).astype(bool)
    if types:
        mask &= outputs["type"].isin(types)
    if shipped is not None:
        mask &= is_shipped if shipped else ~is_shipped
    if linked is not None:
        mask &= outputs["linked"].astype(bool) if linked else ~outputs["linked"].astype(bool)
    needle = search.strip().casefold()
    if needle:
        hay = (outputs["key"].astype(str) + " " + outputs["title"].astype(str)).str.casefold()
        mask &= hay.str.contains(needle, regex=False)
    return outputs.loc[mask]


def output_types(outputs: pd.DataFrame) -> list[str]:
    """The distinct output types, alphabetically (case-insensitive)."""
    return sorted({str(v) for v in outputs["type"].dropna() if str(v)}, key=str.casefold)


def shipped_quarters(outputs: pd.DataFrame) -> list[str]:
    """Quarters in which something shipped, newest first."""
    return sorted({period_of(d) for d in outputs["shipped_on"] if isinstance(d, date)}, reverse=True)


def unlinked_summary(outputs: pd.DataFrame) -> pd.DataFrame:
    """Per team and quarter: outputs shipped, how many have no link to any outcome, and that share.

    Newest quarter first, then team name; outputs without a team count under team "" (id None).
    """
    shipped = with_quarter(outputs.loc[_shipped_mask(outputs)])
    if shipped.empty:
        return pd.DataFrame(columns=UNLINKED_SUMMARY_COLUMNS)
    shipped = shipped.assign(
        unlinked=~shipped["linked"].astype(bool),
        team_key=shipped["team_id"].map(lambda v: -1 if pd.isna(v) else int(v)),
    )
    grouped = (
        shipped.groupby(["team_key", "quarter"], sort=False)
        .agg(team=("team", "first"), shipped=("id", "size"), unlinked=("unlinked", "sum"))
        .reset_index()
    )
    grouped["team_id"] = pd.Series(
        [None if v == -1 else int(v) for v in grouped["team_key"]], index=grouped.index, dtype="object"
    )
    grouped["unlinked"] = grouped["unlinked"].astype(int)
    grouped["shipped"] = grouped["shipped"].astype(int)
    grouped["share"] = grouped["unlinked"] / grouped["shipped"]
    grouped = grouped.sort_values(["quarter", "team"], ascending=[False, True], key=_sort_key)
    return grouped[UNLINKED_SUMMARY_COLUMNS].reset_index(drop=True)


def _sort_key(col: pd.Series) -> pd.Series:
    return col.str.casefold() if col.name == "team" else col


def unlinked_shipped(outputs: pd.DataFrame, *, quarter: str | None = None, team_id: int | None = None) -> pd.DataFrame:
    """Outputs shipped (in a quarter, of a team) with no link to a hypothesis or key result, newest first."""
    rows = filter_outputs(outputs, team_id=team_id, quarter=quarter, shipped=True, linked=False)
    return rows.sort_values(["shipped_on", "key"], ascending=[False, True])


def unlinked_share(outputs: pd.DataFrame) -> float | None:
    """Share of shipped outputs with no link to any outcome (None when nothing shipped)."""
    shipped = outputs.loc[_shipped_mask(outputs)]
    if shipped.empty:
        return None
    return float((~shipped["linked"].astype(bool)).sum() / len(shipped))


def shipped_per_week(outputs: pd.DataFrame) -> pd.DataFrame:
    """Shipped outputs counted per ISO week (Monday) and linked/unlinked, oldest first, gaps filled."""
    shipped = outputs.loc[_shipped_mask(outputs)]
    if shipped.empty:
        return pd.DataFrame(columns=WEEKLY_COLUMNS)
    days = pd.to_datetime(shipped["shipped_on"])
    weeks = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.normalize()
    counts = (
        pd.DataFrame({"week": weeks, "linked": shipped["linked"].astype(bool)})
        .groupby(["week", "linked"])
        .size()
    )
    all_weeks = pd.date_range(weeks.min(), weeks.max(), freq="7D")
    full = pd.MultiIndex.from_product([all_weeks, [True, False]], names=["week", "linked"])
    counts = counts.reindex(full, fill_value=0).rename("count").reset_index()
    counts["count"] = counts["count"].astype(int)
    return counts[WEEKLY_COLUMNS]
