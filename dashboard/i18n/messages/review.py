"""Texts: Quarterly review."""

MESSAGES = {
    "review.title": {
        "en": "Quarterly review",
        "de": "Quartals-Review",
    },
    "review.caption": {
        "en": "One quarter at a glance, for the review meeting.",
        "de": "Ein Quartal auf einen Blick, für das Review-Meeting.",
    },
    "review.outputs_vs_outcomes": {
        "en": "Output vs outcome",
        "de": "Output vs. Outcome",
    },
    "review.shipped": {
        "en": "Shipped",
        "de": "Ausgeliefert",
    },
    "review.linked_share": {
        "en": "Linked share",
        "de": "Verknüpfter Anteil",
    },
    "review.unlinked": {
        "en": "Shipped without a link to any outcome",
        "de": "Ohne Verknüpfung zu einer Wirkung ausgeliefert",
    },
}
