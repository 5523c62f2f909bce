"""Objectives: one row per objective, upserted by title and quarter.

Columns: `objective` and `period` (quarter like 2026-Q4) are required; `team`, `owner`,
`description`, `parent` (titles of parent objectives separated by `;`, or `North Star`), `status`,
`closing note` and `carried from` (the objective this one continues) are optional. An objective named
in `parent` or `carried from` may carry its quarter, `Title (2026-Q3)`, when it is in another one. Unknown teams are created. Parents are looked up in the same sheet
first, then in the workspace (same quarter preferred). Key-result sheets later in the same workbook
may refer to the objectives of this sheet (see `key_results.py`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update

from dashboard.importers.headers import match_columns, normalise
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import PERIOD_EXAMPLE, Upserts, start, team_of
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text
from dashboard.models import PERIOD_RE, ImportKind, Objective, ObjectiveCreate, ObjectiveParent, ObjectiveStatus

KIND = ImportKind.objectives
# Objective keys (title casefold, period) of the objectives sheets prepared in one analysis: the
# key-results kind accepts them although they are not stored yet.
SESSION_KEY = "okr.import.objectives"
NORTH_STAR_WORDS = {"northstar", "nordstern", "ns"}
PARENT_SPLIT = re.compile(r"\s*[;\n]\s*")
WITH_PERIOD = re.compile(r"^(?P<title>.*\S)\s*\((?P<period>\d{4}-Q[1-4])\)$")
READABLE = {
    "objective": "Objective, Ziel, Title, Titel",
    "period": "Period, Quarter, Quartal (2026-Q4)",
}
STATUS_WORDS = {
    "draft": "draft", "entwurf": "draft", "active": "active", "aktiv": "active", "achieved": "achieved",
    "erreicht": "achieved", "missed": "missed", "verfehlt": "missed", "dropped": "dropped",
    "fallengelassen": "dropped", "verworfen": "dropped",
}

ALIASES = {
    "objective": ["ziel", "objective title", "title", "titel", "objectives", "ziele", "okr objective"],
    "period": ["quarter", "quartal", "zeitraum", "periode", "q"],
    "team": ["team name", "teamname", "mannschaft"],
    "owner": ["verantwortlich", "verantwortliche", "responsible", "lead", "dri", "eigentümer"],
    "description": ["beschreibung", "details", "notes", "notizen"],
    "parent": [
        "parents", "parent objective", "parent objectives", "aligned to", "aligned under", "übergeordnetes ziel",
        "übergeordnete ziele", "ausgerichtet auf", "elternziel",
    ],
    "status": ["zustand", "state"],
    "closing_note": ["closing note", "abschlussnotiz", "abschlussnotizen", "closing comment", "retro"],
    "carried_from": ["carried from", "carried over from", "übernommen aus", "fortgeführt aus", "fortsetzung von"],
}


def detect(table: RawTable) -> float:
    """An objectives sheet: objective and period columns, and no key-result columns."""
    fields = match_columns(table.header, KIND)
    if "objective" not in fields or "period" not in fields:
        return 0.0
    names = {normalise(h) for h in table.header}
    if names & {"keyresult", "baseline", "target", "ausgangswert", "zielwert"}:
        return 0.0
    return 0.97


def parse_parents(text: str) -> tuple[list[str], bool]:
    """Parent titles and whether the North Star is named among them."""
    titles, north_star = [], False
    for part in PARENT_SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        if normalise(part) in NORTH_STAR_WORDS:
            north_star = True
        elif part not in titles:
            titles.append(part)
    return titles, north_star


def split_ref(text: str) -> tuple[str, str | None]:
    """`Title (2026-Q3)` -> (`Title`, `2026-Q3`); a plain title -> (title, None)."""
    match = WITH_PERIOD.match(text.strip())
    return (match["title"], match["period"]) if match else (text.strip(), None)


def _known(ref: str, known: set[tuple[str, str]]) -> bool:
    title, period = split_ref(ref)
    if period and (title.casefold(), period) in known:
        return True
    return any(t == ref.casefold() for t, _ in known)


def _existing(ctx: PrepareContext) -> dict[tuple[str, str], int]:
    if ctx.session is None:
        return {}
    rows = ctx.session.execute(select(Objective.id, Objective.title, Objective.period)).all()
    return {(title.casefold(), period): oid for oid, title, period in rows}


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse objective rows; a missing title, a bad quarter, an unknown parent or status are problems."""
    sheet = start(table, KIND, required=("objective", "period"), readable=READABLE, code="okr_missing_columns")
    prepared, cols = sheet.prepared, sheet.cols
    if prepared.problems:
        return prepared
    provided = frozenset(f for f in ("team", "owner", "description", "parent", "status", "closing_note", "carried_from")
                         if f in cols)
    seen: dict[tuple[str, str], int] = {}
    for row, cells in sheet.rows("objective"):
        title = sheet.text(cells, "objective")
        period_text = sheet.text(cells, "period").upper().replace(" ", "")
        # `Q4 2026` is how the app shows quarters: accept it too.
        swapped = re.fullmatch(r"Q([1-4])[-/]?(\d{4})", period_text)
        if swapped:
            period_text = f"{swapped.group(2)}-Q{swapped.group(1)}"
        if not title:
            sheet.problem(row, "objective", "required", expected=READABLE["objective"])
            continue
        if not PERIOD_RE.match(period_text):
            sheet.problem(row, "period", "okr_invalid_period", found=sheet.text(cells, "period")[:40],
                          expected=PERIOD_EXAMPLE)
            continue
        key = (title.casefold(), period_text)
        if key in seen:
            sheet.problem(row, "objective", "duplicate_name", found=title, other_row=seen[key])
            continue
        seen[key] = row
        record: dict[str, Any] = {"row": row, "title": title, "period": period_text, "provided": provided}
        for field in ("team", "owner", "description", "closing_note"):
            if field in cols:
                record[field] = cell_text(cells[cols[field]])
        status, ok = sheet.choice(row, cells, "status", STATUS_WORDS, ObjectiveStatus)
        if not ok:
            continue
        if status:
            record["status"] = status
        if "parent" in cols:
            record["parents"], record["north_star"] = parse_parents(cell_text(cells[cols["parent"]]))
        if "carried_from" in cols:
            record["carried_from"] = cell_text(cells[cols["carried_from"]])
        try:
            ObjectiveCreate.model_validate({
                "title": title, "period": period_text, "owner": record.get("owner", ""),
                "description": record.get("description", ""), "closing_note": record.get("closing_note", ""),
            })
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            column = {"title": "objective"}.get(field, field)
            prepared.problems.append(Problem(table.sheet, row, table.column_name(cols.get(column, cols["objective"])),
                                             "okr_too_long", found=cell_text(record.get(field, title))[:60]))
            continue
        prepared.rows.append(record)
    _check_parents(prepared, table, cols, ctx)
    if ctx.session is not None:
        # Valid rows only; the file is refused anyway when other rows have problems, but the key
        # results' messages then name only what is really wrong with them.
        stash = ctx.session.info.setdefault(SESSION_KEY, set())
        stash.update((r["title"].casefold(), r["period"]) for r in prepared.rows)
    prepared.preview = [
        {k: r.get(k) for k in ("title", "period", "team", "owner", "status", "parents")} for r in prepared.rows[:20]
    ]
    return prepared


