"""Metric values: long, wide (dates down or across), date + dimension + numeric columns, GA exports.

Every shape becomes the same rows `(metric name, date, segment, value, unit)`. Writing upserts by
metric + date + segment: new points are inserted, changed ones updated (the old value and the import
that set it go to `MetricValueChange`), equal ones counted as unchanged. Unknown metrics are created
(unit from the file, or guessed); known ones are matched by name, ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update

from dashboard.importers.headers import (
    DATE_ALIASES,
    field_for,
    is_total_label,
    match_columns,
    normalise,
)
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable, is_totals_row
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import new_row
from dashboard.importers.safety import existing_metric_names, new_metrics_problem
from dashboard.importers.store import Recorder
from dashboard.importers.values import date_order, number_notation
from dashboard.models import ImportKind, Metric, MetricValue, MetricValueChange
from dashboard.parsing import is_empty, is_finite, parse_date, parse_number

KIND = ImportKind.metrics
CHUNK = 20_000
PREVIEW_ROWS = 20
LONG, DOWN, ACROSS = "long", "wide_down", "wide_across"

ALIASES = {
    "date": DATE_ALIASES,
    "metric": ["kennzahl", "metrik", "kpi", "name", "metric name", "kpi name", "kpi_name", "measure",
               "indicator", "indikator", "kennzahlname", "messgröße", "messgrosse", "metrique", "métrique"],
    "value": ["wert", "amount", "betrag", "actual", "ist", "istwert", "valeur", "value (actual)"],
    "segment": ["dimension", "gruppe", "group", "cohort", "kohorte", "breakdown", "aufschlüsselung"],
    "unit": ["einheit", "uom", "unité", "unite", "maßeinheit", "masseinheit"],
}

NTH_DAY = {"nthday", "nthweek", "nthmonth"}
EXPECTED_NUMBER = {"en": "1,234.5", "de": "1.234,5"}
EXPECTED_DATE = "2026-11-24, 24.11.2026, 11/24/2026"


# ---------------------------------------------------------------------------------------------
# recognising the shape


def _date_share(values: Sequence[Any], named_as_date: bool) -> float:
    filled = [v for v in values if not is_empty(v)]
    if not filled:
        return 0.0
    hits = 0
    for v in filled:
        if isinstance(v, date) or isinstance(v, str) and parse_date(v) is not None:
            hits += 1
        elif named_as_date and isinstance(v, int | float) and parse_date(v) is not None:
            hits += 1
    return hits / len(filled)


def _sample(table: RawTable, index: int, limit: int = 400) -> list[Any]:
    return [cells[index] if index < len(cells) else None for _, cells in table.rows[:limit]]


def _date_columns(table: RawTable) -> list[int]:
    """Columns that hold the time axis: named like a date and mostly dates, or dates by content."""
    found = []
    for i in range(table.width):
        key = normalise(table.header[i])
        sample = _sample(table, i)
        if key in NTH_DAY and table.notes.get("start_date"):
            found.append(i)
            continue
        named = field_for(table.header[i], KIND) == "date"
        share = _date_share(sample, named)
        if (named and share >= 0.5) or share >= 0.8:
            found.append(i)
    return found


def _header_dates(table: RawTable) -> list[int]:
    """Columns (after the first) whose header cell is a date: the wide-across shape."""
    out = []
    for i, cell in enumerate(table.header_cells):
        if i == 0 or cell is None:
            continue
        if isinstance(cell, date) or isinstance(cell, str) and parse_date(cell) is not None:
            out.append(i)
        elif isinstance(cell, int | float) and 1900 <= cell <= 2200:
            continue  # a bare year is a label, not a day
    return out


def _columns_where(table: RawTable, exclude: set[int], test: Callable[[list[Any]], bool]) -> list[int]:
    """The columns (not in `exclude`) whose filled sample cells pass `test`."""
    out = []
    for i in range(table.width):
        if i in exclude:
            continue
        sample = [v for v in _sample(table, i) if not is_empty(v)]
        if sample and test(sample):
            out.append(i)
    return out


def _numeric_columns(table: RawTable, exclude: set[int]) -> list[int]:
    def numeric(sample: list[Any]) -> bool:
        notation = number_notation(sample, table.number_hint)
        return sum(1 for v in sample if parse_number(v, notation)[0] is not None) / len(sample) >= 0.8

    return _columns_where(table, exclude, numeric)


def _text_columns(table: RawTable, exclude: set[int]) -> list[int]:
    return _columns_where(table, exclude, lambda sample: sum(isinstance(v, str) for v in sample) / len(sample) >= 0.8)


def shape_of(table: RawTable) -> tuple[str | None, dict[str, Any]]:
    """The table's shape and the columns it uses (None when it holds no metric series)."""
    fields = match_columns(table.header, KIND)
    dates = _date_columns(table)
    if "metric" in fields and "value" in fields and (dates or "date" in fields):
        date_col = next((i for i in fields.get("date", []) if i in dates), dates[0] if dates else fields["date"][0])
        return LONG, {
            "date": date_col, "metric": fields["metric"][0], "value": fields["value"][0],
            "value_options": fields["value"],
            "segment": fields.get("segment", [None])[0], "unit": fields.get("unit", [None])[0],
        }
    across = _header_dates(table)
    if len(across) >= 2 and len(across) >= 0.5 * (table.width - 1):
        return ACROSS, {"metric": 0, "dates": across, "unit": fields.get("unit", [None])[0]}
    if dates:
        date_col = dates[0]
        numeric = _numeric_columns(table, {date_col, *dates})
        if numeric:
            texts = _text_columns(table, {date_col, *numeric})
            segment = fields.get("segment", [None])[0]
            if segment is None and texts:
                segment = texts[0]
            return DOWN, {"date": date_col, "values": numeric, "segment": segment, "segment_options": texts}
    return None, {}


