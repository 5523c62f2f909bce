"""Cells a spreadsheet would run as formulas (CSV or formula injection), and how every download defuses them.

A text such as `=HYPERLINK("http://evil";"open")`, `+cmd|' /C calc'!A0` or `@SUM(A1)` is a formula
to Excel and LibreOffice when it arrives in a CSV file or on the clipboard. Following OWASP, text
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, so that
it stays text; numbers stay numbers, and so do texts that are just a signed number with a unit
(`-5`, `+15%`, `-2.5 pp`, `+2.8 … +7.2 pp`), which cannot call anything. Workbooks keep such text
as a quoted string cell instead (see `dashboard.exports.okrs`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number with an optional unit (letters, `%`, a currency sign), or a range of them as the
# app writes intervals (`+2.8 … +7.2 pp`): no function call, other program or string fits in it.
_NUMBER = r"[+\-\u2212]?\s?[€$£]?\d[\d.,\s\u00a0\u202f]*(?:[eE][+-]?\d+)?\s?[%€$£A-Za-z]*"
_SIGNED_NUMBER = re.compile(rf"{_NUMBER}(?:\s?[…–]\s?{_NUMBER})*")


def looks_like_formula(value: Any) -> bool:
    """True for text that a spreadsheet would run as a formula (see the module notes)."""
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and _SIGNED_NUMBER.fullmatch(value) is None)


def neutralise_cell(value: Any) -> Any:
    """The value, with a leading `'` when it is formula-like text."""
    return "'" + value if looks_like_formula(value) else value


def neutralise_frame(frame: pd.DataFrame, *, headers: bool = True) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and, with `headers`, column names) are neutralised."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue
        if column.map(looks_like_formula).any():
            out.iloc[:, i] = column.map(neutralise_cell)
    if headers and any(looks_like_formula(c) for c in out.columns):
        out.columns = [neutralise_cell(c) for c in out.columns]
    return out
