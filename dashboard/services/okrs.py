"""OKR report and form checks: objectives with key results and their computed figures.

The page, the CLI (`okrs --json`) and the exports use `evaluate_objectives`, so every place shows the
same numbers. Form checks turn raw widget values into Create models or field errors (message keys).
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from pydantic import ValidationError
from sqlmodel import Session

from dashboard import rules
from dashboard.analysis import okr
from dashboard.analysis.periods import quarter_bounds
from dashboard.importers.values import parse_typed_number
from dashboard.models import CheckInCreate, KeyResultCreate, ObjectiveCreate, ObjectiveStatus
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo

KR_FIGURES = [
    "current", "progress", "score", "zone", "status", "new", "stale", "last_update", "confidence",
    "forecast_value", "forecast_score", "direction_conflict",
]


def _nan_to_none(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _created_on(value: object) -> date | None:
    if value is None or value != value:  # noqa: PLR0124 - NaT
        return None
    return pd.Timestamp(value).date()


def evaluate_objectives(
    *, session: Session, period: str | None, today: date, objective_ids: list[int] | None = None,
    with_paths: bool = False,
) -> list[dict]:
    """Objectives (of a quarter, or the given ids) with every key result's figures.

    With `with_paths`, each key result also carries `path` and `projection` DataFrames for charts.
    """
    objectives = okr_repo.objectives_frame(session=session, period=period)
    if objective_ids is not None:
        objectives = objectives[objectives["id"].isin(objective_ids)]
    krs = okr_repo.key_results_frame(session=session, objective_ids=objectives["id"].tolist())
    check_ins = okr_repo.check_ins_frame(session=session, key_result_ids=krs["id"].tolist())
    # Every linked metric's values over the quarters that need it, in one query (not one per key result).
    ranges: dict[int, tuple[date, date]] = {}
    obj_periods = dict(zip(objectives["id"], objectives["period"], strict=True))
    for metric_id, objective_id in zip(krs["metric_id"], krs["objective_id"], strict=True):
        if _nan_to_none(metric_id) is None:
            continue
        start, end = quarter_bounds(obj_periods[objective_id])
        first, last = ranges.get(int(metric_id), (start, end))
        ranges[int(metric_id)] = (min(first, start), max(last, end))
    stored = metric_repo.values_frame(session=session, ranges=ranges)
    stored = stored[stored["segment"] == ""]
    by_metric = {int(k): v.drop(columns="metric_id") for k, v in stored.groupby("metric_id", sort=False)}
    empty = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "segment": pd.Series(dtype=object),
                          "value": pd.Series(dtype="float64")})
    values_cache: dict[tuple[int, str], pd.DataFrame] = {}

    def values_for(metric_id: int, obj_period: str) -> pd.DataFrame:
        key = (metric_id, obj_period)
        if key not in values_cache:
            start, end = quarter_bounds(obj_period)
            frame = by_metric.get(metric_id, empty)
            inside = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(end))
            values_cache[key] = frame[inside].reset_index(drop=True)
        return values_cache[key]

    report = []
    for obj in objectives.to_dict("records"):
        key_results = []
        for kr in krs[krs["objective_id"] == obj["id"]].to_dict("records"):
            metric_id = _nan_to_none(kr["metric_id"])
            stretch = _nan_to_none(kr["stretch"])
            figures = okr.evaluate_key_result(
                baseline=float(kr["baseline"]), target=float(kr["target"]),
                stretch=None if stretch is None else float(stretch), period=obj["period"], today=today,
                values=values_for(int(metric_id), obj["period"]) if metric_id is not None else None,
                aggregation=_nan_to_none(kr["metric_aggregation"]) or "mean",
                direction=_nan_to_none(kr["metric_direction"]),
                check_ins=check_ins[check_ins["key_result_id"] == kr["id"]],
                created_on=_created_on(kr.get("created_at")),
            )
            row = {
                "id": int(kr["id"]), "title": kr["title"], "metric": _nan_to_none(kr["metric"]),
                "metric_id": None if metric_id is None else int(metric_id),
                "direction": _nan_to_none(kr["metric_direction"]), "aggregation": _nan_to_none(kr["metric_aggregation"]),
                "unit": kr["unit"], "baseline": float(kr["baseline"]), "target": float(kr["target"]),
                "stretch": None if stretch is None else float(stretch),
                **{name: getattr(figures, name) for name in KR_FIGURES},
            }
            if with_paths:
                row["path"] = figures.path
                row["projection"] = figures.projection
            key_results.append(row)
        report.append(
            {
                "id": int(obj["id"]), "title": obj["title"], "team": obj["team"] or None,
                "team_id": None if _nan_to_none(obj["team_id"]) is None else int(obj["team_id"]),
                "period": obj["period"], "owner": obj["owner"], "status": obj["status"],
                "description": obj["description"], "closing_note": obj["closing_note"],
                "aligned_to_north_star": bool(obj["aligned_to_north_star"]),
                "parent_ids": [int(p) for p in obj["parent_ids"]],
                "carried_from_id": None if _nan_to_none(obj["carried_from_id"]) is None else int(obj["carried_from_id"]),
                "score": okr.mean_or_none([k["score"] for k in key_results]),
                "forecast_score": okr.mean_or_none([k["forecast_score"] for k in key_results]),
                "key_results": key_results,
            }
        )
    return report


def okr_report(*, session: Session, period: str | None = None, today: date) -> list[dict]:
    """Objectives with key results: baseline, target, current, progress, score, status (plus zone, stale, ...)."""
    return evaluate_objectives(session=session, period=period, today=today)


# ---------------------------------------------------------------------------------------------
# Form checks: raw widget values -> Create model or {field: message key}



def parse_number(text: str | float | int | None, lang: str = "en") -> float | None:
    """A number typed in English (`1,234.5`) or German (`1.234,5`) notation; None when empty.

    Raises ValueError when the text is not a number.
    """
    return parse_typed_number(text, lang)


_FIELD_KEYS = {
    "title": "okr.error.title",
    "period": "okr.error.period",
    "confidence": "okr.error.confidence",
    "date": "okr.error.date",
}


def _pydantic_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "form"
        errors.setdefault(field, _FIELD_KEYS.get(field, "okr.error.invalid"))
    return errors


def validate_objective(raw: dict) -> tuple[ObjectiveCreate | None, dict[str, str]]:
    """Check an objective form (title, description, team_id, period, owner, status, aligned_to_north_star)."""
    try:
        return ObjectiveCreate.model_validate(raw), {}
    except ValidationError as exc:
        return None, _pydantic_errors(exc)


def validate_close(status: str | None, note: str) -> dict[str, str]:
    """A closing needs achieved, missed or dropped and a note saying why."""
    errors = {}
    if status not in {s.value for s in okr_repo.CLOSED_STATUSES}:
        errors["status"] = "okr.error.close_status"
    if not (note or "").strip():
        errors["closing_note"] = "okr.error.closing_note"
    return errors


def validate_key_result(
    raw: dict, *, metrics: dict[int, dict], lang: str = "en"
) -> tuple[KeyResultCreate | None, dict[str, str]]:
    """Check a key result form: numbers typed as text, the rules of `dashboard.rules` (target differs from
    baseline, stretch beyond the target), the metric exists, and its direction agrees with the target
    unless `keep_direction` says the other side is meant ("keep it under X").

    `metrics`: id -> {"name", "direction", "unit"}.
    """
    errors: dict[str, str] = {}
    numbers: dict[str, float | None] = {}
    for name in ("baseline", "target", "stretch"):
        try:
            numbers[name] = parse_number(raw.get(name), lang)
        except ValueError:
            errors[name] = "okr.error.number"
            numbers[name] = None
        if name != "stretch" and numbers[name] is None and name not in errors:
            errors[name] = "okr.error.number_required"
    metric_id = raw.get("metric_id")
    metric = None
    if metric_id is not None:
        metric = metrics.get(int(metric_id))
        if metric is None:
            errors["metric_id"] = "okr.error.metric_unknown"
    baseline, target, stretch = numbers["baseline"], numbers["target"], numbers["stretch"]
    if baseline is not None and target is not None:
        for error in rules.key_result_errors(baseline, target, stretch):
            errors.setdefault(error.field, error.key)
        if (not errors and metric and not raw.get("keep_direction")
                and rules.direction_conflict(metric["direction"], baseline, target)):
            # A "keep it under X" key result is allowed, but only when asked for: a typo is likelier.
            errors["target"] = f"okr.error.direction_{metric['direction']}"
    unit = (raw.get("unit") or "").strip() or (metric["unit"] if metric else "")
    candidate = {
        "objective_id": raw.get("objective_id"), "title": raw.get("title") or "", "metric_id": metric_id,
        "baseline": baseline if baseline is not None else 0.0, "target": target if target is not None else 1.0,
        "stretch": stretch, "unit": unit,
    }
    try:
        model = KeyResultCreate.model_validate(candidate)
    except ValidationError as exc:
        for field, key in _pydantic_errors(exc).items():
            errors.setdefault(field, key)
        model = None
    return (None, errors) if errors else (model, {})


def validate_check_in(raw: dict, *, manual: bool, today: date, lang: str = "en") -> tuple[CheckInCreate | None, dict[str, str]]:
    """Check a check-in: a value (manual key results), confidence 0-10, a date not in the future."""
    errors: dict[str, str] = {}
    value = None
    if manual:
        try:
            value = parse_number(raw.get("value"), lang)
        except ValueError:
            errors["value"] = "okr.error.number"
    confidence = raw.get("confidence")
    if confidence is None or confidence == "":
        errors["confidence"] = "okr.error.confidence"
    else:
        try:
            confidence = parse_number(confidence, lang)
        except ValueError:
            confidence = None
        if confidence is None or not float(confidence).is_integer() or not 0 <= confidence <= 10:
            errors["confidence"] = "okr.error.confidence"
        else:
            confidence = int(confidence)
    day = raw.get("date")
    if day is None:
        errors["date"] = "okr.error.date"
    elif day > today:
        errors["date"] = "okr.error.future_date"
    if errors:
        return None, errors
    try:
        model = CheckInCreate.model_validate(
            {"key_result_id": raw.get("key_result_id"), "date": day, "value": value,
             "confidence": confidence, "comment": (raw.get("comment") or "").strip()}
        )
    except ValidationError as exc:
        return None, _pydantic_errors(exc)
    return model, {}


def open_statuses() -> list[str]:
    """Statuses an objective can be created or edited with (closing has its own form)."""
    return [ObjectiveStatus.draft.value, ObjectiveStatus.active.value]
