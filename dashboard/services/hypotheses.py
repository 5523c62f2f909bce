"""Hypotheses: every hypothesis with its measurement, status sync from the data, learning drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from sqlmodel import Session

from dashboard.access import Actor
from dashboard.analysis import hypothesis as ha
from dashboard.analysis.series import SeriesStore
from dashboard.i18n import fmt_date, fmt_number, fmt_percent, get_language, label, t, t_plural
from dashboard.models import (
    MEASURED_VERDICTS,
    OPEN_HYPOTHESIS_STATUSES,
    HypothesisCreate,
    HypothesisRead,
    HypothesisStatus,
    HypothesisUpdate,
    LearningCreate,
    MeasurementState,
    Verdict,
)
from dashboard.repository import hypotheses as hyp_repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo
from dashboard.repository import outputs as output_repo

MARGIN_DAYS = 14  # read a little more history than the method needs (gaps, placebo)
SHARED_CREDIT_NAMED = 5  # outputs named in the "shared credit" warning; the rest are counted


def _missing(value) -> bool:
    return value is None or value != value


def _period_days(metric: dict | None) -> float:
    """Days between a metric's values (1 for daily data), from its first and last date and date count."""
    if not metric or _missing(metric.get("first")) or not metric.get("dates") or metric["dates"] < 2:
        return 1.0
    span = (pd.Timestamp(metric["last"]) - pd.Timestamp(metric["first"])).days
    return max(span / (int(metric["dates"]) - 1), 1.0)


def _reference(h: dict, shipped: pd.Series, today: date) -> date:
    dates = [shipped.get(int(i)) for i in h["output_ids"]]
    t0 = ha.release_date(dates)
    return today if t0 is None or t0 > today else t0


def value_ranges(hyps: pd.DataFrame, outputs: pd.DataFrame, metrics: pd.DataFrame, today: date
                 ) -> dict[int, tuple[date, date]]:
    """Per metric, the dates the measurements of `hyps` need (for one query)."""
    meta = {int(m["id"]): m for m in metrics.to_dict("records")} if not metrics.empty else {}
    shipped = outputs.set_index("id")["shipped_on"] if not outputs.empty else pd.Series(dtype=object)
    ranges: dict[int, tuple[date, date]] = {}
    for h in hyps.to_dict("records"):
        ref = _reference(h, shipped, today)
        ids = [int(h["metric_id"])] + [int(h[c]) for c in ("guardrail_metric_id", "control_metric_id")
                                       if not _missing(h.get(c))]
        for metric_id in ids:
            period = _period_days(meta.get(metric_id))
            window = int(h["window_days"]) if not _missing(h["window_days"]) else max(28, int(8 * period) + 1)
            history = max(ha.HISTORY_DAYS, int(16 * period) + 1, 2 * window)
            first = ref - timedelta(days=history + window + MARGIN_DAYS)
            last = max(ref, today) if ref == today else ref + timedelta(days=window)
            old = ranges.get(metric_id)
            ranges[metric_id] = (first, last) if old is None else (min(old[0], first), max(old[1], last))
    return ranges


def load_store(*, session: Session, hyps: pd.DataFrame, outputs: pd.DataFrame, metrics: pd.DataFrame,
               today: date) -> SeriesStore:
    """Every value the measurements of `hyps` need, read in one query."""
    ranges = value_ranges(hyps, outputs, metrics, today)
    return SeriesStore(metric_repo.values_frame(session=session, ranges=ranges))


