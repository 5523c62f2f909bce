"""Smaller hardening rules: text encodings, numbers out of range, control characters in messages,
the link rule on every path, items closed without shipping, and the CLI in a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import open_page
from sqlalchemy import text
from sqlmodel import Session, select

from dashboard.errors import DomainError
from dashboard.importers.problems import Problem, problem_lines, problem_text
from dashboard.importers.service import import_file
from dashboard.models import Metric, Output, OutputCreate

ROOT = Path(__file__).resolve().parent.parent


def _names(engine) -> list[str]:
    with Session(engine) as s:
        return sorted(m.name for m in s.exec(select(Metric)))


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()  # noqa: S608


# --- encodings -------------------------------------------------------------------------------


def test_a_utf8_file_with_one_latin1_row_is_refused_naming_that_row(sqlite_engine):
    data = ("date,metric,value\n2026-11-01,Umsatz München,5\n2026-11-02,Umsatz München,6\n".encode()
            + "2026-11-03,Umsatz Köln,7\n".encode("latin-1"))
    _, outcome = import_file(data, "umsatz.csv", engine=sqlite_engine, user="ada")
    assert [(p.code, p.row) for p in outcome.problems] == [("not_utf8", 4)]
    assert "Umsatz Köln" in problem_lines(outcome.problems, "en")[0]
    assert problem_lines(outcome.problems, "de")[0].startswith("Zeile 4: Die Zeile ist kein UTF-8-Text")
    assert _names(sqlite_engine) == [] and _count(sqlite_engine, "metric_value") == 0


def test_a_windows_1252_file_is_read_as_such_throughout(sqlite_engine):
    data = "Datum;Kennzahl;Wert\n01.11.2026;Umsatz München;5\n02.11.2026;Umsatz Köln;6\n".encode("cp1252")
    _, outcome = import_file(data, "umsatz.csv", engine=sqlite_engine, user="ada")
    assert outcome.ok, outcome.problems
    assert _names(sqlite_engine) == ["Umsatz Köln", "Umsatz München"]


def test_a_utf8_row_in_a_windows_1252_file_is_named(sqlite_engine):
    rows = "".join(f"0{d}.11.2026;Umsatz Köln;{d}\n" for d in range(1, 6)).encode("cp1252")
    data = b"Datum;Kennzahl;Wert\n" + rows + "06.11.2026;Umsatz München;6\n".encode()
    _, outcome = import_file(data, "umsatz.csv", engine=sqlite_engine, user="ada")
    assert [(p.code, p.row) for p in outcome.problems] == [("utf8_in_cp1252", 7)]
    assert "München" in problem_text(outcome.problems[0], "en")
    assert _names(sqlite_engine) == []


def test_a_utf8_file_with_bom_is_never_read_as_another_encoding(sqlite_engine):
    data = b"\xef\xbb\xbf" + b"date,metric,value\n2026-11-01,Visits,5\n2026-11-02,Caf\xe9,6\n"
    _, outcome = import_file(data, "bom.csv", engine=sqlite_engine, user="ada")
    assert [(p.code, p.row) for p in outcome.problems] == [("not_utf8", 3)]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1e-400", "-2.5e-330", "1e-310", "1e400", "-1E+999"])
def test_numbers_beyond_what_a_float_holds_are_refused_with_row_and_column(sqlite_engine, number):
    data = f"date,metric,value\n2026-11-01,Visits,5\n2026-11-02,Visits,{number}\n".encode()
    _, outcome = import_file(data, "tiny.csv", engine=sqlite_engine, user="ada")
    [problem] = outcome.problems
    assert (problem.code, problem.row, problem.column, problem.found) == ("not_finite", 3, "value", number)
    assert "1e-308" in problem_text(problem, "en") and "1e-308" in problem_text(problem, "de")
    assert _count(sqlite_engine, "metric_value") == 0


def test_zero_written_with_an_exponent_is_still_zero(sqlite_engine):
    data = b"date,metric,value\n2026-11-01,Visits,0e-400\n2026-11-02,Visits,0.000\n"
    _, outcome = import_file(data, "zero.csv", engine=sqlite_engine, user="ada")
    assert outcome.ok, outcome.problems


# --- messages ----------------------------------------------------------------------------------


def test_messages_never_carry_control_characters():
    problem = Problem(row=3, column="metric\x00", code="not_a_number", found="12\x00\x1b[2J\r\nabc\u202e",
                      expected="1,234.5")
    for lang in ("en", "de"):
        line = problem_text(problem, lang)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in line), repr(line)
        assert "␀" in line  # shown, not silently dropped


def test_a_nul_in_a_csv_cell_is_shown_as_a_visible_sign(sqlite_engine):
    filler = "".join(f"2026-01-{d:02d},Visits,{d}\n" for d in range(1, 29)) * 12  # past the binary sniff
    data = ("date,metric,value\n" + filler + "2026-02-01,Visits,5\x00\n").encode()
    _, outcome = import_file(data, "nul.csv", engine=sqlite_engine, user="ada")
    assert outcome.problems
    for line in problem_lines(outcome.problems, "en") + problem_lines(outcome.problems, "de"):
        assert "\x00" not in line
    assert _count(sqlite_engine, "metric_value") == 0


def test_an_unclosed_quote_and_a_huge_cell_say_what_and_where(sqlite_engine):
    data = b'date,metric,value\n2026-11-01,Visits,5\n2026-11-02,"Visits,6\n2026-11-03,Visits,7\n'
    _, outcome = import_file(data, "quote.csv", engine=sqlite_engine, user="ada")
    [problem] = outcome.problems
    assert (problem.code, problem.row, problem.column) == ("unclosed_quote", 3, "metric")
    assert problem_text(problem, "en").startswith("row 3, column “metric”: A quote opens in this cell")
    data = b"date,metric,value\n2026-11-01,Visits," + b"9" * 40_000 + b"\n"
    _, outcome = import_file(data, "cell.csv", engine=sqlite_engine, user="ada")
    [problem] = outcome.problems
    assert (problem.code, problem.row, problem.column) == ("cell_too_long", 2, "value")
    assert "32,767" in problem_text(problem, "en") and "32,767" in problem_text(problem, "de")


# --- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize("link", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc",
                                  "https://exa mple.com", "http://", "https://\x00evil"])
def test_the_link_rule_refuses_anything_but_web_addresses(link):
    from dashboard.links import is_safe_link, safe_link

    assert not is_safe_link(link) and safe_link(link) == ""
    assert is_safe_link("https://tracker.example.com/browse/GRO-1") and is_safe_link("")


def test_the_repository_refuses_an_unsafe_link(sqlite_engine):
    from dashboard.repository import outputs as repo

    with Session(sqlite_engine) as s:
        with pytest.raises(DomainError) as refused:
            repo.create_output(session=s, data=OutputCreate(key="X-1", title="x", link="javascript:alert(1)"),
                               user="ada")
        assert refused.value.key == "outputs.error.unsafe_link"


def test_the_output_form_refuses_a_javascript_link(empty_app_db):
    at = open_page("pages/3_Outputs.py")
    prefix = "outputs.form.__new__"
    at.text_input(key=f"{prefix}.key").set_value("GRO-9")
    at.text_input(key=f"{prefix}.title").set_value("Guided setup")
    at.text_input(key=f"{prefix}.link").set_value("javascript:alert(document.cookie)")
    next(b for b in at.button if b.label == "Add output").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("only links starting with http:// or https://" in e for e in errors), errors
    with Session(empty_app_db) as s:
        assert s.exec(select(Output)).all() == []
    at.text_input(key=f"{prefix}.link").set_value("https://tracker.example.com/browse/GRO-9")
    next(b for b in at.button if b.label == "Add output").click().run()
    with Session(empty_app_db) as s:
        assert [o.link for o in s.exec(select(Output))] == ["https://tracker.example.com/browse/GRO-9"]


def test_imports_clear_unsafe_links(sqlite_engine):
    data = (b"key,title,resolved,link\nA-1,One,2026-11-01,javascript:alert(1)\n"
            b"A-2,Two,2026-11-02,https://tracker.example.com/browse/A-2\n")
    _, outcome = import_file(data, "out.csv", engine=sqlite_engine, user="ada", kind="outputs")
    assert outcome.ok, outcome.problems
    with Session(sqlite_engine) as s:
        assert {o.key: o.link for o in s.exec(select(Output))} == {
            "A-1": "", "A-2": "https://tracker.example.com/browse/A-2"}


# --- closed without shipping -----------------------------------------------------------------

CLOSED = ["Cancelled", "Canceled", "Aborted", "Rejected", "Declined", "Obsolete", "Won't Fix", "Won't Do",
          "Duplicate", "Abgebrochen", "Abgelehnt", "Verworfen", "Duplikat", "Annulé", "Rejeté", "Abandonné",
          "Doublon", "Closed (Rejected)"]
SHIPPED = ["Done", "Closed", "Resolved", "Fixed", "Erledigt", "Fertig", "Terminé", "Released", "Verified - UAT"]


def test_items_closed_without_shipping_are_not_shipped(sqlite_engine):
    rows = [f"S-{i},Item {i},{status},22/Nov/26 3:12 PM" for i, status in enumerate(CLOSED + SHIPPED)]
    data = ("Issue key,Summary,Status,Resolved\n" + "\n".join(rows) + "\n").encode()
    _, outcome = import_file(data, "jira.csv", engine=sqlite_engine, user="ada", kind="outputs")
    assert outcome.ok, outcome.problems
    with Session(sqlite_engine) as s:
        shipped = {o.status: o.shipped_on for o in s.exec(select(Output))}
    assert {status for status, day in shipped.items() if day is None} == set(CLOSED)
    assert all(shipped[status] == date(2026, 11, 22) for status in SHIPPED)


def test_a_resolution_that_ships_nothing_wins_over_a_done_status(sqlite_engine):
    data = (b"Issue key,Summary,Status,Resolution,Resolved\n"
            b"R-1,One,Done,Won't Do,2026-11-01\nR-2,Two,Done,Verworfen,2026-11-01\nR-3,Three,Done,Done,2026-11-01\n"
            )
    _, outcome = import_file(data, "jira.csv", engine=sqlite_engine, user="ada", kind="outputs")
    assert outcome.ok, outcome.problems
    with Session(sqlite_engine) as s:
        assert {o.key: o.shipped_on for o in s.exec(select(Output))} == {
            "R-1": None, "R-2": None, "R-3": date(2026, 11, 1)}


# --- the command line in a pipe --------------------------------------------------------------


def test_cli_output_into_a_closed_pipe_ends_without_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    csv = tmp_path / "metrics.csv"
    csv.write_text("date,metric,value\n" + "".join(f"2026-11-01,Metric {i},{i}\n" for i in range(300)))
    for args in (["db", "upgrade"], ["import", str(csv)]):
        subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, cwd=ROOT, check=True,
                       capture_output=True, timeout=120)
    # The reader closes its end before the command writes: every write meets a broken pipe.
    child = subprocess.Popen([sys.executable, "-m", "dashboard", "metrics"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    # And the same through a shell pipe: `python -m dashboard metrics | head -1`.
    shell = subprocess.run(f"{sys.executable} -m dashboard metrics | head -1", shell=True, env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert shell.stdout.startswith("name") and "Traceback" not in shell.stderr, shell.stderr
