"""Settings: teams and metric definitions."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui import cache
from dashboard.ui.components import empty_state
from dashboard.ui.frame import page_frame

ctx = page_frame("settings.title", "settings.caption")
st.subheader(t("settings.teams"))
teams = cache.teams(ctx.engine, include_archived=True)
if teams.empty:
    empty_state("settings.no_teams")
else:
    st.dataframe([{t("settings.name"): r.name} for r in teams.itertuples()], hide_index=True, width="stretch")

st.subheader(t("settings.metrics"))
metrics = cache.metric_summary(ctx.engine)
if metrics.empty:
    empty_state("data.no_metrics")
else:
    st.dataframe(
        [
            {
                t("settings.name"): m.name,
                t("common.unit"): m.unit,
                t("settings.direction"): t(f"direction.{m.direction}"),
                t("settings.aggregation"): t(f"aggregation.{m.aggregation}"),
                t("settings.kind"): t(f"kind.{m.kind}"),
                t("common.description"): m.description,
            }
            for m in metrics.itertuples()
        ],
        hide_index=True,
        width="stretch",
    )
