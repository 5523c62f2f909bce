"""The catalogue is complete in both languages, and formatting follows the language."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.i18n import LANGUAGES, catalogue, fmt_date, fmt_number, fmt_percent, fmt_value, t, use_language

ROOT = Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]
LITERAL_KEY = re.compile(r"""\b(?:t|md)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
PLACEHOLDER = re.compile(r"{(\w+)[^}]*}")


def test_every_key_has_both_languages_with_the_same_placeholders():
    problems = []
    for key, texts in catalogue().items():
        if set(texts) != set(LANGUAGES) or not all(texts[lang].strip() for lang in LANGUAGES):
            problems.append(f"{key}: missing a language")
            continue
        if set(PLACEHOLDER.findall(texts["en"])) != set(PLACEHOLDER.findall(texts["de"])):
            problems.append(f"{key}: placeholders differ")
    assert problems == []


def test_every_key_used_in_code_exists():
    missing = set()
    for path in CODE:
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8")):
            if key not in catalogue():
                missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert sorted(missing) == []


def test_german_texts_are_translated():
    same = [k for k, v in catalogue().items() if v["en"] == v["de"] and len(v["en"]) > 25]
    assert same == []


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "en", "1,234.5"),
        (1234.5, 1, "de", "1.234,5"),
        (-1234567, 0, "en", "−1,234,567"),
        (0.004, 2, "de", "0,00"),
        (None, 0, "en", "—"),
        (float("nan"), 0, "de", "—"),
    ],
)
def test_fmt_number(value, decimals, lang, expected):
    assert fmt_number(value, decimals, lang) == expected


def test_percent_value_and_date_formats():
    assert fmt_percent(0.153, 1, "en") == "15.3%"
    assert fmt_percent(0.153, 1, "de") == "15,3 %"
    assert fmt_percent(0.05, 0, "en", sign=True) == "+5%"
    assert fmt_value(42.5, "%", "de") == "42,5 %"
    assert fmt_value(420000, "€", "de") == "420.000 €"
    assert fmt_value(420000, "€", "en") == "€420,000"
    assert fmt_date(date(2026, 11, 24), "de") == "24.11.2026"
    assert fmt_date(date(2026, 11, 24), "en") == "Nov 24, 2026"


def test_t_uses_the_current_language_and_fills_placeholders():
    with use_language("de"):
        assert t("menu.settings") == "Einstellungen"
        assert t("overview.north_star", name="WAA") == "North Star: WAA"
    assert t("menu.settings", lang="en") == "Settings"


def test_charts_use_the_german_number_and_date_locale():
    import pandas as pd

    from dashboard.charts.outputs import shipped_per_week_chart

    weekly = pd.DataFrame({"week": ["2026-01-05"], "linked": [True], "count": [2]})
    with use_language("de"):
        config = shipped_per_week_chart(weekly).to_dict()["config"]
    assert config["locale"]["number"]["decimal"] == ","
    assert "März" in config["locale"]["time"]["months"]
    assert config["axis"]["labelFontSize"] == 11  # the chart's own configuration is kept
    with use_language("en"):
        assert "locale" not in shipped_per_week_chart(weekly).to_dict().get("config", {})


PLURAL_CALL = re.compile(r"""\b(?:t_plural|md_plural)\(\s*["']([a-z0-9_.]+)["']""")


def test_counted_messages_have_singular_and_plural_in_both_languages():
    keys = set()
    for path in CODE:
        keys.update(PLURAL_CALL.findall(path.read_text(encoding="utf-8")))
    assert keys, "counted messages are used"
    missing = sorted(f"{k}.{form}" for k in keys for form in ("one", "other") if f"{k}.{form}" not in catalogue())
    assert missing == []
    # no "(s)" or "(e)" stand-ins for plurals anywhere a user reads
    awkward = [k for k, v in catalogue().items() if re.search(r"\w\((s|e|n|r)\)", v["en"] + v["de"])]
    assert awkward == []


@pytest.mark.parametrize(
    ("key", "count", "lang", "expected"),
    [
        ("okr.carry.done", 1, "en", "One objective carried over to Q1 2027."),
        ("okr.carry.done", 3, "en", "3 objectives carried over to Q1 2027."),
        ("okr.carry.done", 1, "de", "Ein Ziel nach Q1 2027 übernommen."),
        ("okr.carry.done", 0, "de", "0 Ziele nach Q1 2027 übernommen."),
        ("import.problem.more", 1460, "en", "… and 1,460 more problems."),
        ("import.problem.more", 1460, "de", "… und 1.460 weitere Probleme."),
    ],
)
def test_t_plural(key, count, lang, expected):
    from dashboard.i18n import t_plural

    assert t_plural(key, count, lang, target="Q1 2027") == expected


def _enum_members():
    """Every member of every vocabulary enum in `dashboard.models`, as the key `label` uses."""
    from enum import StrEnum

    from dashboard import models
    from dashboard.i18n import ENUM_PREFIX

    enums = {name: obj for name, obj in vars(models).items()
             if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum}
    # Not shown to users: import kinds have their own labels, change kinds are written as +15 % / +2 pp,
    # the measurement state only steers the page.
    internal = {"ImportKind", "ChangeKind", "MeasurementState"}
    assert set(enums) - internal == set(ENUM_PREFIX), "a new vocabulary enum needs a prefix in ENUM_PREFIX"
    for name, prefix in ENUM_PREFIX.items():
        yield from (f"{prefix}.{member.name}" for member in enums[name])


