"""Quarterly review: one quarter at a glance, for the review meeting."""

from datetime import date

from dashboard.analysis.overview import default_period
from dashboard.ui import cache
from dashboard.ui.components import period_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.overview import render_bets, render_north_star, render_objectives, render_output_vs_outcome

ctx = page_frame("review.title", "review.caption")
period = period_filter(ctx, "review.period", default_period(cache.periods(ctx.engine), date.today()))
ns_change = render_north_star(ctx, period, None)
render_objectives(ctx, period, None)
render_bets(ctx, None, period)
render_output_vs_outcome(ctx, period, None, ns_change)
