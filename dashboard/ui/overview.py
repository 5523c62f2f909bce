"""Overview sections that several pages share."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import escape_md, fmt_period, md, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, show_table
from dashboard.ui.frame import PageContext


def render_objectives(ctx: PageContext, period: str, team_id: int | None) -> None:
    """The quarter's objectives with score, key results by status and the latest confidence."""
    from datetime import date

    from dashboard.i18n import fmt_number
    from dashboard.ui.objectives import okr_figures

    st.subheader(md("overview.objectives", period=fmt_period(period)))
    report = okr_figures(ctx.engine, period, date.today())
    if team_id is not None:
        report = [o for o in report if o["team_id"] == team_id]
    if not report:
        empty_state("overview.no_objectives", link_page="pages/1_Objectives.py", link_key="menu.objectives",
                    period=fmt_period(period))
        return
    statuses = [kr["status"] for obj in report for kr in obj["key_results"]]
    cols = st.columns(4)
    for col, status in zip(cols, ("on_track", "at_risk", "off_track"), strict=False):
        col.metric(t(f"okr.status.{status}"), statuses.count(status))
    cols[3].metric(t("overview.key_results"), len(statuses))
    rows = []
    for obj in report:
        krs = obj["key_results"]
        confidences = [kr["confidence"] for kr in krs if kr.get("confidence") is not None]
        counts = {s: sum(1 for kr in krs if kr["status"] == s) for s in ("on_track", "at_risk", "off_track")}
        rows.append(
            {
                t("common.title"): obj["title"],
                t("common.team"): obj["team"] or t("common.company"),
                t("overview.score"): fmt_number(obj["score"], 2),
                t("okr.status.on_track"): counts["on_track"],
                t("okr.status.at_risk"): counts["at_risk"],
                t("okr.status.off_track"): counts["off_track"],
                t("overview.confidence"): f"{min(confidences)}/10" if confidences else "—",
                t("common.status"): t(f"objective_status.{obj['status']}"),
            }
        )
    show_table(rows, hide_index=True, width="stretch")


def render_bets(ctx: PageContext, team_id: int | None, period: str | None = None) -> None:
    """Which bets worked: verdict counts, hit rate, and the measured bets with expected vs measured change.

    With `period`, only bets released in that quarter are listed.
    """
    from datetime import date

    from dashboard.analysis.overview import HITS, MEASURED
    from dashboard.analysis.periods import quarter_bounds
    from dashboard.i18n import fmt_date, fmt_percent
    from dashboard.services.hypotheses import format_change, format_interval
    from dashboard.ui.hypotheses import measurements

    st.subheader(t("overview.bets"))
    hyps = cache.hypotheses(ctx.engine)
    if team_id is not None:
        hyps = hyps[hyps["team_id"] == team_id]
    if hyps.empty:
        empty_state("overview.no_bets", link_page="pages/2_Hypotheses.py", link_key="menu.hypotheses")
        return
    results = measurements(ctx.engine, date.today())
    start, end = quarter_bounds(period) if period else (None, None)
    if period:
        def released(hyp_id: int) -> bool:
            m = results.get(hyp_id)
            return bool(m and m.t0 and start <= m.t0 <= end)

        hyps = hyps[hyps["id"].map(released)]
        if hyps.empty:
            st.caption(md("overview.no_bets_released", period=fmt_period(period)))
            return
    counts = hyps["status"].value_counts()
    measured = int(counts[counts.index.isin(MEASURED)].sum())
    hits = int(counts[counts.index.isin(HITS)].sum())
    cols = st.columns(6)
    for col, status in zip(cols, ("validated", "partial", "invalidated", "inconclusive"), strict=False):
        col.metric(t(f"hypothesis_status.{status}"), int(counts.get(status, 0)))
    cols[4].metric(t("overview.open_bets"), int(hyps["status"].isin(["planned", "shipped", "measuring"]).sum()))
    cols[5].metric(t("overview.hit_rate"), fmt_percent(hits / measured if measured else None),
                   help=t("overview.hit_rate_help"))
    rows = []
    for h in hyps.itertuples():
        m = results.get(h.id)
        if m is None or m.t0 is None:
            continue
        rows.append(
            {
                "_t0": m.t0,
                t("overview.hypothesis"): h.statement,
                t("common.team"): h.team,
                t("overview.released"): fmt_date(m.t0),
                t("overview.expected"): format_change(m.expected, m.change_kind, h.metric_unit),
                t("overview.measured"): format_change(m.measured_change, m.change_kind, h.metric_unit),
                t("overview.interval"): format_interval(m.ci_low, m.ci_high, m.change_kind, h.metric_unit),
                t("common.status"): t(f"hypothesis_status.{h.status}"),
            }
        )
    if rows:
        rows.sort(key=lambda r: r.pop("_t0"), reverse=True)
        show_table(rows, hide_index=True, width="stretch")
        st.caption(t("common.observational"))


