"""Shared fixtures: fresh databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set) and
AppTest runs against a temporary database."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

from dashboard import config
from dashboard.db import engine_for, make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
PG_URL = os.environ.get("TEST_DATABASE_URL")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def _sqlite_engine(tmp_path_factory) -> Engine:
    path = tmp_path_factory.mktemp("db") / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine]:
    if not PG_URL:
        if os.environ.get("OUTCOMES_REQUIRE_POSTGRES"):
            pytest.fail("OUTCOMES_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
        pytest.skip("PostgreSQL store tests need TEST_DATABASE_URL (CI sets it); skipped here")
    base = make_url(config.normalise_database_url(PG_URL))
    name = f"{base.database}_{_worker()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    migrate(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate(engine: Engine) -> None:
    tables = [t.name for t in SQLModel.metadata.sorted_tables if t.name != "data_version"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(text(f'DELETE FROM "{table}"'))
            conn.execute(text("DELETE FROM sqlite_sequence")) if conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")
            ).first() else None


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request) -> Engine:
    """A migrated, empty database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    eng = request.getfixturevalue("_sqlite_engine" if request.param == "sqlite" else "_pg_engine")
    _truncate(eng)
    return eng


@pytest.fixture
def sqlite_engine(_sqlite_engine) -> Engine:
    """A migrated, empty SQLite database (for tests that need only one backend)."""
    _truncate(_sqlite_engine)
    return _sqlite_engine


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """A SQLite file with the demo workspace, built once and copied per test."""
    from dashboard.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    load_demo(engine)
    engine.dispose()
    import sqlite3

    with sqlite3.connect(path) as conn:  # fold the WAL into the file so that a plain copy is complete
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _use_database(monkeypatch, url: str) -> None:
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("OUTCOMES_LANG", raising=False)
    config.settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_app_db(tmp_path, demo_db_file, monkeypatch) -> Engine:
    """Point the app (DATABASE_URL) at a private copy of the demo workspace; returns its engine."""
    path = tmp_path / "app.db"
    shutil.copy(demo_db_file, path)
    url = f"sqlite:///{path}"
    _use_database(monkeypatch, url)
    yield engine_for(config.normalise_database_url(url))
    config.settings.cache_clear()


@pytest.fixture
def empty_app_db(tmp_path, monkeypatch) -> Engine:
    """Point the app at a new, empty (migrated) database; returns its engine."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _use_database(monkeypatch, url)
    engine = engine_for(config.normalise_database_url(url))
    migrate(engine)
    yield engine
    config.settings.cache_clear()


def open_page(page: str, lang: str = "en", timeout: int = 60):
    """Run the app and switch to `page` (a path like `pages/1_Objectives.py`) through AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    at.run()
    if page != "streamlit_app.py":
        at.switch_page(page).run()
    return at


def shown(markdown: str) -> str:
    """What a Markdown value reads as on screen: backslash escapes resolved, zero-width breaks dropped."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u200b", "")


def require_browser() -> str:
    """The Chromium path, or skip (fail when OUTCOMES_REQUIRE_BROWSER is set, as in CI)."""
    from dashboard.testing import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("OUTCOMES_REQUIRE_BROWSER"):
            pytest.fail(f"OUTCOMES_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)")
    return CHROMIUM
