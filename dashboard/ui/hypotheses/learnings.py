"""Learnings: what the team believed, what happened, what it does next time; one form at a time."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard.i18n import escape_md, md, md_plural, t
from dashboard.models import LearningCreate, LearningUpdate
from dashboard.repository import hypotheses as hyp_repo
from dashboard.services import hypotheses as svc
from dashboard.ui import cache
from dashboard.ui.components import empty_state, paged, search_rows, show_table
from dashboard.ui.forms import flash
from dashboard.ui.frame import PageContext, data_changed, db_session
from dashboard.ui.hypotheses.data import NEW_LEARNING, PageData, team_rows


def render_waiting(ctx: PageContext, data: PageData, learnings: pd.DataFrame, team_id: int | None) -> None:
    """Bets that failed or stayed unclear and have no learning yet; editors open drafts for them with one
    click (what we believed, what happened), never by opening the page."""
    linked = {int(i) for ids in learnings["hypothesis_ids"] for i in ids} if not learnings.empty else set()
    waiting = svc.learning_candidates(team_rows(data, team_id), linked)
    if not waiting:
        return
    with st.container(border=True):
        st.markdown(md_plural("learnings.waiting", len(waiting)))
        statements = data.hyps.set_index("id")["statement"]
        st.caption(escape_md(" · ".join(str(statements[i]) for i in waiting[:5]))
                   + (md("hypotheses.more", count=len(waiting) - 5) if len(waiting) > 5 else ""))
        if ctx.can_edit and st.button(t("learnings.open_drafts"), key="learnings.open_drafts",
                                      icon=":material/lightbulb:"):
            with db_session(ctx) as s:
                drafts = svc.open_learning_drafts(session=s, hyps=data.hyps, results=data.results, ids=waiting,
                                                  user=ctx.user, lang=ctx.lang)
            data_changed()
            flash(md_plural("hypotheses.sync.drafts", len(drafts)))
            st.rerun()


def render_learnings(ctx: PageContext, data: PageData, team_id: int | None) -> None:
    """Learnings as a searchable, paged list; the chosen one in full with one editor (or a new one)."""
    learnings = cache.learnings(ctx.engine)
    render_waiting(ctx, data, learnings, team_id)
    if team_id is not None:
        learnings = learnings[learnings["team_id"] == team_id]
    statements = {int(h["id"]): h["statement"] for h in data.hyps.to_dict("records")}
    status_labels = {s: t(f"learning_status.{s}") for s in ("draft", "open", "closed")}
    shown = learnings
    if learnings.empty:
        empty_state("learnings.empty")
    else:
        query = st.text_input(t("common.search"), key="learnings.search", placeholder=t("common.search_placeholder"))
        found = search_rows(learnings, query, ["title", "believed", "happened", "next_time"])
        if found.empty:
            st.caption(md("common.no_match", query=query))
        shown = paged(found, "learnings.page")
        if not shown.empty:
            show_table(pd.DataFrame({
                t("common.title"): shown["title"],
                t("common.status"): [status_labels[s] for s in shown["status"]],
                t("common.team"): [team or t("common.company") for team in shown["team"]],
                t("learnings.linked"): [len(ids) for ids in shown["hypothesis_ids"]],
            }), hide_index=True, width="stretch")
    by_id = {int(r["id"]): r for r in learnings.to_dict("records")}
    options = [int(i) for i in shown["id"]]
    current = st.session_state.get("learnings.pick")
    if current in by_id and current not in options:
        options = [current, *options]  # the chosen one stays chosen on another page
    if ctx.can_edit:
        options.append(NEW_LEARNING)
    if not options:
        return
    if current not in options:
        st.session_state["learnings.pick"] = options[0]
    labels = {i: r["title"] for i, r in by_id.items()} | {NEW_LEARNING: t("learnings.new")}
    chosen = st.selectbox(t("learnings.pick"), options, key="learnings.pick",
                          format_func=lambda v: labels.get(v, str(v)))
    row = by_id.get(chosen)
    if row is not None:
        st.markdown(f"#### {escape_md(row['title'])}")
        st.caption(escape_md(f"{status_labels[row['status']]} · {row['team'] or t('common.company')}"))
        for label, text in ((t("learnings.believed"), row["believed"]), (t("learnings.happened"), row["happened"]),
                            (t("learnings.next_time"), row["next_time"])):
            st.markdown(f"**{label}** {escape_md(text or '—', lines=True)}")
        for key, ids in (("learnings.supports", row["supports_ids"]), ("learnings.contradicts", row["contradicts_ids"])):
            if ids:
                st.caption(t(key) + " " + escape_md("; ".join(statements.get(i, "?") for i in ids)))
    if ctx.can_edit:
        with st.expander(t("learnings.edit") if row is not None else t("learnings.new"), icon=":material/edit:",
                         expanded=row is None):
            _learning_editor(ctx, row, statements, status_labels, team_id)


def _learning_editor(ctx: PageContext, row: dict | None, statements: dict[int, str], status_labels: dict[str, str],
                     team_id: int | None = None) -> None:
    prefix = "learnings.new" if row is None else f"learnings.edit.{int(row['id'])}"
    with st.form(prefix, clear_on_submit=row is None):
        title = st.text_input(t("common.title"), value="" if row is None else row["title"], key=f"{prefix}.title")
        believed = st.text_area(t("learnings.believed"), value="" if row is None else row["believed"], key=f"{prefix}.believed")
        happened = st.text_area(t("learnings.happened"), value="" if row is None else row["happened"], key=f"{prefix}.happened")
        next_time = st.text_area(t("learnings.next_time"), value="" if row is None else row["next_time"], key=f"{prefix}.next_time")
        options = list(statements)
        supports = st.multiselect(t("learnings.supports"), options, key=f"{prefix}.supports",
                                  default=[] if row is None else [i for i in row["supports_ids"] if i in statements],
                                  format_func=lambda v: statements.get(v, str(v)), placeholder=t("common.choose_optional"))
        contradicts = st.multiselect(t("learnings.contradicts"), options, key=f"{prefix}.contradicts",
                                     default=[] if row is None else [i for i in row["contradicts_ids"] if i in statements],
                                     format_func=lambda v: statements.get(v, str(v)), placeholder=t("common.choose_optional"))
        status_options = list(status_labels)
        status = st.radio(t("common.status"), status_options, horizontal=True, key=f"{prefix}.status",
                          index=status_options.index("open" if row is None else row["status"]),
                          format_func=lambda v: status_labels[v])
        submitted = st.form_submit_button(t("common.save"))
    if not submitted:
        return
    overlap = set(supports) & set(contradicts)
    if overlap:
        st.error(t("learnings.both_relations"))
        return
    links = {**dict.fromkeys(supports, "supports"), **dict.fromkeys(contradicts, "contradicts")}
    fields = {"title": title, "believed": believed, "happened": happened, "next_time": next_time, "status": status}
    try:
        if row is None:
            data = LearningCreate(team_id=team_id, **fields)
        else:
            data = LearningUpdate(**fields)
            LearningCreate(**fields)  # validate the same way as a new one
    except ValidationError:
        st.error(t("learnings.title_required"))
        return
    with db_session(ctx) as s:
        if row is None:
            hyp_repo.create_learning(session=s, data=data, links=links, user=ctx.user)
        else:
            hyp_repo.update_learning(session=s, learning_id=int(row["id"]), data=data, links=links, user=ctx.user)
    data_changed()
    flash(md("learnings.saved", title=title.strip()))
    st.rerun()
