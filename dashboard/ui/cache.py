"""Cached reads: plain keys in, DataFrames out, keyed on the database's data version.

The page frame reads the data version once per rerun (`read_data_version`); every cached read
hashes its engine argument as (URL, that version). A write through any app server increments the
version in the database, so every server's next rerun misses the old entries and reads afresh.
`data_changed` after a local write also clears this server's cache at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.analysis import hypothesis as ha
from dashboard.db import data_version
from dashboard.repository import hypotheses as hyp_repo
from dashboard.repository import imports as import_repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo
from dashboard.repository import outputs as output_repo
from dashboard.repository import teams as team_repo
from dashboard.services import hypotheses as svc
from dashboard.services import okrs as okr_service

TTL = 300

# The data version this script run read, per engine URL (Streamlit runs each session's script in its
# own thread).
_this_run = threading.local()


def _url(engine: Engine) -> str:
    return str(engine.url)


def read_data_version(engine: Engine) -> int:
    """Read the data version for this rerun (the page frame calls it once per run)."""
    version = data_version(engine)
    _this_run.versions = {_url(engine): version}
    return version


def forget_data_version() -> None:
    """Read the version again at the next cached read (after a write in this run)."""
    _this_run.versions = {}


def engine_key(engine: Engine) -> tuple[str, int]:
    """An engine as part of a cache key: its URL and the data version this run read."""
    version = getattr(_this_run, "versions", {}).get(_url(engine))
    if version is None:  # outside a page run (or after a write): read it now
        version = read_data_version(engine)
    return _url(engine), version


ENGINE_KEY = {Engine: engine_key}


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def teams(engine: Engine, include_archived: bool = False) -> pd.DataFrame:
    with _session(engine) as s:
        rows = team_repo.list_teams(session=s, include_archived=include_archived)
    return pd.DataFrame([r.model_dump() for r in rows], columns=["id", "name", "archived"])


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def metric_summary(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return metric_repo.metric_summary(session=s)


# Sized for what one page touches: a workspace holds hundreds of metrics and segments, and an entry
# evicted by the next page's reads (the North Star) would be read again on every rerun.
@st.cache_data(ttl=TTL, max_entries=1024, show_spinner=False, hash_funcs=ENGINE_KEY)
def metric_values(engine: Engine, metric_id: int, segment: str | None = "") -> pd.DataFrame:
    with _session(engine) as s:
        return metric_repo.metric_values(session=s, metric_id=metric_id, segment=segment)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def outputs(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return output_repo.outputs_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def periods(engine: Engine) -> list[str]:
    with _session(engine) as s:
        return okr_repo.periods(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def objectives(engine: Engine, period: str | None = None) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.objectives_frame(session=s, period=period)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def key_results(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.key_results_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def check_ins(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.check_ins_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def hypotheses(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return hyp_repo.hypotheses_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def learnings(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return hyp_repo.learnings_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def imports(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return import_repo.imports_frame(session=s)


def quarter_totals(engine: Engine, metric_ids: tuple[int, ...], period: str) -> dict[int, pd.DataFrame]:
    """Whole-population series of several metrics around a quarter (it, the one before, a year before),
    read in one query. The result is shared: callers only read it."""
    # The ids go in as one string: Streamlit hashes a tuple element by element, and the overview asks
    # for these series once per metric it draws (hundreds at company scale).
    return _quarter_totals(engine, ",".join(str(int(i)) for i in metric_ids), period)


# A resource cache: a data cache would unpickle a copy of every series on each of those calls.
@st.cache_resource(ttl=TTL, max_entries=64, show_spinner=False, hash_funcs=ENGINE_KEY)
def _quarter_totals(engine: Engine, metric_ids: str, period: str) -> dict[int, pd.DataFrame]:
    from dashboard.services.review import metric_totals

    ids = [int(i) for i in metric_ids.split(",") if i]
    metrics = metric_summary(engine)
    chosen = metrics[metrics["id"].isin(ids)] if not metrics.empty else metrics
    with _session(engine) as s:
        return metric_totals(s, chosen, period)


def quarter_changes(engine: Engine, metric_ids: tuple[int, ...], period: str, today: date) -> dict:
    """`quarter_change` of each of these metrics' whole-population series (see `quarter_totals`), worked
    out once per scope and data version instead of on every rerun. Shared: callers only read it."""
    return _quarter_changes(engine, ",".join(str(int(i)) for i in metric_ids), period, today)


@st.cache_resource(ttl=TTL, max_entries=64, show_spinner=False, hash_funcs=ENGINE_KEY)
def _quarter_changes(engine: Engine, metric_ids: str, period: str, today: date) -> dict:
    from dashboard.analysis.overview import quarter_change

    totals = _quarter_totals(engine, metric_ids, period)
    metrics = metric_summary(engine)
    aggregation = dict(zip(metrics["id"].astype(int), metrics["aggregation"], strict=True)) if not metrics.empty else {}
    return {i: quarter_change(values, period, today, str(aggregation.get(i, "mean"))) for i, values in totals.items()}


# Resource caches: every rerun gets the same (read-only) results instead of unpickling a copy.
@st.cache_resource(ttl=TTL, max_entries=16, show_spinner=False, hash_funcs=ENGINE_KEY)
def measurements(engine: Engine, today: date) -> dict[int, ha.Measurement]:
    """Every hypothesis measured as of `today` (the values it needs read in one query)."""
    with _session(engine) as s:
        return svc.measure_from_session(s, today)[1]


@st.cache_resource(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def measurement_with_path(engine: Engine, today: date, hyp_id: int) -> ha.Measurement | None:
    """One hypothesis measured with its day-by-day counterfactual (for the chart)."""
    with _session(engine) as s:
        return svc.measure_from_session(s, today, with_path=True, only=hyp_id)[1].get(hyp_id)


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False, hash_funcs=ENGINE_KEY)
def open_bets_limit(engine: Engine) -> int:
    """The configured open-bets limit per team."""
    with _session(engine) as s:
        return hyp_repo.open_bets_limit(session=s)


# A resource cache: every rerun gets the same (read-only) report instead of unpickling a copy with a
# chart path per key result.
@st.cache_resource(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs=ENGINE_KEY)
def okr_figures(engine: Engine, period: str | None, today: date, objective_id: int | None = None) -> list[dict]:
    """Objectives with key result figures and chart paths (one quarter, or one objective)."""
    with _session(engine) as s:
        return okr_service.evaluate_objectives(
            session=s, period=None if objective_id else period, today=today,
            objective_ids=[objective_id] if objective_id else None, with_paths=True,
        )


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False, hash_funcs=ENGINE_KEY)
def okr_export(engine: Engine, period: str, today: date) -> bytes:
    """The quarter's OKR workbook (re-importable)."""
    from dashboard.exports.okrs import okr_workbook

    with _session(engine) as s:
        return okr_workbook(session=s, today=today, period=period)


