"""Texts: Outputs (shipped work)."""

MESSAGES = {
    "outputs.title": {
        "en": "Outputs",
        "de": "Outputs",
    },
    "outputs.caption": {
        "en": "What each team shipped and when, and whether it is tied to an outcome.",
        "de": "Was jedes Team wann ausgeliefert hat und ob es mit einer Wirkung verknüpft ist.",
    },
    "outputs.empty": {
        "en": "No outputs yet. Upload an export from Jira, Linear, Azure DevOps or GitHub on the Data page.",
        "de": "Noch keine Outputs. Laden Sie einen Export aus Jira, Linear, Azure DevOps oder GitHub auf der Seite „Daten“ hoch.",
    },
    "outputs.shipped_on": {
        "en": "Shipped on",
        "de": "Ausgeliefert am",
    },
    "outputs.linked": {
        "en": "Linked",
        "de": "Verknüpft",
    },
    "outputs.labels": {
        "en": "Labels",
        "de": "Labels",
    },
}
