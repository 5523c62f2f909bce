"""Objectives page: list, detail with key results and check-ins, forms, alignment tree, carry-over."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.analysis.okr import alignment_rows
from dashboard.analysis.periods import elapsed_share, quarter_choices, shift_period
from dashboard.charts import STATUS_COLOURS
from dashboard.charts.okr import CHART_HEIGHT, key_result_chart
from dashboard.exports.okrs import okr_workbook
from dashboard.i18n import escape_md, fmt_date, fmt_percent, fmt_period, fmt_value, get_language, md, md_plural, t
from dashboard.models import KeyResultUpdate, ObjectiveUpdate
from dashboard.repository import okrs as okr_repo
from dashboard.repository.okrs import OkrError
from dashboard.services import okrs as okr_service
from dashboard.ui import cache
from dashboard.ui.components import follow_default, paged, search_rows, show_table
from dashboard.ui.frame import PageContext, data_changed, db_session

PREFIX = "objectives"
COMPANY = "__company__"
MANUAL = "__manual__"
FLASH = f"{PREFIX}.flash"
OBJECTIVES_PER_PAGE = 10


# ---------------------------------------------------------------------------------------------
# Cached reads


# A resource cache: every rerun gets the same (read-only) report instead of unpickling a copy with a
# chart path per key result.
@st.cache_resource(ttl=300, max_entries=32, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def okr_figures(engine: Engine, period: str | None, today: date, objective_id: int | None = None) -> list[dict]:
    """Objectives with key result figures and chart paths (one quarter, or one objective)."""
    with Session(engine, expire_on_commit=False) as s:
        return okr_service.evaluate_objectives(
            session=s, period=None if objective_id else period, today=today,
            objective_ids=[objective_id] if objective_id else None, with_paths=True,
        )


@st.cache_data(ttl=300, max_entries=16, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def okr_export(engine: Engine, period: str, today: date) -> bytes:
    """The quarter's OKR workbook (re-importable)."""
    with Session(engine, expire_on_commit=False) as s:
        return okr_workbook(session=s, today=today, period=period)


# ---------------------------------------------------------------------------------------------
# Small helpers


def flash(message: str) -> None:
    """Show `message` as a success note after the next rerun."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    """Show (once) the note left by the previous action."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def reset_form(prefix: str) -> None:
    """Forget a form's typed values on the next run (after it was saved)."""
    st.session_state[f"{prefix}.__reset"] = True


def _apply_reset(prefix: str) -> None:
    if st.session_state.pop(f"{prefix}.__reset", False):
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix + ".")]:
            del st.session_state[key]


def show_errors(errors: dict[str, str], slots: dict, labels: dict[str, str], **values: object) -> None:
    """Each field's error below the field, plus one summary line."""
    for field, key in errors.items():
        slot = slots.get(field)
        text = f"{labels.get(field, '')}: {md(key, **values)}" if labels.get(field) else md(key, **values)
        (slot if slot is not None else st).error(text, icon=":material/error:")
    st.error(t("okr.form.invalid"), icon=":material/error:")


def _num_text(value: float | None, lang: str) -> str:
    if value is None or value != value:
        return ""
    text = f"{value:.10g}"
    return text.replace(".", ",") if lang == "de" else text


def _status_label(status: str | None, new: bool = False) -> str:
    if new:
        return t("okr.status.new")
    return t(f"okr.status.{status}") if status else t("okr.no_data")




def _kr_row(kr: dict, *, with_metric: bool = True) -> tuple[dict, str]:
    """One key result's figures as table cells (status first, progress as a bar), and its status colour."""
    status = _status_label(kr["status"], kr.get("new", False))
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
            t("okr.kr.title"): st.column_config.TextColumn(width="medium"),
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


def _open(objective_id: int | None) -> None:
    if objective_id is None:
        st.query_params.pop("objective", None)
    else:
        st.query_params["objective"] = str(objective_id)


# ---------------------------------------------------------------------------------------------
# Page


