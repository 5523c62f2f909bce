"""Charts of shipped work: outputs per week, linked to an outcome or not."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PALETTE, _title, date_axis, date_span, localize
from dashboard.i18n import chart_date_format, t


def shipped_per_week_chart(weekly: pd.DataFrame) -> alt.Chart:
    """Stacked bars of outputs shipped per week, linked vs not linked to any outcome.

    `weekly`: `week` (Monday), `linked` (bool), `count`, as from `analysis.outputs.shipped_per_week`.
    """
    fmt = chart_date_format()
    linked_label, unlinked_label = t("outputs.chart.linked"), t("outputs.chart.unlinked")
    data = weekly.assign(
        week=pd.to_datetime(weekly["week"]),
        series=weekly["linked"].map({True: linked_label, False: unlinked_label}),
        # Linked work at the bottom of each bar, so the unlinked part reads as "the rest".
        order=weekly["linked"].map({True: 0, False: 1}),
    )
    return localize(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title=t("outputs.chart.week"), axis=date_axis(date_span(data["week"]), tick_count=8)),
            y=alt.Y("sum(count):Q", title=t("outputs.chart.count"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "series:N",
                title=t("outputs.chart.series"),
                scale=alt.Scale(domain=[linked_label, unlinked_label], range=[PALETTE["primary"], PALETTE["muted"]]),
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("week:T", title=t("outputs.chart.week"), format=fmt),
                alt.Tooltip("series:N", title=t("outputs.chart.series")),
                alt.Tooltip("count:Q", title=t("outputs.chart.count")),
            ],
        )
        .properties(title=_title(t("outputs.chart.title"), t("outputs.chart.subtitle")), height=260)
        .configure_axis(labelFontSize=11, titleFontSize=12)
    )
