"""Hypotheses: one row per bet, upserted by its statement.

Columns: `hypothesis` (the statement), `metric` and `expected change` (`+15%`, `-2pp`, `+300`; a plain
number cell is an absolute change; without a sign, a change on a metric where lower is better is a
decrease) are required; `output` (keys, comma or semicolon separated), `window days` (empty: the default
for the data's frequency), `key result` (its title), `guardrail` (a metric name), `control segments`
(segments of the same metric that did not get the release), `control metric`, `status`, `team`,
`segment`, `reason`, `stop reason` and `learning note` are optional. Metrics, outputs and key results are looked up in
the workspace, and in sheets of the same workbook when their kinds announce them in
`session.info` (`metrics.import.names`, `outputs.import.keys`, `okr.import.key_results`). Unknown
teams are created. A re-import adds output links but never removes them.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from dashboard.analysis.hypothesis import MAX_WINDOW, MIN_WINDOW
from dashboard.importers.headers import match_columns
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import Sheet, Upserts, split_keys, start, team_of
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text, number_notation
from dashboard.models import (
    Hypothesis,
    HypothesisCreate,
    HypothesisOutput,
    HypothesisStatus,
    ImportKind,
    KeyResult,
    Metric,
    Output,
)
from dashboard.parsing import ExpectedChangeError, parse_expected_change
from dashboard.rules import signed_change

KIND = ImportKind.hypotheses
# Names other kinds may announce for sheets of the same workbook (prepared before they are written).
METRICS_STASH = "metrics.import.names"
DIRECTIONS_STASH = "metrics.import.directions"
OUTPUTS_STASH = "outputs.import.keys"
KEY_RESULTS_STASH = "okr.import.key_results"
READABLE = {
    "statement": "Hypothesis, Hypothese, Statement, Aussage",
    "metric": "Metric, Kennzahl, Metrik, KPI",
    "expected_change": "Expected change, Erwartete Veränderung (+15%, -2pp, +300)",
}
STATUS_WORDS = {
    **{s.value: s.value for s in HypothesisStatus},
    "idee": "idea", "geplant": "planned", "ausgeliefert": "shipped", "inmessung": "measuring", "messung": "measuring",
    "bestatigt": "validated", "teilweise": "partial", "widerlegt": "invalidated", "unklar": "inconclusive",
    "gestoppt": "stopped",
}

ALIASES = {
    "statement": ["hypothesis", "hypothese", "hypothesis statement", "aussage", "bet", "wette", "hypothesen"],
    "metric": ["kennzahl", "metrik", "kpi", "metric name", "target metric"],
    "expected_change": ["expected change", "erwartete veränderung", "expected", "erwartet", "expected effect",
                        "erwartete wirkung", "change", "veränderung"],
    "outputs": ["output", "outputs", "output key", "output keys", "issue key", "issue keys", "keys", "release"],
    "window_days": ["window days", "window", "fenster", "fenster tage", "fenster (tage)", "window (days)",
                    "messfenster", "measurement window"],
    "key_result": ["key result", "schlüsselergebnis", "kr", "key result title"],
    "guardrail": ["guardrail", "leitplanke", "guardrail metric", "leitplanken-kennzahl"],
    "control_segments": ["control segments", "control segment", "kontrollsegmente", "kontrollsegment",
                         "control group", "kontrollgruppe"],
    "control_metric": ["control metric", "kontrollkennzahl", "kontrollmetrik"],
    "status": ["zustand", "state"],
    "team": ["team name"],
    "segment": ["segment", "for segment", "für segment"],
    "reason": ["reason", "because", "grund", "weil", "begründung", "rationale"],
    "stop_reason": ["stop reason", "stopped because", "grund für stopp", "stoppgrund"],
    "learning": ["learning note", "lernnotiz", "notiz zur erkenntnis"],
}


def detect(table: RawTable) -> float:
    """A hypotheses sheet: statement, metric and expected change columns."""
    fields = match_columns(table.header, KIND)
    if {"statement", "metric", "expected_change"} <= fields.keys():
        return 0.97
    if "statement" in fields and ("expected_change" in fields or "metric" in fields):
        return 0.1  # claim it weakly, so that the missing column is named
    return 0.0


def _directions(ctx: PrepareContext) -> dict[str, str]:
    """Metric name (casefolded) -> direction, from the workspace and this workbook's definitions."""
    if ctx.session is None:
        return {}
    directions = {str(name).casefold(): str(getattr(d, "value", d))
                  for name, d in ctx.session.execute(select(Metric.name, Metric.direction))}
    for name, direction in (ctx.session.info.get(DIRECTIONS_STASH) or {}).items():
        directions.setdefault(name, direction)
    return directions


