"""Quarterly review: one quarter at a glance, for the review meeting."""

from datetime import date

from dashboard.analysis.overview import default_period
from dashboard.ui import cache
from dashboard.ui.components import period_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.overview import Scope, render_bets, render_north_star, render_okrs, render_output_vs_outcome

ctx = page_frame("review.title", "review.caption")
today = date.today()
period = period_filter(ctx, "review.period", default_period(cache.periods(ctx.engine), today), url_param="quarter")
scope = Scope(period=period, team_id=None, team_name=None, today=today)
ns_change = render_north_star(ctx, scope)
render_okrs(ctx, scope)
render_bets(ctx, scope)
render_output_vs_outcome(ctx, scope, ns_change)
