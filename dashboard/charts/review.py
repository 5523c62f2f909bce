"""Charts of a quarterly review drawn from its plain data (`dashboard.services.review.build_review`),
so that a frozen review draws the same charts as the live one. Sized for slides and pages: the
whole chart, titles and axes included, fits `width` × `height`."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PALETTE, date_axis, date_span, localize, value_format
from dashboard.i18n import fmt_period, t, value_title

FONT = "DejaVu Sans"


def _fit(chart: alt.TopLevelMixin, width: int, height: int, lang: str) -> alt.TopLevelMixin:
    """Fixed outer size, fonts large enough to read on a projector, the language's number locale."""
    chart = (
        chart.properties(width=width, height=height, autosize=alt.AutoSizeParams(type="fit", contains="padding"))
        .configure(font=FONT, background="#ffffff")
        .configure_axis(labelFontSize=13, titleFontSize=14, labelColor="#334155", titleColor="#334155")
        .configure_legend(labelFontSize=13, titleFontSize=13, labelLimit=0)
        .configure_title(fontSize=18, subtitleFontSize=13, anchor="start", subtitleColor="#64748b")
        .configure_view(strokeWidth=0)
    )
    return localize(chart, lang)


def _axis_format(unit: str) -> str:
    """Axis labels: four significant digits, a `ratio` metric's fractions as percent."""
    return ".0%" if value_format(unit).endswith("%") else ",.4~r"


def weekly_metric_chart(block: dict, period: str, lang: str, *, width: int = 600,
                        height: int = 400) -> alt.TopLevelMixin:
    """A metric's weekly values around the quarter `period` (shaded), from a review's metric block."""
    frame = pd.DataFrame(block.get("weekly") or [], columns=["date", "value"])
    frame["date"] = pd.to_datetime(frame["date"])
    x = alt.X("date:T", title=t("review.deck.week", lang),
              axis=date_axis(date_span(frame["date"]), lang=lang, tick_count=5))
    unit = str(block.get("unit", ""))
    y = alt.Y("value:Q", title=value_title(str(block.get("name", "")), unit),
              scale=alt.Scale(zero=False), axis=alt.Axis(format=_axis_format(unit)))
    layers: list[alt.Chart] = []
    if block.get("start") and block.get("end"):
        quarter = pd.DataFrame({"start": [pd.Timestamp(block["start"])], "end": [pd.Timestamp(block["end"])]})
        layers.append(alt.Chart(quarter).mark_rect(color=PALETTE["primary"], opacity=0.06)
                      .encode(x="start:T", x2="end:T"))
    layers.append(alt.Chart(frame).mark_line(color=PALETTE["primary"], strokeWidth=3,
                                              point=alt.OverlayMarkDef(size=40, color=PALETTE["primary"]))
                  .encode(x=x, y=y))
    how = "review.deck.weekly_last" if block.get("aggregation") == "last" else "review.deck.weekly_mean"
    title = alt.TitleParams(text=t("overview.north_star", lang, name=str(block.get("name", ""))),
                            subtitle=t(how, lang, period=fmt_period(period, lang)))
    return _fit(alt.layer(*layers).properties(title=title), width, height, lang)


def counterfactual_chart(bet: dict, lang: str, *, width: int = 880, height: int = 330) -> alt.TopLevelMixin:
    """A bet's metric around its release: actual values, the counterfactual dashed with its 95 % band over
    the after window, and the release marked; from a review's bet (which has a `path`)."""
    path = bet["path"]
    frame = pd.DataFrame({"date": pd.to_datetime(path["dates"]), "actual": path["actual"], "cf": path["cf"],
                          "low": path["low"], "high": path["high"], "after": path["after"]})
    actual, cf = t("hypotheses.chart.actual", lang), t("hypotheses.chart.counterfactual", lang)
    x = alt.X("date:T", title=t("common.date", lang), axis=date_axis(date_span(frame["date"]), lang=lang, tick_count=5))
    unit = str(bet.get("unit") or "")
    y_title = value_title(str(bet.get("metric") or ""), unit)
    scale = alt.Scale(zero=False)
    long = pd.concat([frame.assign(series=actual, y=frame["actual"]), frame.assign(series=cf, y=frame["cf"])])
    band = (alt.Chart(frame[frame["after"]]).mark_area(opacity=0.2, color=PALETTE["muted"])
            .encode(x=x, y=alt.Y("low:Q", title=y_title, scale=scale), y2="high:Q"))
    lines = (
        alt.Chart(long).mark_line(strokeWidth=2.5)
        .encode(
            x=x, y=alt.Y("y:Q", title=y_title, scale=scale, axis=alt.Axis(format=_axis_format(unit))),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", symbolStrokeWidth=3),
                            scale=alt.Scale(domain=[actual, cf], range=[PALETTE["primary"], "#475569"])),
            strokeDash=alt.StrokeDash("series:N", legend=None,
                                      scale=alt.Scale(domain=[actual, cf], range=[[1, 0], [6, 4]])),
        )
    )
    layers: list[alt.Chart] = [band, lines]
    if path.get("t0"):
        release = pd.DataFrame({"date": [pd.Timestamp(path["t0"])], "label": [t("hypotheses.chart.release", lang)]})
        layers.append(alt.Chart(release).mark_rule(color=PALETTE["release"], strokeDash=[4, 3], strokeWidth=2)
                      .encode(x="date:T"))
        layers.append(alt.Chart(release).mark_text(color=PALETTE["release"], align="left", dx=5, baseline="top",
                                                   y=4, fontSize=13, fontWeight="bold")
                      .encode(x="date:T", text="label:N"))
    title = alt.TitleParams(text=t("hypotheses.chart.title", lang, metric=str(bet.get("metric") or "")),
                            subtitle=t("review.deck.cf_subtitle", lang))
    return _fit(alt.layer(*layers).properties(title=title), width, height, lang)