def detect(table: RawTable) -> float:
    """How sure we are that this table holds metric values."""
    shape, _ = shape_of(table)
    return {LONG: 0.9, ACROSS: 0.8, DOWN: 0.7}.get(shape, 0.0)


# ---------------------------------------------------------------------------------------------
# parsing rows


def _unit_from_header(name: str) -> str | None:
    text = name.strip()
    if "%" in text or normalise(text).endswith("percent") or normalise(text).endswith("prozent"):
        return "%"
    for sym in ("€", "$", "£"):
        if sym in text:
            return sym
    return None


_MONEY_WORDS = ("revenue", "umsatz", "mrr", "arr", "price", "preis", "cost", "kosten", "amount", "betrag",
                "arpu", "arpa", "ltv", "spend", "ausgaben", "eur", "usd")
_RATE_WORDS = ("rate", "ratio", "share", "quote", "anteil", "conversion", "percent", "prozent", "churn", "retention",
               "ctr")


def propose_unit(name: str, values: list[float]) -> str | None:
    """A unit for a metric whose file names none, from its header and values: `%` or `€` in the header,
    money words (revenue, MRR, Umsatz) -> `€`, rates and shares (rate, ratio, share, conversion, Quote,
    Anteil) with every value between 0 and 1 -> `ratio` (stored as the fractions, shown as percent),
    between 0 and 100 -> `%`; None (a count) otherwise. Fractions under any other header (seconds,
    a score) keep no unit: only the header says that 0.42 means 42 %."""
    unit = _unit_from_header(name)
    if unit:
        return unit
    finite = [v for v in values if v == v]
    if not finite:
        return None
    words = normalise(name)
    low, high = min(finite), max(finite)
    if any(w in words for w in _MONEY_WORDS):
        return "€"
    rate_like = any(w in words for w in _RATE_WORDS)
    if rate_like and 0 <= low and high <= 1:
        return "ratio"
    if rate_like and 0 <= low and high <= 100:
        return "%"
    return None


