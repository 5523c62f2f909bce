"""Charts for leadership: output against outcome on one time axis, and one metric explored over time
with its releases (coloured by their bets' verdicts), key-result lines and the quarter's projection.

Pure Altair: DataFrames in, chart out; colours of verdicts are fixed per verdict, in every language.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PALETTE, VERDICT_COLOURS, _title, date_axis, date_span, localize, value_axis, value_format
from dashboard.charts import verdict_label as base_verdict_label
from dashboard.i18n import chart_date_format, fmt_date, t, value_title

MAX_ROWS = 5_000  # Altair's own limit; charts roll up before they get near it
# Verdict of a release's bet -> colour: the verdicts' fixed colours, plus releases still measuring and
# releases without a measured bet.
VERDICT_COLORS = {**VERDICT_COLOURS, "measuring": "#0891b2", "no_bet": "#a8a29e"}


def verdict_label(verdict: str | None) -> str:
    """The verdict's name in the UI language (a release without a measured bet says so)."""
    if not verdict or verdict == "no_bet":
        return t("explorer.no_bet")
    return base_verdict_label(verdict)


def _verdict_scale() -> alt.Scale:
    return alt.Scale(domain=[verdict_label(v) for v in VERDICT_COLORS], range=list(VERDICT_COLORS.values()))


