"""The Objectives page's views: list, detail with key results and check-ins, alignment tree."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.analysis.okr import alignment_rows
from dashboard.analysis.periods import elapsed_share
from dashboard.charts import STATUS_COLOURS
from dashboard.charts.okr import CHART_HEIGHT, key_result_chart
from dashboard.i18n import escape_md, fmt_date, fmt_percent, fmt_period, fmt_value, get_language, md, t
from dashboard.ui import cache
from dashboard.ui.components import paged, search_rows, show_table, title_columns
from dashboard.ui.frame import PageContext
from dashboard.ui.objectives.common import OBJECTIVES_PER_PAGE, PREFIX, open_objective, status_label
from dashboard.ui.objectives.forms import (
    carry_over_form,
    check_in_form,
    close_form,
    delete_form,
    key_result_form,
    objective_form,
)


def _kr_row(kr: dict, *, with_metric: bool = True) -> tuple[dict, str]:
    """One key result's figures as table cells (status first, progress as a bar), and its status colour."""
    status = status_label(kr["status"], kr.get("new", False))
    if kr["stale"]:
        status += f" · {t('okr.stale')}"
    zone = t(f"okr.zone.{kr['zone']}") if kr["zone"] else ""
    row = {t("okr.kr_status"): status, t("okr.kr.title"): kr["title"]}
    if with_metric:
        row[t("common.metric")] = kr["metric"] or t("kr.metric_manual")
    return row | {
        t("okr.progress"): None if kr["progress"] is None else round(float(kr["progress"]) * 100),
        t("okr.current"): fmt_value(kr["current"], kr["unit"]),
        t("kr.baseline"): fmt_value(kr["baseline"], kr["unit"]),
        t("okr.target_stretch"): fmt_value(kr["target"], kr["unit"])
        + (f" ({fmt_value(kr['stretch'], kr['unit'])})" if kr["stretch"] is not None else ""),
        t("okr.score_zone"): fmt_percent(kr["score"]) + (f" · {zone}" if zone else ""),
        t("okr.confidence"): "—" if kr["confidence"] is None else f"{kr['confidence']}/10",
        t("okr.forecast_short"): fmt_percent(kr["forecast_score"]),
    }, STATUS_COLOURS.get(kr["status"] or "", "#64748b")


def _styled_table(rows: list[dict], colours: list[str]) -> None:
    frame = pd.DataFrame(rows)
    status_col = t("okr.kr_status")
    styled = frame.style.apply(
        lambda col: [f"color: {c}; font-weight: 600" if c else "" for c in colours] if col.name == status_col
        else [""] * len(col)
    )
    show_table(
        styled, hide_index=True, width="stretch", height="content",
        column_config={
            status_col: st.column_config.TextColumn(pinned=True),
            # Titles 200 pixels wide: progress and the current value stay in view at 1280 pixels.
            **title_columns(t("okr.objective"), t("okr.kr.title"), width=200),
            t("okr.progress"): st.column_config.ProgressColumn(
                # percent of the way as a number, written as the language writes percentages
                format="%d %%" if get_language() == "de" else "%d%%", min_value=0, max_value=100, width="small",
                help=t("okr.progress_help"),
            ),
        },
    )


def kr_table(key_results: list[dict], *, with_metric: bool = True) -> None:
    """Key results with their figures; the status cell coloured by status."""
    rows, colours = [], []
    for kr in key_results:
        row, colour = _kr_row(kr, with_metric=with_metric)
        rows.append(row)
        colours.append(colour)
    _styled_table(rows, colours)


def _meta(obj: dict) -> str:
    parts = [obj["team"] or t("common.company"), obj["owner"] or "—", fmt_period(obj["period"]),
             t(f"objective_status.{obj['status']}")]
    return " · ".join(escape_md(p) for p in parts)


def render_page(ctx: PageContext, *, team_id: int | None, period: str, today: date) -> None:
    """The whole Objectives page below its filters."""
    raw_id = st.query_params.get("objective")
    if raw_id:
        known = cache.objectives(ctx.engine)
        objective_id = int(raw_id) if raw_id.isdigit() else None
        if objective_id is None or objective_id not in set(known["id"].tolist()):
            st.error(md("okr.unknown_id", id=raw_id), icon=":material/search_off:")
            st.button(t("okr.back"), key=f"{PREFIX}.back_unknown", on_click=open_objective, args=(None,))
            return
        render_detail(ctx, objective_id, today)
        return
    tabs = st.tabs([t("okr.tab.list"), t("okr.tab.tree"), t("okr.tab.new"), t("okr.tab.carry")])
    report = cache.okr_figures(ctx.engine, period, today)
    if team_id is not None:
        report = [o for o in report if o["team_id"] == team_id]
    with tabs[0]:
        render_list(report, period, today)
        left, right = st.columns(2)
        left.download_button(
            # Built when clicked, not on every load.
            t("okr.export"), data=lambda: cache.okr_export(ctx.engine, period, today), file_name=f"okrs-{period}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
            key=f"{PREFIX}.export", disabled=not report,
        )
        if ctx.can_edit:
            right.page_link("pages/4_Data.py", label=t("okr.import_link"), icon=":material/upload_file:",
                            query_params={"lang": ctx.lang})
    with tabs[1]:
        render_tree(ctx, report)
    with tabs[2]:
        if ctx.can_edit:
            objective_form(ctx, None, period=period, team_id=team_id)
        else:
            st.info(t("okr.read_only"))
    with tabs[3]:
        if ctx.can_edit:
            carry_over_form(ctx, period, team_id)
        else:
            st.info(t("okr.read_only"))


