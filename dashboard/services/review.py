"""The quarterly review: every number it shows, built once as plain data, frozen as a snapshot, and
compared with the live data and with the previous snapshot.

The data holds numbers and codes, not formatted text, so a frozen review reads the same in every
language; texts that come from the measurement (why a bet was held back) are kept in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlmodel import Session, select

from dashboard.access import Actor, act
from dashboard.analysis import hypothesis as ha
from dashboard.analysis import overview as ov
from dashboard.analysis.periods import quarter_bounds, shift_period
from dashboard.i18n import LANGUAGES
from dashboard.models import ReviewSnapshot, Role, utcnow
from dashboard.parsing import is_missing
from dashboard.repository import hypotheses as hyp_repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo

SECTIONS = ("north_star", "key_results", "bets", "learnings", "stopped", "next")
OPEN = ("idea", "planned", "shipped", "measuring")
SCORE_MOVED = 0.05
AFTER_QUARTER = timedelta(days=45)  # learnings and stops written while preparing the review still count  # a key result "moved" when its score changed by at least 5 points


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if is_missing(number) else number


def metric_totals(session: Session, metrics: pd.DataFrame, period: str) -> dict[int, pd.DataFrame]:
    """The whole-population series of several metrics over a quarter, the quarter before and the same
    quarter a year ago (with two weeks of lead-in), read in one query."""
    first = quarter_bounds(shift_period(period, -4))[0] - timedelta(days=14)
    last = quarter_bounds(period)[1]
    ids = [int(i) for i in metrics["id"]] if not metrics.empty else []
    frame = metric_repo.values_frame(session=session, ranges=dict.fromkeys(ids, (first, last)))
    parts = dict(tuple(frame.groupby("metric_id"))) if not frame.empty else {}
    aggregation = dict(zip(metrics["id"].astype(int), metrics["aggregation"], strict=True)) if ids else {}
    return {i: ov.total_series(parts[i].drop(columns="metric_id") if i in parts else frame.iloc[0:0].drop(
        columns="metric_id"), str(aggregation[i])) for i in ids}


def _metric_block(session: Session, metric: pd.Series, period: str, today: date,
                  totals: dict[int, pd.DataFrame] | None = None) -> dict:
    if totals is not None and int(metric["id"]) in totals:
        total = totals[int(metric["id"])]
    else:
        values = metric_repo.metric_values(session=session, metric_id=int(metric["id"]), segment=None)
        total = ov.total_series(values, str(metric["aggregation"]))
    change = ov.quarter_change(total, period, today, str(metric["aggregation"]))
    start, end = quarter_bounds(period)
    inside = ov.period_slice(total, period, lead_days=14)
    weekly = []
    if not inside.empty:
        how = "last" if metric["aggregation"] == "last" else "mean"
        rolled = inside.set_index("date")["value"].resample("W-MON", label="left", closed="left").agg(how).dropna()
        weekly = [[d.date().isoformat(), round(float(v), 6)] for d, v in rolled.items()]
    return {
        "id": int(metric["id"]), "name": str(metric["name"]), "unit": str(metric["unit"] or ""),
        "direction": str(metric["direction"]), "aggregation": str(metric["aggregation"]),
        "latest": change.latest, "latest_date": change.latest_date.isoformat() if change.latest_date else None,
        "vs_previous": change.vs_previous, "vs_year_ago": change.vs_year_ago,
        "previous_period": change.previous_period, "year_ago_period": change.year_ago_period,
        "days": change.days, "weekly": weekly, "start": start.isoformat(), "end": end.isoformat(),
    }


def _held_back_texts(m: ha.Measurement, unit: str) -> dict[str, list[str]]:
    from dashboard.services.hypotheses import check_items

    return {lang: [text for held, text in check_items(m, unit, lang) if held] for lang in LANGUAGES}


def _path(m: ha.Measurement | None) -> dict | None:
    """The bet's counterfactual day by day (for its chart), rounded to keep a snapshot small."""
    if m is None or m.path is None:
        return None
    p = m.path
    return {"dates": [d.isoformat() for d in p.dates], "actual": [round(float(v), 6) for v in p.actual],
            "cf": [round(float(v), 6) for v in p.counterfactual], "low": [round(float(v), 6) for v in p.low],
            "high": [round(float(v), 6) for v in p.high], "after": [bool(v) for v in p.after],
            "t0": m.t0.isoformat() if m.t0 else None}