class _CreditIndex:
    """Who could share a release's credit, prepared once for all hypotheses: outputs by team, by the metric of
    the bets they are linked to, and by key result (and the key results' metrics)."""

    def __init__(self, hyps: pd.DataFrame, outputs: pd.DataFrame, key_results: pd.DataFrame | None) -> None:
        self.rows: dict[int, tuple[str, int]] = {}  # output id -> key, ship date as an ordinal
        self.by_team: dict[int, set[int]] = {}
        self.by_metric: dict[int, set[int]] = {}
        self.by_kr: dict[int, set[int]] = {}
        hyp_metric = dict(zip(hyps["id"].astype(int), hyps["metric_id"].astype(int), strict=True))
        kr_metric: dict[int, int] = {}
        if key_results is not None and not key_results.empty:
            kr_metric = {int(k): int(m) for k, m in zip(key_results["id"], key_results["metric_id"], strict=True)
                         if not _missing(m)}
        if outputs.empty:
            return
        shipped = outputs[outputs["shipped_on"].notna()]
        for out_id, key, when, team, hyp_ids, kr_ids in zip(
            shipped["id"], shipped["key"], shipped["shipped_on"], shipped["team_id"], shipped["hypothesis_ids"],
            shipped["key_result_ids"], strict=True,
        ):
            out_id = int(out_id)
            self.rows[out_id] = (str(key), pd.Timestamp(when).date().toordinal())
            if not _missing(team):
                self.by_team.setdefault(int(team), set()).add(out_id)
            for hyp_id in hyp_ids or ():
                if int(hyp_id) in hyp_metric:
                    self.by_metric.setdefault(hyp_metric[int(hyp_id)], set()).add(out_id)
            for kr_id in kr_ids or ():
                self.by_kr.setdefault(int(kr_id), set()).add(out_id)
                if int(kr_id) in kr_metric:
                    self.by_metric.setdefault(kr_metric[int(kr_id)], set()).add(out_id)

    def sharers(self, h: dict, linked: list[int]) -> list[tuple[str, int, int]]:
        """`(key, shipped_on, priority)` of the outputs that can plausibly share the credit of `h`: the same
        team's (priority 0), or ones tied to a bet or key result on the same metric or to the same key result."""
        team = h.get("team_id")
        own = self.by_team.get(int(team), set()) if not _missing(team) else set()
        related = set(self.by_metric.get(int(h["metric_id"]), set()))
        kr = h.get("key_result_id")
        if not _missing(kr):
            related |= self.by_kr.get(int(kr), set())
        chosen = (own | related) - set(linked)
        return [(*self.rows[i], 0 if i in own else 1) for i in chosen]


def _control(h: dict, store: SeriesStore, meta: dict[int, dict]) -> tuple[ha.Series | None, str]:
    """The hypothesis's control series and its label, or (None, "") when it names none."""
    control_metric = h.get("control_metric_id")
    if not _missing(control_metric) and int(control_metric) in meta:
        other = meta[int(control_metric)]
        return store.get(int(control_metric), "", other.get("aggregation", "mean")), str(other["name"])
    segments = [s.strip() for s in str(h.get("control_segments") or "").split(",") if s.strip()]
    if segments:
        rule = h.get("metric_aggregation") or "mean"
        return store.rolled_up(int(h["metric_id"]), segments, rule), ", ".join(segments)
    return None, ""


