"""The shared page frame: configuration, language, menu, database session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import auth, config
from dashboard.access import AccessDenied, Actor
from dashboard.db import SchemaError, SchemaState, check_schema, engine_for, head_revision, migrate, session_scope
from dashboard.i18n import LANGUAGES, md, set_language, t
from dashboard.models import Role
from dashboard.ui import cache
from dashboard.ui.forms import show_flash

PAGES = [
    ("streamlit_app.py", "menu.overview", ":material/insights:"),
    ("pages/1_Objectives.py", "menu.objectives", ":material/flag:"),
    ("pages/2_Hypotheses.py", "menu.hypotheses", ":material/science:"),
    ("pages/3_Outputs.py", "menu.outputs", ":material/rocket_launch:"),
    ("pages/8_Metrics.py", "explorer.title", ":material/query_stats:"),
    ("pages/4_Data.py", "menu.data", ":material/upload_file:"),
    ("pages/5_Review.py", "menu.review", ":material/slideshow:"),
    ("pages/6_Settings.py", "menu.settings", ":material/settings:"),
    ("pages/7_Admin.py", "menu.admin", ":material/admin_panel_settings:"),
]
# Pages only some roles may use; the menu leaves them out for others, the page itself says so.
PAGE_ROLES = {"pages/6_Settings.py": Role.admin, "pages/7_Admin.py": Role.admin}

LOCAL_USER = auth.LOCAL_USER
FAVICON = Path(__file__).resolve().parent.parent / "assets" / "favicon.png"
VIEWER_CSS = "[data-testid='stElementToolbar'] button[aria-label='Download as CSV'] {display: none !important;}"
# Every page: a tile's label wraps onto a second line instead of ending in "…" ("Trial-to-paid conversion").
PAGE_CSS = (
    "[data-testid='stMetricLabel'] [data-testid='stMarkdownContainer'],"
    " [data-testid='stMetricLabel'] [data-testid='stMarkdownContainer'] p"
    " {white-space: normal !important; overflow: visible !important; text-overflow: clip !important}"
)
SIGNED_IN_KEY = "auth.user"


@dataclass(frozen=True)
class PageContext:
    engine: Engine
    lang: str
    user: Actor  # the person acting, with their role
    auth_mode: str = "none"

    @property
    def can_edit(self) -> bool:
        """Editors and admins create and change the team's work."""
        return self.user.can(Role.editor)

    @property
    def is_admin(self) -> bool:
        """Admins manage settings, teams, metric definitions and users, delete and undo imports."""
        return self.user.can(Role.admin)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    """The engine, once its schema is at this version's revision (checked once per process).

    Raises SchemaError otherwise; the error is not cached, so the next rerun checks again (after
    someone ran `db upgrade`).
    """
    engine = engine_for(url)
    if engine.dialect.name == "sqlite":
        # The embedded database is upgraded on start; shared deployments run `db upgrade` on release.
        migrate(engine)
    check_schema(engine)
    return engine


def schema_message(exc: SchemaError) -> str:
    """What to tell the user about a database that is not at this version's schema."""
    return t(f"db.schema.{exc.state}", revision=exc.revision or "-", head=head_revision())


def _language(settings: config.Settings) -> str:
    params_lang = st.query_params.get("lang")
    if "ui.lang" not in st.session_state:
        browser = (st.context.locale or "")[:2].lower() if hasattr(st.context, "locale") else ""
        initial = params_lang or settings.lang or (browser if browser in LANGUAGES else "en")
        st.session_state["ui.lang"] = initial if initial in LANGUAGES else "en"
    elif params_lang in LANGUAGES and params_lang != st.session_state["ui.lang"]:
        st.session_state["ui.lang"] = params_lang
    return set_language(st.session_state["ui.lang"])


def _oidc_user() -> dict:
    """What Streamlit knows of the person signed in through OpenID Connect (empty when no one is)."""
    try:
        info = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    except Exception:  # noqa: BLE001 - st.user raises without an [auth] section
        info = {}
    return info if info.get("is_logged_in") else {}


