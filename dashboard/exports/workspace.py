"""The whole workspace as one workbook in the import format: importing it gives the workspace back.

One sheet per kind, in the order a single import of the file needs them (each sheet may name what
an earlier one defines): metric definitions, metric values (long, with segment), outputs,
objectives, key results, check-ins, hypotheses, learnings. Headers are the importers' own column
names; rows are sorted by their natural keys (never by database ids), so that exporting a workspace
imported from this file gives the same workbook again.

Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return) is written
as a string cell with Excel's quote prefix: shown as text, never run, and read back unchanged.
`period` and `team` narrow the file to one quarter and/or one team (see `WorkspaceScope`); what the
kept rows refer to (parent objectives, outputs of kept bets, every metric) stays in, so that the
narrower file imports into an empty database as well.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, select

from dashboard.analysis.hypothesis import parse_expected_change
from dashboard.analysis.periods import quarter_bounds
from dashboard.errors import DomainError
from dashboard.exports.cells import FORMULA_STARTS
from dashboard.models import (
    CheckIn,
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Learning,
    LearningHypothesis,
    Metric,
    MetricValue,
    Objective,
    ObjectiveParent,
    Output,
    Team,
)

NORTH_STAR = "North Star"
KIND_ORDER = {"north_star": 0, "input": 1, "kpi": 2, "guardrail": 3}
LIST_JOIN = ", "
STATEMENT_JOIN = "\n"  # statements may hold commas and semicolons, never a line break

# (sheet name, header): the column names the importers recognise (see dashboard/importers/kinds/).
SHEETS: list[tuple[str, list[str]]] = [
    ("Metric definitions", ["metric", "unit", "direction", "aggregation", "kind", "description"]),
    ("Metric values", ["date", "metric", "segment", "value"]),
    ("Outputs", ["key", "title", "type", "team", "status", "shipped_on", "labels", "sprint", "fix version",
                 "components", "link"]),
    ("Objectives", ["objective", "period", "team", "owner", "status", "description", "parent", "closing note",
                    "carried from"]),
    ("Key results", ["objective", "period", "key result", "metric", "baseline", "target", "stretch", "unit",
                     "outputs"]),
    ("Check-ins", ["objective", "period", "key result", "date", "value", "confidence", "comment"]),
    ("Hypotheses", ["hypothesis", "team", "metric", "segment", "expected change", "output", "window days",
                    "key result", "guardrail", "control segments", "control metric", "status", "reason",
                    "stop reason", "learning note"]),
    ("Learnings", ["learning", "team", "believed", "happened", "next time", "status", "supports",
                   "contradicts"]),
]
WIDTHS = {"metric": 28, "description": 48, "title": 44, "objective": 44, "key result": 44, "hypothesis": 60,
          "learning": 44, "believed": 44, "happened": 44, "next time": 44, "comment": 36, "reason": 40,
          "stop reason": 30, "parent": 44, "carried from": 30, "closing note": 36, "link": 40, "supports": 50,
          "contradicts": 50, "output": 20, "outputs": 20, "learning note": 36}




@dataclass(frozen=True)
class WorkspaceScope:
    """What the file holds: everything, or one quarter and/or one team's objectives and bets."""

    period: str | None = None
    team: str | None = None


