"""Metrics: one metric over time with its releases, key-result lines and projection."""

from datetime import date

from dashboard.ui.explorer import render_page
from dashboard.ui.frame import page_frame

ctx = page_frame("explorer.title", "explorer.caption")
render_page(ctx, date.today())