def render_page(ctx: PageContext, *, team_id: int | None, period: str, today: date) -> None:
    """The whole Objectives page below its filters."""
    show_flash()
    raw_id = st.query_params.get("objective")
    if raw_id:
        known = cache.objectives(ctx.engine)
        objective_id = int(raw_id) if raw_id.isdigit() else None
        if objective_id is None or objective_id not in set(known["id"].tolist()):
            st.error(md("okr.unknown_id", id=raw_id), icon=":material/search_off:")
            st.button(t("okr.back"), key=f"{PREFIX}.back_unknown", on_click=_open, args=(None,))
            return
        render_detail(ctx, objective_id, today)
        return
    tabs = st.tabs([t("okr.tab.list"), t("okr.tab.tree"), t("okr.tab.new"), t("okr.tab.carry")])
    report = okr_figures(ctx.engine, period, today)
    if team_id is not None:
        report = [o for o in report if o["team_id"] == team_id]
    with tabs[0]:
        render_list(report, period, today)
        left, right = st.columns(2)
        left.download_button(
            # Built when clicked, not on every load.
            t("okr.export"), data=lambda: okr_export(ctx.engine, period, today), file_name=f"okrs-{period}.xlsx",
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
    right.button(t("okr.open"), key=f"{PREFIX}.open.chosen", on_click=_open, args=(chosen,),
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
    st.button(t("okr.back"), key=f"{PREFIX}.back", on_click=_open, args=(None,), icon=":material/arrow_back:")
    report = okr_figures(ctx.engine, None, today, objective_id)
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
    from dashboard.ui.hypotheses import measurements

    hyps = cache.hypotheses(ctx.engine)
    key_results = cache.key_results(ctx.engine)
    start, end = quarter_bounds(period)
    verdicts = current_verdicts(hyps, measurements(ctx.engine, today)) if not hyps.empty else {}
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
                f"**{_status_label(kr['status'], kr.get('new', False))}** · {t('okr.progress')} {fmt_percent(kr['progress'])} · "
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


# ---------------------------------------------------------------------------------------------
# Forms


def _team_options(ctx: PageContext, current: int | None) -> tuple[list, dict]:
    teams = cache.teams(ctx.engine, include_archived=True)
    active = teams.loc[~teams["archived"].astype(bool)]
    ids = active["id"].tolist()
    if current is not None and current not in ids:
        ids.append(current)  # an archived team stays selectable for its own objectives
    labels = {COMPANY: t("common.company"), **dict(zip(teams["id"], teams["name"], strict=True))}
    return [COMPANY, *ids], labels


def objective_form(ctx: PageContext, obj: dict | None, *, period: str, team_id: int | None) -> None:
    """Create (obj None) or edit an objective, with its alignment."""
    prefix = f"{PREFIX}.form" if obj is None else f"{PREFIX}.edit.{obj['id']}"
    _apply_reset(prefix)
    team_ids, team_labels = _team_options(ctx, obj["team_id"] if obj else None)
    status_values = okr_service.open_statuses()
    if obj and obj["status"] not in status_values:
        status_values = [*status_values, obj["status"]]
    status_labels = {s: t(f"objective_status.{s}") for s in status_values}
    all_objectives = cache.objectives(ctx.engine)
    candidates = all_objectives[all_objectives["id"] != (obj["id"] if obj else -1)]
    parent_labels = {int(r.id): f"{r.title} ({fmt_period(r.period)})" for r in candidates.itertuples()}
    default_team = obj["team_id"] if obj else team_id
    default_team = default_team if default_team in team_ids else COMPANY
    quarters = quarter_choices(date.today(), period, obj["period"] if obj else None)
    if obj is None:
        follow_default(f"{prefix}.team", default_team)
        follow_default(f"{prefix}.period", period)
    slots: dict = {}
    with st.form(prefix, clear_on_submit=False, border=False):
        title = st.text_input(t("okr.form.title"), value=obj["title"] if obj else "", key=f"{prefix}.title")
        slots["title"] = st.empty()
        description = st.text_area(t("okr.form.description"), value=obj["description"] if obj else "",
                                   key=f"{prefix}.description", height=80)
        c1, c2, c3 = st.columns(3)
        with c1:
            team = st.selectbox(t("common.team"), team_ids, key=f"{prefix}.team",
                                **({} if obj is None else {"index": team_ids.index(default_team)}),
                                format_func=lambda v: team_labels.get(v, str(v)))
            slots["team_id"] = st.empty()
        with c2:
            period_text = st.selectbox(t("okr.form.period"), quarters, key=f"{prefix}.period",
                                       **({} if obj is None else {"index": quarters.index(obj["period"])}),
                                       format_func=fmt_period)
            slots["period"] = st.empty()
        with c3:
            owner = st.text_input(t("okr.form.owner"), value=obj["owner"] if obj else "", key=f"{prefix}.owner")
        c4, c5 = st.columns([1, 2])
        with c4:
            status = st.selectbox(t("okr.form.status"), status_values, key=f"{prefix}.status",
                                  index=status_values.index(obj["status"]) if obj else status_values.index("active"),
                                  format_func=lambda v: status_labels[v])
            north_star = st.checkbox(t("okr.form.north_star"), value=bool(obj["aligned_to_north_star"]) if obj else False,
                                     key=f"{prefix}.north_star")
        with c5:
            parents = st.multiselect(t("okr.form.parents"), list(parent_labels), key=f"{prefix}.parents",
                                     default=[p for p in (obj["parent_ids"] if obj else []) if p in parent_labels],
                                     format_func=lambda v: parent_labels.get(v, str(v)),
                                     placeholder=t("common.choose_optional"))
            slots["parents"] = st.empty()
        first_kr: dict = {}
        if obj is None:
            kr_options, kr_labels, kr_info = _metric_choices(ctx)
            st.markdown(f"**{t('okr.form.first_kr')}**")
            k1, k2, k3, k4, k5 = st.columns([3, 2, 1, 1, 1])
            first_kr = {
                "title": k1.text_input(t("okr.kr.title"), key=f"{prefix}.kr_title"),
                "metric": k2.selectbox(t("okr.kr.metric"), kr_options, key=f"{prefix}.kr_metric",
                                       format_func=lambda v: kr_labels.get(v, str(v))),
                "baseline": k3.text_input(t("okr.kr.baseline"), key=f"{prefix}.kr_baseline"),
                "target": k4.text_input(t("okr.kr.target"), key=f"{prefix}.kr_target"),
                "unit": k5.text_input(t("okr.kr.unit"), key=f"{prefix}.kr_unit"),
            }
            st.caption(t("okr.form.first_kr_help"))
            slots["first_kr"] = st.empty()
        submitted = st.form_submit_button(t("okr.form.create") if obj is None else t("okr.form.save"), type="primary")
    if not submitted:
        return
    kr_data = None
    if first_kr and any((first_kr[name] or "").strip() for name in ("title", "baseline", "target")):
        kr_data, kr_errors = okr_service.validate_key_result(
            {"objective_id": 0, "title": first_kr["title"], "baseline": first_kr["baseline"],
             "target": first_kr["target"], "unit": first_kr["unit"], "stretch": "",
             "metric_id": None if first_kr["metric"] == MANUAL else int(first_kr["metric"])},
            metrics=kr_info, lang=ctx.lang,
        )
        if kr_errors:
            kr_field_labels = {"title": t("okr.kr.title"), "metric_id": t("common.metric"),
                               "baseline": t("okr.kr.baseline"), "target": t("okr.kr.target")}
            field, key = next(iter(kr_errors.items()))
            show_errors({"first_kr": key}, slots, {"first_kr": f"{t('okr.form.first_kr')} · {kr_field_labels.get(field, '')}"})
            return
    raw = {
        "title": title, "description": description, "team_id": None if team == COMPANY else int(team),
        "period": period_text, "owner": owner.strip(), "status": status, "aligned_to_north_star": north_star,
    }
    data, errors = okr_service.validate_objective(raw)
    labels = {"title": t("okr.form.title"), "period": t("okr.form.period"), "team_id": t("common.team"),
              "parents": t("okr.form.parents")}
    if errors:
        show_errors(errors, slots, labels)
        return
    try:
        with db_session(ctx) as s:
            if obj is None:
                saved = okr_repo.create_objective(session=s, data=data, user=ctx.user, parent_ids=parents)
                if kr_data is not None:
                    okr_repo.create_key_result(session=s, data=kr_data.model_copy(update={"objective_id": saved.id}),
                                               user=ctx.user)
            else:
                saved = okr_repo.update_objective(
                    # only the fields this form shows: the closing note stays as it is
                    session=s, objective_id=obj["id"], data=ObjectiveUpdate(**data.model_dump(include=set(raw))),
                    user=ctx.user,
                    parent_ids=parents,
                )
    except OkrError as exc:
        show_errors({exc.field: exc.key}, slots, labels, **exc.values)
        return
    data_changed()
    if obj is None:
        reset_form(prefix)
        flash(md("okr.created", title=saved.title))
        _open(saved.id)
    else:
        flash(t("okr.saved"))
    st.rerun()


def close_form(ctx: PageContext, obj: dict) -> None:
    """Close an objective as achieved, missed or dropped, with a note."""
    prefix = f"{PREFIX}.close.{obj['id']}"
    options = [s.value for s in okr_repo.CLOSED_STATUSES]
    labels = {s: t(f"objective_status.{s}") for s in options}
    slots: dict = {}
    with st.form(prefix, border=False):
        status = st.radio(t("okr.close.status"), options, key=f"{prefix}.status", horizontal=True,
                          index=options.index(obj["status"]) if obj["status"] in options else None,
                          format_func=lambda v: labels[v])
        slots["status"] = st.empty()
        note = st.text_area(t("okr.close.note"), value=obj["closing_note"], key=f"{prefix}.note", height=80)
        slots["closing_note"] = st.empty()
        submitted = st.form_submit_button(t("okr.close.submit"), type="primary")
    if not submitted:
        return
    errors = okr_service.validate_close(status, note)
    if errors:
        show_errors(errors, slots, {"status": t("okr.close.status"), "closing_note": t("okr.close.note")})
        return
    with db_session(ctx) as s:
        okr_repo.close_objective(session=s, objective_id=obj["id"], status=status, note=note, user=ctx.user)
    data_changed()
    flash(md("okr.closed", status=labels[status]))
    st.rerun()


def delete_form(ctx: PageContext, obj: dict) -> None:
    """Delete an objective after an explicit confirmation."""
    prefix = f"{PREFIX}.delete.{obj['id']}"
    with st.form(prefix, border=False):
        confirm = st.checkbox(t("okr.delete.confirm"), key=f"{prefix}.confirm")
        submitted = st.form_submit_button(t("okr.delete.submit"), icon=":material/delete:")
    if not submitted:
        return
    if not confirm:
        st.error(t("okr.delete.need_confirm"))
        return
    with db_session(ctx) as s:
        okr_repo.delete_objective(session=s, objective_id=obj["id"], user=ctx.user)
    data_changed()
    flash(md("okr.deleted", title=obj["title"]))
    _open(None)
    st.rerun()


def _metric_choices(ctx: PageContext) -> tuple[list, dict, dict]:
    metrics = cache.metric_summary(ctx.engine)
    info = {int(m.id): {"name": m.name, "direction": m.direction, "unit": m.unit} for m in metrics.itertuples()}
    labels = {MANUAL: t("kr.metric_manual"), **{mid: m["name"] for mid, m in info.items()}}
    return [MANUAL, *info], labels, info


def key_result_form(ctx: PageContext, obj: dict, kr: dict | None) -> None:
    """Add (kr None) or edit a key result; editing also offers deletion."""
    prefix = f"{PREFIX}.kr.{obj['id']}.new" if kr is None else f"{PREFIX}.kr.{kr['id']}"
    _apply_reset(prefix)
    options, labels, info = _metric_choices(ctx)
    lang = ctx.lang
    current_metric = kr["metric_id"] if kr and kr["metric_id"] in info else MANUAL
    slots: dict = {}
    with st.form(prefix, border=False):
        title = st.text_input(t("okr.kr.title"), value=kr["title"] if kr else "", key=f"{prefix}.title")
        slots["title"] = st.empty()
        metric = st.selectbox(t("okr.kr.metric"), options, index=options.index(current_metric), key=f"{prefix}.metric",
                              format_func=lambda v: labels.get(v, str(v)))
        slots["metric_id"] = st.empty()
        c1, c2, c3, c4 = st.columns(4)
        with c1:
            baseline = st.text_input(t("okr.kr.baseline"), value=_num_text(kr["baseline"], lang) if kr else "",
                                     key=f"{prefix}.baseline")
            slots["baseline"] = st.empty()
        with c2:
            target = st.text_input(t("okr.kr.target"), value=_num_text(kr["target"], lang) if kr else "",
                                   key=f"{prefix}.target")
            slots["target"] = st.empty()
        with c3:
            stretch = st.text_input(t("okr.kr.stretch"), value=_num_text(kr["stretch"], lang) if kr else "",
                                    key=f"{prefix}.stretch")
            slots["stretch"] = st.empty()
        with c4:
            unit = st.text_input(t("okr.kr.unit"), value=kr["unit"] if kr else "", key=f"{prefix}.unit")
        delete = st.checkbox(t("okr.kr.delete"), key=f"{prefix}.delete") if kr and ctx.is_admin else False
        submitted = st.form_submit_button(t("okr.kr.submit_add") if kr is None else t("okr.form.save"), type="primary")
    if not submitted:
        return
    if kr and delete:
        with db_session(ctx) as s:
            okr_repo.delete_key_result(session=s, key_result_id=kr["id"], user=ctx.user)
        data_changed()
        flash(t("okr.kr.deleted"))
        st.rerun()
    raw = {"objective_id": obj["id"], "title": title, "metric_id": None if metric == MANUAL else int(metric),
           "baseline": baseline, "target": target, "stretch": stretch, "unit": unit}
    data, errors = okr_service.validate_key_result(raw, metrics=info, lang=lang)
    field_labels = {"title": t("okr.kr.title"), "metric_id": t("common.metric"), "baseline": t("okr.kr.baseline"),
                    "target": t("okr.kr.target"), "stretch": t("okr.kr.stretch")}
    if errors:
        show_errors(errors, slots, field_labels)
        return
    try:
        with db_session(ctx) as s:
            if kr is None:
                okr_repo.create_key_result(session=s, data=data, user=ctx.user)
            else:
                okr_repo.update_key_result(
                    session=s, key_result_id=kr["id"], user=ctx.user,
                    data=KeyResultUpdate(**data.model_dump(exclude={"objective_id"})),
                )
    except OkrError as exc:
        show_errors({exc.field: exc.key}, slots, field_labels, **exc.values)
        return
    data_changed()
    if kr is None:
        reset_form(prefix)
        flash(md("okr.kr.added", title=data.title))
    else:
        flash(t("okr.saved"))
    st.rerun()


def check_in_form(ctx: PageContext, kr: dict, today: date) -> None:
    """Check in on a key result: value (manual ones), confidence 0-10, comment."""
    prefix = f"{PREFIX}.checkin.{kr['id']}"
    _apply_reset(prefix)
    manual = kr["metric_id"] is None
    slots: dict = {}
    with st.form(prefix, border=False):
        if manual:
            value = st.text_input(t("okr.checkin.value"), key=f"{prefix}.value")
            slots["value"] = st.empty()
        else:
            value = None
            st.caption(md("okr.checkin.metric_note", metric=kr["metric"]))
        confidence = st.number_input(t("okr.checkin.confidence"), value=None, step=1, key=f"{prefix}.confidence")
        slots["confidence"] = st.empty()
        comment = st.text_area(t("okr.checkin.comment"), key=f"{prefix}.comment", height=70)
        day = st.date_input(t("okr.checkin.date"), value=today, key=f"{prefix}.date",
                            format="DD.MM.YYYY" if ctx.lang == "de" else "YYYY-MM-DD")
        slots["date"] = st.empty()
        submitted = st.form_submit_button(t("okr.checkin.submit"), type="primary")
    if not submitted:
        return
    raw = {"key_result_id": kr["id"], "value": value, "confidence": confidence, "comment": comment, "date": day}
    data, errors = okr_service.validate_check_in(raw, manual=manual, today=today, lang=ctx.lang)
    labels = {"value": t("okr.checkin.value"), "confidence": t("okr.checkin.confidence"), "date": t("okr.checkin.date")}
    if errors:
        show_errors(errors, slots, labels)
        return
    with db_session(ctx) as s:
        okr_repo.add_check_in(session=s, data=data, user=ctx.user)
    data_changed()
    reset_form(prefix)
    flash(t("okr.checkin.saved"))
    st.rerun()


def carry_over_form(ctx: PageContext, period: str, team_id: int | None) -> None:
    """Copy unfinished objectives of the quarter into the next one."""
    target = shift_period(period, 1)
    quarter = cache.objectives(ctx.engine, period)  # cached: no query on a rerun
    candidates = quarter[quarter["status"].isin(okr_service.open_statuses())].sort_values("title")
    if team_id is not None:
        candidates = candidates[candidates["team_id"] == team_id]
    if candidates.empty:
        st.info(md("okr.carry.none", source=fmt_period(period)), icon=":material/lightbulb:")
        return
    st.write(md("okr.carry.intro", source=fmt_period(period), target=fmt_period(target)))
    labels = dict(zip(candidates["id"].astype(int), candidates["title"], strict=True))
    prefix = f"{PREFIX}.carry.{period}"
    with st.form(prefix, border=False):
        chosen = st.multiselect(t("okr.carry.pick"), list(labels), default=[], key=f"{prefix}.pick",
                                format_func=lambda v: labels.get(v, str(v)), placeholder=t("okr.carry.placeholder"))
        submitted = st.form_submit_button(md("okr.carry.submit", target=fmt_period(target)), type="primary")
    if not submitted:
        return
    if not chosen:
        st.error(t("okr.carry.need_pick"))
        return
    with db_session(ctx) as s:
        copies = okr_repo.carry_over(session=s, objective_ids=chosen, to_period=target, user=ctx.user)
    data_changed()
    if copies:
        flash(md_plural("okr.carry.done", len(copies), target=fmt_period(target)))
    else:
        flash(md("okr.carry.skipped", target=fmt_period(target)))
    st.rerun()
