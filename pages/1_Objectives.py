"""Objectives and their key results per team and quarter: figures, charts, check-ins, forms."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period
from dashboard.ui import cache
from dashboard.ui.components import period_filter, team_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.objectives.view import render_page

ctx = page_frame("objectives.title", "objectives.caption")
today = date.today()
left, right = st.columns(2)
with left:
    team_id = team_filter(ctx, "objectives.team")
with right:
    period = period_filter(ctx, "objectives.period", default_period(cache.periods(ctx.engine), today))

render_page(ctx, team_id=team_id, period=period, today=today)
