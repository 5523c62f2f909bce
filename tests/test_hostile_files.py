"""Files built to hang the importer or eat the server's memory are refused quickly, within a few
hundred MB, with a message saying what and where, and nothing stored changes.

Every file is generated here (nothing big is committed). Each import runs in a child process that
reports its own peak memory (its high-water mark), so that one test's peak cannot hide another's;
the time and memory bounds are generous ceilings, not benchmarks.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.db import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 30  # the refusals measured here take well under 2 s
PEAK_MB = 400  # the child's whole peak, Python and the app's imports (~140 MB) included

CHILD = """
import json, resource, sys, time
from dashboard.db import make_engine
from dashboard.importers.problems import problem_lines
from dashboard.importers.service import import_file



def peak_mb():
    # VmHWM belongs to this process's own memory map; ru_maxrss would also count the parent's size
    # at the moment it started us (Linux keeps it across exec).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


path, url = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
start = time.monotonic()
_, outcome = import_file(data, path.rsplit("/", 1)[-1], engine=make_engine(url), user="mallory")
print(json.dumps({
    "seconds": time.monotonic() - start,
    "peak_mb": peak_mb(),
    "ok": outcome.ok,
    "codes": [p.code for p in outcome.problems],
    "where": [[p.row, p.column] for p in outcome.problems],
    "en": problem_lines(outcome.problems, "en"),
    "de": problem_lines(outcome.problems, "de"),
}))
"""


def _ods(rows_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Plan">' + rows_xml +
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    ).encode()
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def _cell(kind: str, value: str, repeat: int = 1) -> str:
    attrs = (f'office:value-type="float" office:value="{value}"' if kind == "float"
             else 'office:value-type="string"')
    return (f'<table:table-cell {attrs} table:number-columns-repeated="{repeat}">'
            f"<text:p>{value}</text:p></table:table-cell>")


def _row(cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def _wide_csv(columns: int) -> bytes:
    header = "date," + ",".join(f"Metric {i}" for i in range(columns))
    rows = [f"2026-11-0{d}," + ",".join("1" for _ in range(columns)) for d in (1, 2)]
    return ("\n".join([header, *rows]) + "\n").encode()


# name -> (file name, builder, problem code, (row, column) expected in the first problem or None)
HOSTILE = {
    "one_line_of_25_million_fields": (
        "fields.csv", lambda: b"date,metric,value\n" + b"1," * 24_500_000 + b"\n", "line_too_long", (2, "")),
    "thirty_million_blank_lines": (
        "blank.csv", lambda: b"date,metric,value\n2026-11-01,Visits,5\n2026-11-02,Visits,7\n" + b"\n" * 30_000_000,
        "too_many_rows", None),
    "a_48_mb_cell": (
        "cell.csv", lambda: b'date,metric,value\n2026-11-01,"' + b"x" * 48_000_000 + b'",5\n',
        "cell_too_long", (2, "metric")),
    "an_unclosed_quote_before_half_a_million_lines": (
        "quote.csv", lambda: b'date,metric,value\n2026-11-01,Visits,5\n2026-11-02,"Visits,7\n'
        + b"2026-11-03,Visits,8\n" * 500_000, "unclosed_quote", (3, "metric")),
    "csv_with_20000_columns": ("wide.csv", lambda: _wide_csv(20_000), "too_many_columns", (1, "")),
    "csv_with_16000_metric_columns": ("metrics.csv", lambda: _wide_csv(16_000), "too_many_metrics", None),
    "ods_with_16_million_repeated_columns": (
        "repeat.ods", lambda: _ods(_row(_cell("string", "date") + _cell("string", "KPI", 16_000_000))
                                   + _row(_cell("string", "2026-11-01") + _cell("float", "1", 16_000_000))),
        "too_many_columns", None),
    "ods_with_repeated_rows_and_columns": (
        "grid.ods", lambda: _ods(_row(_cell("string", "date") + _cell("string", "KPI"))
                                 + _row(_cell("float", "1", 16_000), 6_000)),
        "too_many_cells", None),
    "ods_with_100_million_repeated_rows": (
        "rows.ods", lambda: _ods(_row(_cell("string", "date") + _cell("string", "KPI"))
                                 + _row(_cell("string", "2026-11-01") + _cell("float", "1"), 100_000_000)),
        "too_many_rows", None),
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> str:
    """A database holding one good import, shared by the hostile imports (none may change it)."""
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    from dashboard.importers.service import import_file

    _, outcome = import_file(b"date,metric,value\n2026-11-01,Visits,5\n2026-11-02,Visits,7\n", "good.csv",
                             engine=engine, user="ada")
    assert outcome.ok
    engine.dispose()
    return url


def _counts(url: str) -> tuple:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()  # noqa: S608
                         for t in ("metric", "metric_value", "import_batch", "output"))
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_quickly_in_little_memory(case, stored, tmp_path):
    name, build, code, where = HOSTILE[case]
    path = tmp_path / name
    path.write_bytes(build())
    before = _counts(stored)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": stored}
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", CHILD, str(path), stored], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=SECONDS * 4)
    wall = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert not report["ok"]
    assert report["codes"][0] == code, report["en"]
    if where is not None:
        assert report["where"][0] == list(where), report["en"]
    # What and where, in both languages, with no placeholder left and nothing unprintable.
    for lang in ("en", "de"):
        message = report[lang][0]
        assert "{" not in message and "import.problem" not in message and "\x00" not in message
    assert report["seconds"] < SECONDS and wall < SECONDS * 2, report
    assert report["peak_mb"] < PEAK_MB, report
    assert _counts(stored) == before


def test_the_new_metrics_limit_is_configurable_and_named(sqlite_engine, monkeypatch):
    from dashboard import config
    from dashboard.importers.problems import problem_lines
    from dashboard.importers.service import import_file

    monkeypatch.setenv("OUTCOMES_MAX_NEW_METRICS", "3")
    config.settings.cache_clear()
    try:
        _, outcome = import_file(_wide_csv(4), "four.csv", engine=sqlite_engine, user="ada")
        assert [p.code for p in outcome.problems] == ["too_many_metrics"]
        assert "OUTCOMES_MAX_NEW_METRICS" in problem_lines(outcome.problems, "en")[0]
        assert "Metric 0, Metric 1" in problem_lines(outcome.problems, "de")[0]
        _, outcome = import_file(_wide_csv(3), "three.csv", engine=sqlite_engine, user="ada")
        assert outcome.ok
        # Metrics that exist already are not new: the same three plus one more is fine.
        long = b"date,metric,value\n" + b"".join(b"2026-11-01,Metric %d,1\n" % i for i in range(4))
        _, outcome = import_file(long, "long.csv", engine=sqlite_engine, user="ada")
        assert outcome.ok, outcome.problems
    finally:
        config.settings.cache_clear()


def test_new_metrics_are_counted_across_the_sheets_of_one_file(sqlite_engine, monkeypatch):
    import openpyxl

    from dashboard import config
    from dashboard.importers.service import import_file

    book = openpyxl.Workbook()
    first = book.active
    first.title = "A"
    second = book.create_sheet("B")
    for sheet, names in ((first, ("M1", "M2")), (second, ("M3", "M4"))):
        sheet.append(["date", *names])
        sheet.append(["2026-11-01", 1, 2])
    buffer = io.BytesIO()
    book.save(buffer)
    monkeypatch.setenv("OUTCOMES_MAX_NEW_METRICS", "3")
    config.settings.cache_clear()
    try:
        _, outcome = import_file(buffer.getvalue(), "two.xlsx", engine=sqlite_engine, user="ada")
        assert [p.code for p in outcome.problems] == ["too_many_metrics"]
    finally:
        config.settings.cache_clear()
