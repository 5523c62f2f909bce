"""Pure Altair charts: DataFrame in, chart out. Every chart has a title, labelled axes and tooltips,
and rolls data up so that no chart ships more than a few thousand rows to the browser."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.i18n import get_language, label, t
from dashboard.models import HypothesisStatus, KeyResultStatus, Verdict

MAX_POINTS = 2000
PALETTE = {"primary": "#2563eb", "muted": "#94a3b8", "release": "#f97316", "good": "#16a34a", "bad": "#dc2626"}

# Verdicts and key-result statuses keep their colour and shape in every language: the scales are
# keyed by the stored value (`validated`, `on_track`), never by the translated label's sort order.
VERDICT_STYLE = {
    Verdict.validated: ("#15803d", "circle"),
    Verdict.partial: ("#2563eb", "diamond"),
    Verdict.inconclusive: ("#64748b", "square"),
    Verdict.invalidated: ("#b91c1c", "cross"),
    Verdict.insufficient_data: ("#c2410c", "triangle-up"),
}
STATUS_STYLE = {
    KeyResultStatus.on_track: ("#15803d", "circle"),
    KeyResultStatus.at_risk: ("#c2410c", "triangle-up"),
    KeyResultStatus.off_track: ("#b91c1c", "cross"),
}
_VERDICT_VALUES = {v.value for v in Verdict}
VERDICT_COLOURS = {verdict: colour for verdict, (colour, _) in VERDICT_STYLE.items()}
STATUS_COLOURS = {status: colour for status, (colour, _) in STATUS_STYLE.items()}
# Teams are categories, not judgements: calm, distinguishable colours without red or green.
TEAM_COLOURS = ["#1d4ed8", "#7c3aed", "#0891b2", "#a16207", "#475569", "#db2777", "#4f46e5", "#0f766e"]


def verdict_label(value: str) -> str:
    """A verdict's label in the current language (`insufficient data` included); a bet not measured yet
    shows its status (`measuring`, `planned`, ...)."""
    return label(Verdict, value) if value in _VERDICT_VALUES else label(HypothesisStatus, value)


def _fixed_scale(style: dict[str, tuple[str, str]], field: str, title: str, label_expr: dict[str, str], *,
                 channel: str, legend: alt.Legend | None = None):
    domain = list(style)
    labels = " : ".join(f"datum.value === {value!r} ? {label!r}" for value, label in label_expr.items())
    legend = legend or alt.Legend(orient="top", labelExpr=f"{labels} : datum.value" if labels else None)
    if channel == "color":
        return alt.Color(f"{field}:N", title=title, legend=legend,
                         scale=alt.Scale(domain=domain, range=[c for c, _ in style.values()]))
    return alt.Shape(f"{field}:N", title=title, legend=legend,
                     scale=alt.Scale(domain=domain, range=[s for _, s in style.values()]))


def verdict_encoding(field: str = "verdict", *, channel: str = "color", title: str | None = None):
    """Colour (or shape) by verdict, fixed per verdict value; the legend shows the translated labels."""
    return _fixed_scale(VERDICT_STYLE, field, t("hypotheses.verdict") if title is None else title,
                        {v: verdict_label(v) for v in VERDICT_STYLE}, channel=channel)


def status_encoding(field: str = "status", *, channel: str = "color", title: str | None = None):
    """Colour (or shape) by key-result status, fixed per status value, labels translated."""
    return _fixed_scale(STATUS_STYLE, field, t("okr.kr_status") if title is None else title,
                        {v: t(f"okr.status.{v}") for v in STATUS_STYLE}, channel=channel)


def team_encoding(field: str = "team", *, teams: list[str] | None = None, legend: alt.Legend | None = None):
    """Colour by team from the neutral team palette (in the order the teams are given)."""
    scale = alt.Scale(range=TEAM_COLOURS) if teams is None else alt.Scale(
        domain=list(teams), range=[TEAM_COLOURS[i % len(TEAM_COLOURS)] for i in range(len(teams))])
    return alt.Color(f"{field}:N", title=t("common.team"), scale=scale,
                     legend=legend if legend is not None else alt.Legend(orient="top"))


def roll_up(values: pd.DataFrame, aggregation: str = "mean", max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Daily values rolled up to weeks (or months) when there are more than `max_points`."""
    if len(values) <= max_points:
        return values
    rule = "W-MON" if len(values) / 7 <= max_points else "MS"
    how = {"mean": "mean", "sum": "sum", "last": "last"}.get(aggregation, "mean")
    rolled = values.set_index("date")["value"].resample(rule, label="left", closed="left").agg(how).dropna()
    return rolled.reset_index()


GERMAN_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
    "time": {
        "dateTime": "%A, der %e. %B %Y, %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        "shortDays": ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                   "Oktober", "November", "Dezember"],
        "shortMonths": ["Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    },
}


def localize(chart: alt.TopLevelMixin, lang: str | None = None) -> alt.TopLevelMixin:
    """Apply the language's number and date locale (decimal comma, German month names) to a chart."""
    if (lang or get_language()) != "de":
        return chart
    if chart.config is alt.Undefined:
        return chart.configure(locale=GERMAN_LOCALE)
    chart = chart.copy(deep=["config"])  # keep the chart's other configuration
    chart.config.locale = GERMAN_LOCALE
    return chart


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "", anchor="start", fontSize=15, subtitleColor="#64748b")
