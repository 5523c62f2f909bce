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
    "review.section.north_star": {"en": "North Star and inputs", "de": "North Star und Inputs"},
    "review.section.key_results": {"en": "Key results by team", "de": "Key Results je Team"},
    "review.section.bets": {"en": "Bets: what we expected and what happened", "de": "Hypothesen: was wir erwarteten und was geschah"},
    "review.section.learnings": {"en": "What we learned", "de": "Was wir gelernt haben"},
    "review.section.stopped": {"en": "What we stopped, and why", "de": "Was wir gestoppt haben, und warum"},
    "review.section.next": {"en": "Next quarter: objectives and open bets", "de": "Nächstes Quartal: Ziele und offene Hypothesen"},
    "review.deck_title": {"en": "Quarterly review {period}", "de": "Quartals-Review {period}"},
    "review.deck_subtitle": {"en": "{scope} · as of {date}", "de": "{scope} · Stand {date}"},
    "review.frozen_by": {"en": "Frozen on {date} by {name}", "de": "Eingefroren am {date} von {name}"},
}
