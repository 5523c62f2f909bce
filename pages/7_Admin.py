"""Admin: people and roles, and the audit trail."""

from dashboard.models import Role
from dashboard.ui.admin import render_page
from dashboard.ui.frame import page_frame

ctx = page_frame("menu.admin", "admin.caption", needs=Role.admin)
render_page(ctx)
