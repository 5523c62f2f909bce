"""Bytes -> raw tables: workbooks (calamine), CSV/TSV (sniffed), HTML tables saved as `.xls`.

`read_file(data, file_name)` runs the safety checks, then returns a `ReadResult` with one `RawTable`
per table found (a sheet, or a block of a CSV separated by blank lines / `#` comments). A RawTable
keeps the header exactly as written (duplicates included), the raw header cells (dates stay dates),
and every data row with the row number the user sees in Excel or an editor. Title rows above the
header and empty rows are skipped here; totals rows are recognised by `is_totals_row`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from typing import Any

from dashboard.importers.headers import is_total_label
from dashboard.importers.problems import Problem
from dashboard.importers.safety import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    check_bytes,
    extension,
    limits,
)
from dashboard.parsing import EMPTY_TOKENS, is_empty, notation_of, parse_date, parse_number

HEADER_SCAN_ROWS = 30

# Our own limits (MAX_LINE_CHARS, MAX_CELL_CHARS) are checked on every record before the csv
# module's; its default field limit (131,072) would otherwise raise a bare `Error` on long cells.
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_CHARS + 1))


@dataclass
class RawTable:
    """One table as read from a file, before any kind interprets it."""

    sheet: str  # sheet name, or `Table 2` for the second block of a CSV
    header: list[str]  # header cells as text, duplicates kept (`Sprint`, `Sprint`)
    header_cells: list[Any]  # the raw header cells (Excel dates stay `date`)
    header_row: int  # 1-based row number of the header as Excel/the editor shows it
    rows: list[tuple[int, list[Any]]]  # (row number, cells padded to the header width)
    notes: dict[str, Any] = field(default_factory=dict)  # e.g. start_date/end_date from `# Start date:`
    comments: list[str] = field(default_factory=list)  # `#` lines above the table
    missing_formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column index) without value
    error_cells: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column index, `#DIV/0!`)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column index) shown as 15 %
    number_hint: str | None = None  # `en`/`de` decided from the whole file

    @property
    def width(self) -> int:
        return len(self.header)

    def column(self, index: int) -> list[Any]:
        """Every data cell of one column."""
        return [cells[index] if index < len(cells) else None for _, cells in self.rows]

    def column_name(self, index: int) -> str:
        """A readable column name: the header text, or the Excel column letter when it is empty."""
        name = self.header[index] if index < len(self.header) else ""
        return name or column_letter(index)


@dataclass
class ReadResult:
    """What a file held: its tables, the problems that refuse it, notes for the user."""

    file_name: str
    file_type: str | None
    tables: list[RawTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)  # {"code": ..., "sheet": ..., **values}


def column_letter(index: int) -> str:
    """0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str:
    """A header cell as text (dates as ISO, whole floats without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_totals_row(cells: Sequence[Any], key_columns: Sequence[int] = (0,)) -> bool:
    """A totals row: its first filled key cell says `Total`/`Summe`/`Gesamt`, or every key cell is empty."""
    all_empty = True
    for i in key_columns:
        key = cells[i] if i < len(cells) else None
        if key is None or key == "":
            continue
        if key.__class__ is str:
            if is_total_label(key):
                return True
            if is_empty(key):
                continue
        all_empty = False
    if all_empty:
        return any(not is_empty(c) for c in cells)
    return False


# ---------------------------------------------------------------------------------------------
# finding the header in a grid


def _filled(row: Sequence[Any]) -> int:
    return sum(1 for c in row if not is_empty(c))


def _is_texty(value: Any) -> bool:
    return isinstance(value, str) and not is_empty(value) or isinstance(value, date)


def find_header(grid: list[list[Any]]) -> int | None:
    """Index of the header row: the first row, among the first rows, that is about as wide as the data
    below it and mostly text or dates (title rows are narrower, data rows mostly numbers)."""
    scan = grid[:HEADER_SCAN_ROWS]
    widths = [_filled(r) for r in scan]
    if not widths or max(widths) < 2:
        return None
    widest = max(widths)
    for i, row in enumerate(scan):
        if widths[i] < 2 or widths[i] < 0.5 * widest:
            continue
        texty = sum(1 for c in row if _is_texty(c))
        if texty >= max(2, 0.5 * widths[i]):
            return i
    return next(i for i, w in enumerate(widths) if w >= 2)


def _fill_merged_header(grid: list[list[Any]], header_index: int, merged: list) -> list[Any]:
    """Copy merged header cells across their span; a second header line below a merged band is joined."""
    header = list(grid[header_index])
    spans = []
    for (r0, c0), (r1, c1) in merged:
        if r0 <= header_index <= r1 and c1 > c0:
            spans.append((c0, c1))
            for c in range(c0 + 1, min(c1 + 1, len(header))):
                if is_empty(header[c]):
                    header[c] = header[c0]
    return header


def grid_to_table(
    grid: list[list[Any]], sheet: str, *, first_row_number: int = 1, merged: list | None = None,
    notes: dict | None = None, comments: list[str] | None = None, row_numbers: list[int] | None = None,
) -> RawTable | None:
    """Turn a grid of cells into a RawTable (header found, title/empty rows dropped); None if no header."""
    index = find_header(grid)
    if index is None:
        return None
    merged = merged or []
    header_cells, joined = _join_sub_header(grid, index, merged, _fill_merged_header(grid, index, merged))
    data_start = index + (2 if joined else 1)
    width = _data_width(grid, data_start, header_cells)
    header_cells = (list(header_cells) + [None] * width)[:width]
    numbers = row_numbers or list(range(first_row_number, first_row_number + len(grid)))
    rows = _data_rows(grid, data_start, width, numbers)
    vertical = [(r0, c0, r1) for (r0, c0), (r1, c1) in merged if r1 > r0 and r0 >= data_start]
    if vertical:
        _fill_vertical_merges(grid, rows, numbers, vertical)
    return RawTable(
        sheet=sheet,
        header=[cell_text(h) for h in header_cells],
        header_cells=header_cells,
        header_row=numbers[index],
        rows=rows,
        notes=notes or {},
        comments=comments or [],
    )


def _join_sub_header(grid: list[list[Any]], index: int, merged: list, header_cells: list[Any]) -> tuple[list[Any], bool]:
    """A merged group header over a row of sub-headers (`Revenue` over `DE | FR`) reads `Revenue DE`,
    `Revenue FR`; True when the row below was such a sub-header row."""
    if not merged or index + 1 >= len(grid):
        return header_cells, False
    below = grid[index + 1]
    spans = [(c0, c1) for (r0, c0), (r1, c1) in merged if r0 == index == r1 and c1 > c0]
    if not spans or _filled(below) < 2 or not all(
        isinstance(c, str) and parse_date(c) is None and not c.strip().replace(".", "").isdigit()
        for c in below if not is_empty(c)
    ):
        return header_cells, False
    return [
        " ".join(p for p in (cell_text(h), cell_text(below[i]) if i < len(below) else "") if p)
        if any(c0 <= i <= c1 for c0, c1 in spans) else h
        for i, h in enumerate(header_cells)
    ], True


def _data_width(grid: list[list[Any]], data_start: int, header_cells: list[Any]) -> int:
    """The table's width: the header's last named cell, or further where data sits (wide sheets)."""
    width = len(header_cells)
    while width and is_empty(header_cells[width - 1]):
        width -= 1
    sample = grid[data_start:data_start + 200]
    widest = max((len(r) for r in sample), default=width)
    for r in sample:
        last = len(r)
        while last and is_empty(r[last - 1]):
            last -= 1
        width = max(width, last)
    return min(width, max(widest, width))


def _data_rows(grid: list[list[Any]], data_start: int, width: int, numbers: list[int]) -> list[tuple[int, list[Any]]]:
    """Every non-empty row below the header, as (row number as shown, cells padded to the width)."""
    rows: list[tuple[int, list[Any]]] = []
    for i in range(data_start, len(grid)):
        cells = grid[i]
        if len(cells) != width:
            if len(cells) < width:
                cells = list(cells) + [None] * (width - len(cells))
            else:
                cells = list(cells[:width]) if all(is_empty(c) for c in cells[width:]) else list(cells)
        first = cells[0] if cells else None
        if first is not None and first.__class__ is not str:
            rows.append((numbers[i], cells))  # a typed first cell (date, number): not an empty row
            continue
        for c in cells:
            if c is not None and c != "" and not (c.__class__ is str and c.strip() in EMPTY_TOKENS):
                break
        else:
            continue
        rows.append((numbers[i], cells))
    return rows


def _fill_vertical_merges(grid: list[list[Any]], rows: list[tuple[int, list[Any]]], numbers: list[int],
                          vertical: list[tuple[int, int, int]]) -> None:
    """Merged data cells (a segment label spanning rows) apply to every row they cover."""
    by_number = {numbers[i]: i for i in range(len(grid))}
    for r0, c0, r1 in vertical:
        top = grid[r0][c0] if c0 < len(grid[r0]) else None
        for num, cells in rows:
            i = by_number.get(num)
            if i is not None and r0 < i <= r1 and c0 < len(cells) and is_empty(cells[c0]):
                cells[c0] = top


# ---------------------------------------------------------------------------------------------
# workbooks

_CELL_F = re.compile(rb"<c\b((?:[^>/]|/(?!>))*)>(.*?)</c>", re.S)
_SAVED_VALUE = re.compile(rb"<v>[^<]+</v>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


_STYLED_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bs="(\d+)"')


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cell styles whose number format shows a percentage (Excel stores 15 % as 0.15)."""
    from defusedxml import ElementTree as DefusedET

    try:
        styles = DefusedET.fromstring(archive.read("xl/styles.xml"))
    except Exception:  # noqa: BLE001 - no styles part: no percent formats
        return set()
    percent_ids = {9, 10}
    for node in styles.iter():
        if node.tag.endswith("}numFmt"):
            code = re.sub(r'"[^"]*"|\\.', "", node.get("formatCode", ""))
            if "%" in code:
                percent_ids.add(int(node.get("numFmtId", "-1")))
    out: set[int] = set()
    for node in styles.iter():
        if node.tag.endswith("}cellXfs"):
            for index, xf in enumerate(x for x in node if x.tag.endswith("}xf")):
                if int(xf.get("numFmtId", "0")) in percent_ids:
                    out.add(index)
    return out