def render_output_vs_outcome(ctx: PageContext, period: str, team_id: int | None, ns_change: float | None) -> None:
    """Per team: shipped, linked share, bets measured, hit rate; and the unlinked outputs by name."""
    from dashboard.analysis.overview import releases_in
    from dashboard.charts import output_outcome_chart
    from dashboard.i18n import fmt_date, fmt_percent

    st.subheader(t("overview.oo_title"))
    outputs = cache.outputs(ctx.engine)
    table = cache.output_vs_outcome(ctx.engine, period, team_id, ns_change)
    if table["shipped"].sum() == 0:
        empty_state("overview.no_outputs_in_quarter", period=fmt_period(period))
        return
    st.altair_chart(output_outcome_chart(table))
    show_table(
        [
            {
                t("common.team"): r.team,
                t("overview.outputs_shipped"): r.shipped,
                t("overview.linked_share"): fmt_percent(r.linked_share),
                t("overview.bets_in_quarter"): r.bets,
                t("overview.measured_share"): fmt_percent(r.measured_share),
                t("overview.hit_rate"): fmt_percent(r.hit_rate),
                t("overview.ns_change"): fmt_percent(r.north_star_change, 1, sign=True),
            }
            for r in table.itertuples()
        ],
        hide_index=True,
        width="stretch",
    )
    unlinked = releases_in(outputs, period, team_id)
    unlinked = unlinked[~unlinked["linked"]]
    if not unlinked.empty:
        with st.expander(md("overview.unlinked_list", count=len(unlinked))):
            show_table(
                [
                    {t("common.key"): o.key, t("common.title"): o.title, t("common.team"): o.team,
                     t("common.type"): o.type, t("outputs.shipped_on"): fmt_date(o.shipped_on)}
                    for o in unlinked.itertuples()
                ],
                hide_index=True,
                width="stretch",
            )


def render_north_star(ctx: PageContext, period: str, team_id: int | None) -> float | None:
    """North Star figures and chart with release markers; returns its change in the quarter."""
    from dashboard.analysis.overview import north_star_figures, period_slice, releases_in
    from dashboard.charts import north_star_chart
    from dashboard.i18n import fmt_percent, fmt_value

    metrics = cache.metric_summary(ctx.engine)
    north = metrics[metrics["kind"] == "north_star"]
    releases = releases_in(cache.outputs(ctx.engine), period, team_id)
    if north.empty:
        empty_state("overview.no_north_star", link_page="pages/6_Settings.py", link_key="menu.settings")
        return None
    ns = north.iloc[0]
    st.subheader(md("overview.north_star", name=ns["name"]))
    values = cache.metric_values(ctx.engine, int(ns["id"]))
    figures = north_star_figures(values, period)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.latest"), escape_md(fmt_value(figures.latest, ns["unit"])))
    c2.metric(t("overview.change_in_quarter"), fmt_percent(figures.change, 1, sign=True))
    c3.metric(t("overview.outputs_shipped"), len(releases))
    c4.metric(t("overview.linked_share"), fmt_percent(releases["linked"].mean() if len(releases) else None))
    shown = period_slice(values, period, lead_days=14)
    if shown.empty:
        empty_state("overview.no_ns_data", period=fmt_period(period))
    else:
        st.altair_chart(
            north_star_chart(shown, releases, metric_name=ns["name"], unit=ns["unit"], aggregation=ns["aggregation"])
        )
    return figures.change
