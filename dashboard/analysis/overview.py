"""Figures for the leadership overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.analysis.hypothesis import hit_rate
from dashboard.analysis.periods import quarter_bounds
from dashboard.models import MEASURED_VERDICTS, KeyResultStatus


def period_slice(values: pd.DataFrame, period: str, lead_days: int = 0) -> pd.DataFrame:
    """Rows of a `date`/`value` frame inside a quarter (plus `lead_days` before it)."""
    start, end = quarter_bounds(period)
    begin = pd.Timestamp(start) - pd.Timedelta(days=lead_days)
    mask = (values["date"] >= begin) & (values["date"] <= pd.Timestamp(end))
    return values.loc[mask]


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




# ---------------------------------------------------------------------------------------------
# A metric's quarter against the quarter before and the same quarter a year ago


def total_series(values: pd.DataFrame, aggregation: str) -> pd.DataFrame:
    """`date`/`value` of the whole population: the total rows when there are any, else the segments
    rolled up by the metric's rule (averages average, counts and stocks add up)."""
    if values.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype=float)})
    frame = values.assign(segment=values["segment"].fillna("")) if "segment" in values else values.assign(segment="")
    total = frame[frame["segment"] == ""]
    if total.empty:
        how = "mean" if aggregation == "mean" else "sum"
        total = frame.groupby("date", as_index=False)["value"].agg(how)
    out = total[["date", "value"]].dropna().sort_values("date").reset_index(drop=True)
    out["date"] = pd.to_datetime(out["date"])
    return out


def _figure(values: pd.DataFrame, start: date, end: date, aggregation: str) -> float | None:
    inside = values[(values["date"] >= pd.Timestamp(start)) & (values["date"] <= pd.Timestamp(end))]
    if inside.empty:
        return None
    if aggregation == "last":
        return float(inside["value"].iloc[-1])
    return float(inside["value"].mean())  # sums are compared per day, over the same number of days


@dataclass(frozen=True)
class QuarterChange:
    """A metric in a quarter (so far) against the same days of the quarter before and a year before."""

    latest: float | None
    latest_date: date | None
    current: float | None
    days: int  # days of the quarter compared (the same number in the other quarters)
    vs_previous: float | None
    vs_year_ago: float | None
    previous_period: str
    year_ago_period: str


def quarter_change(values: pd.DataFrame, period: str, today: date, aggregation: str = "mean") -> QuarterChange:
    """The quarter's figure so far (mean per day, or the last value for stocks) against the same
    number of days at the start of the previous quarter and of the same quarter a year ago."""
    from dashboard.analysis.periods import shift_period

    previous, year_ago = shift_period(period, -1), shift_period(period, -4)
    start, end = quarter_bounds(period)
    inside = values[(values["date"] >= pd.Timestamp(start)) & (values["date"] <= pd.Timestamp(min(end, today)))]
    if inside.empty:
        return QuarterChange(None, None, None, 0, None, None, previous, year_ago)
    last_day = inside["date"].max().date()
    days = (last_day - start).days + 1
    current = _figure(values, start, last_day, aggregation)

    def against(other: str) -> float | None:
        other_start, other_end = quarter_bounds(other)
        other_last = min(other_start + pd.Timedelta(days=days - 1).to_pytimedelta(), other_end)
        figure = _figure(values, other_start, other_last, aggregation)
        if figure is None or current is None or figure == 0 or (figure < 0) != (current < 0):
            return None
        return current / figure - 1

    return QuarterChange(
        latest=float(inside["value"].iloc[-1]), latest_date=inside["date"].iloc[-1].date(), current=current,
        days=days, vs_previous=against(previous), vs_year_ago=against(year_ago), previous_period=previous,
        year_ago_period=year_ago,
    )


