"""Command line: `import FILE`, `imports`, `undo IMPORT_ID` (registered into `python -m dashboard`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from dashboard.cli_support import UserError, json_default, print_json, print_table, ready_engine

COUNT_KEYS = ["read", "inserted", "updated", "unchanged", "rejected"]
WORKSPACE = "workspace"  # a whole workbook, one sheet per kind


class KindChoices(Sequence[str]):
    """The `--kind` choices: the names of the registered kinds, plus `workspace`.

    Read from the kind registry only when a choice is checked or the help is shown: loading every kind
    module is work the other commands should not pay for.
    """

    def _names(self) -> list[str]:
        from dashboard.importers.registry import load_kinds

        names = [kind.name for kind in load_kinds().values()]
        return names if WORKSPACE in names else [*names, WORKSPACE]

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - Sequence protocol
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, value: object) -> bool:
        return value in self._names()


KIND_CHOICES = KindChoices()


def cmd_import(args: argparse.Namespace) -> int:
    """Import one spreadsheet; exit 1 with the problems when it is refused."""
    from dashboard.i18n import use_language
    from dashboard.importers.problems import note_text, problem_lines
    from dashboard.importers.service import import_file

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"file not found: {path}")
    engine = ready_engine()
    data = path.read_bytes()
    analysis, outcome = import_file(
        data, path.name, engine=engine, user=args.user, kind=args.kind, sheet=args.sheet, team=args.team,
        dry_run=args.dry_run,
    )
    with use_language("en"):
        lines = problem_lines(outcome.problems)
        notes = [note_text(n) for n in outcome.notes]
    if args.json:
        print_json({
            "ok": outcome.ok, "dry_run": args.dry_run, "import_id": outcome.import_id, "kind": analysis.kind,
            **{k: outcome.counts[k] for k in COUNT_KEYS},
            "problems": [p.as_dict() | {"message": m} for p, m in zip(outcome.problems, lines, strict=False)],
            "notes": notes,
        })
        return 0 if outcome.ok else 1
    if not outcome.ok:
        for line in lines:
            print(line, file=sys.stderr)
        print(f"error: {path.name} was not imported ({len(outcome.problems)} problem(s)); nothing was stored",
              file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}")
    counts = ", ".join(f"{k} {outcome.counts[k]}" for k in COUNT_KEYS)
    if args.dry_run:
        print(f"dry run, nothing stored; importing would give: {counts}")
    else:
        print(f"imported {path.name} as import {outcome.import_id}: {counts}")
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    """List every import, newest first."""
    from sqlmodel import Session

    from dashboard.importers.service import imports_list

    with Session(ready_engine()) as session:
        records = imports_list(session=session)
    if args.json:
        print_json(records)
    else:
        print_table(records, ["id", "file", "kind", "by", "at", *COUNT_KEYS, "undone_at"])
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    """Undo one import as a whole."""
    from dashboard.importers.store import UndoError, undo_import

    try:
        counts = undo_import(engine=ready_engine(), import_id=args.import_id, user=args.user)
    except UndoError as exc:
        if str(exc) == "already":
            raise UserError(f"import {args.import_id} was already undone") from exc
        raise UserError(f"there is no import {args.import_id}; see `python -m dashboard imports`") from exc
    if args.json:
        print(json.dumps({"import_id": args.import_id, **counts}, default=json_default))
    else:
        print(f"import {args.import_id} undone: {counts['deleted']} rows removed, {counts['restored']} restored")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the import commands to the CLI."""
    p = sub.add_parser("import", help="import a spreadsheet (.xlsx .xlsm .xls .ods .csv .tsv)")
    p.add_argument("file")
    # An explicit metavar: argparse would otherwise list the choices (load every kind) while building the parser.
    p.add_argument("--kind", choices=KIND_CHOICES, metavar="KIND",
                   help="kind of sheet (%(choices)s); detected from the headers when not given")
    p.add_argument("--sheet", help="import only this sheet")
    p.add_argument("--team", help="team for imported outputs/objectives")
    p.add_argument("--dry-run", action="store_true", help="check and count, store nothing")
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", default="cli", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("imports", help="list imports")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_imports)

    p = sub.add_parser("undo", help="undo one import")
    p.add_argument("import_id", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--user", default="cli", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_undo)
