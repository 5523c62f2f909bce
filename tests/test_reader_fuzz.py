"""Property tests of the readers: any CSV text and any workbook cells are either imported or refused
with messages in both languages; never an exception, never the catch-all "could not be read"."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.db import make_engine, migrate
from dashboard.importers.problems import problem_lines
from dashboard.importers.service import import_file

FUZZ = settings(max_examples=120, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

HEADERS = ["date", "Datum", "metric", "Kennzahl", "value", "Wert", "segment", "unit", "key", "title", "status",
           "resolved", "objective", "period", "key result", "baseline", "target", "hypothesis", "expected change",
           "Nth day", "# Start date: 20230424", "Sessions", "Umsatz München", ""]
CELLS = ["2026-11-01", "24.11.2026", "11/24/2026", "24/Nov/26 3:12 PM", "Q4 2026", "2026-W45", "0001", "1,234.5",
         "1.234,5", "15 %", "€1.000", "1e-400", "1e400", "-0", "NaN", "inf", "(12)", "#DIV/0!", "Total", "Summe",
         "Visits", "Umsatz München", "Cancelled", "javascript:alert(1)", "https://example.com/a", "+15%", "-2pp",
         '"quoted, cell"', '"multi\nline"', '"unclosed', "a\x00b", "x\x1b[31m", "\u202egnp.exe", "", " ", "-"]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
SEPARATORS = [",", ";", "\t", "|"]
LINE_ENDS = ["\n", "\r\n", "\r"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def _check(engine, data: bytes, name: str) -> None:
    analysis, outcome = import_file(data, name, engine=engine, user="fuzz", dry_run=True)
    codes = [p.code for p in outcome.problems]
    assert "unreadable" not in codes, (data[:300], outcome.problems[:3])
    if outcome.problems:
        for lang in ("en", "de"):
            lines = problem_lines(outcome.problems, lang)
            assert lines
            for line in lines:
                assert not PLACEHOLDER.search(line) and "import.problem" not in line, line
                assert not any(ord(c) < 32 for c in line), repr(line)
    else:
        assert outcome.ok


csv_rows = st.lists(
    st.lists(st.one_of(st.sampled_from(CELLS), st.sampled_from(HEADERS), st.text(max_size=12)), min_size=0,
             max_size=6),
    min_size=0, max_size=12,
)


@FUZZ
@given(rows=csv_rows, sep=st.sampled_from(SEPARATORS), end=st.sampled_from(LINE_ENDS),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "mixed"]),
       name=st.sampled_from(["data.csv", "data.tsv", "data.txt"]))
def test_any_csv_is_imported_or_refused_with_a_message(engine, rows, sep, end, encoding, name):
    text = end.join(sep.join(cells) for cells in rows)
    if encoding == "mixed":
        data = text.encode("utf-8", errors="replace") + end.encode() + "Köln;1".encode("cp1252")
    elif encoding == "cp1252":
        data = text.encode("cp1252", errors="replace")
    else:
        data = text.encode(encoding, errors="surrogatepass")
    _check(engine, data, name)


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["data.csv", "data.xlsx", "data.ods", "data.xls"]))
def test_any_bytes_are_refused_or_imported(engine, data, name):
    _check(engine, data, name)


_sheet_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(date(1900, 3, 1), date(2200, 1, 1)), st.datetimes(datetime(1900, 3, 1), datetime(2200, 1, 1)),
    st.sampled_from([c for c in CELLS if not any(ord(ch) < 32 and ch not in "\n\t" for ch in c)]),
    st.sampled_from(HEADERS), _sheet_text,
)


@FUZZ
@given(sheets=st.lists(st.lists(st.lists(cell, max_size=6), max_size=10), min_size=1, max_size=3),
       header=st.lists(st.sampled_from(HEADERS), min_size=0, max_size=5))
def test_any_workbook_cells_are_imported_or_refused_with_a_message(engine, sheets, header):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n, rows in enumerate(sheets):
        sheet = book.create_sheet(f"S{n}")
        if header:
            sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _check(engine, buffer.getvalue(), "fuzz.xlsx")
