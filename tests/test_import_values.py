"""Columns and headers: number notation and date order decided per column, header normalisation."""

from __future__ import annotations

import pytest

from dashboard.importers.headers import match_columns, normalise, register_aliases
from dashboard.importers.values import date_order, number_notation


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
