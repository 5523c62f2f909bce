"""Outputs: what each team shipped, whether it is tied to an outcome, and hand-made edits and links."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui import cache
from dashboard.ui import outputs as ui
from dashboard.ui.components import empty_state
from dashboard.ui.frame import page_frame

ctx = page_frame("outputs.title", "outputs.caption")
outputs = cache.outputs(ctx.engine)
if outputs.empty:
    empty_state("outputs.empty_can_add" if ctx.can_edit else "outputs.empty",
                link_page="pages/4_Data.py", link_key="common.go_to_data")
    if ctx.can_edit:
        ui.render_editor(ctx, outputs)
    st.stop()

from_address = ui.output_from_address(outputs)
filters = ui.render_filters(ctx, outputs)
shown = ui.apply_filters(outputs, filters)
tab_names = [t("outputs.tab.list"), t("outputs.tab.unlinked")] + ([t("outputs.tab.edit")] if ctx.can_edit else [])
if ctx.can_edit and (from_address or ui.PENDING_KEY in st.session_state):
    # An output named in the address opens for editing, and so does one just added.
    st.session_state[ui.TAB_KEY] = tab_names[-1]
# Only the open tab runs (and is sent): the unlinked panel's table per team costs nothing until it is chosen.
tabs = st.tabs(tab_names, key=ui.TAB_KEY, on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        if shown.empty:
            empty_state("outputs.filter.none_match")
        else:
            ui.render_figures(shown)
            ui.render_chart(shown)
            ui.render_table(ctx, shown)
if tabs[1].open:
    with tabs[1]:
        ui.render_unlinked_panel(outputs, filters, ctx.lang)
if ctx.can_edit and tabs[2].open:
    with tabs[2]:
        ui.render_editor(ctx, outputs, shown)