def measure_all(
    hyps: pd.DataFrame, outputs: pd.DataFrame, metrics: pd.DataFrame, store: SeriesStore, today: date,
    key_results: pd.DataFrame | None = None, *, with_path: bool = False, only: int | None = None,
) -> dict[int, ha.Measurement]:
    """Measure every hypothesis in `hyps` (rows of `hypotheses_frame`), or only the one with id `only`.

    `outputs`: `outputs_frame`; `metrics`: `metric_summary`; `store`: the values (`load_store`);
    `key_results`: `key_results_frame` (for outputs tied to a key result on the same metric).
    """
    meta = {int(m["id"]): m for m in metrics.to_dict("records")} if not metrics.empty else {}
    shipped = dict(zip(outputs["id"].astype(int), outputs["shipped_on"], strict=True)) if not outputs.empty else {}
    credit = _CreditIndex(hyps, outputs, key_results)
    result: dict[int, ha.Measurement] = {}
    for h in hyps.to_dict("records"):
        if only is not None and int(h["id"]) != only:
            continue
        linked = [int(i) for i in h["output_ids"]]
        metric_id = int(h["metric_id"])
        others = credit.sharers(h, linked)
        guard_id = h["guardrail_metric_id"]
        guard_values = guard_dir = None
        guard_name = ""
        if not _missing(guard_id) and int(guard_id) in meta:
            guard = meta[int(guard_id)]
            guard_values = store.get(int(guard_id), "", guard.get("aggregation", "mean"))
            guard_dir, guard_name = guard["direction"], guard["name"]
        control, control_label = _control(h, store, meta)
        window = None if _missing(h["window_days"]) else int(h["window_days"])
        result[int(h["id"])] = ha.measure_hypothesis(
            store.get(metric_id, h["segment"] or "", h.get("metric_aggregation") or "mean"),
            change_kind=h["change_kind"], expected=float(h["expected_change"]), window_days=window,
            shipped_on=[shipped.get(i) for i in linked], today=today, other_outputs=others,
            guardrail_values=guard_values, guardrail_direction=guard_dir, guardrail_name=guard_name,
            control_values=control, control_label=control_label, with_path=with_path,
        )
    return result


def measure_from_session(session: Session, today: date, *, with_path: bool = False, only: int | None = None
                         ) -> tuple[pd.DataFrame, dict[int, ha.Measurement]]:
    """Read what the measurement needs (values in one query) and measure every hypothesis."""
    hyps = hyp_repo.hypotheses_frame(session=session)
    outputs = output_repo.outputs_frame(session=session)
    metrics = metric_repo.metric_summary(session=session, latest=False)
    key_results = okr_repo.key_results_frame(session=session)
    chosen = hyps if only is None else hyps[hyps["id"] == only]
    store = load_store(session=session, hyps=chosen, outputs=outputs, metrics=metrics, today=today)
    results = measure_all(hyps, outputs, metrics, store, today, key_results, with_path=with_path, only=only)
    return live_statuses(hyps, results), results



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
        return f"{number} pp" if lang != "de" else f"{number} PP"  # no abbreviation dot before a full stop
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


def warning_texts(m: ha.Measurement, unit: str = "", lang: str | None = None, *, checks: bool = True,
                  skip: tuple[str, ...] = ()) -> list[str]:
    """Every warning (and, with `checks`, every check) of a measurement as a sentence in `lang`, leaving out
    the warning codes in `skip`."""
    texts = []
    if m.verdict == Verdict.insufficient_data:
        texts.append(insufficient_text(m, lang))
    if checks:
        texts += [text for _, text in check_items(m, unit, lang)]
    for w in m.warnings:
        if w.code in skip:
            continue
        v = w.values
        if w.code == "other_outputs":
            keys = v["keys"]
            named = SHARED_CREDIT_NAMED
            shown = ", ".join(keys[:named]) + (t("hypotheses.more", lang, count=len(keys) - named)
                                               if len(keys) > named else "")
            texts.append(t("hypotheses.warning.other_outputs", lang, count=v["count"], keys=shown, days=m.window_days))
        elif w.code == "guardrail":
            texts.append(t("hypotheses.warning.guardrail", lang, metric=v["metric"],
                           change=fmt_percent(v["change"], 1, lang, sign=True),
                           low=fmt_percent(v["low"], 1, lang, sign=True), high=fmt_percent(v["high"], 1, lang, sign=True)))
        elif w.code == "not_detectable":
            texts.append(not_detectable_text(v["mde"], v["change_kind"], v["window_days"], v["suggested_window"],
                                             unit, lang, too_few=v.get("too_few_values", False),
                                             per_window=v.get("values_per_window")))
        elif w.code == "relative_not_meaningful":
            texts.append(t("hypotheses.warning.relative_not_meaningful", lang))
        elif w.code == "window_too_short":
            texts.append(t("hypotheses.warning.window_too_short", lang, days=v["window_days"],
                           period=fmt_number(v["period"], 0, lang), suggested=v["suggested"], need=ha.MIN_VALUES))
    return texts


