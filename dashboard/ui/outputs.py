"""Outputs page sections: filters, table, weekly chart, the unlinked panel, the add/edit and linking forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.analysis import outputs as analysis
from dashboard.charts.outputs import shipped_per_week_chart
from dashboard.errors import DomainError
from dashboard.i18n import fmt_count, fmt_date, fmt_percent, fmt_period, md, output_status_label, output_type_label, t
from dashboard.models import OutputCreate, OutputUpdate
from dashboard.repository import outputs as repo
from dashboard.ui import cache
from dashboard.ui.components import ALL, empty_state, paged, show_table
from dashboard.ui.frame import PageContext, data_changed, db_session

NEW = "__new__"
SELECT_KEY = "outputs.edit.select"
PENDING_KEY = "outputs.edit.pending"
FLASH_KEY = "outputs.flash"
MAX_CHOICES = 500
TABLE_ROWS = 100  # per page of the outputs table
FORM_FIELDS = ("key", "title", "type", "team_id", "status", "shipped_on", "link", "labels")


@dataclass(frozen=True)
class Filters:
    team_id: int | None
    quarter: str | None
    types: list[str]
    shipped: bool | None
    linked: bool | None
    search: str


@st.cache_data(ttl=300, max_entries=16, show_spinner=False, hash_funcs=cache.ENGINE_KEY)
def link_targets(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hypotheses and key results an output can be linked to (cached, cleared after writes)."""
    with Session(engine, expire_on_commit=False) as s:
        return repo.link_targets(session=s)


def flash() -> None:
    """Show the message a write left for the next run (after `st.rerun`)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def render_filters(ctx: PageContext, outputs: pd.DataFrame) -> Filters:
    """Team, quarter, type, shipped, linked and a search box; returns the choices."""
    teams = cache.teams(ctx.engine)
    team_labels = {ALL: t("common.all_teams"), **dict(zip(teams["id"].tolist(), teams["name"], strict=True))}
    quarters = analysis.shipped_quarters(outputs)
    quarter_labels = {ALL: t("outputs.filter.quarter_all"), **{q: fmt_period(q) for q in quarters}}
    shipped_labels = {
        ALL: t("outputs.filter.any"), "yes": t("outputs.filter.shipped_yes"), "no": t("outputs.filter.shipped_no"),
    }
    linked_labels = {
        ALL: t("outputs.filter.any"), "yes": t("outputs.filter.linked_yes"), "no": t("outputs.filter.linked_no"),
    }
    c1, c2, c3 = st.columns(3)
    team = c1.selectbox(t("common.team"), list(team_labels), key="outputs.filter.team",
                        format_func=lambda v: team_labels.get(v, str(v)))
    quarter = c2.selectbox(t("common.quarter"), list(quarter_labels), key="outputs.filter.quarter",
                           format_func=lambda v: quarter_labels.get(v, str(v)))
    types = c3.multiselect(t("outputs.filter.type"), analysis.output_types(outputs), key="outputs.filter.type",
                           placeholder=t("outputs.filter.type_placeholder"), format_func=output_type_label)
    c4, c5, c6 = st.columns(3)
    shipped = c4.selectbox(t("outputs.filter.shipped"), list(shipped_labels), key="outputs.filter.shipped",
                           format_func=lambda v: shipped_labels[v])
    linked = c5.selectbox(t("outputs.filter.linked"), list(linked_labels), key="outputs.filter.linked",
                          format_func=lambda v: linked_labels[v])
    search = c6.text_input(t("outputs.filter.search"), key="outputs.filter.search")
    return Filters(
        team_id=None if team == ALL else int(team),
        quarter=None if quarter == ALL else quarter,
        types=list(types),
        shipped=None if shipped == ALL else shipped == "yes",
        linked=None if linked == ALL else linked == "yes",
        search=search or "",
    )


def apply_filters(outputs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The outputs matching the chosen filters."""
    return analysis.filter_outputs(
        outputs, team_id=filters.team_id, quarter=filters.quarter, types=filters.types,
        shipped=filters.shipped, linked=filters.linked, search=filters.search,
    )