def _lookups(ctx: PrepareContext) -> tuple[dict[str, str], set[str], set[str]]:
    """Metric name -> unit, output keys, key-result titles (casefolded), from the workspace and this workbook."""
    metrics: dict[str, str] = {}
    outputs: set[str] = set()
    krs: set[str] = set()
    if ctx.session is None:
        return metrics, outputs, krs
    for name, unit in ctx.session.execute(select(Metric.name, Metric.unit)):
        metrics[name.casefold()] = unit
    stashed = ctx.session.info.get(METRICS_STASH) or {}
    for name in stashed:
        metrics.setdefault(str(name).casefold(), stashed[name] if isinstance(stashed, dict) else "")
    outputs.update(k.casefold() for k in ctx.session.execute(select(Output.key)).scalars())
    outputs.update(str(k).casefold() for k in ctx.session.info.get(OUTPUTS_STASH) or ())
    krs.update(k.casefold() for k in ctx.session.execute(select(KeyResult.title)).scalars())
    krs.update(str(k).casefold() for k in ctx.session.info.get(KEY_RESULTS_STASH) or ())
    return metrics, outputs, krs


_OPTIONAL = ("outputs", "window_days", "key_result", "guardrail", "status", "team", "segment", "reason",
             "stop_reason", "control_segments", "control_metric", "learning")


