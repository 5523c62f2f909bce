"""Charts for the Data page: one line per imported metric (segments as colours), rolled up when large."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import date_axis, date_span, localize, value_axis, value_format
from dashboard.i18n import RATIO, chart_date_format, t, t_plural, unit_label

MAX_POINTS = 1_500
MAX_SEGMENTS = 8
CHART_HEIGHT = 320


def _roll_up(values: pd.DataFrame, aggregation: str) -> pd.DataFrame:
    """Keep a chart's rows bounded: weekly, then monthly means/sums when there are too many points."""
    for freq in ("W", "MS"):
        if len(values) <= MAX_POINTS:
            break
        how = "sum" if aggregation == "sum" else ("last" if aggregation == "last" else "mean")
        values = (
            values.set_index("date").groupby("segment")["value"].resample(freq).agg(how).dropna().reset_index()
        )
    return values


def imported_metric_chart(
    values: pd.DataFrame, metric: str, unit: str = "", aggregation: str = "mean", lang: str | None = None
) -> alt.Chart:
    """A line chart of one metric (`date`, `segment`, `value`), a line per segment (top segments only)."""
    frame = values[["date", "segment", "value"]].copy()
    frame["date"] = pd.to_datetime(frame["date"])
    frame["segment"] = frame["segment"].replace("", t("data.chart.all", lang=lang))
    top = frame["segment"].value_counts().head(MAX_SEGMENTS).index
    frame = _roll_up(frame[frame["segment"].isin(top)], aggregation)
    shown_unit = "%" if unit == RATIO else unit_label(unit, lang)
    value_title = t("common.value", lang=lang) + (f" ({shown_unit})" if unit and unit != "count" else "")
    base = alt.Chart(frame, title=alt.Title(metric, subtitle=t_plural("data.chart.subtitle", len(values), lang=lang),
                                            anchor="start"))
    encoding = {
        "x": alt.X("date:T", title=t("common.date", lang=lang), axis=date_axis(date_span(frame["date"]), lang=lang)),
        "y": alt.Y("value:Q", title=value_title, axis=value_axis(unit), scale=alt.Scale(zero=False)),
        "tooltip": [
            alt.Tooltip("date:T", title=t("common.date", lang=lang), format=chart_date_format(lang)),
            alt.Tooltip("segment:N", title=t("data.segment", lang=lang)),
            alt.Tooltip("value:Q", title=t("common.value", lang=lang), format=value_format(unit)),
        ],
    }
    if frame["segment"].nunique() > 1:
        encoding["color"] = alt.Color("segment:N", title=t("data.segment", lang=lang),
                                      legend=alt.Legend(orient="top", columns=4, labelLimit=120))
    # Streamlit fits title, legend, axes and plot into the height: leave the plot room.
    return localize(base.mark_line(point=len(frame) <= 60, strokeWidth=1.5).encode(**encoding)
                    .properties(height=CHART_HEIGHT), lang)
