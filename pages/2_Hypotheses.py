"""Hypotheses: bets with the effect they promise, measured from the data; learnings; focus."""

from datetime import date

import streamlit as st

from dashboard.i18n import md, t
from dashboard.ui import hypotheses as ui
from dashboard.ui.components import empty_state, team_filter
from dashboard.ui.frame import page_frame

ctx = page_frame("hypotheses.title", "hypotheses.caption")
team_id = team_filter(ctx, "hypotheses.team")
data = ui.load(ctx, date.today())
ui.show_flash()
ui.render_focus(ctx, data, team_id)

# Only the open tab runs (and is sent): the others cost nothing until they are chosen.
bets, new, learnings, calibration, let_go = st.tabs([
    t("hypotheses.tab.bets"), t("hypotheses.tab.new"), t("learnings.title"),
    t("hypotheses.tab.calibration"), md("hypotheses.tab.let_go", count=int((data.hyps["status"] == "stopped").sum())),
], key="hypotheses.tab", on_change="rerun")
if bets.open:
    with bets:
        if data.hyps.empty:
            empty_state("hypotheses.empty")
        else:
            ui.render_list(data, team_id)
            chosen = ui.selected_hypothesis(data, team_id)
            if chosen is not None:
                ui.render_detail(ctx, data, chosen)
if new.open:
    with new:
        if data.metrics.empty:
            empty_state("hypotheses.form.no_metrics", link_page="pages/4_Data.py", link_key="common.go_to_data")
        elif ctx.can_edit:
            ui.render_form(ctx, data, team_id=team_id)
        else:
            empty_state("hypotheses.form.read_only")
if learnings.open:
    with learnings:
        ui.render_learnings(ctx, data, team_id)
if calibration.open:
    with calibration:
        ui.render_calibration(data, team_id)
if let_go.open:
    with let_go:
        ui.render_let_go(data, team_id)
