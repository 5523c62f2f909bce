"""Hypotheses: bets with the effect they promise, and the learnings."""

import streamlit as st

from dashboard.i18n import fmt_number, fmt_percent, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, team_filter
from dashboard.ui.frame import page_frame

ctx = page_frame("hypotheses.title", "hypotheses.caption")
team_id = team_filter(ctx, "hypotheses.team")
hyps = cache.hypotheses(ctx.engine)
if team_id is not None:
    hyps = hyps[hyps["team_id"] == team_id]
if hyps.empty:
    empty_state("hypotheses.empty")
    st.stop()


def expected(row) -> str:
    if row.change_kind == "relative":
        return fmt_percent(row.expected_change, 0, sign=True)
    suffix = " pp" if row.change_kind == "pp" else ""
    return fmt_number(row.expected_change, 1, sign=True) + suffix


rows = [
    {
        t("hypotheses.statement"): h.statement,
        t("common.team"): h.team,
        t("common.metric"): h.metric,
        t("hypotheses.expected"): expected(h),
        t("hypotheses.outputs"): ", ".join(h.output_keys),
        t("hypotheses.window"): h.window_days,
        t("common.status"): t(f"hypothesis_status.{h.status}"),
    }
    for h in hyps.itertuples()
]
st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(t("learnings.title"))
learnings = cache.learnings(ctx.engine)
if learnings.empty:
    empty_state("learnings.empty")
else:
    for row in learnings.itertuples():
        with st.expander(f"{row.title} · {t(f'learning_status.{row.status}')}"):
            st.markdown(f"{row.believed}\n\n{row.happened}\n\n{row.next_time}")
