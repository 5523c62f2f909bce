"""Objectives and their key results per team and quarter."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period
from dashboard.i18n import fmt_period, fmt_value, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, period_filter, team_filter
from dashboard.ui.frame import page_frame

ctx = page_frame("objectives.title", "objectives.caption")
left, right = st.columns(2)
with left:
    team_id = team_filter(ctx, "objectives.team")
with right:
    period = period_filter(ctx, "objectives.period", default_period(cache.periods(ctx.engine), date.today()))

objectives = cache.objectives(ctx.engine, period)
if team_id is not None:
    objectives = objectives[objectives["team_id"] == team_id]
if objectives.empty:
    empty_state("objectives.empty", period=fmt_period(period))
    st.stop()

krs = cache.key_results(ctx.engine)
for obj in objectives.itertuples():
    team = obj.team or t("common.company")
    st.markdown(f"#### {obj.title}")
    st.caption(f"{team} · {obj.owner or '—'} · {t(f'objective_status.{obj.status}')}")
    own = krs[krs["objective_id"] == obj.id]
    rows = [
        {
            t("common.title"): kr.title,
            t("common.metric"): kr.metric or t("kr.metric_manual"),
            t("kr.baseline"): fmt_value(kr.baseline, kr.unit),
            t("kr.target"): fmt_value(kr.target, kr.unit),
            t("kr.stretch"): fmt_value(kr.stretch, kr.unit),
        }
        for kr in own.itertuples()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
