"""The Objectives page's forms: objective, key result, check-in, close, delete and carry-over."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.analysis.periods import quarter_choices, shift_period
from dashboard.errors import DomainError
from dashboard.i18n import fmt_period, label, md, md_plural, t
from dashboard.models import KeyResultCreate, KeyResultUpdate, ObjectiveStatus, ObjectiveUpdate
from dashboard.repository import okrs as okr_repo
from dashboard.services import okrs as okr_service
from dashboard.ui import cache
from dashboard.ui.components import follow_default
from dashboard.ui.forms import apply_reset, flash, reset_form, show_domain_error, show_errors
from dashboard.ui.frame import PageContext, data_changed, db_session
from dashboard.ui.objectives.common import COMPANY, MANUAL, PREFIX, num_text, open_objective


def _team_options(ctx: PageContext, current: int | None) -> tuple[list, dict]:
    teams = cache.teams(ctx.engine, include_archived=True)
    active = teams.loc[~teams["archived"].astype(bool)]
    ids = active["id"].tolist()
    if current is not None and current not in ids:
        ids.append(current)  # an archived team stays selectable for its own objectives
    labels = {COMPANY: t("common.company"), **dict(zip(teams["id"], teams["name"], strict=True))}
    return [COMPANY, *ids], labels


def _first_key_result_fields(ctx: PageContext, prefix: str, slots: dict) -> tuple[dict, dict]:
    """The new objective's first key result, in one row (optional); its typed values and the metrics."""
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
    return first_kr, kr_info


def _first_key_result(first_kr: dict, kr_info: dict, slots: dict, lang: str) -> tuple[bool, KeyResultCreate | None]:
    """The first key result checked by the same rules as the key-result form: (False, None) after showing
    what is wrong; (True, None) when none was typed."""
    if not first_kr or not any((first_kr[name] or "").strip() for name in ("title", "baseline", "target")):
        return True, None
    kr_data, kr_errors = okr_service.validate_key_result(
        {"objective_id": 0, "title": first_kr["title"], "baseline": first_kr["baseline"],
         "target": first_kr["target"], "unit": first_kr["unit"], "stretch": "",
         "metric_id": None if first_kr["metric"] == MANUAL else int(first_kr["metric"])},
        metrics=kr_info, lang=lang,
    )
    if not kr_errors:
        return True, kr_data
    kr_field_labels = {"title": t("okr.kr.title"), "metric_id": t("common.metric"),
                       "baseline": t("okr.kr.baseline"), "target": t("okr.kr.target")}
    field, key = next(iter(kr_errors.items()))
    show_errors({"first_kr": key}, slots, {"first_kr": f"{t('okr.form.first_kr')} · {kr_field_labels.get(field, '')}"})
    return False, None


def objective_form(ctx: PageContext, obj: dict | None, *, period: str, team_id: int | None) -> None:
    """Create (obj None) or edit an objective, with its alignment."""
    prefix = f"{PREFIX}.form" if obj is None else f"{PREFIX}.edit.{obj['id']}"
    apply_reset(prefix)
    team_ids, team_labels = _team_options(ctx, obj["team_id"] if obj else None)
    status_values = okr_service.open_statuses()
    if obj and obj["status"] not in status_values:
        status_values = [*status_values, obj["status"]]
    status_labels = {s: label(ObjectiveStatus, s) for s in status_values}
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
        first_kr, kr_info = _first_key_result_fields(ctx, prefix, slots) if obj is None else ({}, {})
        submitted = st.form_submit_button(t("okr.form.create") if obj is None else t("okr.form.save"), type="primary")
    if not submitted:
        return
    ok, kr_data = _first_key_result(first_kr, kr_info, slots, ctx.lang)
    if not ok:
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
            else:  # only the fields this form shows: the closing note stays as it is
                saved = okr_repo.update_objective(session=s, objective_id=obj["id"], user=ctx.user, parent_ids=parents,
                                                  data=ObjectiveUpdate(**data.model_dump(include=set(raw))))
    except DomainError as exc:
        show_domain_error(exc, slots, labels)
        return
    data_changed()
    if obj is None:
        reset_form(prefix)
        flash(md("okr.created", title=saved.title))
        open_objective(saved.id)
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
    open_objective(None)
    st.rerun()


def _metric_choices(ctx: PageContext) -> tuple[list, dict, dict]:
    metrics = cache.metric_summary(ctx.engine)
    info = {int(m.id): {"name": m.name, "direction": m.direction, "unit": m.unit} for m in metrics.itertuples()}
    labels = {MANUAL: t("kr.metric_manual"), **{mid: m["name"] for mid, m in info.items()}}
    return [MANUAL, *info], labels, info


def key_result_form(ctx: PageContext, obj: dict, kr: dict | None) -> None:
    """Add (kr None) or edit a key result; editing also offers deletion."""
    prefix = f"{PREFIX}.kr.{obj['id']}.new" if kr is None else f"{PREFIX}.kr.{kr['id']}"
    apply_reset(prefix)
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
            baseline = st.text_input(t("okr.kr.baseline"), value=num_text(kr["baseline"], lang) if kr else "",
                                     key=f"{prefix}.baseline")
            slots["baseline"] = st.empty()
        with c2:
            target = st.text_input(t("okr.kr.target"), value=num_text(kr["target"], lang) if kr else "",
                                   key=f"{prefix}.target")
            slots["target"] = st.empty()
        with c3:
            stretch = st.text_input(t("okr.kr.stretch"), value=num_text(kr["stretch"], lang) if kr else "",
                                    key=f"{prefix}.stretch")
            slots["stretch"] = st.empty()
        with c4:
            unit = st.text_input(t("okr.kr.unit"), value=kr["unit"] if kr else "", key=f"{prefix}.unit")
        # A target on the worse side of the baseline for the metric's direction is refused as a likely typo,
        # unless this says it is meant ("keep it under X").
        keep_direction = st.checkbox(t("okr.kr.keep_direction"), key=f"{prefix}.keep_direction",
                                     value=bool(kr and kr.get("direction_conflict")))
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
           "baseline": baseline, "target": target, "stretch": stretch, "unit": unit, "keep_direction": keep_direction}
    data, errors = okr_service.validate_key_result(raw, metrics=info, lang=lang)
    if errors.get("target", "").startswith("okr.error.direction_"):
        errors["target"] += "_keep"
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
    except DomainError as exc:
        show_domain_error(exc, slots, field_labels)
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
    apply_reset(prefix)
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
