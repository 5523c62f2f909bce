"""Small shared UI pieces: filters, empty states, formatted tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard.exports.cells import neutralise_frame
from dashboard.i18n import fmt_period, md, t
from dashboard.ui import cache
from dashboard.ui.frame import PageContext

ALL = "__all__"
MAX_FULL_ROWS = 40
LONG_TABLE_HEIGHT = 35 * 25 + 38


def team_filter(ctx: PageContext, key: str, *, include_all: bool = True) -> int | None:
    """A team select box; returns the team id or None for all teams."""
    teams = cache.teams(ctx.engine)
    options = ([ALL] if include_all else []) + teams["id"].tolist()
    # Labels are computed now: format_func may run outside this script's thread (and language).
    labels = {ALL: t("common.all_teams"), **dict(zip(teams["id"], teams["name"], strict=True))}
    choice = st.selectbox(t("common.team"), options, key=key, format_func=lambda v: labels.get(v, str(v)))
    return None if choice == ALL else int(choice)


def period_filter(ctx: PageContext, key: str, default: str | None = None) -> str | None:
    """A quarter select box over the quarters that have objectives (newest first)."""
    periods = cache.periods(ctx.engine)
    if default and default not in periods:
        periods = sorted([*periods, default], reverse=True)
    if not periods:
        return default
    index = periods.index(default) if default in periods else 0
    return st.selectbox(t("common.quarter"), periods, index=index, key=key, format_func=fmt_period)


def empty_state(message_key: str, *, link_page: str | None = None, link_key: str | None = None, **values) -> None:
    """A friendly empty state that says what to do next."""
    st.info(md(message_key, **values), icon=":material/lightbulb:")
    if link_page and link_key:
        st.page_link(link_page, label=t(link_key), icon=":material/arrow_forward:")


def show_table(data, **kwargs):  # noqa: ANN001 - rows, a DataFrame or a Styler, as st.dataframe takes them
    """`st.dataframe` for every table: text a spreadsheet would run as a formula gets a leading `'` first.

    The table's toolbar offers a CSV download (and copying cells), and both hand the cells to Excel as
    they are; see `dashboard.exports.cells`.
    """
    if isinstance(data, Styler):
        data.data = neutralise_frame(data.data, headers=False)  # the styles refer to the column names
        rows = len(data.data)
    else:
        data = neutralise_frame(data if isinstance(data, pd.DataFrame) else pd.DataFrame(data))
        rows = len(data)
    # A table as tall as its rows (no ten-row scroll box); long lists scroll inside a tall box.
    kwargs.setdefault("height", "content" if rows <= MAX_FULL_ROWS else LONG_TABLE_HEIGHT)
    return st.dataframe(data, **kwargs)


def table(frame: pd.DataFrame, columns: dict[str, str], **config) -> None:
    """Show selected columns of a frame with translated headers, no index."""
    shown = frame[list(columns)].rename(columns=columns)
    show_table(shown, hide_index=True, width="stretch", column_config=config or None)


def follow_default(key: str, default: object) -> None:
    """Let widget `key` follow `default` (the page's filter) until the person picks something else.

    Streamlit keeps a keyed widget's value across reruns, so a changed filter would not reach a form
    that was already shown; this sets the value again while it still equals the previous default.
    """
    marker = f"{key}.__default"
    if key not in st.session_state or st.session_state[key] == st.session_state.get(marker):
        st.session_state[key] = default
    st.session_state[marker] = default
