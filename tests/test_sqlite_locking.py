"""SQLite: readers never wait for each other or for a writer; writers queue and all succeed."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text

from dashboard.db import session_scope
from dashboard.models import TeamCreate
from dashboard.repository import teams as team_repo
from dashboard.testing import ROOT

# Holds a session open in another process until told to finish: "read" has read, "write" has
# written a team without committing (so it holds the write lock).
HOLDER = """
import sys
from sqlalchemy import text
from dashboard.db import make_engine, session_scope
from dashboard.models import TeamCreate
from dashboard.repository import teams as team_repo

url, action = sys.argv[1], sys.argv[2]
with session_scope(make_engine(url)) as s:
    if action == "read":
        s.exec(text("SELECT COUNT(*) FROM team")).one()
    else:
        team_repo.create_team(session=s, data=TeamCreate(name="From the other process"), user="bob")
        s.flush()
    print("holding", flush=True)
    sys.stdin.readline()
print("done", flush=True)
"""
CEILING_S = 2.0  # the other process holds its session until told to finish (the busy timeout is 30 s)


class Holder:
    """Another process holding a read or write session open."""

    def __init__(self, url: str, action: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, url, action], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().strip()
        assert line == "holding", self.proc.stderr.read()

    def finish(self) -> None:
        out, err = self.proc.communicate("\n", timeout=60)
        assert self.proc.returncode == 0 and out.strip() == "done", err


@pytest.fixture
def url(sqlite_engine) -> str:
    return sqlite_engine.url.render_as_string(hide_password=False)


def _count_teams(engine) -> int:
    with session_scope(engine) as s:
        return s.exec(text("SELECT COUNT(*) FROM team")).one()[0]


def _timed(fn):
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start


def test_a_reader_does_not_wait_for_another_process_reading(sqlite_engine, url):
    holder = Holder(url, "read")
    try:
        count, seconds = _timed(lambda: _count_teams(sqlite_engine))
    finally:
        holder.finish()
    assert count == 0 and seconds < CEILING_S


def test_a_reader_does_not_wait_for_another_process_writing(sqlite_engine, url):
    holder = Holder(url, "write")
    try:
        count, seconds = _timed(lambda: _count_teams(sqlite_engine))
    finally:
        holder.finish()
    assert count == 0 and seconds < CEILING_S  # the uncommitted team is not seen
    assert _count_teams(sqlite_engine) == 1


def test_a_writer_waits_for_another_process_writing_and_both_succeed(sqlite_engine, url):
    holder = Holder(url, "write")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with session_scope(sqlite_engine) as s:
                team_repo.list_teams(session=s)  # reads first, then writes: the lock is taken at the write
                team_repo.create_team(session=s, data=TeamCreate(name="From this process"), user="ann")
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    holder.finish()
    thread.join(timeout=60)
    assert not errors, errors
    with session_scope(sqlite_engine) as s:
        assert sorted(r.name for r in team_repo.list_teams(session=s)) == ["From the other process",
                                                                            "From this process"]


def test_two_sessions_that_read_before_writing_both_commit(sqlite_engine):
    # Both read, then one writes and commits, then the other writes: with a plain deferred upgrade the
    # second would fail at once (its snapshot is stale); here it takes the lock afresh and succeeds.
    with session_scope(sqlite_engine) as first, session_scope(sqlite_engine) as second:
        assert team_repo.list_teams(session=first) == []
        assert team_repo.list_teams(session=second) == []
        team_repo.create_team(session=first, data=TeamCreate(name="Growth"), user="ann")
        first.commit()
        team_repo.create_team(session=second, data=TeamCreate(name="Core"), user="bob")
    assert _count_teams(sqlite_engine) == 2


def test_many_writers_at_once_all_succeed(sqlite_engine):
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            barrier.wait()
            for round_ in range(5):
                with session_scope(sqlite_engine) as s:
                    team_repo.list_teams(session=s)
                    team_repo.create_team(session=s, data=TeamCreate(name=f"Team {i}-{round_}"), user=f"u{i}")
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert _count_teams(sqlite_engine) == 40