def render_figures(shown: pd.DataFrame) -> None:
    """Counts for the filtered outputs: shown, shipped, not shipped, share without outcome."""
    shipped = int(shown["shipped_on"].map(lambda d: isinstance(d, date)).sum())
    cols = st.columns(4)
    cols[0].metric(t("outputs.kpi.shown"), fmt_count(len(shown)))
    cols[1].metric(t("outputs.kpi.shipped"), fmt_count(shipped))
    cols[2].metric(t("outputs.kpi.not_shipped"), fmt_count(len(shown) - shipped))
    cols[3].metric(t("outputs.kpi.unlinked_share"), fmt_percent(analysis.unlinked_share(shown)),
                   help=t("outputs.kpi.unlinked_help"))


def _linked_to(row, hyp_names: dict[int, str], kr_names: dict[int, str]) -> str:
    names = [hyp_names.get(i, "") for i in row.hypothesis_ids] + [kr_names.get(i, "") for i in row.key_result_ids]
    return "; ".join(n for n in names if n) or "—"


def render_table(ctx: PageContext, shown: pd.DataFrame) -> None:
    """The filtered outputs as a table with readable headers, dates and link names."""
    hyps, krs = link_targets(ctx.engine)
    hyp_names = dict(zip(hyps["id"].tolist(), hyps["statement"], strict=True))
    kr_names = dict(zip(krs["id"].tolist(), krs["title"], strict=True))
    rows = [
        {
            t("common.key"): o.key,
            t("common.title"): o.title,
            t("outputs.shipped_on"): fmt_date(o.shipped_on) if isinstance(o.shipped_on, date) else "—",
            t("common.status"): output_status_label(o.status),
            t("outputs.linked"): t("common.yes") if o.linked else t("common.no"),
            t("common.team"): o.team or "—",
            t("common.type"): output_type_label(o.type),
            t("outputs.sprints"): ", ".join(o.sprints),
            t("outputs.linked_to"): _linked_to(o, hyp_names, kr_names),
            t("outputs.labels"): ", ".join(o.labels),
            t("outputs.fix_versions"): ", ".join(o.fix_versions),
            t("outputs.link"): o.link or None,
        }
        for o in paged(shown, "outputs.page", size=TABLE_ROWS).itertuples()
    ]
    show_table(
        rows, hide_index=True, width="stretch",
        column_config={t("outputs.link"): st.column_config.LinkColumn(t("outputs.link"), display_text="↗"),
                       t("common.key"): st.column_config.TextColumn(pinned=True),
                       t("common.title"): st.column_config.TextColumn(width="large")},
    )


def render_chart(shown: pd.DataFrame) -> None:
    """Shipped per week, linked vs unlinked (only when something shipped)."""
    weekly = analysis.shipped_per_week(shown)
    if not weekly.empty:
        # The app theme pads title and legend inside the given height: leave the bars room.
        st.altair_chart(shipped_per_week_chart(weekly), width="stretch", height=400)


def edit_url(key: str, lang: str) -> str:
    """A relative address that opens this page with one output selected for editing and linking."""
    return f"Outputs?{urlencode({'output': key, 'lang': lang})}"


