"""Analyse a file (what would be imported, and what is wrong) and import it in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.access import Actor, require
from dashboard.importers.headers import header_signature
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable, read_file
from dashboard.importers.registry import STASH_KEYS, PrepareContext, Prepared, detect_kind, get_kind, load_kinds
from dashboard.importers.safety import existing_metric_names, new_metrics_problem
from dashboard.importers.store import ImportOutcome, Recorder, run_import
from dashboard.models import ImportKind, ImportMapping, Role, utcnow

SKIP = "skip"


@dataclass
class TablePlan:
    """One table of the file and what the importer makes of it."""

    table_id: str  # sheet name, `#2` for a CSV's second table, or `` for a single CSV table
    table: RawTable
    kind: str | None
    score: float
    signature: str
    prepared: Prepared | None = None
    remembered: bool = False

    @property
    def importable(self) -> bool:
        return self.prepared is not None and not self.prepared.skipped and bool(self.prepared.rows)


@dataclass
class Analysis:
    """Everything known about a file before anything is stored."""

    file_name: str
    sha256: str
    file_type: str | None
    plans: list[TablePlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def prepared(self) -> list[Prepared]:
        return [p.prepared for p in self.plans if p.importable]

    @property
    def kind(self) -> str:
        kinds = {p.kind for p in self.prepared}
        if kinds == {"metrics", "metric-definitions"}:
            return "metrics"
        if len(kinds) > 1:
            return "workspace"
        return next(iter(kinds), "metrics")

    @property
    def sheets(self) -> str:
        return ", ".join(p.sheet for p in self.prepared if p.sheet)

    @property
    def rows_read(self) -> int:
        return sum(p.rows_read for p in self.prepared)


def remembered_choice(session: Session | None, signature: str) -> dict[str, Any] | None:
    """The column choices a user saved for files with this header, if any."""
    if session is None:
        return None
    row = session.get(ImportMapping, signature)
    return dict(row.mapping) if row else None


def remember_choice(*, session: Session, signature: str, choice: dict[str, Any], user: Actor | str) -> None:
    """Save a user's column choices for the next file with the same header."""
    user = str(user)
    row = session.get(ImportMapping, signature)
    if row is None:
        session.add(ImportMapping(signature=signature, mapping=choice, updated_by=user))
    else:
        row.mapping = dict(choice)
        row.updated_at = utcnow()
        row.updated_by = user
    session.flush()


def _no_data_problem(analysis: Analysis) -> Problem:
    from dashboard.i18n import t

    # In the reader's language: the importer accepts both, but suggests the page's own words.
    expected = t("import.expected.long_columns")
    sheets = ", ".join(p.table_id or analysis.file_name for p in analysis.plans) or analysis.file_name
    return Problem(code="no_data", found=sheets, expected=expected)


def analyse(
    data: bytes, file_name: str, *, session: Session | None = None, kind: str | None = None,
    sheet: str | None = None, choices: dict[str, dict[str, Any]] | None = None, team: str | None = None,
) -> Analysis:
    """Read, recognise and validate every table of a file; stores nothing."""
    load_kinds()
    read = read_file(data, file_name)
    analysis = Analysis(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), file_type=read.file_type,
                        problems=list(read.problems), notes=list(read.notes))
    if read.problems:
        return analysis
    tables = [t for t in read.tables if t.sheet == sheet] if sheet else read.tables
    if sheet and not tables:
        names = ", ".join(t.sheet for t in read.tables if t.sheet) or "—"
        analysis.problems.append(Problem(code="unknown_sheet", found=sheet, expected=names))
        return analysis
    allowed = None
    if kind and kind != ImportKind.workspace:
        allowed = [kind, ImportKind.metric_definitions] if kind == ImportKind.metrics else [kind]
    if session is not None:
        for key in STASH_KEYS:  # names announced by an earlier file must not leak into this one
            session.info.pop(key, None)
    pending = [found for table in tables
               if (found := _recognise(analysis, table, dict((choices or {}).get(table.sheet, {})), session, allowed))]
    # Prepare in dependency order (metrics before the key results and hypotheses that name them), so
    # that a workbook's sheets may refer to what its earlier-ordered sheets create.
    for plan, table, choice in sorted(pending, key=lambda p: get_kind(p[0].kind).order):
        _prepare(plan, table, PrepareContext(session=session, choice=choice, team=team, file_name=file_name))
    _collect(analysis, session)
    return analysis


def _recognise(analysis: Analysis, table: RawTable, choice: dict[str, Any], session: Session | None,
               allowed: list[str] | None) -> tuple[TablePlan, RawTable, dict[str, Any]] | None:
    """Which kind a table is: the user's choice, one remembered for its header, or detected. Adds the
    table's plan to `analysis`; returns what is to be prepared (None: skipped or not recognised)."""
    signature = header_signature(table.header)
    remembered = False
    if not choice:
        saved = remembered_choice(session, signature)
        if saved:
            choice, remembered = saved, True
    if choice.get("kind") == SKIP:
        analysis.plans.append(TablePlan(table.sheet, table, None, 0.0, signature))
        return None
    if not choice.get("kind") and isinstance(choice.get("date"), int):
        choice["kind"] = ImportKind.metrics.value  # the user named a date column: a metric table
    if choice.get("kind") and choice["kind"] in load_kinds() and (not allowed or choice["kind"] in allowed):
        found, score = choice["kind"], 1.0
    else:
        found, score = detect_kind(table, allowed)
    plan = TablePlan(table.sheet, table, found, score, signature, remembered=remembered)
    analysis.plans.append(plan)
    if found:
        return plan, table, choice
    code = "unknown_table" if table.rows else "empty_table"
    analysis.notes.append({"code": code, "sheet": table.sheet or analysis.file_name,
                           "columns": ", ".join(h for h in table.header[:8] if h)})
    return None


