"""OKR workbook: an `Objectives` and a `Key results` sheet in the format the importer reads back.

Headers are the documented column names (`interfaces.md`), so that exporting, editing in Excel and
importing again updates the same objectives (by title and quarter) and key results (by objective
and title). The key-results sheet also carries the computed figures (current, progress, score,
confidence) for readers; the importer ignores those columns.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from dashboard.exports.cells import FORMULA_STARTS
from dashboard.repository import okrs as okr_repo
from dashboard.services.okrs import evaluate_objectives

OBJECTIVE_HEADER = ["objective", "period", "team", "owner", "description", "parent", "status", "closing note"]
KEY_RESULT_HEADER = [
    "objective", "period", "key result", "metric", "baseline", "target", "stretch", "unit",
    "current", "progress", "score", "confidence",
]
NORTH_STAR = "North Star"


def _put(cell: Cell, value: Any) -> None:
    """Write a value; text that a spreadsheet would run as a formula stays text (CSV/formula injection)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel's own mark for "this is text", kept when the cell is edited


def okr_rows(objectives: list[dict], titles: dict[int, str] | None = None) -> tuple[list[list[Any]], list[list[Any]]]:
    """The rows of both sheets from evaluated objectives (see `evaluate_objectives`).

    `titles` names parent objectives outside the list (another quarter), so that alignment survives.
    """
    titles = titles or {o["id"]: o["title"] for o in objectives}
    objective_rows, kr_rows = [], []
    for obj in objectives:
        parents = [titles[p] for p in obj["parent_ids"] if p in titles]
        if obj["aligned_to_north_star"]:
            parents.insert(0, NORTH_STAR)
        objective_rows.append([
            obj["title"], obj["period"], obj["team"] or "", obj["owner"], obj["description"], "; ".join(parents),
            obj["status"], obj["closing_note"],
        ])
        for kr in obj["key_results"]:
            kr_rows.append([
                obj["title"], obj["period"], kr["title"], kr["metric"] or "", kr["baseline"], kr["target"],
                kr["stretch"], kr["unit"], kr["current"], kr["progress"], kr["score"], kr["confidence"],
            ])
    return objective_rows, kr_rows


def okr_workbook(*, session: Session, today: date, period: str | None = None) -> bytes:
    """The objectives (of one quarter, or all) with their key results as an .xlsx workbook."""
    objectives = evaluate_objectives(session=session, period=period, today=today)
    every = okr_repo.objectives_frame(session=session)
    objective_rows, kr_rows = okr_rows(objectives, dict(zip(every["id"].tolist(), every["title"].tolist(), strict=True)))
    book = Workbook()
    _sheet(book.active, "Objectives", OBJECTIVE_HEADER, objective_rows, widths=[48, 10, 16, 18, 40, 48, 10, 40])
    _sheet(book.create_sheet(), "Key results", KEY_RESULT_HEADER, kr_rows,
           widths=[40, 10, 44, 24, 12, 12, 12, 8, 12, 10, 8, 11], percent_columns=(10,), decimals_columns=(11,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(ws, title: str, header: list[str], rows: list[list[Any]], *, widths: list[int],
           percent_columns: tuple[int, ...] = (), decimals_columns: tuple[int, ...] = ()) -> None:
    ws.title = title
    for col, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="2563EB")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            _put(cell, value)
            if c in percent_columns and isinstance(value, float):
                cell.number_format = "0%"
            elif c in decimals_columns and isinstance(value, float):
                cell.number_format = "0.00"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
