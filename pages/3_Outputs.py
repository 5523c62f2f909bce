"""Outputs: what each team shipped and whether it is tied to an outcome."""

import streamlit as st

from dashboard.i18n import fmt_date, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, team_filter
from dashboard.ui.frame import page_frame

ctx = page_frame("outputs.title", "outputs.caption")
team_id = team_filter(ctx, "outputs.team")
outputs = cache.outputs(ctx.engine)
if team_id is not None:
    outputs = outputs[outputs["team_id"] == team_id]
if outputs.empty:
    empty_state("outputs.empty", link_page="pages/4_Data.py", link_key="common.go_to_data")
    st.stop()
rows = [
    {
        t("common.key"): o.key,
        t("common.title"): o.title,
        t("common.type"): o.type,
        t("common.team"): o.team,
        t("common.status"): o.status,
        t("outputs.shipped_on"): fmt_date(o.shipped_on) if o.shipped_on else "—",
        t("outputs.linked"): t("common.yes") if o.linked else t("common.no"),
    }
    for o in outputs.itertuples()
]
st.dataframe(rows, hide_index=True, width="stretch")
