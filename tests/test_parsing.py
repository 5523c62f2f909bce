"""Reading single values: numbers in English and German notation, dates, a bet's expected change."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard.parsing import (
    ExpectedChangeError,
    expected_number,
    has_sign,
    is_missing,
    parse_date,
    parse_expected_change,
    parse_number,
    parse_typed_number,
)


@pytest.mark.parametrize(
    ("text", "notation", "expected", "unit"),
    [
        ("1,234.5", "en", 1234.5, None),
        ("1.234,5", "de", 1234.5, None),
        ("15 %", "de", 15.0, "%"),
        ("99,88%", "de", 99.88, "%"),
        ("12.5%", "en", 12.5, "%"),
        ("€1.000,50", "de", 1000.5, "€"),
        ("US$ 0,00", "de", 0.0, "$"),
        ("$1,200", "en", 1200.0, "$"),
        ("2.546", "de", 2546.0, None),
        ("(1,234)", "en", -1234.0, None),
        ("−3,5", "de", -3.5, None),
        ("1 234,5", "de", 1234.5, None),
        ("00:01:19", "en", 79.0, "s"),
        (40.599999999999994, "en", 40.599999999999994, None),
        ("abc", "en", None, None),
        ("inf", "en", None, None),
        ("NaN", "en", None, None),
    ],
)
def test_parse_number(text, notation, expected, unit):
    assert parse_number(text, notation) == (expected, unit)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-11-24", "DMY", date(2026, 11, 24)),
        ("24.11.2026", "DMY", date(2026, 11, 24)),
        ("24/Nov/26 3:12 PM", "DMY", date(2026, 11, 24)),
        ("22/Dec/25 2:38 PM", "DMY", date(2025, 12, 22)),
        ("19/oct./16 10:36 AM", "DMY", date(2016, 10, 19)),
        ("03/Mär/26 09:00", "DMY", date(2026, 3, 3)),
        ("11/24/2026", "MDY", date(2026, 11, 24)),
        ("17-09-14", "DMY", date(2014, 9, 17)),
        ("Tue May 14 2024 08:53:33 GMT+0000 (GMT)", "DMY", date(2024, 5, 14)),
        ("Mar 25, 2024", "DMY", date(2024, 3, 25)),
        ("1-Jan-2013", "DMY", date(2013, 1, 1)),
        ("24. März 2026", "DMY", date(2026, 3, 24)),
        ("20230424", "DMY", date(2023, 4, 24)),
        ("Jan 2024", "DMY", date(2024, 1, 1)),
        ("2026-Q4", "DMY", date(2026, 10, 1)),
        ("Q2 2026", "DMY", date(2026, 4, 1)),
        ("2026-W45", "DMY", date(2026, 11, 2)),
        (46350, "DMY", date(2026, 11, 24)),
        (datetime(2026, 11, 24, 15, 0), "DMY", date(2026, 11, 24)),
        ("Apr 9 - Apr 15", "DMY", None),
        ("31.02.2026", "DMY", None),
        ("soon", "DMY", None),
    ],
)
def test_parse_date(text, order, expected):
    assert parse_date(text, order) == expected


@pytest.mark.parametrize("text", ["1..2", "1.2.3", "12,34,5", "1,2,3.4"])
def test_malformed_numbers_are_refused_not_guessed(text):
    assert parse_number(text, "en")[0] is None and parse_number(text, "de")[0] is None
    with pytest.raises(ValueError):
        parse_typed_number(text, "de")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("1,234.5", "de", 1234.5), ("1.234,5", "en", 1234.5), ("2,5", "en", 2.5), ("1.234", "de", 1234.0),
     ("1.234", "en", 1.234), ("15 %", "de", 15.0), ("−3", "en", -3.0), ("", "en", None)],
)
def test_typed_numbers_follow_the_text_then_the_ui_language(text, lang, expected):
    assert parse_typed_number(text, lang) == expected


# ---------------------------------------------------------------------------------------------
# Parsing the expected change


@pytest.mark.parametrize(
    ("text", "unit", "lang", "parsed"),
    [
        ("+15%", "count", "en", ("relative", 0.15)),
        ("+15 %", "count", "de", ("relative", 0.15)),
        ("15%", "%", "en", ("relative", 0.15)),
        ("-2pp", "%", "en", ("pp", -2.0)),
        ("-2,5pp", "%", "de", ("pp", -2.5)),
        ("-2.5 pp", "%", "en", ("pp", -2.5)),
        ("+2 Prozentpunkte", "%", "de", ("pp", 2.0)),
        ("−0,3 Pp.", "%", "de", ("pp", -0.3)),
        ("+300", "count", "en", ("absolute", 300.0)),
        ("+1,234.5", "€", "en", ("absolute", 1234.5)),
        ("+1.234,5 €", "€", "de", ("absolute", 1234.5)),
        ("1.500", "count", "de", ("absolute", 1500.0)),
        ("1,500", "count", "en", ("absolute", 1500.0)),
        ("2,5 %", "count", "en", ("relative", 0.025)),
    ],
)
def test_parse_expected_change(text, unit, lang, parsed):
    kind, value = parse_expected_change(text, unit=unit, lang=lang)
    assert kind == parsed[0]
    assert value == pytest.approx(parsed[1])


@pytest.mark.parametrize(
    ("text", "unit", "code"),
    [("", "%", "empty"), ("abc", "%", "not_number"), ("+0%", "%", "zero"), ("+2pp", "count", "pp_needs_percent"),
     ("15 apples", "count", "not_number"), ("1.2.3", "count", "not_number")],
)
def test_parse_expected_change_errors(text, unit, code):
    with pytest.raises(ExpectedChangeError) as info:
        parse_expected_change(text, unit=unit)
    assert info.value.code == code


def test_has_sign():
    assert has_sign("+5%") and has_sign(" −2pp") and has_sign("-3")
    assert not has_sign("5%") and not has_sign("")


@pytest.mark.parametrize(
    ("text", "unit", "parsed"),
    [
        ("+2pp", None, ("pp", 2.0)),  # no unit given: points are fine
        ("+1'500", "count", ("absolute", 1500.0)),
        ("+1\u202f500", "count", ("absolute", 1500.0)),
        ("+1\u00a0500", "count", ("absolute", 1500.0)),
        ("+300 eur", "EUR", ("absolute", 300.0)),
        ("+300 EUR", "eur", ("absolute", 300.0)),
        ("€300", "€", ("absolute", 300.0)),
        ("$300", "$", ("absolute", 300.0)),
        ("-£300", "£", ("absolute", -300.0)),
    ],
)
def test_parse_expected_change_units_and_separators(text, unit, parsed):
    kind, value = parse_expected_change(text) if unit is None else parse_expected_change(text, unit=unit)
    assert (kind, value) == (parsed[0], pytest.approx(parsed[1]))


def test_a_currency_sign_of_another_unit_is_not_a_number():
    with pytest.raises(ExpectedChangeError) as info:
        parse_expected_change("$300", unit="€")
    assert info.value.code == "not_number" and str(info.value) == "not_number"
    with pytest.raises(ExpectedChangeError) as info:
        expected_number("'")
    assert info.value.code == "not_number"


def test_missing_means_none_or_nan_and_nothing_else():
    import numpy as np
    import pandas as pd

    assert all(is_missing(v) for v in (None, float("nan"), np.float64("nan"), pd.NaT, pd.NA))
    assert not any(is_missing(v) for v in (0, 0.0, "", "nan", float("inf"), date(2026, 1, 1), pd.Timestamp("2026-01-01")))
