"""Command line: the same core the web app uses, for automation and checks from outside.

Exit codes: 0 success, 1 user error (one line on stderr), 2 usage error. `--json` prints
machine-readable output on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from dashboard import config
from dashboard.cli_support import (
    UserError,
    cell,
    engine,
    message,
    output,
    period_ok,
    print_json,
    ready_engine,
    upgrade,
)
from dashboard.parsing import is_missing

# Every command imports what it needs inside its function: `python -m dashboard hypotheses --json` loads
# neither the web app (streamlit, altair) nor the importers' readers.


def _clean(value: Any) -> Any:
    """NaN/NaT -> None so that JSON is valid."""
    try:
        if is_missing(value):
            return None
    except (TypeError, ValueError):  # an array-like cell
        pass
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


def _records(frame, columns: Sequence[str]) -> list[dict]:  # noqa: ANN001 - a DataFrame
    return [{c: _clean(row[c]) for c in columns} for row in frame.to_dict("records")]


# ---------------------------------------------------------------------------------------------
# commands


def cmd_db(args: argparse.Namespace) -> int:
    from dashboard.db import head_revision

    if args.action == "check":
        ready_engine()
    else:
        upgrade(engine())
    print(message("db.schema.current", head=head_revision()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dashboard.db import is_empty
    from dashboard.demo import load_demo

    target = engine()
    upgrade(target)
    if args.if_empty and not is_empty(target):
        print("database already holds data; demo not loaded")
        return 0
    try:
        counts = load_demo(target, reset=args.reset)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print_json(counts)
    else:
        print("demo workspace loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    return 0


METRIC_COLUMNS = ["name", "unit", "points", "first", "last", "latest"]


def cmd_metrics(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.repository.metrics import metric_summary

    with Session(ready_engine()) as session:
        frame = metric_summary(session=session)
    output(args, _records(frame, METRIC_COLUMNS), METRIC_COLUMNS)
    return 0


OUTPUT_COLUMNS = ["key", "title", "type", "team", "status", "shipped_on"]


def cmd_outputs(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.repository.outputs import outputs_frame

    with Session(ready_engine()) as session:
        frame = outputs_frame(session=session)
    output(args, _records(frame, OUTPUT_COLUMNS), OUTPUT_COLUMNS)
    return 0


def cmd_okrs(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.services.okrs import okr_report

    if args.period and not period_ok(args.period):
        raise UserError(f"--period must look like 2026-Q4, not {args.period!r}")
    with Session(ready_engine()) as session:
        report = okr_report(session=session, period=args.period, today=date.today())
    if args.json:
        print_json(report)
        return 0
    if not report:
        print("(no objectives)")
    for obj in report:
        print(f"{obj['period']}  {obj['title']}  [{obj['team'] or 'Company'}] ({obj['status']})")
        for kr in obj["key_results"]:
            print(
                "    - {title}: baseline {b}, target {tg}, current {c}, progress {p}, score {s}, {st}".format(
                    title=kr["title"], b=cell(kr["baseline"]), tg=cell(kr["target"]), c=cell(kr["current"]),
                    p=cell(kr["progress"]), s=cell(kr["score"]), st=kr["status"] or "-",
                )
            )
    return 0


HYPOTHESIS_COLUMNS = ["id", "statement", "metric", "expected_change", "measured_change", "ci_low", "ci_high", "verdict", "warnings"]


def cmd_hypotheses(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.services.hypotheses import hypothesis_report

    if args.sync:
        return _sync_hypotheses(args)
    with Session(ready_engine()) as session:
        records = hypothesis_report(session=session, today=date.today())
    output(args, records, HYPOTHESIS_COLUMNS)
    return 0


def _sync_hypotheses(args: argparse.Namespace) -> int:
    """Store each bet's status as the data decides it today and open a learning draft for every bet that
    failed or stayed unclear and has none (pages and reports show the decided status without it)."""
    from dashboard.db import session_scope
    from dashboard.services.hypotheses import sync_statuses

    with session_scope(ready_engine()) as session:
        result = sync_statuses(session=session, today=date.today(), user=_os_user())
    if args.json:
        print_json({"statuses_stored": result.changed, "learning_drafts": result.drafts})
    else:
        print(f"{len(result.changed)} statuses stored, {len(result.drafts)} learning drafts opened")
    return 0


# ---------------------------------------------------------------------------------------------


def _os_user() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (command line)"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "command line"


def _read_password(args: argparse.Namespace) -> str:
    """The new password: from standard input with --password-stdin, else asked twice (never an argument)."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for the password; pipe it in with --password-stdin")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("the same password again: ") != first:
        raise UserError("the two passwords differ; nothing was changed")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from dashboard import auth
    from dashboard.db import session_scope
    from dashboard.errors import DomainError

    checked = ready_engine()
    settings = config.settings()
    by = _os_user()
    try:
        with session_scope(checked) as session:
            if args.action == "list":
                people = auth.accounts(session, settings)
                records = [{"name": p.name, "role": p.role.value, "source": p.source, "active": p.active}
                           for p in people]
                output(args, records, ["name", "role", "source", "active"])
                return 0
            if not args.name:
                raise UserError(f"`user {args.action}` needs a NAME")
            if args.action == "add":
                if not args.role:
                    raise UserError("`user add` needs --role viewer|editor|admin")
                row = auth.add_user(session=session, settings=settings, name=args.name, role=args.role,
                                    password=_read_password(args), user=by)
                print(f"{row.name} can now sign in as {row.role}")
            elif args.action == "set":
                password = _read_password(args) if args.reset_password else None
                auth.update_user(session=session, name=args.name, user=by, role=args.role,
                                 active=args.active, password=password)
                print(f"changed {args.name}")
            elif args.action == "remove":
                auth.remove_user(session=session, name=args.name, user=by)
                print(f"removed {args.name}")
    except DomainError as exc:
        from dashboard.i18n import t

        raise UserError(t(exc.key, lang="en", **exc.values)) from exc
    if settings.auth != "password":
        print(f"note: OUTCOMES_AUTH is {settings.auth!r}; set it to 'password' for people to sign in this way",
              file=sys.stderr)
    return 0


