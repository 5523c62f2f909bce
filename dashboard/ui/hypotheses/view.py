"""The Hypotheses page's views: focus, the bets table, one bet in detail, calibration, bets let go."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis import hypothesis as ha
from dashboard.charts.hypotheses import calibration_chart, effect_chart, release_chart
from dashboard.i18n import escape_md, fmt_date, fmt_percent, label, md, t
from dashboard.models import HypothesisStatus, MeasurementState, Verdict
from dashboard.repository import hypotheses as hyp_repo
from dashboard.services import hypotheses as svc
from dashboard.ui import cache
from dashboard.ui.components import empty_state, paged, search_rows, show_table
from dashboard.ui.forms import flash
from dashboard.ui.frame import PageContext, data_changed, db_session
from dashboard.ui.hypotheses.data import (
    VERDICT_BADGE,
    VERDICT_ICON,
    PageData,
    detectability_hint,
    expected_text,
    is_missing,
    team_rows,
    verdict_label,
)
from dashboard.ui.hypotheses.forms import render_delete, render_form, render_status_change


def render_focus(ctx: PageContext, data: PageData, team_id: int | None) -> None:
    """Open bets per team against the limit, and the limit itself (configurable)."""
    teams = data.teams if team_id is None else data.teams[data.teams["id"] == team_id]
    cols = st.columns(max(len(teams), 1) + 1)
    for col, team in zip(cols, teams.itertuples(), strict=False):
        count = len(svc.open_bets(data.hyps, int(team.id)))
        col.metric(md("hypotheses.focus.open_bets", team=team.name), f"{count} / {data.limit}",
                   help=t("hypotheses.focus.help"))
        if count > data.limit:
            col.caption(md("hypotheses.focus.over", count=count - data.limit))
    if not ctx.is_admin:
        return
    with cols[-1].popover(t("hypotheses.focus.limit_button"), icon=":material/tune:"):
        value = st.number_input(t("hypotheses.focus.limit_label"), min_value=1, max_value=100, value=data.limit,
                                step=1, key="hypotheses.focus.limit")
        if st.button(t("common.save"), key="hypotheses.focus.save"):
            with db_session(ctx) as s:
                hyp_repo.set_open_bets_limit(session=s, limit=int(value), user=ctx.user)
            data_changed()
            flash(md("hypotheses.focus.limit_saved", limit=int(value)))
            st.rerun()


def render_list(data: PageData, team_id: int | None) -> None:
    """All bets with expected and measured change, verdict and status."""
    query = st.text_input(t("common.search"), key="hypotheses.search", placeholder=t("common.search_placeholder"))
    found = search_rows(team_rows(data, team_id), query, ["statement", "metric", "team", "reason"])
    if found.empty:
        st.caption(md("common.no_match", query=query))
        return
    rows = []
    for h in paged(found, "hypotheses.page").to_dict("records"):
        m = data.results[int(h["id"])]
        unit = h["metric_unit"]
        interval = svc.format_interval(m.ci_low, m.ci_high, m.change_kind, unit)
        rows.append({
            t("hypotheses.verdict"): verdict_label(m),
            t("hypotheses.statement"): h["statement"],
            t("hypotheses.expected"): expected_text(h),
            t("hypotheses.measured"): svc.format_change(m.measured_change, m.change_kind, unit),
            t("hypotheses.interval"): interval,
            t("common.team"): h["team"] or t("common.company"),
            t("common.metric"): h["metric"] + (f" ({h['segment']})" if h["segment"] else ""),
            t("common.status"): label(HypothesisStatus, h["status"]),
            t("hypotheses.release"): fmt_date(m.t0) if m.t0 else "—",
        })
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch",
               column_config={t("hypotheses.verdict"): st.column_config.TextColumn(pinned=True),
                              t("hypotheses.statement"): st.column_config.TextColumn(width="medium")})
    st.caption(f":material/science: {t('common.observational')}")


def selected_hypothesis(data: PageData, team_id: int | None) -> int | None:
    """The hypothesis to show in detail: from the `hypothesis` query parameter or the select box."""
    ids = team_rows(data, team_id)["id"].astype(int).tolist()
    known = set(data.hyps["id"].astype(int))
    raw = st.query_params.get("hypothesis")
    if raw is not None and raw != st.session_state.get("hypotheses.detail_param"):
        st.session_state["hypotheses.detail_param"] = raw
        try:
            wanted = int(raw)
        except ValueError:
            wanted = None
        if wanted not in known:
            st.error(md("hypotheses.unknown_id", value=raw), icon=":material/error:")
        else:
            st.session_state["hypotheses.detail"] = wanted
    current = st.session_state.get("hypotheses.detail")
    if current in known and current not in ids:
        ids = [current, *ids]
    if not ids:
        return None
    if current not in ids:
        st.session_state["hypotheses.detail"] = ids[0]
    labels = {int(h["id"]): h["statement"] for h in data.hyps.to_dict("records")}

    def remember() -> None:
        st.query_params["hypothesis"] = str(st.session_state["hypotheses.detail"])
        st.session_state["hypotheses.detail_param"] = st.query_params["hypothesis"]

    return st.selectbox(t("hypotheses.detail.select"), ids, key="hypotheses.detail",
                        format_func=lambda v: labels.get(v, str(v)), on_change=remember)


def render_detail(ctx: PageContext, data: PageData, hyp_id: int) -> None:
    """One bet: statement, result with interval and verdict, warnings, chart, and what can be changed."""
    h = data.hyps[data.hyps["id"] == hyp_id].iloc[0].to_dict()
    m = data.results[hyp_id]
    unit = h["metric_unit"]
    st.markdown(f"#### {escape_md(h['statement'])}")
    outputs = data.outputs[data.outputs["id"].isin(h["output_ids"])]
    shipped = ", ".join(
        f"{o.key} ({fmt_date(o.shipped_on) if o.shipped_on == o.shipped_on and o.shipped_on else t('hypotheses.not_shipped')})"
        for o in outputs.itertuples()
    ) or t("hypotheses.no_outputs")
    window_key = "hypotheses.window_caption_auto" if m.window_auto else "hypotheses.window_caption"
    st.caption(" · ".join(escape_md(part) for part in [
        h["team"] or t("common.company"), label(HypothesisStatus, h["status"]),
        t(window_key, days=m.window_days), shipped,
    ]))
    if h["reason"] and h["reason"].strip().rstrip(".").casefold() not in h["statement"].casefold():
        # Statements written with the guided form already end in "because …": say it once.
        st.markdown(f"*{t('hypotheses.because')}* {escape_md(h['reason'], lines=True)}")
    if h["status"] == HypothesisStatus.stopped and h["stop_reason"]:
        st.info(md("hypotheses.stopped_because", reason=h["stop_reason"]), icon=":material/block:")

    if m.state == MeasurementState.measured and m.measured_change is not None:
        detailed = cache.measurement_with_path(ctx.engine, data.today, hyp_id) or m
        st.badge(f"{t('hypotheses.verdict')}: {verdict_label(m)}", color=VERDICT_BADGE.get(m.verdict or "", "gray"),
                 icon=VERDICT_ICON.get(m.verdict or "", ":material/help:"))
        c1, c2, c3, c4 = st.columns([1, 1, 1.4, 1.4])
        c1.metric(t("hypotheses.expected"), escape_md(svc.format_change(m.expected, m.change_kind, unit)))
        c2.metric(t("hypotheses.measured"), escape_md(svc.format_change(m.measured_change, m.change_kind, unit)))
        c3.metric(t("hypotheses.interval"), escape_md(svc.format_interval(m.ci_low, m.ci_high, m.change_kind, unit)))
        late_interval = svc.format_interval(m.late_low, m.late_high, m.change_kind, unit)
        c4.metric(t("hypotheses.late"), escape_md(svc.format_change(m.late_change, m.change_kind, unit)),
                  help=md("hypotheses.late_caption", change=svc.format_change(m.late_change, m.change_kind, unit),
                         interval=late_interval) if m.late_change is not None else None)
        caption = md("hypotheses.windows_caption", before=m.n_before, after=m.n_after,
                    start=fmt_date(m.before_start), end=fmt_date(m.after_end))
        if m.late_change is not None:
            caption += " " + md("hypotheses.late_caption", change=svc.format_change(m.late_change, m.change_kind, unit),
                               interval=late_interval)
        st.caption(caption)
    else:
        detailed = m
        if m.state != MeasurementState.measured:
            st.info(escape_md(svc.state_text(m)), icon=":material/hourglass_top:")
    if m.state == MeasurementState.measured and m.verdict not in (None, Verdict.insufficient_data):
        # The method text starts with what the observational note says: one line, not two.
        st.caption(":material/science: " + escape_md(svc.method_text(m, control_is_metric=not is_missing(h.get("control_metric_id")))))
    raw = md("hypotheses.raw_verdict", verdict=label(Verdict, m.raw_verdict)) if m.raw_verdict else ""
    for held, text in svc.check_items(m, unit):
        if held:
            # The verdict the checks held back belongs with the reason.
            st.warning(f"{escape_md(text)} {raw}".strip(), icon=":material/front_hand:")
            raw = ""
        else:
            st.info(escape_md(text), icon=":material/info:")
    # Before launch the detectability hint below says what the not-detectable warning would.
    for text in svc.warning_texts(m, unit, checks=False, skip=("not_detectable",) if m.detectability else ()):
        st.warning(escape_md(text), icon=":material/warning:")
    if m.state == MeasurementState.not_launched and m.detectability is not None:
        detectability_hint(m.detectability, m.change_kind, m.expected, unit)

    values = cache.metric_values(ctx.engine, int(h["metric_id"]), h["segment"] or "")
    if values.empty and detailed.path is None:
        empty_state("hypotheses.no_data", link_page="pages/4_Data.py", link_key="common.go_to_data")
    else:
        st.altair_chart(release_chart(values, detailed, metric_name=h["metric"], unit=unit), width="stretch")
        effect = effect_chart(detailed)
        if effect is not None:
            st.altair_chart(effect, width="stretch")

    if ctx.can_edit:
        with st.expander(t("hypotheses.status.change"), icon=":material/edit_note:"):
            render_status_change(ctx, data, h)
        with st.expander(t("hypotheses.edit"), icon=":material/edit:"):
            render_form(ctx, data, existing=h)
        if ctx.is_admin:
            with st.expander(t("hypotheses.delete.title"), icon=":material/delete:"):
                render_delete(ctx, h)


def render_let_go(data: PageData, team_id: int | None) -> None:
    """The bets that were stopped, and why."""
    stopped = team_rows(data, team_id)
    stopped = stopped[stopped["status"] == HypothesisStatus.stopped]
    if stopped.empty:
        empty_state("hypotheses.let_go.empty")
        return
    rows = [{t("hypotheses.statement"): h["statement"], t("common.team"): h["team"] or t("common.company"),
             t("hypotheses.stop_reason"): h["stop_reason"], t("hypotheses.let_go.when"): fmt_date(h["updated_at"])}
            for h in stopped.to_dict("records")]
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_calibration(data: PageData, team_id: int | None) -> None:
    """Per team: expected against measured change, and the hit rate."""
    frame = svc.calibration_frame(team_rows(data, team_id), data.results)
    if frame.empty:
        empty_state("hypotheses.calibration.empty")
        return
    table = ha.calibration(frame)
    rows = [{
        t("common.team"): r["team"], t("hypotheses.calibration.measured"): int(r["measured"]),
        t("hypothesis_status.validated"): int(r["validated"]), t("hypothesis_status.partial"): int(r["partial"]),
        t("hypothesis_status.invalidated"): int(r["invalidated"]),
        t("hypothesis_status.inconclusive"): int(r["inconclusive"]),
        t("hypotheses.calibration.hit_rate"): fmt_percent(r["hit_rate"]),
        t("hypotheses.calibration.delivered"): fmt_percent(r["delivered"]),
    } for r in table.to_dict("records")]
    show_table(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("hypotheses.calibration.explain"))
    st.altair_chart(calibration_chart(frame), width="stretch")