def build_review(session: Session, period: str, today: date, team_id: int | None = None) -> dict:
    """Every number of one quarter's review (optionally one team's), as JSON-ready data."""
    from dashboard.services.hypotheses import current_verdicts, measure_from_session

    teams = {t.id: t.name for t in okr_repo_teams(session)}
    data: dict[str, Any] = {"period": period, "team_id": team_id, "team": teams.get(team_id) if team_id else None,
                            "built_at": utcnow().isoformat(timespec="seconds"), "today": today.isoformat()}
    data.update(_metric_section(session, period, today))
    data.update(_okr_section(session, period, today, team_id))
    hyps, results = measure_from_session(session, today, with_path=True)  # one pass, paths for the charts
    verdicts = current_verdicts(hyps, results) if not hyps.empty else {}
    data["bets"] = _bets(hyps, results, verdicts, period, team_id)
    data["learnings"] = _learnings(session, period, team_id)
    scoped = hyps if team_id is None or hyps.empty else hyps[hyps["team_id"] == team_id]
    data["stopped"] = _stopped(scoped, period)
    data["next"] = _next_quarter(session, period, team_id, scoped, verdicts)
    return data


def _metric_section(session: Session, period: str, today: date) -> dict[str, Any]:
    """The North Star and the input metrics around the quarter."""
    metrics = metric_repo.metric_summary(session=session)
    north = metrics[metrics["kind"] == "north_star"] if not metrics.empty else metrics
    inputs = metrics[metrics["kind"] == "input"].sort_values("name") if not metrics.empty else metrics
    totals = metric_totals(session, pd.concat([north, inputs]), period) if not metrics.empty else {}
    return {
        "north_star": _metric_block(session, north.iloc[0], period, today, totals) if not north.empty else None,
        "inputs": [_metric_block(session, row, period, today, totals) for _, row in inputs.iterrows()],
    }


def _okr_section(session: Session, period: str, today: date, team_id: int | None) -> dict[str, Any]:
    """Key results with their latest comment, and objectives with their status."""
    from dashboard.services import okrs as okr_service

    report = okr_service.evaluate_objectives(session=session, period=period, today=today)
    if team_id is not None:
        report = [o for o in report if o["team_id"] == team_id]
    check_ins = okr_repo.check_ins_frame(session=session)
    latest_comment: dict[int, str] = {}
    if not check_ins.empty:
        for row in check_ins.sort_values("date").itertuples():
            if isinstance(row.comment, str) and row.comment.strip():
                latest_comment[int(row.key_result_id)] = row.comment.strip()
    return {
        "key_results": [
            {"id": int(kr["id"]), "title": kr["title"], "objective": obj["title"], "objective_id": int(obj["id"]),
             "team": obj["team"] or None, "score": _num(kr.get("score")), "progress": _num(kr.get("progress")),
             "status": kr.get("status"), "confidence": kr.get("confidence"), "stale": bool(kr.get("stale")),
             "comment": latest_comment.get(int(kr["id"]), "")}
            for obj in report for kr in obj["key_results"]
        ],
        "objectives": [{"id": int(o["id"]), "title": o["title"], "team": o["team"] or None,
                        "score": _num(o.get("score")), "status": ov.objective_status(o["key_results"])}
                       for o in report],
    }


