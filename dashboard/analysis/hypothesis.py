"""Measuring a hypothesis against a counterfactual: what the metric would have done without the release.

Pure numpy (scipy for two quantiles). The method follows the product spec ("Measuring a hypothesis"):

- `t0` is the latest `shipped_on` of the linked outputs; the after window is `(t0, t0 + w]`, the history
  the `history` days before `t0` (default 8 weeks for daily data, at least 4 weeks).
- **Counterfactual.** A regression on the history (level, linear trend and, for daily data, the weekday
  pattern; in log space for a relative expectation so that growth is multiplicative) is extrapolated over
  the after window. With a control (segments that did not get the release, or another metric), the model
  is fitted to the metric's ratio to the control (its difference for an absolute expectation), so the
  counterfactual follows the control's movement over the same days.
- **Measured change.** Relative: `sum(actual) / sum(counterfactual) - 1`; absolute: the difference of means.
- **Interval.** Day-to-day carry-over is modelled as AR(1) on the residuals (lag-1 correlation corrected
  for its small-sample bias), and the variance of the estimate counts both the noise of the after window
  and the error of the extrapolated fit, including their correlation across `t0`. The 95 % interval uses
  a t quantile; `bench/measurement_bench.py` checks its coverage by simulation.
- **Checks that hold a verdict back** (the verdict becomes `inconclusive`, the raw one is kept): a placebo
  run of the same method at `t0 - w`, where nothing shipped, that finds an effect; a short spike inside the
  after window without which the verdict would differ; autocorrelation too strong for the window.
- An effect that ramps in: the change over the last two weeks is reported as well, and a `partial` over
  the window whose last two weeks reach the promise is `validated`.
- Relative changes are never taken against a counterfactual mean at or below zero, or one smaller than
  the metric's own noise: no verdict, and a note suggesting an absolute expectation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.models import HIT_VERDICTS, MEASURED_VERDICTS, MeasurementState, Verdict
from dashboard.parsing import ExpectedChangeError as ExpectedChangeError  # the forms and exports use them from here
from dashboard.parsing import has_sign as has_sign
from dashboard.parsing import parse_expected_change as parse_expected_change

MIN_VALUES = 7  # values needed in the after window
CONFIDENCE = 0.95
POWER = 0.80  # detectability: the effect size the method finds 4 times out of 5
MAX_WINDOW = 365
MIN_WINDOW = 7
HISTORY_DAYS = 56  # default history for daily data (8 weeks)
MIN_HISTORY_DAYS = 28  # at least 4 weeks
MIN_HISTORY_VALUES_DAILY = 20
MIN_HISTORY_VALUES = 8  # weekly or monthly data
LATE_DAYS = 14  # the "last two weeks" of the after window, for effects that ramp in
SPIKE_Z = 5.0  # a day this many noise sds away from its local level in the after window is a spike
SPIKE_MAX_DAYS = 5  # more such days than this are a shift, not a spike
SPIKE_LOCAL = 11  # days of the local level (a centred median) a spike is measured against: 5 spike days at most
PLACEBO_SHARE = 1 / 3  # a placebo "effect" of at least this share of the promise holds the verdict back
MIN_EFFECTIVE_VALUES = 6  # fewer independent values than this in the after window: cannot tell
STRONG_PHI = 0.5  # ... when the carry-over is at least this strong (short windows of weekly data are not held back
# for a lag-1 correlation their few values cannot estimate)
MAX_PHI = 0.95
SUGGESTED_WEEKS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 52)  # windows tried for a hint
MAX_NOISE_RATIO = 1.0  # relative change refused when the noise sd exceeds the counterfactual mean



METHOD_TREND = "trend"  # level, trend and weekday pattern of the history
METHOD_CONTROL = "control"  # the same, on the ratio (or difference) to a control series


@lru_cache(maxsize=512)
def _t_quantile(df: int, p: float) -> float:
    from scipy import stats

    return float(stats.t.ppf(p, max(df, 1)))


@lru_cache(maxsize=8)
def _z_quantile(p: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(p))


# ---------------------------------------------------------------------------------------------
# Series and their frequency


@dataclass(frozen=True)
class Series:
    """One value per day: `days` are proleptic ordinals (`date.toordinal()`), ascending and unique."""

    days: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.days)

    def between(self, first: int, last: int) -> Series:
        """The values with `first <= day <= last`."""
        lo, hi = np.searchsorted(self.days, [first, last + 1])
        return Series(self.days[lo:hi], self.values[lo:hi])


EMPTY = Series(np.empty(0, dtype=np.int64), np.empty(0))


def to_series(values: pd.DataFrame | Series | None) -> Series:
    """A `Series` from `date`/`value` rows (means of duplicate dates, missing values dropped)."""
    if values is None:
        return EMPTY
    if isinstance(values, Series):
        return values
    if values.empty:
        return EMPTY
    frame = pd.DataFrame({"date": pd.to_datetime(values["date"]).dt.normalize(),
                          "value": pd.to_numeric(values["value"], errors="coerce")}).dropna()
    if frame.empty:
        return EMPTY
    grouped = frame.groupby("date", sort=True)["value"].mean()
    days = np.array([d.toordinal() for d in grouped.index.date], dtype=np.int64)
    return Series(days, grouped.to_numpy(dtype=float))


@dataclass(frozen=True)
class Frequency:
    """How often a series has values, and the windows that fit it."""

    period: float  # days between values (1 for daily data)
    window_days: int  # default after window
    history_days: int  # default history before the release
    min_history_days: int
    min_history_values: int

    @property
    def daily(self) -> bool:
        return self.period <= 1.5


DAILY = Frequency(1.0, 28, HISTORY_DAYS, MIN_HISTORY_DAYS, MIN_HISTORY_VALUES_DAILY)


def frequency_of(series: Series) -> Frequency:
    """Daily, weekly, monthly or anything between, from the median gap between values."""
    if len(series) < 3:
        return DAILY
    gap = float(np.median(np.diff(series.days)))
    if gap <= 1.5:
        return DAILY
    period = 30.44 if 25 <= gap <= 35 else gap
    window = min(MAX_WINDOW, max(28, int(math.ceil(8 * period))))
    history = max(HISTORY_DAYS, int(math.ceil(16 * period)))
    min_history = max(MIN_HISTORY_DAYS, int(math.ceil(8 * period)))
    return Frequency(period, window, history, min_history, MIN_HISTORY_VALUES)


def default_history(freq: Frequency, window: int) -> int:
    """History before the release: 8 weeks for daily data (16 values otherwise), and at least twice the
    window, so that the counterfactual is never extrapolated further than half the span it was fitted on."""
    return max(freq.history_days, 2 * int(window))


def default_window(values: pd.DataFrame | Series | None) -> int:
    """The after window (days) used when a hypothesis sets none: 28 days for daily data, 8 values otherwise."""
    return frequency_of(to_series(values)).window_days


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class HypothesisWarning:
    """A warning attached to a measurement: a message code plus the values the message needs."""

    code: str  # other_outputs | guardrail | not_detectable | relative_not_meaningful | window_too_short
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A check of the measurement; `held_back` when it keeps the verdict from being given."""

    code: str  # placebo | spike | autocorrelation | short_history | no_placebo | ramp
    held_back: bool
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Detectability:
    """What the metric's own noise lets the method detect in a window."""

    mde: float | None  # minimum detectable effect, in the expectation's terms (fraction or units)
    detectable: bool | None
    suggested_window: int | None  # days; None when not detectable within a year (or no history)
    window_days: int
    noise_sd: float | None
    values_per_window: float | None
    too_few_values: bool = False  # the window holds fewer than 7 values at this data frequency


