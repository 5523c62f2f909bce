"""Hypothesis report: every hypothesis with its measurement."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from dashboard.repository import hypotheses as hyp_repo


def hypothesis_report(*, session: Session, today: date) -> list[dict]:
    """`id`, `statement`, `metric`, `expected_change`, `measured_change`, `ci_low`, `ci_high`, `verdict`, `warnings`."""
    frame = hyp_repo.hypotheses_frame(session=session)
    return [
        {
            "id": h["id"], "statement": h["statement"], "metric": h["metric"],
            "change_kind": h["change_kind"], "expected_change": h["expected_change"],
            "measured_change": None, "ci_low": None, "ci_high": None, "verdict": None, "warnings": [],
            "status": h["status"],
        }
        for h in frame.to_dict("records")
    ]