def render_unlinked_panel(outputs: pd.DataFrame, filters: Filters, lang: str = "en") -> None:
    """Per team and quarter: what shipped without a link to any outcome, named, with its share."""
    st.subheader(t("outputs.unlinked.heading"))
    st.caption(t("outputs.unlinked.explain"))
    scope = analysis.filter_outputs(outputs, team_id=filters.team_id, types=filters.types, search=filters.search)
    summary = analysis.unlinked_summary(scope)
    if summary.empty:
        empty_state("outputs.unlinked.nothing_shipped")
        return
    period = filters.quarter or summary["quarter"].iloc[0]
    if not filters.quarter:
        st.caption(md("outputs.unlinked.quarter_hint", period=fmt_period(period)))
    groups = summary[summary["quarter"] == period]
    if groups.empty:
        empty_state("outputs.unlinked.nothing_shipped")
    for group in groups.itertuples():
        team = group.team or t("outputs.unlinked.no_team")
        st.markdown("**" + md("outputs.unlinked.group", team=team, period=fmt_period(period), unlinked=group.unlinked,
                             shipped=group.shipped, share=fmt_percent(group.share)) + "**")
        no_team = group.team_id is None or pd.isna(group.team_id)
        team_rows = scope[scope["team_id"].isna()] if no_team else scope
        unlinked = analysis.unlinked_shipped(team_rows, quarter=period, team_id=None if no_team else int(group.team_id))
        if unlinked.empty:
            st.caption(t("outputs.unlinked.none"))
            continue
        open_label = t("outputs.unlinked.open")
        show_table(
            [
                {t("common.key"): o.key, t("common.title"): o.title, t("common.type"): output_type_label(o.type),
                 t("outputs.shipped_on"): fmt_date(o.shipped_on), open_label: edit_url(o.key, lang)}
                for o in unlinked.itertuples()
            ],
            hide_index=True, width="stretch",
            column_config={open_label: st.column_config.LinkColumn(open_label, display_text=t("outputs.unlinked.open_text"))},
        )
    st.markdown(f"##### {t('outputs.unlinked.summary')}")
    show_table(
        [
            {
                t("common.team"): s.team or t("outputs.unlinked.no_team"),
                t("common.quarter"): fmt_period(s.quarter),
                t("outputs.unlinked.col_shipped"): s.shipped,
                t("outputs.unlinked.col_unlinked"): s.unlinked,
                t("outputs.unlinked.col_share"): fmt_percent(s.share),
            }
            for s in summary.itertuples()
        ],
        hide_index=True, width="stretch",
    )


# ---------------------------------------------------------------------------------------------
# Add / edit


def output_from_address(outputs: pd.DataFrame) -> bool:
    """Select the output named by `?output=KEY` for editing; True when one was found (open the edit tab).

    An unknown key is named in a warning and changes nothing.
    """
    key = st.query_params.get("output")
    if not key or SELECT_KEY in st.session_state:
        return False
    match = outputs[outputs["key"] == key]
    if match.empty:
        st.warning(md("outputs.query.unknown", output_key=key), icon=":material/help:")
        return False
    st.session_state[SELECT_KEY] = int(match["id"].iloc[0])
    return True