def _text(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def expected_change_text(kind: str, value: float) -> str:
    """`+15%`, `-2pp`, `+300`: the expected change as the hypotheses importer reads it, exactly."""
    kind = _text(kind)
    number = value * 100 if kind == "relative" else value
    suffix = {"relative": "%", "pp": "pp"}.get(kind, "")
    candidates = [f"{abs(number):.{digits}f}" for digits in range(0, 18)] + [repr(abs(number))]
    for digits in candidates:
        if "." in digits:
            digits = digits.rstrip("0").rstrip(".")
        text = ("-" if number < 0 else "+") + digits + suffix
        try:
            back = parse_expected_change(text, unit="%" if kind == "pp" else "")[1]
        except ValueError:
            continue
        if back == value:
            return text
    return ("-" if number < 0 else "+") + repr(abs(number)) + suffix


def _ref(title: str, period: str, own_period: str) -> str:
    """An objective named from another row: its title, with the quarter when it is another one."""
    return title if period == own_period else f"{title} ({period})"


def workspace_sheets(session: Session, scope: WorkspaceScope | None = None) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Every sheet's name, header and rows (plain values: text, numbers, dates, None)."""
    scope = scope or WorkspaceScope()
    teams = {t.id: t.name for t in session.exec(select(Team))}
    team_id = None
    if scope.team:
        found = [tid for tid, name in teams.items() if name.casefold() == scope.team.strip().casefold()]
        if not found:
            raise DomainError("export.error.unknown_team", team=scope.team,
                             teams=", ".join(sorted(teams.values(), key=str.casefold)) or "—")
        team_id = found[0]
    bounds = quarter_bounds(scope.period) if scope.period else None

    metrics = {m.id: m for m in session.exec(select(Metric))}
    outputs = {o.id: o for o in session.exec(select(Output))}
    objectives = {o.id: o for o in session.exec(select(Objective))}
    parents: dict[int, list[int]] = {}
    for link in session.exec(select(ObjectiveParent)):
        parents.setdefault(link.child_id, []).append(link.parent_id)
    key_results = {k.id: k for k in session.exec(select(KeyResult))}
    kr_outputs: dict[int, list[int]] = {}
    for link in session.exec(select(KeyResultOutput)):
        kr_outputs.setdefault(link.key_result_id, []).append(link.output_id)
    hypotheses = {h.id: h for h in session.exec(select(Hypothesis))}
    hyp_outputs: dict[int, list[int]] = {}
    for link in session.exec(select(HypothesisOutput)):
        hyp_outputs.setdefault(link.hypothesis_id, []).append(link.output_id)
    learnings = {learning.id: learning for learning in session.exec(select(Learning))}
    learning_links: dict[int, list[tuple[int, str]]] = {}
    for link in session.exec(select(LearningHypothesis)):
        learning_links.setdefault(link.learning_id, []).append((link.hypothesis_id, link.relation))

    # --- what the scope keeps ------------------------------------------------------------------
    def shipped_in_period(output_id: int) -> bool:
        out = outputs[output_id]
        return bool(out.shipped_on and bounds and bounds[0] <= out.shipped_on <= bounds[1])

    kept_objectives = {oid for oid, o in objectives.items()
                       if (not scope.period or o.period == scope.period) and (team_id is None or o.team_id == team_id)}
    todo = list(kept_objectives)
    while todo:  # the objectives they are aligned under come along, so that the parents resolve
        for parent in parents.get(todo.pop(), []):
            if parent not in kept_objectives:
                kept_objectives.add(parent)
                todo.append(parent)
    kept_krs = {kid for kid, k in key_results.items() if k.objective_id in kept_objectives}
    kept_hyps = {
        hid for hid, h in hypotheses.items()
        if (team_id is None or h.team_id == team_id)
        and (not scope.period or h.key_result_id in kept_krs or any(shipped_in_period(o) for o in hyp_outputs.get(hid, [])))
    }
    kept_outputs = {oid for oid, o in outputs.items()
                    if (team_id is None or o.team_id == team_id) and (not scope.period or shipped_in_period(oid))}
    for hid in kept_hyps:
        kept_outputs.update(hyp_outputs.get(hid, []))
    for kid in kept_krs:
        kept_outputs.update(kr_outputs.get(kid, []))
    if scope.period or scope.team:
        kept_learnings = {lid for lid, learning in learnings.items()
                          if any(h in kept_hyps for h, _ in learning_links.get(lid, []))
                          or (not scope.period and learning.team_id == team_id)}
    else:
        kept_learnings = set(learnings)

    def team_name(tid: int | None) -> str:
        return teams.get(tid, "") if tid is not None else ""

    # --- metrics ---------------------------------------------------------------------------------
    metric_list = sorted(metrics.values(), key=lambda m: (KIND_ORDER.get(_text(m.kind), 9), m.name.casefold(), m.name))
    definitions = [[m.name, m.unit, _text(m.direction), _text(m.aggregation), _text(m.kind), m.description]
                   for m in metric_list]
    names = {m.id: m.name for m in metric_list}
    rank = {m.id: i for i, m in enumerate(metric_list)}
    stmt = select(MetricValue.metric_id, MetricValue.segment, MetricValue.date, MetricValue.value)
    points = sorted(session.exec(stmt).all(), key=lambda r: (rank[r[0]], r[1], r[2]))
    values = [[day, names[mid], segment, value] for mid, segment, day, value in points]

    # --- outputs ----------------------------------------------------------------------------------
    output_rows = [
        [o.key, o.title, o.type, team_name(o.team_id), o.status, o.shipped_on, LIST_JOIN.join(o.labels or []),
         LIST_JOIN.join(o.sprints or []), LIST_JOIN.join(o.fix_versions or []), LIST_JOIN.join(o.components or []),
         o.link]
        for o in sorted((outputs[i] for i in kept_outputs), key=lambda o: (o.key.casefold(), o.key))
    ]
    output_keys = {oid: outputs[oid].key for oid in kept_outputs}

    # --- objectives, key results, check-ins -----------------------------------------------------
    def objective_order(o: Objective) -> tuple:
        return (o.period, team_name(o.team_id).casefold(), o.title.casefold(), o.title)

    ordered_objectives = sorted((objectives[i] for i in kept_objectives), key=objective_order)
    objective_rows = []
    for o in ordered_objectives:
        named = [objectives[p] for p in parents.get(o.id, []) if p in kept_objectives]
        refs = [_ref(p.title, p.period, o.period) for p in sorted(named, key=objective_order)]
        if o.aligned_to_north_star:
            refs.insert(0, NORTH_STAR)
        carried = objectives.get(o.carried_from_id) if o.carried_from_id in kept_objectives else None
        objective_rows.append([
            o.title, o.period, team_name(o.team_id), o.owner, _text(o.status), o.description, "; ".join(refs),
            o.closing_note, f"{carried.title} ({carried.period})" if carried else "",
        ])
    position = {o.id: i for i, o in enumerate(ordered_objectives)}
    ordered_krs = sorted((key_results[i] for i in kept_krs),
                         key=lambda k: (position[k.objective_id], k.title.casefold(), k.title))
    kr_rows, checkin_rows = [], []
    for k in ordered_krs:
        o = objectives[k.objective_id]
        linked = sorted((output_keys[i] for i in kr_outputs.get(k.id, []) if i in output_keys), key=str.casefold)
        kr_rows.append([o.title, o.period, k.title, names.get(k.metric_id, ""), k.baseline, k.target, k.stretch,
                        k.unit, LIST_JOIN.join(linked)])
    kr_position = {k.id: i for i, k in enumerate(ordered_krs)}
    checkins = session.exec(select(CheckIn).where(CheckIn.key_result_id.in_(kept_krs or {-1}))).all()
    for c in sorted(checkins, key=lambda c: (kr_position[c.key_result_id], c.date, c.id)):
        k = key_results[c.key_result_id]
        o = objectives[k.objective_id]
        checkin_rows.append([o.title, o.period, k.title, c.date, c.value, c.confidence, c.comment])

    # --- hypotheses and learnings ---------------------------------------------------------------
    ordered_hyps = sorted((hypotheses[i] for i in kept_hyps),
                          key=lambda h: (team_name(h.team_id).casefold(), h.statement.casefold(), h.statement))
    hypothesis_rows = []
    for h in ordered_hyps:
        linked = sorted((output_keys[i] for i in hyp_outputs.get(h.id, []) if i in output_keys), key=str.casefold)
        kr = key_results.get(h.key_result_id) if h.key_result_id in kept_krs else None
        hypothesis_rows.append([
            h.statement, team_name(h.team_id), names[h.metric_id], h.segment,
            expected_change_text(h.change_kind, h.expected_change), LIST_JOIN.join(linked), h.window_days,
            kr.title if kr else "", names.get(h.guardrail_metric_id, ""), h.control_segments,
            names.get(h.control_metric_id, ""), _text(h.status), h.reason, h.stop_reason, h.learning,
        ])
    learning_rows = []
    for learning in sorted((learnings[i] for i in kept_learnings),
                           key=lambda x: (team_name(x.team_id).casefold(), x.title.casefold(), x.title)):
        links = [(hypotheses[h].statement, relation) for h, relation in learning_links.get(learning.id, [])
                 if h in kept_hyps]
        supports = sorted((s for s, r in links if r != "contradicts"), key=str.casefold)
        contradicts = sorted((s for s, r in links if r == "contradicts"), key=str.casefold)
        learning_rows.append([
            learning.title, team_name(learning.team_id), learning.believed, learning.happened, learning.next_time,
            _text(learning.status), STATEMENT_JOIN.join(supports), STATEMENT_JOIN.join(contradicts),
        ])

    rows = [definitions, values, output_rows, objective_rows, kr_rows, checkin_rows, hypothesis_rows, learning_rows]
    return [(name, header, body) for (name, header), body in zip(SHEETS, rows, strict=True)]


def workspace_workbook(session: Session, today: date, *, period: str | None = None, team: str | None = None) -> bytes:
    """The workspace (or one quarter / one team of it) as an .xlsx workbook in the import format."""
    import xlsxwriter

    sheets = workspace_sheets(session, WorkspaceScope(period=period, team=team))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    # A fixed creation date (the export's day), so that the same workspace gives the same file.
    book.set_properties({"title": "Outcome Dashboard workspace", "created": datetime.combine(today, time())})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    as_text = book.add_format({"quote_prefix": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for name, header, rows in sheets:
        sheet = book.add_worksheet(name)
        for col, title in enumerate(header):
            sheet.write_string(0, col, title, bold)
            sheet.set_column(col, col, WIDTHS.get(title, max(12, len(title) + 4)))
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write(sheet, r, col, value, day=day, as_text=as_text, wrap=wrap)
        sheet.freeze_panes(1, 0)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(header) - 1)
    book.close()
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value: Any, *, day, as_text, wrap) -> None:  # noqa: ANN001 - xlsxwriter
    """One cell: numbers as numbers, dates as dates, text always as a string cell (never a formula)."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime.combine(value, time()) if not isinstance(value, datetime) else value,
                             day)
    else:
        text = str(value)
        # Excel's quote prefix: shown and kept as text even when someone edits the cell.
        fmt = as_text if text.startswith(FORMULA_STARTS) else (wrap if "\n" in text else None)
        sheet.write_string(row, col, text, fmt)