@dataclass(frozen=True)
class Path:
    """Actual and counterfactual day by day around the release, for the chart.

    `dates` cover the history and the after window; `low`/`high` the 95 % band of the counterfactual;
    `cum_*` the effect so far on each day of the after window, in the expectation's terms (relative:
    sum of actual over sum of counterfactual - 1; absolute: mean difference), with its 95 % band, from the
    day the seventh value is in (None before), spike days left out.
    """

    dates: tuple[date, ...]
    actual: tuple[float, ...]
    counterfactual: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    after: tuple[bool, ...]
    cum_effect: tuple[float | None, ...]
    cum_low: tuple[float | None, ...]
    cum_high: tuple[float | None, ...]
    spike: tuple[bool, ...] = ()  # days left out of the estimate as a spike


@dataclass(frozen=True)
class Measurement:
    """The result of measuring one hypothesis."""

    state: str  # not_launched | measuring | measured
    verdict: str | None
    change_kind: str
    expected: float
    window_days: int
    window_auto: bool = False  # the window follows the data's frequency (none was set)
    history_days: int = HISTORY_DAYS
    method: str = METHOD_TREND
    control: str = ""  # what the control is, in words ("segments FR, NL" or a metric name)
    t0: date | None = None
    before_start: date | None = None  # first day of the history used
    before_end: date | None = None  # last day of the history (t0 - 1)
    after_start: date | None = None  # first day of the after window (t0 + 1)
    after_end: date | None = None  # t0 + w: the day the result is due
    n_before: int = 0
    n_after: int = 0
    missing_before: int = 0
    missing_after: int = 0
    mean_before: float | None = None  # mean of the history
    mean_after: float | None = None  # mean of the actual values in the after window
    counterfactual_mean: float | None = None  # mean of the counterfactual over the after window
    measured_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    late_change: float | None = None  # over the last two weeks of the window
    late_low: float | None = None
    late_high: float | None = None
    raw_verdict: str | None = None  # the verdict before the checks
    phi: float | None = None  # day-to-day carry-over of the residuals
    checks: tuple[Check, ...] = ()
    warnings: tuple[HypothesisWarning, ...] = ()
    detectability: Detectability | None = None
    path: Path | None = None

    @property
    def measured(self) -> bool:
        """True when the verdict comes from a full measurement (not insufficient data)."""
        return self.verdict in MEASURED_VERDICTS

    @property
    def held_back(self) -> bool:
        """True when a check kept the verdict from being given."""
        return any(c.held_back for c in self.checks)

    def relative(self) -> tuple[float | None, float | None, float | None, float | None]:
        """Expected, measured, low and high as fractions of the counterfactual (for calibration)."""
        if self.change_kind == "relative":
            return self.expected, self.measured_change, self.ci_low, self.ci_high
        base = self.counterfactual_mean if self.counterfactual_mean else self.mean_before
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
        return Verdict.validated if high >= expected else Verdict.partial
    if high >= expected:
        return Verdict.inconclusive
    return Verdict.invalidated


