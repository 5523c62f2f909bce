"""Texts: Hypotheses and learnings."""

MESSAGES = {
    "hypotheses.title": {
        "en": "Hypotheses",
        "de": "Hypothesen",
    },
    "hypotheses.caption": {
        "en": "Every bet with the effect it promises, measured from the uploaded data.",
        "de": "Jede Wette mit der versprochenen Wirkung, gemessen an den hochgeladenen Daten.",
    },
    "hypotheses.empty": {
        "en": "No hypotheses yet. Write your first bet: “We believe that … will raise … by …”.",
        "de": "Noch keine Hypothesen. Schreiben Sie Ihre erste Wette: „Wir glauben, dass … … um … steigert.“",
    },
    "hypotheses.statement": {
        "en": "Hypothesis",
        "de": "Hypothese",
    },
    "hypotheses.expected": {
        "en": "Expected change",
        "de": "Erwartete Veränderung",
    },
    "hypotheses.outputs": {
        "en": "Outputs",
        "de": "Outputs",
    },
    "hypotheses.window": {
        "en": "Window (days)",
        "de": "Fenster (Tage)",
    },
    "learnings.title": {
        "en": "Learnings",
        "de": "Erkenntnisse",
    },
    "learnings.empty": {
        "en": "No learnings recorded yet.",
        "de": "Noch keine Erkenntnisse festgehalten.",
    },
}
