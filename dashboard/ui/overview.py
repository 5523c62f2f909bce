"""Overview sections that several pages share."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import fmt_period, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state
from dashboard.ui.frame import PageContext


def render_objectives(ctx: PageContext, period: str, team_id: int | None) -> None:
    """The quarter's objectives with their key results."""
    st.subheader(t("overview.objectives", period=fmt_period(period)))
    objectives = cache.objectives(ctx.engine, period)
    if team_id is not None:
        objectives = objectives[objectives["team_id"] == team_id]
    if objectives.empty:
        empty_state("overview.no_objectives", link_page="pages/1_Objectives.py", link_key="menu.objectives",
                    period=fmt_period(period))
        return
    krs = cache.key_results(ctx.engine)
    counts = krs.groupby("objective_id").size()
    shown = objectives.assign(
        team=objectives["team"].replace("", t("common.company")),
        status=objectives["status"].map(lambda s: t(f"objective_status.{s}")),
        krs=objectives["id"].map(counts).fillna(0).astype(int),
    )[["title", "team", "owner", "status", "krs"]]
    st.dataframe(
        shown.rename(columns={
            "title": t("common.title"), "team": t("common.team"), "owner": t("common.owner"),
            "status": t("common.status"), "krs": t("overview.key_results"),
        }),
        hide_index=True, width="stretch",
    )


def render_bets(ctx: PageContext, team_id: int | None) -> None:
    """Hypotheses by status."""
    st.subheader(t("overview.bets"))
    hyps = cache.hypotheses(ctx.engine)
    if team_id is not None:
        hyps = hyps[hyps["team_id"] == team_id]
    if hyps.empty:
        empty_state("overview.no_bets", link_page="pages/2_Hypotheses.py", link_key="menu.hypotheses")
        return
    counts = hyps["status"].value_counts()
    cols = st.columns(min(len(counts), 6))
    for col, (status, count) in zip(cols, counts.head(6).items(), strict=False):
        col.metric(t(f"hypothesis_status.{status}"), int(count))
