"""Key result chart: the path from baseline towards target, with the projection to the quarter's end."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.analysis.periods import quarter_bounds
from dashboard.charts import PALETTE, _title, date_axis, localize, value_axis
from dashboard.i18n import RATIO, chart_date_format, fmt_value, get_language, t, unit_label

MAX_PATH_POINTS = 200
# d3 formats numbers the English way; German axis labels swap the separators (1.234,5).
GERMAN_NUMBER_LABEL = (
    "replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), regexp('[.]', 'g'), ','),"
    " regexp('_', 'g'), '.')"
)
CHART_HEIGHT = 190


def key_result_chart(
    path: pd.DataFrame,
    projection: pd.DataFrame,
    *,
    title: str,
    period: str,
    baseline: float,
    target: float,
    stretch: float | None = None,
    unit: str = "",
    releases: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """A small chart of one key result: actual path (solid), baseline/target/stretch lines, and the
    linear projection to the period's end (dashed, labelled as projection).

    `path` and `projection`: `date`, `value`. `releases` (optional): outputs meant to move the key
    result (`date`, `output`, `hypothesis`, `verdict`, `team`), drawn as rules coloured by verdict.
    """
    start, end = quarter_bounds(period)
    fmt = chart_date_format()
    actual_label, projection_label = t("okr.chart.actual"), t("okr.chart.projection")
    actual = path[["date", "value"]].copy() if path is not None else pd.DataFrame(columns=["date", "value"])
    actual["date"] = pd.to_datetime(actual["date"])
    if actual.empty or actual["date"].min() > pd.Timestamp(start):
        # The path starts at the baseline on the quarter's first day.
        actual = pd.concat([pd.DataFrame({"date": [pd.Timestamp(start)], "value": [float(baseline)]}), actual])
    if len(actual) > MAX_PATH_POINTS:
        actual = actual.iloc[:: max(1, len(actual) // MAX_PATH_POINTS)]
    actual = actual.assign(series=actual_label, shown=[fmt_value(v, unit) for v in actual["value"]])
    lines = [actual]
    if projection is not None and not projection.empty:
        proj = projection[["date", "value"]].copy()
        proj["date"] = pd.to_datetime(proj["date"])
        lines.append(proj.assign(series=projection_label, shown=[fmt_value(v, unit) for v in proj["value"]]))
    series = pd.concat(lines, ignore_index=True)

    refs = [(t("kr.baseline"), baseline, PALETTE["muted"]), (t("kr.target"), target, PALETTE["good"])]
    if stretch is not None:
        refs.append((t("kr.stretch"), stretch, "#86efac"))
    ref_frame = pd.DataFrame(
        {"label": [r[0] for r in refs], "value": [float(r[1]) for r in refs],
         "shown": [fmt_value(r[1], unit) for r in refs]}
    )

    x_scale = alt.Scale(domain=[pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()])
    values = [*series["value"].tolist(), *ref_frame["value"].tolist()]
    pad = (max(values) - min(values)) * 0.08 or abs(max(values)) * 0.05 or 1.0
    y_scale = alt.Scale(domain=[min(values) - pad, max(values) + pad], zero=False, nice=False)
    x_axis = date_axis(tick_count=4)
    if unit == RATIO:
        y_axis = value_axis(unit)
    else:
        y_axis = alt.Axis(labelExpr=GERMAN_NUMBER_LABEL) if get_language() == "de" else alt.Axis()
    y_title = t("common.value") + (f" ({'%' if unit == RATIO else unit_label(unit)})" if unit and unit != "count" else "")

    line_chart = (
        alt.Chart(series)
        .mark_line(strokeWidth=2, color=PALETTE["primary"], point=alt.OverlayMarkDef(size=18, color=PALETTE["primary"]))
        .encode(
            x=alt.X("date:T", title=t("common.date"), scale=x_scale, axis=x_axis),
            y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=[actual_label, projection_label], range=[[1, 0], [6, 4]]),
                legend=None,  # the dashed part carries a "projection" label instead
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("okr.chart.series")),
                alt.Tooltip("date:T", title=t("common.date"), format=fmt),
                alt.Tooltip("shown:N", title=t("common.value")),
            ],
        )
    )
    rules = [
        alt.Chart(ref_frame[ref_frame["label"] == label])
        .mark_rule(strokeDash=[2, 2], strokeWidth=1.5, color=color)
        .encode(
            y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis),
            tooltip=[alt.Tooltip("label:N", title=t("okr.chart.reference")), alt.Tooltip("shown:N", title=t("common.value"))],
        )
        for label, _, color in refs
    ]
    rule_labels = (
        alt.Chart(ref_frame)
        .mark_text(align="left", dx=4, dy=-6, fontSize=10, color="#475569")
        .encode(x=alt.value(0), y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis), text="label:N")
    )
    layers = [*rules, rule_labels, line_chart]
    if releases is not None and not releases.empty:
        from dashboard.charts.leadership import release_rules

        layers.insert(0, release_rules(releases, x_scale=x_scale, legend=False))
    if len(lines) > 1:
        end_point = lines[1].tail(1)
        layers.append(
            alt.Chart(end_point)
            .mark_text(align="right", dx=-2, dy=-8, fontSize=10, fontStyle="italic", color=PALETTE["primary"])
            .encode(
                x=alt.X("date:T", title=t("common.date"), scale=x_scale, axis=x_axis),
                y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis),
                text="series:N",
            )
        )
    chart = alt.layer(*layers)
    if releases is not None and not releases.empty:
        chart = chart.resolve_scale(color="independent")
    # The chart sits in half a page: its subtitle in short lines.
    return localize(chart.properties(title=_title(title, t("okr.chart.subtitle"), line_chars=60), height=CHART_HEIGHT))
