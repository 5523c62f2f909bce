"""`python -m dashboard export`: a quarter's review (or the workspace) as a file, for scheduled jobs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from dashboard.i18n import LANGUAGES


def _pptx(engine: Engine, period: str | None, team: str | None, lang: str, today: date) -> bytes:
    from dashboard.exports.deck import build_pptx  # charts and pandas load only when a deck is built

    return build_pptx(engine, period, team, lang, today)


def _pdf(engine: Engine, period: str | None, team: str | None, lang: str, today: date) -> bytes:
    from dashboard.exports.deck import build_pdf

    return build_pdf(engine, period, team, lang, today)

# format -> builder(engine, period, team, lang, today) -> file bytes
EXPORT_FORMATS: dict[str, Callable[[Engine, str | None, str | None, str, date], bytes]] = {
    "pptx": _pptx,
    "pdf": _pdf,
}


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import config
    from dashboard.cli import UserError, _ready_engine, config_period_ok

    if args.period and not config_period_ok(args.period):
        raise UserError(f"--period must look like 2026-Q4, not {args.period!r}")
    lang = args.lang
    if lang is None:
        try:
            lang = config.settings().lang or "en"
        except config.ConfigError:
            lang = "en"
    engine = _ready_engine()
    try:
        content = EXPORT_FORMATS[args.format](engine, args.period, args.team, lang, date.today())
    except LookupError as exc:
        raise UserError(f"there is no team {args.team!r}") from exc
    out = Path(args.out)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"{out} ({len(content):,} bytes)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `export` command."""
    p = sub.add_parser("export", help="a quarter's review as a PowerPoint deck or a PDF")
    p.add_argument("--format", required=True, choices=sorted(EXPORT_FORMATS))
    p.add_argument("--period", help="quarter, e.g. 2026-Q4 (default: the current quarter)")
    p.add_argument("--team", help="one team's review (default: all teams)")
    p.add_argument("--lang", choices=LANGUAGES, help="language (default: OUTCOMES_LANG, else English)")
    p.add_argument("--out", required=True, help="the file to write")
    p.set_defaults(func=cmd_export)
