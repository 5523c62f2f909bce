"""Settings page: teams (add, rename, archive) and metric definitions (incl. the one North Star)."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from dashboard.errors import DomainError
from dashboard.i18n import md, md_plural, t
from dashboard.models import Aggregation, Direction, MetricKind, MetricUpdate, TeamCreate
from dashboard.repository import metrics as metric_repo
from dashboard.repository import teams as team_repo
from dashboard.rules import direction_conflict
from dashboard.ui import cache
from dashboard.ui.components import show_table
from dashboard.ui.forms import apply_reset, flash, reset_form
from dashboard.ui.frame import PageContext, data_changed, db_session

PREFIX = "settings"


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "name"
        errors.setdefault(field, "settings.error.too_long" if "too_long" in err["type"] else "settings.error.name")
    return errors


def _show(errors: dict[str, str], slots: dict, labels: dict[str, str]) -> None:
    for field, key in errors.items():
        target = slots.get(field)
        (target if target is not None else st).error(f"{labels.get(field, '')}: {t(key)}".lstrip(": "),
                                                     icon=":material/error:")
    st.error(t("settings.invalid"), icon=":material/error:")


def render_page(ctx: PageContext) -> None:
    """Teams and metrics sections."""
    render_teams(ctx)
    st.divider()
    render_metrics(ctx)


def render_teams(ctx: PageContext) -> None:
    """The team list with add, rename and archive forms."""
    st.subheader(t("settings.teams"))
    teams = cache.teams(ctx.engine, include_archived=True)
    if teams.empty:
        st.info(t("settings.no_teams"), icon=":material/lightbulb:")
    else:
        show_table(
            [
                {t("settings.name"): r.name,
                 t("settings.team_state"): t("settings.team_archived") if r.archived else t("settings.team_active")}
                for r in teams.itertuples()
            ],
            hide_index=True, width="stretch",
        )
    if not ctx.can_edit:
        st.caption(t("settings.read_only"))
        return
    left, right = st.columns(2)
    with left:
        add_team_form(ctx)
    with right:
        if not teams.empty:
            edit_team_form(ctx, teams)


def add_team_form(ctx: PageContext) -> None:
    """Add a team."""
    prefix = f"{PREFIX}.team_add"
    apply_reset(prefix)
    st.markdown(f"**{t('settings.team_add')}**")
    with st.form(prefix, border=True):
        name = st.text_input(t("settings.name"), key=f"{prefix}.name")
        slot = st.empty()
        submitted = st.form_submit_button(t("settings.team_add_submit"), type="primary")
    if not submitted:
        return
    try:
        data = TeamCreate(name=name)
    except ValidationError as exc:
        _show(_field_errors(exc), {"name": slot}, {"name": t("settings.name")})
        return
    try:
        with db_session(ctx) as s:
            team_repo.create_team(session=s, data=data, user=ctx.user)
    except DomainError as exc:
        _show({"name": exc.key}, {"name": slot}, {"name": t("settings.name")})
        return
    data_changed()
    reset_form(prefix)
    flash(md("settings.team_added", name=data.name))
    st.rerun()


def edit_team_form(ctx: PageContext, teams) -> None:
    """Rename a team or (un)archive it."""
    st.markdown(f"**{t('settings.team_edit')}**")
    labels = dict(zip(teams["id"].tolist(), teams["name"].tolist(), strict=True))
    team_id = st.selectbox(t("settings.team_pick"), list(labels), key=f"{PREFIX}.team_pick",
                           format_func=lambda v: labels.get(v, str(v)))
    row = teams[teams["id"] == team_id].iloc[0]
    prefix = f"{PREFIX}.team.{team_id}"
    with st.form(prefix, border=True):
        name = st.text_input(t("settings.name"), value=row["name"], key=f"{prefix}.name")
        slot = st.empty()
        archived = st.checkbox(t("settings.team_archive"), value=bool(row["archived"]), key=f"{prefix}.archived")
        submitted = st.form_submit_button(t("settings.save"), type="primary")
    if not submitted:
        return
    try:
        clean = TeamCreate(name=name).name
    except ValidationError as exc:
        _show(_field_errors(exc), {"name": slot}, {"name": t("settings.name")})
        return
    try:
        with db_session(ctx) as s:
            team_repo.rename_team(session=s, team_id=int(team_id), name=clean, user=ctx.user)
            team_repo.set_team_archived(session=s, team_id=int(team_id), archived=archived, user=ctx.user)
    except DomainError as exc:
        _show({"name": exc.key}, {"name": slot}, {"name": t("settings.name")})
        return
    data_changed()
    flash(md("settings.team_saved", name=clean))
    st.rerun()


def render_metrics(ctx: PageContext) -> None:
    """The metric definitions, the North Star choice and the edit form."""
    st.subheader(t("settings.metrics"))
    metrics = cache.metric_summary(ctx.engine)
    if metrics.empty:
        st.info(t("settings.no_metrics"), icon=":material/lightbulb:")
        st.page_link("pages/4_Data.py", label=t("common.go_to_data"), icon=":material/arrow_forward:")
        return
    show_table(
        [
            {
                t("settings.name"): m.name,
                t("common.unit"): m.unit,
                t("settings.direction"): t(f"direction.{m.direction}"),
                t("settings.aggregation"): t(f"aggregation.{m.aggregation}"),
                t("settings.kind"): t(f"kind.{m.kind}"),
                t("common.description"): m.description,
            }
            for m in metrics.itertuples()
        ],
        hide_index=True,
        width="stretch",
    )
    north = metrics[metrics["kind"] == "north_star"]
    if north.empty:
        st.warning(t("settings.north_star_none"), icon=":material/star:")
    else:
        st.caption(md("settings.north_star_current", name=north.iloc[0]["name"]))
    if not ctx.can_edit:
        st.caption(t("settings.read_only"))
        return
    left, right = st.columns(2)
    labels = dict(zip(metrics["id"].tolist(), metrics["name"].tolist(), strict=True))
    with left:
        north_star_form(ctx, labels, None if north.empty else int(north.iloc[0]["id"]))
    with right:
        edit_metric_form(ctx, metrics, labels)


def north_star_form(ctx: PageContext, labels: dict, current: int | None) -> None:
    """Pick the one North Star metric."""
    st.markdown(f"**{t('settings.north_star')}**")
    options = list(labels)
    with st.form(f"{PREFIX}.north_star", border=True):
        chosen = st.selectbox(t("settings.metric_pick"), options, key=f"{PREFIX}.north_star.metric",
                              index=options.index(current) if current in options else 0,
                              format_func=lambda v: labels.get(v, str(v)))
        st.caption(t("settings.kind_help"))
        submitted = st.form_submit_button(t("settings.north_star_submit"), type="primary", icon=":material/star:")
    if not submitted:
        return
    try:
        with db_session(ctx) as s:
            metric = metric_repo.set_north_star(session=s, metric_id=int(chosen), user=ctx.user)
    except DomainError as exc:
        st.error(t(exc.key))
        return
    data_changed()
    flash(md("settings.north_star_saved", name=metric.name))
    st.rerun()


def edit_metric_form(ctx: PageContext, metrics, labels: dict) -> None:
    """Unit, direction, aggregation, kind and description of one metric."""
    st.markdown(f"**{t('settings.metric_edit')}**")
    metric_id = st.selectbox(t("settings.metric_pick"), list(labels), key=f"{PREFIX}.metric_pick",
                             format_func=lambda v: labels.get(v, str(v)))
    row = metrics[metrics["id"] == metric_id].iloc[0]
    prefix = f"{PREFIX}.metric.{metric_id}"
    directions = [d.value for d in Direction]
    aggregations = [a.value for a in Aggregation]
    kinds = [k.value for k in MetricKind]
    direction_labels = {d: t(f"direction.{d}") for d in directions}
    aggregation_labels = {a: t(f"aggregation.{a}") for a in aggregations}
    kind_labels = {k: t(f"kind.{k}") for k in kinds}
    slots: dict = {}
    with st.form(prefix, border=True):
        unit = st.text_input(t("common.unit"), value=row["unit"], key=f"{prefix}.unit")
        slots["unit"] = st.empty()
        c1, c2, c3 = st.columns(3)
        direction = c1.selectbox(t("settings.direction"), directions, index=directions.index(row["direction"]),
                                 key=f"{prefix}.direction", format_func=lambda v: direction_labels[v])
        aggregation = c2.selectbox(t("settings.aggregation"), aggregations, index=aggregations.index(row["aggregation"]),
                                   key=f"{prefix}.aggregation", format_func=lambda v: aggregation_labels[v])
        kind = c3.selectbox(t("settings.kind"), kinds, index=kinds.index(row["kind"]), key=f"{prefix}.kind",
                            format_func=lambda v: kind_labels[v])
        st.caption(t("settings.direction_help"))
        description = st.text_area(t("common.description"), value=row["description"], key=f"{prefix}.description",
                                   height=80)
        slots["description"] = st.empty()
        submitted = st.form_submit_button(t("settings.save"), type="primary")
    conflicts = _conflicts(ctx, int(metric_id), row["direction"])
    if conflicts:
        st.warning(md_plural("settings.conflicts", conflicts), icon=":material/swap_vert:")
    if not submitted:
        return
    data = MetricUpdate(unit=(unit or "").strip() or "count", direction=direction, aggregation=aggregation, kind=kind,
                        description=(description or "").strip())
    field_labels = {"unit": t("common.unit"), "description": t("common.description")}
    try:
        with db_session(ctx) as s:
            saved = metric_repo.update_metric(session=s, metric_id=int(metric_id), data=data, user=ctx.user)
    except ValidationError as exc:
        _show(_field_errors(exc), slots, field_labels)
        return
    except DomainError as exc:
        _show({"name": exc.key}, slots, field_labels)
        return
    data_changed()
    flash(md("settings.metric_saved", name=saved.name))
    st.rerun()


def _conflicts(ctx: PageContext, metric_id: int, direction: str) -> int:
    krs = cache.key_results(ctx.engine)
    own = krs[krs["metric_id"] == metric_id]
    return sum(direction_conflict(direction, float(k.baseline), float(k.target)) for k in own.itertuples())