def check_items(m: ha.Measurement, unit: str = "", lang: str | None = None) -> list[tuple[bool, str]]:
    """The checks of a measurement in plain words, `(held the verdict back, text)`, held-back ones first."""
    texts: list[tuple[bool, str]] = []
    for c in m.checks:
        v = c.values
        change = (lambda x: format_change(x, m.change_kind, unit, lang))  # noqa: E731
        if c.code == "placebo":
            text = t("hypotheses.check.placebo", lang, date=fmt_date(v["date"], lang), change=change(v["change"]),
                     low=change(v["low"]), high=change(v["high"]))
        elif c.code == "spike":
            dates = ", ".join(fmt_date(d, lang) for d in v["dates"])
            key = "hypotheses.check.spike_held" if c.held_back else "hypotheses.check.spike"
            text = t(key, lang, dates=dates, whole=change(v["change"]), without=change(m.measured_change))
        elif c.code == "autocorrelation":
            text = t("hypotheses.check.autocorrelation", lang, phi=fmt_number(v["phi"], 2, lang),
                     days=m.window_days, effective=fmt_number(v["effective"], 0, lang))
        elif c.code == "short_history":
            text = t("hypotheses.check.short_history", lang, days=v["days"], default=v["default"])
        elif c.code == "no_placebo":
            text = t("hypotheses.check.no_placebo", lang, date=fmt_date(v["date"], lang))
        elif c.code == "ramp":
            text = t("hypotheses.check.ramp", lang, change=change(v["change"]), low=change(v["low"]),
                     high=change(v["high"]))
        else:
            continue
        texts.append((c.held_back, text))
    return sorted(texts, key=lambda x: not x[0])


def method_text(m: ha.Measurement, control_is_metric: bool = False, lang: str | None = None) -> str:
    """Which method and which control measured the bet, and over which windows."""
    weekday = t("hypotheses.method.weekday", lang) if m.window_days and _daily(m) else ""
    note = t("hypotheses.method.window_auto" if m.window_auto else "hypotheses.method.window_set", lang)
    if m.method == ha.METHOD_CONTROL:
        key = "hypotheses.method.control_metric" if control_is_metric else "hypotheses.method.control_segments"
        control = t(key, lang, name=m.control, names=m.control)
        return t("hypotheses.method.control", lang, control=control, history=m.history_days, weekday=weekday,
                 window=m.window_days, window_note=note)
    return t("hypotheses.method.trend", lang, history=m.history_days, weekday=weekday, window=m.window_days,
             window_note=note)


def _daily(m: ha.Measurement) -> bool:
    return m.path is None or len(m.path.dates) < 2 or (m.path.dates[1] - m.path.dates[0]).days <= 1


def insufficient_text(m: ha.Measurement, lang: str | None = None) -> str:
    """`insufficient data`: how many values are missing on which side."""
    parts = []
    if m.missing_before:
        parts.append(t_plural("hypotheses.missing_before", m.missing_before, lang))
    if m.missing_after:
        parts.append(t_plural("hypotheses.missing_after", m.missing_after, lang))
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
    if m.state == MeasurementState.not_launched:
        if m.t0 is not None:
            return t("hypotheses.state.scheduled", lang, date=fmt_date(m.t0, lang))
        return t("hypotheses.state.not_launched", lang)
    if m.state == MeasurementState.measuring:
        return t_plural("hypotheses.state.measuring", m.n_after, lang, date=fmt_date(m.after_end, lang))
    return ""


# ---------------------------------------------------------------------------------------------
# Report (command line)


