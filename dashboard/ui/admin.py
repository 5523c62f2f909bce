"""Admin page: people and their roles, and the audit trail (filter, read, download)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, config
from dashboard.errors import DomainError
from dashboard.exports.cells import neutralise_frame
from dashboard.i18n import fmt_datetime, has_key, md, t
from dashboard.models import Role
from dashboard.repository import audit as audit_repo
from dashboard.ui.components import show_table
from dashboard.ui.frame import PageContext, db_session

FLASH_KEY = "admin.flash"


def render_page(ctx: PageContext) -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    audit_tab, users_tab = st.tabs([t("admin.tab.audit"), t("admin.tab.users")])
    with audit_tab:
        render_audit(ctx)
    with users_tab:
        render_users(ctx)


# ---------------------------------------------------------------------------------------------
# Audit trail


def _kind(entity: str) -> str:
    return t(f"audit.entity.{entity}") if has_key(f"audit.entity.{entity}") else entity


def _action(action: str) -> str:
    return t(f"audit.action.{action}") if has_key(f"audit.action.{action}") else action


def _short(value: object) -> str:
    if value is None or value == "":
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def _field(name: str) -> str:
    return t(f"audit.field.{name}") if has_key(f"audit.field.{name}") else name.replace("_", " ")


def changes_text(changes: dict) -> str:
    """`field: old → new` for every field that changed, one after the other."""
    parts = []
    for field, pair in (changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        parts.append(f"{_field(field)}: {_short(old)} → {_short(new)}")
    return "; ".join(parts)


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The trail as shown and downloaded: translated, one readable line per change."""
    return pd.DataFrame({
        t("admin.audit.col.at"): [fmt_datetime(v) for v in frame["at"]],
        t("admin.audit.col.actor"): frame["actor"].astype(str),
        t("admin.audit.col.action"): [_action(a) for a in frame["action"]],
        t("admin.audit.col.entity"): [_kind(e) for e in frame["entity"]],
        t("admin.audit.col.label"): frame["label"].astype(str),
        t("admin.audit.col.changes"): [changes_text(c) for c in frame["changes"]],
    })


def audit_csv(frame: pd.DataFrame) -> bytes:
    """The shown trail as CSV (UTF-8 with BOM for Excel), formula-like cells neutralised."""
    return neutralise_frame(audit_table(frame)).to_csv(index=False).encode("utf-8-sig")


def render_audit(ctx: PageContext) -> None:
    with db_session(ctx) as session:
        actors, entities, first = audit_repo.audit_choices(session=session)
    if not actors:
        st.info(t("admin.audit.empty"), icon=":material/lightbulb:")
        return
    left, middle, right = st.columns([2, 2, 2])
    chosen_people = left.multiselect(t("admin.audit.people"), actors, key="admin.audit.people",
                                     placeholder=t("admin.audit.all"))
    chosen_kinds = middle.multiselect(t("admin.audit.kinds"), entities, key="admin.audit.kinds",
                                      format_func=_kind, placeholder=t("admin.audit.all"))
    today = date.today()
    days = right.date_input(t("admin.audit.days"), value=(first or today, today), key="admin.audit.days",
                            format="DD.MM.YYYY" if ctx.lang == "de" else "YYYY-MM-DD")
    start, end = (days[0], days[-1]) if isinstance(days, tuple | list) and days else (None, None)
    with db_session(ctx) as session:
        frame = audit_repo.audit_frame(session=session, actors=chosen_people or None,
                                       entities=chosen_kinds or None, start=start, end=end)
        total = audit_repo.audit_count(session=session)
    if frame.empty:
        st.info(t("admin.audit.none_match"), icon=":material/filter_alt_off:")
        return
    st.caption(md("admin.audit.count", shown=len(frame), total=total))
    shown = audit_table(frame)
    show_table(shown, hide_index=True, width="stretch",
                 height=min(38 + 35 * len(shown), 640))
    st.download_button(t("admin.audit.download"), data=audit_csv(frame), file_name="audit-trail.csv",
                       mime="text/csv", icon=":material/download:", key="admin.audit.download")


# ---------------------------------------------------------------------------------------------
# People and roles


def _role_label(role: str) -> str:
    return t(f"role.{role}")


