"""Metrics and their values."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from dashboard.models import Metric, MetricCreate, MetricKind, MetricRead, MetricValue
from dashboard.repository.common import stamp_created

VALUE_COLUMNS = ["date", "segment", "value"]


def list_metrics(*, session: Session) -> list[MetricRead]:
    """Every metric, the North Star first, then by name."""
    rows = session.exec(select(Metric)).all()
    rows.sort(key=lambda m: (m.kind != MetricKind.north_star, m.name.casefold()))
    return [MetricRead.model_validate(m) for m in rows]


def north_star(*, session: Session) -> MetricRead | None:
    """The metric marked as North Star, if one is."""
    row = session.exec(select(Metric).where(Metric.kind == MetricKind.north_star).order_by(Metric.id)).first()
    return MetricRead.model_validate(row) if row else None


def create_metric(*, session: Session, data: MetricCreate, user: str) -> MetricRead:
    """Add a metric definition."""
    metric = stamp_created(Metric.model_validate(data), user)
    session.add(metric)
    session.flush()
    return MetricRead.model_validate(metric)


def metric_values(
    *, session: Session, metric_id: int, segment: str | None = "", start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Values of one metric as a DataFrame (`date`, `segment`, `value`), oldest first.

    `segment=""` is the whole population, `None` means every segment.
    """
    stmt = select(MetricValue.date, MetricValue.segment, MetricValue.value).where(MetricValue.metric_id == metric_id)
    if segment is not None:
        stmt = stmt.where(MetricValue.segment == segment)
    if start is not None:
        stmt = stmt.where(MetricValue.date >= start)
    if end is not None:
        stmt = stmt.where(MetricValue.date <= end)
    rows = session.exec(stmt.order_by(MetricValue.date)).all()
    frame = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["value"] = frame["value"].astype("float64")
    return frame


def metric_summary(*, session: Session) -> pd.DataFrame:
    """Per metric: name, unit, kind, direction, points, first, last date and latest value (all segments)."""
    stats = session.exec(
        select(
            MetricValue.metric_id,
            func.count(MetricValue.id),
            func.min(MetricValue.date),
            func.max(MetricValue.date),
        ).group_by(MetricValue.metric_id)
    ).all()
    by_id = {row[0]: row[1:] for row in stats}
    records = []
    for metric in list_metrics(session=session):
        points, first, last = by_id.get(metric.id, (0, None, None))
        latest = None
        if last is not None:
            latest_row = session.exec(
                select(MetricValue.value)
                .where(MetricValue.metric_id == metric.id, MetricValue.date == last)
                .order_by(MetricValue.segment)
            ).first()
            latest = latest_row
        records.append(
            {
                "id": metric.id,
                "name": metric.name,
                "unit": metric.unit,
                "kind": metric.kind.value,
                "direction": metric.direction.value,
                "aggregation": metric.aggregation.value,
                "description": metric.description,
                "points": int(points),
                "first": first,
                "last": last,
                "latest": latest,
            }
        )
    return pd.DataFrame(
        records,
        columns=["id", "name", "unit", "kind", "direction", "aggregation", "description", "points", "first", "last", "latest"],
    )