def render_list(report: list[dict], period: str, today: date) -> None:
    """The quarter's objectives in one table (a row per key result), searched and paged by objective."""
    if not report:
        st.info(md("objectives.empty", period=fmt_period(period)), icon=":material/lightbulb:")
        return
    st.caption(md("okr.status_help", elapsed=fmt_percent(elapsed_share(period, today))))
    query = st.text_input(t("common.search"), key=f"{PREFIX}.search", placeholder=t("common.search_placeholder"))
    index = pd.DataFrame({"pos": range(len(report)), "title": [o["title"] for o in report],
                          "team": [o["team"] or "" for o in report], "owner": [o["owner"] for o in report],
                          "krs": ["\n".join(k["title"] for k in o["key_results"]) for o in report]})
    found = search_rows(index, query, ["title", "team", "owner", "krs"])
    if found.empty:
        st.caption(md("common.no_match", query=query))
        return
    shown = [report[i] for i in paged(found, f"{PREFIX}.page", size=OBJECTIVES_PER_PAGE)["pos"]]
    rows, colours = [], []
    for obj in shown:
        tail = {t("common.team"): obj["team"] or t("common.company"), t("okr.score"): fmt_percent(obj["score"])}
        for kr in obj["key_results"] or [None]:
            if kr is None:
                rows.append({t("okr.kr_status"): "—", t("okr.objective"): obj["title"], t("okr.kr.title"): t("okr.no_krs")}
                            | tail)
                colours.append("")
                continue
            row, colour = _kr_row(kr, with_metric=False)  # status first, then the objective it serves
            status = t("okr.kr_status")
            rows.append({status: row.pop(status), t("okr.objective"): obj["title"]} | row | tail)
            colours.append(colour)
    _styled_table(rows, colours)
    labels = {o["id"]: o["title"] for o in shown}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("okr.pick"), list(labels), key=f"{PREFIX}.pick", format_func=lambda v: labels.get(v, str(v)))
    right.button(t("okr.open"), key=f"{PREFIX}.open.chosen", on_click=open_objective, args=(chosen,),
                 icon=":material/open_in_full:")


def render_tree(ctx: PageContext, report: list[dict]) -> None:
    """Objectives aligned under the North Star and their parents, as an indented tree."""
    if not report:
        st.info(t("okr.tree.help"), icon=":material/lightbulb:")
        return
    metrics = cache.metric_summary(ctx.engine)
    north = metrics[metrics["kind"] == "north_star"]
    lines = []
    for depth, item in alignment_rows(report):
        indent = "    " * depth
        if item == "north_star":
            label = md("okr.tree.north_star", name=north.iloc[0]["name"]) if not north.empty else t("okr.tree.no_north_star")
            lines.append(f"{indent}- :material/star: **{label}**")
        elif item == "unaligned":
            lines.append(f"{indent}- *{t('okr.tree.unaligned')}*")
        else:
            lines.append(
                f"{indent}- **{escape_md(item['title'])}** · {escape_md(item['team'] or t('common.company'))} · "
                f"{t('okr.score')} {fmt_percent(item['score'])}"
            )
    st.markdown("\n".join(lines))
    st.caption(t("okr.tree.help"))


