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
        "en": "No objectives for {period} yet. Create the first one in the “New objective” tab.",
        "de": "Noch keine Ziele für {period}. Legen Sie das erste im Reiter „Neues Ziel“ an.",
    },
    "kr.baseline": {"en": "Baseline", "de": "Ausgangswert"},
    "kr.target": {"en": "Target", "de": "Zielwert"},
    "kr.stretch": {"en": "Stretch", "de": "Stretch"},
    "kr.metric_manual": {"en": "manual check-ins", "de": "manuelle Check-ins"},
    # list and detail
    "okr.tab.list": {"en": "Objectives", "de": "Ziele"},
    "okr.tab.tree": {"en": "Alignment", "de": "Ausrichtung"},
    "okr.tab.new": {"en": "New objective", "de": "Neues Ziel"},
    "okr.tab.carry": {"en": "Next quarter", "de": "Nächstes Quartal"},
    "okr.objective": {"en": "Objective", "de": "Ziel"},
    "okr.pick": {"en": "Objective to open", "de": "Ziel zum Öffnen"},
    "okr.open": {"en": "Open", "de": "Öffnen"},
    "okr.back": {"en": "Back to all objectives", "de": "Zurück zu allen Zielen"},
    "okr.unknown_id": {
        "en": "There is no objective with the id “{id}” (from the address). It may have been deleted; pick one from the list.",
        "de": "Es gibt kein Ziel mit der ID „{id}“ (aus der Adresse). Vielleicht wurde es gelöscht; wählen Sie eines aus der Liste.",
    },
    "okr.score": {"en": "Score", "de": "Score"},
    "okr.forecast_score": {"en": "Projected score", "de": "Prognostizierter Score"},
    "okr.progress": {"en": "Progress", "de": "Fortschritt"},
    "okr.current": {"en": "Current", "de": "Aktuell"},
    "okr.zone": {"en": "Zone", "de": "Zone"},
    "okr.forecast_short": {"en": "Projected", "de": "Prognose"},
    "okr.target_stretch": {"en": "Target (stretch)", "de": "Zielwert (Stretch)"},
    "okr.score_zone": {"en": "Score · zone", "de": "Score · Zone"},
    "okr.confidence": {"en": "Confidence", "de": "Zuversicht"},
    "okr.kr_status": {"en": "Status", "de": "Status"},
    "okr.key_results": {"en": "Key results", "de": "Key Results"},
    "okr.no_krs": {
        "en": "This objective has no key results yet. Add one below to make it measurable.",
        "de": "Dieses Ziel hat noch keine Key Results. Fügen Sie unten eines hinzu, um es messbar zu machen.",
    },
    "okr.no_data": {"en": "no data yet", "de": "noch keine Daten"},
    "okr.stale": {"en": "stale", "de": "veraltet"},
    "okr.stale_note": {
        "en": "No value or check-in for 14 days or more (last: {date}).",
        "de": "Seit 14 Tagen oder länger kein Wert und kein Check-in (zuletzt: {date}).",
    },
    "okr.stale_never": {
        "en": "No value or check-in yet in this quarter.",
        "de": "In diesem Quartal noch kein Wert und kein Check-in.",
    },
    "okr.direction_conflict": {
        "en": "“{metric}” is {direction}, but the target lies on the other side of the baseline: a move the wrong way counts as progress here.",
        "de": "Bei „{metric}“ gilt: {direction}. Der Zielwert liegt aber auf der anderen Seite des Ausgangswerts: Eine Bewegung in die falsche Richtung zählt hier als Fortschritt.",
    },
    "okr.status.on_track": {"en": "on track", "de": "im Plan"},
    "okr.status.at_risk": {"en": "at risk", "de": "gefährdet"},
    "okr.status.off_track": {"en": "off track", "de": "nicht im Plan"},
    "okr.zone.fail": {"en": "under 30% of stretch", "de": "unter 30 % des Stretch-Ziels"},
    "okr.zone.commit": {"en": "30–70% of stretch", "de": "30–70 % des Stretch-Ziels"},
    "okr.zone.target": {"en": "target reached", "de": "Zielwert erreicht"},
    "okr.zone.stretch": {"en": "stretch reached", "de": "Stretch-Ziel erreicht"},
    "okr.carried_from": {"en": "Carried over from {period}.", "de": "Übernommen aus {period}."},
    "okr.closing_note": {"en": "Closing note: {note}", "de": "Abschlussnotiz: {note}"},
    "okr.status.new": {"en": "new", "de": "neu"},
    "okr.progress_help": {
        "en": "Share of the way from baseline to target; over 100% when the target is passed.",
        "de": "Anteil des Wegs vom Ausgangswert zum Zielwert; über 100 %, wenn der Zielwert übertroffen ist.",
    },
    "okr.status_help": {
        "en": "{elapsed} of the quarter has passed. On track: progress at least elapsed time − 10 points; at risk: − 30 points. A new key result is rated from its first check-in or after a week.",
        "de": "{elapsed} des Quartals sind vergangen. Im Plan: Fortschritt mindestens vergangene Zeit − 10 Punkte; gefährdet: − 30 Punkte. Ein neues Key Result wird ab dem ersten Check-in oder nach einer Woche bewertet.",
    },
    "okr.read_only": {
        "en": "You can view objectives but not change them.",
        "de": "Sie können Ziele ansehen, aber nicht ändern.",
    },
    # forms
    "okr.form.title": {"en": "Title", "de": "Titel"},
    "okr.form.description": {"en": "Description", "de": "Beschreibung"},
    "okr.form.period": {"en": "Quarter", "de": "Quartal"},
    "okr.form.first_kr": {"en": "First key result (optional)", "de": "Erstes Key Result (optional)"},
    "okr.form.first_kr_help": {
        "en": "More key results, a stretch goal and check-ins can be added on the objective's page.",
        "de": "Weitere Key Results, ein Stretch-Ziel und Check-ins lassen sich auf der Seite des Ziels ergänzen.",
    },
    "okr.carry.placeholder": {"en": "Pick the objectives to continue", "de": "Fortzuführende Ziele wählen"},
    "okr.form.owner": {"en": "Owner", "de": "Verantwortlich"},
    "okr.form.status": {"en": "Status", "de": "Status"},
    "okr.form.parents": {"en": "Aligned under", "de": "Ausgerichtet auf"},
    "okr.form.north_star": {"en": "Aligned to the North Star", "de": "Auf den North Star ausgerichtet"},
    "okr.form.create": {"en": "Create objective", "de": "Ziel anlegen"},
    "okr.form.save": {"en": "Save changes", "de": "Änderungen speichern"},
    "okr.form.invalid": {
        "en": "Nothing was saved. Please correct the marked fields.",
        "de": "Nichts wurde gespeichert. Bitte korrigieren Sie die markierten Felder.",
    },
    "okr.edit": {"en": "Edit objective", "de": "Ziel bearbeiten"},
    "okr.close": {"en": "Close objective", "de": "Ziel abschließen"},
    "okr.close.status": {"en": "Outcome", "de": "Ergebnis"},
    "okr.close.note": {"en": "Closing note", "de": "Abschlussnotiz"},
    "okr.close.submit": {"en": "Close objective", "de": "Ziel abschließen"},
    "okr.delete": {"en": "Delete objective", "de": "Ziel löschen"},
    "okr.delete.confirm": {
        "en": "Yes, delete this objective with its key results and check-ins",
        "de": "Ja, dieses Ziel mit seinen Key Results und Check-ins löschen",
    },
    "okr.delete.submit": {"en": "Delete", "de": "Löschen"},
    "okr.delete.need_confirm": {
        "en": "Tick the confirmation box first.",
        "de": "Setzen Sie zuerst das Bestätigungshäkchen.",
    },
    "okr.deleted": {"en": "Objective “{title}” deleted.", "de": "Ziel „{title}“ gelöscht."},
    "okr.created": {"en": "Objective “{title}” created.", "de": "Ziel „{title}“ angelegt."},
    "okr.saved": {"en": "Changes saved.", "de": "Änderungen gespeichert."},
    "okr.closed": {"en": "Objective closed as {status}.", "de": "Ziel abgeschlossen: {status}."},
    "okr.kr.add": {"en": "Add a key result", "de": "Key Result hinzufügen"},
    "okr.kr.edit": {"en": "Edit or delete a key result", "de": "Key Result bearbeiten oder löschen"},
    "okr.kr.pick": {"en": "Key result", "de": "Key Result"},
    "okr.kr.title": {"en": "Key result", "de": "Key Result"},
    "okr.kr.metric": {"en": "Metric (current value comes from its data)", "de": "Kennzahl (der aktuelle Wert kommt aus ihren Daten)"},
    "okr.kr.baseline": {"en": "Baseline", "de": "Ausgangswert"},
    "okr.kr.target": {"en": "Target", "de": "Zielwert"},
    "okr.kr.stretch": {"en": "Stretch (optional)", "de": "Stretch (optional)"},
    "okr.kr.unit": {"en": "Unit", "de": "Einheit"},
    "okr.kr.submit_add": {"en": "Add key result", "de": "Key Result hinzufügen"},
    "okr.kr.added": {"en": "Key result “{title}” added.", "de": "Key Result „{title}“ hinzugefügt."},
    "okr.kr.delete": {"en": "Delete this key result", "de": "Dieses Key Result löschen"},
    "okr.kr.deleted": {"en": "Key result deleted.", "de": "Key Result gelöscht."},
    "okr.checkin": {"en": "Check in", "de": "Check-in"},
    "okr.checkin.value": {"en": "Current value", "de": "Aktueller Wert"},
    "okr.checkin.confidence": {"en": "Confidence (0–10)", "de": "Zuversicht (0–10)"},
    "okr.checkin.comment": {"en": "Comment", "de": "Kommentar"},
    "okr.checkin.date": {"en": "Date", "de": "Datum"},
    "okr.checkin.submit": {"en": "Save check-in", "de": "Check-in speichern"},
    "okr.checkin.saved": {"en": "Check-in saved.", "de": "Check-in gespeichert."},
    "okr.checkin.history": {"en": "Check-in history", "de": "Check-in-Verlauf"},
    "okr.checkin.none": {
        "en": "No check-ins yet. Add one with your confidence and a sentence on what changed.",
        "de": "Noch keine Check-ins. Tragen Sie Ihre Zuversicht und einen Satz zur Lage ein.",
    },
    "okr.checkin.by": {"en": "By", "de": "Von"},
    "okr.checkin.metric_note": {
        "en": "The value comes from the data of “{metric}”; add your confidence and a comment.",
        "de": "Der Wert kommt aus den Daten von „{metric}“; ergänzen Sie Zuversicht und Kommentar.",
    },
    # tree and carry-over
    "okr.tree.north_star": {"en": "North Star: {name}", "de": "North Star: {name}"},
    "okr.tree.no_north_star": {"en": "North Star (not chosen yet)", "de": "North Star (noch nicht gewählt)"},
    "okr.tree.unaligned": {"en": "Not aligned yet", "de": "Noch nicht ausgerichtet"},
    "okr.tree.help": {
        "en": "Align objectives in their edit form: under one or more parent objectives, or the North Star.",
        "de": "Ziele richten Sie in ihrem Bearbeitungsformular aus: auf ein oder mehrere übergeordnete Ziele oder den North Star.",
    },
    "okr.tree.other_period": {"en": "(from {period})", "de": "(aus {period})"},
    "okr.carry.intro": {
        "en": "Copy unfinished objectives of {source} with all their key results into {target}. Only objectives that are still draft or active are offered; pick the ones you mean to continue. The originals stay as they are.",
        "de": "Unerledigte Ziele aus {source} mit allen Key Results nach {target} kopieren. Angeboten werden nur Ziele, die noch Entwurf oder aktiv sind; wählen Sie die, die Sie fortführen wollen. Die Originale bleiben unverändert.",
    },
    "okr.carry.pick": {"en": "Objectives to carry over", "de": "Zu übernehmende Ziele"},
    "okr.carry.submit": {"en": "Carry over to {target}", "de": "Nach {target} übernehmen"},
    "okr.carry.none": {
        "en": "{source} has no draft or active objectives to carry over.",
        "de": "{source} hat keine Ziele im Entwurf oder aktiv, die übernommen werden könnten.",
    },
    "okr.carry.done.one": {
        "en": "One objective carried over to {target}.",
        "de": "Ein Ziel nach {target} übernommen.",
    },
    "okr.carry.done.other": {
        "en": "{count} objectives carried over to {target}.",
        "de": "{count} Ziele nach {target} übernommen.",
    },
    "okr.carry.skipped": {
        "en": "Already in {target}; nothing copied.",
        "de": "Bereits in {target} vorhanden; nichts kopiert.",
    },
    "okr.carry.need_pick": {"en": "Pick at least one objective.", "de": "Wählen Sie mindestens ein Ziel."},
    # chart
    "okr.chart.subtitle": {
        "en": "Path from baseline towards target; dashed: projection to the quarter's end",
        "de": "Verlauf vom Ausgangswert zum Zielwert; gestrichelt: Prognose bis Quartalsende",
    },
    "okr.chart.actual": {"en": "actual", "de": "Ist"},
    "okr.chart.projection": {"en": "projection", "de": "Prognose"},
    "okr.chart.series": {"en": "Line", "de": "Linie"},
    "okr.chart.reference": {"en": "Reference", "de": "Referenz"},
    # errors (field by field)
    "okr.error.title": {"en": "Enter a title.", "de": "Geben Sie einen Titel ein."},
    "okr.error.period": {
        "en": "Enter a quarter like 2026-Q4 (Q1 to Q4).",
        "de": "Geben Sie ein Quartal wie 2026-Q4 ein (Q1 bis Q4).",
    },
    "okr.error.invalid": {"en": "This value is not valid.", "de": "Dieser Wert ist ungültig."},
    "okr.error.title_taken": {
        "en": "An objective with this title already exists in {period}.",
        "de": "In {period} gibt es bereits ein Ziel mit diesem Titel.",
    },
    "okr.error.kr_title_taken": {
        "en": "This objective already has a key result with this title.",
        "de": "Dieses Ziel hat bereits ein Key Result mit diesem Titel.",
    },
    "okr.error.team_unknown": {"en": "This team does not exist.", "de": "Dieses Team gibt es nicht."},
    "okr.error.parent_self": {
        "en": "An objective cannot be aligned under itself.",
        "de": "Ein Ziel kann nicht auf sich selbst ausgerichtet werden.",
    },
    "okr.error.parent_unknown": {"en": "A chosen parent objective does not exist.", "de": "Ein gewähltes übergeordnetes Ziel gibt es nicht."},
    "okr.error.parent_cycle": {
        "en": "A chosen parent is already aligned under this objective (that would be a circle).",
        "de": "Ein gewähltes übergeordnetes Ziel ist bereits auf dieses Ziel ausgerichtet (das wäre ein Kreis).",
    },
    "okr.error.objective_unknown": {"en": "This objective does not exist (any more).", "de": "Dieses Ziel gibt es nicht (mehr)."},
    "okr.error.kr_unknown": {"en": "This key result does not exist (any more).", "de": "Dieses Key Result gibt es nicht (mehr)."},
    "okr.error.close_status": {
        "en": "Choose achieved, missed or dropped.",
        "de": "Wählen Sie erreicht, verfehlt oder fallengelassen.",
    },
    "okr.error.closing_note": {
        "en": "Write a sentence on why the objective closes this way.",
        "de": "Schreiben Sie einen Satz dazu, warum das Ziel so abgeschlossen wird.",
    },
    "okr.error.carry_same_period": {
        "en": "The objective is already in this quarter.",
        "de": "Das Ziel liegt bereits in diesem Quartal.",
    },
    "okr.error.number": {
        "en": "Enter a number, e.g. 1,234.5 or 1.234,5.",
        "de": "Geben Sie eine Zahl ein, z. B. 1.234,5 oder 1,234.5.",
    },
    "okr.error.number_required": {"en": "Enter a number.", "de": "Geben Sie eine Zahl ein."},
    "okr.error.target_equals_baseline": {
        "en": "The target must differ from the baseline.",
        "de": "Der Zielwert muss sich vom Ausgangswert unterscheiden.",
    },
    "okr.error.direction_up": {
        "en": "Higher is better for this metric: the target must be above the baseline.",
        "de": "Bei dieser Kennzahl ist höher besser: Der Zielwert muss über dem Ausgangswert liegen.",
    },
    "okr.error.direction_up_keep": {
        "en": "Higher is better for this metric, but the target is below the baseline. Correct the target, or tick “The target lies on the worse side on purpose” below if the key result means “keep it above X”, and save again.",
        "de": "Bei dieser Kennzahl ist höher besser, der Zielwert liegt aber unter dem Ausgangswert. Korrigieren Sie den Zielwert, oder setzen Sie unten das Häkchen bei „Der Zielwert liegt absichtlich auf der schlechteren Seite“, wenn das Key Result „über X halten“ bedeutet, und speichern Sie erneut.",
    },
    "okr.error.direction_down_keep": {
        "en": "Lower is better for this metric, but the target is above the baseline. Correct the target, or tick “The target lies on the worse side on purpose” below if the key result means “keep it under X”, and save again.",
        "de": "Bei dieser Kennzahl ist niedriger besser, der Zielwert liegt aber über dem Ausgangswert. Korrigieren Sie den Zielwert, oder setzen Sie unten das Häkchen bei „Der Zielwert liegt absichtlich auf der schlechteren Seite“, wenn das Key Result „unter X halten“ bedeutet, und speichern Sie erneut.",
    },
    "okr.kr.keep_direction": {
        "en": "The target lies on the worse side on purpose (“keep it under X”)",
        "de": "Der Zielwert liegt absichtlich auf der schlechteren Seite („unter X halten“)",
    },
    "okr.error.direction_down": {
        "en": "Lower is better for this metric: the target must be below the baseline.",
        "de": "Bei dieser Kennzahl ist niedriger besser: Der Zielwert muss unter dem Ausgangswert liegen.",
    },
    "okr.error.stretch_side": {
        "en": "The stretch goal must lie beyond the target (further from the baseline).",
        "de": "Das Stretch-Ziel muss hinter dem Zielwert liegen (weiter vom Ausgangswert entfernt).",
    },
    "okr.error.metric_unknown": {
        "en": "This metric does not exist. Pick one from the list or define it in Settings.",
        "de": "Diese Kennzahl gibt es nicht. Wählen Sie eine aus der Liste oder legen Sie sie in den Einstellungen an.",
    },
    "okr.error.confidence": {
        "en": "Enter a whole number from 0 to 10.",
        "de": "Geben Sie eine ganze Zahl von 0 bis 10 ein.",
    },
    "okr.error.date": {"en": "Enter a date.", "de": "Geben Sie ein Datum ein."},
    "okr.error.future_date": {
        "en": "A check-in cannot be dated in the future.",
        "de": "Ein Check-in kann nicht in der Zukunft datiert sein.",
    },
    # spreadsheet import of objectives and key results
    "okr.export": {"en": "Export this quarter's OKRs (.xlsx)", "de": "OKRs dieses Quartals exportieren (.xlsx)"},
    "okr.import_link": {
        "en": "Import OKRs from a spreadsheet (Data page)",
        "de": "OKRs aus einer Tabelle importieren (Seite „Daten“)",
    },
    "import.problem.okr_missing_columns": {
        "en": "Required columns are missing: {expected} (found: {found}).",
        "de": "Pflichtspalten fehlen: {expected} (gefunden: {found}).",
    },
    "import.problem.okr_invalid_period": {
        "en": "“{found}” is not a quarter; expected a quarter like {expected}.",
        "de": "„{found}“ ist kein Quartal; erwartet wird ein Quartal wie {expected}.",
    },
    "import.problem.okr_parent_self": {
        "en": "“{found}” cannot be aligned under itself.",
        "de": "„{found}“ kann nicht auf sich selbst ausgerichtet werden.",
    },
    "import.problem.okr_unknown_parent": {
        "en": "There is no objective “{found}” to align under (neither in this sheet nor in the workspace).",
        "de": "Es gibt kein Ziel „{found}“, auf das ausgerichtet werden kann (weder in diesem Blatt noch im Arbeitsbereich).",
    },
    "import.problem.okr_too_long": {
        "en": "“{found}” is too long.",
        "de": "„{found}“ ist zu lang.",
    },
    "import.problem.okr_unknown_objective": {
        "en": "There is no objective “{found}” (neither in the workspace nor in an objectives sheet before this one).",
        "de": "Es gibt kein Ziel „{found}“ (weder im Arbeitsbereich noch in einem Ziele-Blatt vor diesem).",
    },
    "import.problem.okr_ambiguous_objective": {
        "en": "“{found}” exists in several quarters ({expected}); add a period column to say which one.",
        "de": "„{found}“ gibt es in mehreren Quartalen ({expected}); geben Sie in einer Spalte „Quartal“ an, welches gemeint ist.",
    },
    "import.problem.okr_unknown_metric": {
        "en": "There is no metric “{found}”; check the name or import its data or definition first.",
        "de": "Es gibt keine Kennzahl „{found}“; prüfen Sie den Namen oder importieren Sie zuerst ihre Daten oder Definition.",
    },
    "import.problem.okr_target_equals_baseline": {
        "en": "The target {found} equals the baseline; it must differ.",
        "de": "Der Zielwert {found} ist gleich dem Ausgangswert; er muss sich unterscheiden.",
    },
    "import.note.okr_metric_pending.one": {
        "en": "{sheet}: a metric is not in the workspace yet: {names}. A metrics sheet of this file must create it, otherwise nothing is imported.",
        "de": "{sheet}: Eine Kennzahl ist noch nicht im Arbeitsbereich: {names}. Ein Kennzahlen-Blatt dieser Datei muss sie anlegen, sonst wird nichts importiert.",
    },
    "import.note.okr_metric_pending.other": {
        "en": "{sheet}: {count} metrics are not in the workspace yet: {names}. A metrics sheet of this file must create them, otherwise nothing is imported.",
        "de": "{sheet}: {count} Kennzahlen sind noch nicht im Arbeitsbereich: {names}. Ein Kennzahlen-Blatt dieser Datei muss sie anlegen, sonst wird nichts importiert.",
    },
    "import.note.okr_direction_conflict.one": {
        "en": "{sheet}: one key result has the target on the worse side of the baseline for its metric's direction (“keep it under …”); progress counts the other way for it: {names}.",
        "de": "{sheet}: Ein Key Result hat den Zielwert auf der schlechteren Seite des Ausgangswerts (gemessen an der Richtung der Kennzahl, „unter … halten“); sein Fortschritt zählt in die andere Richtung: {names}.",
    },
    "import.note.okr_direction_conflict.other": {
        "en": "{sheet}: {count} key results have the target on the worse side of the baseline for their metric's direction (“keep it under …”); progress counts the other way for them: {names}.",
        "de": "{sheet}: {count} Key Results haben den Zielwert auf der schlechteren Seite des Ausgangswerts (gemessen an der Richtung der Kennzahl, „unter … halten“); ihr Fortschritt zählt in die andere Richtung: {names}.",
    },
    "import.problem.okr_stretch_side": {
        "en": "The stretch {found} must lie beyond the target (further from the baseline).",
        "de": "Der Stretch-Wert {found} muss hinter dem Zielwert liegen (weiter vom Ausgangswert entfernt).",
    },
}