def hypothesis_report(*, session: Session, today: date) -> list[dict]:
    """`id`, `statement`, `metric`, `expected_change`, `measured_change`, `ci_low`, `ci_high`, `verdict`, `warnings`,
    and how it was measured (`method`, `control`, `window_days`, `checks`, `late_change`, ...)."""
    hyps, results = measure_from_session(session, today)
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
                "segment": h["segment"] or None, "window_days": m.window_days, "window_auto": m.window_auto,
                "history_days": m.history_days, "method": m.method, "control": m.control or None,
                "t0": m.t0, "counterfactual_mean": m.counterfactual_mean, "mean_before": m.mean_before,
                "mean_after": m.mean_after, "n_before": m.n_before, "n_after": m.n_after,
                "missing_before": m.missing_before, "missing_after": m.missing_after,
                "late_change": m.late_change, "late_low": m.late_low, "late_high": m.late_high,
                "raw_verdict": m.raw_verdict, "held_back": m.held_back,
                "checks": [c.code for c in m.checks], "observational": True,
            }
        )
    return report


# ---------------------------------------------------------------------------------------------
# Status follows the data; invalidated or inconclusive opens a learning draft once


def target_status(current: str, m: ha.Measurement) -> str | None:
    """The status the data says a hypothesis should have, or None when the data cannot decide."""
    if current == HypothesisStatus.stopped or m.state == MeasurementState.not_launched:
        return None
    if m.state == MeasurementState.measuring:
        return HypothesisStatus.shipped.value if m.n_after == 0 else HypothesisStatus.measuring.value
    if m.verdict in MEASURED_VERDICTS:
        return m.verdict
    return HypothesisStatus.measuring.value  # window passed, data still missing


def live_statuses(hyps: pd.DataFrame, results: dict[int, ha.Measurement]) -> pd.DataFrame:
    """`hyps` with `status` as the data decides it today (a verdict, `measuring`, `shipped`, or the status
    set by hand) and `stored_status` as stored. Every reader sees the same status whoever opened which
    page; nothing is written when it is read."""
    out = hyps.copy()
    out["stored_status"] = out["status"]
    out["status"] = [
        (target_status(status, results[hyp_id]) or status) if hyp_id in results else status
        for hyp_id, status in zip(out["id"].astype(int), out["status"], strict=True)
    ]
    return out


def learning_candidates(hyps: pd.DataFrame, linked: set[int]) -> list[int]:
    """Bets that failed or stayed unclear (status as the data decides it) and have no learning yet:
    none linked and no draft opened for them before."""
    if hyps.empty:
        return []
    failed = hyps["status"].isin([HypothesisStatus.invalidated.value, HypothesisStatus.inconclusive.value])
    fresh = hyps["learning_opened_at"].isna() if "learning_opened_at" in hyps else True
    return [int(i) for i in hyps.loc[failed & fresh, "id"] if int(i) not in linked]


def open_learning_drafts(*, session: Session, hyps: pd.DataFrame, results: dict[int, ha.Measurement],
                         ids: list[int], user: Actor | str, lang: str = "en") -> list[int]:
    """Open one learning draft per bet in `ids` (what we believed, what happened); a bet gets a draft
    once, also when two people ask at the same time. Returns the new learnings' ids."""
    by_id = {int(h["id"]): h for h in hyps.to_dict("records")}
    # Claim first, in one conditional update each: two people clicking at once must not open two drafts.
    claimed = [i for i in ids if i in by_id and hyp_repo.claim_learning_draft(session=session, hypothesis_id=i)]
    linked: set[int] = set()
    if claimed:
        for linked_ids in hyp_repo.learnings_frame(session=session)["hypothesis_ids"]:
            linked.update(linked_ids)
    drafts = []
    for hyp_id in claimed:
        if hyp_id not in linked:  # a bet already linked to a learning needs no draft
            learning = hyp_repo.create_learning(
                session=session, data=learning_draft(by_id[hyp_id], results[hyp_id], lang),
                links={hyp_id: "supports"}, user=user,
            )
            drafts.append(learning.id)
    return drafts