_UNIT_SUFFIX = re.compile(r"\s*(\(%\)|\[%\]|in %|%|\(€\)|\(\$\)|in €)\s*$", re.I)


def _metric_name(header: str, unit: str | None) -> str:
    """`Activation rate %` -> `Activation rate` when the header carries the unit."""
    if not unit:
        return header
    cleaned = _UNIT_SUFFIX.sub("", header).strip()
    return cleaned or header


class _Collector:
    """Rows plus problems, with duplicate detection by metric + date + segment."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.rows: list[tuple[str, date, str, float, str | None]] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, date, str], tuple[float, int]] = {}
        self.skipped_totals = 0
        self.read = 0

    def add(self, name: str, day: date, segment: str, value: float, unit: str | None, row: int, column: str) -> None:
        key = (name.casefold(), day, segment)
        previous = self.seen.get(key)
        if previous is not None:
            if previous[0] != value:
                self.problems.append(Problem(
                    self.sheet, row, column, "duplicate", found=f"{value:g}",
                    expected="", values={"other_row": previous[1], "other": f"{previous[0]:g}",
                                         "metric": name, "date": day.isoformat()}))
            return
        self.seen[key] = (value, row)
        self.rows.append((name, day, segment, value, unit))

    def number(self, cell: Any, notation: str, row: int, column: str,
               percent: bool = False) -> tuple[float | None, str | None]:
        if is_empty(cell):
            return None, None
        if percent and isinstance(cell, int | float) and not isinstance(cell, bool):
            # Excel keeps 15 % as 0.15; our convention stores percent numbers (15.0) in a % metric.
            return (round(cell * 100, 10), "%") if is_finite(float(cell)) else (None, None)
        if isinstance(cell, str) and cell.strip().startswith("#") and cell.strip().endswith(("!", "A", "?")):
            self.problems.append(Problem(self.sheet, row, column, "excel_error", found=cell.strip()))
            return None, None
        value, unit = parse_number(cell, notation)
        if value is None:
            self.problems.append(Problem(self.sheet, row, column, "not_a_number", found=str(cell).strip()[:60],
                                         expected=EXPECTED_NUMBER.get(notation, "1,234.5")))
            return None, None
        if not is_finite(value):
            self.problems.append(Problem(self.sheet, row, column, "not_finite", found=str(cell).strip()[:60]))
            return None, None
        return value, unit

    def day(self, cell: Any, order: str, row: int, column: str, start: date | None = None,
            nth: bool = False) -> date | None:
        if nth:
            try:
                return start + timedelta(days=int(str(cell).strip()))
            except (TypeError, ValueError):
                self.problems.append(Problem(self.sheet, row, column, "invalid_date", found=str(cell)[:60],
                                             expected="0000, 0001, …"))
                return None
        if is_empty(cell):
            self.problems.append(Problem(self.sheet, row, column, "required", expected=EXPECTED_DATE))
            return None
        value = parse_date(cell, order)
        if value is None and isinstance(cell, str) and cell.strip().isdigit() and len(cell.strip()) == 5:
            value = parse_date(int(cell.strip()))  # an Excel serial number saved as text, in a date column
        if value is None:
            self.problems.append(Problem(self.sheet, row, column, "invalid_date", found=str(cell).strip()[:60],
                                         expected=EXPECTED_DATE))
        return value


def _formula_problems(table: RawTable, used: set[int]) -> list[Problem]:
    from dashboard.importers.reading import column_letter

    out = []
    for row, col in table.missing_formulas:
        if col in used and row > table.header_row:
            out.append(Problem(table.sheet, row, column_letter(col), "formula_without_value",
                               found=f"{column_letter(col)}{row}"))
    for row, col, error in table.error_cells:
        if col in used and row > table.header_row:
            out.append(Problem(table.sheet, row, table.column_name(col), "excel_error", found=error))
    return out


def _prepare_long(table: RawTable, cols: dict[str, Any], choice: dict[str, Any], out: _Collector) -> dict:
    d, m, v = cols["date"], cols["metric"], cols["value"]
    s, u = cols.get("segment"), cols.get("unit")
    order, decided = date_order(_sample(table, d, 5000))
    order = choice.get("date_order", order)
    notation = number_notation(table.column(v), table.number_hint)
    dname, vname = table.column_name(d), table.column_name(v)
    seen, rows_out = out.seen, out.rows
    pct = table.percent_cells
    folded: dict[str, str] = {}
    for row, cells in table.rows:
        day, name, value = cells[d], cells[m], cells[v]
        segment = cells[s] if s is not None else ""
        # Fast path for typed workbook cells (the common large case): a real date, a metric name,
        # a float value and no unit column; everything else goes through the careful parsers below.
        if (day.__class__ is date and name.__class__ is str and value.__class__ is float and u is None
                and segment.__class__ is str and name and not is_total_label(name) and value - value == 0
                and not (pct and (row, v) in pct)):
            name = name.strip()
            segment = segment.strip()
            key_name = folded.get(name)
            if key_name is None:
                key_name = folded[name] = name.casefold()
            key = (key_name, day, segment)
            previous = seen.get(key)
            out.read += 1
            if previous is None:
                seen[key] = (value, row)
                rows_out.append((name, day, segment, value, None))
            elif previous[0] != value:
                out.add(name, day, segment, value, None, row, vname)
            continue
        if is_totals_row(cells, [d, m]):
            out.skipped_totals += 1
            continue
        out.read += 1
        value, unit = out.number(cells[v], notation, row, vname, bool(pct) and (row, v) in pct)
        day = out.day(cells[d], order, row, dname)
        name = str(cells[m]).strip() if not is_empty(cells[m]) else ""
        if not name:
            out.problems.append(Problem(out.sheet, row, table.column_name(m), "missing_metric"))
            continue
        if value is None or day is None:
            continue
        if u is not None and not is_empty(cells[u]):
            unit = str(cells[u]).strip()
        segment = str(cells[s]).strip() if s is not None and not is_empty(cells[s]) else ""
        out.add(name, day, segment, value, unit, row, vname)
    return {"date_order": order, "decided": decided}


_SPAN_ONLY = re.compile(r"^\d+\s*(days?|tage?n?)$", re.IGNORECASE)


def _prepare_down(table: RawTable, cols: dict[str, Any], choice: dict[str, Any], out: _Collector) -> dict:
    d, s = cols["date"], cols.get("segment")
    values = cols["values"]
    nth = normalise(table.header[d]) in NTH_DAY
    start = table.notes.get("start_date")
    order, decided = date_order(_sample(table, d, 5000))
    order = choice.get("date_order", order)
    notations = {i: number_notation(table.column(i), table.number_hint) for i in values}
    header_units = {i: _unit_from_header(table.header[i]) for i in values}
    names = {i: _metric_name(table.column_name(i), header_units[i]) for i in values}
    if nth:
        # GA4's active-users card names its series only by their span (`30 days`, `7 days`, `1 day`).
        names = {i: f"Active users ({n})" if _SPAN_ONLY.match(n) else n for i, n in names.items()}
    keys = [d] + ([s] if s is not None else [])
    dname = table.column_name(d)
    folded = {i: names[i].casefold() for i in values}
    seen, rows_out = out.seen, out.rows
    pct = table.percent_cells
    for row, cells in table.rows:
        if is_totals_row(cells, keys):
            out.skipped_totals += 1
            continue
        out.read += 1
        day = out.day(cells[d], order, row, dname, start, nth)
        segment = str(cells[s]).strip() if s is not None and not is_empty(cells[s]) else ""
        for i in values:
            cell = cells[i]
            if cell.__class__ is float and day is not None and cell - cell == 0 and not (pct and (row, i) in pct):
                # Typed numeric cell: no text to parse (the common large case).
                key = (folded[i], day, segment)
                previous = seen.get(key)
                if previous is None:
                    seen[key] = (cell, row)
                    rows_out.append((names[i], day, segment, cell, header_units[i]))
                    continue
            value, unit = out.number(cell, notations[i], row, names[i], bool(pct) and (row, i) in pct)
            if value is None or day is None:
                continue
            out.add(names[i], day, segment, value, unit or header_units[i], row, names[i])
    return {"date_order": order, "decided": decided or nth}


def _prepare_across(table: RawTable, cols: dict[str, Any], choice: dict[str, Any], out: _Collector) -> dict:
    m, u = cols["metric"], cols.get("unit")
    date_cols = cols["dates"]
    header_texts = [c for i, c in enumerate(table.header_cells) if i in date_cols and isinstance(c, str)]
    order, decided = date_order(header_texts)
    order = choice.get("date_order", order)
    days = {i: parse_date(table.header_cells[i], order) for i in date_cols}
    cells_all = [c for _, cells in table.rows for i, c in enumerate(cells) if i in days]
    notation = number_notation(cells_all[:5000], table.number_hint)
    for row, cells in table.rows:
        if is_totals_row(cells, [m]):
            out.skipped_totals += 1
            continue
        out.read += 1
        name = str(cells[m]).strip()
        unit_hint = _unit_from_header(name)
        name = _metric_name(name, unit_hint)
        unit_cell = str(cells[u]).strip() if u is not None and not is_empty(cells[u]) else unit_hint
        for i, day in days.items():
            value, unit = out.number(cells[i] if i < len(cells) else None, notation, row, table.column_name(i),
                                     (row, i) in table.percent_cells)
            if value is None or day is None:
                continue
            out.add(name, day, "", value, unit_cell or unit, row, table.column_name(i))
    return {"date_order": order, "decided": decided}


def _apply_choice(shape: str | None, cols: dict[str, Any], choice: dict[str, Any], table: RawTable):
    """A user's remembered or current choices override what recognition found."""
    shape = choice.get("shape", shape)
    cols = dict(cols)
    for key in ("date", "metric", "value", "segment", "unit"):
        if key in choice:
            cols[key] = choice[key]
    if "values" in choice:
        cols["values"] = list(choice["values"])
    if shape is None and isinstance(choice.get("date"), int):
        shape = DOWN  # the user named the date column of a table recognition did not understand
    if shape == DOWN and cols.get("date") is not None and "values" not in choice and (
        "date" in choice or "segment" in choice or "values" not in cols
    ):
        if "segment" not in choice and cols.get("segment") is None:
            texts = _text_columns(table, {cols["date"], *_numeric_columns(table, {cols["date"]})})
            cols["segment"] = texts[0] if texts else None
            cols["segment_options"] = texts
        exclude = {cols["date"]} | ({cols["segment"]} if cols.get("segment") is not None else set())
        cols["values"] = _numeric_columns(table, exclude)
    return shape, cols


