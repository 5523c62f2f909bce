"""Rules of the domain that every path (form, import, command line) passes through, written once.

Pure functions on plain values: no database, no Streamlit. A broken rule raises (or lists)
`dashboard.errors.DomainError` with the form field it concerns.
"""

from __future__ import annotations

from dashboard.errors import DomainError
from dashboard.parsing import has_sign


def key_result_errors(baseline: float, target: float, stretch: float | None) -> list[DomainError]:
    """What is wrong with a key result's numbers: the target must differ from the baseline, and a
    stretch must lie beyond the target (seen from the baseline)."""
    if target == baseline:
        return [DomainError("okr.error.target_equals_baseline", field="target")]
    if stretch is not None and (stretch - baseline) / (target - baseline) <= 1:
        return [DomainError("okr.error.stretch_side", field="stretch")]
    return []


def check_key_result(baseline: float, target: float, stretch: float | None) -> None:
    """Raise the first `DomainError` of `key_result_errors`."""
    errors = key_result_errors(baseline, target, stretch)
    if errors:
        raise errors[0]


def direction_conflict(direction: str | None, baseline: float, target: float) -> bool:
    """True when the target lies on the worse side of the baseline for the metric's direction.

    Not an error: spreadsheets hold "keep it under X" key results. Every path accepts them and says
    so (a note on import, a warning on save and beside the key result on the Objectives page)."""
    if direction == "up":
        return target < baseline
    if direction == "down":
        return target > baseline
    return False


def signed_change(text: str, value: float, direction: str | None) -> float:
    """An expected change as it is meant: written without a sign on a metric where lower is better
    (churn, time to value) it is a decrease; with a sign it is taken as written."""
    if has_sign(text):
        return value
    return -abs(value) if direction == "down" else abs(value)