def _check_parents(prepared: Prepared, table: RawTable, cols: dict[str, int], ctx: PrepareContext) -> None:
    in_file = {(r["title"].casefold(), r["period"]) for r in prepared.rows}
    known = set(_existing(ctx)) | in_file
    for record in prepared.rows:
        for parent in record.get("parents", []):
            if parent.casefold() == record["title"].casefold():
                prepared.problems.append(Problem(table.sheet, record["row"], table.column_name(cols["parent"]),
                                                 "okr_parent_self", found=parent))
            elif not _known(parent, known):
                prepared.problems.append(Problem(table.sheet, record["row"], table.column_name(cols["parent"]),
                                                 "okr_unknown_parent", found=parent))
        source = record.get("carried_from")
        if source and not _known(source, known):
            prepared.problems.append(Problem(table.sheet, record["row"], table.column_name(cols["carried_from"]),
                                             "okr_unknown_carried_from", found=source))


def resolve_objective(title: str, period: str | None, index: dict[tuple[str, str], int]) -> int | None:
    """The id of the objective called `title`: in `period` when given, else the same-named one if unique."""
    wanted = title.casefold()
    if period and (wanted, period) in index:
        return index[(wanted, period)]
    matches = [oid for (t, _p), oid in index.items() if t == wanted]
    return matches[0] if len(matches) == 1 else None


