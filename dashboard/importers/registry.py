"""The kind registry: every kind of sheet (metrics, outputs, objectives, ...) plugs in here.

A kind module in `dashboard/importers/kinds/<kind>.py` calls `register(Kind(...))` at import time.
The `Kind` is the one place that names what belongs to a kind: its name (a `dashboard.models.ImportKind`),
the column names it accepts (`aliases`, registered with `headers.register_aliases`), its template
workbooks (`templates`: columns, example rows, accepted names) and its label on the Data page
(`label_key`). The template files, the Data page's list of kinds and templates and the command
line's choices are read from here (`kinds()`, `templates()`).
`Kind.detect(table)` scores a RawTable's header (0 = not this kind, 1 = certain);
`Kind.prepare(table, ctx)` parses and validates every row WITHOUT writing (it may read the database
through `ctx.session`) and returns a `Prepared`; `Kind.write(prepared, rec)` writes it inside the
import's one transaction through the `Recorder` (see `dashboard.importers.store`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dashboard.importers.headers import register_aliases
from dashboard.importers.problems import Problem
from dashboard.importers.reading import RawTable
from dashboard.models import ImportKind

if TYPE_CHECKING:
    from sqlmodel import Session

    from dashboard.importers.store import Recorder


@dataclass
class PrepareContext:
    """What a kind may use while preparing: a read-only session, the user's choices, the team."""

    session: Session | None = None
    choice: dict[str, Any] = field(default_factory=dict)  # user's column choices for this table
    team: str | None = None
    file_name: str = ""


@dataclass
class Prepared:
    """A table parsed and validated by a kind, ready to be written (or refused, if `problems`)."""

    kind: str
    sheet: str
    rows: list[Any] = field(default_factory=list)  # kind-specific records
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)  # {"code": ..., **values}
    columns: dict[str, str] = field(default_factory=dict)  # role -> column name used (for the preview)
    preview: list[dict[str, Any]] = field(default_factory=list)  # first rows as they will be stored
    summary: list[dict[str, Any]] = field(default_factory=list)  # e.g. per metric: name, points, first, last, unit
    unsure: list[str] = field(default_factory=list)  # choice names the user should confirm
    options: dict[str, list[Any]] = field(default_factory=dict)  # choice name -> possible values
    choice: dict[str, Any] = field(default_factory=dict)  # the choices in effect (to remember them)
    skipped: bool = False  # nothing to import from this table (a note says why)


@dataclass(frozen=True)
class Template:
    """A template workbook: a data sheet with the columns and filled example rows, then the accepted names.

    `name` tells it apart on the Data page (`data.templates.<name>` with `_` for `-`) and in its file
    name (`template-<file>.xlsx`); `columns` maps each column to (required?, accepted names and values).
    """

    name: str
    file: str
    header: list[str]
    rows: list[list[Any]]
    columns: dict[str, tuple[bool, str]]

    @property
    def file_name(self) -> str:
        return f"template-{self.file}.xlsx"

    @property
    def label_key(self) -> str:
        return "data.templates." + self.name.replace("-", "_")


@dataclass(frozen=True)
class Kind:
    """One kind of sheet."""

    name: ImportKind | str  # an ImportKind (`metrics`, `outputs`, ...); other names only in tests
    order: int  # dependency order in a workspace import (lower first)
    detect: Callable[[RawTable], float]
    prepare: Callable[[RawTable, PrepareContext], Prepared]
    write: Callable[[Prepared, Recorder], dict[str, int]]  # returns {"inserted", "updated", "unchanged"}
    aliases: dict[str, list[str]] = field(default_factory=dict)  # field -> accepted column names
    templates: tuple[Template, ...] = ()
    label_key: str = ""  # the kind's name on the Data page (`data.kindlabel.*`)
    offered: bool = False  # offered on the Data page when recognising a table is unsure (the user picks it)
    # Tell sheets prepared later in the same workbook what this one will create (names, keys),
    # by adding them to the shared `stash` (the session's `info`). Called after `prepare`.
    announce: Callable[[Prepared, dict], None] | None = None


# Keys of `session.info` that kinds announce into; cleared at the start of every analysis.
STASH_KEYS = ("metrics.import.names", "metrics.import.directions", "outputs.import.keys", "okr.import.objectives",
              "okr.import.key_results", "okr.import.key_result_keys", "hypotheses.import.statements")


KINDS: dict[str, Kind] = {}
_loaded = False


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind, and the column names it accepts."""
    KINDS[kind.name] = kind
    if kind.aliases:
        register_aliases(kind.name, kind.aliases)
    return kind


def load_kinds() -> dict[str, Kind]:
    """Import every module in `dashboard/importers/kinds/` once, so that each registers itself."""
    global _loaded
    if not _loaded:
        from dashboard.importers import kinds

        for info in pkgutil.iter_modules(kinds.__path__):
            importlib.import_module(f"{kinds.__name__}.{info.name}")
        _loaded = True
    return KINDS


def detect_kind(table: RawTable, allowed: list[str] | None = None) -> tuple[str | None, float]:
    """The best-scoring kind for a table and its score (None when nothing scores above 0)."""
    best, best_score = None, 0.0
    for kind in sorted(load_kinds().values(), key=lambda k: k.order):
        if allowed and kind.name not in allowed:
            continue
        try:
            score = kind.detect(table)
        except Exception:  # noqa: BLE001 - a kind's detector must never break reading
            score = 0.0
        if score > best_score:
            best, best_score = kind.name, score
    return best, best_score


def get_kind(name: str) -> Kind:
    """A registered kind by name (KeyError if unknown)."""
    return load_kinds()[name]


def kinds() -> list[Kind]:
    """Every registered kind, in the order `ImportKind` names them (the order lists show them in)."""
    named = list(ImportKind)
    return sorted(load_kinds().values(), key=lambda k: (named.index(k.name) if k.name in named else len(named), k.order))


def templates() -> list[Template]:
    """Every kind's templates, in the kinds' order."""
    return [template for kind in kinds() for template in kind.templates]


def kind_label_key(name: str | None) -> str | None:
    """The catalogue key of a kind's label; None for a name no kind registers (e.g. `workspace`)."""
    kind = load_kinds().get(name or "")
    return kind.label_key if kind and kind.label_key else None