def show_chart(engine: Engine, key: tuple, build: Callable[[], Any], **kwargs: Any) -> None:
    """Draw the Altair chart `build()` returns (None: nothing to draw), converted to its Vega-Lite spec once
    per `key`, language and data version instead of on every rerun (Altair checks every spec against the
    Vega-Lite schema, which costs more than the rest of a page's rerun). `key` names everything the chart
    shows besides the data: what it is for, the day, the choices that shape it. `kwargs` as for
    `st.altair_chart` (`width`, `height`)."""
    from dashboard.i18n import get_language

    spec = _chart_spec(engine, (*key, get_language()), build)
    if spec is not None:
        st.vega_lite_chart(spec=spec, **kwargs)


@st.cache_resource(ttl=TTL, max_entries=128, show_spinner=False, hash_funcs=ENGINE_KEY)
def _chart_spec(engine: Engine, key: tuple, _build: Callable[[], Any]) -> dict | None:
    # What `st.altair_chart` does before drawing: the spec with the data as Arrow datasets. Shared, and
    # `st.vega_lite_chart` copies a spec before changing it.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    chart = _build()
    return None if chart is None else _convert_altair_to_vega_lite_spec(chart)


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False, hash_funcs=ENGINE_KEY)
def link_targets(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hypotheses and key results an output can be linked to."""
    with _session(engine) as s:
        return output_repo.link_targets(session=s)


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False, hash_funcs=ENGINE_KEY)
def live_review(engine: Engine, period: str, today: date, team_id: int | None) -> dict:
    """The quarterly review as the data says today (`services.review.build_review`)."""
    from dashboard.services import review as review_svc

    with _session(engine) as s:
        return review_svc.build_review(s, period, today, team_id)