def rollup_rule(points: int, max_rows: int = MAX_ROWS // 2) -> str | None:
    """None (days) while the days fit, else weeks, else months."""
    if points <= max_rows:
        return None
    return "W-MON" if points / 7 <= max_rows else "MS"


def rolled(values: pd.DataFrame, aggregation: str, max_rows: int = MAX_ROWS // 2) -> tuple[pd.DataFrame, str]:
    """`date`/`value` rolled up by the metric's rule so the chart stays small; returns the grain too."""
    rule = rollup_rule(len(values), max_rows)
    if rule is None:
        return values[["date", "value"]], "day"
    how = {"sum": "sum", "last": "last"}.get(aggregation, "mean")
    out = values.set_index("date")["value"].resample(rule, label="left", closed="left").agg(how).dropna()
    return out.reset_index(), ("week" if rule == "W-MON" else "month")


def release_rules(releases: pd.DataFrame, *, x_scale: alt.Scale | None = None, legend: bool = True) -> alt.Chart:
    """Releases as vertical rules coloured by their bets' verdicts, with output, hypothesis and verdict
    in the tooltip. `releases`: `date`, `output`, `hypothesis`, `verdict`, `team`."""
    fmt = chart_date_format()
    marks = releases.assign(date=pd.to_datetime(releases["date"]),
                            verdict_label=[verdict_label(v) for v in releases["verdict"]])
    return (
        alt.Chart(marks)
        .mark_rule(strokeWidth=2, opacity=0.8)
        .encode(
            x=alt.X("date:T", scale=x_scale) if x_scale is not None else alt.X("date:T"),
            color=alt.Color("verdict_label:N", title=None,
                            scale=_verdict_scale(),
                            # four to a row: a chart beside a tile is narrow, and no entry is cut off
                            legend=alt.Legend(orient="top", symbolType="stroke", columns=4, labelLimit=180)
                            if legend else None),
            tooltip=[alt.Tooltip("date:T", title=t("overview.release"), format=fmt),
                     alt.Tooltip("output:N", title=t("explorer.output")),
                     alt.Tooltip("hypothesis:N", title=t("explorer.hypothesis")),
                     alt.Tooltip("verdict_label:N", title=t("explorer.verdict")),
                     alt.Tooltip("team:N", title=t("common.team"))],
        )
    )


def outcome_output_chart(timeline: pd.DataFrame, metric: pd.DataFrame | None, *, metric_name: str, unit: str,
                         title: str, subtitle: str) -> alt.LayerChart:
    """Outputs shipped per week or month (bars: linked to an outcome or not) and a metric as a line,
    on the same time axis (two value axes).

    `timeline`: `bucket`, `linked`, `unlinked`. `metric`: `bucket`, `value` (same buckets) or None.
    """
    fmt = chart_date_format()
    linked, unlinked = t("overview.linked"), t("overview.unlinked")
    bars_data = pd.concat([
        timeline.assign(group=linked, count=timeline["linked"]),
        timeline.assign(group=unlinked, count=timeline["unlinked"]),
    ])[["bucket", "group", "count"]]
    x = alt.X("bucket:T", title=t("overview.week_of"), axis=date_axis(date_span(timeline["bucket"]), tick_count=8))
    bars = (
        alt.Chart(bars_data)
        .mark_bar(opacity=0.85, size=max(4, int(520 / max(len(timeline), 1))))
        .encode(
            x=x,
            y=alt.Y("count:Q", title=t("overview.outputs_shipped"), stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("group:N", title=None, legend=alt.Legend(orient="top"),
                            scale=alt.Scale(domain=[linked, unlinked], range=[PALETTE["primary"], "#cbd5e1"])),
            tooltip=[alt.Tooltip("bucket:T", title=t("overview.week_of"), format=fmt),
                     alt.Tooltip("group:N", title=t("overview.link_state")),
                     alt.Tooltip("count:Q", title=t("overview.count"))],
        )
    )
    layers: list[alt.Chart] = [bars]
    if metric is not None and not metric.empty:
        line = (
            alt.Chart(metric.assign(series=metric_name))
            .mark_line(color="#0f172a", strokeWidth=2.5, point=alt.OverlayMarkDef(size=28, color="#0f172a"))
            .encode(
                x=x,
                y=alt.Y("value:Q", title=value_title(metric_name, unit), scale=alt.Scale(zero=False),
                        axis=value_axis(unit, orient="right", titleColor="#0f172a")),
                tooltip=[alt.Tooltip("bucket:T", title=t("overview.week_of"), format=fmt),
                         alt.Tooltip("series:N", title=t("explorer.metric")),
                         alt.Tooltip("value:Q", title=t("common.value"), format=value_format(unit))],
            )
        )
        layers.append(line)
    chart = alt.layer(*layers).resolve_scale(y="independent")
    return localize(chart.properties(title=_title(title, subtitle), height=300))


def metric_chart(
    values: pd.DataFrame,
    releases: pd.DataFrame,
    lines: pd.DataFrame,
    projection: pd.DataFrame | None,
    *,
    metric_name: str,
    unit: str,
    aggregation: str,
    subtitle: str,
) -> alt.LayerChart:
    """One metric over time: its values (rolled up by its rule when long), releases as rules coloured
    by their bets' verdicts, key-result baselines and targets as labelled lines, the projection dashed.

    `values`: `date`, `value`. `releases`: `date`, `output`, `hypothesis`, `verdict`, `team`.
    `lines`: `value`, `label`, `kind` ("baseline"/"target"). `projection`: `date`, `value`.
    """
    fmt = chart_date_format()
    data, grain = rolled(values.sort_values("date"), aggregation)
    y_title = value_title(metric_name, unit)
    span = date_span([*data["date"], *(projection["date"] if projection is not None and not projection.empty else [])])
    x = alt.X("date:T", title=t(f"explorer.grain.{grain}"), axis=date_axis(span, tick_count=8))
    y_scale = alt.Scale(zero=False)
    if grain == "day" and len(data) >= 14:
        # Daily values are noisy: show them light, with the 7-day mean on top.
        daily = data.assign(series=t("overview.series_daily"))
        mean7 = data.assign(value=data["value"].rolling(7, min_periods=4).mean(), series=t("overview.series_mean7"))
        data = pd.concat([daily, mean7]).dropna(subset=["value"])
        domain = [t("overview.series_daily"), t("overview.series_mean7")]
        colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=["#cbd5e1", PALETTE["primary"]]),
                           legend=alt.Legend(orient="top"))
    else:
        data = data.assign(series=y_title)
        colour = alt.value(PALETTE["primary"])
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=x, y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=value_axis(unit)), color=colour,
            detail="series:N",
            tooltip=[alt.Tooltip("date:T", title=t(f"explorer.grain.{grain}"), format=fmt),
                     alt.Tooltip("series:N", title=""),
                     alt.Tooltip("value:Q", title=t("common.value"), format=value_format(unit))],
        )
    )
    layers: list[alt.Chart] = []
    if not releases.empty:
        layers.append(release_rules(releases))
    layers.append(line)
    if lines is not None and not lines.empty:
        for kind, dash in (("baseline", [2, 3]), ("target", [7, 4])):
            part = lines[lines["kind"] == kind]
            if part.empty:
                continue
            layers.append(
                alt.Chart(part).mark_rule(color="#475569" if kind == "baseline" else PALETTE["good"], strokeDash=dash,
                                          strokeWidth=1.5)
                .encode(y="value:Q", tooltip=[alt.Tooltip("label:N", title=t("explorer.key_result_line")),
                                              alt.Tooltip("value:Q", title=t("common.value"),
                                                          format=value_format(unit))])
            )
            layers.append(
                alt.Chart(part).mark_text(align="left", dx=4, dy=-6, fontSize=11,
                                          color="#475569" if kind == "baseline" else PALETTE["good"])
                .encode(y="value:Q", x=alt.value(4), text="label:N")
            )
    if projection is not None and not projection.empty:
        layers.append(
            alt.Chart(projection.assign(series=t("explorer.projection")))
            .mark_line(color=PALETTE["primary"], strokeDash=[6, 4], strokeWidth=2, opacity=0.8)
            .encode(x="date:T", y="value:Q",
                    tooltip=[alt.Tooltip("series:N", title=""),
                             alt.Tooltip("date:T", title=t("common.date"), format=fmt),
                             alt.Tooltip("value:Q", title=t("common.value"), format=value_format(unit))])
        )
    return localize(
        alt.layer(*layers).resolve_scale(color="independent")
        .properties(title=_title(t("explorer.chart_title", name=metric_name), subtitle), height=420)
    )