def _apply_pending() -> None:
    """Select the output a write just created, before the select box exists."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        st.session_state[SELECT_KEY] = pending


def render_editor(ctx: PageContext, outputs: pd.DataFrame, shown: pd.DataFrame | None = None) -> None:
    """Pick an output (or a new one), edit it in a form, and link it to hypotheses and key results.

    The choice lists the outputs matching the filters (at most MAX_CHOICES), plus the one selected.
    """
    if not ctx.can_edit:
        st.info(t("outputs.form.read_only"), icon=":material/visibility:")
        return
    _apply_pending()
    shown = outputs if shown is None else shown
    selected = st.session_state.get(SELECT_KEY)
    candidates = shown.sort_values("key").head(MAX_CHOICES)
    if selected not in (NEW, None) and selected not in set(candidates["id"]):
        candidates = pd.concat([outputs[outputs["id"] == selected], candidates])
    labels = {NEW: t("outputs.edit.new"), **{int(o.id): f"{o.key} · {o.title}" for o in candidates.itertuples()}}
    if len(shown) > MAX_CHOICES:
        st.caption(md("outputs.edit.narrow", shown=MAX_CHOICES, total=len(shown)))
    if st.session_state.get(SELECT_KEY) not in labels:
        st.session_state.pop(SELECT_KEY, None)
    choice = st.selectbox(t("outputs.edit.choose"), list(labels), key=SELECT_KEY, format_func=lambda v: labels[v])
    current = None if choice == NEW else outputs[outputs["id"] == choice].iloc[0]
    _output_form(ctx, current)
    if current is not None:
        _links_form(ctx, current)
        if ctx.is_admin:
            _delete_section(ctx, current)


def _delete_section(ctx: PageContext, current: pd.Series) -> None:
    oid = int(current["id"])
    with st.expander(md("outputs.delete.heading", output_key=current["key"]), icon=":material/delete:"):
        st.caption(t("outputs.delete.explain"))
        sure = st.checkbox(t("outputs.delete.confirm"), key=f"outputs.delete.{oid}.confirm")
        if not st.button(t("outputs.delete.button"), key=f"outputs.delete.{oid}.button", disabled=not sure):
            return
    try:
        with db_session(ctx) as s:
            repo.delete_output(session=s, output_id=oid, user=ctx.user)
    except DomainError as exc:
        st.error(md(exc.key, **exc.values))
        return
    data_changed()
    st.session_state.pop(SELECT_KEY, None)
    st.session_state[FLASH_KEY] = md("outputs.delete.done", output_key=current["key"])
    st.rerun()


def _field_error(err: dict) -> str:
    kind = err.get("type", "")
    if kind in ("missing", "string_too_short") or "required" in str(err.get("msg", "")):
        return t("common.required")
    if kind == "string_too_long":
        return t("outputs.form.too_long", max=(err.get("ctx") or {}).get("max_length", ""))
    return t("outputs.form.invalid")


def _output_form(ctx: PageContext, current: pd.Series | None) -> None:
    oid = NEW if current is None else int(current["id"])
    prefix = f"outputs.form.{oid}"
    teams = cache.teams(ctx.engine)
    team_labels = {ALL: t("outputs.form.no_team"), **dict(zip(teams["id"].tolist(), teams["name"], strict=True))}
    team_default = ALL if current is None or pd.isna(current["team_id"]) else int(current["team_id"])
    if team_default not in team_labels:
        team_default = ALL
    st.markdown("#### " + (t("outputs.edit.heading_new") if current is None
                           else md("outputs.edit.heading_edit", output_key=current["key"])))
    with st.form(f"{prefix}.form", border=True):
        c1, c2 = st.columns([1, 3])
        key = c1.text_input(t("outputs.form.key"), value="" if current is None else current["key"],
                            key=f"{prefix}.key", disabled=current is not None, help=t("outputs.form.key_help"))
        title = c2.text_input(t("outputs.form.title"), value="" if current is None else current["title"],
                              key=f"{prefix}.title")
        c3, c4, c5 = st.columns(3)
        otype = c3.text_input(t("outputs.form.type"), value="feature" if current is None else current["type"],
                              key=f"{prefix}.type", help=t("outputs.form.type_help"))
        team = c4.selectbox(t("outputs.form.team"), list(team_labels), index=list(team_labels).index(team_default),
                            key=f"{prefix}.team", format_func=lambda v: team_labels.get(v, str(v)))
        status = c5.text_input(t("outputs.form.status"), value="" if current is None else current["status"],
                               key=f"{prefix}.status", help=t("outputs.form.status_help"))
        c6, c7 = st.columns([1, 3])
        shipped_default = current["shipped_on"] if current is not None and isinstance(current["shipped_on"], date) else None
        shipped_on = c6.date_input(t("outputs.form.shipped_on"), value=shipped_default, key=f"{prefix}.shipped_on",
                                   help=t("outputs.form.shipped_on_help"), format="DD.MM.YYYY" if ctx.lang == "de"
                                   else "YYYY-MM-DD", min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
        link = c7.text_input(t("outputs.form.link"), value="" if current is None else current["link"],
                             key=f"{prefix}.link")
        labels_text = st.text_input(t("outputs.form.labels"), value="" if current is None else ", ".join(current["labels"]),
                                    key=f"{prefix}.labels")
        submitted = st.form_submit_button(
            t("outputs.form.save_new") if current is None else t("outputs.form.save_edit"), type="primary"
        )
    if not submitted:
        return
    values = {
        "key": key if current is None else current["key"], "title": title, "type": (otype or "").strip() or "feature",
        "team_id": None if team == ALL else int(team), "status": (status or "").strip(),
        "shipped_on": shipped_on if isinstance(shipped_on, date) else None, "link": (link or "").strip(),
        "labels": [p.strip() for p in (labels_text or "").split(",") if p.strip()],
    }
    field_labels = {f: t(f"outputs.form.{f if f != 'team_id' else 'team'}") for f in FORM_FIELDS}
    try:
        data = OutputCreate.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err.get("loc") else ""
            st.error(md("outputs.form.field_error", field=field_labels.get(field, field), message=_field_error(err)))
        st.warning(t("outputs.form.not_saved"))
        return
    try:
        with db_session(ctx) as s:
            if current is None:
                saved = repo.create_output(session=s, data=data, user=ctx.user)
            else:
                changes = data.model_dump(include=set(OutputUpdate.model_fields) & set(FORM_FIELDS))
                saved = repo.update_output(session=s, output_id=int(current["id"]), data=OutputUpdate(**changes),
                                           user=ctx.user)
    except DomainError as exc:
        st.error(md(exc.key, **exc.values))
        return
    data_changed()
    if current is None:
        for field in ("key", "title", "type", "team", "status", "shipped_on", "link", "labels"):
            st.session_state.pop(f"{prefix}.{field}", None)
        st.session_state[PENDING_KEY] = saved.id
        st.session_state[FLASH_KEY] = md("outputs.form.created", output_key=saved.key)
    else:
        st.session_state[FLASH_KEY] = md("outputs.form.updated", output_key=saved.key)
    st.rerun()


def _links_form(ctx: PageContext, current: pd.Series) -> None:
    oid = int(current["id"])
    prefix = f"outputs.links.{oid}"
    hyps, krs = link_targets(ctx.engine)
    st.markdown("#### " + md("outputs.links.heading", output_key=current["key"]))
    st.caption(t("outputs.links.explain"))
    if hyps.empty and krs.empty:
        empty_state("outputs.links.none_available", link_page="pages/2_Hypotheses.py", link_key="menu.hypotheses")
        return
    hyp_labels = {
        int(h.id): (f"{h.team} · " if h.team else "") + h.statement for h in hyps.itertuples()
    }
    kr_labels = {
        int(k.id): f"{fmt_period(k.period)} · {k.objective} › {k.title}" for k in krs.itertuples()
    }
    hyp_default = [i for i in current["hypothesis_ids"] if i in hyp_labels]
    kr_default = [i for i in current["key_result_ids"] if i in kr_labels]
    if not hyp_default and not kr_default:
        st.caption(t("outputs.links.current_none"))
    with st.form(f"{prefix}.form", border=True):
        chosen_hyps = st.multiselect(t("outputs.links.hypotheses"), list(hyp_labels), default=hyp_default,
                                     key=f"{prefix}.hypotheses", format_func=lambda v: hyp_labels.get(v, str(v)),
                                     placeholder=t("outputs.links.pick_hypotheses"))
        chosen_krs = st.multiselect(t("outputs.links.key_results"), list(kr_labels), default=kr_default,
                                    key=f"{prefix}.key_results", format_func=lambda v: kr_labels.get(v, str(v)),
                                    placeholder=t("outputs.links.pick_key_results"))
        submitted = st.form_submit_button(t("outputs.links.save"), type="primary")
    if not submitted:
        return
    try:
        with db_session(ctx) as s:
            links = repo.set_output_links(session=s, output_id=oid, hypothesis_ids=[int(i) for i in chosen_hyps],
                                          key_result_ids=[int(i) for i in chosen_krs], user=ctx.user)
    except DomainError as exc:
        st.error(md(exc.key, **exc.values))
        return
    data_changed()
    st.session_state[FLASH_KEY] = md("outputs.links.saved", output_key=current["key"],
                                    hypotheses=len(links["hypothesis_ids"]), key_results=len(links["key_result_ids"]))
    st.rerun()
