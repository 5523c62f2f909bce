"""What the Objectives page's view and forms share: keys, choices and small helpers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.i18n import t

PREFIX = "objectives"
COMPANY = "__company__"
MANUAL = "__manual__"
OBJECTIVES_PER_PAGE = 10


def num_text(value: float | None, lang: str) -> str:
    """A number as a user would type it in a form field (German decimal comma)."""
    if value is None or pd.isna(value):
        return ""
    text = f"{value:.10g}"
    return text.replace(".", ",") if lang == "de" else text


def status_label(status: str | None, new: bool = False) -> str:
    """A key result's status in the current language (`new` during its first week)."""
    if new:
        return t("okr.status.new")
    return t(f"okr.status.{status}") if status else t("okr.no_data")


def open_objective(objective_id: int | None) -> None:
    """Show one objective's detail (None: back to the list); kept in the address."""
    if objective_id is None:
        st.query_params.pop("objective", None)
    else:
        st.query_params["objective"] = str(objective_id)