def current_verdicts(hyps: pd.DataFrame, results: dict[int, ha.Measurement]) -> dict[int, str]:
    """Each hypothesis' status as the data says now (never an older stored one): a verdict,
    `insufficient data`, `measuring`, or the status set by hand before a release."""
    out: dict[int, str] = {}
    for h in hyps.itertuples():
        m = results.get(h.id)
        if m is not None and m.verdict == Verdict.insufficient_data:
            out[h.id] = Verdict.insufficient_data
            continue
        status = target_status(h.status, m) if m is not None else None
        out[h.id] = "measuring" if status == "shipped" else (status or h.status)
    return out


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
        stored = h.get("stored_status", h["status"])
        status = target_status(stored, m)
        new = status if status is not None and status != stored else None
        final = status or stored
        opened = h.get("learning_opened_at")
        draft = final in (Verdict.invalidated, Verdict.inconclusive) and (opened is None or opened != opened)
        if new is not None or draft:
            changes.append((hyp_id, new, draft))
    return changes


def apply_changes(
    *, session: Session, hyps: pd.DataFrame, results: dict[int, ha.Measurement],
    changes: list[tuple[int, str | None, bool]], user: Actor | str, lang: str = "en",
) -> SyncResult:
    """Write the status changes and open the learning drafts from `planned_changes`."""
    out = SyncResult()
    if not changes:
        return out
    for hyp_id, status, _ in changes:
        if status is not None:
            hyp_repo.set_status(session=session, hypothesis_id=hyp_id, status=status, user=user)
            out.changed.append(hyp_id)
    out.drafts = open_learning_drafts(session=session, hyps=hyps, results=results,
                                      ids=[hyp_id for hyp_id, _, draft in changes if draft], user=user, lang=lang)
    return out


def sync_statuses(*, session: Session, today: date, user: Actor | str, lang: str = "en") -> SyncResult:
    """Store the status the data decides, and open a learning draft once per failed or unclear bet
    (`python -m dashboard hypotheses --sync`, e.g. from a nightly job; pages only read)."""
    hyps, results = measure_from_session(session, today)
    changes = planned_changes(hyps, results)
    return apply_changes(session=session, hyps=hyps, results=results, changes=changes, user=user, lang=lang)


def learning_draft(h: dict, m: ha.Measurement, lang: str = "en") -> LearningCreate:
    """A draft learning for a failed or unclear bet: what we believed, what happened."""
    unit = h.get("metric_unit", "")
    happened = t(
        "learnings.draft.happened", lang, verdict=label(Verdict, m.verdict, lang),
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
    statuses = [s.value for s in OPEN_HYPOTHESIS_STATUSES]
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


def save_hypothesis(*, session: Session, data: HypothesisCreate, hypothesis_id: int | None = None,
                    output_ids: list[int], stop: tuple[int, str] | None = None, user: Actor | str) -> HypothesisRead:
    """Create a hypothesis (`hypothesis_id` None) or change one; `stop` = (id, reason) first stops another
    open bet of the team to stay within its focus limit, in the same transaction."""
    if stop is not None:
        hyp_repo.stop_hypothesis(session=session, hypothesis_id=stop[0], reason=stop[1], user=user)
    if hypothesis_id is None:
        return hyp_repo.create_hypothesis(session=session, data=data, output_ids=output_ids, user=user)
    changes = HypothesisUpdate(**data.model_dump(exclude={"status", "stop_reason", "learning"}))
    return hyp_repo.update_hypothesis(session=session, hypothesis_id=hypothesis_id, data=changes,
                                      output_ids=output_ids, user=user)


def plan_hypothesis(*, session: Session, hypothesis_id: int, stop: tuple[int, str] | None, user: Actor | str) -> None:
    """Set a bet to planned; `stop` = (id, reason) first stops another open bet to make room."""
    if stop is not None:
        hyp_repo.stop_hypothesis(session=session, hypothesis_id=stop[0], reason=stop[1], user=user)
    hyp_repo.set_status(session=session, hypothesis_id=hypothesis_id, status=HypothesisStatus.planned, user=user)


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
