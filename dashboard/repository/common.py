"""Shared helpers for repository modules."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from dashboard.errors import NotFoundError
from dashboard.models import utcnow

Row = TypeVar("Row", bound=SQLModel)


def stamp_created(row: SQLModel, user: object) -> SQLModel:
    """Record who created a row and when."""
    now = utcnow()
    row.created_by = str(user)
    row.updated_by = str(user)
    row.created_at = now
    row.updated_at = now
    return row


def stamp_updated(row: SQLModel, user: object) -> SQLModel:
    """Record who changed a row and when."""
    row.updated_by = str(user)
    row.updated_at = utcnow()
    return row


def existing(session: Session, model: type[Row], row_id: int, key: str, field: str = "id") -> Row:
    """The row with `row_id`, or `NotFoundError(key)` naming the id (an unknown id in a form or a URL)."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(key, field=field, id=row_id, value=row_id)
    return row


def merge_changes(row: SQLModel, data: SQLModel, read: type[SQLModel], create: type[SQLModel]
                  ) -> tuple[dict[str, Any], SQLModel]:
    """The fields an update sets, and the whole record after it, validated by the Create model so that
    forms, imports and the command line agree on what a valid record is."""
    changes = data.model_dump(exclude_unset=True)
    return changes, create.model_validate({**read.model_validate(row).model_dump(), **changes})


def apply_changes(row: SQLModel, changes: dict[str, Any], merged: SQLModel, user: object) -> None:
    """Copy the changed fields from the validated record onto the row and stamp who changed it."""
    for name in changes:
        setattr(row, name, getattr(merged, name))
    stamp_updated(row, user)
