"""Quarterly review: one quarter at a glance."""

from datetime import date

import streamlit as st

from dashboard.analysis.overview import default_period, releases_in
from dashboard.i18n import fmt_date, fmt_percent, t
from dashboard.ui import cache
from dashboard.ui.components import period_filter
from dashboard.ui.frame import page_frame
from dashboard.ui.overview import render_bets, render_objectives

ctx = page_frame("review.title", "review.caption")
period = period_filter(ctx, "review.period", default_period(cache.periods(ctx.engine), date.today()))
render_objectives(ctx, period, None)
render_bets(ctx, None)

st.subheader(t("review.outputs_vs_outcomes"))
shipped = releases_in(cache.outputs(ctx.engine), period)
c1, c2 = st.columns(2)
c1.metric(t("review.shipped"), len(shipped))
c2.metric(t("review.linked_share"), fmt_percent(shipped["linked"].mean() if len(shipped) else None))
unlinked = shipped[~shipped["linked"]]
if not unlinked.empty:
    st.markdown(f"**{t('review.unlinked')}**")
    st.dataframe(
        [{t("common.key"): o.key, t("common.title"): o.title, t("common.team"): o.team,
          t("outputs.shipped_on"): fmt_date(o.shipped_on)} for o in unlinked.itertuples()],
        hide_index=True, width="stretch",
    )