def _expected(cell: Any, unit: str, notation: str, direction: str | None) -> tuple[str, float]:
    """A cell's expected change: a typed number is absolute; text as people write it (`+15%`, `-2pp`)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if cell == 0 or math.isnan(cell):
            raise ExpectedChangeError("zero")
        return "absolute", float(cell)
    kind, expected = parse_expected_change(cell_text(cell), unit=unit, lang=notation)
    return kind, signed_change(cell_text(cell), expected, direction)


def _window(sheet: Sheet, row: int, cells: list[Any], record: dict[str, Any]) -> None:
    if not sheet.filled(cells, "window_days"):
        return
    text = sheet.text(cells, "window_days")
    try:
        window = float(text.replace(",", "."))
    except ValueError:
        window = -1
    if not window.is_integer() or not MIN_WINDOW <= window <= MAX_WINDOW:
        sheet.problem(row, "window_days", "hypotheses_bad_window", found=text)
    else:
        record["window_days"] = int(window)


def _references(sheet: Sheet, row: int, cells: list[Any], record: dict[str, Any], lookups: tuple) -> None:
    """Outputs, key result, guardrail and controls named by the row: each must exist in the workspace."""
    metrics, outputs, krs = lookups
    cols, problem = sheet.cols, sheet.problem
    if "outputs" in cols:
        record["outputs"] = keys = split_keys(sheet.text(cells, "outputs"))
        unknown = [k for k in keys if k.casefold() not in outputs]
        if unknown:
            problem(row, "outputs", "hypotheses_unknown_output", found=", ".join(unknown))
    if "key_result" in cols:
        record["key_result"] = title = sheet.text(cells, "key_result")
        if title and title.casefold() not in krs:
            problem(row, "key_result", "hypotheses_unknown_key_result", found=title)
    for field in ("guardrail", "control_metric"):
        if field in cols:
            record[field] = name = sheet.text(cells, field)
            if name and name.casefold() not in metrics:
                problem(row, field, "hypotheses_unknown_metric", found=name)
            elif name and field == "control_metric" and name.casefold() == record["metric"].casefold():
                problem(row, field, "hypotheses_control_same_metric", found=name)
    if "control_segments" in cols:
        record["control_segments"] = ", ".join(split_keys(sheet.text(cells, "control_segments")))
        if record["control_segments"] and record.get("control_metric"):
            problem(row, "control_segments", "hypotheses_control_both", found=record["control_segments"])


def _fits(sheet: Sheet, row: int, record: dict[str, Any]) -> bool:
    """The texts fit the model's limits (checked through `HypothesisCreate`, as the form does)."""
    try:
        HypothesisCreate.model_validate({
            "statement": record["statement"], "metric_id": 0, "change_kind": record["change_kind"],
            "expected_change": record["expected_change"], "segment": record.get("segment", ""),
            "reason": record.get("reason", ""), "window_days": record.get("window_days"),
            "stop_reason": record.get("stop_reason", ""), "control_segments": record.get("control_segments", ""),
            "learning": record.get("learning", ""),
        })
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        column = field if field in sheet.cols else "statement"
        sheet.problem(row, column, "hypotheses_too_long", found=cell_text(record.get(field, record["statement"])))
        return False
    return True


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse hypothesis rows; unknown metrics, outputs or key results and unreadable changes are problems."""
    sheet = start(table, KIND, required=("statement", "metric", "expected_change"), readable=READABLE,
                  code="hypotheses_missing_columns", role_prefix="hypotheses_", found_limit=80)
    prepared, cols = sheet.prepared, sheet.cols
    if prepared.problems:
        return prepared
    lookups = _lookups(ctx)
    metrics = lookups[0]
    directions = _directions(ctx)
    notation = number_notation(table.column(cols["expected_change"]))
    provided = frozenset(f for f in _OPTIONAL if f in cols)
    for row, cells, statement in sheet.titled_rows("statement", READABLE["statement"]):
        metric = sheet.text(cells, "metric")
        if metric.casefold() not in metrics:
            sheet.problem(row, "metric", "hypotheses_unknown_metric", found=metric)
            continue
        unit = metrics[metric.casefold()]
        cell = cells[cols["expected_change"]]
        try:
            kind, expected = _expected(cell, unit, notation, directions.get(metric.casefold()))
        except ExpectedChangeError as exc:
            sheet.problem(row, "expected_change", f"hypotheses_expected_{exc.code}", found=cell_text(cell), unit=unit)
            continue
        record: dict[str, Any] = {"row": row, "statement": statement, "metric": metric, "change_kind": kind,
                                  "expected_change": expected, "provided": provided}
        problems_before = len(prepared.problems)
        _references(sheet, row, cells, record, lookups)
        _window(sheet, row, cells, record)
        record["status"], _ = sheet.choice(row, cells, "status", STATUS_WORDS, HypothesisStatus)
        for field in ("team", "segment", "reason", "stop_reason", "learning"):
            if field in cols:
                record[field] = cell_text(cells[cols[field]])
        if ctx.team and not record.get("team"):
            record["team"] = ctx.team
        if len(prepared.problems) == problems_before and _fits(sheet, row, record):
            prepared.rows.append(record)
    prepared.preview = [
        {k: r.get(k) for k in ("statement", "metric", "change_kind", "expected_change", "outputs", "window_days",
                               "status")}
        for r in prepared.rows[:20]
    ]
    return prepared


def _ids(rec: Recorder, table, key_col, value_col) -> dict[str, int]:
    return {str(name).casefold(): i for i, name in rec.conn.execute(select(table.c[value_col], table.c[key_col]))}


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new hypotheses, update changed ones (old values logged for undo), then add output links."""
    t = Hypothesis.__table__
    rows = Upserts(rec, "hypothesis", Hypothesis)
    metric_ids = _ids(rec, Metric.__table__, "name", "id")
    output_ids = _ids(rec, Output.__table__, "key", "id")
    kr_ids = _ids(rec, KeyResult.__table__, "title", "id")
    team_ids = rec.team_ids(r.get("team") for r in prepared.rows)
    existing = {r["statement"].casefold(): dict(r) for r in rec.conn.execute(select(t)).mappings()}
    for record in prepared.rows:
        provided = record["provided"]
        values: dict[str, Any] = {
            "metric_id": metric_ids.get(record["metric"].casefold()),
            "change_kind": record["change_kind"], "expected_change": record["expected_change"],
        }
        if "window_days" in provided:
            values["window_days"] = record.get("window_days")
        if "key_result" in provided:
            values["key_result_id"] = kr_ids.get(record["key_result"].casefold()) if record["key_result"] else None
        if "guardrail" in provided:
            values["guardrail_metric_id"] = metric_ids.get(record["guardrail"].casefold()) if record["guardrail"] else None
        if "control_metric" in provided:
            name = record.get("control_metric") or ""
            values["control_metric_id"] = metric_ids.get(name.casefold()) if name else None
        if "control_segments" in provided:
            values["control_segments"] = record.get("control_segments", "")
        if record.get("status"):
            values["status"] = record["status"]
        if "team" in provided or record.get("team"):
            values["team_id"] = team_of(team_ids, record.get("team"))
        for field in ("segment", "reason", "stop_reason", "learning"):
            if field in provided:
                values[field] = record.get(field, "")
        old = existing.get(record["statement"].casefold())
        wanted = [output_ids[k.casefold()] for k in record.get("outputs", []) if k.casefold() in output_ids]
        link = partial(_add_links, rec, output_ids=wanted)
        if old is None:
            if wanted and "status" not in values:
                values["status"] = HypothesisStatus.planned.value  # a new bet whose release is named is planned
            rows.add({"statement": record["statement"], **values}, link=link)
        else:
            rows.change(old, values, link=link)
    rows.insert()
    return rows.counts


