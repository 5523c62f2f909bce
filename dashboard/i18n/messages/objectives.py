"""Texts: Objectives, key results and check-ins."""

MESSAGES = {
    "objectives.title": {
        "en": "Objectives",
        "de": "Ziele",
    },
    "objectives.caption": {
        "en": "Qualitative goals per team and quarter, each with measurable key results.",
        "de": "Qualitative Ziele je Team und Quartal, jedes mit messbaren Key Results.",
    },
    "objectives.empty": {
        "en": "No objectives for {period} yet.",
        "de": "Noch keine Ziele für {period}.",
    },
    "kr.baseline": {
        "en": "Baseline",
        "de": "Ausgangswert",
    },
    "kr.target": {
        "en": "Target",
        "de": "Zielwert",
    },
    "kr.stretch": {
        "en": "Stretch",
        "de": "Stretch",
    },
    "kr.metric_manual": {
        "en": "manual check-ins",
        "de": "manuelle Check-ins",
    },
}