def _scan_cells(data: bytes) -> dict[str, tuple[list, list, set]]:
    """Sheet name -> (formulas without a saved value, Excel error cells such as `#DIV/0!`, percent cells).

    Calamine reads formulas without values and error cells as empty, and percent-formatted numbers
    as fractions; tools other than Excel save formulas without values.
    """
    from defusedxml import ElementTree as DefusedET

    out: dict[str, tuple[list, list, set]] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = DefusedET.fromstring(archive.read("xl/workbook.xml"))
        rels = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - a workbook without the usual parts is read without this check
        return out
    percent_styles = _percent_styles(archive)
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        missing, errors, percent = [], [], set()
        if percent_styles and any(b's="%d"' % k in xml for k in percent_styles):
            for m in _STYLED_CELL.finditer(xml):
                if int(m.group(3)) in percent_styles:
                    percent.add((int(m.group(2)), _col_index(m.group(1))))
        if b"<f" in xml or b't="e"' in xml:
            for m in _CELL_F.finditer(xml):
                body, attrs = m.group(2), m.group(1)
                is_error = b't="e"' in attrs
                if not is_error and (b"<f" not in body or _SAVED_VALUE.search(body)):
                    continue
                ref = _REF.search(attrs)
                if not ref:
                    continue
                where = (int(ref.group(2)), _col_index(ref.group(1)))
                if is_error:
                    value = _SAVED_VALUE.search(body)
                    errors.append((*where, value.group(0)[3:-4].decode(errors="replace") if value else "#ERROR"))
                else:
                    missing.append(where)
        if missing or errors or percent:
            out[sheet.get("name", "")] = (missing, errors, percent)
    return out


