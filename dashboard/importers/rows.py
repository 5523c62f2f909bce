"""What the kinds share while reading rows and writing records, written once.

Reading (`prepare`):
- `start(table, kind, required=..., readable=..., code=...) -> Sheet`: the columns the header names, the
  `Prepared` the sheet fills, and the problem `code` naming the required columns it lacks.
- `Sheet.rows(anchor)` (rows with data, totals rows skipped, counted), `Sheet.titled_rows(anchor, readable)`
  (the same with a required title used once), `Sheet.objective_row(...)` (objective, key result and
  quarter of key-result and check-in rows), `Sheet.numbers(...)`, `Sheet.choice(...)` (a status named
  in English or German), `Sheet.problem(row, field, code, ...)` (a problem at a row and the column of a
  field), `Sheet.rule_problem(...)` (a broken rule of `dashboard.rules` at its row and column).
- `split_keys(text)`: keys or names listed in one cell.

Writing (`write`):
- `Upserts(rec, table, model)`: `add` new rows (the model's defaults for what the sheet does not give),
  `change` stored ones where they `differ`, `insert()` at the end; counted as the import reports them.
- `refuse(prepared, record, code, table)`: refuse the whole import from inside its transaction.
- `team_of(team_ids, name)`, `differs(old, new)`, `new_row(model, values)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from dashboard.errors import DomainError
from dashboard.i18n import t
from dashboard.importers.headers import is_total_label, match_columns, normalise
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Prepared
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text
from dashboard.models import PERIOD_RE
from dashboard.parsing import is_empty, parse_number

KEY_SPLIT = re.compile(r"\s*[,;\n]\s*")
PERIOD_EXAMPLE = "2026-Q4"


def split_keys(text: str) -> list[str]:
    """Keys or names in one cell, separated by commas, semicolons or line breaks (empty parts dropped)."""
    return [part for part in KEY_SPLIT.split(text or "") if part]


@dataclass
class Sheet:
    """One table being prepared by a kind: its columns by field and the `Prepared` it fills."""

    table: RawTable
    cols: dict[str, int]
    prepared: Prepared
    found_limit: int = 60

    def column(self, field: str) -> str:
        return self.table.column_name(self.cols[field])

    def problem(self, row: int, field: str, code: str, found: str = "", expected: str = "", **values: Any) -> None:
        """A problem at `row`, in the column of `field`."""
        self.prepared.problems.append(Problem(self.table.sheet, row, self.column(field), code,
                                              found=found[:self.found_limit], expected=expected, values=values))

    def rule_problem(self, row: int, cells: list[Any], error: DomainError, codes: Mapping[str, str]) -> None:
        """A broken rule of the domain as a problem at its row and field, showing the cell found there.

        `codes` maps the rule's message key to the import's own message (which names the value found);
        any other rule is shown in its own words."""
        found = self.text(cells, error.field)
        code = codes.get(error.key)
        if code:
            self.problem(row, error.field, code, found=found, **error.values)
        else:
            self.problem(row, error.field, "rule", found=found, rule=error.key, **error.values)

    def text(self, cells: list[Any], field: str) -> str:
        """The trimmed text of a field's cell; empty when the sheet has no such column."""
        return cell_text(cells[self.cols[field]]) if field in self.cols else ""

    def filled(self, cells: list[Any], field: str) -> bool:
        return field in self.cols and not is_empty(cells[self.cols[field]])

    def rows(self, anchor: str, then: str | None = None) -> Iterator[tuple[int, list[Any]]]:
        """Rows with data, counted in `rows_read`. A totals row is skipped: `Total` in the `anchor`
        column with the `then` column empty (or, without `then`, every other cell empty)."""
        index = self.cols[anchor]
        for row, cells in self.table.rows:
            if all(is_empty(c) for c in cells):
                continue
            if is_total_label(cells[index]) and (
                is_empty(cells[self.cols[then]]) if then else all(is_empty(c) for i, c in enumerate(cells)
                                                                  if i != index)):
                continue
            self.prepared.rows_read += 1
            yield row, cells

    def titled_rows(self, anchor: str, readable: str) -> Iterator[tuple[int, list[Any], str]]:
        """Rows with data and their title in the `anchor` column; a missing title and a title used
        twice in the sheet (ignoring case) are problems, and such rows are left out."""
        seen: dict[str, int] = {}
        for row, cells in self.rows(anchor):
            title = self.text(cells, anchor)
            if not title:
                self.problem(row, anchor, "required", expected=readable)
                continue
            if title.casefold() in seen:
                self.problem(row, anchor, "duplicate_name", found=title, other_row=seen[title.casefold()])
                continue
            seen[title.casefold()] = row
            yield row, cells, title

    def choice(self, row: int, cells: list[Any], field: str, words: Mapping[str, str],
               allowed: Iterable[Any]) -> tuple[str | None, bool]:
        """A choice such as a status, named in English or German (`words`: normalised word -> value):
        (value or None when the cell is empty or the column missing, True), or (None, False) after an
        `invalid_choice` problem listing the `allowed` values."""
        if not self.filled(cells, field):
            return None, True
        value = words.get(normalise(cells[self.cols[field]]))
        if value is None:
            self.problem(row, field, "invalid_choice", found=self.text(cells, field),
                         expected=", ".join(plain(a) for a in allowed))
            return None, False
        return value, True

    def numbers(self, row: int, cells: list[Any], fields: Iterable[str], notations: Mapping[str, str],
                required: Iterable[str] = (), expected: str = "") -> dict[str, float | None] | None:
        """The number cells of a row (None where empty); None with problems when one is missing or no number."""
        numbers: dict[str, float | None] = {}
        bad = False
        for field in fields:
            if not self.filled(cells, field):
                numbers[field] = None
                if field in required:
                    self.problem(row, field, "required", expected=expected)
                    bad = True
                continue
            value, _unit = parse_number(cells[self.cols[field]], notations[field])
            if value is None or not math.isfinite(value):
                self.problem(row, field, "not_a_number", found=self.text(cells, field), expected=expected)
                bad = True
            numbers[field] = value
        return None if bad else numbers

    def objective_row(self, row: int, cells: list[Any],
                      known: Iterable[tuple[str, str]]) -> tuple[str, str, str] | None:
        """(objective, key-result title, quarter) a row names, the objective looked up among `known`
        (title casefolded, quarter); None after a problem: a missing title, a bad quarter, an
        objective that does not exist or exists in several quarters when the row names none."""
        objective = self.text(cells, "objective")
        title = self.text(cells, "key_result")
        period = self.text(cells, "period").upper().replace(" ", "")
        if not objective:
            self.problem(row, "objective", "required", expected=READABLE_OKR["objective"])
            return None
        if not title:
            self.problem(row, "key_result", "required", expected=READABLE_OKR["key_result"])
            return None
        if period and not PERIOD_RE.match(period):
            self.problem(row, "period", "okr_invalid_period", found=period, expected=PERIOD_EXAMPLE)
            return None
        periods = sorted({p for (o, p) in known if o == objective.casefold() and (not period or p == period)})
        if not periods:
            self.problem(row, "objective", "okr_unknown_objective",
                         found=objective + (f" ({period})" if period else ""))
            return None
        if len(periods) > 1:
            self.problem(row, "objective", "okr_ambiguous_objective", found=objective, expected=", ".join(periods))
            return None
        return objective, title, periods[0]


