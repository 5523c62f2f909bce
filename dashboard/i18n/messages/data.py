"""Texts: Data page: uploads, imports, history."""

MESSAGES = {
    "data.title": {
        "en": "Data",
        "de": "Daten",
    },
    "data.caption": {
        "en": "Metrics and their data, and every import with its counts.",
        "de": "Kennzahlen und ihre Daten sowie jeder Import mit seinen Zahlen.",
    },
    "data.metrics": {
        "en": "Metrics",
        "de": "Kennzahlen",
    },
    "data.points": {
        "en": "Points",
        "de": "Werte",
    },
    "data.first": {
        "en": "First",
        "de": "Erster",
    },
    "data.last": {
        "en": "Last",
        "de": "Letzter",
    },
    "data.latest": {
        "en": "Latest value",
        "de": "Letzter Wert",
    },
    "data.no_metrics": {
        "en": "No metrics yet. Upload a spreadsheet with dates and values to start.",
        "de": "Noch keine Kennzahlen. Laden Sie eine Tabelle mit Datum und Werten hoch, um zu beginnen.",
    },
    "data.history": {
        "en": "Import history",
        "de": "Import-Verlauf",
    },
    "data.no_imports": {
        "en": "No imports yet.",
        "de": "Noch keine Importe.",
    },
    "data.file": {
        "en": "File",
        "de": "Datei",
    },
    "data.kind": {
        "en": "Kind",
        "de": "Art",
    },
    "data.who": {
        "en": "By",
        "de": "Von",
    },
    "data.when": {
        "en": "When",
        "de": "Wann",
    },
    "data.read": {
        "en": "Read",
        "de": "Gelesen",
    },
    "data.inserted": {
        "en": "Inserted",
        "de": "Neu",
    },
    "data.updated": {
        "en": "Updated",
        "de": "Geändert",
    },
    "data.unchanged": {
        "en": "Unchanged",
        "de": "Unverändert",
    },
}
