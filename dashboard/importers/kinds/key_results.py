"""Key results: one row per key result, upserted by objective and title.

Columns: `objective`, `key result`, `baseline`, `target` are required; `metric`, `unit`, `stretch`
and `period` (to tell apart objectives with the same title in several quarters) and `outputs` (keys of
the outputs that contribute, comma separated) are optional. The
objective must exist in the workspace or in an objectives sheet earlier in the same workbook; the
metric must exist in the workspace or be created by a metrics sheet of the same workbook (checked
when writing, after the metric kinds wrote; otherwise the whole import is refused). The target must differ from the baseline and a stretch must lie beyond the
target. A target on the worse side of the baseline for the metric's direction ("keep it under X") is
imported with a note.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dashboard.importers.headers import match_columns
from dashboard.importers.kinds.objectives import SESSION_KEY, resolve_objective
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import READABLE_OKR, Upserts, refuse, split_keys, start
from dashboard.importers.store import Recorder
from dashboard.importers.values import number_notation
from dashboard.models import ImportKind, KeyResult, KeyResultOutput, Metric, Objective, Output
from dashboard.rules import direction_conflict, key_result_errors

KIND = ImportKind.key_results
READABLE = {
    **READABLE_OKR,
    "baseline": "Baseline, Ausgangswert, Start",
    "target": "Target, Zielwert, Ziel-Wert",
}
NUMBER_EXAMPLES = "42, 1,234.5, 1.234,5, 15 %"
# The rules' messages (dashboard.rules) as the import words them: naming the value found in the cell.
RULE_PROBLEMS = {"okr.error.target_equals_baseline": "okr_target_equals_baseline",
                 "okr.error.stretch_side": "okr_stretch_side"}

ALIASES = {
    "objective": ["ziel", "objective title", "objectives", "okr objective"],
    "key_result": ["key result", "kr", "key results", "keyresult title", "schlüsselergebnis", "kr title",
                   "key result title"],
    "baseline": ["ausgangswert", "start", "start value", "startwert", "basis", "basiswert", "from"],
    "target": ["zielwert", "ziel wert", "goal", "target value", "to", "soll"],
    "stretch": ["stretch goal", "stretch target", "stretch ziel", "stretchziel", "ambitioniert"],
    "metric": ["kennzahl", "metrik", "kpi", "metric name", "linked metric"],
    "unit": ["einheit", "uom"],
    "period": ["quarter", "quartal", "zeitraum", "periode"],
    "outputs": ["output", "output keys", "linked outputs", "contributing outputs", "beitragende outputs"],
}


def detect(table: RawTable) -> float:
    """A key-results sheet: objective, key result, baseline and target columns."""
    fields = match_columns(table.header, KIND)
    if {"objective", "key_result", "baseline", "target"} <= fields.keys():
        return 0.98
    if {"key_result", "target"} <= fields.keys():
        return 0.2  # claim it weakly so that the missing columns are named
    return 0.0


def _objective_index(ctx: PrepareContext) -> dict[tuple[str, str], int]:
    """Objective (title casefold, period) -> id; objectives of this workbook's objectives sheet get id 0."""
    index: dict[tuple[str, str], int] = {}
    if ctx.session is None:
        return index
    for key in ctx.session.info.get(SESSION_KEY, set()):
        index[key] = 0
    for oid, title, period in ctx.session.execute(select(Objective.id, Objective.title, Objective.period)):
        index[(title.casefold(), period)] = oid
    return index


def _metrics(ctx: PrepareContext) -> dict[str, dict[str, Any]]:
    if ctx.session is None:
        return {}
    rows = ctx.session.execute(select(Metric.id, Metric.name, Metric.direction, Metric.unit)).all()
    return {name.casefold(): {"id": mid, "name": name, "direction": str(getattr(d, "value", d)), "unit": unit}
            for mid, name, d, unit in rows}


