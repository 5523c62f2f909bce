"""Charts of hypotheses: the metric around a release, and calibration (expected against measured)."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd

from dashboard.analysis.hypothesis import Measurement
from dashboard.charts import PALETTE, _title, localize, team_encoding, verdict_encoding
from dashboard.i18n import chart_date_format, fmt_date, fmt_percent, fmt_value, label, t
from dashboard.models import Verdict

VERDICT_COLORS = {
    "validated": "#16a34a", "partial": "#65a30d", "invalidated": "#dc2626", "inconclusive": "#94a3b8",
}


def release_chart(values: pd.DataFrame, m: Measurement, *, metric_name: str, unit: str) -> alt.TopLevelMixin:
    """The metric around the release: actual values, the counterfactual with its 95 % band over the after
    window, the release marked, and days left out as a spike circled.

    Before a measurement exists (not launched, still measuring, too little data) the recent history is
    drawn with the release date marked, if there is one. `values`: `date`, `value` of the measured series.
    """
    if m.path is None:
        return _history_chart(values, m, metric_name=metric_name, unit=unit)
    fmt = chart_date_format()
    path = m.path
    frame = pd.DataFrame({
        "date": pd.to_datetime(list(path.dates)), "actual": path.actual, "cf": path.counterfactual,
        "low": path.low, "high": path.high, "after": path.after,
        "spike": path.spike or (False,) * len(path.dates),
    })
    actual_label, cf_label = t("hypotheses.chart.actual"), t("hypotheses.chart.counterfactual")
    frame["day"] = [fmt_date(d) for d in path.dates]
    frame["actual_text"] = [fmt_value(v, unit) for v in frame["actual"]]
    frame["cf_text"] = [fmt_value(v, unit) for v in frame["cf"]]
    frame["band_text"] = [f"{fmt_value(lo, unit)} – {fmt_value(hi, unit)}" if a else "—"
                          for lo, hi, a in zip(frame["low"], frame["high"], frame["after"], strict=True)]
    value_title = _value_title(metric_name, unit)
    x = alt.X("date:T", title=t("common.date"), axis=alt.Axis(format=fmt, labelAngle=0, tickCount=6))
    y_scale = alt.Scale(zero=False)
    series_scale = alt.Scale(domain=[actual_label, cf_label], range=[PALETTE["primary"], PALETTE["muted"]])
    tooltip = [
        alt.Tooltip("day:N", title=t("common.date")),
        alt.Tooltip("actual_text:N", title=actual_label),
        alt.Tooltip("cf_text:N", title=cf_label),
        alt.Tooltip("band_text:N", title=t("hypotheses.chart.band")),
    ]
    long = pd.concat([
        frame.assign(series=actual_label, y=frame["actual"]),
        frame.assign(series=cf_label, y=frame["cf"]),
    ])
    band = (
        alt.Chart(frame[frame["after"]])
        .mark_area(opacity=0.18, color=PALETTE["muted"])
        .encode(x=x, y=alt.Y("low:Q", title=value_title, scale=y_scale), y2="high:Q", tooltip=tooltip)
    )
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=2)
        .encode(
            x=x, y=alt.Y("y:Q", title=value_title, scale=y_scale),
            color=alt.Color("series:N", title=None, scale=series_scale,
                            legend=alt.Legend(orient="bottom", labelLimit=0, symbolStrokeWidth=3)),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=[actual_label, cf_label],
                                                                   range=[[1, 0], [5, 4]]), legend=None),
            tooltip=tooltip,
        )
    )
    points = (
        alt.Chart(frame)
        .mark_circle(size=22, color=PALETTE["primary"], opacity=0.7)
        .encode(x=x, y=alt.Y("actual:Q", scale=y_scale), tooltip=tooltip)
    )
    layers = [band, lines, points]
    spikes = frame[frame["spike"]].assign(note=t("hypotheses.chart.spike"))
    if len(spikes):
        layers.append(
            alt.Chart(spikes)
            .mark_point(size=160, shape="circle", filled=False, color=PALETTE["bad"], strokeWidth=2)
            .encode(x=x, y=alt.Y("actual:Q", scale=y_scale),
                    tooltip=[alt.Tooltip("day:N", title=t("common.date")),
                             alt.Tooltip("actual_text:N", title=actual_label),
                             alt.Tooltip("note:N", title=t("hypotheses.chart.note"))])
        )
    layers += _release_marks(m)
    title = _title(t("hypotheses.chart.title", metric=metric_name), t("hypotheses.chart.subtitle"))
    return localize(alt.layer(*layers).properties(title=title, height=340))


def effect_chart(m: Measurement) -> alt.TopLevelMixin | None:
    """The effect so far: actual against counterfactual from the release up to each day, with its 95 % band
    (relative changes in percent, absolute ones in the metric's units); None without a measurement."""
    if m.path is None:
        return None
    path = m.path
    rows = [
        {"date": pd.Timestamp(d), "cum": c, "cum_low": lo, "cum_high": hi}
        for d, c, lo, hi, after in zip(path.dates, path.cum_effect, path.cum_low, path.cum_high, path.after,
                                       strict=True)
        if after and c is not None
    ]
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    relative = m.change_kind == "relative"

    def change(v: float) -> str:
        if relative:
            return fmt_percent(v, 1, sign=True)
        text = fmt_value(v, "" if m.change_kind == "pp" else "")
        return ("+" + text if v > 0 else text) + (" pp" if m.change_kind == "pp" else "")

    frame["day"] = [fmt_date(d) for d in frame["date"]]
    frame["cum_text"] = [change(v) for v in frame["cum"]]
    frame["cum_band"] = [f"{change(lo)} … {change(hi)}" for lo, hi in zip(frame["cum_low"], frame["cum_high"],
                                                                          strict=True)]
    axis = alt.Axis(format="+.0%") if relative else alt.Axis(format="+,.2~f")
    title_y = t("hypotheses.chart.cumulative_axis") + ("" if relative else f" ({_change_unit(m)})")
    x = alt.X("date:T", title=t("common.date"), axis=alt.Axis(format=chart_date_format(), labelAngle=0, tickCount=6))
    tooltip = [alt.Tooltip("day:N", title=t("common.date")),
               alt.Tooltip("cum_text:N", title=t("hypotheses.chart.cumulative")),
               alt.Tooltip("cum_band:N", title=t("hypotheses.chart.band"))]
    band = (alt.Chart(frame).mark_area(opacity=0.18, color=PALETTE["primary"])
            .encode(x=x, y=alt.Y("cum_low:Q", title=title_y, axis=axis), y2="cum_high:Q", tooltip=tooltip))
    line = alt.Chart(frame).mark_line(color=PALETTE["primary"], strokeWidth=2).encode(
        x=x, y=alt.Y("cum:Q", title=title_y, axis=axis), tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#94a3b8").encode(y="y:Q")
    expected = alt.Chart(pd.DataFrame({"y": [m.expected], "text": [change(m.expected)]})).mark_rule(
        color=PALETTE["good"], strokeDash=[6, 4]).encode(
        y="y:Q", tooltip=[alt.Tooltip("text:N", title=t("hypotheses.expected"))])
    title = _title(t("hypotheses.chart.cumulative_title"), t("hypotheses.chart.cumulative_subtitle"))
    # Streamlit fits title, axes and plot into the height: leave the plot room.
    return localize(alt.layer(band, zero, expected, line).properties(title=title, height=260))


def _value_title(metric_name: str, unit: str) -> str:
    unit = (unit or "").strip()
    if not unit or unit == "count" or unit.casefold() == metric_name.casefold():
        return metric_name
    return f"{metric_name} ({unit})"


def _change_unit(m: Measurement) -> str:
    return "pp" if m.change_kind == "pp" else t("hypotheses.chart.units")


def _release_marks(m: Measurement) -> list[alt.Chart]:
    """The release as a dashed rule with a label at the top."""
    release = pd.DataFrame([{"date": pd.Timestamp(m.t0), "text": fmt_date(m.t0),
                             "label": t("hypotheses.chart.release")}])
    rule = (
        alt.Chart(release)
        .mark_rule(color=PALETTE["release"], strokeDash=[4, 3], strokeWidth=2)
        .encode(x="date:T", tooltip=[alt.Tooltip("text:N", title=t("hypotheses.chart.release"))])
    )
    label = (
        alt.Chart(release)
        .mark_text(color=PALETTE["release"], align="left", dx=4, baseline="top", y=2, fontWeight="bold")
        .encode(x="date:T", text="label:N")
    )
    return [rule, label]


def _history_chart(values: pd.DataFrame, m: Measurement, *, metric_name: str, unit: str) -> alt.LayerChart:
    """Recent history (and the after window so far), with the release marked when there is a date."""
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
    value_title = _value_title(metric_name, unit)
    x = alt.X("date:T", title=t("common.date"), axis=alt.Axis(format=fmt, labelAngle=0, tickCount=6))
    y = alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("day:N", title=t("common.date")), alt.Tooltip("label:N", title=t("common.value"))]
    layers: list[alt.Chart] = [
        alt.Chart(frame).mark_line(color=PALETTE["muted"], strokeWidth=1.5).encode(x=x, y=y),
        alt.Chart(frame).mark_circle(size=28, color=PALETTE["primary"], opacity=0.8).encode(x=x, y=y, tooltip=tooltip),
    ]
    if m.t0 is not None:
        layers += _release_marks(m)
        title, subtitle = t("hypotheses.chart.title", metric=metric_name), t("hypotheses.chart.waiting")
    else:
        title, subtitle = t("hypotheses.chart.title_history", metric=metric_name), t("hypotheses.chart.history")
    return localize(alt.layer(*layers).properties(title=_title(title, subtitle), height=300))


def calibration_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Expected against measured change per measured hypothesis (relative to the mean before the
    release), with the 95 % interval and the line where measured equals expected.

    `frame`: `statement`, `team`, `verdict`, `expected_rel`, `measured_rel`, `low_rel`, `high_rel`.
    """
    data = frame.copy()
    data["verdict_label"] = [label(Verdict, v) for v in data["verdict"]]
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
    teams = sorted(data["team"].dropna().astype(str).unique().tolist())
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2, opacity=0.6)
        .encode(x=x, y=alt.Y("low_rel:Q", scale=scale, axis=axis), y2="high_rel:Q",
                color=team_encoding(teams=teams), tooltip=tooltip)
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x=x,
            y=alt.Y("measured_rel:Q", title=t("hypotheses.calibration.measured_axis"), scale=scale, axis=axis),
            color=team_encoding(teams=teams),
            shape=verdict_encoding("verdict", channel="shape"),
            tooltip=tooltip,
        )
    )
    return localize(
        alt.layer(line, zero, bars, dots)
        .properties(title=_title(t("hypotheses.calibration.chart_title"), t("hypotheses.calibration.chart_subtitle")),
                    height=420)
    )
