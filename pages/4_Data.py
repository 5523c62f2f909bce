"""Data: metrics with their data, and the import history."""

import streamlit as st

from dashboard.i18n import fmt_date, fmt_datetime, fmt_value, t
from dashboard.ui import cache
from dashboard.ui.components import empty_state
from dashboard.ui.frame import page_frame

ctx = page_frame("data.title", "data.caption")
st.subheader(t("data.metrics"))
metrics = cache.metric_summary(ctx.engine)
if metrics.empty:
    empty_state("data.no_metrics")
else:
    rows = [
        {
            t("common.metric"): m.name,
            t("common.unit"): m.unit,
            t("data.points"): m.points,
            t("data.first"): fmt_date(m.first) if m.first else "—",
            t("data.last"): fmt_date(m.last) if m.last else "—",
            t("data.latest"): fmt_value(m.latest, m.unit),
        }
        for m in metrics.itertuples()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(t("data.history"))
imports = cache.imports(ctx.engine)
if imports.empty:
    empty_state("data.no_imports")
else:
    rows = [
        {
            t("data.file"): i.file_name,
            t("data.kind"): i.kind,
            t("data.who"): i.created_by,
            t("data.when"): fmt_datetime(i.created_at),
            t("data.read"): i.rows_read,
            t("data.inserted"): i.inserted,
            t("data.updated"): i.updated,
            t("data.unchanged"): i.unchanged,
        }
        for i in imports.itertuples()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
