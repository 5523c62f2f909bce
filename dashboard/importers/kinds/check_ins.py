"""Check-ins: one row per check-in on a key result (date, value, confidence 0-10, comment).

Columns: `objective`, `key result` and `date` are required; `period` (to tell apart objectives with
the same title in several quarters), `value`, `confidence` and `comment` are optional, but a row needs
a value or a confidence. The key result must exist in the workspace or in a key-results sheet of the
same workbook (written before check-ins). Check-ins are history and are never overwritten: a row
equal to a stored check-in (same key result, date, value, confidence and comment) is unchanged,
anything else is added.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select

from dashboard.importers.headers import match_columns, normalise
from dashboard.importers.kinds.objectives import SESSION_KEY, resolve_objective
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import READABLE_OKR, Upserts, refuse, start
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text, date_order, number_notation
from dashboard.models import CheckIn, CheckInCreate, ImportKind, KeyResult, Objective
from dashboard.parsing import parse_date

KIND = ImportKind.check_ins
KEY_RESULTS_STASH = "okr.import.key_result_keys"  # (objective casefold, period, title casefold) of this workbook
READABLE = {
    **READABLE_OKR,
    "date": "Date, Datum (2026-11-24, 24.11.2026)",
}
NUMBER_EXAMPLES = "42, 1,234.5, 1.234,5"

ALIASES = {
    "objective": ["ziel", "objective title", "okr objective"],
    "key_result": ["key result", "kr", "schlüsselergebnis", "key result title", "kr title"],
    "period": ["quarter", "quartal", "zeitraum", "periode"],
    "date": ["datum", "day", "tag", "check-in date", "check in date", "checked on", "check-in"],
    "value": ["wert", "current", "current value", "aktueller wert", "ist", "istwert"],
    "confidence": ["zuversicht", "konfidenz", "confidence 0-10", "zuversicht 0-10", "vertrauen"],
    "comment": ["kommentar", "note", "notes", "notiz", "bemerkung", "anmerkung"],
}


def detect(table: RawTable) -> float:
    """A check-ins sheet: objective, key result and date columns, no baseline or target."""
    fields = match_columns(table.header, KIND)
    names = {normalise(h) for h in table.header}
    if names & {"baseline", "target", "ausgangswert", "zielwert"}:
        return 0.0
    if {"objective", "key_result", "date"} <= fields.keys() and ({"value", "confidence"} & fields.keys()):
        return 0.98
    return 0.0


def _key_results(ctx: PrepareContext) -> dict[tuple[str, str], set[str]]:
    """(objective casefold, period) -> key-result titles (casefold), stored or in this workbook."""
    index: dict[tuple[str, str], set[str]] = {}
    if ctx.session is None:
        return index
    rows = ctx.session.execute(select(Objective.title, Objective.period, KeyResult.title)
                               .join(KeyResult, KeyResult.objective_id == Objective.id)).all()
    for objective, period, title in rows:
        index.setdefault((objective.casefold(), period), set()).add(title.casefold())
    for objective, period, title in ctx.session.info.get(KEY_RESULTS_STASH) or ():
        index.setdefault((objective, period), set()).add(title)
    for key in ctx.session.info.get(SESSION_KEY) or ():  # objectives of this workbook (no key results yet)
        index.setdefault(key, set())
    return index


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse check-in rows; unknown key results, bad dates, numbers and confidences are problems."""
    sheet = start(table, KIND, required=("objective", "key_result", "date"), readable=READABLE,
                  code="okr_missing_columns", role_prefix="check_ins_")
    prepared, cols = sheet.prepared, sheet.cols
    if prepared.problems:
        return prepared
    index = _key_results(ctx)
    order = date_order(table.column(cols["date"]))[0]
    notations = {f: number_notation(table.column(cols[f]), table.number_hint)
                 for f in ("value", "confidence") if f in cols}
    problem = sheet.problem
    for row, cells in sheet.rows("objective", then="key_result"):
        named = sheet.objective_row(row, cells, index)
        if named is None:
            continue
        objective, title, period = named
        if title.casefold() not in index[(objective.casefold(), period)]:
            problem(row, "key_result", "check_ins_unknown_key_result", found=f"{title} ({objective}, {period})")
            continue
        day = parse_date(cells[cols["date"]], order) if sheet.filled(cells, "date") else None
        if day is None:
            problem(row, "date", "invalid_date", found=sheet.text(cells, "date"),
                    expected="2026-11-24, 24.11.2026, 11/24/2026")
            continue
        numbers = sheet.numbers(row, cells, ("value", "confidence"), notations, expected=NUMBER_EXAMPLES)
        if numbers is None:
            continue
        confidence = numbers["confidence"]
        if confidence is not None and (not float(confidence).is_integer() or not 0 <= confidence <= 10):
            problem(row, "confidence", "check_ins_bad_confidence", found=sheet.text(cells, "confidence"))
            continue
        if numbers["value"] is None and confidence is None:
            problem(row, "value" if "value" in cols else "confidence", "check_ins_empty")
            continue
        comment = cell_text(cells[cols["comment"]]) if "comment" in cols else ""
        record = {"row": row, "objective": objective, "period": period, "title": title, "date": day,
                  "value": numbers["value"], "confidence": None if confidence is None else int(confidence),
                  "comment": comment}
        try:
            CheckInCreate.model_validate({"key_result_id": 0, **{k: record[k] for k in
                                                                   ("date", "value", "confidence", "comment")}})
        except ValueError:
            problem(row, "comment" if "comment" in cols else "key_result", "okr_too_long", found=comment)
            continue
        prepared.rows.append(record)
    prepared.preview = [{k: r[k] for k in ("objective", "period", "title", "date", "value", "confidence", "comment")}
                        for r in prepared.rows[:20]]
    return prepared