def test_every_visible_enum_member_is_in_the_catalogue_in_both_languages():
    missing = [key for key in _enum_members() if key not in catalogue()]
    assert missing == []
    for key in _enum_members():
        assert catalogue()[key]["en"].strip() and catalogue()[key]["de"].strip()


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1460, "en", "1,460"), (1077, "de", "1.077"), (7, "en", "7"), (None, "de", "—"), (2.6, "en", "3")],
)
def test_fmt_count(value, lang, expected):
    from dashboard.i18n import fmt_count

    assert fmt_count(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(0.03, "en", "+3.0%"), (0.03, "de", "+3,0 %"), (0.15, "en", "+15%"), (-0.2, "de", "−20 %"), (None, "en", "—")],
)
def test_fmt_change(value, lang, expected):
    from dashboard.i18n import fmt_change

    assert fmt_change(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [(14000, "€", "en", "€14,000"), (14000, "€", "de", "14.000 €"), (-250, "$", "en", "−$250"),
     (None, "€", "de", "—")],
)
def test_fmt_money(value, currency, lang, expected):
    from dashboard.i18n import fmt_money

    assert fmt_money(value, currency, lang) == expected
    if value is not None:
        assert fmt_value(value, currency, lang) == expected  # a metric in money reads the same


@pytest.mark.parametrize(
    ("score", "lang", "expected"), [(0.57, "en", "57%"), (0.57, "de", "57 %"), (1.0, "en", "100%"), (None, "en", "—")]
)
def test_scores_are_percentages(score, lang, expected):
    assert fmt_percent(score, 0, lang) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"), [("+4%", "+9%", "+4% … +9%"), ("—", "+9%", "—"), ("", "", "—")]
)
def test_fmt_range(low, high, expected):
    from dashboard.i18n import fmt_range

    assert fmt_range(low, high) == expected


@pytest.mark.parametrize(
    ("lang", "table", "axis"), [("en", "Oct 4, 2026", "%b %-d"), ("de", "04.10.2026", "%d.%m.")]
)
def test_dates_in_tables_and_on_axes_agree(lang, table, axis):
    from dashboard.i18n import chart_axis_date_format, chart_date_format

    assert fmt_date(date(2026, 10, 4), lang) == table
    assert chart_axis_date_format(lang) == axis
    # tooltips show the table's form: day without a leading zero in English
    assert chart_date_format(lang) == ("%b %-d, %Y" if lang == "en" else "%d.%m.%Y")


@pytest.mark.parametrize(
    ("raw", "lang", "expected"),
    [("story", "de", "Story"), ("Bug", "de", "Fehler"), ("Sub-task", "de", "Unteraufgabe"),
     ("Done", "de", "erledigt"), ("In Progress", "de", "in Arbeit"), ("Verified - UAT", "de", "abgenommen (UAT)"),
     ("Verified - UAT", "en", "verified - UAT"), ("Ready for QA", "de", "Ready for QA"), (None, "de", "—")],
)
def test_tracker_types_and_statuses_are_translated(raw, lang, expected):
    from dashboard.i18n import output_status_label, output_type_label

    label = output_type_label if raw in ("story", "Bug", "Sub-task") else output_status_label
    assert label(raw, lang) == expected


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [("Activation rate", [0.23, 0.25], "ratio"), ("Churn rate", [3, 2.5], "%"), ("MRR", [524268, 541910], "€"),
     ("Signups", [1034, 1064], None), ("Conversion %", [12, 14], "%"), ("Umsatz", [10, 12], "€")],
)
def test_units_are_proposed_from_header_and_values(name, values, expected):
    from dashboard.importers.kinds.metrics import propose_unit

    assert propose_unit(name, values) == expected


def test_verdict_and_status_keep_colour_and_shape_in_both_languages():
    import pandas as pd

    from dashboard.charts.hypotheses import calibration_chart

    frame = pd.DataFrame({
        "statement": ["a", "b"], "team": ["Growth", "Core"], "verdict": ["validated", "invalidated"],
        "expected_rel": [0.1, 0.2], "measured_rel": [0.1, -0.01], "low_rel": [0.05, -0.05], "high_rel": [0.15, 0.03],
    })
    specs = {}
    for lang in LANGUAGES:
        with use_language(lang):
            layers = calibration_chart(frame).to_dict()["layer"]
        dots = layers[-1]["encoding"]
        specs[lang] = (dots["shape"]["field"], dots["shape"]["scale"], dots["color"]["scale"]["range"])
    assert specs["en"] == specs["de"]
    field, scale, team_colours = specs["en"]
    assert field == "verdict" and dict(zip(scale["domain"], scale["range"], strict=True))["validated"] == "circle"
    assert not {"#dc2626", "#b91c1c", "#16a34a", "#15803d"} & set(team_colours)  # teams are never red or green


@pytest.mark.parametrize(
    ("enum", "value", "lang", "expected"),
    [
        ("Verdict", "insufficient data", "en", "insufficient data"),
        ("Verdict", "insufficient data", "de", "zu wenige Daten"),
        ("Verdict", "invalidated", "de", "widerlegt"),
        ("HypothesisStatus", "measuring", "de", "in Messung"),
        ("KeyResultStatus", "at_risk", "en", "at risk"),
        ("MetricKind", "north_star", "de", "North Star"),
    ],
)
def test_label_turns_a_stored_value_into_words(enum, value, lang, expected):
    from dashboard import models
    from dashboard.i18n import label

    assert label(getattr(models, enum), value, lang) == expected


def test_label_refuses_a_value_outside_the_vocabulary():
    from dashboard.i18n import label
    from dashboard.models import Verdict

    with pytest.raises(ValueError):
        label(Verdict, "insufficient_data")