def release_date(shipped_on: list[date | None]) -> date | None:
    """`t0`: the latest ship date of the linked outputs; None while any of them has not shipped."""
    dates = list(shipped_on)
    if not dates or any(d is None or d != d for d in dates):
        return None
    return max(pd.Timestamp(d).date() for d in dates)


# ---------------------------------------------------------------------------------------------
# The counterfactual model


def _weekday(days: np.ndarray) -> np.ndarray:
    return (days - 1) % 7  # ordinal 1 (0001-01-01) was a Monday


def _design(days: np.ndarray, t_ref: int, period: float, columns: tuple[int, ...]) -> np.ndarray:
    """Intercept, trend (per 10 periods, for conditioning) and one dummy per kept weekday."""
    tau = (days - t_ref) / period
    parts = [np.ones(len(days)), tau / 10.0]
    if columns:
        wd = _weekday(days)
        parts += [(wd == d).astype(float) for d in columns]
    return np.column_stack(parts)


@dataclass(frozen=True)
class _Fit:
    """A regression of the history: coefficients, residual noise and its day-to-day carry-over."""

    log: bool
    columns: tuple[int, ...]
    period: float
    t_ref: int
    tau: np.ndarray  # history times in periods from t_ref
    beta: np.ndarray
    proj: np.ndarray  # (X'X)^-1 X', k x n
    resid: np.ndarray
    s2: float  # marginal variance of the noise
    phi: float
    df: int
    smear: float  # mean of exp(residual): the log model's retransformation factor

    def design(self, days: np.ndarray) -> np.ndarray:
        return _design(days, self.t_ref, self.period, self.columns)

    def predict(self, days: np.ndarray, control: np.ndarray | None) -> np.ndarray:
        """The counterfactual level on `days` (times the control, or plus it, where there is one)."""
        z = self.design(days) @ self.beta
        if self.log:
            level = np.exp(z) * self.smear
            return level * control if control is not None else level
        return z + control if control is not None else z

    def tau_of(self, days: np.ndarray) -> np.ndarray:
        return (days - self.t_ref) / self.period

    def correlation(self, tau_a: np.ndarray, tau_b: np.ndarray) -> np.ndarray:
        """AR(1) correlation between the noise at two sets of times."""
        lag = np.abs(tau_a[:, None] - tau_b[None, :])
        return np.power(self.phi, lag) if self.phi > 0 else (lag < 1e-9).astype(float)

    def error_rows(self, days: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Rows `a` such that `a @ [noise of history, noise of days]` is each weighted estimate's error."""
        x = self.design(days)
        rows = np.zeros((weights.shape[0], len(self.tau) + len(days)))
        rows[:, : len(self.tau)] = -(weights @ x) @ self.proj
        rows[:, len(self.tau):] = weights
        return rows

    def variance(self, days: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Variance of each weighted sum of (actual - counterfactual) over `days` (rows of `weights`)."""
        rows = self.error_rows(days, np.atleast_2d(weights))
        times = np.concatenate([self.tau, self.tau_of(days)])
        corr = self.correlation(times, times)
        return self.s2 * np.einsum("ij,jk,ik->i", rows, corr, rows)


def _carry_over(days: np.ndarray, resid: np.ndarray, period: float, k: int) -> float:
    """Lag-1 correlation of the residuals, corrected for its downward small-sample bias.

    The bias of the residuals' lag-1 correlation after fitting `k` coefficients was measured by
    simulation (n = 56, k = 8: -0.025 at phi 0, -0.06 at 0.5, -0.105 at 0.8) and is removed here.
    """
    n = len(resid)
    step = np.diff(days) / period
    pairs = np.abs(step - 1) < 0.25
    denom = float(resid @ resid)
    if denom <= 0 or pairs.sum() < 5:
        return 0.0
    raw = float((resid[:-1][pairs] * resid[1:][pairs]).sum()) / denom * (n - 1) / pairs.sum()
    corrected = (raw + (1 + 0.05 * k) / n) / (1 - (3 + 0.33 * k) / n)
    return float(min(max(corrected, 0.0), MAX_PHI))


def _fit(days: np.ndarray, z: np.ndarray, t_ref: int, freq: Frequency, log: bool) -> _Fit | None:
    """Fit level, trend and (daily data) weekday pattern to the history `z` on `days`."""
    columns: tuple[int, ...] = ()
    if freq.daily:
        present = sorted(set(_weekday(days).tolist()))
        columns = tuple(present[1:])  # the first weekday present is the baseline
    x = _design(days, t_ref, freq.period, columns)
    n, k = x.shape
    if n - k < 4:
        return None
    proj = np.linalg.pinv(x.T @ x) @ x.T
    beta = proj @ z
    resid = z - x @ beta
    phi = _carry_over(days, resid, freq.period, k)
    tau = (days - t_ref) / freq.period
    fit = _Fit(log, columns, freq.period, t_ref, tau, beta, proj, resid, 0.0, phi, n - k - 1,
               float(np.mean(np.exp(resid))) if log else 1.0)
    corr = fit.correlation(tau, tau)
    # E[RSS] = s2 * trace(M R) with M the residual maker: an unbiased noise variance under AR(1).
    trace = n - float(np.trace(proj @ corr @ x))
    s2 = float(resid @ resid) / max(trace, 1e-9)
    return _Fit(log, columns, freq.period, t_ref, tau, beta, proj, resid, s2, phi, n - k - 1, fit.smear)


@dataclass(frozen=True)
class _Effect:
    change: float
    low: float
    high: float
    sd: float


def _effect(fit: _Fit, days: np.ndarray, actual: np.ndarray, cf: np.ndarray, relative: bool, q: float) -> _Effect:
    """The change of `actual` against the counterfactual `cf` on `days`, with its interval."""
    if relative:
        total = float(cf.sum())
        if fit.log:
            weights = cf / total  # the log of sum(actual)/sum(cf) moves with these weights
            sd = math.sqrt(max(float(fit.variance(days, weights)[0]), 0.0))
            log_ratio = math.log(float(actual.sum()) / total)
            return _Effect(math.expm1(log_ratio), math.expm1(log_ratio - q * sd), math.expm1(log_ratio + q * sd), sd)
        sd = math.sqrt(max(float(fit.variance(days, np.ones(len(days)))[0]), 0.0)) / total
        change = float(actual.sum()) / total - 1
        return _Effect(change, change - q * sd, change + q * sd, sd)
    weights = np.full(len(days), 1.0 / len(days))
    sd = math.sqrt(max(float(fit.variance(days, weights)[0]), 0.0))
    change = float(np.mean(actual - cf))
    return _Effect(change, change - q * sd, change + q * sd, sd)


@dataclass(frozen=True)
class _Estimate:
    """One run of the method at one release date."""

    fit: _Fit
    history: Series
    after: Series
    control_after: np.ndarray | None
    cf: np.ndarray  # counterfactual on the after days
    effect: _Effect
    q: float
    relative: bool


def _aligned(series: Series, control: Series | None, first: int, last: int) -> tuple[Series, np.ndarray | None]:
    part = series.between(first, last)
    if control is None:
        return part, None
    ctrl = control.between(first, last)
    common, i, j = np.intersect1d(part.days, ctrl.days, assume_unique=True, return_indices=True)
    return Series(common, part.values[i]), ctrl.values[j]


def _estimate(series: Series, control: Series | None, t0: int, window: int, history_days: int, freq: Frequency,
              relative: bool) -> _Estimate | str:
    """Run the method with release day `t0` (an ordinal); a problem code when it cannot run."""
    history, ctrl_hist = _aligned(series, control, t0 - history_days, t0 - 1)
    after, ctrl_after = _aligned(series, control, t0 + 1, t0 + window)
    if len(after) < MIN_VALUES:
        return "insufficient"
    if len(history) < freq.min_history_values or t0 - int(history.days[0]) < freq.min_history_days:
        return "insufficient"
    positive = bool((history.values > 0).all() and (after.values > 0).all())
    if control is not None:
        positive = positive and bool((ctrl_hist > 0).all() and (ctrl_after > 0).all())
    log = relative and positive
    if log:
        z = np.log(history.values) - (np.log(ctrl_hist) if ctrl_hist is not None else 0.0)
    else:
        z = history.values - (ctrl_hist if ctrl_hist is not None else 0.0)
    fit = _fit(history.days, z, t0, freq, log)
    if fit is None:
        return "insufficient"
    cf = fit.predict(after.days, ctrl_after)
    if relative and not log:
        mean_cf = float(cf.mean())
        if mean_cf <= 0 or math.sqrt(fit.s2) > MAX_NOISE_RATIO * mean_cf:
            return "relative_not_meaningful"
    q = _t_quantile(fit.df, 0.5 + CONFIDENCE / 2)
    effect = _effect(fit, after.days, after.values, cf, relative, q)
    return _Estimate(fit, history, after, ctrl_after, cf, effect, q, relative)


def _sub_effect(est: _Estimate, mask: np.ndarray) -> _Effect | None:
    """The same estimate over a subset of the after days."""
    if mask.sum() < MIN_VALUES:
        return None
    return _effect(est.fit, est.after.days[mask], est.after.values[mask], est.cf[mask], est.relative, est.q)


def _spike_days(est: _Estimate) -> np.ndarray:
    """After days far from the rest of the after window (a campaign, an outage): at most a few."""
    z_after = np.log(est.after.values) if est.fit.log else est.after.values
    z_cf = np.log(est.cf) if est.fit.log else est.cf
    resid = z_after - z_cf
    scale = math.sqrt(est.fit.s2)
    if scale <= 0:
        return np.zeros(len(resid), dtype=bool)
    # Far from the window's median and from the local level (a centred 11-day median, shorter at the
    # edges): a campaign of a few days stands out from both, the first days of a ramp only from the first.
    outlying = np.abs(resid - np.median(resid)) > SPIKE_Z * scale
    if outlying.any() and len(resid) > SPIKE_LOCAL:
        half = SPIKE_LOCAL // 2
        padded = np.pad(resid, half, mode="constant", constant_values=np.nan)
        local = np.nanmedian(np.lib.stride_tricks.sliding_window_view(padded, SPIKE_LOCAL), axis=1)
        outlying &= np.abs(resid - local) > SPIKE_Z * scale
    return outlying if 0 < outlying.sum() <= SPIKE_MAX_DAYS else np.zeros(len(resid), dtype=bool)


def _path(est: _Estimate, control_history: np.ndarray | None, keep: np.ndarray) -> Path:
    """Actual, counterfactual and band over history and after window; the cumulative effect."""
    fit = est.fit
    fitted = fit.predict(est.history.days, control_history)
    m = len(est.after)
    # Pointwise band over the after window, and the band of the cumulative effect.
    eye = np.eye(m)
    scale = est.cf if fit.log else np.ones(m)  # error of a day's level, from the error of its log
    rows = fit.error_rows(est.after.days, eye)
    times = np.concatenate([fit.tau, fit.tau_of(est.after.days)])
    corr = fit.correlation(times, times)
    point_sd = np.sqrt(np.maximum(fit.s2 * np.einsum("ij,jk,ik->i", rows, corr, rows), 0.0))
    if fit.log:
        low, high = est.cf * np.exp(-est.q * point_sd), est.cf * np.exp(est.q * point_sd)
    else:
        low, high = est.cf - est.q * point_sd, est.cf + est.q * point_sd
    # The effect so far leaves out spike days (as the estimate does) and starts once 7 values are in.
    kept = keep.astype(float)
    cum_rows = np.cumsum(rows * (scale * kept)[:, None], axis=0)
    cum_sd = np.sqrt(np.maximum(fit.s2 * np.einsum("ij,jk,ik->i", cum_rows, corr, cum_rows), 0.0))
    cum = np.cumsum((est.after.values - est.cf) * kept)
    scale_so_far = np.cumsum(est.cf * kept) if est.relative else np.cumsum(kept)
    counted = np.cumsum(kept)
    with np.errstate(divide="ignore", invalid="ignore"):
        cum, cum_sd = cum / scale_so_far, cum_sd / scale_so_far
    shown = counted >= MIN_VALUES

    def so_far(values: np.ndarray) -> tuple[float | None, ...]:
        return tuple(float(v) if ok else None for v, ok in zip(values, shown, strict=True))

    n = len(est.history)
    dates = tuple(date.fromordinal(int(d)) for d in np.concatenate([est.history.days, est.after.days]))
    none = (None,) * n
    return Path(
        dates=dates,
        actual=tuple(np.concatenate([est.history.values, est.after.values]).tolist()),
        counterfactual=tuple(np.concatenate([fitted, est.cf]).tolist()),
        low=tuple(np.concatenate([fitted, low]).tolist()),
        high=tuple(np.concatenate([fitted, high]).tolist()),
        after=(False,) * n + (True,) * m,
        cum_effect=none + so_far(cum),
        cum_low=none + so_far(cum - est.q * cum_sd),
        cum_high=none + so_far(cum + est.q * cum_sd),
        spike=(False,) * n + tuple(bool(v) for v in ~keep),
    )


# ---------------------------------------------------------------------------------------------
# Detectability before launch


def _future_days(history: Series, start: int, window: int, freq: Frequency) -> np.ndarray:
    """The days a window after `start` will probably have values on, judged from the history."""
    if freq.daily:
        days = np.arange(start + 1, start + window + 1, dtype=np.int64)
        present = set(_weekday(history.days).tolist())
        return days[np.isin(_weekday(days), list(present))]
    step = max(int(round(freq.period)), 1)
    return np.arange(start + step, start + window + 1, step, dtype=np.int64)


def detectability(
    values: pd.DataFrame | Series | None, *, change_kind: str, expected: float, window_days: int | None,
    reference: date, history_days: int | None = None,
) -> Detectability:
    """The smallest change the method would find 4 times out of 5 over `window_days` after `reference`, from
    the history up to `reference`, and the shortest window (whole weeks) in which `expected` would be found."""
    series = to_series(values)
    freq = frequency_of(series)
    window = int(window_days) if window_days else freq.window_days
    ref = reference.toordinal()
    empty = Detectability(None, None, None, window, None, None)
    relative = change_kind == "relative"
    fits: dict[int, tuple[Series, _Fit | None]] = {}

    def fitted(w: int) -> tuple[Series, _Fit | None]:
        span = history_days or default_history(freq, w)
        if span not in fits:
            history = series.between(ref - span, ref)
            fit = None
            if len(history) >= max(freq.min_history_values, 8):
                log = relative and bool((history.values > 0).all())
                fit = _fit(history.days, np.log(history.values) if log else history.values, ref, freq, log)
            fits[span] = (history, fit)
        return fits[span]

    history, fit = fitted(window)
    if fit is None:
        return empty
    log = fit.log
    level = float(np.mean(fit.predict(history.days[-7:], None)))
    if relative and level <= 0:
        return empty
    z = _t_quantile(fit.df, 0.5 + CONFIDENCE / 2) + _z_quantile(POWER)
    span = max(int(history.days[-1] - history.days[0]) + 1, 1)
    density = len(history) / span

    def mde_for(w: int) -> tuple[float | None, float]:
        hist, fit = fitted(w)
        if fit is None or fit.log != log:
            return None, 0.0
        days = _future_days(hist, ref, w, freq)
        if len(days) == 0:
            return None, 0.0
        sd = math.sqrt(max(float(fit.variance(days, np.full(len(days), 1.0 / len(days)))[0]), 0.0))
        if log:
            return math.expm1(z * sd), len(days)
        return (z * sd / abs(level) if relative else z * sd), len(days)

    mde, count = mde_for(window)
    per_window = density * window
    too_few = count < MIN_VALUES
    detectable = mde is not None and abs(expected) >= mde and not too_few
    suggested: int | None = window if detectable else None
    if not detectable:
        for weeks in SUGGESTED_WEEKS:
            w = weeks * 7
            candidate, n = mde_for(w)
            if candidate is not None and n >= MIN_VALUES and abs(expected) >= candidate:
                suggested = max(w, MIN_WINDOW)
                break
    noise = math.sqrt(fit.s2) * (1.0 if log else 1.0)
    return Detectability(mde, detectable, suggested, window, noise, per_window, too_few)


# ---------------------------------------------------------------------------------------------
# The whole measurement


def measure_hypothesis(
    values: pd.DataFrame | Series | None,
    *,
    change_kind: str,
    expected: float,
    window_days: int | None,
    shipped_on: list[date | None],
    today: date,
    other_outputs: pd.DataFrame | list[tuple] | None = None,
    guardrail_values: pd.DataFrame | Series | None = None,
    guardrail_direction: str | None = None,
    guardrail_name: str = "",
    control_values: pd.DataFrame | Series | None = None,
    control_label: str = "",
    history_days: int | None = None,
    with_path: bool = True,
) -> Measurement:
    """Measure one hypothesis.

    `values`: the metric's `date`/`value` rows (one segment, or the total). `window_days`: None for the
    default of the data's frequency. `shipped_on`: ship dates of the linked outputs. `other_outputs`:
    `key`, `shipped_on` (and an optional `priority`) of the outputs that could share the credit.
    `control_values`: the control series (unreleased segments or another metric), if any.
    """
    series = to_series(values)
    control = to_series(control_values) if control_values is not None else None
    freq = frequency_of(series)
    auto = not window_days
    window = freq.window_days if auto else int(window_days)
    history_span = int(history_days or default_history(freq, window))
    base = {
        "change_kind": change_kind, "expected": expected, "window_days": window, "window_auto": auto,
        "history_days": history_span, "method": METHOD_CONTROL if control is not None else METHOD_TREND,
        "control": control_label if control is not None else "",
    }
    t0 = release_date(shipped_on)
    if t0 is None or t0 > today:
        det = detectability(series, change_kind=change_kind, expected=expected, window_days=window,
                            reference=today if t0 is None else min(t0, today), history_days=history_days)
        warnings: tuple[HypothesisWarning, ...] = ()
        if det.detectable is False:
            warnings = (HypothesisWarning("not_detectable", {
                "mde": det.mde, "suggested_window": det.suggested_window, "window_days": window,
                "change_kind": change_kind, "too_few_values": det.too_few_values,
                "values_per_window": det.values_per_window,
            }),)
        return Measurement(state=MeasurementState.not_launched, verdict=None, t0=t0, warnings=warnings, detectability=det, **base)

    origin = t0.toordinal()
    history, _ = _aligned(series, control, origin - history_span, origin - 1)
    after, _ = _aligned(series, control, origin + 1, origin + window)
    bounds = {
        "t0": t0, "before_start": t0 - timedelta(days=history_span), "before_end": t0 - timedelta(days=1),
        "after_start": t0 + timedelta(days=1), "after_end": t0 + timedelta(days=window),
        "n_before": len(history), "n_after": len(after),
        "mean_before": float(history.values.mean()) if len(history) else None,
        "mean_after": float(after.values.mean()) if len(after) else None,
    }
    warnings_list = _shared_credit(other_outputs, t0, window)
    if today <= t0 + timedelta(days=window):
        # The after window is still running: no verdict before it has passed.
        return Measurement(state=MeasurementState.measuring, verdict=None, warnings=tuple(warnings_list), **base, **bounds)

    relative = change_kind == "relative"
    est = _estimate(series, control, origin, window, history_span, freq, relative)
    if est == "relative_not_meaningful":
        warnings_list.append(HypothesisWarning("relative_not_meaningful", {}))
        return Measurement(state=MeasurementState.measured, verdict=None, warnings=tuple(warnings_list), **base, **bounds)
    if not isinstance(est, _Estimate):
        span = origin - int(history.days[0]) if len(history) else 0
        # Values short of the minimum, or periods short of four weeks of history: whichever is more.
        missing_before = max(0, freq.min_history_values - len(history),
                             int(math.ceil((freq.min_history_days - span) / freq.period)))
        if len(after) < MIN_VALUES and window < MIN_VALUES * freq.period:
            # The window can never hold enough values at this data's frequency: say which one would.
            warnings_list.insert(0, HypothesisWarning("window_too_short", {
                "window_days": window, "period": freq.period,
                "suggested": max(freq.window_days, int(math.ceil(MIN_VALUES * freq.period))),
            }))
        return Measurement(
            state=MeasurementState.measured, verdict=Verdict.insufficient_data, missing_before=missing_before,
            missing_after=max(0, MIN_VALUES - len(after)), warnings=tuple(warnings_list), **base, **bounds,
        )

    # A spike or outlier inside the after window (a campaign, an outage) is left out of the estimate;
    # when the verdict with it would differ, the verdict is held back.
    spikes = _spike_days(est)
    keep = ~spikes
    effect = (_sub_effect(est, keep) if spikes.any() else None) or est.effect
    raw = verdict_for(effect.low, effect.high, expected)
    checks: list[Check] = []
    # Short history: measured, but on less than the default.
    used = origin - int(est.history.days[0])
    if used < history_span - 2 * freq.period:
        checks.append(Check("short_history", False, {"days": used, "default": history_span}))
    # An effect that ramps in: the last two weeks may reach what the whole window does not.
    late = None
    if window >= 2 * LATE_DAYS:
        late = _sub_effect(est, keep & (est.after.days > origin + window - LATE_DAYS))
    if raw == Verdict.partial and late is not None and verdict_for(late.low, late.high, expected) == Verdict.validated:
        raw = Verdict.validated
        checks.append(Check("ramp", False, {"change": late.change, "low": late.low, "high": late.high}))
    verdict = raw
    if spikes.any():
        whole = est.effect
        checks.append(Check("spike", verdict_for(whole.low, whole.high, expected) != raw, {
            "dates": [date.fromordinal(int(d)) for d in est.after.days[spikes]], "change": whole.change,
        }))
    # Autocorrelation too strong for the window: too few independent values to tell.
    phi = est.fit.phi
    effective = len(est.after) * (1 - phi) / (1 + phi)
    if effective < MIN_EFFECTIVE_VALUES and phi >= STRONG_PHI:
        checks.append(Check("autocorrelation", True, {"phi": phi, "effective": effective}))
    # Placebo: the same method where nothing shipped.
    placebo = _estimate(series.between(int(series.days[0]), origin - 1) if len(series) else series, control,
                        origin - window, window, history_span, freq, relative)
    if isinstance(placebo, _Estimate):
        p = placebo.effect
        found = (p.low > 0 or p.high < 0) and abs(p.change) >= PLACEBO_SHARE * abs(expected)
        if found:
            checks.append(Check("placebo", True, {
                "date": t0 - timedelta(days=window), "change": p.change, "low": p.low, "high": p.high}))
    else:
        checks.append(Check("no_placebo", False, {"date": t0 - timedelta(days=window)}))
    if any(c.held_back for c in checks) and raw != Verdict.inconclusive:
        verdict = Verdict.inconclusive

    guard = _guardrail_warning(guardrail_values, guardrail_direction, guardrail_name, t0, window)
    if guard is not None:
        warnings_list.append(guard)
    return Measurement(
        state=MeasurementState.measured, verdict=verdict, raw_verdict=raw,
        measured_change=effect.change, ci_low=effect.low, ci_high=effect.high,
        late_change=None if late is None else late.change, late_low=None if late is None else late.low,
        late_high=None if late is None else late.high,
        counterfactual_mean=float(est.cf.mean()), phi=phi, checks=tuple(checks),
        warnings=tuple(warnings_list),
        path=_path(est, _aligned(series, control, origin - history_span, origin - 1)[1], keep) if with_path else None,
        **base, **{**bounds, "n_before": len(est.history), "n_after": len(est.after)},
    )


def _shared_credit(other_outputs: pd.DataFrame | list[tuple] | None, t0: date, window_days: int
                   ) -> list[HypothesisWarning]:
    """Other outputs shipped within `[t0 - w, t0 + w]` that could share the credit: lower `priority` first
    (e.g. the same team's), then the closest to the release.

    `other_outputs`: rows of `key`, `shipped_on` (a date, or its ordinal) and an optional `priority` (a DataFrame
    or tuples)."""
    if other_outputs is None:
        return []
    if isinstance(other_outputs, pd.DataFrame):
        if other_outputs.empty:
            return []
        priority = other_outputs["priority"] if "priority" in other_outputs.columns else 0
        other_outputs = list(zip(other_outputs["key"], other_outputs["shipped_on"],
                                 pd.Series(priority, index=other_outputs.index), strict=True))
    origin = t0.toordinal()
    inside = []
    for row in other_outputs:
        key, shipped = row[0], row[1]
        if shipped is None or shipped != shipped:
            continue
        day = shipped if isinstance(shipped, int) else pd.Timestamp(shipped).date().toordinal()
        distance = abs(day - origin)
        if distance <= window_days:
            inside.append((row[2] if len(row) > 2 else 0, distance, str(key)))
    if not inside:
        return []
    keys = [key for _, _, key in sorted(inside)]
    return [HypothesisWarning("other_outputs", {"count": len(keys), "keys": keys})]


def _guardrail_warning(
    values: pd.DataFrame | Series | None, direction: str | None, name: str, t0: date, window_days: int
) -> HypothesisWarning | None:
    """A warning when the guardrail's interval lies wholly on the wrong side of zero."""
    if values is None or direction not in ("up", "down"):
        return None
    series = to_series(values)
    freq = frequency_of(series)
    est = _estimate(series, None, t0.toordinal(), window_days, default_history(freq, window_days), freq, True)
    if not isinstance(est, _Estimate):
        return None
    g = est.effect
    wrong = g.high < 0 if direction == "up" else g.low > 0
    if not wrong:
        return None
    return HypothesisWarning("guardrail", {"metric": name, "change": g.change, "low": g.low, "high": g.high})


# ---------------------------------------------------------------------------------------------
# Calibration


def hit_rate(verdicts: list[str | None]) -> float | None:
    """(validated + partial) / measured; None when nothing was measured."""
    measured = [v for v in verdicts if v in MEASURED_VERDICTS]
    if not measured:
        return None
    return sum(v in HIT_VERDICTS for v in measured) / len(measured)


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
