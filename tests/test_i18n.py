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