def _has_time_axis(shape: str, cols: dict[str, Any], width: int) -> bool:
    """The chosen columns exist and the shape has what it needs (a date and values)."""
    valid = shape in (LONG, DOWN, ACROSS) and all(
        isinstance(c, int) and 0 <= c < width or c is None
        for key, c in cols.items() if key in ("date", "metric", "value", "segment", "unit")
    )
    if not valid or (shape == DOWN and not cols.get("values")):
        return False
    return not (shape == LONG and any(cols.get(k) is None for k in ("date", "metric", "value")))


def _too_many_new(table: RawTable, shape: str, cols: dict[str, Any], ctx: PrepareContext) -> Problem | None:
    """The new-metrics limit, checked on the names before any row is parsed."""
    if shape == DOWN:
        names = [_metric_name(table.column_name(i), _unit_from_header(table.header[i])) for i in cols["values"]]
    else:
        names = list(dict.fromkeys(str(c).strip() for c in table.column(cols["metric"]) if not is_empty(c)))
    existing = existing_metric_names(ctx.session) | {
        n.casefold() for n in (ctx.session.info.get("metrics.import.names", {}) if ctx.session is not None else {})}
    return new_metrics_problem(names, existing, table.sheet)


def _parse_shape(table: RawTable, shape: str, cols: dict[str, Any], found_cols: dict[str, Any], ctx: PrepareContext,
                 prepared: Prepared, out: _Collector) -> tuple[dict[str, Any], set[int]]:
    """Parse the rows in the table's shape; names the columns used and what the user may still choose."""
    if shape == LONG:
        info = _prepare_long(table, cols, ctx.choice, out)
        prepared.columns = {"date": table.column_name(cols["date"]), "metric": table.column_name(cols["metric"]),
                            "value": table.column_name(cols["value"])}
        if cols.get("segment") is not None:
            prepared.columns["segment"] = table.column_name(cols["segment"])
        value_options = found_cols.get("value_options", [])
        prepared.options["value"] = value_options
        if len(value_options) > 1 and "value" not in ctx.choice:
            prepared.unsure.append("value")  # e.g. `Value` and `Actual`: which one holds the numbers?
        return info, {cols["date"], cols["metric"], cols["value"]}
    if shape == DOWN:
        info = _prepare_down(table, cols, ctx.choice, out)
        prepared.columns = {"date": table.column_name(cols["date"]),
                            "value": ", ".join(table.column_name(i) for i in cols["values"])}
        if cols.get("segment") is not None:
            prepared.columns["segment"] = table.column_name(cols["segment"])
        options = found_cols.get("segment_options", [])
        prepared.options["segment"] = [None, *options]
        if len(options) > 1 and "segment" not in ctx.choice:
            prepared.unsure.append("segment")
        return info, {cols["date"], *cols["values"]}
    info = _prepare_across(table, cols, ctx.choice, out)
    prepared.columns = {"metric": table.column_name(cols["metric"]),
                        "date": f"{table.column_name(cols['dates'][0])} … {table.column_name(cols['dates'][-1])}"}
    return info, set(cols["dates"]) | {cols["metric"]}


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse and validate every row of a metric table (nothing is written)."""
    found_shape, found_cols = shape_of(table)
    shape, cols = _apply_choice(found_shape, found_cols, ctx.choice, table)
    prepared = Prepared(kind=KIND, sheet=table.sheet)
    if not _has_time_axis(shape, cols, table.width):
        prepared.skipped = True
        prepared.notes.append({"code": "no_time_axis", "columns": ", ".join(h for h in table.header[:6] if h)})
        return prepared
    too_many = _too_many_new(table, shape, cols, ctx)
    if too_many is not None:
        prepared.problems.append(too_many)
        return prepared
    out = _Collector(table.sheet)
    info, used = _parse_shape(table, shape, cols, found_cols, ctx, prepared, out)
    prepared.problems = _formula_problems(table, used) + out.problems
    if not info["decided"] and "date_order" not in ctx.choice:
        prepared.unsure.append("date_order")
    prepared.options["date_order"] = ["DMY", "MDY"]
    prepared.options["shape"] = [LONG, DOWN, ACROSS]
    prepared.options["columns"] = [table.column_name(i) for i in range(table.width)]
    prepared.choice = {"shape": shape, "date_order": info["date_order"],
                       **{k: v for k, v in cols.items() if k in ("date", "metric", "value", "segment", "unit", "values")}}
    prepared.rows = out.rows
    prepared.rows_read = out.read
    if out.skipped_totals:
        prepared.notes.append({"code": "skipped_totals", "count": out.skipped_totals})
    if not out.rows and not prepared.problems:
        prepared.skipped = True
        prepared.notes.append({"code": "empty_table"})
    prepared.summary = summarise(out.rows)
    prepared.preview = [
        {"date": r[1], "metric": r[0], "segment": r[2], "value": r[3], "unit": r[4] or ""}
        for r in out.rows[:PREVIEW_ROWS]
    ]
    return prepared


def summarise(rows: list[tuple[str, date, str, float, str | None]]) -> list[dict[str, Any]]:
    """Per metric: name, unit, points, first and last date, segments."""
    per: dict[str, dict[str, Any]] = {}
    values: dict[str, list[float]] = {}
    for name, day, segment, value, unit in rows:
        entry = per.get(name.casefold())
        if entry is None:
            entry = per[name.casefold()] = {"metric": name, "unit": unit or "", "points": 0, "first": day,
                                            "last": day, "segments": set()}
            values[name.casefold()] = []
        values[name.casefold()].append(value)
        entry["points"] += 1
        entry["first"] = min(entry["first"], day)
        entry["last"] = max(entry["last"], day)
        if segment:
            entry["segments"].add(segment)
        if unit and not entry["unit"]:
            entry["unit"] = unit
    for key, entry in per.items():
        if not entry["unit"]:
            entry["unit"] = propose_unit(entry["metric"], values[key]) or ""
    return [{**e, "segments": len(e["segments"])} for e in per.values()]


# ---------------------------------------------------------------------------------------------
# writing


def metric_ids(rec: Recorder, wanted: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Ids for metric names (casefolded keys), creating the unknown ones; returns casefold -> id."""
    conn = rec.conn
    table = Metric.__table__
    existing = {name.casefold(): mid for mid, name in conn.execute(select(table.c.id, table.c.name))}
    missing = [(key, display, unit) for key, (display, unit) in wanted.items() if key not in existing]
    if missing:
        rows = [new_row(Metric, {"name": display[:200], **({"unit": unit[:40]} if unit else {}), **rec.audit()})
                for _key, display, unit in missing]
        ids = rec.insert_logged("metric", rows)
        existing.update({key: mid for (key, _d, _u), mid in zip(missing, ids, strict=True)})
    return {key: existing[key] for key in wanted}


