"""The domain rules every path calls (form, import, command line), as parameter tables."""

from __future__ import annotations

import pytest

from dashboard import rules


@pytest.mark.parametrize(
    ("baseline", "target", "stretch", "expected"),
    [
        (10, 20, None, []),
        (10, 20, 25, []),
        (10, 10, None, [("okr.error.target_equals_baseline", "target")]),
        (10, 20, 20, [("okr.error.stretch_side", "stretch")]),  # a stretch must lie beyond the target
        (10, 20, 15, [("okr.error.stretch_side", "stretch")]),
        (20, 10, 5, []),  # going down: the stretch lies below the target
        (20, 10, 12, [("okr.error.stretch_side", "stretch")]),
    ],
)
def test_key_result_errors(baseline, target, stretch, expected):
    assert [(e.key, e.field) for e in rules.key_result_errors(baseline, target, stretch)] == expected


def test_check_key_result_raises_the_first_error():
    with pytest.raises(rules.DomainError) as err:
        rules.check_key_result(5, 5, None)
    assert err.value.field == "target"


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "conflict"),
    [("up", 10, 20, False), ("up", 20, 10, True), ("down", 20, 10, False), ("down", 10, 20, True),
     (None, 10, 5, False), ("up", 10, 10, False)],
)
def test_direction_conflict(direction, baseline, target, conflict):
    assert rules.direction_conflict(direction, baseline, target) is conflict


@pytest.mark.parametrize(
    ("text", "value", "direction", "expected"),
    [
        ("15%", 0.15, "down", -0.15),  # lower is better: an unsigned change is a decrease
        ("15%", 0.15, "up", 0.15),
        ("+15%", 0.15, "down", 0.15),  # a sign is taken as written
        ("-2pp", -2.0, "up", -2.0),
        ("300", 300.0, None, 300.0),
    ],
)
def test_signed_change(text, value, direction, expected):
    assert rules.signed_change(text, value, direction) == pytest.approx(expected)