def sparkline(values: pd.DataFrame, end: date, weeks: int = 13, aggregation: str = "mean") -> list[float]:
    """Weekly figures of the last `weeks` weeks up to `end` (for a tile's small trend)."""
    begin = pd.Timestamp(end) - pd.Timedelta(weeks=weeks)
    recent = values[(values["date"] > begin) & (values["date"] <= pd.Timestamp(end))]
    if recent.empty:
        return []
    how = "last" if aggregation == "last" else "mean"
    weekly = recent.set_index("date")["value"].resample("W-MON", label="left", closed="left").agg(how).dropna()
    return [round(float(v), 6) for v in weekly]


def improvement(change: float | None, direction: str) -> float | None:
    """A change as progress: positive when the metric moved the way it should (`down` metrics mirrored)."""
    if change is None:
        return None
    return -change if direction == "down" else change


# ---------------------------------------------------------------------------------------------
# OKR status per team


STATUSES = tuple(KeyResultStatus)


def objective_status(key_results: list[dict]) -> str | None:
    """An objective is as far along as its weakest key result (None without key results)."""
    statuses = [kr["status"] for kr in key_results if kr.get("status") in STATUSES]
    if not statuses:
        return None
    return max(statuses, key=STATUSES.index)


def okr_by_team(report: list[dict], teams: pd.DataFrame, company_label: str) -> pd.DataFrame:
    """Per team (and the company's own objectives): objectives and key results counted separately by
    status, the average score and the stale key results."""
    groups: dict[object, list[dict]] = {}
    for obj in report:
        groups.setdefault(obj.get("team_id"), []).append(obj)
    names = dict(zip(teams["id"], teams["name"], strict=True)) if not teams.empty else {}
    rows = []
    for team_id, objs in sorted(groups.items(), key=lambda kv: (kv[0] is not None, str(names.get(kv[0], "")))):
        krs = [kr for obj in objs for kr in obj["key_results"]]
        obj_status = [objective_status(obj["key_results"]) for obj in objs]
        scores = [obj["score"] for obj in objs if obj.get("score") is not None]
        row = {"team_id": team_id, "team": names.get(team_id, company_label) if team_id is not None else company_label,
               "objectives": len(objs), "key_results": len(krs),
               "score": sum(scores) / len(scores) if scores else None,
               "stale": sum(1 for kr in krs if kr.get("stale"))}
        for status in STATUSES:
            row[f"obj_{status}"] = obj_status.count(status)
            row[f"kr_{status}"] = sum(1 for kr in krs if kr.get("status") == status)
        rows.append(row)
    columns = ["team_id", "team", "objectives", *(f"obj_{s}" for s in STATUSES), "key_results",
               *(f"kr_{s}" for s in STATUSES), "score", "stale"]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------------
# Bets of one scope (team and quarter)


def bets_in_scope(hypotheses: pd.DataFrame, verdicts: dict[int, str], releases: dict[int, date | None],
                  period: str, team_id: int | None) -> pd.DataFrame:
    """Hypotheses released in the quarter (of one team), each with the verdict the data gives now."""
    start, end = quarter_bounds(period)
    frame = hypotheses if team_id is None else hypotheses[hypotheses["team_id"] == team_id]
    keep = [i for i in frame["id"] if releases.get(i) is not None and start <= releases[i] <= end]
    frame = frame[frame["id"].isin(keep)].copy()
    frame["verdict"] = [verdicts.get(i) for i in frame["id"]]
    frame["released"] = [releases.get(i) for i in frame["id"]]
    return frame.sort_values("released", ascending=False)


def verdict_counts(bets: pd.DataFrame) -> dict[str, int]:
    counts = bets["verdict"].value_counts().to_dict() if len(bets) else {}
    return {str(k): int(v) for k, v in counts.items()}


def hit_rate_of(bets: pd.DataFrame) -> tuple[float | None, int]:
    """(validated + partial) / measured, and how many were measured."""
    verdicts = bets["verdict"].tolist() if len(bets) else []
    return hit_rate(verdicts), sum(v in MEASURED_VERDICTS for v in verdicts)


# ---------------------------------------------------------------------------------------------
# Output against outcome on one time axis