def _same(record: dict[str, Any]) -> tuple:
    return (record["date"], record["value"], record["confidence"], record["comment"] or "")


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Add the check-ins not stored yet; equal ones count as unchanged."""
    rows = Upserts(rec, "check_in", CheckIn)
    o = Objective.__table__
    k = KeyResult.__table__
    c = CheckIn.__table__
    objectives = {(r.title.casefold(), r.period): r.id for r in rec.conn.execute(select(o.c.id, o.c.title, o.c.period))}
    key_results = {(r.objective_id, r.title.casefold()): r.id
                   for r in rec.conn.execute(select(k.c.id, k.c.objective_id, k.c.title))}
    stored: Counter = Counter()
    for r in rec.conn.execute(select(c.c.key_result_id, c.c.date, c.c.value, c.c.confidence, c.c.comment)):
        stored[(r.key_result_id, r.date, r.value, r.confidence, r.comment or "")] += 1
    for record in prepared.rows:
        objective_id = resolve_objective(record["objective"], record["period"], objectives)
        kr_id = key_results.get((objective_id, record["title"].casefold()))
        if kr_id is None:
            # Prepared against a key-results sheet of this workbook that was then left out: refuse it all.
            refuse(prepared, record, "check_ins_unknown_key_result", "check_in",
                   found=f"{record['title']} ({record['objective']}, {record['period']})")
        key = (kr_id, *_same(record))
        if stored[key] > 0:
            stored[key] -= 1
            rows.same()
            continue
        rows.add({"key_result_id": kr_id, **{f: record[f] for f in ("date", "value", "confidence", "comment")}})
    rows.insert()
    return rows.counts


TEMPLATE = Template(
    name="check-ins",
    file="check-ins",
    header=["objective", "period", "key result", "date", "value", "confidence", "comment"],
    rows=[
        ["New teams find value in their first week", "2026-Q4", "Raise activation rate from 38 % to 45 %",
         date(2026, 11, 20), "", 7, "On plan."],
    ],
    columns={
        "objective": (True, "Objective, Ziel"),
        "period": (False, "Period, Quarter, Quartal (2026-Q4); needed when the title is used in several quarters"),
        "key result": (True, "Key result, Schlüsselergebnis"),
        "date": (True, "Date, Datum"),
        "value": (False, "Value, Wert (for key results without a metric)"),
        "confidence": (False, "Confidence, Zuversicht (0-10); a row needs a value or a confidence"),
        "comment": (False, "Comment, Kommentar"),
    },
)


register(Kind(name=KIND, order=50, detect=detect, prepare=prepare, write=write,
              aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.check_ins"))
