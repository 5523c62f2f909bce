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
    "outputs.empty_can_add": {
        "en": "No outputs yet. Upload an export from Jira, Linear, Azure DevOps or GitHub on the Data page, or add one by hand below.",
        "de": "Noch keine Outputs. Laden Sie einen Export aus Jira, Linear, Azure DevOps oder GitHub auf der Seite „Daten“ hoch oder legen Sie unten einen von Hand an.",
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
    "outputs.sprints": {"en": "Sprints", "de": "Sprints"},
    "outputs.fix_versions": {"en": "Fix versions", "de": "Versionen"},
    "outputs.components": {"en": "Components", "de": "Komponenten"},
    "outputs.link": {"en": "Link", "de": "Link"},
    "outputs.linked_to": {"en": "Linked to", "de": "Verknüpft mit"},
    "outputs.not_shipped": {"en": "not shipped", "de": "nicht ausgeliefert"},
    # tabs
    "outputs.tab.list": {"en": "All outputs", "de": "Alle Outputs"},
    "outputs.tab.unlinked": {"en": "Shipped without outcome", "de": "Ohne Wirkung ausgeliefert"},
    "outputs.tab.edit": {"en": "Add or edit", "de": "Anlegen oder bearbeiten"},
    # filters
    "outputs.filter.quarter_all": {"en": "All quarters", "de": "Alle Quartale"},
    "outputs.filter.type": {"en": "Type", "de": "Typ"},
    "outputs.filter.type_placeholder": {"en": "All types", "de": "Alle Typen"},
    "outputs.filter.shipped": {"en": "Shipped", "de": "Ausgeliefert"},
    "outputs.filter.linked": {"en": "Link to an outcome", "de": "Verknüpfung mit Wirkung"},
    "outputs.filter.search": {"en": "Search key or title", "de": "Schlüssel oder Titel suchen"},
    "outputs.filter.any": {"en": "Any", "de": "Alle"},
    "outputs.filter.shipped_yes": {"en": "Shipped", "de": "Ausgeliefert"},
    "outputs.filter.shipped_no": {"en": "Not shipped", "de": "Nicht ausgeliefert"},
    "outputs.filter.linked_yes": {"en": "Linked", "de": "Verknüpft"},
    "outputs.filter.linked_no": {"en": "Not linked", "de": "Nicht verknüpft"},
    "outputs.filter.none_match": {
        "en": "No output matches these filters. Widen the filters above (for example “All quarters”).",
        "de": "Kein Output passt zu diesen Filtern. Lockern Sie die Filter oben (zum Beispiel „Alle Quartale“).",
    },
    # figures
    "outputs.kpi.shown": {"en": "Outputs", "de": "Outputs"},
    "outputs.kpi.shipped": {"en": "Shipped", "de": "Ausgeliefert"},
    "outputs.kpi.not_shipped": {"en": "Not shipped yet", "de": "Noch nicht ausgeliefert"},
    "outputs.kpi.unlinked_share": {"en": "Shipped without outcome", "de": "Ohne Wirkung ausgeliefert"},
    "outputs.kpi.unlinked_help": {
        "en": "Share of the shipped outputs shown that are linked to no hypothesis and no key result.",
        "de": "Anteil der gezeigten ausgelieferten Outputs, die mit keiner Hypothese und keinem Key Result verknüpft sind.",
    },
    # chart
    "outputs.chart.title": {"en": "Shipped per week", "de": "Ausgeliefert pro Woche"},
    "outputs.chart.subtitle": {
        "en": "Linked to a hypothesis or key result, or not linked to any outcome",
        "de": "Mit einer Hypothese oder einem Key Result verknüpft oder mit keiner Wirkung",
    },
    "outputs.chart.week": {"en": "Week", "de": "Woche"},
    "outputs.chart.count": {"en": "Outputs shipped", "de": "Ausgelieferte Outputs"},
    "outputs.chart.series": {"en": "Link", "de": "Verknüpfung"},
    "outputs.chart.linked": {"en": "linked to an outcome", "de": "mit Wirkung verknüpft"},
    "outputs.chart.unlinked": {"en": "no outcome", "de": "ohne Wirkung"},
    # unlinked panel
    "outputs.unlinked.heading": {
        "en": "Shipped without a link to any outcome",
        "de": "Ausgeliefert ohne Verknüpfung mit einer Wirkung",
    },
    "outputs.unlinked.explain": {
        "en": "Work that shipped but is tied to no hypothesis and no key result. A long list is a sign of busyness: link what belongs to a bet, and question the rest.",
        "de": "Ausgelieferte Arbeit, die mit keiner Hypothese und keinem Key Result verknüpft ist. Eine lange Liste ist ein Zeichen von Beschäftigtsein: Verknüpfen Sie, was zu einer Wette gehört, und hinterfragen Sie den Rest.",
    },
    "outputs.unlinked.open": {"en": "Link it", "de": "Verknüpfen"},
    "outputs.unlinked.open_text": {"en": "open to link ↗", "de": "zum Verknüpfen öffnen ↗"},
    "outputs.unlinked.summary": {"en": "Per team and quarter", "de": "Pro Team und Quartal"},
    "outputs.unlinked.col_shipped": {"en": "Shipped", "de": "Ausgeliefert"},
    "outputs.unlinked.col_unlinked": {"en": "Without outcome", "de": "Ohne Wirkung"},
    "outputs.unlinked.col_share": {"en": "Share", "de": "Anteil"},
    "outputs.unlinked.group": {
        "en": "{team} · {period}: {unlinked} of {shipped} shipped outputs ({share}) have no link to an outcome",
        "de": "{team} · {period}: {unlinked} von {shipped} ausgelieferten Outputs ({share}) sind mit keiner Wirkung verknüpft",
    },
    "outputs.unlinked.no_team": {"en": "No team", "de": "Kein Team"},
    "outputs.unlinked.none": {
        "en": "Everything shipped in this selection is linked to a hypothesis or key result.",
        "de": "Alles, was in dieser Auswahl ausgeliefert wurde, ist mit einer Hypothese oder einem Key Result verknüpft.",
    },
    "outputs.unlinked.nothing_shipped": {
        "en": "Nothing shipped in this selection yet, so there is nothing to compare.",
        "de": "In dieser Auswahl wurde noch nichts ausgeliefert, es gibt also nichts zu vergleichen.",
    },
    "outputs.unlinked.quarter_hint": {
        "en": "Showing {period}. Pick another quarter in the filters above.",
        "de": "Angezeigt: {period}. Ein anderes Quartal wählen Sie oben in den Filtern.",
    },
    # edit form
    "outputs.edit.choose": {"en": "Output", "de": "Output"},
    "outputs.edit.new": {"en": "New output (add by hand)", "de": "Neuer Output (von Hand anlegen)"},
    "outputs.edit.narrow": {
        "en": "The list offers the first {shown} of {total} matching outputs. Use the search box above to find another.",
        "de": "Die Liste bietet die ersten {shown} von {total} passenden Outputs. Nutzen Sie die Suche oben, um einen anderen zu finden.",
    },
    "outputs.edit.heading_new": {"en": "Add an output by hand", "de": "Output von Hand anlegen"},
    "outputs.edit.heading_edit": {"en": "Edit {output_key}", "de": "{output_key} bearbeiten"},
    "outputs.form.key": {"en": "Key", "de": "Schlüssel"},
    "outputs.form.key_help": {
        "en": "The item's key in your tracker, e.g. GRO-123. Re-imports find the output by it, so it cannot change later.",
        "de": "Der Schlüssel im Tracker, z. B. GRO-123. Erneute Importe finden den Output darüber, daher lässt er sich später nicht ändern.",
    },
    "outputs.form.title": {"en": "Title", "de": "Titel"},
    "outputs.form.type": {"en": "Type", "de": "Typ"},
    "outputs.form.type_help": {
        "en": "For example feature, story, bug, epic, task, release.",
        "de": "Zum Beispiel feature, story, bug, epic, task, release.",
    },
    "outputs.form.team": {"en": "Team", "de": "Team"},
    "outputs.form.no_team": {"en": "No team", "de": "Kein Team"},
    "outputs.form.status": {"en": "Status", "de": "Status"},
    "outputs.form.status_help": {
        "en": "The status as your tracker calls it, e.g. Done or In Progress.",
        "de": "Der Status, wie Ihr Tracker ihn nennt, z. B. Done oder In Progress.",
    },
    "outputs.form.shipped_on": {"en": "Shipped on", "de": "Ausgeliefert am"},
    "outputs.form.shipped_on_help": {
        "en": "Leave empty while the output has not shipped.",
        "de": "Leer lassen, solange der Output nicht ausgeliefert ist.",
    },
    "outputs.form.link": {"en": "Link", "de": "Link"},
    "outputs.form.labels": {"en": "Labels (comma separated)", "de": "Labels (durch Komma getrennt)"},
    "outputs.form.save_new": {"en": "Add output", "de": "Output anlegen"},
    "outputs.form.save_edit": {"en": "Save changes", "de": "Änderungen speichern"},
    "outputs.form.field_error": {"en": "{field}: {message}", "de": "{field}: {message}"},
    "outputs.form.too_long": {
        "en": "Too long (at most {max} characters).",
        "de": "Zu lang (höchstens {max} Zeichen).",
    },
    "outputs.form.invalid": {"en": "Not a valid value.", "de": "Kein gültiger Wert."},
    "outputs.form.not_saved": {
        "en": "Nothing was saved. Please correct the fields named above.",
        "de": "Es wurde nichts gespeichert. Bitte korrigieren Sie die oben genannten Felder.",
    },
    "outputs.form.created": {"en": "Output {output_key} added.", "de": "Output {output_key} angelegt."},
    "outputs.form.updated": {"en": "Output {output_key} saved.", "de": "Output {output_key} gespeichert."},
    "outputs.form.read_only": {
        "en": "You can view outputs but not change them.",
        "de": "Sie können Outputs ansehen, aber nicht ändern.",
    },
    # linking
    "outputs.links.heading": {"en": "Link {output_key} to outcomes", "de": "{output_key} mit Wirkungen verknüpfen"},
    "outputs.links.explain": {
        "en": "Pick the hypotheses that bet on this output and the key results it contributes to. Remove an entry to unlink it.",
        "de": "Wählen Sie die Hypothesen, die auf diesen Output setzen, und die Key Results, zu denen er beiträgt. Entfernen Sie einen Eintrag, um die Verknüpfung zu lösen.",
    },
    "outputs.links.hypotheses": {"en": "Hypotheses", "de": "Hypothesen"},
    "outputs.links.key_results": {"en": "Key results", "de": "Key Results"},
    "outputs.links.none_available": {
        "en": "There are no hypotheses or key results yet. Write one on the Hypotheses or Objectives page first.",
        "de": "Es gibt noch keine Hypothesen oder Key Results. Legen Sie zuerst auf der Seite „Hypothesen“ oder „Ziele“ eine an.",
    },
    "outputs.links.pick_hypotheses": {"en": "Choose hypotheses", "de": "Hypothesen wählen"},
    "outputs.links.pick_key_results": {"en": "Choose key results", "de": "Key Results wählen"},
    "outputs.links.save": {"en": "Save links", "de": "Verknüpfungen speichern"},
    "outputs.links.saved_counted": {
        "en": "{output_key} is now linked to {hypotheses} and {key_results}.",
        "de": "{output_key} ist jetzt mit {hypotheses} und {key_results} verknüpft.",
    },
    "outputs.links.n_hypotheses.one": {"en": "{count} hypothesis", "de": "{count} Hypothese"},
    "outputs.links.n_hypotheses.other": {"en": "{count} hypotheses", "de": "{count} Hypothesen"},
    "outputs.links.n_key_results.one": {"en": "{count} key result", "de": "{count} Key Result"},
    "outputs.links.n_key_results.other": {"en": "{count} key results", "de": "{count} Key Results"},
    "outputs.links.saved": {
        "en": "{output_key} is now linked to {hypotheses} hypotheses and {key_results} key results.",
        "de": "{output_key} ist jetzt mit {hypotheses} Hypothesen und {key_results} Key Results verknüpft.",
    },
    "outputs.links.current_none": {
        "en": "Not linked to any outcome yet.",
        "de": "Noch mit keiner Wirkung verknüpft.",
    },
    # delete
    "outputs.delete.heading": {"en": "Delete {output_key}", "de": "{output_key} löschen"},
    "outputs.delete.explain": {
        "en": "Removes the output and its links to hypotheses and key results. A later import of the same key adds it again.",
        "de": "Entfernt den Output und seine Verknüpfungen mit Hypothesen und Key Results. Ein späterer Import mit demselben Schlüssel legt ihn wieder an.",
    },
    "outputs.delete.confirm": {"en": "Yes, delete this output", "de": "Ja, diesen Output löschen"},
    "outputs.delete.button": {"en": "Delete output", "de": "Output löschen"},
    "outputs.delete.done": {"en": "Output {output_key} deleted.", "de": "Output {output_key} gelöscht."},
    # query parameter
    "outputs.query.unknown": {
        "en": "There is no output with the key “{output_key}” (from the address). Pick one from the list instead.",
        "de": "Es gibt keinen Output mit dem Schlüssel „{output_key}“ (aus der Adresse). Wählen Sie stattdessen einen aus der Liste.",
    },
    # repository errors
    "outputs.error.duplicate_key": {
        "en": "An output with the key “{output_key}” exists already. Pick it in the list to edit it, or use another key.",
        "de": "Ein Output mit dem Schlüssel „{output_key}“ existiert bereits. Wählen Sie ihn in der Liste, um ihn zu bearbeiten, oder nehmen Sie einen anderen Schlüssel.",
    },
    "outputs.error.unsafe_link": {
        "en": "The link “{link}” is not a web address; only links starting with http:// or https:// are saved.",
        "de": "Der Link „{link}“ ist keine Webadresse; gespeichert werden nur Links, die mit http:// oder https:// beginnen.",
    },
    "outputs.error.not_found": {
        "en": "This output no longer exists (id {id}). It may have been deleted or its import undone.",
        "de": "Dieser Output existiert nicht mehr (ID {id}). Vielleicht wurde er gelöscht oder sein Import rückgängig gemacht.",
    },
    "outputs.error.unknown_team": {
        "en": "The chosen team no longer exists (id {id}). Pick another team.",
        "de": "Das gewählte Team existiert nicht mehr (ID {id}). Wählen Sie ein anderes Team.",
    },
    "outputs.error.unknown_hypothesis": {
        "en": "A chosen hypothesis no longer exists (id {id}). Nothing was linked.",
        "de": "Eine gewählte Hypothese existiert nicht mehr (ID {id}). Es wurde nichts verknüpft.",
    },
    "outputs.error.unknown_key_result": {
        "en": "A chosen key result no longer exists (id {id}). Nothing was linked.",
        "de": "Ein gewähltes Key Result existiert nicht mehr (ID {id}). Es wurde nichts verknüpft.",
    },
    # import of tracker exports (kind `outputs`): label, problems and notes
    "import.problem.outputs_missing_columns": {
        "en": "This looks like an issue list, but a column is missing: {expected}. Columns found: {found}.",
        "de": "Das sieht nach einer Vorgangsliste aus, aber eine Spalte fehlt: {expected}. Gefundene Spalten: {found}.",
    },
    "import.problem.outputs_missing_key": {
        "en": "The key is empty; every item needs its key ({expected}).",
        "de": "Der Schlüssel ist leer; jeder Eintrag braucht seinen Schlüssel ({expected}).",
    },
    "import.problem.outputs_missing_title": {
        "en": "{found} has no title.",
        "de": "{found} hat keinen Titel.",
    },
    "import.problem.outputs_duplicate_key": {
        "en": "The key “{found}” appears twice (also in row {other_row}); each item may appear once.",
        "de": "Der Schlüssel „{found}“ kommt zweimal vor (auch in Zeile {other_row}); jeder Eintrag darf nur einmal vorkommen.",
    },
    "import.problem.outputs_too_long": {
        "en": "“{found}” is too long (at most {max} characters).",
        "de": "„{found}“ ist zu lang (höchstens {max} Zeichen).",
    },
    "import.note.outputs_no_date_column": {
        "en": "No completion date column was found, so none of the {count} outputs has a ship date; they are stored as not shipped. Columns that would have been used: {expected}.",
        "de": "Es wurde keine Spalte mit dem Erledigungsdatum gefunden, daher hat keiner der {count} Outputs ein Lieferdatum; sie werden als nicht ausgeliefert gespeichert. Verwendet worden wären Spalten wie: {expected}.",
    },
    "import.note.outputs_not_shipped": {
        "en": "Not done yet, stored without a ship date: {count}.",
        "de": "Noch nicht erledigt, ohne Lieferdatum gespeichert: {count}.",
    },
    "import.note.outputs_done_by_status_category": {
        "en": "Done without a resolution date: {count}. Their ship date is when their status category changed to Done.",
        "de": "Erledigt ohne Erledigungsdatum: {count}. Als Lieferdatum gilt der Wechsel ihrer Statuskategorie auf „Done“.",
    },
    "import.note.outputs_closed_unshipped": {
        "en": "Closed without shipping (Won't Do, Duplicate, Canceled, …): {count}. Stored without a ship date.",
        "de": "Ohne Auslieferung geschlossen (Won't Do, Duplikat, Abgebrochen, …): {count}. Ohne Lieferdatum gespeichert.",
    },
    "import.note.outputs_skipped_drafts": {
        "en": "Draft items without a URL or key, skipped: {count}.",
        "de": "Entwürfe ohne URL oder Schlüssel, übersprungen: {count}.",
    },
    "import.note.outputs_new_teams": {
        "en": "New teams will be created: {teams}.",
        "de": "Neue Teams werden angelegt: {teams}.",
    },
    "import.note.outputs_team_summary": {
        "en": "Team {team}: {outputs} outputs, {shipped} shipped{span}, {not_shipped} not shipped.",
        "de": "Team {team}: {outputs} Outputs, {shipped} ausgeliefert{span}, {not_shipped} nicht ausgeliefert.",
    },
    "import.note.outputs_no_team_summary": {
        "en": "Without a team: {outputs} outputs, {shipped} shipped{span}, {not_shipped} not shipped. To give them a team, add a Team or Project name column, or import with `--team NAME` on the command line.",
        "de": "Ohne Team: {outputs} Outputs, {shipped} ausgeliefert{span}, {not_shipped} nicht ausgeliefert. Für ein Team ergänzen Sie eine Spalte Team oder Projektname oder importieren mit `--team NAME` auf der Kommandozeile.",
    },
    # column roles the outputs importer shows on the Data page ("Columns used: ...")
    "data.role.outputs_type": {"en": "type", "de": "Typ"},
    "data.role.outputs_status": {"en": "status", "de": "Status"},
    "data.role.outputs_team": {"en": "team", "de": "Team"},
    "data.role.outputs_project": {"en": "team (project)", "de": "Team (Projekt)"},
    "data.role.outputs_shipped_on": {"en": "ship date", "de": "Lieferdatum"},
    "data.role.outputs_status_category": {"en": "status category", "de": "Statuskategorie"},
    "data.role.outputs_resolution": {"en": "resolution", "de": "Lösung"},
    "data.role.outputs_status_category_changed": {
        "en": "status category changed", "de": "Statuskategorie geändert",
    },
    "data.role.outputs_labels": {"en": "labels", "de": "Labels"},
    "data.role.outputs_sprints": {"en": "sprints", "de": "Sprints"},
    "data.role.outputs_fix_versions": {"en": "fix versions", "de": "Versionen"},
    "data.role.outputs_components": {"en": "components", "de": "Komponenten"},
    "data.role.outputs_link": {"en": "link", "de": "Link"},
}
