"""Problems found in an uploaded file: plain data, rendered into the UI language only when shown."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (sheet, row as Excel numbers it, column) and what.

    `code` names a message `import.problem.<code>` in `dashboard/i18n/messages/data.py`; `found` and
    `expected` are shown as they are (the cell text and what would have been accepted). The code
    `rule` shows the message of a broken domain rule, named by `values["rule"]`.
    """

    sheet: str = ""
    row: int | None = None
    column: str = ""
    code: str = "invalid"
    found: str = ""
    expected: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict (CLI `--json`)."""
        return asdict(self)


def problem_text(problem: Problem, lang: str | None = None) -> str:
    """One line in the UI language: where, what was found and what was expected."""
    from dashboard.i18n import t

    if problem.code == "rule":  # a rule of the domain, in its own words (`dashboard.errors.DomainError`)
        text = t(problem.values["rule"], lang=lang, **{k: v for k, v in problem.values.items() if k != "rule"})
    else:
        text = t(f"import.problem.{problem.code}", lang=lang, found=problem.found, expected=problem.expected,
                 **problem.values)
    if text == f"import.problem.{problem.code}":
        text = t("import.problem.invalid", lang=lang, found=problem.found, expected=problem.expected)
    where = []
    if problem.sheet:
        where.append(t("import.where.sheet", lang=lang, sheet=problem.sheet))
    if problem.row is not None:
        where.append(t("import.where.row", lang=lang, row=problem.row))
    if problem.column:
        where.append(t("import.where.column", lang=lang, column=problem.column))
    return (", ".join(where) + ": " + text) if where else text


def problem_lines(problems: list[Problem], lang: str | None = None, limit: int = MAX_SHOWN) -> list[str]:
    """The first `limit` problems as text, plus one line counting the rest."""
    from dashboard.i18n import t_plural

    lines = [problem_text(p, lang) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(t_plural("import.problem.more", len(problems) - limit, lang=lang))
    return lines


def note_text(note: dict[str, Any], lang: str | None = None, *, markup: bool = False) -> str:
    """A note about a file (a skipped table, totals rows) in the UI language (`markup`: for Markdown)."""
    from dashboard.i18n import fmt_count, has_key, md, plural_key, t

    values = {k: v for k, v in note.items() if k != "code"}
    values.setdefault("sheet", "")
    values.setdefault("columns", "")
    key = f"import.note.{note.get('code', '')}"
    if not has_key(key) and isinstance(values.get("count"), int | float):
        key = plural_key(key, values["count"])
        values["count"] = fmt_count(values["count"], lang)
    values.setdefault("count", "")
    return (md if markup else t)(key, lang=lang, **values)
