"""Texts of the overview (entry) page."""

MESSAGES = {
    "overview.title": {"en": "Overview", "de": "Überblick"},
    "overview.caption": {
        "en": "Where we stand on the North Star and the OKRs, which bets worked, and how much of what we ship moves anything.",
        "de": "Wo wir beim North Star und den OKRs stehen, welche Wetten aufgegangen sind und wie viel von dem, was wir ausliefern, etwas bewegt.",
    },
    "overview.north_star": {"en": "North Star: {name}", "de": "North Star: {name}"},
    "overview.no_north_star": {
        "en": "No North Star metric yet. Mark one metric as the North Star under Settings → Metrics.",
        "de": "Noch keine North-Star-Kennzahl. Markieren Sie unter Einstellungen → Kennzahlen eine Kennzahl als North Star.",
    },
    "overview.no_ns_data": {
        "en": "The North Star has no values in {period}. Upload its data on the Data page.",
        "de": "Der North Star hat in {period} keine Werte. Laden Sie die Daten auf der Seite „Daten“ hoch.",
    },
    "overview.outputs_shipped": {"en": "Outputs shipped", "de": "Ausgelieferte Outputs"},
    "overview.linked_share": {"en": "Linked to an outcome", "de": "Mit Wirkung verknüpft"},
    "overview.no_objectives": {
        "en": "No objectives for {period} yet. Write the first one on the Objectives page.",
        "de": "Noch keine Ziele für {period}. Legen Sie das erste auf der Seite „Ziele“ an.",
    },
    "overview.key_results": {"en": "Key results", "de": "Key Results"},
    "overview.no_bets": {
        "en": "No hypotheses yet. Write your first bet on the Hypotheses page.",
        "de": "Noch keine Hypothesen. Schreiben Sie Ihre erste Wette auf der Seite „Hypothesen“.",
    },
    "overview.series_daily": {"en": "Daily", "de": "Täglich"},
    "overview.series_mean7": {"en": "7-day mean", "de": "7-Tage-Mittel"},
    "overview.release": {"en": "Release", "de": "Release"},
    "overview.hypothesis": {"en": "Hypothesis", "de": "Hypothese"},
    "overview.expected": {"en": "Expected", "de": "Erwartet"},
    "overview.count": {"en": "Count", "de": "Anzahl"},
    "overview.linked": {"en": "Linked to an outcome", "de": "Mit Wirkung verknüpft"},
    "overview.unlinked": {"en": "No link to any outcome", "de": "Ohne Verknüpfung"},
    "overview.link_state": {"en": "Link", "de": "Verknüpfung"},
    "overview.bets_in_quarter": {"en": "Bets released", "de": "Wetten mit Release"},
    "overview.measured_share": {"en": "Bets measured", "de": "Gemessene Wetten"},
    "overview.hit_rate": {"en": "Hit rate", "de": "Trefferquote"},
    "overview.unlinked_list": {
        "en": "Shipped without a link to any outcome ({count})",
        "de": "Ohne Verknüpfung zu einer Wirkung ausgeliefert ({count})",
    },
    "overview.no_outputs_in_quarter": {
        "en": "Nothing shipped in {period} yet.",
        "de": "In {period} wurde noch nichts ausgeliefert.",
    },
    "overview.score": {"en": "Score", "de": "Score"},
    "overview.confidence": {"en": "Lowest confidence", "de": "Niedrigste Zuversicht"},
    "overview.released": {"en": "Released", "de": "Release"},
    "overview.measured": {"en": "Measured", "de": "Gemessen"},
    "overview.interval": {"en": "95 % interval", "de": "95-%-Intervall"},
}
