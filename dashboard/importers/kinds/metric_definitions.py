"""Metric definitions: name, unit, direction, aggregation, kind, description; upserted by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dashboard.importers.headers import match_columns, normalise
from dashboard.importers.kinds.metrics import KIND as VALUES_KIND
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable, is_totals_row
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import Upserts
from dashboard.importers.store import Recorder
from dashboard.models import ImportKind, Metric
from dashboard.parsing import is_empty

KIND = ImportKind.metric_definitions
FIELDS = ("unit", "direction", "aggregation", "kind", "description")

ALIASES = {
    "metric": ["kennzahl", "metrik", "kpi", "name", "metric name", "kpi name", "measure", "indicator"],
    "unit": ["einheit", "uom", "unité"],
    "direction": ["richtung", "better", "good direction", "higher is better", "polarity", "polarität"],
    "aggregation": ["aggregat", "agg", "rollup", "zusammenfassung", "verdichtung"],
    "kind": ["art", "type", "typ", "role", "rolle", "metric type", "metric kind"],
    "description": ["beschreibung", "definition", "notes", "notizen", "erläuterung"],
}

DIRECTIONS = {
    "up": "up", "higher": "up", "higherisbetter": "up", "increase": "up", "hoch": "up", "hoher": "up",
    "hoheristbesser": "up", "steigend": "up", "positive": "up", "+": "up", "↑": "up",
    "down": "down", "lower": "down", "lowerisbetter": "down", "decrease": "down", "runter": "down",
    "niedriger": "down", "niedrigeristbesser": "down", "fallend": "down", "negative": "down", "-": "down", "↓": "down",
}
AGGREGATIONS = {
    "mean": "mean", "average": "mean", "avg": "mean", "mittelwert": "mean", "durchschnitt": "mean",
    "sum": "sum", "summe": "sum", "total": "sum", "last": "last", "lastvalue": "last", "letzterwert": "last",
    "latest": "last", "letzter": "last",
}
KINDS = {
    "northstar": "north_star", "nordstern": "north_star", "input": "input", "kpi": "kpi",
    "guardrail": "guardrail", "leitplanke": "guardrail",
}


def detect(table: RawTable) -> float:
    """A definition sheet: metric and unit columns, no date or value column."""
    fields = match_columns(table.header, KIND)
    value_fields = match_columns(table.header, VALUES_KIND)
    if "metric" in fields and "unit" in fields and "date" not in value_fields and "value" not in value_fields:
        return 0.95
    return 0.0


def _enum(cell: Any, table: dict[str, str], raw_symbols: bool = False) -> str | None:
    text = str(cell).strip()
    if raw_symbols and text in table:
        return table[text]
    return table.get(normalise(text))


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse definition rows; unknown direction/aggregation/kind words are problems."""
    fields = {k: v[0] for k, v in match_columns(table.header, KIND).items()}
    prepared = Prepared(kind=KIND, sheet=table.sheet, columns={k: table.column_name(i) for k, i in fields.items()})
    m = fields["metric"]
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        if is_totals_row(cells, [m]):
            continue
        prepared.rows_read += 1
        name = str(cells[m]).strip()
        record: dict[str, Any] = {"name": name[:200]}
        if name.casefold() in seen:
            prepared.problems.append(Problem(table.sheet, row, table.column_name(m), "duplicate_name", found=name,
                                             values={"other_row": seen[name.casefold()]}))
            continue
        seen[name.casefold()] = row
        for field, choices, expected in (
            ("direction", DIRECTIONS, "up, down"),
            ("aggregation", AGGREGATIONS, "mean, sum, last"),
            ("kind", KINDS, "north_star, input, kpi, guardrail"),
        ):
            i = fields.get(field)
            if i is None or is_empty(cells[i]):
                continue
            value = _enum(cells[i], choices, raw_symbols=field == "direction")
            if value is None:
                prepared.problems.append(Problem(table.sheet, row, table.column_name(i), "invalid_choice",
                                                 found=str(cells[i]).strip()[:60], expected=expected))
            else:
                record[field] = value
        for field in ("unit", "description"):
            i = fields.get(field)
            if i is not None and not is_empty(cells[i]):
                record[field] = str(cells[i]).strip()[:40 if field == "unit" else 2000]
        prepared.rows.append(record)
    prepared.preview = prepared.rows[:20]
    prepared.summary = [{"metric": r["name"], "unit": r.get("unit", ""), "points": 0, "first": None, "last": None,
                         "segments": 0} for r in prepared.rows]
    return prepared


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new metrics, update changed definitions (old values logged for undo)."""
    table = Metric.__table__
    rows = Upserts(rec, "metric", Metric)
    existing = {r.name.casefold(): dict(r._mapping) for r in rec.conn.execute(
        select(table.c.id, table.c.name, *(table.c[f] for f in FIELDS)))}
    for record in prepared.rows:
        old = existing.get(record["name"].casefold())
        if old is None:
            rows.add(record)
        else:
            rows.change(old, {f: record[f] for f in FIELDS if f in record}, keep=())
    rows.insert()
    return rows.counts


TEMPLATE = Template(
    name="metric-definitions",
    file="metric-definitions",
    header=["metric", "unit", "direction", "aggregation", "kind", "description"],
    rows=[
        ["Weekly active teams", "count", "up", "mean", "north_star", "Teams with 3+ active members in a week"],
        ["Churn rate", "%", "down", "mean", "guardrail", "Share of paying accounts cancelled in the month"],
    ],
    columns={
        "metric": (True, "Metric, Kennzahl, Name"),
        "unit": (True, "Unit, Einheit"),
        "direction": (False, "up / down (Richtung: höher ist besser / niedriger ist besser)"),
        "aggregation": (False, "mean / sum / last (Mittelwert, Summe, letzter Wert)"),
        "kind": (False, "north_star / input / kpi / guardrail"),
        "description": (False, "Description, Beschreibung"),
    },
)


def announce(prepared: Prepared, stash: dict) -> None:
    """Metric names this sheet defines, for other sheets of the same workbook."""
    names = stash.setdefault("metrics.import.names", {})
    directions = stash.setdefault("metrics.import.directions", {})
    for record in prepared.rows:
        names.setdefault(record["name"], record.get("unit", ""))
        if record.get("direction"):
            directions.setdefault(str(record["name"]).casefold(), str(getattr(record["direction"], "value",
                                                                               record["direction"])))


register(Kind(name=KIND, order=10, detect=detect, prepare=prepare, write=write,
              announce=announce, aliases=ALIASES, templates=(TEMPLATE,),
              label_key="data.kindlabel.metric_definitions", offered=True))