def _bets(hyps: pd.DataFrame, results: dict, verdicts: dict[int, str], period: str, team_id: int | None) -> list[dict]:
    """The bets released in the quarter with their measurement and chart path."""
    releases = {i: (m.t0 if m is not None else None) for i, m in ((i, results.get(i)) for i in hyps["id"])}
    bets = ov.bets_in_scope(hyps, verdicts, releases, period, team_id) if not hyps.empty else hyps
    out = []
    for h in bets.itertuples() if len(bets) else []:
        m = results.get(h.id)
        out.append({
            "id": int(h.id), "statement": h.statement, "team": h.team or None, "metric": h.metric,
            "unit": h.metric_unit or "", "change_kind": h.change_kind, "expected": _num(m.expected if m else None),
            "measured": _num(m.measured_change if m else None), "ci_low": _num(m.ci_low if m else None),
            "ci_high": _num(m.ci_high if m else None), "verdict": h.verdict,
            "raw_verdict": m.raw_verdict if m else None, "released": h.released.isoformat() if h.released else None,
            "held_back": _held_back_texts(m, h.metric_unit or "") if m and any(c.held_back for c in m.checks) else {},
            "path": _path(m),
        })
    return out


def _in_review_window(updated_at: object, period: str) -> bool:
    """Changed during the quarter or in the weeks after it (when reviews are held)."""
    start, end = quarter_bounds(period)
    updated = pd.Timestamp(updated_at).date() if updated_at is not None else None
    return updated is not None and start <= updated <= end + AFTER_QUARTER


def _learnings(session: Session, period: str, team_id: int | None) -> list[dict]:
    learnings = hyp_repo.learnings_frame(session=session)
    if team_id is not None and not learnings.empty:
        learnings = learnings[learnings["team_id"] == team_id]
    return [{"id": int(row.id), "title": row.title, "team": row.team or None, "happened": row.happened or "",
             "next_time": row.next_time or "", "status": row.status}
            for row in (learnings.itertuples() if not learnings.empty else [])
            if _in_review_window(row.updated_at, period)]


def _stopped(scoped: pd.DataFrame, period: str) -> list[dict]:
    return [{"id": int(h.id), "statement": h.statement, "team": h.team or None, "reason": h.stop_reason or ""}
            for h in (scoped.itertuples() if len(scoped) else [])
            if h.status == "stopped" and _in_review_window(h.updated_at, period)]


def _next_quarter(session: Session, period: str, team_id: int | None, scoped: pd.DataFrame,
                  verdicts: dict[int, str]) -> dict[str, Any]:
    """The next quarter's objectives and the bets still open."""
    following = shift_period(period, 1)
    next_objectives = okr_repo.objectives_frame(session=session, period=following)
    if team_id is not None and not next_objectives.empty:
        next_objectives = next_objectives[next_objectives["team_id"] == team_id]
    return {
        "period": following,
        "objectives": [{"id": int(o.id), "title": o.title, "team": o.team or None}
                       for o in next_objectives.itertuples()] if not next_objectives.empty else [],
        "open_bets": [{"id": int(h.id), "statement": h.statement, "team": h.team or None,
                       "status": verdicts.get(h.id, h.status)}
                      for h in (scoped.itertuples() if len(scoped) else [])
                      if verdicts.get(h.id, h.status) in OPEN],
    }


def okr_repo_teams(session: Session):  # noqa: ANN201 - team rows
    from dashboard.repository import teams as team_repo

    return team_repo.list_teams(session=session, include_archived=True)


# ---------------------------------------------------------------------------------------------
# Snapshots


@dataclass(frozen=True)
class Snapshot:
    id: int
    period: str
    title: str
    taken_at: datetime
    taken_by: str
    data: dict


def _snapshot(row: ReviewSnapshot) -> Snapshot:
    return Snapshot(int(row.id), row.period, row.title, row.taken_at, row.taken_by, dict(row.data or {}))