def _read_workbook(data: bytes, result: ReadResult, max_rows: int) -> None:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - calamine raises several error types for damaged files
        result.problems.append(Problem(code="truncated", found=result.file_name, expected=extension(result.file_name)))
        return
    scanned = _scan_cells(data) if result.file_type == "xlsx" else {}
    total = cells = 0
    for meta in workbook.sheets_metadata:
        if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
            result.notes.append({"code": "chart_sheet", "sheet": meta.name})
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            total += sheet.total_height if hasattr(sheet, "total_height") else sheet.height
            if total > max_rows:
                result.problems.append(Problem(code="too_many_rows", found=f"> {max_rows:,}", expected=f"≤ {max_rows:,}"))
                return
            if sheet.width > MAX_COLUMNS:
                result.problems.append(Problem(sheet=meta.name, code="too_many_columns", found=f"{sheet.width:,}",
                                               expected=f"{MAX_COLUMNS:,}"))
                return
            cells += sheet.width * sheet.height
            if cells > MAX_CELLS:
                result.problems.append(Problem(sheet=meta.name, code="too_many_cells", found=f"> {MAX_CELLS:,}",
                                               expected=f"{MAX_CELLS:,}"))
                return
            grid = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except Exception:  # noqa: BLE001 - a damaged sheet
            result.problems.append(Problem(sheet=meta.name, code="truncated", found=result.file_name, expected=""))
            continue
        table = grid_to_table(grid, meta.name, merged=merged)
        if table is None:
            result.notes.append({"code": "empty_sheet", "sheet": meta.name})
            continue
        table.missing_formulas, table.error_cells, table.percent_cells = scanned.get(meta.name, ([], [], set()))
        result.tables.append(table)


