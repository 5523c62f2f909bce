"""Settings: teams and metric definitions."""

from dashboard.models import Role
from dashboard.ui.frame import page_frame
from dashboard.ui.settings import render_page

ctx = page_frame("settings.title", "settings.caption", needs=Role.admin)
render_page(ctx)
