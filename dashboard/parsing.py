"""Reading what people write: numbers in English or German notation, dates in every form exports
use, and a bet's expected change (`+15%`, `-2pp`, `+300`).

Pure functions on single values, shared by the importers (the cells of a sheet), the forms (what a
person typed) and the analysis (a hypothesis's expected change); this module imports nothing from the
rest of the app. Parsers return `None` for "not this kind of value" (the expected change raises
`ExpectedChangeError` with a message code); callers turn that into a problem or a field error.
Decisions for a whole column (its number notation, its date order) are the importers' (see
`dashboard.importers.values`).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

EMPTY_TOKENS = {"", "-", "–", "—", "(blank)"}
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 3_000, 80_000  # 1908 .. 2119: plausible Excel serial dates

CURRENCY_RE = re.compile(r"(US\$|CA\$|AU\$|R\$|[€$£¥₹]|\b(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|JPY)\b)", re.I)
_SPACES = "\u00a0\u202f\u2009 '’"
_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,]+([eE][+-]?\d+)?$")
_NONZERO_MANTISSA = re.compile(r"^[+-]?[0.,]*[1-9]")
_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")


def is_empty(value: Any) -> bool:
    """True for a blank cell (None, empty text, a lone dash); such cells are gaps, not zeros."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in EMPTY_TOKENS
    return False


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NaT and NA: the gaps tables leave where a value is missing."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NaTType", "NAType")


# ---------------------------------------------------------------------------------------------
# numbers


def _clean_number_text(text: str) -> tuple[str, str | None, bool]:
    """Strip unit marks; returns (core text, unit found, negative by parentheses)."""
    unit = None
    text = text.strip().replace("\u2212", "-")
    neg = False
    if text.startswith("(") and text.endswith(")"):
        neg, text = True, text[1:-1].strip()
    if text.endswith("%"):
        unit, text = "%", text[:-1].strip()
    m = CURRENCY_RE.search(text)
    if m:
        sym = m.group(1)
        unit = {"US$": "$", "USD": "$", "EUR": "€", "GBP": "£"}.get(sym.upper() if len(sym) == 3 else sym, sym)
        text = (text[: m.start()] + text[m.end():]).strip()
    for ch in _SPACES:
        text = text.replace(ch, "")
    if text.startswith("+"):
        text = text[1:]
    return text, unit, neg


def notation_of(text: str) -> str | None:
    """`en`, `de` or None (undecided, e.g. `2.546` or `15`) for one number written as text."""
    core, _unit, _neg = _clean_number_text(text)
    core = core.lstrip("-")
    if not _NUMBER_CHARS.match(core) or ("," not in core and "." not in core):
        return None
    if "," in core and "." in core:
        return "en" if core.rfind(".") > core.rfind(",") else "de"
    if "," in core:
        head, _, tail = core.rpartition(",")
        if core.count(",") > 1:
            return "en"  # 1,234,567
        return None if len(tail) == 3 and head and head != "0" else "de"
    head, _, tail = core.rpartition(".")
    if core.count(".") > 1:
        return "de"  # 1.234.567
    return None if len(tail) == 3 and head and head != "0" else "en"


# A number as written: digits with an optional decimal part, or 3-digit groups separated by the
# notation's thousands mark. Anything else (`1..2`, `1.2.3`) is refused rather than guessed.
_WELL_FORMED = {
    "en": re.compile(r"^[+-]?(\d+(\.\d*)?|\d{1,3}(,\d{3})+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"),
    "de": re.compile(r"^[+-]?(\d+(,\d*)?|\d{1,3}(\.\d{3})+(,\d*)?|,\d+)([eE][+-]?\d+)?$"),
}


def parse_number(value: Any, notation: str = "en") -> tuple[float | None, str | None]:
    """A cell as a float plus the unit mark it carried (`%`, `€`, `s`); (None, None) when not a number.

    Percent text stays a percent number: `15 %` -> 15.0 with unit `%`.
    """
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        return float(value), None
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    m = _DURATION.match(text)
    if m:
        return float(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))), "s"
    core, unit, neg = _clean_number_text(text)
    if not core or not _NUMBER_CHARS.match(core):
        return None, None
    if not _WELL_FORMED[notation if notation == "de" else "en"].match(core):
        return None, None  # `1..2`, `1.2.3`, `12,34,5`: not a number in either notation
    if notation == "de":
        core = core.replace(".", "").replace(",", ".")
    else:
        core = core.replace(",", "")
    try:
        number = float(core)
    except ValueError:
        return None, None
    if number == 0 and _NONZERO_MANTISSA.match(core):
        number = math.nan  # `1e-400` underflows to 0: refused as out of range, never stored as 0
    return (-number if neg else number), unit