def output_timeline(outputs: pd.DataFrame, start: date, end: date, team_id: int | None = None,
                    freq: str = "W") -> pd.DataFrame:
    """Outputs shipped per week (`W`) or month (`M`), split into linked to an outcome and not:
    `bucket` (first day), `linked`, `unlinked`."""
    shipped = outputs.dropna(subset=["shipped_on"])
    mask = (shipped["shipped_on"] >= start) & (shipped["shipped_on"] <= end)
    if team_id is not None:
        mask &= shipped["team_id"] == team_id
    shipped = shipped.loc[mask]
    rule = "W-MON" if freq == "W" else "MS"
    index = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq=rule)
    if len(index) == 0 or index[0] > pd.Timestamp(start):
        first = pd.Timestamp(start) - (pd.Timedelta(days=pd.Timestamp(start).weekday()) if freq == "W"
                                       else pd.Timedelta(days=pd.Timestamp(start).day - 1))
        index = index.insert(0, first)
    if shipped.empty:
        return pd.DataFrame({"bucket": index, "linked": 0, "unlinked": 0})
    when = pd.to_datetime(shipped["shipped_on"])
    buckets = when.dt.to_period("W-SUN").dt.start_time if freq == "W" else when.dt.to_period("M").dt.start_time
    frame = pd.DataFrame({"bucket": buckets.to_numpy(), "linked": shipped["linked"].astype(bool).to_numpy()})
    counts = frame.groupby(["bucket", "linked"]).size().unstack(fill_value=0)
    counts = counts.reindex(index, fill_value=0)
    return pd.DataFrame({"bucket": index, "linked": counts.get(True, pd.Series(0, index=index)).to_numpy(),
                         "unlinked": counts.get(False, pd.Series(0, index=index)).to_numpy()})


def team_metric_ids(team_id: int, key_results: pd.DataFrame, objectives: pd.DataFrame,
                    bets: pd.DataFrame, period: str) -> list[int]:
    """The metrics that are really this team's in a quarter: its key results' and its bets' metrics."""
    objs = objectives[(objectives["team_id"] == team_id) & (objectives["period"] == period)]["id"]
    krs = key_results[key_results["objective_id"].isin(objs)]["metric_id"].dropna()
    hyps = bets[bets["team_id"] == team_id]["metric_id"].dropna() if len(bets) else pd.Series(dtype=float)
    return sorted({int(m) for m in pd.concat([krs, hyps])})


def metric_releases(metric_id: int, hyps: pd.DataFrame, outputs: pd.DataFrame, key_results: pd.DataFrame,
                 verdicts: dict[int, str], start: date, end: date) -> pd.DataFrame:
    """Outputs shipped in the range that were meant to move the metric: linked to a bet on it (with
    that bet's verdict) or to a key result on it."""
    columns = ["date", "output", "hypothesis", "verdict", "team", "key"]
    shipped = outputs.dropna(subset=["shipped_on"])
    shipped = shipped[(shipped["shipped_on"] >= start) & (shipped["shipped_on"] <= end)].set_index("id")
    rows: dict[int, dict] = {}
    for h in hyps[hyps["metric_id"] == metric_id].itertuples():
        for output_id in h.output_ids or []:
            if output_id in shipped.index:
                o = shipped.loc[output_id]
                rows[output_id] = {"date": o["shipped_on"], "output": f"{o['key']} · {o['title']}",
                                   "hypothesis": h.statement, "verdict": verdicts.get(h.id) or "measuring",
                                   "team": o["team"] or "", "key": o["key"]}
    kr_ids = set(key_results.loc[key_results["metric_id"] == metric_id, "id"])
    for output_id, o in shipped.iterrows():
        if output_id not in rows and kr_ids.intersection(o["key_result_ids"] or []):
            rows[output_id] = {"date": o["shipped_on"], "output": f"{o['key']} · {o['title']}", "hypothesis": "—",
                               "verdict": "no_bet", "team": o["team"] or "", "key": o["key"]}
    frame = pd.DataFrame(list(rows.values()), columns=columns)
    return frame.sort_values("date") if not frame.empty else frame