def _prepare(plan: TablePlan, table: RawTable, ctx: PrepareContext) -> None:
    kind = get_kind(plan.kind)
    try:
        plan.prepared = kind.prepare(table, ctx)
        if kind.announce and ctx.session is not None and not plan.prepared.problems:
            kind.announce(plan.prepared, ctx.session.info)
    except Exception as exc:  # noqa: BLE001 - a kind's bug must not become a traceback for the user
        plan.prepared = Prepared(kind=plan.kind, sheet=table.sheet, problems=[
            Problem(sheet=table.sheet, code="unreadable", found=type(exc).__name__)])
    plan.prepared.choice = {**plan.prepared.choice, "kind": plan.kind}


def _collect(analysis: Analysis, session: Session | None) -> None:
    """Every table's problems and notes on the analysis, and the checks that hold for the whole file."""
    for plan in analysis.plans:
        if plan.prepared is not None:
            analysis.problems.extend(plan.prepared.problems)
    if not analysis.problems:
        # The limit holds for the whole file, however many sheets share the new metrics.
        names = [e["metric"] for p in analysis.prepared
                 if p.kind in (ImportKind.metrics, ImportKind.metric_definitions) for e in p.summary]
        too_many = new_metrics_problem(names, existing_metric_names(session))
        if too_many is not None:
            analysis.problems.append(too_many)
    for plan in analysis.plans:
        if plan.prepared is not None:
            analysis.notes.extend({"sheet": plan.table_id or analysis.file_name, **n} for n in plan.prepared.notes)
    if not analysis.problems and not analysis.prepared:
        analysis.problems.append(_no_data_problem(analysis))


def _write(prepared: Prepared, rec: Recorder) -> dict[str, int]:
    return get_kind(prepared.kind).write(prepared, rec)


def _store(analysis: Analysis, *, engine: Engine, user: Actor | str, progress: Callable[[float], None] | None = None,
           dry_run: bool = False) -> ImportOutcome:
    """Write an analysed file's tables in dependency order (metrics before what names them) in one transaction."""
    ordered = sorted(analysis.prepared, key=lambda p: get_kind(p.kind).order)
    return run_import(engine=engine, file_name=analysis.file_name, sha256=analysis.sha256, kind=analysis.kind,
                      sheet=analysis.sheets, user=user, prepared=ordered, write=_write, progress=progress,
                      notes=analysis.notes, dry_run=dry_run)


def import_analysis(
    analysis: Analysis, *, engine: Engine, user: Actor | str, progress: Callable[[float], None] | None = None,
    remember: dict[str, dict[str, Any]] | None = None,
) -> ImportOutcome:
    """Store an analysed file in one transaction (nothing when it has problems)."""
    if analysis.problems:
        outcome = ImportOutcome(problems=list(analysis.problems), notes=list(analysis.notes))
        outcome.counts["read"] = analysis.rows_read
        outcome.counts["rejected"] = analysis.rows_read
        return outcome
    outcome = _store(analysis, engine=engine, user=user, progress=progress)
    if outcome.ok and remember:
        with Session(engine) as session:
            for plan in analysis.plans:
                if plan.table_id in remember:
                    remember_choice(session=session, signature=plan.signature, choice=remember[plan.table_id],
                                    user=user)
            session.commit()
    return outcome


def import_file(
    data: bytes, file_name: str, *, engine: Engine, user: Actor | str, kind: str | None = None, sheet: str | None = None,
    team: str | None = None, dry_run: bool = False, choices: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[Analysis, ImportOutcome]:
    """Analyse and (unless `dry_run` or a problem) store a file; the one entry point for page and CLI."""
    require(user, Role.editor, "import files")
    with Session(engine) as session:
        analysis = analyse(data, file_name, session=session, kind=kind, sheet=sheet, choices=choices, team=team)
    if analysis.problems:
        outcome = ImportOutcome(problems=list(analysis.problems), notes=list(analysis.notes))
        outcome.counts["read"] = analysis.rows_read
        outcome.counts["rejected"] = analysis.rows_read
        return analysis, outcome
    if dry_run:
        # Write everything in a transaction that is rolled back: exact counts, nothing stored.
        return analysis, _store(analysis, engine=engine, user=user, dry_run=True)
    return analysis, import_analysis(analysis, engine=engine, user=user, progress=progress, remember=choices)


def imports_list(*, session: Session) -> list[dict[str, Any]]:
    """Every import, newest first, as plain records (CLI and page)."""
    from dashboard.models import ImportBatch

    rows = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).all()
    return [
        {"id": r.id, "file": r.file_name, "sheet": r.sheet, "kind": r.kind, "by": r.created_by,
         "at": r.created_at, "read": r.rows_read, "inserted": r.inserted, "updated": r.updated,
         "unchanged": r.unchanged, "rejected": r.rejected, "undone_at": r.undone_at}
        for r in rows
    ]
