"""Overview for leadership: North Star, OKR status, bets, output vs outcome."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period, north_star_figures, period_slice, releases_in
from dashboard.charts import north_star_chart
from dashboard.i18n import fmt_percent, fmt_period, fmt_value, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, period_filter, team_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.overview import render_bets, render_objectives, render_output_vs_outcome

ctx = page_frame("overview.title", "overview.caption")
metrics = cache.metric_summary(ctx.engine)
if metrics.empty and cache.outputs(ctx.engine).empty:
    empty_state("common.empty_workspace", link_page="pages/4_Data.py", link_key="common.go_to_data")
    st.stop()

left, right = st.columns(2)
with left:
    team_id = team_filter(ctx, "overview.team")
with right:
    period = period_filter(ctx, "overview.period", default_period(cache.periods(ctx.engine), date.today()))

north = metrics[metrics["kind"] == "north_star"]
outputs = cache.outputs(ctx.engine)
releases = releases_in(outputs, period, team_id)
ns_change = None
if north.empty:
    empty_state("overview.no_north_star", link_page="pages/6_Settings.py", link_key="menu.settings")
else:
    ns = north.iloc[0]
    st.subheader(t("overview.north_star", name=ns["name"]))
    values = cache.metric_values(ctx.engine, int(ns["id"]))
    figures = north_star_figures(values, period)
    ns_change = figures.change
    shipped_linked = releases["linked"].mean() if len(releases) else None
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.latest"), fmt_value(figures.latest, ns["unit"]))
    c2.metric(t("overview.change_in_quarter"), fmt_percent(figures.change, 1, sign=True))
    c3.metric(t("overview.outputs_shipped"), len(releases))
    c4.metric(t("overview.linked_share"), fmt_percent(shipped_linked))
    shown = period_slice(values, period, lead_days=14)
    if shown.empty:
        empty_state("overview.no_ns_data", period=fmt_period(period))
    else:
        st.altair_chart(
            north_star_chart(shown, releases, metric_name=ns["name"], unit=ns["unit"], aggregation=ns["aggregation"]),
        )

render_objectives(ctx, period, team_id)
render_bets(ctx, team_id)
render_output_vs_outcome(ctx, period, team_id, ns_change)
