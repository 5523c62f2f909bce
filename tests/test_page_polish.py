"""What a reader checks on a page: one form per kind of number and date, units named in the page's
language, tables whose key column comes first, German words in Streamlit's own uploader, and the
hypothesis chart marking other releases in its window."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import open_page

from dashboard.analysis import hypothesis as ha
from dashboard.charts import date_axis, subtitle_lines, value_axis, value_format
from dashboard.charts.hypotheses import other_releases, release_chart
from dashboard.i18n import (
    chart_axis_date_format,
    fmt_change,
    fmt_count,
    fmt_money,
    fmt_percent,
    fmt_range,
    fmt_value,
    t_plural,
    unit_label,
    use_language,
    value_title,
)
from dashboard.importers.kinds.metrics import propose_unit


@pytest.mark.parametrize(
    ("call", "en", "de"),
    [
        (lambda lang: fmt_count(1460, lang), "1,460", "1.460"),
        (lambda lang: fmt_count(1234567.4, lang), "1,234,567", "1.234.567"),
        (lambda lang: fmt_percent(0.57, lang=lang), "57%", "57 %"),
        (lambda lang: fmt_change(0.034, lang), "+3.4%", "+3,4 %"),
        (lambda lang: fmt_change(-0.15, lang), "−15%", "−15 %"),
        (lambda lang: fmt_money(14000, "€", lang), "€14,000", "14.000 €"),
        (lambda lang: fmt_range(fmt_change(0.04, lang), fmt_change(0.09, lang)), "+4.0% … +9.0%", "+4,0 % … +9,0 %"),
        (lambda lang: fmt_value(0.425, "ratio", lang), "42.5%", "42,5 %"),
        (lambda lang: fmt_value(42.5, "%", lang), "42.5%", "42,5 %"),
        (lambda lang: fmt_value(2138.86, "count", lang), "2,139", "2.139"),
        (lambda lang: unit_label("count", lang), "count", "Anzahl"),
        (lambda lang: unit_label("ratio", lang), "ratio (as %)", "Anteil (als %)"),
        (lambda lang: unit_label("€", lang), "€", "€"),
        (lambda lang: t_plural("data.preview.first_rows", 1, lang), "The first row as it will be stored:",
         "Die erste Zeile, wie sie gespeichert wird:"),
        (lambda lang: t_plural("data.preview.first_rows", 1200, lang), "First 1,200 rows as they will be stored:",
         "Die ersten 1.200 Zeilen, wie sie gespeichert werden:"),
    ],
)
def test_one_form_per_kind_of_number_in_each_language(call, en, de):
    assert call("en") == en
    assert call("de") == de


@pytest.mark.parametrize(
    ("lang", "span", "expected"),
    [("en", None, "%b %-d"), ("de", None, "%d.%m."), ("en", 90, "%b %-d"), ("de", 400, "%b %Y"), ("en", 365, "%b %Y")],
)
def test_date_axes_name_days_or_months_by_their_span(lang, span, expected):
    assert chart_axis_date_format(lang, span) == expected
    assert date_axis(span, lang=lang).to_dict()["format"] == expected


@pytest.mark.parametrize(
    ("name", "unit", "title", "number_format"),
    [("Activation rate", "ratio", "Activation rate (%)", ".1%"), ("MRR", "€", "MRR (€)", ",.4~g"),
     ("Signups", "count", "Signups", ",.4~g"), ("NPS", "NPS", "NPS", ",.4~g")],
)
def test_value_axes_take_title_and_number_form_from_the_unit(name, unit, title, number_format):
    assert value_title(name, unit) == title
    assert value_format(unit) == number_format
    assert ("format" in value_axis(unit).to_dict()) is (unit == "ratio")


def test_long_chart_subtitles_are_cut_into_lines():
    long = "Vertical lines: releases linked to this metric, coloured by their bet's verdict. " * 3
    lines = subtitle_lines(long)
    assert isinstance(lines, list) and len(lines) > 1 and all(len(line) <= 125 for line in lines)
    assert subtitle_lines("short") == "short"


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [("Activation rate", [0.23, 0.25], "ratio"), ("Conversion", [0.031, 0.04], "ratio"),
     ("Anteil Neukunden", [0.4, 0.45], "ratio"), ("Kündigungsquote", [0.02, 0.03], "ratio"),
     ("Share of paid seats", [0, 1, 0.5], "ratio"), ("Churn rate", [3, 2.5], "%"),
     ("Page load time", [0.4, 0.8], None), ("Apdex", [0.91, 0.94], None), ("Signups", [1034, 1064], None),
     ("MRR", [524268, 541910], "€")],
)
def test_fractions_are_proposed_as_ratio_only_under_a_ratio_header(name, values, expected):
    assert propose_unit(name, values) == expected


def _measurement_with_others():
    rng = np.random.default_rng(3)
    dates = pd.date_range(date(2026, 2, 1), periods=200, freq="D")
    t0 = date(2026, 6, 1)
    values = pd.DataFrame({"date": dates, "value": 100 * np.where(dates >= pd.Timestamp(t0), 1.1, 1.0)
                           * (1 + rng.normal(0, 0.02, len(dates)))})
    others = [("CORE-7", date(2026, 6, 10), 1), ("GRO-3", date(2026, 1, 5), 0)]
    m = ha.measure_hypothesis(values, change_kind="relative", expected=0.05, window_days=28, shipped_on=[t0],
                              today=date(2026, 8, 20), other_outputs=others, with_path=True)
    outputs = pd.DataFrame({"key": ["CORE-7", "GRO-3", "GRO-9"], "title": ["Faster search", "Old thing", "Other"],
                            "team": ["Core Product", "Growth", "Growth"],
                            "shipped_on": [date(2026, 6, 10), date(2026, 1, 5), date(2026, 6, 12)]})
    return values, m, outputs


@pytest.mark.parametrize(("lang", "label"), [("en", "Other release in the window"),
                                             ("de", "Anderer Release im Zeitfenster")])
def test_the_release_chart_marks_other_releases_in_its_window(lang, label):
    values, m, outputs = _measurement_with_others()
    others = other_releases(m, outputs)
    # only what the measurement names as sharing the window: CORE-7, not GRO-9 (not related) or GRO-3 (far off)
    assert others["output"].tolist() == ["CORE-7 · Faster search"]
    with use_language(lang):
        spec = release_chart(values, m, metric_name="Signups", unit="count", others=others).to_dict()
    rules = [layer for layer in spec["layer"] if layer["mark"] == "rule" or
             (isinstance(layer["mark"], dict) and layer["mark"].get("type") == "rule")]
    marked = [layer for layer in rules if "color" in layer.get("encoding", {})]
    assert marked, "the other release is drawn as a coloured rule"
    assert label in marked[0]["encoding"]["color"]["scale"]["domain"]  # named in the legend
    tooltip = {item["field"] for item in marked[0]["encoding"]["tooltip"]}
    assert {"output", "team", "day"} <= tooltip
    rows = next(rows for rows in spec["datasets"].values() if rows and "output" in rows[0])
    assert rows[0]["team"] == "Core Product"


def test_without_other_releases_the_legend_names_only_the_two_series():
    values, m, _ = _measurement_with_others()
    spec = release_chart(values, m, metric_name="Signups", unit="count").to_dict()
    text = str(spec)
    assert "Other release in the window" not in text


def test_german_data_page_puts_german_words_into_the_uploader(empty_app_db):
    at = open_page("pages/4_Data.py", lang="de")
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "content: 'Hochladen'" in styles
    assert "Dateien hierher ziehen" in styles


def test_metrics_page_key_results_lead_with_status_and_show_values_in_the_metric_unit(demo_app_db):
    at = open_page("pages/8_Metrics.py", lang="de")
    table = next(df.value for df in at.dataframe if "Key Result" in df.value.columns)
    assert list(table.columns[:3]) == ["Status", "Key Result", "Ziel"]
    assert table["Zielwert"].iloc[0] == "2.300"  # a count in the metric's form, not 2.300,00


def test_overview_team_table_fits_with_short_headers_and_formatted_counts(demo_app_db):
    at = open_page("streamlit_app.py", lang="de")
    table = next(df.value for df in at.dataframe if "Eigene Kennzahlen besser" in df.value.columns)
    assert list(table.columns[:3]) == ["Team", "Ausgeliefert", "Verknüpft"]
    assert all(str(v).endswith("%") or v == "—" for v in table["Verknüpft"])


def test_the_audit_trail_names_the_local_user_in_the_page_language():
    from dashboard.auth import LOCAL_USER
    from dashboard.ui.admin import actor_label

    with use_language("de"):
        assert actor_label(LOCAL_USER) == "lokaler Nutzer"
        assert actor_label("Vera") == "Vera"
    with use_language("en"):
        assert actor_label(LOCAL_USER) == "local user"


def test_german_chart_months_are_written_as_in_the_tables():
    from dashboard.charts import GERMAN_LOCALE
    from dashboard.i18n import _MONTHS

    assert GERMAN_LOCALE["time"]["shortMonths"] == _MONTHS["de"]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_imported_ratio_metrics_are_charted_in_percent_around_their_values(lang):
    from dashboard.charts.imports import imported_metric_chart

    values = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=400, freq="D"), "segment": "",
                           "value": np.linspace(0.3, 0.35, 400)})
    spec = imported_metric_chart(values, "Conversion rate", "ratio", lang=lang).to_dict()
    y = spec["encoding"]["y"]
    assert y["axis"]["format"] == ".0%" and y["scale"]["zero"] is False
    assert y["title"].endswith("(%)")
    assert spec["encoding"]["x"]["axis"]["format"] == "%b %Y"  # over a year: months, not days
    if lang == "de":
        assert spec["config"]["locale"]["number"]["percent"] == "\u00a0%"  # 30 %, as the tables write it


def test_the_import_button_counts_rows_in_singular_and_plural(empty_app_db):
    at = open_page("pages/4_Data.py", lang="de")
    at.file_uploader(key="data.upload.files").set_value(("eins.csv", b"Datum;Kennzahl;Wert\n24.11.2026;Umsatz;5\n",
                                                         "text/csv")).run()
    assert not at.exception
    assert at.button(key="data.import.0").label == "eins.csv importieren (1 Zeile)"


def test_a_definitions_preview_speaks_the_page_language(empty_app_db):
    at = open_page("pages/4_Data.py", lang="de")
    data = b"metric,unit,direction,aggregation,kind,description\nSignups,count,up,sum,input,New trials\n"
    at.file_uploader(key="data.upload.files").set_value(("defs.csv", data, "text/csv")).run()
    assert not at.exception
    preview = next(df.value for df in at.dataframe if "Richtung" in df.value.columns)
    row = preview.iloc[0].tolist()
    assert "höher ist besser" in row and "Anzahl" in row and "Summe" in row
