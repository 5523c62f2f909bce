"""Outputs: issue-tracker exports (Jira, Linear, Azure DevOps, GitHub Projects) and hand-made lists.

One row is one piece of work, upserted by its key. The ship date is the resolved / completed /
closed date; in Jira Cloud an item whose `Status Category` is Done but whose `Resolved` is empty
(workflows that set no resolution) shipped when its status category changed. Items not done are
stored without a ship date. Repeated columns (Jira's `Sprint` x16, `Labels` x3) become lists, as do
single cells holding several values (`Feature, Pricing`, `export; review`). A GitHub Projects
export has no key column: the key comes from the item's URL (`acme/app#310`), and draft items
without a URL are skipped with a note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from dashboard.i18n import fmt_date, t
from dashboard.importers.headers import field_for, is_total_label, match_columns, normalise
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable
from dashboard.importers.registry import Kind, PrepareContext, Prepared, Template, register
from dashboard.importers.rows import Upserts, team_of
from dashboard.importers.store import Recorder
from dashboard.importers.values import cell_text, date_order
from dashboard.links import safe_link
from dashboard.models import ImportKind, Output, OutputCreate, Team
from dashboard.parsing import is_empty, parse_date

KIND = ImportKind.outputs
LIST_FIELDS = ("labels", "sprints", "fix_versions", "components")
TEXT_FIELDS = ("type", "status", "link")
DATE_EXAMPLES = "22/Dec/25 2:38 PM, Tue May 14 2024 08:53:33 GMT+0000, 2026-11-24, 24.11.2026, 11/24/2026"
# Readable column names for messages (the alias table holds normalised forms).
READABLE = {
    "key": "Issue key, Key, ID, Schlüssel, Clé de ticket",
    "title": "Summary, Title, Titel, Zusammenfassung, Résumé",
    "shipped_on": "Resolved, Erledigt, Résolue, Done date, Completed, Closed Date, Geschlossen am, shipped_on "
                  "(or Status Category with Status Category Changed)",
}

ALIASES = {
    "key": [
        "issue key", "key", "schlüssel", "vorgangsschlüssel", "clé", "clé de ticket", "clé du ticket",
        "clé de demande", "id", "identifier", "ticket", "ticket id", "work item id", "item id", "issue",
        "output key",
    ],
    # Jira's numeric id next to the key: recognised so that it is never taken for the key.
    "issue_id": ["issue id", "id de ticket", "vorgangs-id", "id du ticket"],
    "title": [
        "summary", "titel", "zusammenfassung", "résumé", "titre", "subject", "betreff", "issue title",
        "work item title",
    ],
    "type": [
        "issue type", "typ", "vorgangstyp", "type de ticket", "type de demande", "work item type",
        "arbeitselementtyp", "item type",
    ],
    "status": ["state", "zustand", "état", "statut"],
    "team": ["team name", "équipe", "equipe"],
    "project": [
        "project name", "project", "projektname", "projekt", "nom du projet", "projet", "team project",
        "teamprojekt",
    ],
    "shipped_on": [
        "shipped on", "shipped", "ship date", "resolved", "resolved date", "resolution date", "erledigt",
        "gelöst", "résolue", "résolu le", "date de résolution", "done date", "date done", "done on",
        "completed", "completed at", "completed date", "completion date", "closed", "closed date",
        "closed at", "geschlossen am", "geschlossen", "abgeschlossen am", "fertig am", "ausgeliefert am",
        "release date", "released on", "date de clôture",
    ],
    "resolution": ["lösung", "résolution", "resolution status"],
    "status_category": ["status category", "statuskategorie", "catégorie d'état", "catégorie de statut"],
    "status_category_changed": [
        "status category changed", "statuskategorie geändert", "catégorie de statut modifiée",
        "catégorie d'état modifiée",
    ],
    "labels": ["label", "stichwörter", "stichwort", "schlagwörter", "étiquettes", "étiquette", "tags", "tag"],
    "sprints": ["sprint", "cycle", "cycle name", "iteration", "iteration path", "iterationspfad"],
    "fix_versions": [
        "fix version/s", "fix versions", "fix version", "lösungsversion(en)", "lösungsversion",
        "version(s) corrigée(s)", "versions corrigées", "milestone", "meilenstein",
    ],
    "components": ["component/s", "component", "komponente/n", "komponente", "composants", "composant/s"],
    "link": ["url", "issue url", "web link", "web url"],
}

# Resolutions and states that close an item without shipping it (Jira, Azure DevOps, Linear; en/de/fr).
# Jira files them under the Done category, so a resolved date alone does not mean shipped.
NOT_SHIPPED = {
    normalise(v) for v in (
        "Won't Do", "Won't Fix", "Wont Fix", "Wont Do", "Duplicate", "Cannot Reproduce", "Declined", "Rejected",
        "Incomplete", "Obsolete", "Canceled", "Cancelled", "Aborted", "Removed", "Abandoned", "Not Doing",
        "Out of Scope", "Invalid",
        "Abgelehnt", "Duplikat", "Wird nicht behoben", "Wird nicht erledigt", "Wird nicht umgesetzt",
        "Nicht reproduzierbar", "Abgebrochen", "Storniert", "Entfernt", "Verworfen", "Abgesagt", "Veraltet",
        "Gestrichen", "Nicht umgesetzt", "Ungültig",
        "Ne sera pas corrigé", "Ne sera pas fait", "Doublon", "Impossible à reproduire", "Annulé", "Annulée",
        "Rejeté", "Rejetée", "Refusé", "Refusée", "Abandonné", "Abandonnée", "Obsolète", "Interrompu", "Invalide",
    )
}
# These words also count inside a status such as `Closed - Won't Fix` or `Done (Cancelled)`.
_NOT_SHIPPED_WORDS = tuple(normalise(v) for v in (
    "cancelled", "canceled", "aborted", "rejected", "declined", "obsolete", "duplicate", "won't fix", "won't do",
    "abandoned", "abgebrochen", "abgelehnt", "verworfen", "duplikat", "storniert", "annulé", "rejeté", "refusé",
    "abandonné", "doublon",
))


def closes_without_shipping(value: object) -> bool:
    """True for a status or resolution that closes an item without shipping it (`Cancelled`, `Verworfen`)."""
    text = normalise(value)
    return bool(text) and (text in NOT_SHIPPED or any(word in text for word in _NOT_SHIPPED_WORDS))


# A status category that means "done", in the languages Jira exports.
DONE_CATEGORIES = {"done", "erledigt", "fertig", "termine", "terminee", "abgeschlossen", "complete", "completed"}
_ITEM_KINDS = {"issues", "pull", "pulls", "merge_requests", "work_items"}
_SPLIT = re.compile(r"\s*[;,]\s*")
def _date(cell: Any, order: str) -> date | None:
    return parse_date(cell, order)


_PANDAS_SUFFIX = re.compile(r"^(.+)\.(\d+)$")


def columns(header: list[str]) -> dict[str, list[int]]:
    """Field -> column indexes; `Sprint.1` (a repeated column renamed by pandas or Excel) counts as `Sprint`."""
    cleaned = []
    for cell in header:
        m = _PANDAS_SUFFIX.match(str(cell or "").strip())
        base_field = field_for(m.group(1), KIND) if m else None
        cleaned.append(m.group(1) if m and base_field in LIST_FIELDS else cell)
    return match_columns(cleaned, KIND)


def detect(table: RawTable) -> float:
    """An issue list: a key (or item URLs) and a title; each further known column adds certainty."""
    fields = columns(table.header)
    if "title" not in fields:
        return 0.0
    extras = sum(f in fields for f in ("shipped_on", "status", "type", "sprints", "labels", "fix_versions",
                                       "project", "team", "status_category"))
    if "key" in fields:
        return min(0.99, 0.7 + 0.05 * extras)
    if "link" in fields and extras:
        return min(0.9, 0.5 + 0.05 * extras)
    return 0.0


def _detect(table: RawTable) -> float:
    score = detect(table)
    if score == 0.0:
        # A key next to tracker columns but no title: claim it weakly, so that the user is told the
        # title column is missing instead of getting a generic "nothing recognised".
        fields = columns(table.header)
        if "key" in fields and {"shipped_on", "status", "type"} & fields.keys():
            return 0.05
    return score


def _values(cells: list[Any], indexes: list[int]) -> list[str]:
    """A multi-value field: one value per repeated column, or several values in one cell."""
    out: list[str] = []
    for i in indexes:
        text = cell_text(cells[i] if i < len(cells) else None)
        if not text:
            continue
        parts = [text] if len(indexes) > 1 else [p for p in _SPLIT.split(text) if p]
        for part in parts:
            if part not in out:
                out.append(part[:200])
    return out


def _key_from_url(url: str) -> str:
    """`https://github.com/acme/app/issues/310` -> `acme/app#310` (GitLab's `/-/issues/12` likewise)."""
    from urllib.parse import urlparse

    parts = [p for p in urlparse(url).path.split("/") if p and p != "-"]
    for i, part in enumerate(parts):
        if part.lower() in _ITEM_KINDS and i + 1 < len(parts) and parts[i + 1].isdigit() and i >= 1:
            return "/".join(parts[max(0, i - 2):i]) + "#" + parts[i + 1]
    return ""


def _column_label(table: RawTable, indexes: list[int]) -> str:
    name = table.column_name(indexes[0])
    return f"{name} ×{len(indexes)}" if len(indexes) > 1 else name


@dataclass
class _Plan:
    """Which columns hold what, decided once per table."""

    cols: dict[str, list[int]]
    key_i: int | None
    title_i: int
    link_i: int | None
    date_cols: list[int]
    category_i: int | None
    changed_i: int | None
    orders: dict[int, str]
    team_cols: list[int]
    provided: frozenset[str]

    @property
    def has_dates(self) -> bool:
        return bool(self.date_cols) or (self.category_i is not None and self.changed_i is not None)


@dataclass
class _Counts:
    drafts: int = 0
    by_category: int = 0
    closed_unshipped: int = 0


def _plan(table: RawTable, ctx: PrepareContext, prepared: Prepared) -> _Plan | None:
    """The table's columns; None (with a problem) when neither a key (or link) nor a title column is found."""
    cols = columns(table.header)
    key_i = cols["key"][0] if "key" in cols else None
    title_i = cols["title"][0] if "title" in cols else None
    link_i = cols["link"][0] if "link" in cols else None
    if title_i is None or (key_i is None and link_i is None):
        missing = [f for f, i in (("key", key_i), ("title", title_i)) if i is None]
        prepared.problems.append(Problem(
            table.sheet, table.header_row, "", "outputs_missing_columns",
            found=", ".join(h for h in table.header[:8] if h),
            expected="; ".join(f"{f} ({READABLE[f]})" for f in missing),
        ))
        return None
    date_cols = cols.get("shipped_on", [])
    category_i = cols["status_category"][0] if "status_category" in cols else None
    changed_i = cols["status_category_changed"][0] if "status_category_changed" in cols else None
    orders = {i: date_order(table.column(i))[0] for i in [*date_cols, *([changed_i] if changed_i is not None else [])]}
    team_cols = cols.get("team") or cols.get("project") or []
    plan = _Plan(cols, key_i, title_i, link_i, date_cols, category_i, changed_i, orders, team_cols, frozenset())
    # Only what the file holds is compared and updated: a re-import without a date column keeps ship dates.
    plan.provided = frozenset({"title", "key"} | {f for f in (*TEXT_FIELDS, *LIST_FIELDS) if f in cols}
                              | ({"shipped_on"} if plan.has_dates else set())
                              | ({"team"} if team_cols or ctx.team else set()))
    return plan


def _key(table: RawTable, plan: _Plan, cells: list[Any]) -> tuple[str, str, bool]:
    """The row's tracker key, the column it came from, and whether the row is a draft without a link."""
    if plan.key_i is not None:
        return cell_text(cells[plan.key_i]), table.column_name(plan.key_i), False
    url = cell_text(cells[plan.link_i])
    return _key_from_url(url) or url, table.column_name(plan.link_i), not url


def _bad_date(table: RawTable, row: int, index: int, cells: list[Any]) -> Problem:
    return Problem(table.sheet, row, table.column_name(index), "invalid_date",
                   found=cell_text(cells[index])[:60], expected=DATE_EXAMPLES)


def _shipped_on(table: RawTable, plan: _Plan, row: int, cells: list[Any], counts: _Counts,
                problems: list[Problem]) -> tuple[date | None, bool]:
    """The ship date (a date column, else when a done status category was reached); False on a bad date.
    Closed without shipping (Won't Do, Duplicate, Canceled) means no ship date."""
    shipped: date | None = None
    for i in plan.date_cols:
        if is_empty(cells[i]):
            continue
        shipped = _date(cells[i], plan.orders[i])
        if shipped is None:
            problems.append(_bad_date(table, row, i, cells))
            return None, False
        break
    changed = plan.changed_i
    if (shipped is None and plan.category_i is not None and changed is not None
            and normalise(cells[plan.category_i]) in DONE_CATEGORIES and not is_empty(cells[changed])):
        shipped = _date(cells[changed], plan.orders[changed])
        if shipped is None:
            problems.append(_bad_date(table, row, changed, cells))
            return None, False
        counts.by_category += 1
    if shipped is not None and any(closes_without_shipping(cells[plan.cols[f][0]])
                                   for f in ("resolution", "status") if f in plan.cols):
        counts.closed_unshipped += 1
        return None, True
    return shipped, True


def _record(plan: _Plan, ctx: PrepareContext, row: int, key: str, title: str, shipped: date | None,
            cells: list[Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"row": row, "key": key, "title": title, "shipped_on": shipped, "provided": plan.provided}
    for field in TEXT_FIELDS:
        if field in plan.cols:
            record[field] = cell_text(cells[plan.cols[field][0]])
    if "type" in record and not record["type"]:
        record["type"] = "feature"
    if plan.link_i is not None:
        record["link"] = safe_link(record.get("link", ""))
    for field in LIST_FIELDS:
        if field in plan.cols:
            record[field] = _values(cells, plan.cols[field])
    team = ctx.team or next((cell_text(cells[i]) for i in plan.team_cols if cell_text(cells[i])), "")
    record["team"] = team.strip()[:120] or None
    return record


def _checked(table: RawTable, plan: _Plan, record: dict[str, Any], problems: list[Problem]) -> bool:
    """Validate through the Create model (lengths); the key and title take its cleaned form."""
    try:
        checked = OutputCreate.model_validate(
            {k: v for k, v in record.items() if k not in ("row", "team", "provided")} | {"type": record.get("type") or "feature"}
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err.get("loc") else ""
        index = {"key": plan.key_i, "title": plan.title_i}.get(field, plan.cols.get(field, [None])[0])
        problems.append(Problem(
            table.sheet, record["row"], table.column_name(index) if index is not None else field, "outputs_too_long",
            found=cell_text(record.get(field, ""))[:60], values={"max": (err.get("ctx") or {}).get("max_length", "")},
        ))
        return False
    record["key"], record["title"] = checked.key, checked.title
    return True


def prepare(table: RawTable, ctx: PrepareContext) -> Prepared:
    """Parse every row into an output record; missing keys/titles, duplicate keys and bad dates are problems."""
    prepared = Prepared(kind=KIND, sheet=table.sheet)
    # Roles other than key and title get an `outputs_` prefix: the Data page labels them `data.role.<role>`.
    prepared.columns = {(f if f in ("key", "title") else f"outputs_{f}"): _column_label(table, idx)
                        for f, idx in columns(table.header).items() if f != "issue_id"}
    plan = _plan(table, ctx, prepared)
    if plan is None:
        return prepared
    seen: dict[str, int] = {}
    counts = _Counts()
    problems = prepared.problems
    for row, cells in table.rows:
        if all(is_empty(c) for c in cells):
            continue
        # A totals row below a hand-made list (`Total`, `Summe`): no tracker key reads like that.
        if is_total_label(cells[plan.key_i if plan.key_i is not None else plan.title_i]):
            continue
        prepared.rows_read += 1
        title = cell_text(cells[plan.title_i])
        key, key_column, draft = _key(table, plan, cells)
        if draft:
            counts.drafts += 1  # a GitHub draft item: nothing in a tracker to follow it by
            continue
        if not key:
            problems.append(Problem(table.sheet, row, key_column, "outputs_missing_key", expected=READABLE["key"]))
            continue
        if key in seen:
            problems.append(Problem(table.sheet, row, key_column, "outputs_duplicate_key", found=key,
                                    values={"other_row": seen[key]}))
            continue
        seen[key] = row
        if not title:
            problems.append(Problem(table.sheet, row, table.column_name(plan.title_i), "outputs_missing_title",
                                    found=key))
            continue
        shipped, ok = _shipped_on(table, plan, row, cells, counts, problems)
        record = _record(plan, ctx, row, key, title, shipped, cells) if ok else None
        if record is not None and _checked(table, plan, record, problems):
            prepared.rows.append(record)

    _notes(prepared, table, has_dates=plan.has_dates, drafts=counts.drafts, by_category=counts.by_category, ctx=ctx)
    if counts.closed_unshipped:
        prepared.notes.append({"code": "outputs_closed_unshipped", "count": counts.closed_unshipped})
    prepared.preview = preview(prepared.rows[:20])
    # The Data page's summary table is about metrics; per team figures go into notes instead.
    prepared.notes.extend({"code": "outputs_team_summary" if s["team"] else "outputs_no_team_summary", **s}
                          for s in summarise(prepared.rows))
    return prepared


def _notes(prepared: Prepared, table: RawTable, *, has_dates: bool, drafts: int, by_category: int,
           ctx: PrepareContext) -> None:
    not_shipped = sum(1 for r in prepared.rows if r["shipped_on"] is None)
    if not has_dates and prepared.rows:
        prepared.notes.append({"code": "outputs_no_date_column", "count": len(prepared.rows),
                               "expected": READABLE["shipped_on"]})
    elif not_shipped:
        prepared.notes.append({"code": "outputs_not_shipped", "count": not_shipped})
    if by_category:
        prepared.notes.append({"code": "outputs_done_by_status_category", "count": by_category})
    if drafts:
        prepared.notes.append({"code": "outputs_skipped_drafts", "count": drafts})
    names = sorted({r["team"] for r in prepared.rows if r.get("team")}, key=str.casefold)
    if names and ctx.session is not None:
        known = {n.casefold() for n in ctx.session.execute(select(Team.name)).scalars()}
        new = [n for n in names if n.casefold() not in known]
        if new:
            prepared.notes.append({"code": "outputs_new_teams", "teams": ", ".join(new), "count": len(new)})


def preview(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rows as they will be stored, with headers and dates in the current language (Data page preview)."""
    return [
        {
            t("common.key"): r["key"], t("common.title"): r["title"], t("common.type"): r.get("type") or "feature",
            t("common.team"): r.get("team") or "—", t("common.status"): r.get("status") or "—",
            t("outputs.shipped_on"): fmt_date(r["shipped_on"]) if r["shipped_on"] else t("outputs.not_shipped"),
            t("outputs.labels"): ", ".join(r.get("labels", [])), t("outputs.sprints"): ", ".join(r.get("sprints", [])),
            t("outputs.fix_versions"): ", ".join(r.get("fix_versions", [])),
        }
        for r in rows
    ]


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per team: outputs in the file, how many shipped (and between which ship dates), how many not."""
    out = []
    teams = Counter(r.get("team") or "" for r in rows)
    for team in sorted(teams, key=str.casefold):
        own = [r for r in rows if (r.get("team") or "") == team]
        days = [r["shipped_on"] for r in own if r["shipped_on"]]
        # Formatted now, in the language of the page or command that analyses the file.
        span = f" ({fmt_date(min(days))} – {fmt_date(max(days))})" if days else ""
        out.append({"team": team, "outputs": len(own), "shipped": len(days), "span": span,
                    "not_shipped": len(own) - len(days)})
    return out


def write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    """Insert new outputs, update changed ones by key (old values logged for undo), count the rest."""
    rows = Upserts(rec, "output", Output)
    provided = prepared.rows[0]["provided"] if prepared.rows else set()
    team_ids = rec.team_ids(r.get("team") for r in prepared.rows)
    t = Output.__table__
    fields = ["title", *(f for f in (*TEXT_FIELDS, *LIST_FIELDS, "shipped_on") if f in provided)]
    existing: dict[str, dict[str, Any]] = {}
    keys = [r["key"] for r in prepared.rows]
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        for row in rec.conn.execute(select(t).where(t.c.key.in_(chunk))).mappings():
            existing[row["key"]] = dict(row)
    total = max(1, len(prepared.rows))
    for n, record in enumerate(prepared.rows, start=1):
        values = {f: record.get(f) for f in fields}
        if "team" in provided:
            values["team_id"] = team_of(team_ids, record.get("team"))
        old = existing.get(record["key"])
        if old is None:
            rows.add({"key": record["key"], **values, "import_id": rec.import_id})
        else:
            rows.change(old, values, keep=("import_id", "updated_by", "updated_at"), import_id=rec.import_id)
        if n % 500 == 0:
            rec.progress(n / total)
    rows.insert()
    return rows.counts


TEMPLATE = Template(
    name="outputs",
    file="outputs",
    header=["key", "title", "shipped_on", "type", "status", "team", "labels", "sprint", "fix version", "link"],
    rows=[
        ["APP-1432", "Guided onboarding checklist", date(2026, 10, 14), "Story", "Done", "Growth",
         "onboarding, activation", "Sprint 42", "2026.10", "https://jira.example.com/browse/APP-1432"],
    ],
    columns={
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
)


def announce(prepared: Prepared, stash: dict) -> None:
    """Output keys this sheet creates, for hypotheses in the same workbook."""
    stash.setdefault("outputs.import.keys", set()).update(r["key"] for r in prepared.rows)


register(Kind(name=KIND, order=30, detect=_detect, prepare=prepare, write=write,
              announce=announce, aliases=ALIASES, templates=(TEMPLATE,), label_key="data.kindlabel.outputs"))