def weekly_chart(weekly: list[list], *, metric_name: str, unit: str, title: str, subtitle: str = "") -> alt.Chart:
    """A metric's weekly figures (`[[iso day, value], ...]`) as a line: the review's North Star chart."""
    fmt = chart_date_format()
    data = pd.DataFrame(weekly, columns=["date", "value"]).assign(date=lambda f: pd.to_datetime(f["date"]))
    chart = (
        alt.Chart(data)
        .mark_line(color=PALETTE["primary"], strokeWidth=3, point=alt.OverlayMarkDef(size=40, color=PALETTE["primary"]))
        .encode(
            x=alt.X("date:T", title=t("overview.week_of"), axis=date_axis(date_span(data["date"]), tick_count=7)),
            y=alt.Y("value:Q", title=value_title(metric_name, unit), scale=alt.Scale(zero=False),
                    axis=value_axis(unit)),
            tooltip=[alt.Tooltip("date:T", title=t("overview.week_of"), format=fmt),
                     alt.Tooltip("value:Q", title=t("common.value"), format=value_format(unit))],
        )
    )
    return localize(chart.properties(title=_title(title, subtitle), height=320))


def bet_chart(path: dict, *, title: str, unit: str, metric_name: str) -> alt.LayerChart:
    """A bet around its release from stored data: actual values, the counterfactual (dashed) with its
    95 % band over the after window, and the release day. `path`: `dates`, `actual`, `cf`, `low`,
    `high`, `after`, `t0` (as `dashboard.services.review` keeps them)."""
    fmt = chart_date_format()
    frame = pd.DataFrame({"date": pd.to_datetime(path["dates"]), "actual": path["actual"], "cf": path["cf"],
                          "low": path["low"], "high": path["high"], "after": path["after"]})
    y_title = value_title(metric_name, unit)
    # The same words as the hypothesis page's chart of the same bet.
    actual_label, cf_label = t("hypotheses.chart.actual"), t("hypotheses.chart.counterfactual")
    lines = pd.concat([
        frame[["date"]].assign(value=frame["actual"], series=actual_label),
        frame[frame["after"]][["date"]].assign(value=frame.loc[frame["after"], "cf"], series=cf_label),
    ])
    x = alt.X("date:T", title=t("common.date"), axis=date_axis(date_span(frame["date"])))
    band = (
        alt.Chart(frame[frame["after"]])
        .mark_area(opacity=0.18, color=PALETTE["muted"])
        .encode(x=x, y=alt.Y("low:Q", title=y_title, scale=alt.Scale(zero=False), axis=value_axis(unit)),
                y2="high:Q")
    )
    line = (
        alt.Chart(lines)
        .mark_line(strokeWidth=2)
        .encode(
            x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False), axis=value_axis(unit)),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top", labelLimit=320),
                            scale=alt.Scale(domain=[actual_label, cf_label], range=[PALETTE["primary"], "#475569"])),
            strokeDash=alt.StrokeDash("series:N", legend=None,
                                      scale=alt.Scale(domain=[actual_label, cf_label], range=[[1, 0], [6, 4]])),
            tooltip=[alt.Tooltip("date:T", title=t("common.date"), format=fmt),
                     alt.Tooltip("series:N", title=""),
                     alt.Tooltip("value:Q", title=t("common.value"), format=value_format(unit))],
        )
    )
    layers = [band, line]
    if path.get("t0"):
        release = pd.DataFrame({"date": pd.to_datetime([path["t0"]]), "label": [t("hypotheses.chart.release")],
                                "day": [fmt_date(pd.Timestamp(path["t0"]))]})
        layers.append(alt.Chart(release).mark_rule(color=PALETTE["release"], strokeDash=[4, 3], strokeWidth=2)
                      .encode(x="date:T", tooltip=[alt.Tooltip("day:N", title=t("hypotheses.chart.release"))]))
        layers.append(alt.Chart(release).mark_text(color=PALETTE["release"], align="left", dx=4, baseline="top", y=2,
                                                   fontWeight="bold").encode(x="date:T", text="label:N"))
    # Streamlit fits title, legend, axes and plot into the height: leave the plot room.
    return localize(alt.layer(*layers).properties(title=_title(title), height=340))
