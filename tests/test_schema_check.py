"""A database that is not at this version's schema: the pages and the command line say what to run.

Each state on SQLite and PostgreSQL (when TEST_DATABASE_URL is set): empty, tables without
alembic_version, an older revision, a revision from a newer version, up to date.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from conftest import PG_URL, _use_database, _worker, open_page
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from dashboard import config
from dashboard.db import SchemaState, head_revision, make_engine, migrate, schema_state
from dashboard.testing import ROOT

STATES = ["empty", "unversioned", "behind", "unknown", "current"]
FUTURE = "9999"


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request, tmp_path) -> Iterator[str]:
    """A URL of a new database without any table."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    if not PG_URL:
        if os.environ.get("OUTCOMES_REQUIRE_POSTGRES"):
            pytest.fail("OUTCOMES_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (CI sets it); skipped here")
    base = make_url(config.normalise_database_url(PG_URL))
    name = f"{base.database}_schema_{_worker()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepare(url: str, state: str) -> None:
    """Bring the database at `url` into `state`."""
    engine = make_engine(url)
    try:
        if state == "unversioned":
            import dashboard.models  # noqa: F401

            SQLModel.metadata.create_all(engine)
        elif state == "behind":
            migrate(engine, "0002")
        elif state in ("unknown", "current"):
            migrate(engine)
            if state == "unknown":
                with engine.begin() as conn:
                    conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    finally:
        engine.dispose()


def _state(url: str) -> SchemaState:
    engine = make_engine(url)
    try:
        return schema_state(engine)[0]
    finally:
        engine.dispose()


@pytest.mark.parametrize("state", STATES)
def test_schema_state(blank_url, state):
    _prepare(blank_url, state)
    assert _state(blank_url) == state


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `python -m dashboard ARGS` on a database: in this process, or as a real subprocess."""

    def run(url: str, *args: str, lang: str = "en", subprocess_: bool = False) -> subprocess.CompletedProcess:
        if subprocess_:
            env = {**os.environ, "DATABASE_URL": url, "OUTCOMES_LANG": lang}
            return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        from dashboard.cli import main

        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("OUTCOMES_LANG", lang)
        config.settings.cache_clear()
        capsys.readouterr()
        try:
            code = main(list(args))
        finally:
            config.settings.cache_clear()
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_cli_on_an_empty_database_says_to_upgrade_then_upgrades(blank_url, cli):
    assert "python -m dashboard db upgrade" in _one_line_error(cli(blank_url, "metrics", subprocess_=True))
    assert "db upgrade" in _one_line_error(cli(blank_url, "db", "check"))
    result = cli(blank_url, "db", "upgrade")
    assert result.returncode == 0 and head_revision() in result.stdout, result.stderr
    assert cli(blank_url, "db", "check").returncode == 0
    assert cli(blank_url, "metrics", "--json").returncode == 0


def test_cli_upgrades_an_older_schema(blank_url, cli):
    _prepare(blank_url, "behind")
    assert "0002" in _one_line_error(cli(blank_url, "outputs"))
    assert cli(blank_url, "db", "upgrade").returncode == 0
    assert _state(blank_url) == "current"


def test_cli_refuses_tables_without_a_schema_revision(blank_url, cli):
    _prepare(blank_url, "unversioned")
    line = _one_line_error(cli(blank_url, "db", "upgrade", subprocess_=True))
    assert "alembic_version" in line and "DATABASE_URL" in line
    assert _state(blank_url) == "unversioned"  # nothing changed


def test_cli_refuses_a_schema_from_a_newer_version_in_german(blank_url, cli):
    _prepare(blank_url, "unknown")
    line = _one_line_error(cli(blank_url, "db", "upgrade", lang="de"))
    assert "neueren Version" in line and FUTURE in line
    assert "newer version" in _one_line_error(cli(blank_url, "hypotheses"))
    assert _one_line_error(cli(blank_url, "demo")).startswith("error: The database was made by a newer version")


# ---------------------------------------------------------------------------------------------
# the pages

PAGE_MESSAGES = {
    "empty": ("The database is not set up yet", "Die Datenbank ist noch nicht eingerichtet"),
    "behind": ("is older than this version of the app", "ist älter, als diese Version der App"),
    "unversioned": ("no record of their schema revision", "keinen Eintrag zu ihrer Schema-Revision"),
    "unknown": ("made by a newer version of the app", "von einer neueren Version der App angelegt"),
}


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("state", STATES)
def test_page_says_what_to_run(blank_url, state, monkeypatch):
    _prepare(blank_url, state)
    _use_database(monkeypatch, blank_url)
    try:
        sqlite = blank_url.startswith("sqlite")
        for lang, page in (("en", "streamlit_app.py"), ("de", "pages/1_Objectives.py")):
            at = open_page(page, lang)
            assert not at.exception, [e.value for e in at.exception]
            if state == "current" or (sqlite and state in ("empty", "behind")):
                assert _errors(at) == []  # the embedded database is created or upgraded on start
                continue
            expected = PAGE_MESSAGES[state][0 if lang == "en" else 1]
            assert len(_errors(at)) == 1 and expected in _errors(at)[0], _errors(at)
            if state in ("empty", "behind"):
                assert "python -m dashboard db upgrade" in _errors(at)[0]
            assert "relation" not in _errors(at)[0] and "no such table" not in _errors(at)[0]
    finally:
        config.settings.cache_clear()


def test_page_works_once_the_database_is_upgraded(blank_url, monkeypatch):
    _prepare(blank_url, "behind" if blank_url.startswith("postgresql") else "unknown")
    _use_database(monkeypatch, blank_url)
    try:
        at = open_page("streamlit_app.py")
        assert len(_errors(at)) == 1
        engine = make_engine(blank_url)
        try:
            if blank_url.startswith("sqlite"):  # back to this version's revision (as restoring a backup would)
                with engine.begin() as conn:
                    conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})
            migrate(engine)
        finally:
            engine.dispose()
        at.run()  # the next rerun checks again: no restart needed
        assert _errors(at) == [] and not at.exception
    finally:
        config.settings.cache_clear()