READABLE_OKR = {
    "objective": "Objective, Ziel",
    "key_result": "Key result, KR, Schlüsselergebnis",
}


def start(table: RawTable, kind: str, *, required: Iterable[str], readable: Mapping[str, str],
          code: str, role_prefix: str = "", found_limit: int = 60) -> Sheet:
    """A sheet's columns by field (first column of repeated headers), its `Prepared`, and a problem
    `code` naming the required columns the header lacks."""
    cols = {field: indexes[0] for field, indexes in match_columns(table.header, kind).items()}
    prepared = Prepared(kind=kind, sheet=table.sheet,
                        columns={f"{role_prefix}{f}": table.column_name(i) for f, i in cols.items()})
    missing = [f for f in required if f not in cols]
    if missing:
        prepared.problems.append(Problem(table.sheet, table.header_row, "", code,
                                         found=", ".join(h for h in table.header[:8] if h),
                                         expected="; ".join(readable[f] for f in missing)))
    return Sheet(table, cols, prepared, found_limit)


# ---------------------------------------------------------------------------------------------
# writing


def refuse(prepared: Prepared, record: Mapping[str, Any], code: str, table: str, **values: Any) -> NoReturn:
    """Refuse the whole import while writing (something a row was prepared against is not there after
    all, e.g. a sheet of the workbook was left out): `run_import` rolls back and shows this problem."""
    where = f"{t('import.where.sheet', sheet=prepared.sheet)}, {t('import.where.row', row=record['row'])}"
    raise IntegrityError(table, {}, LookupError(where + ": " + t(f"import.problem.{code}", **values)))


