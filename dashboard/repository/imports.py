"""Import history."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from dashboard.models import ImportBatch

IMPORT_COLUMNS = [
    "id", "file_name", "sheet", "kind", "created_by", "created_at", "rows_read", "inserted",
    "updated", "unchanged", "rejected", "undone_at",
]


def imports_frame(*, session: Session) -> pd.DataFrame:
    """Every import, newest first."""
    rows = session.exec(select(ImportBatch).order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())).all()
    return pd.DataFrame([{c: getattr(r, c) for c in IMPORT_COLUMNS} for r in rows], columns=IMPORT_COLUMNS)
