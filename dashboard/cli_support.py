"""What every command-line module shares: the user error, JSON and table output, the checked engine.

Kept small and free of heavy imports: `python -m dashboard` loads it for every command, and each command
imports what it needs itself.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


def json_default(value: Any) -> Any:
    """`json.dumps(default=...)` for dates and numpy scalars."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(value: Any) -> None:
    print(json.dumps(value, default=json_default, ensure_ascii=False, indent=2))


def cell(value: Any) -> str:
    """One value as a table cell: `-` for none, 4 significant digits, long text cut."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def print_table(records: list[dict], columns: Sequence[str]) -> None:
    """Records as an aligned plain-text table (`(none)` when there are none)."""
    if not records:
        print("(none)")
        return
    texts = [[cell(r.get(c)) for c in columns] for r in records]
    widths = [max(len(c), *(len(row[i]) for row in texts)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in texts:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def output(args: argparse.Namespace, records: list[dict], columns: Sequence[str]) -> None:
    """JSON with `--json`, else a table."""
    if args.json:
        print_json(records)
    else:
        print_table(records, columns)


def message(key: str, **values: object) -> str:
    """A catalogue message in the configured language (OUTCOMES_LANG), English by default."""
    from dashboard import config
    from dashboard.i18n import t

    try:
        lang = config.settings().lang or "en"
    except config.ConfigError:
        lang = "en"
    return t(key, lang, **values)


def period_ok(period: str) -> bool:
    """True for a quarter written like `2026-Q4`."""
    from dashboard.models import PERIOD_RE

    return bool(PERIOD_RE.match(period))


def engine() -> Engine:
    """The configured engine (not checked)."""
    from dashboard.db import default_engine

    return default_engine()


def schema_error(exc) -> UserError:  # noqa: ANN001 - a dashboard.db.SchemaError
    from dashboard.db import head_revision

    return UserError(message(f"db.schema.{exc.state}", revision=exc.revision or "-", head=head_revision()))


def ready_engine() -> Engine:
    """The configured engine, refusing to work on a database that is not at the latest schema."""
    from dashboard.db import SchemaError, check_schema

    checked = engine()
    try:
        check_schema(checked)
    except SchemaError as exc:
        raise schema_error(exc) from exc
    return checked


def upgrade(target: Engine) -> None:
    """Create or upgrade the schema; a database the migrations cannot handle is a user error."""
    from dashboard.db import SchemaError, migrate

    try:
        migrate(target)
    except SchemaError as exc:
        raise schema_error(exc) from exc
