"""Shared helpers for repository modules."""

from __future__ import annotations

from sqlmodel import SQLModel

from dashboard.models import utcnow


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
