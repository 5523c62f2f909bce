"""Metrics and their values."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, cast, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from dashboard.access import Actor, act
from dashboard.errors import DomainError
from dashboard.models import Metric, MetricCreate, MetricKind, MetricRead, MetricUpdate, MetricValue, Role
from dashboard.repository.common import apply_changes, existing, merge_changes, stamp_created, stamp_updated

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


def create_metric(*, session: Session, data: MetricCreate, user: Actor | str) -> MetricRead:
    """Add a metric definition."""
    user = act(session, user, Role.editor, "create metric")
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


def metric_summary(*, session: Session, latest: bool = True) -> pd.DataFrame:
    """Per metric: name, unit, kind, direction, points, first, last date and latest value (all segments;
    None for every metric with `latest=False`, which saves a query that reads every metric's last date)."""
    stats = session.exec(
        select(
            MetricValue.metric_id,
            func.count(MetricValue.id),
            func.min(MetricValue.date),
            func.max(MetricValue.date),
            func.count(func.distinct(MetricValue.date)),
        ).group_by(MetricValue.metric_id)
    ).all()
    by_id = {row[0]: row[1:] for row in stats}
    # The latest value of each metric (first segment by name on its last date), in one query.
    last_dates = (
        select(MetricValue.metric_id.label("metric_id"), func.max(MetricValue.date).label("last"))
        .group_by(MetricValue.metric_id)
        .subquery()
    )
    latest_by_id: dict[int, float] = {}
    for metric_id, value in [] if not latest else session.exec(
        select(MetricValue.metric_id, MetricValue.value)
        .join(last_dates, (last_dates.c.metric_id == MetricValue.metric_id) & (last_dates.c.last == MetricValue.date))
        .order_by(MetricValue.metric_id, MetricValue.segment)
    ):
        latest_by_id.setdefault(metric_id, value)
    records = []
    for metric in list_metrics(session=session):
        points, first, last, dates = by_id.get(metric.id, (0, None, None, 0))
        latest_value = latest_by_id.get(metric.id)
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
                "latest": latest_value,
                "dates": int(dates),
            }
        )
    return pd.DataFrame(
        records,
        columns=["id", "name", "unit", "kind", "direction", "aggregation", "description", "points", "first", "last",
                 "latest", "dates"],
    )


def values_frame(*, session: Session, ranges: dict[int, tuple[date, date]]) -> pd.DataFrame:
    """Values of several metrics in one query: `metric_id`, `date`, `segment`, `value`, each metric within
    its own `(first, last)` date range, sorted by metric, segment and date."""
    columns = ["metric_id", "date", "segment", "value"]
    if not ranges:
        return pd.DataFrame(columns=columns)
    condition = or_(*(and_(MetricValue.metric_id == metric_id, MetricValue.date >= first, MetricValue.date <= last)
                      for metric_id, (first, last) in ranges.items()))
    # Dates come back as ISO text and are parsed in one vectorised step: per-row date objects would cost
    # more than the query itself on a large workspace.
    stmt = (
        sa_select(MetricValue.metric_id, cast(MetricValue.date, String), MetricValue.segment, MetricValue.value)
        .where(condition)
        .order_by(MetricValue.metric_id, MetricValue.segment, MetricValue.date)
    )
    rows = session.connection().execute(stmt).all()
    ids, dates, segments, values = zip(*rows, strict=True) if rows else ((), (), (), ())
    return pd.DataFrame({
        "metric_id": np.array(ids, dtype=np.int64),
        "date": pd.to_datetime(pd.Series(dates, dtype=object), format="%Y-%m-%d"),
        "segment": np.array(segments, dtype=object),
        "value": np.array(values, dtype=float),
    }, columns=columns)




def update_metric(*, session: Session, metric_id: int, data: MetricUpdate, user: Actor | str) -> MetricRead:
    """Change a metric definition; marking it North Star moves the mark from any other metric."""
    user = act(session, user, Role.admin, "update metric")
    metric = existing(session, Metric, metric_id, "settings.error.metric_unknown", field="name")
    changes, merged = merge_changes(metric, data, MetricRead, MetricCreate)
    if merged.name.casefold() != metric.name.casefold():
        for other in session.exec(select(Metric).where(Metric.id != metric_id)):
            if other.name.casefold() == merged.name.casefold():
                raise DomainError("settings.error.metric_taken", field="name")
    apply_changes(metric, changes, merged, user)
    session.add(metric)
    session.flush()
    if merged.kind == MetricKind.north_star:
        set_north_star(session=session, metric_id=metric_id, user=user)
    return MetricRead.model_validate(metric)


def set_north_star(*, session: Session, metric_id: int, user: Actor | str, previous_kind: MetricKind = MetricKind.kpi) -> MetricRead:
    """Make one metric the North Star; the former North Star becomes `previous_kind` (exactly one remains)."""
    user = act(session, user, Role.admin, "set north star")
    metric = existing(session, Metric, metric_id, "settings.error.metric_unknown", field="name")
    for other in session.exec(select(Metric).where(Metric.kind == MetricKind.north_star, Metric.id != metric_id)):
        other.kind = previous_kind
        stamp_updated(other, user)
        session.add(other)
    if metric.kind != MetricKind.north_star:
        metric.kind = MetricKind.north_star
        stamp_updated(metric, user)
        session.add(metric)
    session.flush()
    return MetricRead.model_validate(metric)
