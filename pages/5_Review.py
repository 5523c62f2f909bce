"""Quarterly review: live or frozen numbers, what changed, the presentation view and the deck."""

from datetime import date

from dashboard.ui.frame import page_frame
from dashboard.ui.review import render_page

ctx = page_frame("review.title", "review.caption")
render_page(ctx, date.today())
