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
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]*\d*:?[A-Z]+(\d+)"')
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html|<meta|<head|<body|<!--)", re.I)


def extension(file_name: str) -> str:
    """The lower-case extension with its dot (`.xlsx`)."""
    return PurePath(file_name or "").suffix.lower()


def limits() -> tuple[int, int]:
    """(max bytes, max rows) from the settings."""
    from dashboard.config import settings

    s = settings()
    return s.max_upload_mb * 1024 * 1024, s.max_rows


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
                    rows += int(dimension.group(1)) if dimension else 0
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
    return file_type, []


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