def _output_keys(ctx: PrepareContext) -> set[str]:
    """Output keys (casefolded) stored or announced by an outputs sheet of this workbook."""
    if ctx.session is None:
        return set()
    keys = {k.casefold() for k in ctx.session.execute(select(Output.key)).scalars()}
    keys.update(str(k).casefold() for k in ctx.session.info.get("outputs.import.keys") or ())
    return keys


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse key-result rows; unknown objectives or metrics and impossible numbers are problems."""
    sheet = start(table, KIND, required=("objective", "key_result", "baseline", "target"), readable=READABLE,
                  code="okr_missing_columns")
    prepared, cols = sheet.prepared, sheet.cols
    if prepared.problems:
        return prepared
    objectives = _objective_index(ctx)
    metrics = _metrics(ctx)
    outputs = _output_keys(ctx) if "outputs" in cols else set()
    notations = {f: number_notation(table.column(cols[f]), table.number_hint)
                 for f in ("baseline", "target", "stretch") if f in cols}
    provided = frozenset(f for f in ("metric", "unit", "stretch") if f in cols)
    seen: dict[tuple[str, str, str], int] = {}
    conflicts: list[str] = []
    pending: dict[str, str] = {}
    for row, cells in sheet.rows("objective", then="key_result"):
        named = sheet.objective_row(row, cells, objectives)
        if named is None:
            continue
        objective, title, period = named
        numbers = sheet.numbers(row, cells, ("baseline", "target", "stretch"), notations,
                                required=("baseline", "target"), expected=NUMBER_EXAMPLES)
        if numbers is None:
            continue
        baseline, target, stretch = numbers["baseline"], numbers["target"], numbers["stretch"]
        metric = None
        metric_name = ""
        if sheet.filled(cells, "metric"):
            metric_name = sheet.text(cells, "metric")[:200]
            metric = metrics.get(metric_name.casefold())
            if metric is None:
                # A metrics sheet earlier in the same workbook may define it (written before key
                # results); `write` refuses the whole import if it still does not exist then.
                pending.setdefault(metric_name.casefold(), metric_name)
        errors = key_result_errors(baseline, target, stretch)
        if errors:
            sheet.rule_problem(row, cells, errors[0], RULE_PROBLEMS)
            continue
        if metric and direction_conflict(metric["direction"], baseline, target):
            # Spreadsheets hold "keep it under X" key results; they are imported and flagged, and the
            # Objectives page shows the same warning beside them.
            conflicts.append(f"{title} ({metric['name']})")
        key = (objective.casefold(), period, title.casefold())
        if key in seen:
            sheet.problem(row, "key_result", "duplicate_name", found=title, other_row=seen[key])
            continue
        seen[key] = row
        if len(title) > 300:
            sheet.problem(row, "key_result", "okr_too_long", found=title)
            continue
        unit = sheet.text(cells, "unit")[:40]
        keys = split_keys(sheet.text(cells, "outputs"))
        unknown = [k for k in keys if k.casefold() not in outputs]
        if unknown:
            sheet.problem(row, "outputs", "hypotheses_unknown_output", found=", ".join(unknown))
            continue
        prepared.rows.append({
            "row": row, "objective": objective, "period": period, "title": title, "baseline": baseline,
            "target": target, "stretch": stretch, "metric_id": metric["id"] if metric else None,
            "metric_name": metric_name,
            "unit": unit or (metric["unit"] if metric else ""), "provided": provided, "outputs": keys,
        })
    if pending:
        prepared.notes.append({"code": "okr_metric_pending", "count": len(pending),
                               "names": ", ".join(sorted(pending.values(), key=str.casefold)[:10])})
    if conflicts:
        prepared.notes.append({"code": "okr_direction_conflict", "count": len(conflicts),
                               "names": "; ".join(conflicts[:5])})
    prepared.preview = [
        {k: r.get(k) for k in ("objective", "period", "title", "baseline", "target", "stretch", "unit")}
        for r in prepared.rows[:20]
    ]
    return prepared


FIELDS = ("metric_id", "baseline", "target", "stretch", "unit")


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new key results, update changed ones (old values logged for undo)."""
    o = Objective.__table__
    kr_table = KeyResult.__table__
    rows = Upserts(rec, "key_result", KeyResult)
    index = {(r.title.casefold(), r.period): r.id for r in rec.conn.execute(select(o.c.id, o.c.title, o.c.period))}
    existing = {(r["objective_id"], r["title"].casefold()): dict(r) for r in rec.conn.execute(select(kr_table)).mappings()}
    m = Metric.__table__
    metric_ids = {name.casefold(): mid for mid, name in rec.conn.execute(select(m.c.id, m.c.name))}
    links = []
    for record in prepared.rows:
        if record["metric_name"] and record["metric_id"] is None:
            record["metric_id"] = metric_ids.get(record["metric_name"].casefold())
            if record["metric_id"] is None:
                refuse(prepared, record, "okr_unknown_metric", "key_result", found=record["metric_name"])
        objective_id = resolve_objective(record["objective"], record["period"], index)
        if objective_id is None:
            # Prepared against this workbook's objectives sheet, which was then left out: refuse it all.
            refuse(prepared, record, "okr_unknown_objective", "key_result",
                   found=f"{record['objective']} ({record['period']})")
        links.append((objective_id, record["title"].casefold(), record.get("outputs", [])))
        values = {"baseline": record["baseline"], "target": record["target"]}
        provided = record["provided"]
        if "metric" in provided:
            values["metric_id"] = record["metric_id"]
        if "stretch" in provided:
            values["stretch"] = record["stretch"]
        if "unit" in provided or record["unit"]:
            values["unit"] = record["unit"]
        old = existing.get((objective_id, record["title"].casefold()))
        if old is None:
            rows.add({"objective_id": objective_id, "title": record["title"], **values})
        else:
            rows.change(old, values)
    rows.insert()
    _link_outputs(rec, links)
    return rows.counts


