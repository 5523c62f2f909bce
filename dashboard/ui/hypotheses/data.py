"""What one run of the Hypotheses page reads, and the labels its parts share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.analysis import hypothesis as ha
from dashboard.i18n import escape_md, label, md, t
from dashboard.models import Verdict
from dashboard.services import hypotheses as svc
from dashboard.ui import cache
from dashboard.ui.frame import PageContext

NO_TEAM = -1


VERDICT_BADGE = {"validated": "green", "partial": "blue", "invalidated": "red", "inconclusive": "gray",
                 Verdict.insufficient_data: "orange"}


VERDICT_ICON = {"validated": ":material/check_circle:", "partial": ":material/contrast:",
                "invalidated": ":material/cancel:", "inconclusive": ":material/help:",
                Verdict.insufficient_data: ":material/hourglass_empty:"}


FORM = "hypotheses.form"


NEW_LEARNING = -1


OUTPUT_CHOICES = 50


@dataclass
class PageData:
    """Everything the page shows, read once per run."""

    hyps: pd.DataFrame
    results: dict[int, ha.Measurement]
    outputs: pd.DataFrame
    metrics: pd.DataFrame
    teams: pd.DataFrame
    key_results: pd.DataFrame
    limit: int
    today: date


def load(ctx: PageContext, today: date) -> PageData:
    """Read the page's data; each bet's status as the data decides it today (nothing is written)."""
    results = cache.measurements(ctx.engine, today)
    hyps = svc.live_statuses(cache.hypotheses(ctx.engine), results)
    return PageData(
        hyps=hyps, results=results, outputs=cache.outputs(ctx.engine), metrics=cache.metric_summary(ctx.engine),
        teams=cache.teams(ctx.engine), key_results=cache.key_results(ctx.engine),
        limit=cache.open_bets_limit(ctx.engine), today=today,
    )


def team_rows(data: PageData, team_id: int | None) -> pd.DataFrame:
    return data.hyps if team_id is None else data.hyps[data.hyps["team_id"] == team_id]


def unit_of(data: PageData, metric_id: int) -> str:
    row = data.metrics[data.metrics["id"] == metric_id]
    return "" if row.empty else str(row.iloc[0]["unit"])


def expected_text(h) -> str:
    return svc.format_change(h["expected_change"], h["change_kind"], h["metric_unit"])


def verdict_label(m: ha.Measurement) -> str:
    if m.verdict is None:
        return t("hypotheses.verdict.none")
    if m.verdict == Verdict.insufficient_data:
        return label(Verdict, m.verdict)
    text = label(Verdict, m.verdict)
    return f"{text} ({t('hypotheses.held_back')})" if m.held_back else text


def is_missing(value) -> bool:
    return value is None or value != value


def team_of(h: dict) -> int | None:
    team = h.get("team_id")
    return None if team is None or team != team else int(team)


def detectability_hint(det: ha.Detectability, change_kind: str, expected: float, unit: str) -> None:
    if det.detectable is None:
        st.caption(t("hypotheses.detect.no_history"))
    elif det.detectable:
        st.success(md("hypotheses.detect.ok", days=det.window_days,
                     mde=svc.format_change(det.mde, change_kind, unit).lstrip("+")), icon=":material/check:")
    else:
        st.warning(escape_md(svc.not_detectable_text(det.mde, change_kind, det.window_days, det.suggested_window, unit,
                                           too_few=det.too_few_values, per_window=det.values_per_window)),
                   icon=":material/visibility_off:")