# ---------------------------------------------------------------------------------------------
# CSV / TSV

_META = re.compile(r"^#\s*(start date|end date|startdatum|enddatum)\s*:\s*(\d{8}|\d{4}-\d{2}-\d{2})", re.I)


class Refused(Exception):
    """A limit was reached while reading: stop at once and refuse the file with this problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


_NOT_UTF8 = re.compile(r"[\udc80-\udcff]")  # bytes that are not UTF-8, kept by `surrogateescape`
_UTF8_LETTER = re.compile(r"[^\x00-\x7f\udc80-\udcff]")  # a real UTF-8 multi-byte character
MAX_ENCODING_PROBLEMS = 1_000


def _lines_matching(text: str, pattern: re.Pattern, limit: int = MAX_ENCODING_PROBLEMS) -> tuple[list[tuple[int, int]], int]:
    """(line number, offset of the first match) of the first `limit` lines matching, and the count of all."""
    found: list[tuple[int, int]] = []
    count = 0
    pos = line = 0
    last = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return found, count
        line += text.count("\n", last, m.start())
        last = m.start()
        count += 1
        if len(found) < limit:
            found.append((line + 1, m.start()))
        end = text.find("\n", m.start())
        if end < 0:
            return found, count
        pos = end + 1


def _snippet(text: str, offset: int) -> str:
    """The line around `offset`, at most ~60 characters, with bytes that are not UTF-8 read as Windows-1252."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    lo = max(start, offset - 30)
    piece = text[lo:min(end, offset + 30)].encode("utf-8", errors="surrogateescape")
    return piece.decode("cp1252", errors="replace").strip()


def decode_text(data: bytes) -> tuple[str, str, list[Problem]]:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1.

    A file is never re-decoded as a whole because of a few bytes: when it is mostly UTF-8 (it holds
    UTF-8 characters such as `ü`) and some rows are not, those rows are named and the file is refused,
    instead of reading `München` as `MÃ¼nchen` everywhere. Returns (text, encoding, problems).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            return "", "utf-16", [Problem(code="truncated", found="UTF-16", expected="")]
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", []
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="surrogateescape")
    bad, bad_count = _lines_matching(text, _NOT_UTF8)
    utf8, utf8_count = _lines_matching(text, _UTF8_LETTER, limit=MAX_ENCODING_PROBLEMS)
    if not bom and utf8_count == 0:
        # Not a single UTF-8 character: a Windows-1252 (or Latin-1) file, decoded as such throughout.
        try:
            return body.decode("cp1252"), "cp1252", []
        except UnicodeDecodeError:
            return body.decode("latin-1"), "latin-1", []
    if bom or utf8_count >= bad_count:
        # Mostly UTF-8: name the rows that are not.
        problems = [Problem(row=line, code="not_utf8", found=_snippet(text, offset), expected="UTF-8")
                    for line, offset in bad]
        problems += [Problem(code="more_rows", found=f"{bad_count - len(bad):,}")] if bad_count > len(bad) else []
        return text, "utf-8", problems
    # Mostly Windows-1252 with a few UTF-8 rows: name those instead of garbling them.
    cp_text = body.decode("cp1252", errors="replace")
    problems = []
    for line, offset in utf8:
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        row = text[start:len(text) if end < 0 else end]
        piece = row[max(0, offset - start - 30):offset - start + 30].strip()
        problems.append(Problem(row=line, code="utf8_in_cp1252", found=piece, expected="Windows-1252"))
    if utf8_count > len(utf8):
        problems.append(Problem(code="more_rows", found=f"{utf8_count - len(utf8):,}"))
    return cp_text, "cp1252", problems


