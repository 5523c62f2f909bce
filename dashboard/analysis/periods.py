"""Quarters: parsing, bounds, elapsed share."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.models import PERIOD_RE


def quarter_bounds(period: str) -> tuple[date, date]:
    """First and last day of a quarter like `2026-Q4`."""
    match = PERIOD_RE.match(period.strip().upper())
    if not match:
        raise ValueError(f"not a quarter: {period!r}")
    year, q = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * (q - 1) + 1, 1)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def period_of(day: date) -> str:
    """The quarter a day falls in."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def shift_period(period: str, quarters: int) -> str:
    """The quarter `quarters` after (or before) `period`."""
    start, _ = quarter_bounds(period)
    index = start.year * 4 + (start.month - 1) // 3 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def elapsed_share(period: str, today: date) -> float:
    """Share of the quarter elapsed at the end of `today`, 0..1."""
    start, end = quarter_bounds(period)
    total = (end - start).days + 1
    done = (min(max(today, start - timedelta(days=1)), end) - start).days + 1
    return max(0.0, min(1.0, done / total))


def quarter_choices(today: date, *keep: str | None, back: int = 1, ahead: int = 4) -> list[str]:
    """Quarters a form offers: from `back` before today's to `ahead` after it, plus any in `keep`, oldest first."""
    current = period_of(today)
    choices = {shift_period(current, n) for n in range(-back, ahead + 1)}
    choices.update(p for p in keep if p)
    return sorted(choices, key=lambda p: quarter_bounds(p)[0])