def write_values(rec: Recorder, rows: list[tuple[str, date, str, float, str | None]]) -> dict[str, int]:
    """Upsert metric values by metric + date + segment; log what changed for undo."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    if not rows:
        return counts
    wanted: dict[str, tuple[str, str]] = {}
    units: dict[tuple[str, str | None], None] = {}
    samples: dict[str, list[float]] = {}
    for name, _day, _segment, value, unit in rows:
        units[(name, unit)] = None
        sample = samples.setdefault(name.casefold(), [])
        if len(sample) < 5000:
            sample.append(value)
    for name, unit in units:
        key = name.casefold()
        if key not in wanted or (unit and not wanted[key][1]):
            wanted[key] = (name, unit or "")
    for key, (name, unit) in list(wanted.items()):
        if not unit:
            wanted[key] = (name, propose_unit(name, samples[key]) or "")
    ids = metric_ids(rec, wanted)
    mid_of = {name: ids[name.casefold()] for name, _unit in units}
    mv = MetricValue.__table__
    conn = rec.conn
    first = min(r[1] for r in rows)
    last = max(r[1] for r in rows)
    existing: dict[tuple[int, date, str], tuple[int, float, int | None]] = {}
    for mid in sorted(set(mid_of.values())):
        # Only metrics that already have values need a look at what is stored (a new metric has none).
        if conn.execute(select(mv.c.id).where(mv.c.metric_id == mid).limit(1)).first() is None:
            continue
        for vid, day, segment, value, import_id in conn.execute(
            select(mv.c.id, mv.c.date, mv.c.segment, mv.c.value, mv.c.import_id)
            .where(mv.c.metric_id == mid, mv.c.date >= first, mv.c.date <= last)
        ):
            existing[(mid, day, segment)] = (vid, value, import_id)
    audit = rec.audit()
    now, user = audit["created_at"], audit["created_by"]
    db_now = rec.db_now()
    as_text = rec.dialect == "sqlite"
    inserts: list[tuple] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for name, day, segment, value, _unit in rows:
        mid = mid_of[name]
        old = existing.get((mid, day, segment)) if existing else None
        if old is None:
            inserts.append((mid, day.isoformat() if as_text else day, segment, value, rec.import_id, db_now, user,
                            db_now, user))
        elif abs(old[1] - value) <= 1e-9 * max(1.0, abs(value)):
            counts["unchanged"] += 1
        else:
            updates.append({"b_id": old[0], "b_value": value})
            changes.append({"import_id": rec.import_id, "metric_id": mid, "date": day, "segment": segment,
                            "old_value": old[1], "old_import_id": old[2]})
    columns = ["metric_id", "date", "segment", "value", "import_id", "created_at", "created_by", "updated_at",
               "updated_by"]
    total = max(1, len(inserts) + len(updates))
    for start in range(0, len(inserts), CHUNK):
        counts["inserted"] += rec.bulk_insert("metric_value", columns, inserts[start:start + CHUNK], ready=True)
        rec.progress(counts["inserted"] / total)
    if updates:
        conn.execute(
            update(mv).where(mv.c.id == bindparam("b_id"))
            .values(value=bindparam("b_value"), import_id=rec.import_id, updated_at=now, updated_by=user),
            updates,
        )
        conn.execute(MetricValueChange.__table__.insert(), changes)
        counts["updated"] = len(updates)
    rec.progress(1.0)
    return counts


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Store a prepared metric table."""
    return write_values(rec, prepared.rows)