def parse_typed_number(text: str | float | int | None, lang: str = "en") -> float | None:
    """A number a person typed into a form: `1,234.5`, `1.234,5`, `2,5`, `15 %`.

    The notation comes from the text itself where it is clear, else from the UI language
    (`1.234` is 1234 in German, 1.234 in English). None when empty; ValueError when not a number.
    """
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    raw = str(text).strip()
    if not raw:
        return None
    value, _unit = parse_number(raw, notation_of(raw) or lang)
    if value is None or not is_finite(value):
        raise ValueError(f"not a number: {raw!r}")
    return value


def is_finite(number: float) -> bool:
    """False for NaN, infinities and numbers too close to 0 to keep their digits (never stored)."""
    return not (math.isnan(number) or math.isinf(number)) and (number == 0 or abs(number) >= sys.float_info.min)


# ---------------------------------------------------------------------------------------------
# dates

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "jan january januar janvier janv jän jänner enero ene gen",
        "feb february februar février fevrier févr fevr febrero",
        "mar march märz maerz marz mars mrz marzo",
        "apr april avril avr abril",
        "may mai mayo",
        "jun june juni juin",
        "jul july juli juillet juil",
        "aug august août aout ago agosto",
        "sep sept september septembre septiembre set",
        "oct october oktober okt octobre octubre ott",
        "nov november novembre noviembre",
        "dec december dezember dez décembre decembre déc diciembre dic",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _i


def _month(name: str) -> int | None:
    key = name.strip().strip(".").casefold()
    if key in MONTHS:
        return MONTHS[key]
    plain = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return MONTHS.get(plain) or (MONTHS.get(plain[:3]) if len(plain) >= 3 else None)


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ ,T]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.I)
_QUARTER = re.compile(r"^(?:Q([1-4])[\s/-]*(\d{4})|(\d{4})[\s/-]*Q([1-4]))$", re.I)
_MONTH_NAME_FIRST = re.compile(r"^([A-Za-zÀ-ÿ]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:\.|st|nd|rd|th)?[\s/-]+([A-Za-zÀ-ÿ]+\.?)[\s/-]+(\d{2}|\d{4})\b")
_MONTH_YEAR = re.compile(r"^([A-Za-zÀ-ÿ]+\.?)[\s-]+(\d{4})$")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)[a-z]*\.?,?\s+", re.I)


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_parts(text: str) -> tuple[int, int, int] | None:
    """For `a/b/yyyy`-style text: the two leading numbers and the year (order undecided)."""
    m = _NUMERIC.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(3)), _year(m.group(4))


_ZONE_NAME = re.compile(r"\s*\([^()]*\)\s*$")


def parse_date(value: Any, order: str = "DMY") -> date | None:
    """A cell as a date (Excel date, serial number, ISO, German, Jira, US, Linear ...); None if not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if SERIAL_MIN <= value <= SERIAL_MAX:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    # Linear and browsers append the zone's name: `... GMT+0200 (Central European Summer Time)`.
    text = _ZONE_NAME.sub("", value.strip())
    if not text or len(text) > 60:
        return None
    text = _WEEKDAY.sub("", text)
    m = _ISO.match(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT.match(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC.match(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        if m.group(2) == ".":
            return _safe_date(y, b, a)
        return _safe_date(y, a, b) if order == "MDY" else _safe_date(y, b, a)
    m = _MONTH_NAME_FIRST.match(text)  # Mar 25, 2024 / Tue May 14 2024 08:53:33 GMT+0000
    if m and _month(m.group(1)):
        return _safe_date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    m = _DAY_FIRST.match(text)  # 24/Nov/26 3:12 PM, 19/oct./16, 1-Jan-2013, 24. März 2026
    if m and _month(m.group(2)):
        return _safe_date(_year(m.group(3)), _month(m.group(2)), int(m.group(1)))
    m = _MONTH_YEAR.match(text)  # Jan 2024, März 2026
    if m and _month(m.group(1)):
        return _safe_date(int(m.group(2)), _month(m.group(1)), 1)
    m = _YEAR_MONTH.match(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), 1)
    m = _QUARTER.match(text)  # Q1 2026 / 2026-Q1: the quarter's first day
    if m:
        quarter, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return date(int(year), 3 * (int(quarter) - 1) + 1, 1)
    m = _ISO_WEEK.match(text)  # 2026-W45: the Monday of that week
    if m:
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
    return None


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


def expected_number(text: str, lang: str = "en") -> float:
    """The number of an expected change, in English (`1,234.5`) or German (`1.234,5`) notation; `2,5`
    is 2.5 in both. Raises `ExpectedChangeError("not_number")`."""
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
    number = expected_number(match.group("num"), lang)
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
