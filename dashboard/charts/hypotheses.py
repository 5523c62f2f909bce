"""Charts of hypotheses: the metric around a release, and calibration (expected against measured)."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd

from dashboard.analysis.hypothesis import Measurement
from dashboard.charts import (
    PALETTE,
    _title,
    date_axis,
    date_span,
    localize,
    team_encoding,
    value_axis,
    verdict_encoding,
)
from dashboard.i18n import fmt_date, fmt_percent, fmt_value, label, t, value_title
from dashboard.models import Verdict

VERDICT_COLORS = {
    "validated": "#16a34a", "partial": "#65a30d", "invalidated": "#dc2626", "inconclusive": "#94a3b8",
}


OTHER_RELEASE_COLOUR = "#7c3aed"  # neither the series' blue and grey nor the release's orange


def other_releases(m: Measurement, outputs: pd.DataFrame) -> pd.DataFrame:
    """The other outputs shipped inside the measurement window that could share the effect (the same team's,
    or tied to the same metric or key result: the measurement names them in its `other_outputs` warning),
    as `date`, `output`, `team` for `release_chart`. `outputs`: rows with `key`, `title`, `team`, `shipped_on`."""
    keys = [key for w in m.warnings if w.code == "other_outputs" for key in w.values.get("keys", [])]
    columns = ["date", "output", "team"]
    if not keys or outputs is None or outputs.empty:
        return pd.DataFrame(columns=columns)
    rows = outputs[outputs["key"].astype(str).isin(keys) & outputs["shipped_on"].notna()]
    return pd.DataFrame({
        "date": pd.to_datetime(rows["shipped_on"]).tolist(),
        "output": [f"{k} · {title}" if title else str(k) for k, title in zip(rows["key"], rows["title"], strict=True)],
        "team": [team or "—" for team in (rows["team"] if "team" in rows.columns else [""] * len(rows))],
    }, columns=columns)


def _other_release_marks(others: pd.DataFrame | None, lo: pd.Timestamp, hi: pd.Timestamp,
                         colour: alt.Color) -> list[alt.Chart]:
    """Other releases inside the shown days as thin dotted rules, named in the tooltip."""
    if others is None or others.empty:
        return []
    shown = others.assign(date=pd.to_datetime(others["date"]))
    shown = shown[(shown["date"] >= lo) & (shown["date"] <= hi)]
    if shown.empty:
        return []
    shown = shown.assign(day=[fmt_date(d) for d in shown["date"]], series=t("hypotheses.chart.other_release"),
                         note=t("hypotheses.chart.other_release_note"))
    return [
        alt.Chart(shown)
        .mark_rule(strokeWidth=1.5, strokeDash=[2, 3], opacity=0.9)
        .encode(x="date:T", color=colour,
                tooltip=[alt.Tooltip("series:N", title=t("hypotheses.chart.mark")),
                         alt.Tooltip("day:N", title=t("common.date")),
                         alt.Tooltip("output:N", title=t("explorer.output")),
                         alt.Tooltip("team:N", title=t("common.team")),
                         alt.Tooltip("note:N", title=t("hypotheses.chart.note"))])
    ]


def release_chart(values: pd.DataFrame, m: Measurement, *, metric_name: str, unit: str,
                  others: pd.DataFrame | None = None) -> alt.TopLevelMixin:
    """The metric around the release: actual values, the counterfactual with its 95 % band over the after
    window, the release marked, days left out as a spike circled, and `others` (other outputs shipped in
    the window, from `other_releases`) as dotted rules with their own legend entry.

    Before a measurement exists (not launched, still measuring, too little data) the recent history is
    drawn with the release date marked, if there is one. `values`: `date`, `value` of the measured series.
    """
    if m.path is None:
        return _history_chart(values, m, metric_name=metric_name, unit=unit)
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
    y_title = value_title(metric_name, unit)
    x = alt.X("date:T", title=t("common.date"), axis=date_axis(date_span(frame["date"])))
    y_scale = alt.Scale(zero=False)
    other_label = t("hypotheses.chart.other_release")
    lo, hi = frame["date"].min(), frame["date"].max()
    has_others = others is not None and not others.empty and bool(
        ((pd.to_datetime(others["date"]) >= lo) & (pd.to_datetime(others["date"]) <= hi)).any())
    domain = [actual_label, cf_label, *([other_label] if has_others else [])]
    series_scale = alt.Scale(domain=domain,
                             range=[PALETTE["primary"], PALETTE["muted"], OTHER_RELEASE_COLOUR][:len(domain)])
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
        .encode(x=x, y=alt.Y("low:Q", title=y_title, scale=y_scale, axis=value_axis(unit)), y2="high:Q",
                tooltip=tooltip)
    )
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=2)
        .encode(
            x=x, y=alt.Y("y:Q", title=y_title, scale=y_scale, axis=value_axis(unit)),
            color=alt.Color("series:N", title=None, scale=series_scale,
                            legend=alt.Legend(orient="bottom", labelLimit=0, symbolStrokeWidth=3, symbolType="stroke")),
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
    if has_others:
        layers += _other_release_marks(others, lo, hi, alt.Color("series:N", title=None, scale=series_scale))
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
    x = alt.X("date:T", title=t("common.date"), axis=date_axis(date_span(frame["date"])))
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
    x = alt.X("date:T", title=t("common.date"), axis=date_axis(date_span(frame["date"])))
    y = alt.Y("value:Q", title=value_title(metric_name, unit), scale=alt.Scale(zero=False), axis=value_axis(unit))
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
            shape=verdict_encoding("verdict", channel="shape", columns=3),  # beside the teams' legend
            tooltip=tooltip,
        )
    )
    return localize(
        alt.layer(line, zero, bars, dots)
        .properties(title=_title(t("hypotheses.calibration.chart_title"), t("hypotheses.calibration.chart_subtitle")),
                    height=420)
    )