def line_count(data: bytes) -> int:
    """Physical lines of a text file (blank lines included), counted on the bytes before decoding."""
    newlines = data.count(b"\n")
    if newlines == 0:
        newlines = data.count(b"\r")  # old Mac line ends
    return newlines + (0 if data.endswith((b"\n", b"\r")) else 1)


_LINE_END = re.compile(r"\r\n?|\n")


def _physical_lines(text: str):
    """Each line with its line end; an over-long line as (its length, its start), never copied whole."""
    pos, size = 0, len(text)
    search = _LINE_END.search
    while pos < size:
        m = search(text, pos)
        end = m.end() if m is not None else size
        yield (end - pos, text[pos:pos + MAX_LINE_CHARS]) if end - pos > MAX_LINE_CHARS else text[pos:end]
        pos = end


class _Lines:
    """The physical lines of a text, numbered, feeding `csv.reader`; refuses a row over the limits.

    `csv.reader` pulls exactly the lines one record needs, so `taken` holds the raw lines of the
    record being read (for comments and blank lines) and `start` its first line number.
    """

    def __init__(self, text: str) -> None:
        self._it = _physical_lines(text)
        self.number = 0
        self.start = 1
        self.taken: list[str] = []
        self.size = 0
        self.eof_in_record = False
        self.header: list[str] = []

    def begin(self) -> None:
        self.taken = []
        self.size = 0
        self.start = self.number + 1

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            line = next(self._it)
        except StopIteration:
            if self.taken:
                self.eof_in_record = True
            raise
        self.number += 1
        length = line[0] if line.__class__ is tuple else len(line)
        self.size += length
        if self.size > MAX_LINE_CHARS:
            if self.taken:  # a quoted cell runs on over many lines: name where its quote opened
                raise Refused(self.unclosed_quote(self.number))
            start = line[1] if line.__class__ is tuple else line
            cells = next(csv.reader([start], delimiter=self.delimiter), [""]) or [""]
            if len(cells[-1]) > MAX_CELL_CHARS:  # one huge cell: name it
                raise Refused(Problem(row=self.number, column=self.column_name(len(cells) - 1), code="cell_too_long",
                                      found=f"≥ {len(cells[-1]):,}", expected=f"{MAX_CELL_CHARS:,}"))
            raise Refused(Problem(row=self.number, code="line_too_long", found=f"{length:,}",
                                  expected=f"{MAX_LINE_CHARS:,}"))
        self.taken.append(line)
        return line

    def column_name(self, index: int) -> str:
        """The header's name for a column of the current table, else its letter."""
        header = self.header
        return header[index] if index < len(header) and header[index] else column_letter(index)

    def unclosed_quote(self, end: int | None) -> Problem:
        """The quote that opens in the current record's first line and is never closed."""
        first = self.taken[0] if self.taken else ""
        cells = next(csv.reader([first[:MAX_CELL_CHARS]], delimiter=self.delimiter), [""])
        return Problem(row=self.start, column=self.column_name(max(len(cells) - 1, 0)), code="unclosed_quote", found=(cells[-1] if cells else "").strip()[:40],
                       values={"end": end if end is not None else self.number})

    delimiter = ","


def _sample_lines(text: str, limit: int = 50) -> list[str]:
    """The first rows for sniffing the delimiter: not blank, not comments, not inside a quoted cell."""
    out: list[str] = []
    in_quotes = False
    for number, line in enumerate(_physical_lines(text)):
        if number > 1_000 or len(out) >= limit or line.__class__ is tuple:
            break
        line = line[:65_536].rstrip("\r\n")
        odd = line.count('"') % 2 == 1
        if in_quotes:
            in_quotes = not odd
            continue
        if odd:
            in_quotes = True
            continue
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append(line)
    return out