def render_detail(ctx: PageContext, objective_id: int, today: date) -> None:
    """One objective: figures, charts, check-ins and every form that changes it."""
    st.button(t("okr.back"), key=f"{PREFIX}.back", on_click=open_objective, args=(None,), icon=":material/arrow_back:")
    report = cache.okr_figures(ctx.engine, None, today, objective_id)
    obj = report[0]
    st.subheader(escape_md(obj["title"]))
    st.caption(_meta(obj))
    if obj["description"]:
        st.write(escape_md(obj["description"], lines=True))
    if obj["carried_from_id"]:
        source = cache.objectives(ctx.engine)
        source = source[source["id"] == obj["carried_from_id"]]
        if not source.empty:
            st.caption(md("okr.carried_from", period=fmt_period(source.iloc[0]["period"])))
    if obj["closing_note"]:
        st.info(md("okr.closing_note", note=obj["closing_note"]))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("okr.score"), fmt_percent(obj["score"]))
    c2.metric(t("okr.forecast_score"), fmt_percent(obj["forecast_score"]))
    c3.metric(t("okr.key_results"), len(obj["key_results"]))
    st.caption(md("okr.status_help", elapsed=fmt_percent(elapsed_share(obj["period"], today))))
    if obj["key_results"]:
        kr_table(obj["key_results"], with_metric=False)
    else:
        st.info(t("okr.no_krs"), icon=":material/lightbulb:")
    check_ins = cache.check_ins(ctx.engine)
    for kr in obj["key_results"]:
        render_key_result(ctx, obj, kr, check_ins[check_ins["key_result_id"] == kr["id"]], today)
    if not ctx.can_edit:
        return
    with st.expander(t("okr.kr.add"), icon=":material/add:"):
        key_result_form(ctx, obj, None)
    if obj["key_results"]:
        with st.expander(t("okr.kr.edit"), icon=":material/edit:"):
            labels = {kr["id"]: kr["title"] for kr in obj["key_results"]}
            chosen = st.selectbox(t("okr.kr.pick"), list(labels), key=f"{PREFIX}.kr_pick.{obj['id']}",
                                  format_func=lambda v: labels[v])
            key_result_form(ctx, obj, next(k for k in obj["key_results"] if k["id"] == chosen))
    with st.expander(t("okr.edit"), icon=":material/edit_note:"):
        objective_form(ctx, obj, period=obj["period"], team_id=obj["team_id"])
    with st.expander(t("okr.close"), icon=":material/task_alt:"):
        close_form(ctx, obj)
    if ctx.is_admin:
        with st.expander(t("okr.delete"), icon=":material/delete:"):
            delete_form(ctx, obj)


def key_result_releases(ctx: PageContext, kr: dict, period: str, today: date) -> pd.DataFrame:
    """Outputs of the quarter meant to move a key result: linked to it, or to a bet on its metric."""
    from dashboard.analysis.overview import metric_releases
    from dashboard.analysis.periods import quarter_bounds
    from dashboard.services.hypotheses import current_verdicts

    hyps = cache.hypotheses(ctx.engine)
    key_results = cache.key_results(ctx.engine)
    start, end = quarter_bounds(period)
    verdicts = current_verdicts(hyps, cache.measurements(ctx.engine, today)) if not hyps.empty else {}
    if kr.get("metric_id") is None:  # a manual key result: only what is linked to it
        key_results = key_results[key_results["id"] == kr["id"]].assign(metric_id=-1)
        return metric_releases(-1, hyps.iloc[0:0], cache.outputs(ctx.engine), key_results, verdicts, start, end)
    return metric_releases(int(kr["metric_id"]), hyps, cache.outputs(ctx.engine), key_results, verdicts, start, end)


def render_key_result(ctx: PageContext, obj: dict, kr: dict, check_ins: pd.DataFrame, today: date) -> None:
    """Chart, flags, check-in form and history of one key result."""
    with st.container(border=True):
        left, right = st.columns([1, 1])
        with left:
            st.altair_chart(
                key_result_chart(
                    kr["path"], kr["projection"], title=kr["title"], period=obj["period"], baseline=kr["baseline"],
                    target=kr["target"], stretch=kr["stretch"], unit=kr["unit"],
                    releases=key_result_releases(ctx, kr, obj["period"], today),
                ),
                width="stretch", height=CHART_HEIGHT + 90,  # room for title and axis below the plot
            )
        with right:
            st.caption(f"{t('common.metric')}: {escape_md(kr['metric'] or t('kr.metric_manual'))}")
            st.markdown(
                f"**{status_label(kr['status'], kr.get('new', False))}** · {t('okr.progress')} {fmt_percent(kr['progress'])} · "
                f"{t('okr.confidence')} {'—' if kr['confidence'] is None else str(kr['confidence']) + '/10'}"
            )
            if kr["stale"]:
                note = md("okr.stale_note", date=fmt_date(kr["last_update"])) if kr["last_update"] else t("okr.stale_never")
                st.warning(note, icon=":material/schedule:")
            if kr["direction_conflict"]:
                st.warning(md("okr.direction_conflict", metric=kr["metric"], direction=t(f"direction.{kr['direction']}")),
                           icon=":material/swap_vert:")
            if ctx.can_edit:
                with st.popover(t("okr.checkin"), icon=":material/edit_calendar:"):
                    check_in_form(ctx, kr, today)
            history = check_ins.sort_values(["date", "id"], ascending=False)
            st.markdown(f"**{t('okr.checkin.history')}**")
            if history.empty:
                st.caption(t("okr.checkin.none"))
            else:
                show_table(
                    [
                        {
                            t("okr.checkin.date"): fmt_date(c.date),
                            **({t("okr.checkin.value"): fmt_value(c.value, kr["unit"])} if kr["metric_id"] is None else {}),
                            t("okr.confidence"): "—" if c.confidence != c.confidence or c.confidence is None
                            else f"{int(c.confidence)}/10",
                            t("okr.checkin.comment"): c.comment,
                            t("okr.checkin.by"): c.created_by,
                        }
                        for c in history.itertuples()
                    ],
                    hide_index=True, width="stretch", height=min(35 * (len(history) + 1) + 3, 250),
                )
