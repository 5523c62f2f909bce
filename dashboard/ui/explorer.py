"""Metric explorer: one metric (or one of its segments) over a chosen range, with the releases meant to
move it coloured by their bets' verdicts, key-result baselines and targets, and the quarter's projection.

Metric, segment, range and quarter live in the address (`?metric=Signups&segment=DE&range=1y`).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.analysis import overview as ov
from dashboard.analysis.periods import period_of, quarter_bounds
from dashboard.charts import STATUS_COLOURS
from dashboard.charts.leadership import metric_chart, rolled, verdict_label
from dashboard.i18n import fmt_date, fmt_number, fmt_percent, fmt_period, fmt_value, md, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state, keep_in_url, period_filter, show_table, title_columns, url_choice
from dashboard.ui.frame import PageContext
from dashboard.ui.overview import live_verdicts, tile_delta

RANGES = ("quarter", "90d", "1y", "all")


def _choose_metric(metrics: pd.DataFrame) -> pd.Series:
    ids = metrics["id"].tolist()
    names = dict(zip(metrics["id"], metrics["name"], strict=True))
    north = metrics[metrics["kind"] == "north_star"]
    key = "explorer.metric"
    url_choice("metric", key, {str(n).casefold(): i for i, n in names.items()}, t("explorer.metric"))
    if st.session_state.get(key) not in ids:
        st.session_state[key] = int(north["id"].iloc[0]) if not north.empty else ids[0]
    chosen = st.selectbox(t("explorer.metric"), ids, key=key, format_func=lambda i: names.get(i, str(i)))
    keep_in_url("metric", key, str(names[chosen]))
    return metrics[metrics["id"] == chosen].iloc[0]


def _choose_segment(values: pd.DataFrame) -> str:
    segments = sorted(s for s in values["segment"].fillna("").unique() if s)
    options = ["", *segments]
    key = "explorer.segment"
    url_choice("segment", key, {s.casefold(): s for s in segments} | {"": ""}, t("explorer.segment"))
    if st.session_state.get(key) not in options:
        st.session_state[key] = ""
    choice = st.selectbox(t("explorer.segment"), options, key=key, disabled=not segments,
                          format_func=lambda s: s or t("explorer.segment_all"))
    keep_in_url("segment", key, choice or None)
    return choice


def _choose_range(period: str) -> str:
    key = "explorer.range"
    url_choice("range", key, {r: r for r in RANGES}, t("explorer.range"))
    if st.session_state.get(key) not in RANGES:
        st.session_state[key] = "quarter"
    labels = {r: t(f"explorer.range.{r}", period=fmt_period(period)) for r in RANGES}
    choice = st.radio(t("explorer.range"), RANGES, key=key, horizontal=True, format_func=lambda r: labels[r])
    keep_in_url("range", key, choice)
    return choice


def range_bounds(choice: str, period: str, last: date) -> tuple[date, date]:
    """First and last day shown for a range choice (quarters show two weeks of lead-in)."""
    if choice == "quarter":
        start, end = quarter_bounds(period)
        return start - timedelta(days=14), end
    if choice == "90d":
        return last - timedelta(days=89), last
    if choice == "1y":
        return last - timedelta(days=364), last
    return date(1900, 1, 1), last


def render_page(ctx: PageContext, today: date) -> None:
    metrics = cache.metric_summary(ctx.engine)
    metrics = metrics[metrics["points"] > 0] if not metrics.empty else metrics
    if metrics.empty:
        empty_state("explorer.empty", link_page="pages/4_Data.py", link_key="common.go_to_data")
        return
    from dashboard.analysis.overview import default_period

    c1, c2, c3 = st.columns([2, 1, 1])
    with c1:
        metric = _choose_metric(metrics)
    all_values = cache.metric_values(ctx.engine, int(metric["id"]), None)
    with c2:
        segment = _choose_segment(all_values)
    with c3:
        period = period_filter(ctx, "explorer.period", default_period(cache.periods(ctx.engine), today),
                               url_param="quarter") or period_of(today)
    choice = _choose_range(period)
    aggregation = str(metric["aggregation"])
    if segment:
        series = all_values[all_values["segment"] == segment][["date", "value"]].assign(
            date=lambda f: pd.to_datetime(f["date"]))
    else:
        series = ov.total_series(all_values, aggregation)
    if series.empty:
        st.info(md("explorer.no_values", name=metric["name"]), icon=":material/lightbulb:")
        return
    last = series["date"].max().date()
    start, end = range_bounds(choice, period, last)
    shown = series[(series["date"] >= pd.Timestamp(start)) & (series["date"] <= pd.Timestamp(end))]
    change = ov.quarter_change(series, period, today, aggregation)
    hyps = cache.hypotheses(ctx.engine)

    verdicts = live_verdicts(hyps, cache.measurements(ctx.engine, today)) if not hyps.empty else {}
    key_results = cache.key_results(ctx.engine)
    releases = ov.metric_releases(int(metric["id"]), hyps, cache.outputs(ctx.engine), key_results, verdicts,
                            shown["date"].min().date() if not shown.empty else start, end)
    cols = st.columns(3)
    cols[0].metric(t("explorer.latest"), fmt_value(change.latest, metric["unit"]) if change.latest is not None
                   else fmt_value(float(series["value"].iloc[-1]), metric["unit"]),
                   delta=tile_delta(change.vs_previous),
                   delta_color="inverse" if metric["direction"] == "down" else "normal",
                   delta_description=t("leader.vs_period", period=fmt_period(change.previous_period)),
                   help=md("leader.tile_help", days=change.days, period=fmt_period(period)))
    cols[1].metric(t("explorer.points"), fmt_number(len(shown)))
    cols[2].metric(t("explorer.release_count"), fmt_number(len(releases)))
    if shown.empty:
        st.info(md("explorer.no_values", name=metric["name"]), icon=":material/lightbulb:")
        return
    lines, projection, kr_rows = _key_result_lines(ctx, int(metric["id"]), period, choice, segment, today,
                                                   str(metric["unit"]))
    _, grain = rolled(shown, aggregation)
    subtitle = t("explorer.subtitle", grain=t(f"explorer.grain.{grain}"), aggregation=t(f"explorer.agg.{aggregation}"))
    st.altair_chart(metric_chart(shown, releases, lines, projection, metric_name=str(metric["name"]) + (
        f" · {segment}" if segment else ""), unit=str(metric["unit"]), aggregation=aggregation, subtitle=subtitle))
    st.subheader(md("explorer.releases", name=metric["name"]))
    if releases.empty:
        st.caption(t("explorer.no_releases"))
    else:
        show_table([{t("explorer.verdict"): verdict_label(r.verdict),
                     t("overview.released"): fmt_date(r.date), t("explorer.output"): r.output,
                     t("explorer.hypothesis"): r.hypothesis, t("common.team"): r.team}
                    for r in releases.sort_values("date", ascending=False).itertuples()],
                   hide_index=True, width="stretch",
                   column_config=title_columns(t("explorer.output"), t("explorer.hypothesis")))
    if kr_rows:
        st.subheader(md("explorer.key_results", name=metric["name"]))
        colours = {t(f"okr.status.{s}"): c for s, c in STATUS_COLOURS.items()}  # the status in its colour, as elsewhere
        styled = pd.DataFrame(kr_rows).style.apply(
            lambda col: [f"color: {colours.get(v, '#0f172a')}; font-weight: 600" for v in col], subset=[t("common.status")])
        show_table(styled, hide_index=True, width="stretch", column_config=title_columns(
            t("explorer.key_result_line"), t("okr.objective"), width=200))


def _key_result_lines(ctx: PageContext, metric_id: int, period: str, choice: str, segment: str, today: date,
                      unit: str = "") -> tuple[pd.DataFrame, pd.DataFrame | None, list[dict]]:
    """Baselines and targets of the quarter's key results on the metric (whole population only), the
    projection of the first of them, and a table of them."""

    lines: list[dict] = []
    projection = None
    rows: list[dict] = []
    for obj in cache.okr_figures(ctx.engine, period, today):
        for kr in obj["key_results"]:
            if kr.get("metric_id") != metric_id:
                continue
            rows.append({t("common.status"): t(f"okr.status.{kr['status']}") if kr.get("status") else "—",
                         t("explorer.key_result_line"): kr["title"], t("okr.objective"): obj["title"],
                         t("okr.kr.baseline"): fmt_value(kr["baseline"], unit),
                         t("okr.kr.target"): fmt_value(kr["target"], unit),
                         t("overview.score"): fmt_percent(kr.get("score"))})
            if segment:
                continue
            lines.append({"value": kr["baseline"], "label": t("explorer.baseline", title=kr["title"]), "kind": "baseline"})
            lines.append({"value": kr["target"], "label": t("explorer.target", title=kr["title"]), "kind": "target"})
            if projection is None and choice == "quarter" and isinstance(kr.get("projection"), pd.DataFrame):
                projection = kr["projection"].assign(date=lambda f: pd.to_datetime(f["date"]))
    return pd.DataFrame(lines, columns=["value", "label", "kind"]), projection, rows