def current_user() -> str:
    """The name of whoever is acting in this session (the local user when sign-in is off)."""
    info = _oidc_user()
    if info:
        return str(info.get("email") or info.get("name") or "")
    return str(st.session_state.get(SIGNED_IN_KEY) or LOCAL_USER)


def _switch_language() -> None:
    choice = st.session_state["ui.lang_select"]
    st.session_state["ui.lang"] = choice
    st.query_params["lang"] = choice


def _sign_out(engine: Engine, actor: Actor, mode: str) -> None:
    with session_scope(engine) as session:
        auth.audit_sign_out(session, actor)
    st.session_state.pop(SIGNED_IN_KEY, None)
    if mode == "oidc":
        st.logout()


def _menu(lang: str, actor: Actor | None, mode: str, engine: Engine) -> None:
    with st.sidebar:
        st.markdown(f"### {t('app.name')}")
        st.caption(t("app.tagline"))
        if actor is not None:
            for path, key, icon in PAGES:
                if actor.can(PAGE_ROLES.get(path, Role.viewer)):
                    st.page_link(path, label=t(key), icon=icon, query_params={"lang": lang})
        st.divider()
        st.session_state["ui.lang_select"] = lang
        st.selectbox(
            t("menu.language"),
            LANGUAGES,
            format_func=lambda code: {"en": "English", "de": "Deutsch"}[code],
            key="ui.lang_select",
            on_change=_switch_language,
        )
        if mode == "none":
            st.caption(t("menu.local_mode"))
        elif actor is not None:
            st.caption(md("menu.signed_in_as", user=actor.name, role=t(f"role.{actor.role.value}")))
            st.button(t("auth.sign_out"), key="auth.sign_out", icon=":material/logout:",
                      on_click=_sign_out, args=(engine, actor, mode))


