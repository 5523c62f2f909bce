"""Command line: `export --format FORMAT [--period 2026-Q4] [--team NAME] --out FILE` (registered into
`python -m dashboard`).

Each format is a builder in `EXPORT_FORMATS`: `builder(session, today, period=..., team=..., lang=...)`
returns the file's bytes: the workspace workbook (`xlsx`), the quarter's review as a deck (`pptx`) or PDF.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import Session

from dashboard.cli import UserError, _message, _ready_engine, config_period_ok

Builder = Callable[..., bytes]


def _workspace_xlsx(session: Session, today: date, *, period: str | None, team: str | None, lang: str) -> bytes:
    from dashboard.exports.workspace import workspace_workbook

    del lang  # the workbook holds the import format's column names, the same in every language
    return workspace_workbook(session, today, period=period, team=team)


def _review_deck(kind: str) -> Builder:
    """A quarter's review as a PowerPoint deck or a PDF (the current quarter unless `--period`)."""

    def build(session: Session, today: date, *, period: str | None, team: str | None, lang: str) -> bytes:
        from dashboard.exports import deck  # charts and the PDF library load only when a deck is built

        builder = deck.build_pptx if kind == "pptx" else deck.build_pdf
        try:
            return builder(session.get_bind(), period, team, lang, today)
        except LookupError as exc:
            from dashboard.repository.teams import list_teams

            names = ", ".join(t.name for t in list_teams(session=session))
            raise UserError(_message("export.error.unknown_team", team=team or "", teams=names)) from exc

    return build


EXPORT_FORMATS: dict[str, Builder] = {"xlsx": _workspace_xlsx, "pptx": _review_deck("pptx"), "pdf": _review_deck("pdf")}


def _lang() -> str:
    from dashboard import config

    try:
        return config.settings().lang or "en"
    except config.ConfigError:
        return "en"


def cmd_export(args: argparse.Namespace) -> int:
    """Build one export and write it to `--out`."""
    from dashboard.errors import DomainError

    builder = EXPORT_FORMATS.get(args.format)
    if builder is None:
        raise UserError(_message("export.error.unknown_format", format=args.format,
                                 formats=", ".join(EXPORT_FORMATS)))
    period = args.period.strip().upper() if args.period else None
    if period and not config_period_ok(period):
        raise UserError(_message("export.error.bad_period", period=args.period))
    out = Path(args.out)
    engine = _ready_engine()
    try:
        with Session(engine) as session:
            data = builder(session, date.today(), period=period, team=args.team, lang=args.lang or _lang())
    except DomainError as exc:
        raise UserError(_message(exc.key, **exc.values)) from exc
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(_message("export.error.cannot_write", path=str(out), reason=exc.strerror or str(exc))) from exc
    print(_message("export.written", path=str(out), size=max(1, round(len(data) / 1024))))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the export command to the CLI."""
    p = sub.add_parser("export", help="the workspace as a workbook that imports back (xlsx), or a quarter's review "
                                      "as a deck (pptx) or PDF")
    p.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="file format")
    p.add_argument("--lang", choices=["en", "de"], help="language of a deck or PDF (default: OUTCOMES_LANG, else English)")
    p.add_argument("--period", help="only this quarter's objectives, key results, check-ins, bets and outputs")
    p.add_argument("--team", help="only this team's objectives, key results, check-ins, bets and outputs")
    p.add_argument("--out", required=True, help="file to write")
    p.set_defaults(func=cmd_export)
