"""Key result figures against a plain pandas reference, on many generated cases.

`dashboard.analysis.okr` computes a key result's figures on numpy arrays (one page evaluates hundreds of
key results). The reference below is the rule written out step by step with DataFrames; every figure and
both chart frames must come out identical, not merely close.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import okr
from dashboard.analysis.periods import elapsed_share, quarter_bounds

PERIOD = "2026-Q4"
EMPTY = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})


def ref_in_period(values, period, today):
    if values is None or values.empty:
        return EMPTY.copy()
    start, _ = quarter_bounds(period)
    frame = values[["date", "value"]].dropna(subset=["value"]).copy()
    frame["date"] = pd.to_datetime(frame["date"])
    mask = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(okr.as_of(period, today)))
    frame = frame.loc[mask].sort_values("date", kind="stable").drop_duplicates("date", keep="last")
    frame["value"] = frame["value"].astype("float64")
    return frame.reset_index(drop=True)


def ref_is_daily(dates):
    unique = pd.Series(pd.to_datetime(dates).unique()).sort_values()
    return len(unique) >= 2 and unique.diff().dropna().median() <= pd.Timedelta(days=1)


def ref_value_path(values, period, today, aggregation):
    inside = ref_in_period(values, period, today)
    if inside.empty or not ref_is_daily(inside["date"]) or aggregation == "last":
        return inside
    how = aggregation if aggregation in ("mean", "sum") else "mean"
    rolled = inside.set_index("date")["value"].rolling("7D").agg(how).reset_index()
    start, _ = quarter_bounds(period)
    full = rolled[rolled["date"] >= pd.Timestamp(start) + pd.Timedelta(days=6)]
    return full.reset_index(drop=True) if not full.empty else rolled


def ref_last_activity(values, check_ins, period, today):
    days = []
    start, _ = quarter_bounds(period)
    end = okr.as_of(period, today)
    for frame in (values, check_ins):
        if frame is None or frame.empty:
            continue
        dates = pd.to_datetime(frame["date"])
        dates = dates[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
        if not dates.empty:
            days.append(dates.max().date())
    return max(days) if days else None


def ref_forecast(path, period, today, anchor, fit_from):
    start, end = quarter_bounds(period)
    points = path[["date", "value"]].dropna()
    if anchor is not None and (points.empty or points["date"].min() > pd.Timestamp(anchor[0])):
        points = pd.concat([pd.DataFrame({"date": [pd.Timestamp(anchor[0])], "value": [float(anchor[1])]}), points])
    if points.empty or today < start:
        return None, EMPTY
    if today >= end:
        return float(points["value"].iloc[-1]), EMPTY
    if fit_from is not None and (points["date"] >= pd.Timestamp(fit_from)).sum() >= 2:
        points = points[points["date"] >= pd.Timestamp(fit_from)]
    if points["date"].nunique() < 2:
        return None, EMPTY
    x = (points["date"] - pd.Timestamp(start)).dt.days.to_numpy(dtype="float64")
    slope, intercept = np.polyfit(x, points["value"].to_numpy(dtype="float64"), 1)
    last_x, end_x = float(x.max()), float((end - start).days)
    line = pd.DataFrame({"date": [pd.Timestamp(start) + pd.Timedelta(days=last_x), pd.Timestamp(end)],
                         "value": [intercept + slope * last_x, intercept + slope * end_x]})
    return float(intercept + slope * end_x), line


def ref_confidence(check_ins):
    if check_ins is None or check_ins.empty:
        return None
    rated = check_ins.dropna(subset=["confidence"])
    if rated.empty:
        return None
    rated = rated.assign(_d=pd.to_datetime(rated["date"])).sort_values("_d", kind="stable")
    return int(rated["confidence"].iloc[-1])


def reference(*, baseline, target, stretch, period, today, values, aggregation, check_ins):
    linked = values is not None
    path = ref_value_path(values, period, today, aggregation) if linked else (
        ref_in_period(None if check_ins is None or check_ins.empty else check_ins[["date", "value"]], period, today))
    current = None if path.empty else float(path["value"].iloc[-1])
    start, _ = quarter_bounds(period)
    daily = linked and not path.empty and ref_is_daily(path["date"]) and aggregation != "last"
    value, line = ref_forecast(path, period, today, None if linked else (start, baseline),
                               start + timedelta(days=6) if daily else None)
    progress = okr.key_result_progress(current, baseline, target)
    return {
        "current": current, "progress": progress, "zone": okr.stretch_zone(current, baseline, stretch, target),
        "status": okr.key_result_status(progress, elapsed_share(period, today)),
        "last_update": ref_last_activity(values if linked else None, check_ins, period, today),
        "confidence": ref_confidence(check_ins), "forecast_value": value, "path": path, "projection": line,
    }


def _case(rng: np.random.Generator):
    start = date(2026, 8, 20)
    n = int(rng.integers(0, 60))
    step = int(rng.choice([1, 1, 1, 2, 7, 30]))
    days = sorted(start + timedelta(days=int(d)) for d in rng.integers(0, 140, n)) if step == 1 else [
        start + timedelta(days=i * step) for i in range(n)]
    values = pd.DataFrame({"date": pd.to_datetime(days), "segment": "",
                           "value": rng.normal(100, 20, n).round(2)})
    if n and rng.random() < 0.3:
        values.loc[values.sample(frac=0.2, random_state=int(rng.integers(1e6))).index, "value"] = np.nan
    if rng.random() < 0.3:
        values = values.iloc[rng.permutation(len(values))]
    m = int(rng.integers(0, 8))
    check_days = [date(2026, 9, 25) + timedelta(days=int(d)) for d in rng.integers(0, 100, m)]
    check_ins = pd.DataFrame({"key_result_id": 1, "date": check_days,
                              "value": rng.uniform(90, 160, m).round(1),
                              "confidence": rng.integers(0, 11, m).astype("float64")})
    if m and rng.random() < 0.4:
        check_ins.loc[check_ins.index[0], "confidence"] = np.nan
        check_ins.loc[check_ins.index[-1], "value"] = np.nan
    if rng.random() < 0.5:
        check_ins["date"] = pd.to_datetime(check_ins["date"])
    today = date(2026, 9, 28) + timedelta(days=int(rng.integers(0, 110)))
    linked = rng.random() < 0.6
    return {
        "baseline": 100.0, "target": float(rng.choice([150.0, 80.0])),
        "stretch": None if rng.random() < 0.5 else 170.0, "period": PERIOD, "today": today,
        "values": values if linked else None, "aggregation": str(rng.choice(["mean", "sum", "last"])),
        "check_ins": check_ins if (m or rng.random() < 0.5) else None,
    }


@pytest.mark.parametrize("seed", range(40))
def test_figures_equal_the_pandas_reference(seed):
    rng = np.random.default_rng(seed)
    for _ in range(10):
        case = _case(rng)
        expected = reference(**case)
        figures = okr.evaluate_key_result(**case)
        for name in ("current", "progress", "zone", "last_update", "confidence", "forecast_value"):
            assert getattr(figures, name) == expected[name], (name, case["today"])
        if figures.status is not None:
            assert figures.status == expected["status"]
        pd.testing.assert_frame_equal(figures.path, expected["path"], check_exact=True)
        pd.testing.assert_frame_equal(figures.projection, expected["projection"], check_exact=True)
        pd.testing.assert_frame_equal(
            okr.value_path(case["values"], PERIOD, case["today"], case["aggregation"]),
            ref_value_path(case["values"], PERIOD, case["today"], case["aggregation"]), check_exact=True)
        assert okr.latest_confidence(case["check_ins"]) == expected["confidence"]
