"""Overview for leadership: one scope (quarter, all teams or one) at a glance, kept in the URL."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period
from dashboard.i18n import t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, period_filter, team_filter
from dashboard.ui.frame import load_demo_workspace, page_frame
from dashboard.ui.overview import (
    Scope,
    render_bets,
    render_north_star,
    render_okrs,
    render_output_vs_outcome,
    scope_caption,
)

ctx = page_frame("overview.title", "overview.caption")
if cache.metric_summary(ctx.engine).empty and cache.outputs(ctx.engine).empty:
    empty_state("common.empty_workspace", link_page="pages/4_Data.py", link_key="common.go_to_data")
    if ctx.is_admin and st.button(t("common.load_demo"), icon=":material/auto_awesome:", key="overview.load_demo"):
        load_demo_workspace(ctx)
    st.stop()

today = date.today()
left, right = st.columns(2)
with left:
    team_id = team_filter(ctx, "overview.team", url_param="team")
with right:
    period = period_filter(ctx, "overview.period", default_period(cache.periods(ctx.engine), today), url_param="quarter")
teams = cache.teams(ctx.engine)
team_name = None if team_id is None else str(teams.loc[teams["id"] == team_id, "name"].iloc[0])
scope = Scope(period=period, team_id=team_id, team_name=team_name, today=today)
scope_caption(scope)

render_north_star(ctx, scope)
render_okrs(ctx, scope)
render_bets(ctx, scope)
render_output_vs_outcome(ctx, scope)
