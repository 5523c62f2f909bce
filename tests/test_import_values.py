"""Cell values and headers: numbers, dates, column-level decisions, header normalisation."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard.importers.headers import match_columns, normalise, register_aliases
from dashboard.importers.values import date_order, number_notation, parse_date, parse_number


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
    ("cells", "hint", "expected"),
    [
        (["1,234.5", "15"], None, "en"),
        (["1.234,5", "7"], None, "de"),
        (["2.546", "15", "449"], "de", "de"),  # GA in a Dutch UI: the file's other tables decide
        (["2.546", "15"], None, "en"),
        (["0,5", "1,25"], None, "de"),
        (["1,234,567"], None, "en"),
    ],
)
def test_number_notation_is_decided_per_column(cells, hint, expected):
    assert number_notation(cells, hint) == expected


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


def test_date_order_is_decided_by_the_whole_column():
    assert date_order(["03/04/2026", "13/04/2026"]) == ("DMY", True)
    assert date_order(["03/04/2026", "04/13/2026"]) == ("MDY", True)
    assert date_order(["24.11.2026"]) == ("DMY", True)
    order, decided = date_order(["03/04/2026", "05/06/2026"])
    assert not decided and order == "MDY"


def test_header_normalisation_and_repeated_headers():
    assert normalise("Fix Version/s") == normalise("fix_versions") == "fixversions"
    assert normalise("Résolue") == "resolue"
    assert normalise("  Einheit ") == "einheit"
    register_aliases("test-kind", {"sprint": ["Sprint"], "key": ["Issue key"]})
    found = match_columns(["Issue Key", "Sprint", "Summary", "Sprint", "sprint"], "test-kind")
    assert found == {"key": [0], "sprint": [1, 3, 4]}


@pytest.mark.parametrize("text", ["1..2", "1.2.3", "12,34,5", "1,2,3.4"])
def test_malformed_numbers_are_refused_not_guessed(text):
    from dashboard.importers.values import parse_number, parse_typed_number

    assert parse_number(text, "en")[0] is None and parse_number(text, "de")[0] is None
    with pytest.raises(ValueError):
        parse_typed_number(text, "de")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("1,234.5", "de", 1234.5), ("1.234,5", "en", 1234.5), ("2,5", "en", 2.5), ("1.234", "de", 1234.0),
     ("1.234", "en", 1.234), ("15 %", "de", 15.0), ("−3", "en", -3.0), ("", "en", None)],
)
def test_typed_numbers_follow_the_text_then_the_ui_language(text, lang, expected):
    from dashboard.importers.values import parse_typed_number

    assert parse_typed_number(text, lang) == expected
