"""The one error the core raises when input breaks a rule of the domain.

`DomainError(key, field=..., **values)`: `key` names a message in the i18n catalogue, `field` the form
field or file column it belongs to (empty when it concerns the whole record), `values` fill the
message's placeholders. Forms show it beside the field, imports turn it into a problem at its row and
column, the command line prints it in the chosen language. `NotFoundError` is the same error for an
id that does not exist.
"""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """A write or a value that would break a rule; rendered in the user's language where it is shown."""

    def __init__(self, key: str, /, field: str = "", **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.values = values

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (the current language when None), placeholders filled."""
        from dashboard.i18n import t

        return t(self.key, lang, **self.values)


class NotFoundError(DomainError, LookupError):
    """The record asked for does not exist (an unknown id in a form, a URL or a command)."""
