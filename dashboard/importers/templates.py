"""Template workbooks, one per kind of sheet: the columns, a filled example, the accepted names.

`python -m dashboard.importers.templates` writes them to `data/templates/` (the Data page offers the
same bytes for download).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.config import PROJECT_ROOT

TEMPLATE_DIR = PROJECT_ROOT / "data" / "templates"

# kind -> (file stem, header, example rows, {column: (required, accepted names)})
SPECS: dict[str, dict[str, Any]] = {
    "metrics": {
        "file": "metric-values-long",
        "header": ["date", "metric", "value", "segment", "unit"],
        "rows": [
            [date(2026, 10, 5), "Weekly active teams", 1240, "", "count"],
            [date(2026, 10, 5), "Activation rate", 41.5, "self-serve", "%"],
            [date(2026, 10, 12), "Weekly active teams", 1288, "", "count"],
        ],
        "columns": {
            "date": (True, "Date, Datum, Tag, Day, Week, Woche, Month, Monat"),
            "metric": (True, "Metric, Kennzahl, Metrik, KPI, Name"),
            "value": (True, "Value, Wert (1,234.5 or 1.234,5; 15 % is stored as 15)"),
            "segment": (False, "Segment, Dimension, Gruppe"),
            "unit": (False, "Unit, Einheit (count, %, €, s ...)"),
        },
    },
    "metrics-wide": {
        "file": "metric-values-wide",
        "header": ["date", "Weekly active teams", "Activation rate %", "Trial-to-paid %"],
        "rows": [
            [date(2026, 10, 5), 1240, 41.5, 8.1],
            [date(2026, 10, 12), 1288, 42.0, 8.4],
        ],
        "columns": {
            "date": (True, "first column: a date (Datum, Week, Monat ...)"),
            "(every other column)": (True, "one metric each; the header is the metric's name"),
        },
    },
    "metric-definitions": {
        "file": "metric-definitions",
        "header": ["metric", "unit", "direction", "aggregation", "kind", "description"],
        "rows": [
            ["Weekly active teams", "count", "up", "mean", "north_star", "Teams with 3+ active members in a week"],
            ["Churn rate", "%", "down", "mean", "guardrail", "Share of paying accounts cancelled in the month"],
        ],
        "columns": {
            "metric": (True, "Metric, Kennzahl, Name"),
            "unit": (True, "Unit, Einheit"),
            "direction": (False, "up / down (Richtung: höher ist besser / niedriger ist besser)"),
            "aggregation": (False, "mean / sum / last (Mittelwert, Summe, letzter Wert)"),
            "kind": (False, "north_star / input / kpi / guardrail"),
            "description": (False, "Description, Beschreibung"),
        },
    },
    "outputs": {
        "file": "outputs",
        "header": ["key", "title", "shipped_on", "type", "status", "team", "labels", "sprint", "fix version", "link"],
        "rows": [
            ["APP-1432", "Guided onboarding checklist", date(2026, 10, 14), "Story", "Done", "Growth",
             "onboarding, activation", "Sprint 42", "2026.10", "https://jira.example.com/browse/APP-1432"],
        ],
        "columns": {
            "key": (True, "Key, Issue key, ID"),
            "title": (True, "Title, Summary, Titel"),
            "shipped_on": (True, "Resolved, Erledigt, Done date, Completed, Closed"),
            "type": (False, "Type, Issue Type"),
            "status": (False, "Status"),
            "team": (False, "Team, Project name"),
            "labels": (False, "Labels (comma separated or repeated columns)"),
            "sprint": (False, "Sprint (repeated columns allowed)"),
            "fix version": (False, "Fix Version/s, Fix versions"),
            "link": (False, "Link, URL"),
        },
    },
    "objectives": {
        "file": "objectives",
        "header": ["objective", "period", "team", "owner", "description", "parent"],
        "rows": [
            ["New teams find value in their first week", "2026-Q4", "Growth", "Mara Lindqvist",
             "Activation is our biggest lever for retention", ""],
        ],
        "columns": {
            "objective": (True, "Objective, Ziel"),
            "period": (True, "Period, Quarter, Quartal (2026-Q4)"),
            "team": (False, "Team"),
            "owner": (False, "Owner, Verantwortlich"),
            "description": (False, "Description, Beschreibung"),
            "parent": (False, "Parent objective"),
        },
    },
    "key-results": {
        "file": "key-results",
        "header": ["objective", "key result", "baseline", "target", "metric", "unit", "stretch"],
        "rows": [
            ["New teams find value in their first week", "Raise activation rate from 38 % to 45 %", 38, 45,
             "Activation rate", "%", 48],
        ],
        "columns": {
            "objective": (True, "Objective, Ziel"),
            "key result": (True, "Key result, Schlüsselergebnis"),
            "baseline": (True, "Baseline, Ausgangswert"),
            "target": (True, "Target, Zielwert"),
            "metric": (False, "Metric, Kennzahl"),
            "unit": (False, "Unit, Einheit"),
            "stretch": (False, "Stretch"),
        },
    },
    "hypotheses": {
        "file": "hypotheses",
        "header": ["hypothesis", "metric", "expected change", "output", "window days", "key result", "guardrail",
                   "segment", "control segments", "control metric", "status"],
        "rows": [
            ["A guided checklist lifts activation for new self-serve teams", "Activation rate", "+15%",
             "APP-1432", 28, "Raise activation rate from 38 % to 45 %", "Churn rate", "", "", "", "shipped"],
            ["A German checkout lifts checkout starts in Germany", "Checkout starts", "+10%", "APP-1501", "", "",
             "", "DE", "FR, NL", "", "planned"],
        ],
        "columns": {
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
    },
    "check-ins": {
        "file": "check-ins",
        "header": ["objective", "period", "key result", "date", "value", "confidence", "comment"],
        "rows": [
            ["New teams find value in their first week", "2026-Q4", "Raise activation rate from 38 % to 45 %",
             date(2026, 11, 20), "", 7, "On plan."],
        ],
        "columns": {
            "objective": (True, "Objective, Ziel"),
            "period": (False, "Period, Quarter, Quartal (2026-Q4); needed when the title is used in several quarters"),
            "key result": (True, "Key result, Schlüsselergebnis"),
            "date": (True, "Date, Datum"),
            "value": (False, "Value, Wert (for key results without a metric)"),
            "confidence": (False, "Confidence, Zuversicht (0-10); a row needs a value or a confidence"),
            "comment": (False, "Comment, Kommentar"),
        },
    },
    "learnings": {
        "file": "learnings",
        "header": ["learning", "team", "believed", "happened", "next time", "status", "supports", "contradicts"],
        "rows": [
            ["Checklists help only the teams that start alone", "Growth",
             "A guided checklist would lift activation for every new team.",
             "Self-serve teams activated more often; teams onboarded by sales did not change.",
             "Aim onboarding bets at self-serve teams.", "open",
             "A guided checklist lifts activation for new self-serve teams", ""],
        ],
        "columns": {
            "learning": (True, "Learning, Erkenntnis, Title"),
            "team": (False, "Team"),
            "believed": (True, "Believed, Angenommen (one of believed, happened, next time)"),
            "happened": (False, "Happened, Passiert"),
            "next time": (False, "Next time, Nächstes Mal"),
            "status": (False, "draft, open, closed (Entwurf, offen, geschlossen)"),
            "supports": (False, "Hypotheses (statements) that support it, one per line"),
            "contradicts": (False, "Hypotheses (statements) that contradict it, one per line"),
        },
    },
}


def template_names() -> list[str]:
    """Every template, in the order the Data page lists them."""
    return list(SPECS)


def template_file_name(kind: str) -> str:
    """The file name a template is offered under."""
    return f"template-{SPECS[kind]['file']}.xlsx"


def build_template(kind: str) -> bytes:
    """The template workbook for a kind: the data sheet with examples, then the accepted column names."""
    import xlsxwriter

    spec = SPECS[kind]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(kind.replace("-", " ").title()[:31])
    for col, name in enumerate(spec["header"]):
        sheet.write_string(0, col, name, bold)
        sheet.set_column(col, col, max(14, len(name) + 4))
    for r, row in enumerate(spec["rows"], start=1):
        for col, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, col, value, day)
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    help_sheet = book.add_worksheet("Accepted columns")
    for col, name in enumerate(["column", "required", "accepted names and values"]):
        help_sheet.write_string(0, col, name, bold)
    for r, (name, (required, names)) in enumerate(spec["columns"].items(), start=1):
        help_sheet.write_string(r, 0, name)
        help_sheet.write_string(r, 1, "yes" if required else "no")
        help_sheet.write_string(r, 2, names)
    help_sheet.set_column(0, 0, 22)
    help_sheet.set_column(2, 2, 80)
    book.close()
    return buffer.getvalue()


def write_templates(target: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in SPECS:
        path = target / template_file_name(kind)
        path.write_bytes(build_template(kind))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for written in write_templates():
        print(written)
