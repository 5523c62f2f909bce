"""Overview for leadership: North Star, OKR status, bets, output vs outcome."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period
from dashboard.ui import cache
from dashboard.ui.components import empty_state, period_filter, team_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.overview import render_bets, render_north_star, render_objectives, render_output_vs_outcome

ctx = page_frame("overview.title", "overview.caption")
if cache.metric_summary(ctx.engine).empty and cache.outputs(ctx.engine).empty:
    empty_state("common.empty_workspace", link_page="pages/4_Data.py", link_key="common.go_to_data")
    st.stop()

left, right = st.columns(2)
with left:
    team_id = team_filter(ctx, "overview.team")
with right:
    period = period_filter(ctx, "overview.period", default_period(cache.periods(ctx.engine), date.today()))

ns_change = render_north_star(ctx, period, team_id)
render_objectives(ctx, period, team_id)
render_bets(ctx, team_id)
render_output_vs_outcome(ctx, period, team_id, ns_change)
