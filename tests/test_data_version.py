"""The data version: every committed write counts once, whatever path it takes; reads never do."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session

from dashboard.db import data_version, make_engine, session_scope
from dashboard.importers.service import import_file
from dashboard.importers.store import undo_import
from dashboard.models import TeamCreate
from dashboard.repository import teams as team_repo

CSV = b"date,metric,value\n2026-01-01,Signups,1\n2026-01-02,Signups,2\n"


def test_an_orm_write_counts_once(engine):
    before = data_version(engine)
    with session_scope(engine) as s:
        team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user="ann")
        team_repo.create_team(session=s, data=TeamCreate(name="Core"), user="ann")
    assert data_version(engine) == before + 1


def test_reads_and_rolled_back_writes_do_not_count(engine):
    before = data_version(engine)
    with session_scope(engine) as s:
        team_repo.list_teams(session=s)
    with Session(engine) as s:
        s.exec(text("SELECT COUNT(*) FROM team")).one()
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user="ann")
        s.flush()
        raise RuntimeError("the user's write fails half-way")
    assert data_version(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM team")).scalar_one() == 0


def test_raw_sql_and_core_writes_count(engine):
    before = data_version(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO app_setting (key, value, updated_at, updated_by) "
            "VALUES ('focus', '5', CURRENT_TIMESTAMP, 'ann')"
        )
    with engine.connect() as conn:
        conn.execute(text("UPDATE app_setting SET updated_by = 'bob'"))
        conn.commit()
    assert data_version(engine) == before + 2


def test_imports_and_undo_count_dry_runs_do_not(engine):
    before = data_version(engine)
    _, dry = import_file(CSV, "signups.csv", engine=engine, user="ann", dry_run=True)
    assert dry.ok and data_version(engine) == before
    _, outcome = import_file(CSV, "signups.csv", engine=engine, user="ann")
    assert outcome.ok and data_version(engine) == before + 1
    undo_import(engine=engine, import_id=outcome.import_id, user="ann")
    assert data_version(engine) == before + 2


def test_a_write_through_another_engine_changes_the_version_this_one_reads(engine):
    # Two app servers are two processes with their own engine on one database.
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        before = data_version(engine)
        with session_scope(other) as s:
            team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user="ann")
        assert data_version(engine) == before + 1
    finally:
        other.dispose()


def test_cached_reads_key_on_the_data_version(engine):
    from dashboard.ui import cache

    cache.read_data_version(engine)
    assert cache.teams(engine).empty
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        with session_scope(other) as s:
            team_repo.create_team(session=s, data=TeamCreate(name="Growth"), user="ann")
    finally:
        other.dispose()
    assert cache.teams(engine).empty  # same run: the version it read still holds
    cache.read_data_version(engine)  # the next rerun reads the version again
    assert cache.teams(engine)["name"].tolist() == ["Growth"]


def test_a_bulk_insert_alone_counts(engine):
    # PostgreSQL COPY goes to the driver's connection, past SQLAlchemy: it still counts.
    from dashboard.importers.store import Recorder
    from dashboard.models import utcnow

    before = data_version(engine)
    with Session(engine) as s:
        rec = Recorder(session=s, import_id=0, user="ann")
        rec.bulk_insert("app_setting", ["key", "value", "updated_at", "updated_by"], [("focus", [5], utcnow(), "ann")])
        s.commit()
    assert data_version(engine) == before + 1
