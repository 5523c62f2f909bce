"""Data: upload spreadsheets (preview, choices, import), metrics with their data, import history with undo."""

from dashboard.ui.data_page import (
    history_section,
    metrics_section,
    templates_section,
    upload_section,
    workspace_download_section,
)
from dashboard.ui.frame import page_frame

ctx = page_frame("data.title", "data.caption")
upload_section(ctx)
if ctx.can_edit:
    templates_section()
metrics_section(ctx)
history_section(ctx)
workspace_download_section(ctx)