TEMPLATE_LONG = Template(
    name="metrics",
    file="metric-values-long",
    header=["date", "metric", "value", "segment", "unit"],
    rows=[
        [date(2026, 10, 5), "Weekly active teams", 1240, "", "count"],
        [date(2026, 10, 5), "Activation rate", 41.5, "self-serve", "%"],
        [date(2026, 10, 12), "Weekly active teams", 1288, "", "count"],
    ],
    columns={
        "date": (True, "Date, Datum, Tag, Day, Week, Woche, Month, Monat"),
        "metric": (True, "Metric, Kennzahl, Metrik, KPI, Name"),
        "value": (True, "Value, Wert (1,234.5 or 1.234,5; 15 % is stored as 15)"),
        "segment": (False, "Segment, Dimension, Gruppe"),
        "unit": (False, "Unit, Einheit (count, %, €, s ...)"),
    },
)
TEMPLATE_WIDE = Template(
    name="metrics-wide",
    file="metric-values-wide",
    header=["date", "Weekly active teams", "Activation rate %", "Trial-to-paid %"],
    rows=[
        [date(2026, 10, 5), 1240, 41.5, 8.1],
        [date(2026, 10, 12), 1288, 42.0, 8.4],
    ],
    columns={
        "date": (True, "first column: a date (Datum, Week, Monat ...)"),
        "(every other column)": (True, "one metric each; the header is the metric's name"),
    },
)


def announce(prepared: Prepared, stash: dict) -> None:
    """Metric names (with units) this sheet creates, for key results and hypotheses in the same workbook."""
    names = stash.setdefault("metrics.import.names", {})
    for entry in prepared.summary:
        names.setdefault(entry["metric"], entry.get("unit", ""))


register(Kind(name=KIND, order=20, detect=detect, prepare=prepare, write=write,
              announce=announce, aliases=ALIASES, templates=(TEMPLATE_LONG, TEMPLATE_WIDE),
              label_key="data.kindlabel.metrics", offered=True))