def render_users(ctx: PageContext) -> None:
    st.markdown(t("admin.roles.explained"))
    settings = config.settings()
    if settings.auth == "none":
        st.info(t("admin.users.mode_none"), icon=":material/info:")
        return
    if settings.auth == "oidc":
        st.write(t("admin.users.mode_oidc"))
        rows = [{t("admin.users.col.role"): _role_label(role.value),
                 t("admin.users.col.name"): ", ".join(str(v) for v in (
                     settings.roles.get(role.value) if isinstance(settings.roles.get(role.value), list)
                     else [settings.roles.get(role.value, "")])) or "—"}
                for role in list(Role)]
        show_table(pd.DataFrame(rows), hide_index=True, width="stretch")
        return
    with db_session(ctx) as session:
        people = auth.accounts(session, settings)
    if people:
        show_table(pd.DataFrame([{
            t("admin.users.col.name"): p.name,
            t("admin.users.col.role"): _role_label(p.role.value),
            t("admin.users.col.source"): t(f"admin.users.source.{p.source}"),
            t("admin.users.col.state"): t("admin.users.active") if p.active else t("admin.users.inactive"),
        } for p in people]), hide_index=True, width="stretch")
        if any(p.source == "secrets" for p in people):
            st.caption(t("admin.users.secrets_note"))
    else:
        st.info(t("admin.users.none_yet"), icon=":material/lightbulb:")
    managed = [p for p in people if p.source == "app"]
    left, right = st.columns(2, gap="large")
    with left:
        _add_form(ctx, settings)
    if managed:
        with right:
            _change_form(ctx, managed)


def _add_form(ctx: PageContext, settings: config.Settings) -> None:
    st.subheader(t("admin.users.add"))
    with st.form("admin.users.add", clear_on_submit=False):
        name = st.text_input(t("auth.name"), key="admin.add.name", max_chars=120)
        role = st.selectbox(t("admin.users.col.role"), [r.value for r in list(Role)], key="admin.add.role",
                            format_func=_role_label)
        first, second = st.columns(2)
        password = first.text_input(t("auth.password"), type="password", key="admin.add.password",
                                    autocomplete="new-password")
        again = second.text_input(t("admin.users.password_repeat"), type="password", key="admin.add.again",
                                  autocomplete="new-password")
        submitted = st.form_submit_button(t("admin.users.add_button"), type="primary")
    if not submitted:
        return
    if password != again:
        st.error(t("auth.error.passwords_differ"), icon=":material/error:")
        return
    try:
        with db_session(ctx) as session:
            row = auth.add_user(session=session, settings=settings, name=name, role=role, password=password,
                                user=ctx.user)
    except DomainError as exc:
        st.error(md(exc.key, **exc.values), icon=":material/error:")
        return
    for key in ("admin.add.name", "admin.add.password", "admin.add.again"):
        st.session_state.pop(key, None)
    st.session_state[FLASH_KEY] = md("admin.users.added", name=row.name, role=_role_label(row.role))
    st.rerun()


def _change_form(ctx: PageContext, managed: list[auth.Account]) -> None:
    st.subheader(t("admin.users.change"))
    names = [p.name for p in managed]
    chosen = st.selectbox(t("admin.users.person"), names, key="admin.change.person")
    person = next(p for p in managed if p.name == chosen)
    with st.form(f"admin.users.change.{chosen}"):
        role = st.selectbox(t("admin.users.col.role"), [r.value for r in list(Role)],
                            index=[r.value for r in list(Role)].index(person.role.value),
                            format_func=_role_label, key=f"admin.change.role.{chosen}")
        active = st.checkbox(t("admin.users.active_box"), value=person.active, key=f"admin.change.active.{chosen}")
        password = st.text_input(t("admin.users.new_password"), type="password", autocomplete="new-password",
                                 key=f"admin.change.password.{chosen}")
        saved = st.form_submit_button(t("admin.users.save"), type="primary")
    if saved:
        try:
            with db_session(ctx) as session:
                auth.update_user(session=session, name=chosen, user=ctx.user, role=role, active=active,
                                 password=password or None)
        except DomainError as exc:
            st.error(md(exc.key, **exc.values), icon=":material/error:")
            return
        st.session_state[FLASH_KEY] = md("admin.users.saved", name=chosen)
        st.rerun()
    confirm = st.checkbox(md("admin.users.remove_confirm", name=chosen), key=f"admin.remove.confirm.{chosen}")
    if st.button(md("admin.users.remove", name=chosen), disabled=not confirm, key=f"admin.remove.{chosen}",
                 icon=":material/person_remove:"):
        try:
            with db_session(ctx) as session:
                auth.remove_user(session=session, name=chosen, user=ctx.user)
        except DomainError as exc:
            st.error(md(exc.key, **exc.values), icon=":material/error:")
            return
        st.session_state[FLASH_KEY] = md("admin.users.removed", name=chosen)
        st.rerun()