def freeze(session: Session, data: dict, *, user: Actor | str, title: str = "") -> Snapshot:
    """Keep the review's numbers as they are now, with who froze them and when."""
    name = act(session, user, Role.editor, "freeze a review")
    row = ReviewSnapshot(period=data["period"], title=title[:300], taken_at=utcnow(), taken_by=name, data=data)
    session.add(row)
    session.flush()
    return _snapshot(row)


def snapshots(session: Session, period: str | None = None) -> list[Snapshot]:
    """Snapshots, newest first (of one quarter, or all)."""
    stmt = select(ReviewSnapshot).order_by(ReviewSnapshot.taken_at.desc(), ReviewSnapshot.id.desc())
    if period:
        stmt = stmt.where(ReviewSnapshot.period == period)
    return [_snapshot(r) for r in session.exec(stmt)]


def previous_snapshot(session: Session, snapshot: Snapshot) -> Snapshot | None:
    """The snapshot frozen before this one (any quarter), if any."""
    earlier = [s for s in snapshots(session) if (s.taken_at, s.id) < (snapshot.taken_at, snapshot.id)]
    return earlier[0] if earlier else None


# ---------------------------------------------------------------------------------------------
# What changed


@dataclass
class Changes:
    """Differences between two reviews' data (`before` → `after`)."""

    key_results: list[dict] = field(default_factory=list)  # moved: title, before, after (scores), status
    verdicts: list[dict] = field(default_factory=list)  # statement, before, after
    new_learnings: list[dict] = field(default_factory=list)
    stopped: list[dict] = field(default_factory=list)
    north_star: tuple[float | None, float | None] | None = None  # latest value before, after

    @property
    def empty(self) -> bool:
        return not (self.key_results or self.verdicts or self.new_learnings or self.stopped or self.north_star)


def diff(before: dict, after: dict) -> Changes:
    """What moved between two reviews: key-result scores (by 5 points or more) and statuses, verdicts,
    learnings that are new, bets newly stopped, and the North Star's latest value."""
    changes = Changes()
    old_krs = {kr["id"]: kr for kr in before.get("key_results", [])}
    for kr in after.get("key_results", []):
        old = old_krs.get(kr["id"])
        if old is None:
            continue
        a, b = old.get("score"), kr.get("score")
        moved = a is not None and b is not None and abs(b - a) >= SCORE_MOVED
        if moved or old.get("status") != kr.get("status"):
            changes.key_results.append({"id": kr["id"], "title": kr["title"], "before": a, "after": b,
                                        "status_before": old.get("status"), "status_after": kr.get("status")})
    old_bets = {bet["id"]: bet for bet in _all_bets(before)}
    for bet in _all_bets(after):
        old = old_bets.get(bet["id"])
        if old is not None and old.get("verdict") != bet.get("verdict"):
            changes.verdicts.append({"id": bet["id"], "statement": bet["statement"], "before": old.get("verdict"),
                                     "after": bet.get("verdict")})
    known = {item["id"] for item in before.get("learnings", [])}
    changes.new_learnings = [item for item in after.get("learnings", []) if item["id"] not in known]
    was_stopped = {item["id"] for item in before.get("stopped", [])}
    changes.stopped = [item for item in after.get("stopped", []) if item["id"] not in was_stopped]
    ns_before, ns_after = (before.get("north_star") or {}).get("latest"), (after.get("north_star") or {}).get("latest")
    if ns_before is not None and ns_after is not None and ns_before != ns_after:
        changes.north_star = (ns_before, ns_after)
    return changes


def _all_bets(data: dict) -> list[dict]:
    """Bets of a review (released ones and open ones for the next quarter), by id."""
    bets = {b["id"]: b for b in data.get("bets", [])}
    for b in data.get("next", {}).get("open_bets", []):
        bets.setdefault(b["id"], {"id": b["id"], "statement": b["statement"], "verdict": b.get("status")})
    return list(bets.values())
