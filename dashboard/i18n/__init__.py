"""Translations and locale-aware formatting: `t(key, **values)` plus number and date formatters.

Text that Streamlit renders as Markdown goes through `md(key, **values)` (values escaped) or
`escape_md(text)`; `t` is for plain text (tables, charts, select box options, exports).

Messages live in `dashboard/i18n/messages/<area>.py` as `MESSAGES = {key: {"en": ..., "de": ...}}`;
every key must have both languages (a test checks it). Counted messages come in two keys,
`<key>.one` and `<key>.other`, and are filled by `t_plural(key, n)` / `md_plural(key, n)`.

One formatter per kind of number, used by tables, charts, titles and messages alike:
`fmt_count` (whole things, with thousands separators), `fmt_percent` (shares and scores),
`fmt_change` (signed changes), `fmt_money`, `fmt_value` (a metric value with its unit),
`fmt_date` / `fmt_datetime` / `fmt_period` and `fmt_range` (two ends of an interval).

Glossary (one word per thing, in both languages):

| en | de |
|---|---|
| objective | Ziel |
| key result | Key Result |
| hypothesis / bet | Hypothese / Wette |
| output | Output |
| outcome | Outcome |
| learning | Erkenntnis |
| metric | Kennzahl |
| baseline / target / stretch | Ausgangswert / Zielwert / Stretch-Ziel |
| score | Score |
| on track / at risk / off track | im Plan / gefährdet / nicht im Plan |
| check-in | Check-in |
| projection | Prognose |
| quarter | Quartal |
| verdict | Ergebnis |
| release | Release |
 The current language is a context variable
set once per page run by the UI, so that core code running in Streamlit's threads stays correct.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from dashboard.i18n.markup import escape_md as escape_md  # re-exported: one import for t, md and escape_md

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"

_current: ContextVar[str] = ContextVar("outcomes_lang", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message, merged from all message modules."""
    from dashboard.i18n import messages

    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(messages.__path__):
        module = importlib.import_module(f"{messages.__name__}.{info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise KeyError(f"message key {key!r} defined twice (again in {info.name})")
            merged[key] = texts
    return merged


def set_language(lang: str | None) -> str:
    """Make `lang` the current language (unknown values fall back to English)."""
    lang = (lang or DEFAULT_LANGUAGE).lower()[:2]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def get_language() -> str:
    """The current UI language."""
    return _current.get()


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Temporarily switch the language (exports, tests)."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message for `key` in the current language, with `{placeholders}` filled in (control
    characters in the values are made visible or dropped)."""
    return _fill(key, lang, {k: printable(v) if isinstance(v, str) else v for k, v in values.items()})


# Each vocabulary enum of `dashboard.models` names its members' messages: `<prefix>.<member name>`.
# `label` is the only way a member becomes words; a test checks every member has both languages.
ENUM_PREFIX = {
    "Direction": "direction", "Aggregation": "aggregation", "MetricKind": "kind",
    "ObjectiveStatus": "objective_status", "HypothesisStatus": "hypothesis_status",
    "LearningStatus": "learning_status", "Role": "role", "Verdict": "verdict",
    "KeyResultStatus": "okr.status", "Zone": "okr.zone",
}


def label(enum: type[StrEnum], value: str, lang: str | None = None) -> str:
    """A vocabulary value (`Verdict`, `HypothesisStatus`, ...; a member or its stored text) in words."""
    return t(f"{ENUM_PREFIX[enum.__name__]}.{enum(value).name}", lang)


def _fill(key: str, lang: str | None, values: dict[str, object]) -> str:
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang or get_language()) or texts[DEFAULT_LANGUAGE]
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


# Control characters (NUL, escape sequences, bidi overrides) from a file or a form never reach a
# message: line breaks and tabs become spaces, the rest a visible stand-in.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200c-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _visible(match: re.Match) -> str:
    ch = match.group(0)
    if ch in "\t\n\r":
        return " "
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ … the Unicode pictures of control characters
    return "\ufffd" if code <= 0x9f else ""


def printable(text: str) -> str:
    """`text` without control characters, safe to show in any message."""
    return _CONTROL.sub(_visible, text) if _CONTROL.search(text) else text


def md(key: str, lang: str | None = None, **values: object) -> str:
    """`t` for text shown as Markdown: the message keeps its own markup, the values are escaped."""
    return _fill(key, lang, {name: escape_md(printable(str(value)) if value is not None else value)
                             for name, value in values.items()})


def plural_key(key: str, count: float | int | None) -> str:
    """`<key>.one` for exactly one, `<key>.other` for every other count (both languages count alike)."""
    return f"{key}.one" if count == 1 else f"{key}.other"


def t_plural(key: str, count: float | int | None, lang: str | None = None, **values: object) -> str:
    """`t` for a counted message: picks the singular or plural form; `{count}` is filled with
    `fmt_count(count)` unless given."""
    values.setdefault("count", fmt_count(count, lang))
    return t(plural_key(key, count), lang, **values)


def md_plural(key: str, count: float | int | None, lang: str | None = None, **values: object) -> str:
    """`md` for a counted message (see `t_plural`)."""
    values.setdefault("count", fmt_count(count, lang))
    return md(plural_key(key, count), lang, **values)


def _code(text: str) -> str:
    return re.sub(r"[^a-z0-9äöüß]", "", (text or "").casefold())


def output_type_label(value: str | None, lang: str | None = None) -> str:
    """An output type as the UI language names it (`story` -> `Story`, `bug` -> `Fehler`); unknown
    types from a tracker are shown as they are."""
    if not value:
        return "—"
    key = f"output_type.{_code(value)}"
    return t(key, lang) if key in catalogue() else printable(value)


def output_status_label(value: str | None, lang: str | None = None) -> str:
    """A tracker status in the UI language (`Done` -> `erledigt`); unknown statuses as they are."""
    if not value:
        return "—"
    key = f"output_status.{_code(value)}"
    return t(key, lang) if key in catalogue() else printable(value)


def has_key(key: str) -> bool:
    """True when the catalogue defines `key`."""
    return key in catalogue()


# --------------------------------------------------------------------------------------------
# Numbers


def _group(int_part: str, sep: str) -> str:
    out = []
    while len(int_part) > 3:
        out.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    out.insert(0, int_part)
    return sep.join(out)


def fmt_number(value: float | int | None, decimals: int = 0, lang: str | None = None, sign: bool = False) -> str:
    """`1,234.5` in English, `1.234,5` in German; an em dash for missing values."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "—"
    lang = lang or get_language()
    text = f"{abs(value):.{decimals}f}"
    int_part, _, frac = text.partition(".")
    thousands, point = (".", ",") if lang == "de" else (",", ".")
    body = _group(int_part, thousands) + (point + frac if frac else "")
    if value < 0 and float(text) != 0:
        return "−" + body
    if sign and value > 0 and float(text) != 0:
        return "+" + body
    return body


