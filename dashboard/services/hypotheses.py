"""Hypotheses: every hypothesis with its measurement, status sync from the data, learning drafts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlmodel import Session

from dashboard.analysis import hypothesis as ha
from dashboard.i18n import fmt_date, fmt_number, fmt_percent, get_language, t
from dashboard.models import HypothesisStatus, LearningCreate
from dashboard.repository import hypotheses as hyp_repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import outputs as output_repo

ValueLoader = Callable[[int, str], pd.DataFrame]


def measure_all(
    hyps: pd.DataFrame, outputs: pd.DataFrame, metrics: pd.DataFrame, load_values: ValueLoader, today: date
) -> dict[int, ha.Measurement]:
    """Measure every hypothesis in `hyps` (rows of `hypotheses_frame`).

    `outputs`: `outputs_frame`; `metrics`: `metric_summary` (`id`, `name`, `direction`);
    `load_values(metric_id, segment)` returns the metric's `date`/`value` rows.
    """
    meta = metrics.set_index("id") if not metrics.empty else pd.DataFrame(columns=["name", "direction"])
    shipped = outputs.set_index("id")["shipped_on"] if not outputs.empty else pd.Series(dtype=object)
    result: dict[int, ha.Measurement] = {}
    for h in hyps.to_dict("records"):
        linked = [int(i) for i in h["output_ids"]]
        dates = [shipped.get(i) for i in linked]
        others = outputs[~outputs["id"].isin(linked) & outputs["shipped_on"].notna()][["key", "shipped_on", "team_id"]]
        # The team's own releases first: they are the likeliest to share the credit.
        others = others.assign(priority=(others["team_id"] != h["team_id"]).astype(int))
        guard_id = h["guardrail_metric_id"]
        guard_values = guard_dir = None
        guard_name = ""
        if guard_id == guard_id and guard_id is not None and int(guard_id) in meta.index:
            guard_values = load_values(int(guard_id), "")
            guard_dir = meta.loc[int(guard_id), "direction"]
            guard_name = meta.loc[int(guard_id), "name"]
        result[int(h["id"])] = ha.measure_hypothesis(
            load_values(int(h["metric_id"]), h["segment"] or ""),
            change_kind=h["change_kind"], expected=float(h["expected_change"]), window_days=int(h["window_days"]),
            shipped_on=dates, today=today, other_outputs=others,
            guardrail_values=guard_values, guardrail_direction=guard_dir, guardrail_name=guard_name,
        )
    return result


def _loader(session: Session) -> ValueLoader:
    cache: dict[tuple[int, str], pd.DataFrame] = {}

    def load(metric_id: int, segment: str) -> pd.DataFrame:
        key = (metric_id, segment)
        if key not in cache:
            cache[key] = metric_repo.metric_values(session=session, metric_id=metric_id, segment=segment)
        return cache[key]

    return load


def _measure_from_session(session: Session, today: date) -> tuple[pd.DataFrame, dict[int, ha.Measurement]]:
    hyps = hyp_repo.hypotheses_frame(session=session)
    outputs = output_repo.outputs_frame(session=session)
    metrics = metric_repo.metric_summary(session=session)
    return hyps, measure_all(hyps, outputs, metrics, _loader(session), today)


# ---------------------------------------------------------------------------------------------
# Texts shared by the page and the command line


def format_change(value: float | None, change_kind: str, unit: str = "", lang: str | None = None) -> str:
    """A change as people write it: `+15%`, `−2.0 pp`, `+300 €`."""
    if value is None:
        return "—"
    lang = lang or get_language()
    if change_kind == "relative":
        return fmt_percent(value, 1 if abs(value) < 0.1 else 0, lang, sign=True)
    decimals = 0 if abs(value) >= 100 else (1 if abs(value) >= 1 else 2)
    number = fmt_number(value, decimals, lang, sign=True)
    if change_kind == "pp":
        return f"{number} pp" if lang != "de" else f"{number} Pp."
    unit = (unit or "").strip()
    return number if not unit or unit == "count" else f"{number} {unit}"


def format_interval(low: float | None, high: float | None, change_kind: str, unit: str = "",
                    lang: str | None = None) -> str:
    """`+4.1 … +6.3 pp`, `+24% … +34%`: the 95 % interval, compact."""
    if low is None or high is None:
        return "—"
    lo, hi = format_change(low, change_kind, unit, lang), format_change(high, change_kind, unit, lang)
    parts_lo, parts_hi = lo.split(" ", 1), hi.split(" ", 1)
    if change_kind != "relative" and len(parts_lo) == 2 and len(parts_hi) == 2 and parts_lo[1] == parts_hi[1]:
        lo = parts_lo[0]  # the unit once, after the high end
    return f"{lo} … {hi}"


def warning_texts(m: ha.Measurement, unit: str = "", lang: str | None = None) -> list[str]:
    """Every warning of a measurement as a sentence in `lang`."""
    texts = []
    if m.verdict == ha.INSUFFICIENT:
        texts.append(insufficient_text(m, lang))
    for w in m.warnings:
        v = w.values
        if w.code == "other_outputs":
            keys = v["keys"]
            shown = ", ".join(keys[:8]) + (t("hypotheses.more", lang, count=len(keys) - 8) if len(keys) > 8 else "")
            texts.append(t("hypotheses.warning.other_outputs", lang, count=v["count"], keys=shown))
        elif w.code == "guardrail":
            texts.append(t("hypotheses.warning.guardrail", lang, metric=v["metric"],
                           change=fmt_percent(v["change"], 1, lang, sign=True),
                           low=fmt_percent(v["low"], 1, lang, sign=True), high=fmt_percent(v["high"], 1, lang, sign=True)))
        elif w.code == "not_detectable":
            texts.append(not_detectable_text(v["mde"], v["change_kind"], v["window_days"], v["suggested_window"],
                                             unit, lang, too_few=v.get("too_few_values", False),
                                             per_window=v.get("values_per_window")))
        elif w.code == "zero_baseline":
            texts.append(t("hypotheses.warning.zero_baseline", lang))
    return texts


def insufficient_text(m: ha.Measurement, lang: str | None = None) -> str:
    """`insufficient data`: how many values are missing on which side."""
    parts = []
    if m.missing_before:
        parts.append(t("hypotheses.missing_before", lang, count=m.missing_before))
    if m.missing_after:
        parts.append(t("hypotheses.missing_after", lang, count=m.missing_after))
    return t("hypotheses.warning.insufficient", lang, missing=t("hypotheses.and", lang).join(parts), need=ha.MIN_VALUES)


def not_detectable_text(
    mde: float | None, change_kind: str, window_days: int, suggested: int | None, unit: str = "", lang: str | None = None,
    *, too_few: bool = False, per_window: float | None = None,
) -> str:
    """The before-launch warning: the expected change is below what `window_days` can detect."""
    if too_few:
        return t("hypotheses.warning.too_few_values", lang, days=window_days, count=fmt_number(per_window or 0, 0, lang),
                 need=ha.MIN_VALUES, suggested=suggested if suggested is not None else "—")
    smallest = format_change(abs(mde) if mde is not None else None, change_kind, unit, lang).lstrip("+")
    if suggested is None:
        return t("hypotheses.warning.not_detectable_year", lang, mde=smallest, days=window_days)
    return t("hypotheses.warning.not_detectable", lang, mde=smallest, days=window_days, suggested=suggested)


def state_text(m: ha.Measurement, lang: str | None = None) -> str:
    """Where the measurement stands, for hypotheses without a verdict yet."""
    if m.state == ha.NOT_LAUNCHED:
        if m.t0 is not None:
            return t("hypotheses.state.scheduled", lang, date=fmt_date(m.t0, lang))
        return t("hypotheses.state.not_launched", lang)
    if m.state == ha.MEASURING:
        return t("hypotheses.state.measuring", lang, date=fmt_date(m.after_end, lang), count=m.n_after)
    return ""


# ---------------------------------------------------------------------------------------------
# Report (command line)


def hypothesis_report(*, session: Session, today: date) -> list[dict]:
    """`id`, `statement`, `metric`, `expected_change`, `measured_change`, `ci_low`, `ci_high`, `verdict`, `warnings`."""
    hyps, results = _measure_from_session(session, today)
    report = []
    for h in hyps.to_dict("records"):
        m = results[int(h["id"])]
        report.append(
            {
                "id": int(h["id"]), "statement": h["statement"], "metric": h["metric"],
                "expected_change": float(h["expected_change"]),
                "measured_change": m.measured_change, "ci_low": m.ci_low, "ci_high": m.ci_high,
                "verdict": m.verdict, "warnings": warning_texts(m, h["metric_unit"], "en"),
                "change_kind": h["change_kind"], "status": h["status"], "team": h["team"] or None,
                "segment": h["segment"] or None, "window_days": int(h["window_days"]), "t0": m.t0,
                "mean_before": m.mean_before, "mean_after": m.mean_after,
                "n_before": m.n_before, "n_after": m.n_after,
                "missing_before": m.missing_before, "missing_after": m.missing_after,
                "observational": True,
            }
        )
    return report


# ---------------------------------------------------------------------------------------------
# Status follows the data; invalidated or inconclusive opens a learning draft once


def target_status(current: str, m: ha.Measurement) -> str | None:
    """The status the data says a hypothesis should have, or None when the data cannot decide."""
    if current == HypothesisStatus.stopped or m.state == ha.NOT_LAUNCHED:
        return None
    if m.state == ha.MEASURING:
        return HypothesisStatus.shipped.value if m.n_after == 0 else HypothesisStatus.measuring.value
    if m.verdict in ha.MEASURED_VERDICTS:
        return m.verdict
    return HypothesisStatus.measuring.value  # window passed, data still missing


@dataclass
class SyncResult:
    """What a status sync changed."""

    changed: list[int] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)  # ids of learning drafts opened


def planned_changes(hyps: pd.DataFrame, results: dict[int, ha.Measurement]) -> list[tuple[int, str | None, bool]]:
    """What a sync would change: `(hypothesis id, new status or None, open a learning draft)`."""
    changes = []
    for h in hyps.to_dict("records"):
        hyp_id = int(h["id"])
        m = results.get(hyp_id)
        if m is None:
            continue
        status = target_status(h["status"], m)
        new = status if status is not None and status != h["status"] else None
        final = status or h["status"]
        opened = h.get("learning_opened_at")
        draft = final in (ha.INVALIDATED, ha.INCONCLUSIVE) and (opened is None or opened != opened)
        if new is not None or draft:
            changes.append((hyp_id, new, draft))
    return changes


def apply_changes(
    *, session: Session, hyps: pd.DataFrame, results: dict[int, ha.Measurement],
    changes: list[tuple[int, str | None, bool]], user: str, lang: str = "en",
) -> SyncResult:
    """Write the status changes and open the learning drafts from `planned_changes`."""
    out = SyncResult()
    if not changes:
        return out
    by_id = {int(h["id"]): h for h in hyps.to_dict("records")}
    # Claim the drafts first, in one conditional update each: two people opening the page at the same
    # time must not open the same draft twice.
    claimed = [hyp_id for hyp_id, _, draft in changes
               if draft and hyp_repo.claim_learning_draft(session=session, hypothesis_id=hyp_id)]
    linked: set[int] = set()
    if claimed:
        for ids in hyp_repo.learnings_frame(session=session)["hypothesis_ids"]:
            linked.update(ids)
    for hyp_id, status, _ in changes:
        if status is not None:
            hyp_repo.set_status(session=session, hypothesis_id=hyp_id, status=status, user=user)
            out.changed.append(hyp_id)
    for hyp_id in claimed:
        if hyp_id not in linked:  # a bet already linked to a learning needs no draft
            learning = hyp_repo.create_learning(
                session=session, data=learning_draft(by_id[hyp_id], results[hyp_id], lang),
                links={hyp_id: "supports"}, user=user,
            )
            out.drafts.append(learning.id)
    return out


def sync_statuses(*, session: Session, today: date, user: str, lang: str = "en") -> SyncResult:
    """Store the status the data decides, and open a learning draft once per failed or unclear bet."""
    hyps, results = _measure_from_session(session, today)
    changes = planned_changes(hyps, results)
    return apply_changes(session=session, hyps=hyps, results=results, changes=changes, user=user, lang=lang)


def learning_draft(h: dict, m: ha.Measurement, lang: str = "en") -> LearningCreate:
    """A draft learning for a failed or unclear bet: what we believed, what happened."""
    unit = h.get("metric_unit", "")
    happened = t(
        "learnings.draft.happened", lang, verdict=t(f"hypothesis_status.{m.verdict}", lang),
        metric=h["metric"], measured=format_change(m.measured_change, m.change_kind, unit, lang),
        low=format_change(m.ci_low, m.change_kind, unit, lang), high=format_change(m.ci_high, m.change_kind, unit, lang),
        expected=format_change(m.expected, m.change_kind, unit, lang),
    )
    title = t("learnings.draft.title", lang, statement=h["statement"])
    believed = h["statement"] + (f" — {h['reason']}" if h.get("reason") else "")
    return LearningCreate(
        title=title[:300], team_id=None if h["team_id"] != h["team_id"] else h["team_id"],
        believed=believed[:4000], happened=happened, next_time="", status="draft",
    )


# ---------------------------------------------------------------------------------------------
# Focus


def open_bets(hyps: pd.DataFrame, team_id: int | None) -> pd.DataFrame:
    """A team's open bets: planned, shipped or measuring."""
    statuses = [s.value for s in hyp_repo.OPEN_STATUSES]
    mask = hyps["status"].isin(statuses)
    if team_id is None:
        mask &= hyps["team_id"].isna()
    else:
        mask &= hyps["team_id"] == team_id
    return hyps[mask]


def needs_stop(hyps: pd.DataFrame, team_id: int | None, limit: int, exclude_id: int | None = None) -> bool:
    """True when one more open bet would take the team over its limit."""
    bets = open_bets(hyps, team_id)
    if exclude_id is not None:
        bets = bets[bets["id"] != exclude_id]
    return len(bets) + 1 > limit


def calibration_frame(hyps: pd.DataFrame, results: dict[int, ha.Measurement]) -> pd.DataFrame:
    """One row per measured hypothesis (stopped ones left out): team, verdict, changes relative to before."""
    rows = []
    for h in hyps.to_dict("records"):
        m = results.get(int(h["id"]))
        if m is None or not m.measured or h["status"] == HypothesisStatus.stopped:
            continue
        expected, measured, low, high = m.relative()
        if expected is None:
            continue
        rows.append({
            "id": int(h["id"]), "statement": h["statement"], "team": h["team"] or "—", "verdict": m.verdict,
            "expected_rel": expected, "measured_rel": measured, "low_rel": low, "high_rel": high,
        })
    return pd.DataFrame(rows, columns=["id", "statement", "team", "verdict", "expected_rel", "measured_rel",
                                       "low_rel", "high_rel"])
