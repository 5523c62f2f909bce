"""The shared page frame: configuration, language, menu, database session."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import config
from dashboard.db import SchemaError, SchemaState, check_schema, engine_for, head_revision, migrate, session_scope
from dashboard.i18n import LANGUAGES, set_language, t
from dashboard.ui import cache

PAGES = [
    ("streamlit_app.py", "menu.overview", ":material/insights:"),
    ("pages/1_Objectives.py", "menu.objectives", ":material/flag:"),
    ("pages/2_Hypotheses.py", "menu.hypotheses", ":material/science:"),
    ("pages/3_Outputs.py", "menu.outputs", ":material/rocket_launch:"),
    ("pages/4_Data.py", "menu.data", ":material/upload_file:"),
    ("pages/5_Review.py", "menu.review", ":material/slideshow:"),
    ("pages/6_Settings.py", "menu.settings", ":material/settings:"),
]


LOCAL_USER = "local user"


@dataclass(frozen=True)
class PageContext:
    engine: Engine
    lang: str
    user: str
    can_edit: bool


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


def current_user() -> str:
    """Who is acting: the signed-in user's e-mail, or the local user when sign-in is off."""
    try:
        info = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    except Exception:  # noqa: BLE001 - st.user raises without an [auth] section
        info = {}
    if info.get("is_logged_in"):
        return str(info.get("email") or info.get("name") or "signed-in user")
    return LOCAL_USER


def _switch_language() -> None:
    choice = st.session_state["ui.lang_select"]
    st.session_state["ui.lang"] = choice
    st.query_params["lang"] = choice


def _menu(lang: str, user: str) -> None:
    with st.sidebar:
        st.markdown(f"### {t('app.name')}")
        st.caption(t("app.tagline"))
        for path, key, icon in PAGES:
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
        st.caption(t("menu.local_mode") if user == LOCAL_USER else t("menu.signed_in_as", user=user))


def page_frame(title_key: str, caption_key: str | None = None) -> PageContext:
    """Configure the page, set the language, draw the menu and title; returns the page's context."""
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.name')}", page_icon=":material/insights:", layout="wide")
    try:
        settings = config.settings()
    except config.ConfigError as exc:
        st.error(t("common.config_error", error=str(exc)))
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
        st.error(t("common.db_error", error=type(exc).__name__))
        st.stop()
    user = current_user()
    _menu(lang, user)
    st.title(t(title_key))
    if caption_key:
        st.caption(t(caption_key))
    return PageContext(engine=engine, lang=lang, user=user, can_edit=True)


def db_session(ctx: PageContext) -> AbstractContextManager[Session]:
    """One session per rerun; commits on success, rolls back on error."""
    return session_scope(ctx.engine)


def data_changed() -> None:
    """Call after a write: this server drops its cached reads at once.

    Other servers (and this one) also notice through the data version the write incremented.
    """
    st.cache_data.clear()
    cache.forget_data_version()