def fmt_count(value: float | int | None, lang: str | None = None) -> str:
    """A count of things with thousands separators: `1,460` (en) / `1.460` (de)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt_number(int(round(float(value))), 0, lang)


def fmt_percent(fraction: float | None, decimals: int = 0, lang: str | None = None, sign: bool = False) -> str:
    """A fraction as a percentage: 0.153 -> `15 %` (de) / `15%` (en); scores too (0.57 -> `57%`)."""
    if fraction is None or (isinstance(fraction, float) and (math.isnan(fraction) or math.isinf(fraction))):
        return "—"
    lang = lang or get_language()
    number = fmt_number(fraction * 100, decimals, lang, sign=sign)
    return f"{number} %" if lang == "de" else f"{number}%"


def fmt_value(value: float | None, unit: str = "", lang: str | None = None, decimals: int | None = None) -> str:
    """A metric value with its unit (`%` values are stored as percent numbers, 42.5 = 42.5 %)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    lang = lang or get_language()
    if decimals is None:
        decimals = 0 if abs(value) >= 100 or float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    number = fmt_number(value, decimals, lang)
    unit = (unit or "").strip()
    if not unit or unit == "count":
        return number
    if unit == "%":
        return f"{number} %" if lang == "de" else f"{number}%"
    if unit in CURRENCIES:
        return fmt_money(value, unit, lang, decimals)
    return f"{number} {unit}"


def fmt_change(fraction: float | None, lang: str | None = None, decimals: int | None = None) -> str:
    """A relative change, always signed: `+3.0%` / `+3,0 %` below 10 %, `+15%` / `+15 %` above."""
    if fraction is None or (isinstance(fraction, float) and (math.isnan(fraction) or math.isinf(fraction))):
        return "—"
    if decimals is None:
        decimals = 1 if abs(fraction) < 0.1 else 0
    return fmt_percent(fraction, decimals, lang, sign=True)


CURRENCIES = ("€", "$", "£")


def fmt_money(value: float | None, currency: str = "€", lang: str | None = None, decimals: int = 0) -> str:
    """An amount in the language's form: `€14,000` in English, `14.000 €` in German."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "—"
    lang = lang or get_language()
    number = fmt_number(abs(value), decimals, lang)
    minus = "−" if value < 0 and number.strip("0.,") else ""
    return f"{minus}{number} {currency}" if lang == "de" else f"{minus}{currency}{number}"


def fmt_range(low: str, high: str, lang: str | None = None) -> str:
    """Two formatted ends of a range or interval: `+4% … +9%`; a missing end gives an em dash."""
    if low in ("", "—") or high in ("", "—"):
        return "—"
    return f"{low} … {high}"


# --------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
}


def fmt_date(value: date | datetime | None, lang: str | None = None) -> str:
    """`Nov 24, 2026` in English, `24.11.2026` in German."""
    if value is None:
        return "—"
    try:
        if value != value:  # NaT
            return "—"
    except TypeError:
        pass
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    lang = lang or get_language()
    if lang == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return f"{_MONTHS['en'][value.month - 1]} {value.day}, {value.year}"


def fmt_datetime(value: datetime | None, lang: str | None = None) -> str:
    """Date and time in the language's form."""
    if value is None:
        return "—"
    return f"{fmt_date(value, lang)} {value:%H:%M}"


def chart_date_format(lang: str | None = None) -> str:
    """The d3 time format for chart tooltips: the same form as `fmt_date` in tables."""
    return "%d.%m.%Y" if (lang or get_language()) == "de" else "%b %-d, %Y"


def chart_axis_date_format(lang: str | None = None) -> str:
    """The d3 time format for date axes: day and month as in `fmt_date`, without the year (`Oct 4`, `04.10.`)."""
    return "%d.%m." if (lang or get_language()) == "de" else "%b %-d"


def fmt_period(period: str, lang: str | None = None) -> str:
    """`2026-Q4` -> `Q4 2026` (the same in both languages)."""
    if len(period) == 7 and period[4:6] == "-Q":
        return f"{period[5:]} {period[:4]}"
    return period