def team_of(team_ids: Mapping[str, int], name: str | None) -> int | None:
    """The id of a team named in a row (`Recorder.team_ids` creates the missing ones first); None for no team."""
    return team_ids.get(name.casefold()) if name else None


class Upserts:
    """The rows of one table an import adds or changes, counted as the import reports them: changed rows
    are updated at once (old values logged for undo), new rows inserted together by `insert()`."""

    def __init__(self, rec: Recorder, table: str, model: type[SQLModel]) -> None:
        self.rec, self.table, self.model = rec, table, model
        self.counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        self.new: list[dict[str, Any]] = []
        self.links: list[Callable[[int], int] | None] = []

    def add(self, values: Mapping[str, Any], *, link: Callable[[int], int] | None = None) -> None:
        """A new row: `values`, this import's who and when, the model's defaults for the rest; `link(id)`
        runs once it is inserted (to add the links a sheet names)."""
        audit = {k: v for k, v in self.rec.audit().items() if k in self.model.model_fields}
        self.new.append(new_row(self.model, {**values, **audit}))
        self.links.append(link)

    def change(self, old: dict[str, Any], values: Mapping[str, Any], *, link: Callable[[int], int] | None = None,
               **update: Any) -> None:
        """Write the `values` that differ over the stored row `old`; `link(id)` may change more (links) and
        returns how many things it changed. The row counts as updated when anything changed."""
        changed = {f: v for f, v in values.items() if differs(old[f], v)}
        if changed:
            self.rec.update_row(self.table, old, changed, **update)
        more = link(old["id"]) if link else 0
        self.counts["updated" if changed or more else "unchanged"] += 1

    def same(self) -> None:
        """A row that is stored as it is."""
        self.counts["unchanged"] += 1

    def insert(self) -> list[int]:
        """Insert the new rows (logged for undo); their ids, in the order they were added."""
        ids = self.rec.insert_logged(self.table, self.new) if self.new else []
        self.counts["inserted"] += len(ids)
        for row_id, link in zip(ids, self.links, strict=True):
            if link:
                link(row_id)
        return ids


def plain(value: Any) -> Any:
    """An enum member as its value; anything else as it is."""
    return getattr(value, "value", value)


def differs(old: Any, new: Any) -> bool:
    """True when an imported value changes a stored one: empty text, an empty list and None are the
    same, numbers are compared as numbers, enums by their value, a date with its ISO text."""
    old, new = plain(old), plain(new)
    if isinstance(old, str) and isinstance(new, date):
        return old != new.isoformat()
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) != bool(new)
    if isinstance(old, float) or isinstance(new, float):
        try:
            return abs(float(old) - float(new)) > 1e-12
        except (TypeError, ValueError):
            return True
    return (old or None) != (new or None)


def new_row(model: type[SQLModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """A row for `model`'s table: `values`, and the model's own defaults for every other column that has
    one (the id excepted), so that a bulk insert stores what a form would."""
    row = {name: plain(info.get_default(call_default_factory=True)) for name, info in model.model_fields.items()
           if name != "id" and name not in values and not info.is_required()}
    return {**row, **values}
