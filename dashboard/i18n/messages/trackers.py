"""Texts: output types and statuses as trackers (Jira, Linear, Azure DevOps, GitHub) name them.

Types and statuses are stored as the tracker wrote them; `output_type_label` and
`output_status_label` show the known ones in the UI language and others as they are.
"""

OUTPUT_TYPES = {
    "feature": ("feature", "Feature"),
    "release": ("release", "Release"),
    "story": ("story", "Story"),
    "bug": ("bug", "Fehler"),
    "epic": ("epic", "Epic"),
    "task": ("task", "Aufgabe"),
    "subtask": ("sub-task", "Unteraufgabe"),
    "improvement": ("improvement", "Verbesserung"),
    "experiment": ("experiment", "Experiment"),
    "spike": ("spike", "Spike"),
    "chore": ("chore", "Wartung"),
    "initiative": ("initiative", "Initiative"),
    "issue": ("issue", "Vorgang"),
    "change": ("change", "Änderung"),
}

OUTPUT_STATUSES = {
    "done": ("done", "erledigt"),
    "closed": ("closed", "geschlossen"),
    "resolved": ("resolved", "gelöst"),
    "released": ("released", "veröffentlicht"),
    "shipped": ("shipped", "ausgeliefert"),
    "completed": ("completed", "abgeschlossen"),
    "todo": ("to do", "zu erledigen"),
    "open": ("open", "offen"),
    "backlog": ("backlog", "Backlog"),
    "inprogress": ("in progress", "in Arbeit"),
    "inreview": ("in review", "in Prüfung"),
    "codereview": ("code review", "Code-Review"),
    "planned": ("planned", "geplant"),
    "selectedfordevelopment": ("selected for development", "für Entwicklung ausgewählt"),
    "blocked": ("blocked", "blockiert"),
    "cancelled": ("cancelled", "abgebrochen"),
    "canceled": ("canceled", "abgebrochen"),
    "wontdo": ("won't do", "wird nicht umgesetzt"),
    "reopened": ("reopened", "wieder geöffnet"),
    "verifieduat": ("verified - UAT", "abgenommen (UAT)"),
    "erledigt": ("done", "erledigt"),
    "geschlossen": ("closed", "geschlossen"),
    "inarbeit": ("in progress", "in Arbeit"),
    "offen": ("open", "offen"),
}

MESSAGES = {}
for _code, (_en, _de) in OUTPUT_TYPES.items():
    MESSAGES[f"output_type.{_code}"] = {"en": _en, "de": _de}
for _code, (_en, _de) in OUTPUT_STATUSES.items():
    MESSAGES[f"output_status.{_code}"] = {"en": _en, "de": _de}
