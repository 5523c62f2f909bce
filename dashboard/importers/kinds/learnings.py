"""Learnings: one row per learning, upserted by its title.

Columns: `learning` (the title) is required, with at least one of `believed`, `happened` and
`next time`; `team`, `status` (draft, open, closed) and the hypotheses it rests on, by statement,
in `supports` and `contradicts` (one statement per line; `;` between statements works too when no
statement holds one) are optional. The hypotheses must exist in the workspace or in a hypotheses
sheet of the same workbook (written before learnings). Unknown teams are created. A re-import adds
links and changes their relation, but never removes one.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update

from dashboard.importers.headers import match_columns, normalise
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import Upserts, start, team_of
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text
from dashboard.models import Hypothesis, ImportKind, Learning, LearningCreate, LearningHypothesis, LearningStatus

KIND = ImportKind.learnings
HYPOTHESES_STASH = "hypotheses.import.statements"
READABLE = {
    "title": "Learning, Erkenntnis, Title, Titel",
    "text": "Believed, Happened, Next time (Angenommen, Passiert, Nächstes Mal)",
}
STATUS_WORDS = {
    "draft": "draft", "entwurf": "draft", "open": "open", "offen": "open", "closed": "closed",
    "geschlossen": "closed", "abgeschlossen": "closed",
}
TEXT_FIELDS = ("believed", "happened", "next_time")
RELATIONS = ("supports", "contradicts")

ALIASES = {
    "title": ["learning", "learnings", "erkenntnis", "erkenntnisse", "learning title", "titel", "lesson"],
    "team": ["team name"],
    "believed": ["we believed", "glaubten", "wir glaubten", "angenommen", "annahme", "what we believed"],
    "happened": ["what happened", "passiert", "was passierte", "ergebnis", "result"],
    "next_time": ["next time", "nächstes mal", "naechstes mal", "next", "künftig"],
    "status": ["zustand", "state"],
    "supports": ["supported by", "supporting hypotheses", "gestützt von", "stützende hypothesen", "bestätigt durch"],
    "contradicts": ["contradicted by", "contradicting hypotheses", "widerlegt durch", "widersprechende hypothesen"],
}


def detect(table: RawTable) -> float:
    """A learnings sheet: a learning title and what was believed, what happened or what to do next time."""
    fields = match_columns(table.header, KIND)
    if "title" in fields and set(TEXT_FIELDS) & fields.keys():
        names = {normalise(h) for h in table.header}
        if names & {"period", "quarter", "quartal", "hypothesis", "keyresult", "baseline"}:
            return 0.0
        return 0.96
    return 0.0


def _statements(ctx: PrepareContext) -> set[str]:
    known: set[str] = set()
    if ctx.session is None:
        return known
    known.update(s.casefold() for s in ctx.session.execute(select(Hypothesis.statement)).scalars())
    known.update(str(s).casefold() for s in ctx.session.info.get(HYPOTHESES_STASH) or ())
    return known


def split_statements(text: str, known: set[str]) -> list[str]:
    """Hypothesis statements in one cell: one per line; a line that is no statement is split at `;`."""
    out: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [line] if line.casefold() in known else [p.strip() for p in re.split(r"\s*;\s*", line) if p.strip()]
        for part in parts:
            if part.casefold() not in (o.casefold() for o in out):
                out.append(part)
    return out


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse learning rows; unknown hypotheses, statuses and over-long texts are problems."""
    sheet = start(table, KIND, required=("title",), readable=READABLE, code="learnings_missing_columns",
                  role_prefix="learnings_", found_limit=80)
    prepared, cols = sheet.prepared, sheet.cols
    if not prepared.problems and not set(TEXT_FIELDS) & cols.keys():
        prepared.problems.append(Problem(table.sheet, table.header_row, "", "learnings_missing_columns",
                                         found=", ".join(h for h in table.header[:8] if h), expected=READABLE["text"]))
    if prepared.problems:
        return prepared
    known = _statements(ctx)
    provided = frozenset(f for f in ("team", "status", *TEXT_FIELDS, *RELATIONS) if f in cols)
    problem = sheet.problem
    for row, cells, title in sheet.titled_rows("title", READABLE["title"]):
        record: dict[str, Any] = {"row": row, "title": title, "provided": provided}
        for field in ("team", *TEXT_FIELDS):
            if field in cols:
                record[field] = sheet.text(cells, field)
        if ctx.team and not record.get("team"):
            record["team"] = ctx.team
        record["status"], ok = sheet.choice(row, cells, "status", STATUS_WORDS, LearningStatus)
        bad = not ok
        for relation in RELATIONS:
            if relation not in cols:
                continue
            statements = split_statements(cell_text(cells[cols[relation]]), known)
            unknown = [s for s in statements if s.casefold() not in known]
            if unknown:
                problem(row, relation, "learnings_unknown_hypothesis", found="; ".join(unknown))
                bad = True
            record[relation] = statements
        if bad:
            continue
        try:
            LearningCreate.model_validate({"title": title, **{f: record.get(f, "") for f in TEXT_FIELDS}})
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            problem(row, field if field in cols else "title", "learnings_too_long",
                    found=cell_text(record.get(field, title)))
            continue
        prepared.rows.append(record)
    prepared.preview = [{k: r.get(k) for k in ("title", "team", "status", "supports", "contradicts")}
                        for r in prepared.rows[:20]]
    return prepared


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new learnings, update changed ones (old values logged for undo), then add hypothesis links."""
    t = Learning.__table__
    rows = Upserts(rec, "learning", Learning)
    h = Hypothesis.__table__
    hypothesis_ids = {s.casefold(): i for i, s in rec.conn.execute(select(h.c.id, h.c.statement))}
    team_ids = rec.team_ids(r.get("team") for r in prepared.rows)
    existing = {r["title"].casefold(): dict(r) for r in rec.conn.execute(select(t)).mappings()}
    for record in prepared.rows:
        provided = record["provided"]
        values: dict[str, Any] = {f: record.get(f, "") for f in TEXT_FIELDS if f in provided}
        if record.get("status"):
            values["status"] = record["status"]
        if "team" in provided or record.get("team"):
            values["team_id"] = team_of(team_ids, record.get("team"))
        wanted = {hypothesis_ids[s.casefold()]: relation for relation in RELATIONS
                  for s in record.get(relation, []) if s.casefold() in hypothesis_ids}
        old = existing.get(record["title"].casefold())
        link = partial(_set_links, rec, wanted=wanted)
        if old is None:
            rows.add({"title": record["title"], **values}, link=link)
        else:
            rows.change(old, values, link=link)
    rows.insert()
    return rows.counts


def _set_links(rec: Recorder, learning_id: int, wanted: dict[int, str]) -> int:
    """Add missing links and set the relation of existing ones; returns how many changed."""
    link = LearningHypothesis.__table__
    present = {r.hypothesis_id: r.relation for r in rec.conn.execute(
        select(link.c.hypothesis_id, link.c.relation).where(link.c.learning_id == learning_id))}
    added = [{"learning_id": learning_id, "hypothesis_id": hid, "relation": relation}
             for hid, relation in wanted.items() if hid not in present]
    if added:
        rec.conn.execute(link.insert(), added)
    moved = 0
    for hid, relation in wanted.items():
        if hid in present and present[hid] != relation:
            rec.conn.execute(update(link).where(link.c.learning_id == learning_id, link.c.hypothesis_id == hid)
                             .values(relation=relation))
            moved += 1
    return len(added) + moved


TEMPLATE = Template(
    name="learnings",
    file="learnings",
    header=["learning", "team", "believed", "happened", "next time", "status", "supports", "contradicts"],
    rows=[
        ["Checklists help only the teams that start alone", "Growth",
         "A guided checklist would lift activation for every new team.",
         "Self-serve teams activated more often; teams onboarded by sales did not change.",
         "Aim onboarding bets at self-serve teams.", "open",
         "A guided checklist lifts activation for new self-serve teams", ""],
    ],
    columns={
        "learning": (True, "Learning, Erkenntnis, Title"),
        "team": (False, "Team"),
        "believed": (True, "Believed, Angenommen (one of believed, happened, next time)"),
        "happened": (False, "Happened, Passiert"),
        "next time": (False, "Next time, Nächstes Mal"),
        "status": (False, "draft, open, closed (Entwurf, offen, geschlossen)"),
        "supports": (False, "Hypotheses (statements) that support it, one per line"),
        "contradicts": (False, "Hypotheses (statements) that contradict it, one per line"),
    },
)


register(Kind(name=KIND, order=70, detect=detect, prepare=prepare, write=write,
              aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.learnings"))