def sniff_delimiter(lines: Sequence[str], default: str = ",") -> str:
    """The delimiter that splits the sample lines most consistently (`,` `;` tab `|`)."""
    best, best_score = default, 0.0
    for delim in (",", ";", "\t", "|"):
        counts = []
        for line in lines[:50]:
            try:
                counts.append(len(next(csv.reader([line], delimiter=delim))) - 1)
            except (csv.Error, StopIteration):
                counts.append(0)
        if not counts or max(counts) == 0:
            continue
        common = max(set(counts), key=counts.count)
        if common == 0:
            continue
        score = counts.count(common) / len(counts) * (1 + min(common, 20) / 100)
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv_blocks(text: str, delimiter: str, max_rows: int) -> list[dict[str, Any]]:
    """Read the records of a CSV text into blocks (tables separated by blank lines or `#` comments).

    Every limit is checked on each record as it is read: characters per row and per cell, columns,
    and cells in all; an unclosed quote is named with its line and column.
    """
    lines = _Lines(text)
    lines.delimiter = delimiter
    reader = csv.reader(lines, delimiter=delimiter)
    blocks: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    pending_comments: list[str] = []
    cells_total = 0
    while True:
        lines.begin()
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if lines.eof_in_record:
                raise Refused(lines.unclosed_quote(None)) from exc
            raise Refused(Problem(row=lines.start, code="csv_error", found=str(exc)[:120])) from exc
        if lines.eof_in_record:
            raise Refused(lines.unclosed_quote(None))
        number = lines.start
        raw = lines.taken[0] if len(lines.taken) == 1 else "".join(lines.taken)
        stripped = raw.strip()
        if not stripped:
            if current is not None and not pending_comments:
                current["gap"] = True
            current = None
            continue
        if stripped.startswith("#"):
            pending_comments.append(stripped)
            current = None
            continue
        width = len(cells)
        if width > MAX_COLUMNS:
            raise Refused(Problem(row=number, code="too_many_columns", found=f"{width:,}", expected=f"{MAX_COLUMNS:,}"))
        cells_total += width
        if cells_total > MAX_CELLS:
            raise Refused(Problem(row=number, code="too_many_cells", found=f"> {MAX_CELLS:,}",
                                  expected=f"{MAX_CELLS:,}"))
        if width and max(map(len, cells)) > MAX_CELL_CHARS:
            index = next(i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS)
            raise Refused(Problem(row=number, column=lines.column_name(index), code="cell_too_long", found=f"{len(cells[index]):,}",
                                  expected=f"{MAX_CELL_CHARS:,}"))
        if current is None:
            current = {"cells": [], "numbers": [], "comments": pending_comments, "gap": False}
            blocks.append(current)
            pending_comments = []
            lines.header = cells
        current["cells"].append(cells)
        current["numbers"].append(number)
    return blocks


def _read_csv(data: bytes, result: ReadResult, max_rows: int) -> None:
    # Every line counts, blank lines included, and they are counted on the bytes before anything
    # is decoded or split: a file of millions of blank lines costs nothing to refuse.
    lines_total = line_count(data)
    if lines_total > max_rows:
        result.problems.append(Problem(code="too_many_rows", found=f"{lines_total:,}", expected=f"{max_rows:,}"))
        return
    text, _encoding, problems = decode_text(data)
    if problems:
        result.problems.extend(problems)
        return
    default = "\t" if extension(result.file_name) == ".tsv" else ","
    delimiter = sniff_delimiter(_sample_lines(text), default)
    try:
        blocks = _csv_blocks(text, delimiter, max_rows)
    except Refused as refused:
        result.problems.append(refused.problem)
        return
    del text
    # A blank line inside data (no comment, same width, first row not a header) continues the table.
    merged_blocks: list[dict[str, Any]] = []
    for block in blocks:
        prev = merged_blocks[-1] if merged_blocks else None
        if (
            prev is not None and prev.get("gap") and not block["comments"] and block["cells"]
            and len(block["cells"][0]) == len(prev["cells"][0])
            and not _row_is_header_like(block["cells"][0])
        ):
            prev["cells"].extend(block["cells"])
            prev["numbers"].extend(block["numbers"])
            prev["gap"] = block["gap"]
            continue
        merged_blocks.append(block)
    for n, block in enumerate(merged_blocks, start=1):
        notes = {}
        for comment in block["comments"]:
            m = _META.match(comment)
            if m:
                key = "start_date" if m.group(1).lower() in ("start date", "startdatum") else "end_date"
                notes[key] = parse_date(m.group(2))
        name = "" if len(merged_blocks) == 1 else f"#{n}"
        table = grid_to_table(block["cells"], name, notes=notes, comments=block["comments"], row_numbers=block["numbers"])
        if table is None:
            result.notes.append({"code": "empty_table", "sheet": name or result.file_name})
            continue
        if not table.sheet:
            table.sheet = ""
        result.tables.append(table)


