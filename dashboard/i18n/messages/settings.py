"""Texts: Settings: teams and metric definitions."""

MESSAGES = {
    "settings.unit_help": {
        "en": "How values are shown: `count`, `%` (values are percent numbers, 15 = 15 %), `ratio` (values are "
              "fractions shown as percent, 0.15 = 15 %), a currency (`€`, `$`, `£`) or any short unit (`ms`, `h`).",
        "de": "Wie Werte gezeigt werden: `count` (Anzahl), `%` (Werte sind Prozentzahlen, 15 = 15 %), `ratio` "
              "(Werte sind Anteile und werden in Prozent gezeigt, 0,15 = 15 %), eine Währung (`€`, `$`, `£`) oder "
              "eine kurze Einheit (`ms`, `h`).",
    },
    "settings.title": {"en": "Settings", "de": "Einstellungen"},
    "settings.caption": {
        "en": "Teams and metric definitions of this workspace.",
        "de": "Teams und Kennzahl-Definitionen dieses Arbeitsbereichs.",
    },
    "settings.teams": {"en": "Teams", "de": "Teams"},
    "settings.metrics": {"en": "Metrics", "de": "Kennzahlen"},
    "settings.direction": {"en": "Direction", "de": "Richtung"},
    "settings.aggregation": {"en": "Aggregation", "de": "Aggregation"},
    "settings.kind": {"en": "Kind", "de": "Art"},
    "settings.name": {"en": "Name", "de": "Name"},
    "settings.no_teams": {
        "en": "No teams yet. Add the first one below; objectives, outputs and hypotheses belong to a team.",
        "de": "Noch keine Teams. Legen Sie unten das erste an; Ziele, Outputs und Hypothesen gehören zu einem Team.",
    },
    "settings.team_state": {"en": "State", "de": "Zustand"},
    "settings.team_active": {"en": "active", "de": "aktiv"},
    "settings.team_archived": {"en": "archived", "de": "archiviert"},
    "settings.team_add": {"en": "Add a team", "de": "Team hinzufügen"},
    "settings.team_add_submit": {"en": "Add team", "de": "Team hinzufügen"},
    "settings.team_added": {"en": "Team “{name}” added.", "de": "Team „{name}“ hinzugefügt."},
    "settings.team_edit": {"en": "Rename or archive a team", "de": "Team umbenennen oder archivieren"},
    "settings.team_pick": {"en": "Team", "de": "Team"},
    "settings.team_archive": {
        "en": "Archived (hidden from filters and forms; its objectives and outputs stay)",
        "de": "Archiviert (in Filtern und Formularen ausgeblendet; Ziele und Outputs bleiben erhalten)",
    },
    "settings.team_saved": {"en": "Team “{name}” saved.", "de": "Team „{name}“ gespeichert."},
    "settings.save": {"en": "Save", "de": "Speichern"},
    "settings.metric_edit": {"en": "Edit a metric definition", "de": "Kennzahl-Definition bearbeiten"},
    "settings.metric_pick": {"en": "Metric", "de": "Kennzahl"},
    "settings.metric_saved": {"en": "Metric “{name}” saved.", "de": "Kennzahl „{name}“ gespeichert."},
    "settings.direction_help": {
        "en": "The direction decides how key results on this metric count progress: for “lower is better”, targets lie below the baseline.",
        "de": "Die Richtung bestimmt, wie Key Results auf dieser Kennzahl Fortschritt zählen: Bei „niedriger ist besser“ liegen Zielwerte unter dem Ausgangswert.",
    },
    "settings.kind_help": {
        "en": "Exactly one metric is the North Star; marking another one moves the mark (the former becomes a KPI).",
        "de": "Genau eine Kennzahl ist der North Star; wird eine andere markiert, wandert die Markierung (die bisherige wird KPI).",
    },
    "settings.north_star": {"en": "North Star", "de": "North Star"},
    "settings.north_star_current": {
        "en": "The North Star is “{name}”.",
        "de": "Der North Star ist „{name}“.",
    },
    "settings.north_star_none": {
        "en": "No North Star chosen yet. Pick the one metric that says whether customers get value.",
        "de": "Noch kein North Star gewählt. Wählen Sie die eine Kennzahl, die zeigt, ob Kunden Nutzen haben.",
    },
    "settings.north_star_submit": {"en": "Make North Star", "de": "Zum North Star machen"},
    "settings.north_star_saved": {
        "en": "“{name}” is now the North Star.",
        "de": "„{name}“ ist jetzt der North Star.",
    },
    "settings.no_metrics": {
        "en": "No metrics yet. Upload metric data or definitions on the Data page.",
        "de": "Noch keine Kennzahlen. Laden Sie Kennzahl-Daten oder -Definitionen auf der Seite „Daten“ hoch.",
    },
    "settings.conflicts.one": {
        "en": "One key result on this metric has its target on the other side of the baseline; check it on the Objectives page.",
        "de": "Ein Key Result auf dieser Kennzahl hat den Zielwert auf der anderen Seite des Ausgangswerts; prüfen Sie es auf der Seite „Ziele“.",
    },
    "settings.conflicts.other": {
        "en": "{count} key results on this metric have their target on the other side of the baseline; check them on the Objectives page.",
        "de": "{count} Key Results auf dieser Kennzahl haben den Zielwert auf der anderen Seite des Ausgangswerts; prüfen Sie sie auf der Seite „Ziele“.",
    },
    "settings.invalid": {
        "en": "Nothing was saved. Please correct the marked fields.",
        "de": "Nichts wurde gespeichert. Bitte korrigieren Sie die markierten Felder.",
    },
    "settings.error.name": {"en": "Enter a name.", "de": "Geben Sie einen Namen ein."},
    "settings.error.too_long": {"en": "This text is too long.", "de": "Dieser Text ist zu lang."},
    "settings.error.team_taken": {
        "en": "A team with this name exists already.",
        "de": "Ein Team mit diesem Namen gibt es bereits.",
    },
    "settings.error.team_unknown": {"en": "This team does not exist (any more).", "de": "Dieses Team gibt es nicht (mehr)."},
    "settings.error.metric_unknown": {
        "en": "This metric does not exist (any more).",
        "de": "Diese Kennzahl gibt es nicht (mehr).",
    },
    "settings.error.metric_taken": {
        "en": "A metric with this name exists already.",
        "de": "Eine Kennzahl mit diesem Namen gibt es bereits.",
    },
    "settings.read_only": {
        "en": "You can view the settings but not change them.",
        "de": "Sie können die Einstellungen ansehen, aber nicht ändern.",
    },
}