def _parent_id(title: str, period: str, index: dict[tuple[str, str], int]) -> int | None:
    plain, named_period = split_ref(title)
    if named_period and (plain.casefold(), named_period) in index:
        return index[(plain.casefold(), named_period)]
    wanted = title.casefold()
    if (wanted, period) in index:
        return index[(wanted, period)]
    candidates = sorted(((p, oid) for (t, p), oid in index.items() if t == wanted), reverse=True)
    return candidates[0][1] if candidates else None


FIELDS = ("description", "team_id", "owner", "status", "closing_note", "aligned_to_north_star")


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new objectives, update changed ones (old values logged for undo), then link parents."""
    t = Objective.__table__
    rows = Upserts(rec, "objective", Objective)
    team_ids = rec.team_ids(r.get("team") for r in prepared.rows)
    existing = {
        (r["title"].casefold(), r["period"]): dict(r)
        for r in rec.conn.execute(select(t)).mappings()
    }
    for record in prepared.rows:
        provided = record["provided"]
        values: dict[str, Any] = {}
        for field in ("description", "owner", "closing_note", "status"):
            if field in provided and field in record:
                values[field] = record[field]
        if "team" in provided:
            values["team_id"] = team_of(team_ids, record.get("team"))
        if "parent" in provided:
            values["aligned_to_north_star"] = bool(record.get("north_star"))
        old = existing.get((record["title"].casefold(), record["period"]))
        if old is None:
            rows.add({"title": record["title"], "period": record["period"], **values})
        else:
            rows.change(old, values)
    rows.insert()
    _link_parents(prepared, rec)
    return rows.counts


def _link_parents(prepared: Prepared, rec: Recorder) -> None:
    """Add the alignment links named in the sheet (existing links stay)."""
    t = Objective.__table__
    link = ObjectiveParent.__table__
    index = {(r.title.casefold(), r.period): r.id for r in rec.conn.execute(select(t.c.id, t.c.title, t.c.period))}
    present = {(r.child_id, r.parent_id) for r in rec.conn.execute(select(link.c.child_id, link.c.parent_id))}
    rows = []
    for record in prepared.rows:
        child = index.get((record["title"].casefold(), record["period"]))
        for parent in record.get("parents", []):
            pid = _parent_id(parent, record["period"], index)
            if child is None or pid is None or pid == child or (child, pid) in present:
                continue
            present.add((child, pid))
            rows.append({"child_id": child, "parent_id": pid})
    if rows:
        rec.conn.execute(link.insert(), rows)
    for record in prepared.rows:
        if "carried_from" not in record["provided"]:
            continue
        child = index.get((record["title"].casefold(), record["period"]))
        source = _parent_id(record["carried_from"], record["period"], index) if record.get("carried_from") else None
        if child is None or source == child:
            continue
        old = rec.conn.execute(select(t.c.carried_from_id).where(t.c.id == child)).scalar()
        if old != source:
            rec.record_update("objective", child, {"carried_from_id": old})
            rec.conn.execute(update(t).where(t.c.id == child).values(carried_from_id=source))


TEMPLATE = Template(
    name="objectives",
    file="objectives",
    header=["objective", "period", "team", "owner", "description", "parent"],
    rows=[
        ["New teams find value in their first week", "2026-Q4", "Growth", "Mara Lindqvist",
         "Activation is our biggest lever for retention", ""],
    ],
    columns={
        "objective": (True, "Objective, Ziel"),
        "period": (True, "Period, Quarter, Quartal (2026-Q4)"),
        "team": (False, "Team"),
        "owner": (False, "Owner, Verantwortlich"),
        "description": (False, "Description, Beschreibung"),
        "parent": (False, "Parent objective"),
    },
)


register(Kind(name=KIND, order=40, detect=detect, prepare=prepare, write=write,
              aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.objectives"))
