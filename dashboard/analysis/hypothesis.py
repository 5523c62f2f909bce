"""Measuring a hypothesis: before/after windows around the release, Welch interval, verdict, warnings.

Pure pandas/scipy. The method follows the product spec ("Measuring a hypothesis"):

- `t0` is the latest `shipped_on` of the linked outputs; before = `[t0 - w, t0)`, after = `(t0, t0 + w]`.
- At least `MIN_VALUES` values on each side, else `insufficient data` (with how many are missing).
- Relative change `mean(after) / mean(before) - 1` for a relative expectation, the difference of means
  for an absolute (`pp` or plain) one.
- Daily data with a weekly pattern: both sides keep equal numbers of each weekday (the ones closest to
  the release), and the weekday effect is taken out of the spread so that it does not blur the interval.
- 95 % Welch interval on the difference of means, scaled by `mean(before)` for relative changes.
- Verdict rules for an expected increase, mirrored for an expected decrease.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.importers.values import parse_typed_number

MIN_VALUES = 7
CONFIDENCE = 0.95
POWER = 0.80  # detectability: the effect size a before/after comparison finds 4 times out of 5
WEEKLY_PATTERN_P = 0.01
MAX_WINDOW = 365
MIN_WINDOW = 7

VALIDATED = "validated"
PARTIAL = "partial"
INVALIDATED = "invalidated"
INCONCLUSIVE = "inconclusive"
INSUFFICIENT = "insufficient data"
VERDICTS = (VALIDATED, PARTIAL, INVALIDATED, INCONCLUSIVE, INSUFFICIENT)
MEASURED_VERDICTS = (VALIDATED, PARTIAL, INVALIDATED, INCONCLUSIVE)

NOT_LAUNCHED = "not_launched"
MEASURING = "measuring"
MEASURED = "measured"


def _stats():
    """scipy.stats, imported on first use (it takes longer to import than the rest of the app's core)."""
    from scipy import stats

    return stats


@dataclass(frozen=True)
class HypothesisWarning:
    """A warning attached to a measurement: a message code plus the values the message needs."""

    code: str  # other_outputs | guardrail | not_detectable | zero_baseline
    values: dict = field(default_factory=dict)


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


@dataclass(frozen=True)
class Detectability:
    """What the metric's own noise lets a before/after comparison detect in a window."""

    mde: float | None  # minimum detectable effect, in the expectation's terms (fraction or units)
    detectable: bool | None
    suggested_window: int | None  # days; None when not detectable within a year (or no history)
    window_days: int
    noise_sd: float | None
    values_per_window: float | None
    too_few_values: bool = False  # the window holds fewer than 7 values per side at this data frequency


@dataclass(frozen=True)
class Measurement:
    """The result of measuring one hypothesis."""

    state: str  # not_launched | measuring | measured
    verdict: str | None
    change_kind: str
    expected: float
    window_days: int
    t0: date | None = None
    before_start: date | None = None
    before_end: date | None = None  # last day of the before window (t0 - 1)
    after_start: date | None = None  # first day of the after window (t0 + 1)
    after_end: date | None = None  # t0 + w: the day the result is due
    n_before: int = 0
    n_after: int = 0
    missing_before: int = 0
    missing_after: int = 0
    mean_before: float | None = None
    mean_after: float | None = None
    measured_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    weekday_balanced: bool = False
    warnings: tuple[HypothesisWarning, ...] = ()
    detectability: Detectability | None = None

    @property
    def measured(self) -> bool:
        """True when the verdict comes from a full comparison (not insufficient data)."""
        return self.verdict in MEASURED_VERDICTS

    def relative(self) -> tuple[float | None, float | None, float | None, float | None]:
        """Expected, measured, low and high as fractions of `mean(before)` (for calibration)."""
        if self.change_kind == "relative":
            return self.expected, self.measured_change, self.ci_low, self.ci_high
        base = self.mean_before
        if not base:
            return None, None, None, None
        scale = abs(base)

        def rel(v: float | None) -> float | None:
            return None if v is None else v / scale

        return self.expected / scale, rel(self.measured_change), rel(self.ci_low), rel(self.ci_high)


# ---------------------------------------------------------------------------------------------
# Verdict


def verdict_for(low: float, high: float, expected: float) -> str:
    """The verdict for an interval `[low, high]` on the change against the expected change."""
    if expected < 0:  # mirror an expected decrease onto an increase
        low, high, expected = -high, -low, -expected
    if low > 0:
        return VALIDATED if high >= expected else PARTIAL
    if high >= expected:
        return INCONCLUSIVE
    return INVALIDATED


def release_date(shipped_on: list[date | None]) -> date | None:
    """`t0`: the latest ship date of the linked outputs; None while any of them has not shipped."""
    dates = list(shipped_on)
    if not dates or any(d is None or d != d for d in dates):
        return None
    return max(pd.Timestamp(d).date() for d in dates)


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


# ---------------------------------------------------------------------------------------------
# Detectability before launch


def detectability(
    values: pd.DataFrame, *, change_kind: str, expected: float, window_days: int, reference: date
) -> Detectability:
    """Minimum detectable effect of a before/after comparison over `window_days`, from the history up to
    `reference`, and the shortest window (whole weeks) in which `expected` would be detectable."""
    frame = _clean(values)
    end = pd.Timestamp(reference)
    span = max(4 * window_days, 56)
    history = frame[(frame["date"] < end) & (frame["date"] >= end - pd.Timedelta(days=span))]
    empty = Detectability(None, None, None, window_days, None, None)
    if len(history) < 2 * MIN_VALUES:
        return empty
    # Chunks of `window_days` ending at the reference date: the spread within a chunk is what a window sees.
    chunk = ((end - history["date"]).dt.days - 1) // window_days
    history = history.assign(chunk=chunk.to_numpy())
    groups = [g for _, g in history.groupby("chunk") if len(g) >= 3]
    if not groups:
        return empty
    weekly = _is_daily(history["date"]) and _has_weekly_pattern(groups)
    residuals = pd.concat([g.assign(r=g["value"] - g["value"].mean()) for g in groups])
    params = len(groups)
    if weekly:
        wd = residuals["date"].dt.day_of_week
        residuals["r"] = residuals["r"] - residuals.groupby(wd)["r"].transform("mean")
        params += wd.nunique() - 1
    dof = len(residuals) - params
    if dof < 2:
        return empty
    sd = math.sqrt(float((residuals["r"] ** 2).sum()) / dof)
    days_covered = (history["date"].max() - history["date"].min()).days + 1
    density = len(history) / max(days_covered, 1)
    per_window = density * window_days
    level = float(groups[0]["value"].mean()) if change_kind == "relative" else 1.0
    level = abs(level)
    if level == 0:
        return empty
    z = float(_stats().norm.ppf(0.5 + CONFIDENCE / 2) + _stats().norm.ppf(POWER))
    mde = z * sd * math.sqrt(2 / max(per_window, 1e-9)) / level
    too_few = per_window < MIN_VALUES
    detectable = abs(expected) >= mde and not too_few
    # Shortest window (whole weeks) that detects the expected change and holds 7 values per side.
    needed = MIN_VALUES / density
    if sd > 0:
        needed = max(needed, 2 * (z * sd / (abs(expected) * level)) ** 2 / density)
    suggested: int | None = max(MIN_WINDOW, int(math.ceil(needed / 7.0 - 1e-9)) * 7)
    if suggested > MAX_WINDOW:
        suggested = None
    return Detectability(mde, detectable, suggested, window_days, sd, per_window, too_few)


# ---------------------------------------------------------------------------------------------
# The whole measurement


def measure_hypothesis(
    values: pd.DataFrame,
    *,
    change_kind: str,
    expected: float,
    window_days: int,
    shipped_on: list[date | None],
    today: date,
    other_outputs: pd.DataFrame | None = None,
    guardrail_values: pd.DataFrame | None = None,
    guardrail_direction: str | None = None,
    guardrail_name: str = "",
) -> Measurement:
    """Measure one hypothesis.

    `values`: the metric's `date`/`value` rows (one segment). `shipped_on`: ship dates of the linked
    outputs. `other_outputs`: `key`, `shipped_on` of every other output (for the shared-credit warning).
    `guardrail_values`/`guardrail_direction`: the guardrail metric, if any.
    """
    base = {"change_kind": change_kind, "expected": expected, "window_days": window_days}
    t0 = release_date(shipped_on)
    if t0 is None or t0 > today:
        det = detectability(values, change_kind=change_kind, expected=expected, window_days=window_days,
                            reference=today if t0 is None else min(t0, today))
        warnings: tuple[HypothesisWarning, ...] = ()
        if det.detectable is False:
            warnings = (HypothesisWarning("not_detectable", {
                "mde": det.mde, "suggested_window": det.suggested_window, "window_days": window_days,
                "change_kind": change_kind, "too_few_values": det.too_few_values,
                "values_per_window": det.values_per_window,
            }),)
        return Measurement(state=NOT_LAUNCHED, verdict=None, t0=t0, warnings=warnings, detectability=det, **base)

    w = timedelta(days=window_days)
    bounds = {
        "t0": t0, "before_start": t0 - w, "before_end": t0 - timedelta(days=1),
        "after_start": t0 + timedelta(days=1), "after_end": t0 + w,
    }
    relative = change_kind == "relative"
    window = compare_windows(values, t0, window_days, relative=relative)
    counts = {
        "n_before": window.n_before, "n_after": window.n_after,
        "mean_before": window.mean_before, "mean_after": window.mean_after,
    }
    warnings_list = _shared_credit(other_outputs, t0, window_days)
    if today <= t0 + w:
        # The after window is still running: no verdict before it has passed.
        return Measurement(state=MEASURING, verdict=None, warnings=tuple(warnings_list), **base, **bounds, **counts)

    if window.n_before < MIN_VALUES or window.n_after < MIN_VALUES:
        return Measurement(
            state=MEASURED, verdict=INSUFFICIENT, weekday_balanced=window.weekday_balanced,
            missing_before=max(0, MIN_VALUES - window.n_before), missing_after=max(0, MIN_VALUES - window.n_after),
            warnings=tuple(warnings_list), **base, **bounds, **counts,
        )
    if window.change is None:  # relative change against a zero baseline
        warnings_list.append(HypothesisWarning("zero_baseline", {}))
        return Measurement(state=MEASURED, verdict=None, warnings=tuple(warnings_list), **base, **bounds, **counts)

    guard = _guardrail_warning(guardrail_values, guardrail_direction, guardrail_name, t0, window_days)
    if guard is not None:
        warnings_list.append(guard)
    return Measurement(
        state=MEASURED,
        verdict=verdict_for(window.ci_low, window.ci_high, expected),
        measured_change=window.change, ci_low=window.ci_low, ci_high=window.ci_high,
        weekday_balanced=window.weekday_balanced, warnings=tuple(warnings_list),
        **base, **bounds, **counts,
    )


def _shared_credit(other_outputs: pd.DataFrame | None, t0: date, window_days: int) -> list[HypothesisWarning]:
    """Other outputs shipped within `[t0 - w, t0 + w]`: they may share the credit."""
    if other_outputs is None or other_outputs.empty:
        return []
    shipped = pd.to_datetime(other_outputs["shipped_on"], errors="coerce")
    lo, hi = pd.Timestamp(t0 - timedelta(days=window_days)), pd.Timestamp(t0 + timedelta(days=window_days))
    inside = other_outputs.assign(_distance=(shipped - pd.Timestamp(t0)).abs())[(shipped >= lo) & (shipped <= hi)]
    if inside.empty:
        return []
    # Optional `priority` (lower first, e.g. the same team's outputs), then the closest to the release.
    order = [c for c in ("priority", "_distance", "key") if c in inside.columns]
    keys = [str(k) for k in inside.sort_values(order)["key"]]
    return [HypothesisWarning("other_outputs", {"count": len(keys), "keys": keys})]


def _guardrail_warning(
    values: pd.DataFrame | None, direction: str | None, name: str, t0: date, window_days: int
) -> HypothesisWarning | None:
    """A warning when the guardrail's interval lies wholly on the wrong side of zero."""
    if values is None or direction not in ("up", "down"):
        return None
    g = compare_windows(values, t0, window_days, relative=True)
    if g.change is None:
        return None
    wrong = g.ci_high < 0 if direction == "up" else g.ci_low > 0
    if not wrong:
        return None
    return HypothesisWarning("guardrail", {"metric": name, "change": g.change, "low": g.ci_low, "high": g.ci_high})


# ---------------------------------------------------------------------------------------------
# Calibration


def hit_rate(verdicts: list[str | None]) -> float | None:
    """(validated + partial) / measured; None when nothing was measured."""
    measured = [v for v in verdicts if v in MEASURED_VERDICTS]
    if not measured:
        return None
    return sum(v in (VALIDATED, PARTIAL) for v in measured) / len(measured)


CALIBRATION_COLUMNS = ["team", "measured", "validated", "partial", "invalidated", "inconclusive", "hit_rate",
                       "delivered"]


def calibration(results: pd.DataFrame) -> pd.DataFrame:
    """Per team: counts by verdict, hit rate, and the median share of the promised effect delivered.

    `results`: `team`, `verdict`, `expected_rel`, `measured_rel` (one row per hypothesis).
    """
    rows = []
    if results.empty:
        return pd.DataFrame(columns=CALIBRATION_COLUMNS)
    measured = results[results["verdict"].isin(MEASURED_VERDICTS)]
    for team, grp in measured.groupby("team", sort=True):
        ratio = (grp["measured_rel"] / grp["expected_rel"]).replace([np.inf, -np.inf], np.nan).dropna()
        rows.append({
            "team": team, "measured": len(grp),
            **{v: int((grp["verdict"] == v).sum()) for v in MEASURED_VERDICTS},
            "hit_rate": hit_rate(grp["verdict"].tolist()),
            "delivered": float(ratio.median()) if len(ratio) else None,
        })
    return pd.DataFrame(rows, columns=CALIBRATION_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Expected change as typed: `+15%`, `-2pp`, `+300`, `+15 %`, `-2,5pp`


class ExpectedChangeError(ValueError):
    """The expected change cannot be read; `code` names the message to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_PP = r"pp\.?|p\.\s?p\.|%\s?p|prozentpunkte?|percentage\s+points?|pkt\.?|punkte?|%-?punkte?"
_EXPECTED_RE = re.compile(
    rf"^(?P<sign>[+\-\u2212\u2013])?\s*(?P<num>[0-9][0-9.,'\u00a0\u202f ]*[0-9]|[0-9])?\s*"
    rf"(?P<unit>{_PP}|%)?$",
    re.IGNORECASE,
)


def parse_number(text: str, lang: str = "en") -> float:
    """A number in English (`1,234.5`) or German (`1.234,5`) notation; `2,5` is 2.5 in both."""
    try:
        value = parse_typed_number(re.sub(r"['\u00a0\u202f]", "", text), lang)
    except ValueError as exc:
        raise ExpectedChangeError("not_number") from exc
    if value is None:
        raise ExpectedChangeError("not_number")
    return value


def parse_expected_change(text: str, *, unit: str = "", lang: str = "en") -> tuple[str, float]:
    """`(change_kind, value)` from what a user typed: `+15%` -> ("relative", 0.15), `-2pp` -> ("pp", -2.0),
    `+300` -> ("absolute", 300.0). Without a sign the change counts as an increase; the metric's unit
    (e.g. `€`) may follow the number."""
    raw = (text or "").strip()
    if not raw:
        raise ExpectedChangeError("empty")
    metric_unit = (unit or "").strip()
    if metric_unit and metric_unit not in ("%", "count") and raw.lower().endswith(metric_unit.lower()):
        raw = raw[: -len(metric_unit)].strip()
    for currency in ("€", "$", "£"):  # a currency sign may stand before the number too
        raw = raw.replace(currency, "").strip() if currency == metric_unit else raw
    match = _EXPECTED_RE.match(raw)
    if not match or not match.group("num"):
        raise ExpectedChangeError("not_number")
    number = parse_number(match.group("num"), lang)
    if match.group("sign") and match.group("sign") != "+":
        number = -number
    if number == 0:
        raise ExpectedChangeError("zero")
    suffix = (match.group("unit") or "").lower()
    if suffix == "%":
        return "relative", number / 100
    if suffix:
        if metric_unit and metric_unit != "%":
            raise ExpectedChangeError("pp_needs_percent")
        return "pp", number
    return "absolute", number


def has_sign(text: str) -> bool:
    """True when the typed expected change starts with an explicit sign."""
    return bool(re.match(r"^\s*[+\-\u2212\u2013]", text or ""))
