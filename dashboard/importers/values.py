"""Decisions for a whole column of a sheet, and cells as text.

Notation and date order are decided per COLUMN (`number_notation`, `date_order`), not cell by cell,
so that `2.546` in a German file is two thousand five hundred forty-six and `03/04/2026` means the
same day in every row of a column. Single values are read by `dashboard.parsing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dashboard.parsing import date_parts, is_empty, notation_of


def number_notation(values: Iterable[Any], hint: str | None = None) -> str:
    """Decide `en` or `de` for a column from its text cells; undecided columns follow `hint` or `en`."""
    votes = {"en": 0, "de": 0}
    for value in values:
        if isinstance(value, str):
            n = notation_of(value)
            if n:
                votes[n] += 1
    if votes["en"] != votes["de"]:
        return "en" if votes["en"] > votes["de"] else "de"
    return hint or "en"


def date_order(values: Iterable[Any]) -> tuple[str, bool]:
    """Decide the order of `a/b/yyyy` dates for a whole column: (`DMY` or `MDY`, decided?).

    Dots mean German day-first; otherwise a first part over 12 means day-first, a second part over
    12 month-first. Undecided columns default to day-first unless slashes suggest the US form.
    """
    dmy = mdy = slashes = numeric = 0
    for value in values:
        if not isinstance(value, str):
            continue
        text = value.strip()
        parts = date_parts(text)
        if not parts:
            continue
        numeric += 1
        a, b, _ = parts
        if "." in text[:6]:
            dmy += 1
        elif a > 12 >= b:
            dmy += 1
        elif b > 12 >= a:
            mdy += 1
        if "/" in text[:6]:
            slashes += 1
    if dmy and not mdy:
        return "DMY", True
    if mdy and not dmy:
        return "MDY", True
    if dmy and mdy:
        return "DMY", False
    return ("MDY" if slashes else "DMY"), numeric == 0


def cell_text(cell: Any) -> str:
    """A cell as trimmed text (`12.0` -> `12`, empty -> ``)."""
    if is_empty(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
