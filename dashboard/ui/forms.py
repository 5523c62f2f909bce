"""One way for every page to handle a form: a note after the next rerun, a reset after saving, and
errors shown beside their fields.

- `flash(message)` leaves a note that `show_flash()` (called by the page frame) shows once.
- `reset_form(prefix)` forgets a form's typed values; the form calls `apply_reset(prefix)` before it
  draws its widgets.
- `show_errors({field: key}, slots, labels)` puts each field's message below the field (in the slot
  the form kept for it) and one summary line; `show_domain_error(exc, slots, labels)` does the same for
  a `dashboard.errors.DomainError` raised by the core.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from dashboard.errors import DomainError
from dashboard.i18n import md, t

FLASH = "flash"
_ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:", "error": ":material/error:"}


def flash(message: str, kind: Literal["success", "warning", "error"] = "success") -> None:
    """Show `message` after the next rerun (a saved form, an undone import)."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    """Show (once) the note left by the previous action."""
    note = st.session_state.pop(FLASH, None)
    if note:
        kind, message = note
        getattr(st, kind)(message, icon=_ICONS[kind])


def reset_form(prefix: str) -> None:
    """Forget a form's typed values on the next run (after it was saved)."""
    st.session_state[f"{prefix}.__reset"] = True


def apply_reset(prefix: str) -> None:
    """Drop the values of a form that was saved on the previous run (call before drawing it)."""
    if st.session_state.pop(f"{prefix}.__reset", False):
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix + ".")]:
            del st.session_state[key]


def show_errors(errors: dict[str, str], slots: dict, labels: dict[str, str], *, summary: str = "okr.form.invalid",
                **values: object) -> None:
    """Each field's error (`field -> message key`) below the field, plus one summary line (`summary`)."""
    for field, key in errors.items():
        slot = slots.get(field)
        text = f"{labels.get(field, '')}: {md(key, **values)}" if labels.get(field) else md(key, **values)
        (slot if slot is not None else st).error(text, icon=":material/error:")
    st.error(t(summary), icon=":material/error:")


def show_domain_error(exc: DomainError, slots: dict, labels: dict[str, str], *, summary: str = "okr.form.invalid") -> None:
    """A rule the core refused, shown beside its field."""
    show_errors({exc.field: exc.key}, slots, labels, summary=summary, **exc.values)
