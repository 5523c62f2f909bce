"""Form checks for objectives, key results and check-ins (field -> message key)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.i18n import has_key
from dashboard.services import okrs as svc

METRICS = {1: {"name": "Churn rate", "direction": "down", "unit": "%"},
           2: {"name": "Signups", "direction": "up", "unit": "count"}}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("42", "en", 42.0), ("1,234.5", "en", 1234.5), ("1.234,5", "de", 1234.5), ("1.234,5", "en", 1234.5),
        ("1.500", "de", 1500.0), ("1.5", "de", 1.5), ("1,5", "de", 1.5), ("1,500", "en", 1500.0),
        ("12 %", "de", 12.0), ("−3", "en", -3.0), ("€ 2.000", "de", 2000.0), ("", "en", None), (None, "en", None),
    ],
)
def test_parse_number(text, lang, expected):
    assert svc.parse_number(text, lang) == expected


@pytest.mark.parametrize("text", ["abc", "1..2", "nan", "inf"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        svc.parse_number(text, "en")


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ({"title": "", "period": "2026-Q4"}, {"title": "okr.error.title"}),
        ({"title": "Grow", "period": "2026-Q5"}, {"period": "okr.error.period"}),
        ({"title": "Grow", "period": "Q4"}, {"period": "okr.error.period"}),
        ({"title": "  ", "period": ""}, {"title": "okr.error.title", "period": "okr.error.period"}),
        ({"title": "Grow", "period": "2026-q4"}, {}),
    ],
)
def test_validate_objective(raw, errors):
    model, found = svc.validate_objective(raw)
    assert found == errors
    assert (model is None) == bool(errors)


def _kr(**over):
    return {"objective_id": 1, "title": "KR", "metric_id": None, "baseline": "10", "target": "20", "stretch": "",
            "unit": ""} | over


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        (_kr(), {}),
        (_kr(title=""), {"title": "okr.error.title"}),
        (_kr(target="10"), {"target": "okr.error.target_equals_baseline"}),
        (_kr(baseline=""), {"baseline": "okr.error.number_required"}),
        (_kr(target="zwanzig"), {"target": "okr.error.number"}),
        (_kr(metric_id=99), {"metric_id": "okr.error.metric_unknown"}),
        (_kr(metric_id=1), {"target": "okr.error.direction_down"}),  # churn must go down
        (_kr(metric_id=1, baseline="2.1", target="1.6"), {}),
        (_kr(metric_id=2, baseline="20", target="10"), {"target": "okr.error.direction_up"}),
        (_kr(stretch="15"), {"stretch": "okr.error.stretch_side"}),
        (_kr(stretch="20"), {"stretch": "okr.error.stretch_side"}),
        (_kr(stretch="25"), {}),
        (_kr(baseline="20", target="10", stretch="5"), {}),  # target below baseline, stretch further down
    ],
)
def test_validate_key_result(raw, errors):
    model, found = svc.validate_key_result(raw, metrics=METRICS, lang="en")
    assert found == errors
    if not errors:
        assert model.target != model.baseline


def test_key_result_takes_the_metric_unit_when_none_is_typed():
    model, _ = svc.validate_key_result(_kr(metric_id=1, baseline="2,1", target="1,6"), metrics=METRICS, lang="de")
    assert (model.unit, model.baseline, model.target) == ("%", 2.1, 1.6)


TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "manual", "errors"),
    [
        ({"confidence": 7, "date": TODAY, "value": "12"}, True, {}),
        ({"confidence": 11, "date": TODAY, "value": "12"}, True, {"confidence": "okr.error.confidence"}),
        ({"confidence": -1, "date": TODAY}, False, {"confidence": "okr.error.confidence"}),
        ({"confidence": 6.5, "date": TODAY}, False, {"confidence": "okr.error.confidence"}),
        ({"confidence": None, "date": TODAY}, False, {"confidence": "okr.error.confidence"}),
        ({"confidence": 0, "date": TODAY}, False, {}),
        ({"confidence": 10, "date": date(2026, 11, 26)}, False, {"date": "okr.error.future_date"}),
        ({"confidence": 5, "date": TODAY, "value": "x"}, True, {"value": "okr.error.number"}),
    ],
)
def test_validate_check_in(raw, manual, errors):
    model, found = svc.validate_check_in({"key_result_id": 1, **raw}, manual=manual, today=TODAY)
    assert found == errors
    if not errors:
        assert model.confidence == raw["confidence"]


def test_every_error_key_exists_in_both_languages():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent / "dashboard"
    files = [root / "services/okrs.py", root / "repository/okrs.py", root / "repository/teams.py",
             root / "repository/metrics.py", root / "importers/kinds/objectives.py",
             root / "importers/kinds/key_results.py", root / "importers/rows.py"]
    keys = set()
    for f in files:
        text = f.read_text()
        keys |= set(re.findall(r'"((?:okr|settings)\.error\.[a-z_]+)"', text))
        keys |= {f"import.problem.{c}" for c in re.findall(r'"(okr_[a-z_]+)"', text) if c not in ("okr_direction_conflict", "okr_metric_pending")}
    keys |= {"okr.error.direction_up", "okr.error.direction_down"}
    keys |= {f"import.note.{code}.{form}" for code in ("okr_direction_conflict", "okr_metric_pending")
             for form in ("one", "other")}
    missing = sorted(k for k in keys if not has_key(k))
    assert missing == []