def _password_form(engine: Engine, settings: config.Settings) -> None:
    """The sign-in form for `OUTCOMES_AUTH=password`; stops the page until someone signs in."""
    with st.container(width=460):
        st.subheader(t("auth.sign_in.title"))
        st.caption(t("auth.sign_in.caption"))
        with st.form("auth.sign_in", enter_to_submit=True):
            name = st.text_input(t("auth.name"), key="auth.name", autocomplete="username")
            password = st.text_input(t("auth.password"), type="password", key="auth.password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(t("auth.sign_in.button"), type="primary")
        if submitted:
            if not name.strip() or not password:
                st.error(t("auth.sign_in.missing"))
            else:
                with session_scope(engine) as session:
                    result = auth.sign_in(session, settings, name, password)
                if result.ok:
                    st.session_state[SIGNED_IN_KEY] = result.actor.name
                    st.rerun()
                elif result.wait_seconds:
                    st.error(md("auth.sign_in.wait", seconds=result.wait_seconds))
                else:
                    st.error(t("auth.sign_in.wrong"))
    st.stop()


def _oidc_gate(settings: config.Settings) -> Actor:
    problems = auth.oidc_problems(settings)
    if problems:
        st.error(t("auth.oidc.incomplete"))
        st.markdown("\n".join(f"- `{p}`" for p in problems))
        st.caption(t("auth.oidc.incomplete_hint"))
        st.stop()
    info = _oidc_user()
    if not info:
        st.subheader(t("auth.sign_in.title"))
        st.caption(t("auth.oidc.caption"))
        provider = auth.oidc_provider(settings)
        if st.button(t("auth.oidc.button"), type="primary", icon=":material/login:"):
            st.login(provider)
        st.stop()
    email = str(info.get("email") or "")
    role = auth.role_for_email(email, settings.roles)
    if role is None:
        st.warning(md("auth.oidc.no_access", email=email or "?"))
        if st.button(t("auth.sign_out"), icon=":material/logout:"):
            st.logout()
        st.stop()
    return Actor(email, role)


def _actor(settings: config.Settings, engine: Engine) -> Actor | None:
    """The person acting on this page, or None when they still have to sign in."""
    if settings.auth == "none":
        return auth.local_actor()
    if settings.auth == "oidc":
        return _oidc_gate(settings)
    with session_scope(engine) as session:
        actor = auth.current_actor(session, settings, st.session_state.get(SIGNED_IN_KEY))
    if actor is None:
        st.session_state.pop(SIGNED_IN_KEY, None)
    return actor


def page_frame(title_key: str, caption_key: str | None = None, *, needs: Role = Role.viewer) -> PageContext:
    """Configure the page, set the language, sign the person in, draw the menu and title.

    `needs` is the least role that may use the page; others see a note instead of the page.
    """
    # A local file: a Material icon as page icon makes the browser fetch it from an external font host.
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.name')}", page_icon=str(FAVICON), layout="wide")
    try:
        settings = config.settings()
    except config.ConfigError as exc:
        st.error(md("common.config_error", error=str(exc)))
        st.stop()
    lang = _language(settings)
    st.query_params["lang"] = lang
    try:
        engine = _engine(settings.database_url)
        cache.read_data_version(engine)  # once per rerun: every cached read keys on it
    except SchemaError as exc:
        st.error(schema_message(exc), icon=":material/database:")
        if exc.state in (SchemaState.empty, SchemaState.behind):
            st.caption(t("db.schema.reload"))
        st.stop()
    except Exception as exc:  # noqa: BLE001 - shown to the user instead of a traceback
        st.error(md("common.db_error", error=type(exc).__name__))
        st.stop()
    actor = _actor(settings, engine)
    _menu(lang, actor, settings.auth, engine)
    if actor is None:
        _password_form(engine, settings)
    # Viewers get no control that exports raw data: the tables' own CSV download is hidden.
    st.html(f"<style>{PAGE_CSS}{'' if actor.can(Role.editor) else VIEWER_CSS}</style>")
    st.title(t(title_key))
    if not actor.can(needs):
        st.info(md("auth.page_needs_role", role=t(f"role.{needs.value}")), icon=":material/lock:")
        st.stop()
    if caption_key:
        st.caption(t(caption_key))
    show_flash()  # the note left by the previous run's action (a saved form)
    return PageContext(engine=engine, lang=lang, user=actor, auth_mode=settings.auth)


@contextmanager
def db_session(ctx: PageContext) -> Iterator[Session]:
    """One session on behalf of the signed-in person; commits on success, rolls back on error.

    A write the person's role does not allow is rolled back and explained instead of shown as an error.
    """
    try:
        with session_scope(ctx.engine, actor=ctx.user) as session:
            yield session
    except AccessDenied as exc:
        denied(exc)


def denied(exc: AccessDenied) -> None:
    """Say that the role does not allow a change (nothing was stored) and stop the page."""
    st.error(md("auth.denied", role=t(f"role.{exc.actor.role.value}"), needed=t(f"role.{exc.needed.value}")),
             icon=":material/lock:")
    st.stop()


def data_changed() -> None:
    """Call after a write: this server drops its cached reads at once.

    Other servers (and this one) also notice through the data version the write incremented.
    """
    st.cache_data.clear()
    cache.forget_data_version()


def load_demo_workspace(ctx: PageContext) -> None:
    """Fill an empty workspace with the demo (admins; refused by the core for anyone else)."""
    from dashboard.access import require
    from dashboard.db import is_empty
    from dashboard.demo import load_demo

    try:
        require(ctx.user, Role.admin, "load the demo workspace")
    except AccessDenied as exc:
        denied(exc)
    if is_empty(ctx.engine):
        load_demo(ctx.engine, user=ctx.user.name)
    data_changed()
    st.toast(t("common.demo_loaded"), icon=":material/auto_awesome:")
    st.rerun()
