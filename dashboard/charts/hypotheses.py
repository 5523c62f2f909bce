"""Charts of hypotheses: the metric around a release, and calibration (expected against measured)."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd

from dashboard.analysis.hypothesis import Measurement
from dashboard.charts import PALETTE, _title, localize
from dashboard.i18n import chart_date_format, fmt_date, fmt_percent, fmt_value, t

VERDICT_COLORS = {
    "validated": "#16a34a", "partial": "#65a30d", "invalidated": "#dc2626", "inconclusive": "#94a3b8",
}


def release_chart(values: pd.DataFrame, m: Measurement, *, metric_name: str, unit: str) -> alt.LayerChart:
    """The metric around the release: both windows shaded, both means drawn, the release marked.

    `values`: `date`, `value` of the hypothesis's metric (and segment).
    """
    fmt = chart_date_format()
    frame = values[["date", "value"]].copy()
    frame["date"] = pd.to_datetime(frame["date"])
    if m.t0 is not None and m.before_start is not None:
        margin = timedelta(days=max(7, m.window_days // 4))
        lo, hi = pd.Timestamp(m.before_start - margin), pd.Timestamp(m.after_end + margin)
    else:
        hi = frame["date"].max() if len(frame) else pd.Timestamp.today()
        lo = hi - pd.Timedelta(days=max(90, 3 * m.window_days))
    frame = frame[(frame["date"] >= lo) & (frame["date"] <= hi)].sort_values("date")
    frame["label"] = [fmt_value(v, unit) for v in frame["value"]]
    frame["day"] = [fmt_date(d) for d in frame["date"]]
    value_title = f"{metric_name} ({unit})" if unit and unit != "count" else metric_name
    x = alt.X("date:T", title=t("common.date"), axis=alt.Axis(format=fmt, labelAngle=0, tickCount=6))
    y = alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False))
    line = alt.Chart(frame).mark_line(color=PALETTE["muted"], strokeWidth=1.5).encode(x=x, y=y)
    points = (
        alt.Chart(frame)
        .mark_circle(size=28, color=PALETTE["primary"], opacity=0.8)
        .encode(
            x=x, y=y,
            tooltip=[alt.Tooltip("day:N", title=t("common.date")), alt.Tooltip("label:N", title=t("common.value"))],
        )
    )
    layers: list[alt.Chart] = []
    if m.t0 is not None and m.before_start is not None:
        before_label, after_label = t("hypotheses.chart.before"), t("hypotheses.chart.after")
        windows = pd.DataFrame([
            {"start": pd.Timestamp(m.before_start), "end": pd.Timestamp(m.t0), "window": before_label,
             "span": f"{fmt_date(m.before_start)} – {fmt_date(m.before_end)}"},
            {"start": pd.Timestamp(m.t0), "end": pd.Timestamp(m.after_end), "window": after_label,
             "span": f"{fmt_date(m.after_start)} – {fmt_date(m.after_end)}"},
        ])
        color = alt.Color(
            "window:N", title=t("hypotheses.chart.window"),
            scale=alt.Scale(domain=[before_label, after_label], range=[PALETTE["muted"], PALETTE["primary"]]),
            legend=alt.Legend(orient="top"),
        )
        shade = (
            alt.Chart(windows)
            .mark_rect(opacity=0.12)
            .encode(x="start:T", x2="end:T", color=color,
                    tooltip=[alt.Tooltip("window:N", title=t("hypotheses.chart.window")),
                             alt.Tooltip("span:N", title=t("hypotheses.chart.days"))])
        )
        layers.append(shade)
        means = []
        # While the after window still runs, its mean would be read as a result: draw it once measured.
        after_mean = m.mean_after if m.state == "measured" else None
        for start, end, mean, label in (
            (m.before_start, m.t0, m.mean_before, before_label),
            (m.t0, m.after_end, after_mean, after_label),
        ):
            if mean is not None:
                means.append({"start": pd.Timestamp(start), "end": pd.Timestamp(end), "mean": mean, "window": label,
                              "text": fmt_value(mean, unit)})
        if means:
            layers.append(
                alt.Chart(pd.DataFrame(means))
                .mark_rule(strokeWidth=3)
                .encode(x="start:T", x2="end:T", y="mean:Q", color=color,
                        tooltip=[alt.Tooltip("window:N", title=t("hypotheses.chart.window")),
                                 alt.Tooltip("text:N", title=t("hypotheses.chart.mean"))])
            )
        release = pd.DataFrame([{"date": pd.Timestamp(m.t0), "text": fmt_date(m.t0)}])
        layers.append(
            alt.Chart(release)
            .mark_rule(color=PALETTE["release"], strokeDash=[4, 3], strokeWidth=2)
            .encode(x="date:T", tooltip=[alt.Tooltip("text:N", title=t("hypotheses.chart.release"))])
        )
    layers += [line, points]
    if m.t0 is not None:
        title, subtitle = t("hypotheses.chart.title", metric=metric_name), t("common.observational")
    else:
        title, subtitle = t("hypotheses.chart.title_history", metric=metric_name), t("hypotheses.chart.history")
    return localize(alt.layer(*layers).properties(title=_title(title, subtitle), height=300))


def calibration_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Expected against measured change per measured hypothesis (relative to the mean before the
    release), with the 95 % interval and the line where measured equals expected.

    `frame`: `statement`, `team`, `verdict`, `expected_rel`, `measured_rel`, `low_rel`, `high_rel`.
    """
    data = frame.copy()
    data["verdict_label"] = [t(f"hypothesis_status.{v}") for v in data["verdict"]]
    data["expected_text"] = [fmt_percent(v, 1, sign=True) for v in data["expected_rel"]]
    data["measured_text"] = [fmt_percent(v, 1, sign=True) for v in data["measured_rel"]]
    data["interval_text"] = [
        f"{fmt_percent(lo, 1, sign=True)} … {fmt_percent(hi, 1, sign=True)}"
        for lo, hi in zip(data["low_rel"], data["high_rel"], strict=True)
    ]
    values = pd.concat([data["expected_rel"], data["low_rel"], data["high_rel"], pd.Series([0.0])])
    lo, hi = float(values.min()), float(values.max())
    pad = (hi - lo) * 0.05 or 0.05
    diagonal = pd.DataFrame({"x": [lo - pad, hi + pad], "y": [lo - pad, hi + pad]})
    axis = alt.Axis(format="+.0%")
    scale = alt.Scale(domain=[lo - pad, hi + pad])
    x = alt.X("expected_rel:Q", title=t("hypotheses.calibration.expected_axis"), axis=axis, scale=scale)
    tooltip = [
        alt.Tooltip("statement:N", title=t("hypotheses.statement")),
        alt.Tooltip("team:N", title=t("common.team")),
        alt.Tooltip("verdict_label:N", title=t("hypotheses.verdict")),
        alt.Tooltip("expected_text:N", title=t("hypotheses.expected")),
        alt.Tooltip("measured_text:N", title=t("hypotheses.measured")),
        alt.Tooltip("interval_text:N", title=t("hypotheses.interval")),
    ]
    line = (
        alt.Chart(diagonal)
        .mark_line(color=PALETTE["muted"], strokeDash=[5, 4])
        .encode(x=alt.X("x:Q", scale=scale, axis=axis, title=t("hypotheses.calibration.expected_axis")),
                y=alt.Y("y:Q", scale=scale, axis=axis, title=t("hypotheses.calibration.measured_axis")))
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#cbd5e1").encode(y="y:Q")
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2, opacity=0.6)
        .encode(x=x, y=alt.Y("low_rel:Q", scale=scale, axis=axis), y2="high_rel:Q",
                color=alt.Color("team:N", title=t("common.team")), tooltip=tooltip)
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x=x,
            y=alt.Y("measured_rel:Q", title=t("hypotheses.calibration.measured_axis"), scale=scale, axis=axis),
            color=alt.Color("team:N", title=t("common.team"), legend=alt.Legend(orient="top")),
            shape=alt.Shape("verdict_label:N", title=t("hypotheses.verdict")),
            tooltip=tooltip,
        )
    )
    return localize(
        alt.layer(line, zero, bars, dots)
        .properties(title=_title(t("hypotheses.calibration.chart_title"), t("hypotheses.calibration.chart_subtitle")),
                    height=420)
    )
