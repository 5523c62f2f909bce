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
PAGE_SIZE = 25
MAX_FULL_ROWS = 40
LONG_TABLE_HEIGHT = 35 * 25 + 38


def url_choice(param: str, key: str, valid: dict[str, object], what: str) -> None:
    """Put the URL's value for `param` into the widget `key` when the URL changed since this page last
    wrote it (a shared link, a typed address); an unknown value is named in a notice, as text."""
    wanted = st.query_params.get(param)
    marker = f"{key}.__url"
    if wanted is None or wanted == st.session_state.get(marker):
        return
    st.session_state[marker] = wanted
    match = valid.get(str(wanted).strip().casefold())
    if match is None:
        st.warning(md("common.url_unknown", what=what, value=wanted), icon=":material/link_off:")
        return
    st.session_state[key] = match


def keep_in_url(param: str, key: str, value: str | None) -> None:
    """Write a widget's current choice to the address (or drop it), so that a shared link reopens it."""
    if value is None:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value
    st.session_state[f"{key}.__url"] = value


def team_filter(ctx: PageContext, key: str, *, include_all: bool = True, url_param: str | None = None) -> int | None:
    """A team select box; returns the team id or None for all teams. With `url_param`, the choice is
    read from and written to the page's address (`?team=Growth`), so a shared link reopens it."""
    teams = cache.teams(ctx.engine)
    options = ([ALL] if include_all else []) + teams["id"].tolist()
    # Labels are computed now: format_func may run outside this script's thread (and language).
    labels = {ALL: t("common.all_teams"), **dict(zip(teams["id"], teams["name"], strict=True))}
    if url_param:
        valid = {str(name).casefold(): team_id for team_id, name in zip(teams["id"], teams["name"], strict=True)}
        if include_all:
            valid.update({"all": ALL, t("common.all_teams").casefold(): ALL})
        url_choice(url_param, key, valid, t("common.team"))
    choice = st.selectbox(t("common.team"), options, key=key, format_func=lambda v: labels.get(v, str(v)))
    if url_param:
        keep_in_url(url_param, key, None if choice == ALL else str(labels.get(choice)))
    return None if choice == ALL else int(choice)


def period_filter(ctx: PageContext, key: str, default: str | None = None, *, url_param: str | None = None) -> str | None:
    """A quarter select box over the quarters that have objectives (newest first); with `url_param`,
    kept in the address (`?quarter=2026-Q4`)."""
    periods = cache.periods(ctx.engine)
    if default and default not in periods:
        periods = sorted([*periods, default], reverse=True)
    if not periods:
        return default
    if url_param:
        valid = {p.casefold(): p for p in periods}
        valid.update({fmt_period(p).casefold(): p for p in periods})
        url_choice(url_param, key, valid, t("common.quarter"))
    if st.session_state.get(key) not in periods:
        st.session_state.pop(key, None)
    start = {} if key in st.session_state else {"index": periods.index(default) if default in periods else 0}
    choice = st.selectbox(t("common.quarter"), periods, key=key, format_func=fmt_period, **start)
    if url_param:
        keep_in_url(url_param, key, choice)
    return choice


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


def search_rows(frame: pd.DataFrame, query: str, columns: list[str]) -> pd.DataFrame:
    """The rows where every word of `query` occurs (ignoring case) in one of `columns`."""
    words = query.casefold().split()
    if not words or frame.empty:
        return frame
    text = frame[columns[0]].astype(str)
    for column in columns[1:]:
        text = text + "\n" + frame[column].astype(str)
    text = text.str.casefold()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= text.str.contains(word, regex=False)
    return frame[keep]


def paged(frame: pd.DataFrame, key: str, size: int = PAGE_SIZE) -> pd.DataFrame:
    """One page of `frame`: a page picker and the rows shown when there are more than `size` rows."""
    pages = max(1, -(-len(frame) // size))
    if pages == 1:
        st.session_state.pop(key, None)
        return frame
    current = st.session_state.get(key)
    if current is not None and (not isinstance(current, int) or not 1 <= current <= pages):
        del st.session_state[key]  # the list got shorter (a search, a filter): back to the first page
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left:
        page = st.pagination(pages, key=key)
    first = (page - 1) * size
    right.caption(md("common.rows_of", first=first + 1, last=min(first + size, len(frame)), total=len(frame)))
    return frame.iloc[first:first + size]
def follow_default(key: str, default: object) -> None:
    """Let widget `key` follow `default` (the page's filter) until the person picks something else.

    Streamlit keeps a keyed widget's value across reruns, so a changed filter would not reach a form
    that was already shown; this sets the value again while it still equals the previous default.
    """
    marker = f"{key}.__default"
    if key not in st.session_state or st.session_state[key] == st.session_state.get(marker):
        st.session_state[key] = default
    st.session_state[marker] = default


TITLE_WIDTH = 260  # pixels: a title column this wide leaves room for the columns after it at 1280 pixels


def title_columns(*labels: str, width: int | str = TITLE_WIDTH) -> dict:
    """`column_config` for long text columns (titles, statements): as wide as `width`, so that status,
    numbers and dates after them stay visible on a laptop screen; a click on a cell shows the whole text."""
    return {label: st.column_config.TextColumn(label, width=width) for label in labels}


def person_label(name: str | None) -> str:
    """Who did something, as tables name them: the local user (sign-in off) in the page's language."""
    from dashboard.auth import LOCAL_USER

    if not name:
        return "—"
    return t("admin.audit.local_user") if name == LOCAL_USER else str(name)
