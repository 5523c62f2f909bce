"""Cached reads: plain keys in, DataFrames out; cleared after each write (see `data_changed`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.repository import hypotheses as hyp_repo
from dashboard.repository import imports as import_repo
from dashboard.repository import metrics as metric_repo
from dashboard.repository import okrs as okr_repo
from dashboard.repository import outputs as output_repo
from dashboard.repository import teams as team_repo

TTL = 300


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def teams(engine: Engine, include_archived: bool = False) -> pd.DataFrame:
    with _session(engine) as s:
        rows = team_repo.list_teams(session=s, include_archived=include_archived)
    return pd.DataFrame([r.model_dump() for r in rows], columns=["id", "name", "archived"])


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def metric_summary(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return metric_repo.metric_summary(session=s)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def metric_values(engine: Engine, metric_id: int, segment: str | None = "") -> pd.DataFrame:
    with _session(engine) as s:
        return metric_repo.metric_values(session=s, metric_id=metric_id, segment=segment)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def outputs(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return output_repo.outputs_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def periods(engine: Engine) -> list[str]:
    with _session(engine) as s:
        return okr_repo.periods(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def objectives(engine: Engine, period: str | None = None) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.objectives_frame(session=s, period=period)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def key_results(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.key_results_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def check_ins(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return okr_repo.check_ins_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def hypotheses(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return hyp_repo.hypotheses_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def learnings(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return hyp_repo.learnings_frame(session=s)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def imports(engine: Engine) -> pd.DataFrame:
    with _session(engine) as s:
        return import_repo.imports_frame(session=s)