AUDIT_COLUMNS = ["at", "actor", "action", "entity", "label", "changes"]


def cmd_audit(args: argparse.Namespace) -> int:
    from datetime import date

    from dashboard.db import session_scope
    from dashboard.repository import audit as audit_repo

    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError as exc:
        raise UserError(f"--since must be a date like 2026-12-01, not {args.since!r}") from exc
    with session_scope(ready_engine()) as session:
        frame = audit_repo.audit_frame(session=session, actors=args.person or None, entities=args.kind or None,
                                       start=since, limit=args.limit)
    records = [{c: (row[c].isoformat(timespec="seconds") if c == "at" else row[c]) for c in AUDIT_COLUMNS}
               for row in frame.to_dict("records")]
    output(args, records, AUDIT_COLUMNS)
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    from dashboard.models import Role  # every command reads or writes the models anyway
    parser = _Parser(prog="python -m dashboard", description="Outcome Dashboard command line")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("db", help="database schema")
    p.add_argument("action", choices=["upgrade", "check"],
                   help="upgrade: create or upgrade the schema; check: exit 1 unless it is up to date")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("demo", help="load the demo workspace")
    p.add_argument("--reset", action="store_true", help="replace everything in the database with the demo")
    p.add_argument("--if-empty", action="store_true", help="load only when the database is empty")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("metrics", help="list metrics")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("outputs", help="list outputs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_outputs)

    p = sub.add_parser("okrs", help="objectives with key results")
    p.add_argument("--period", help="quarter, e.g. 2026-Q4")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_okrs)

    p = sub.add_parser("hypotheses", help="hypotheses with their measurement")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sync", action="store_true",
                   help="store each status the data decides and open learning drafts for failed bets (nightly job)")
    p.set_defaults(func=cmd_hypotheses)

    p = sub.add_parser("user", help="people who sign in with a password (OUTCOMES_AUTH=password)")
    p.add_argument("action", choices=["add", "list", "set", "remove"])
    p.add_argument("name", nargs="?", help="the person's sign-in name")
    p.add_argument("--role", choices=[role.value for role in Role])
    p.add_argument("--active", dest="active", action="store_true", default=None, help="may sign in again")
    p.add_argument("--inactive", dest="active", action="store_false", help="may no longer sign in")
    p.add_argument("--reset-password", action="store_true", help="ask for a new password")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="the audit trail, newest first")
    p.add_argument("--since", help="first day, e.g. 2026-12-01")
    p.add_argument("--person", action="append", help="only changes by this person (repeatable)")
    p.add_argument("--kind", action="append", help="only this kind of thing, e.g. objective (repeatable)")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# Other modules add their commands here (import, imports, undo, export), see `_register_more`.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _register_more() -> None:
    from dashboard.exports import cli as export_cli
    from dashboard.importers import cli as import_cli

    EXTRA_COMMANDS.extend([import_cli.register, export_cli.register])


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    EXTRA_COMMANDS.clear()
    _register_more()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # inside the try: a reader that stopped early is noticed here
        return code
    except BrokenPipeError:
        # `python -m dashboard metrics | head -3`: the reader has what it wanted. Point stdout at
        # /dev/null so that the interpreter's final flush does not fail again, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except config.ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a database that cannot be reached is a user's setup problem
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            print(f"error: the database cannot be reached: {exc.orig}", file=sys.stderr)
            return 1
        raise