def _row_is_header_like(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(parse_number(c)[0] is None and parse_date(c) is None for c in filled)


# ---------------------------------------------------------------------------------------------
# HTML saved as .xls (Jira Server "Excel" export)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._cells = 0
        self._rows = 0
        self.max_rows = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._rows += 1
            if self.max_rows and self._rows > self.max_rows:
                raise Refused(Problem(code="too_many_rows", found=f"> {self.max_rows:,}", expected=f"≤ {self.max_rows:,}"))
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            row = self._stack[-1][-1]
            text = " ".join("".join(self._cell).split(" ")).strip()
            self._cells += 1
            if len(row) >= MAX_COLUMNS:
                raise Refused(Problem(row=len(self._stack[-1]), code="too_many_columns", found=f"> {MAX_COLUMNS:,}",
                                      expected=f"{MAX_COLUMNS:,}"))
            if self._cells > MAX_CELLS:
                raise Refused(Problem(code="too_many_cells", found=f"> {MAX_CELLS:,}", expected=f"{MAX_CELLS:,}"))
            if len(text) > MAX_CELL_CHARS:
                raise Refused(Problem(row=len(self._stack[-1]), column=column_letter(len(row)), code="cell_too_long",
                                      found=f"{len(text):,}", expected=f"{MAX_CELL_CHARS:,}"))
            row.append(text)
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data.replace("\xa0", " "))


def _read_html(data: bytes, result: ReadResult, max_rows: int) -> None:
    text, _, problems = decode_text(data)
    if problems:
        result.problems.extend(problems)
        return
    parser = _TableParser()
    parser.max_rows = max_rows
    try:
        parser.feed(text)
        parser.close()
    except Refused as refused:
        result.problems.append(refused.problem)
        return
    except Exception:  # noqa: BLE001 - broken markup is a damaged file
        result.problems.append(Problem(code="truncated", found=result.file_name, expected=".xls"))
        return
    tables = [t for t in parser.tables if len(t) >= 2]
    if sum(len(t) for t in tables) > max_rows:
        result.problems.append(Problem(code="too_many_rows", found=f"> {max_rows:,}", expected=f"≤ {max_rows:,}"))
        return
    if not tables:
        result.problems.append(Problem(code="wrong_content", found="HTML", expected=".xls"))
        return
    for n, grid in enumerate(sorted(tables, key=len, reverse=True)[:5], start=1):
        table = grid_to_table(grid, "" if n == 1 else f"#{n}")
        if table is not None:
            result.tables.append(table)


# ---------------------------------------------------------------------------------------------


def _file_number_hint(tables: list[RawTable]) -> str | None:
    votes = {"en": 0, "de": 0}
    for table in tables:
        for _, cells in table.rows[:500]:
            for cell in cells:
                if isinstance(cell, str):
                    n = notation_of(cell)
                    if n:
                        votes[n] += 1
    if votes["en"] == votes["de"]:
        return None
    return "en" if votes["en"] > votes["de"] else "de"


def read_file(data: bytes, file_name: str, *, max_bytes: int | None = None, max_rows: int | None = None) -> ReadResult:
    """Safety checks, then every table in the file. Never raises on user data."""
    default_bytes, default_rows = limits()
    rows_limit = max_rows or default_rows
    file_type, problems = check_bytes(data, file_name, max_bytes=max_bytes or default_bytes, max_rows=rows_limit)
    result = ReadResult(file_name=file_name, file_type=file_type, problems=list(problems))
    if file_type is None:
        return result
    try:
        if file_type in ("xlsx", "ods", "xls"):
            _read_workbook(data, result, rows_limit)
        elif file_type == "html":
            _read_html(data, result, rows_limit)
        else:
            _read_csv(data, result, rows_limit)
    except Exception as exc:  # noqa: BLE001 - last line of defence: a damaged file never becomes a traceback
        result.problems.append(Problem(code="unreadable", found=type(exc).__name__, expected=""))
    if not result.problems and not result.tables:
        result.problems.append(Problem(code="no_tables", found=file_name, expected=""))
    hint = _file_number_hint(result.tables)
    for table in result.tables:
        table.number_hint = hint
    return result
