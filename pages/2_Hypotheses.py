"""Hypotheses: bets with the effect they promise, measured from the data; learnings; focus."""

from datetime import date

import streamlit as st

from dashboard.i18n import md, t
from dashboard.ui.components import empty_state, keep_in_url, team_filter, url_choice
from dashboard.ui.frame import page_frame
from dashboard.ui.hypotheses import forms, view
from dashboard.ui.hypotheses.data import load
from dashboard.ui.hypotheses.learnings import render_learnings

ctx = page_frame("hypotheses.title", "hypotheses.caption")
team_id = team_filter(ctx, "hypotheses.team")
data = load(ctx, date.today())
view.render_focus(ctx, data, team_id)

# Only the open tab runs (and is sent): the others cost nothing until they are chosen. The open tab is
# kept in the address (`?tab=learnings`), so a shared link opens it.
TABS = {
    "bets": t("hypotheses.tab.bets"), "new": t("hypotheses.tab.new"), "learnings": t("learnings.title"),
    "calibration": t("hypotheses.tab.calibration"),
    "let-go": md("hypotheses.tab.let_go", count=int((data.hyps["status"] == "stopped").sum())),
}
url_choice("tab", "hypotheses.tab", TABS, t("hypotheses.tab_param"))
bets, new, learnings, calibration, let_go = st.tabs(list(TABS.values()), key="hypotheses.tab", on_change="rerun")
keep_in_url("tab", "hypotheses.tab", next((slug for slug, label in TABS.items()
                                            if label == st.session_state.get("hypotheses.tab")), None))
if bets.open:
    with bets:
        if data.hyps.empty:
            empty_state("hypotheses.empty")
        else:
            view.render_list(data, team_id)
            chosen = view.selected_hypothesis(data, team_id)
            if chosen is not None:
                view.render_detail(ctx, data, chosen)
if new.open:
    with new:
        if data.metrics.empty:
            empty_state("hypotheses.form.no_metrics", link_page="pages/4_Data.py", link_key="common.go_to_data")
        elif ctx.can_edit:
            forms.render_form(ctx, data, team_id=team_id)
        else:
            empty_state("hypotheses.form.read_only")
if learnings.open:
    with learnings:
        render_learnings(ctx, data, team_id)
if calibration.open:
    with calibration:
        view.render_calibration(data, team_id)
if let_go.open:
    with let_go:
        view.render_let_go(data, team_id)