def _link_outputs(rec: Recorder, links: list[tuple[int, str, list[str]]]) -> None:
    """Link the named outputs to their key results (links already there stay, none is removed)."""
    if not any(keys for _, _, keys in links):
        return
    kr_table = KeyResult.__table__
    link = KeyResultOutput.__table__
    o = Output.__table__
    kr_ids = {(r.objective_id, r.title.casefold()): r.id
              for r in rec.conn.execute(select(kr_table.c.id, kr_table.c.objective_id, kr_table.c.title))}
    output_ids = {str(key).casefold(): oid for oid, key in rec.conn.execute(select(o.c.id, o.c.key))}
    present = {(r.key_result_id, r.output_id) for r in rec.conn.execute(select(link.c.key_result_id, link.c.output_id))}
    rows = []
    for objective_id, title, keys in links:
        kr_id = kr_ids.get((objective_id, title))
        for key in keys:
            oid = output_ids.get(key.casefold())
            if kr_id is None or oid is None or (kr_id, oid) in present:
                continue
            present.add((kr_id, oid))
            rows.append({"key_result_id": kr_id, "output_id": oid})
    if rows:
        rec.conn.execute(link.insert(), rows)


TEMPLATE = Template(
    name="key-results",
    file="key-results",
    header=["objective", "key result", "baseline", "target", "metric", "unit", "stretch"],
    rows=[
        ["New teams find value in their first week", "Raise activation rate from 38 % to 45 %", 38, 45,
         "Activation rate", "%", 48],
    ],
    columns={
        "objective": (True, "Objective, Ziel"),
        "key result": (True, "Key result, Schlüsselergebnis"),
        "baseline": (True, "Baseline, Ausgangswert"),
        "target": (True, "Target, Zielwert"),
        "metric": (False, "Metric, Kennzahl"),
        "unit": (False, "Unit, Einheit"),
        "stretch": (False, "Stretch"),
    },
)


def announce(prepared: Prepared, stash: dict) -> None:
    """Key-result titles this sheet creates, for hypotheses in the same workbook."""
    stash.setdefault("okr.import.key_results", set()).update(r["title"] for r in prepared.rows)
    stash.setdefault("okr.import.key_result_keys", set()).update(
        (r["objective"].casefold(), r["period"], r["title"].casefold()) for r in prepared.rows)


register(Kind(name=KIND, order=45, detect=detect, prepare=prepare, write=write,
              announce=announce, aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.key_results"))