def _add_links(rec: Recorder, hyp_id: int, output_ids: list[int]) -> int:
    """Link outputs not linked yet; returns how many were added."""
    link = HypothesisOutput.__table__
    present = set(rec.conn.execute(select(link.c.output_id).where(link.c.hypothesis_id == hyp_id)).scalars())
    rows = [{"hypothesis_id": hyp_id, "output_id": o} for o in dict.fromkeys(output_ids) if o not in present]
    if rows:
        rec.conn.execute(link.insert(), rows)
    return len(rows)


TEMPLATE = Template(
    name="hypotheses",
    file="hypotheses",
    header=["hypothesis", "metric", "expected change", "output", "window days", "key result", "guardrail",
               "segment", "control segments", "control metric", "status"],
    rows=[
        ["A guided checklist lifts activation for new self-serve teams", "Activation rate", "+15%",
         "APP-1432", 28, "Raise activation rate from 38 % to 45 %", "Churn rate", "", "", "", "shipped"],
        ["A German checkout lifts checkout starts in Germany", "Checkout starts", "+10%", "APP-1501", "", "",
         "", "DE", "FR, NL", "", "planned"],
    ],
    columns={
        "hypothesis": (True, "Hypothesis, Statement"),
        "metric": (True, "Metric, Kennzahl"),
        "expected change": (True, "+15% (relative), -2pp (percentage points), +300 (absolute); without a sign, "
                                  "a decrease on a metric where lower is better"),
        "output": (False, "Output key(s), comma separated"),
        "window days": (False, "Window days (7-365); empty: 28 days for daily data, 8 values otherwise"),
        "key result": (False, "Key result"),
        "guardrail": (False, "Guardrail metric"),
        "segment": (False, "The segment the bet is for (e.g. DE); empty: the whole metric"),
        "control segments": (False, "Segments of the same metric that did not get the release (e.g. FR, NL)"),
        "control metric": (False, "Or another metric that shares the market swings but not the release"),
        "status": (False, "idea, planned, shipped, measuring ..."),
    },
)


def announce(prepared: Prepared, stash: dict) -> None:
    """Statements this sheet creates, for learnings in the same workbook."""
    stash.setdefault("hypotheses.import.statements", set()).update(r["statement"] for r in prepared.rows)


register(Kind(name=KIND, order=60, detect=detect, prepare=prepare, write=write,
              announce=announce, aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.hypotheses"))
