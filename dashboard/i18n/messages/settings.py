"""Texts: Settings: teams and metric definitions."""

MESSAGES = {
    "settings.title": {
        "en": "Settings",
        "de": "Einstellungen",
    },
    "settings.caption": {
        "en": "Teams and metric definitions of this workspace.",
        "de": "Teams und Kennzahl-Definitionen dieses Arbeitsbereichs.",
    },
    "settings.teams": {
        "en": "Teams",
        "de": "Teams",
    },
    "settings.metrics": {
        "en": "Metrics",
        "de": "Kennzahlen",
    },
    "settings.direction": {
        "en": "Direction",
        "de": "Richtung",
    },
    "settings.aggregation": {
        "en": "Aggregation",
        "de": "Aggregation",
    },
    "settings.kind": {
        "en": "Kind",
        "de": "Art",
    },
    "settings.name": {
        "en": "Name",
        "de": "Name",
    },
    "settings.no_teams": {
        "en": "No teams yet.",
        "de": "Noch keine Teams.",
    },
}
