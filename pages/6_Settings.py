"""Settings: teams and metric definitions."""

from dashboard.ui.frame import page_frame
from dashboard.ui.settings import render_page

ctx = page_frame("settings.title", "settings.caption")
render_page(ctx)
