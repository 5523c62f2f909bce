"""Checks on the raw bytes before any parser sees them: size, type, zip bombs, encryption, XML tricks.

`check_bytes(data, file_name)` returns `(file_type, problems)`; `file_type` is one of `xlsx`, `ods`,
`xls` (BIFF), `html` (HTML saved as `.xls`), `csv`, or None when the file must be refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from dashboard.importers.problems import Problem

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_RATIO = 200  # a sheet XML compresses ~10-30x; bombs compress 1000x and more
MIN_UNCOMPRESSED_LIMIT = 300 * 1024 * 1024
# Limits checked while reading, before the work grows (a 49 MB line, a million blank lines, a
# 16,000,000-column repeat in an .ods must be refused in seconds, not after gigabytes).
MAX_LINE_CHARS = 1_000_000  # one row of a text file (a quoted cell may span lines: the whole record)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_COLUMNS = 16_384  # Excel's own limit for one sheet (column XFD)
MAX_CELLS = 10_000_000  # cells in all tables of one file, counting empty cells inside a table
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html|<meta|<head|<body|<!--)", re.I)


def extension(file_name: str) -> str:
    """The lower-case extension with its dot (`.xlsx`)."""
    return PurePath(file_name or "").suffix.lower()


def limits() -> tuple[int, int]:
    """(max bytes, max rows) from the settings."""
    from dashboard.config import settings

    s = settings()
    return s.max_upload_mb * 1024 * 1024, s.max_rows


def _column_number(letters: bytes) -> int:
    """b"A" -> 1, b"XFD" -> 16384."""
    n = 0
    for ch in letters[:8]:
        n = n * 26 + (ch - 64)
    return n


def max_new_metrics() -> int:
    """How many metrics one file may create (`OUTCOMES_MAX_NEW_METRICS`)."""
    from dashboard.config import settings

    return settings().max_new_metrics


def existing_metric_names(session) -> set[str]:  # noqa: ANN001 - a Session or None
    """Casefolded names of the stored metrics (empty without a session)."""
    if session is None:
        return set()
    from sqlalchemy import select

    from dashboard.models import Metric

    table = Metric.__table__
    return {name.casefold() for (name,) in session.connection().execute(select(table.c.name))}


def new_metrics_problem(names, existing: set[str], sheet: str = "") -> Problem | None:  # noqa: ANN001
    """A problem when `names` (metric names a file would use) hold more new metrics than allowed."""
    limit = max_new_metrics()
    new: dict[str, str] = {}
    for name in names:
        key = str(name).strip().casefold()
        if key and key not in existing and key not in new:
            new[key] = str(name).strip()
    if len(new) <= limit:
        return None
    first = ", ".join(list(new.values())[:5])
    return Problem(sheet=sheet, code="too_many_metrics", found=f"{len(new):,}", expected=f"{limit:,}",
                   values={"names": first[:200]})


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    if _HTML_START.match(head):
        return "html"
    if b"\x00" in data[:8192] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        return "binary"
    return "text"


def _is_encrypted(data: bytes) -> bool:
    try:
        import msoffcrypto

        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - an unreadable OLE2 file is handled by the reader
        return False


def _check_zip(data: bytes, file_name: str, ext: str, max_bytes: int,
               max_rows: int | None = None) -> tuple[str | None, list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [Problem(code="truncated", found=file_name, expected=ext)]
    if len(infos) > MAX_ZIP_MEMBERS:
        return None, [Problem(code="zip_bomb", found=f"{len(infos)} parts", expected=f"≤ {MAX_ZIP_MEMBERS}")]
    total = sum(i.file_size for i in infos)
    limit = max(MIN_UNCOMPRESSED_LIMIT, 20 * max_bytes)
    if total > limit:
        return None, [Problem(code="zip_bomb", found=f"{total // 2**20} MB", expected=f"≤ {limit // 2**20} MB")]
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return None, [Problem(code="zip_bomb", found=f"1:{ratio}", expected=f"≤ 1:{MAX_ZIP_RATIO}")]
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        file_type = "xlsx"
    elif "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
        file_type = "ods"
    else:
        return None, [Problem(code="zip_no_workbook", found=file_name, expected=ext)]
    if (file_type == "xlsx") != (ext in (".xlsx", ".xlsm")):
        return None, [Problem(code="wrong_content", found=file_type, expected=ext)]
    # Entity expansion ("billion laughs") and external entities: a DTD can only sit in the prolog,
    # so looking at the start of every XML part is complete; small parts go through defusedxml too.
    from defusedxml import ElementTree as DefusedET
    from defusedxml.common import DefusedXmlException

    rows = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(4096)
                if info.filename.startswith("xl/worksheets/"):
                    # The sheet's declared size gives the row count before any parsing.
                    dimension = _DIMENSION.search(head)
                    rows += int(dimension.group(2)) if dimension else 0
                    width = _column_number(dimension.group(1)) if dimension else 0
                    if width > MAX_COLUMNS:
                        return None, [Problem(code="too_many_columns", found=f"{width:,}", expected=f"{MAX_COLUMNS:,}")]
                    if max_rows is not None and rows > max_rows:
                        return None, [Problem(code="too_many_rows", found=f"> {max_rows:,}",
                                              expected=f"≤ {max_rows:,}")]
                if _DTD.search(head):
                    return None, [Problem(code="xml_entities", found=info.filename, expected="")]
                if info.file_size <= 256_000:
                    DefusedET.fromstring(head + part.read())
        except DefusedXmlException:
            return None, [Problem(code="xml_entities", found=info.filename, expected="")]
        except Exception:  # noqa: BLE001 - broken XML or CRC error means a damaged file
            return None, [Problem(code="truncated", found=file_name, expected=ext)]
    if file_type == "ods":
        problem = _ods_extent(archive, max_rows)
        if problem is not None:
            return None, [problem]
    return file_type, []


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _TooBig(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _ods_extent(archive: zipfile.ZipFile, max_rows: int | None) -> Problem | None:
    """Refuse an .ods whose repeated rows or columns unfold into more than a sheet holds.

    `table:number-columns-repeated="16000000"` costs a few bytes and becomes millions of cells in
    any reader; the filled extent of every sheet (repeats unfolded, trailing empty ones ignored) is
    computed while streaming `content.xml`, and the first limit reached stops the scan.
    """
    import xml.parsers.expat

    cell_tags = {f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"}
    row_tag, table_tag = f"{_ODS_TABLE} table-row", f"{_ODS_TABLE} table"
    cols_attr, rows_attr = f"{_ODS_TABLE} number-columns-repeated", f"{_ODS_TABLE} number-rows-repeated"
    value_attr = f"{_ODS_OFFICE} value-type"
    state = {"sheet": "", "row": 0, "rows_rep": 1, "col": 0, "row_width": 0, "cell": None,
             "height": 0, "width": 0, "cells": 0, "depth": 0}

    def repeat(attrs: dict, name: str) -> int:
        try:
            return max(1, int(attrs.get(name, 1)))
        except ValueError:
            return 1

    def check() -> None:
        width, height = state["width"], state["height"]
        if width > MAX_COLUMNS:
            raise _TooBig(Problem(sheet=state["sheet"], code="too_many_columns", found=f"{width:,}",
                                  expected=f"{MAX_COLUMNS:,}"))
        if max_rows is not None and height > max_rows:
            raise _TooBig(Problem(sheet=state["sheet"], code="too_many_rows", found=f"> {max_rows:,}",
                                  expected=f"{max_rows:,}"))
        if state["cells"] + width * height > MAX_CELLS:
            raise _TooBig(Problem(sheet=state["sheet"], code="too_many_cells", found=f"> {MAX_CELLS:,}",
                                  expected=f"{MAX_CELLS:,}"))

    def start(tag: str, attrs: dict) -> None:
        if state["cell"] is not None:
            state["cell"][2] = True  # content inside a cell: it is filled
        if tag in cell_tags:
            state["cell"] = [state["col"], repeat(attrs, cols_attr), value_attr in attrs]
        elif tag == row_tag:
            state["rows_rep"], state["col"], state["row_width"] = repeat(attrs, rows_attr), 0, 0
        elif tag == table_tag:
            state["depth"] += 1
            if state["depth"] == 1:
                state.update(sheet=attrs.get(f"{_ODS_TABLE} name", ""), row=0, height=0, width=0)

    def end(tag: str) -> None:
        if tag in cell_tags and state["cell"] is not None:
            col, reps, filled = state["cell"]
            state["col"] = col + reps
            if filled:
                state["row_width"] = col + reps
            state["cell"] = None
        elif tag == row_tag:
            state["row"] += state["rows_rep"]
            if state["row_width"]:
                state["height"] = state["row"]
                state["width"] = max(state["width"], state["row_width"])
                check()
        elif tag == table_tag:
            state["depth"] -= 1
            if state["depth"] == 0:
                state["cells"] += state["width"] * state["height"]

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with archive.open("content.xml") as part:
            while chunk := part.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _TooBig as too_big:
        return too_big.problem
    except Exception:  # noqa: BLE001 - broken XML is a damaged file, reported by the reader
        return None
    return None


def check_bytes(data: bytes, file_name: str, *, max_bytes: int | None = None,
                max_rows: int | None = None) -> tuple[str | None, list[Problem]]:
    """Refuse what must never reach a parser; returns the real file type and the problems."""
    ext = extension(file_name)
    if max_bytes is None:
        max_bytes = limits()[0]
    if ext not in EXTENSIONS:
        return None, [Problem(code="unsupported_extension", found=ext or file_name,
                              expected=", ".join(e for e in EXTENSIONS if e != ".txt"))]
    if len(data) > max_bytes:
        return None, [Problem(code="too_large", found=f"{len(data) / 2**20:.1f} MB",
                              expected=f"≤ {max_bytes // 2**20} MB")]
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return None, [Problem(code="empty_file", found=file_name, expected="")]
    kind = _sniff(data)
    if kind == "zip":
        if ext not in (".xlsx", ".xlsm", ".ods"):
            return None, [Problem(code="wrong_content", found="zip", expected=ext)]
        return _check_zip(data, file_name, ext, max_bytes, max_rows)
    if kind == "ole2":
        if _is_encrypted(data):
            return None, [Problem(code="encrypted", found=file_name, expected="")]
        if ext != ".xls":
            return None, [Problem(code="wrong_content", found=".xls", expected=ext)]
        return "xls", []
    if kind == "html":
        if ext == ".xls":
            return "html", []
        return None, [Problem(code="wrong_content", found="HTML", expected=ext)]
    if kind == "binary":
        return None, [Problem(code="wrong_content", found="binary", expected=ext)]
    # plain text
    if ext in (".csv", ".tsv", ".txt"):
        return "csv", []
    return None, [Problem(code="wrong_content", found="text", expected=ext)]
