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

# --- import problems: one per code, {found} and {expected} filled in -----------------------------
PROBLEMS = {
    "invalid": ("“{found}” is not valid here; expected {expected}.", "„{found}“ ist hier nicht gültig; erwartet: {expected}."),
    "unsupported_extension": (
        "Files of type “{found}” cannot be imported. Upload one of: {expected}.",
        "Dateien vom Typ „{found}“ können nicht importiert werden. Laden Sie eine dieser Arten hoch: {expected}.",
    ),
    "too_large": (
        "The file is {found}, more than the limit of {expected}. Split it or ask an admin to raise OUTCOMES_MAX_UPLOAD_MB.",
        "Die Datei ist {found} groß, mehr als die Grenze von {expected}. Teilen Sie sie auf oder lassen Sie OUTCOMES_MAX_UPLOAD_MB erhöhen.",
    ),
    "too_many_rows": (
        "The file has {found} rows (blank rows count too), more than the limit of {expected} rows (OUTCOMES_MAX_ROWS).",
        "Die Datei hat {found} Zeilen (leere Zeilen zählen mit), mehr als die Grenze von {expected} Zeilen (OUTCOMES_MAX_ROWS).",
    ),
    "line_too_long": (
        "The row is {found} characters long; at most {expected} characters per row are read. Is this really a table?",
        "Die Zeile ist {found} Zeichen lang; höchstens {expected} Zeichen je Zeile werden gelesen. Ist das wirklich eine Tabelle?",
    ),
    "cell_too_long": (
        "The cell holds {found} characters; a cell may hold at most {expected} (as in Excel).",
        "Die Zelle enthält {found} Zeichen; eine Zelle darf höchstens {expected} enthalten (wie in Excel).",
    ),
    "too_many_columns": (
        "The table has {found} columns; at most {expected} columns per sheet are read (as in Excel).",
        "Die Tabelle hat {found} Spalten; höchstens {expected} Spalten je Blatt werden gelesen (wie in Excel).",
    ),
    "too_many_cells": (
        "The file holds {found} cells; at most {expected} cells per file are read. Split it into smaller files.",
        "Die Datei enthält {found} Zellen; höchstens {expected} Zellen je Datei werden gelesen. Teilen Sie sie in kleinere Dateien auf.",
    ),
    "too_many_metrics": (
        "The file would create {found} new metrics, more than the limit of {expected} per file (OUTCOMES_MAX_NEW_METRICS); first new ones: {names}.",
        "Die Datei würde {found} neue Kennzahlen anlegen, mehr als die Grenze von {expected} je Datei (OUTCOMES_MAX_NEW_METRICS); erste neue: {names}.",
    ),
    "unclosed_quote": (
        "A quote opens in this cell (“{found}…”) and is never closed (the cell runs on to line {end}). Close the quote or remove it.",
        "In dieser Zelle beginnt ein Anführungszeichen („{found}…“), das nie geschlossen wird (die Zelle läuft bis Zeile {end}). Schließen oder entfernen Sie es.",
    ),
    "csv_error": (
        "The row cannot be read as CSV ({found}).",
        "Die Zeile kann nicht als CSV gelesen werden ({found}).",
    ),
    "not_utf8": (
        "The row is not UTF-8 text like the rest of the file (read as Windows-1252 it says “{found}”). Save the file as UTF-8 and upload it again.",
        "Die Zeile ist kein UTF-8-Text wie der Rest der Datei (als Windows-1252 gelesen steht dort „{found}“). Speichern Sie die Datei als UTF-8 und laden Sie sie erneut hoch.",
    ),
    "utf8_in_cp1252": (
        "The row is UTF-8 text (“{found}”), while the rest of the file is Windows-1252. Save the file as UTF-8 and upload it again.",
        "Die Zeile ist UTF-8-Text („{found}“), der Rest der Datei aber Windows-1252. Speichern Sie die Datei als UTF-8 und laden Sie sie erneut hoch.",
    ),
    "more_rows": (
        "… and {found} more rows like these.",
        "… und {found} weitere solche Zeilen.",
    ),
    "empty_file": ("The file is empty.", "Die Datei ist leer."),
    "wrong_content": (
        "The file is named {expected} but its content is {found}. Save it again as a real {expected} file.",
        "Die Datei heißt {expected}, enthält aber {found}. Speichern Sie sie erneut als echte {expected}-Datei.",
    ),
    "truncated": (
        "The file is damaged or incomplete and cannot be read. Export or save it again.",
        "Die Datei ist beschädigt oder unvollständig und kann nicht gelesen werden. Exportieren oder speichern Sie sie erneut.",
    ),
    "zip_bomb": (
        "The workbook unpacks to far more data than a spreadsheet holds ({found}; allowed {expected}); it was not opened.",
        "Die Arbeitsmappe entpackt sich zu weit mehr Daten, als eine Tabelle enthält ({found}; erlaubt {expected}); sie wurde nicht geöffnet.",
    ),
    "zip_no_workbook": (
        "The file is a zip archive without a workbook inside.",
        "Die Datei ist ein Zip-Archiv ohne Arbeitsmappe darin.",
    ),
    "xml_entities": (
        "The workbook contains XML entity declarations ({found}), which are refused for safety. Save it again from Excel or LibreOffice.",
        "Die Arbeitsmappe enthält XML-Entity-Deklarationen ({found}), die aus Sicherheitsgründen abgelehnt werden. Speichern Sie sie erneut aus Excel oder LibreOffice.",
    ),
    "encrypted": (
        "The workbook is password-protected. Remove the password in Excel (File → Info → Protect Workbook) and upload it again.",
        "Die Arbeitsmappe ist kennwortgeschützt. Entfernen Sie das Kennwort in Excel (Datei → Informationen → Arbeitsmappe schützen) und laden Sie sie erneut hoch.",
    ),
    "unreadable": (
        "The file could not be read ({found}). Save it again and retry.",
        "Die Datei konnte nicht gelesen werden ({found}). Speichern Sie sie erneut und versuchen Sie es noch einmal.",
    ),
    "no_tables": ("No table with data was found in {found}.", "In {found} wurde keine Tabelle mit Daten gefunden."),
    "no_data": (
        "No dates or numbers found in {found}; expected columns like {expected} (or one column per date).",
        "Keine Daten oder Zahlen in {found} gefunden; erwartet werden Spalten wie {expected} (oder eine Spalte je Datum).",
    ),
    "unknown_sheet": (
        "There is no sheet “{found}”. Sheets in the file: {expected}.",
        "Es gibt kein Blatt „{found}“. Blätter in der Datei: {expected}.",
    ),
    "conflict": (
        "The data conflicts with what is stored ({found}); nothing was imported.",
        "Die Daten widersprechen dem Gespeicherten ({found}); nichts wurde importiert.",
    ),
    "duplicate": (
        "{metric} on {date} appears twice with different values: {found} here and {other} in row {other_row}.",
        "{metric} am {date} kommt zweimal mit verschiedenen Werten vor: {found} hier und {other} in Zeile {other_row}.",
    ),
    "duplicate_name": (
        "“{found}” appears twice (also in row {other_row}).",
        "„{found}“ kommt zweimal vor (auch in Zeile {other_row}).",
    ),
    "excel_error": (
        "The cell holds the Excel error {found}; fix the formula or clear the cell.",
        "Die Zelle enthält den Excel-Fehler {found}; korrigieren Sie die Formel oder leeren Sie die Zelle.",
    ),
    "not_a_number": (
        "“{found}” is not a number; expected a number like {expected}.",
        "„{found}“ ist keine Zahl; erwartet wird eine Zahl wie {expected}.",
    ),
    "not_finite": (
        "“{found}” cannot be stored as a number: infinity, NaN, or beyond what a number can hold (larger than about 1e308, or closer to 0 than about 1e-308).",
        "„{found}“ kann nicht als Zahl gespeichert werden: Unendlich, NaN oder jenseits dessen, was eine Zahl fassen kann (größer als etwa 1e308 oder näher an 0 als etwa 1e-308).",
    ),
    "invalid_date": (
        "“{found}” is not a date; expected a date like {expected}.",
        "„{found}“ ist kein Datum; erwartet wird ein Datum wie {expected}.",
    ),
    "missing_metric": (
        "The metric name is empty.",
        "Der Name der Kennzahl ist leer.",
    ),
    "formula_without_value": (
        "Cell {found} has a formula without a saved value. Open the file in Excel or LibreOffice, let it calculate, save, and upload again.",
        "Zelle {found} enthält eine Formel ohne gespeicherten Wert. Öffnen Sie die Datei in Excel oder LibreOffice, lassen Sie sie rechnen, speichern Sie und laden Sie sie erneut hoch.",
    ),
    "invalid_choice": (
        "“{found}” is not one of the accepted values: {expected}.",
        "„{found}“ ist keiner der erlaubten Werte: {expected}.",
    ),
    "required": (
        "The cell is empty, but this value is required; expected {expected}.",
        "Die Zelle ist leer, ist aber ein Pflichtfeld; erwartet: {expected}.",
    ),
}
for _code, (_en, _de) in PROBLEMS.items():
    MESSAGES[f"import.problem.{_code}"] = {"en": _en, "de": _de}

NOTES = {
    "unknown_table": (
        "{sheet}: not recognised (no date column or known header: {columns}); skipped.",
        "{sheet}: nicht erkannt (keine Datumsspalte oder bekannte Überschrift: {columns}); übersprungen.",
    ),
    "no_time_axis": (
        "{sheet}: no time axis (columns {columns}); skipped.",
        "{sheet}: keine Zeitachse (Spalten {columns}); übersprungen.",
    ),
    "empty_table": ("{sheet}: empty table; skipped.", "{sheet}: leere Tabelle; übersprungen."),
    "empty_sheet": ("{sheet}: no table found; skipped.", "{sheet}: keine Tabelle gefunden; übersprungen."),
    "chart_sheet": ("{sheet}: a chart sheet; skipped.", "{sheet}: ein Diagrammblatt; übersprungen."),
    "skipped_totals.one": (
        "{sheet}: one totals row or row without a key skipped.",
        "{sheet}: eine Summenzeile oder Zeile ohne Schlüssel übersprungen.",
    ),
    "skipped_totals.other": (
        "{sheet}: {count} totals rows or rows without keys skipped.",
        "{sheet}: {count} Summenzeilen oder Zeilen ohne Schlüssel übersprungen.",
    ),
}
for _code, (_en, _de) in NOTES.items():
    MESSAGES[f"import.note.{_code}"] = {"en": _en, "de": _de}

MESSAGES.update({
    "import.problem.more.one": {"en": "… and one more problem.", "de": "… und ein weiteres Problem."},
    "import.problem.more.other": {"en": "… and {count} more problems.", "de": "… und {count} weitere Probleme."},
    "import.where.sheet": {"en": "sheet “{sheet}”", "de": "Blatt „{sheet}“"},
    "import.where.row": {"en": "row {row}", "de": "Zeile {row}"},
    "import.where.column": {"en": "column “{column}”", "de": "Spalte „{column}“"},
})

MESSAGES.update({
    "data.segment": {"en": "Segment", "de": "Segment"},
    "data.segments": {"en": "Segments", "de": "Segmente"},
    "data.chart.all": {"en": "All", "de": "Alle"},
    "data.chart.subtitle.one": {"en": "1 value stored", "de": "1 Wert gespeichert"},
    "data.chart.subtitle.other": {"en": "{count} values stored", "de": "{count} Werte gespeichert"},
    "data.kind.unknown": {"en": "not recognised", "de": "nicht erkannt"},
    "data.role.date": {"en": "date", "de": "Datum"},
    "data.role.metric": {"en": "metric", "de": "Kennzahl"},
    "data.role.value": {"en": "values", "de": "Werte"},
    "data.role.segment": {"en": "segment", "de": "Segment"},
    "data.role.unit": {"en": "unit", "de": "Einheit"},
    "data.role.direction": {"en": "direction", "de": "Richtung"},
    "data.role.aggregation": {"en": "aggregation", "de": "Aggregation"},
    "data.role.kind": {"en": "kind", "de": "Art"},
    "data.role.description": {"en": "description", "de": "Beschreibung"},
    "data.role.key": {"en": "key", "de": "Schlüssel"},
    "data.role.title": {"en": "title", "de": "Titel"},
    "data.choice.auto": {"en": "As recognised", "de": "Wie erkannt"},
    "data.choice.skip": {"en": "Skip this table", "de": "Tabelle überspringen"},
    "data.choice.kind": {"en": "What this table holds", "de": "Was diese Tabelle enthält"},
    "data.col.direction": {"en": "Direction", "de": "Richtung"},
    "data.col.aggregation": {"en": "Aggregation", "de": "Aggregation"},
    "data.choice.value": {"en": "Column with the values", "de": "Spalte mit den Werten"},
    "data.choice.date": {"en": "Date column", "de": "Datumsspalte"},
    "data.choice.pick": {"en": "Pick a column …", "de": "Spalte wählen …"},
    "data.choice.date_order": {"en": "Date order", "de": "Reihenfolge im Datum"},
    "data.choice.dmy": {"en": "Day/month/year (24/11/2026)", "de": "Tag/Monat/Jahr (24/11/2026)"},
    "data.choice.mdy": {"en": "Month/day/year (11/24/2026)", "de": "Monat/Tag/Jahr (11/24/2026)"},
    "data.choice.segment": {"en": "Segment column", "de": "Spalte für das Segment"},
    "data.choice.no_segment": {"en": "No segment (whole population)", "de": "Kein Segment (alle)"},
    "data.choice.remembered": {
        "en": "Using the choices saved for files with these columns.",
        "de": "Die für Dateien mit diesen Spalten gespeicherte Auswahl wird verwendet.",
    },
    "data.preview.columns": {"en": "Columns used: {columns}", "de": "Verwendete Spalten: {columns}"},
    "data.preview.skipped": {"en": "Nothing to import from this table.", "de": "Aus dieser Tabelle wird nichts importiert."},
    "data.preview.unsure": {
        "en": "Please check the choices above: the file does not make them clear. Your choice is remembered for files with the same columns.",
        "de": "Bitte prüfen Sie die Auswahl oben: Die Datei lässt sie offen. Ihre Auswahl wird für Dateien mit denselben Spalten gespeichert.",
    },
    "data.preview.first_rows.one": {
        "en": "The first row as it will be stored:",
        "de": "Die erste Zeile, wie sie gespeichert wird:",
    },
    "data.preview.first_rows.other": {
        "en": "First {count} rows as they will be stored:",
        "de": "Die ersten {count} Zeilen, wie sie gespeichert werden:",
    },
    "data.upload.title": {"en": "Import a spreadsheet", "de": "Tabelle importieren"},
    "data.upload.label": {
        "en": "Drop one or several files (.xlsx, .xlsm, .xls, .ods, .csv, .tsv)",
        "de": "Eine oder mehrere Dateien ablegen (.xlsx, .xlsm, .xls, .ods, .csv, .tsv)",
    },
    "data.upload.help": {
        "en": "Nothing is stored before you press Import. Every import can be undone in the history below.",
        "de": "Nichts wird gespeichert, bevor Sie auf Importieren klicken. Jeder Import lässt sich unten im Verlauf rückgängig machen.",
    },
    "data.upload.hint": {
        "en": "Exports from Excel, Google Analytics, Jira and hand-made KPI sheets work as they are. Not sure about the format? Download a template below.",
        "de": "Exporte aus Excel, Google Analytics, Jira und selbst gebaute KPI-Tabellen funktionieren direkt. Unsicher beim Format? Laden Sie unten eine Vorlage herunter.",
    },
    "data.upload.read_only": {
        "en": "You can look at the data, but importing needs edit rights.",
        "de": "Sie können die Daten ansehen, zum Importieren brauchen Sie Bearbeitungsrechte.",
    },
    "data.upload.refused.one": {
        "en": "{file} cannot be imported (1 problem). Nothing was stored.",
        "de": "{file} kann nicht importiert werden (1 Problem). Nichts wurde gespeichert.",
    },
    "data.upload.refused.other": {
        "en": "{file} cannot be imported ({count} problems). Nothing was stored.",
        "de": "{file} kann nicht importiert werden ({count} Probleme). Nichts wurde gespeichert.",
    },
    "data.upload.already": {
        "en": "Imported (import #{id}). Remove the file from the list, or undo the import in the history below.",
        "de": "Importiert (Import #{id}). Entfernen Sie die Datei aus der Liste oder machen Sie den Import unten im Verlauf rückgängig.",
    },
    "data.import.button": {"en": "Import {file} ({rows} rows)", "de": "{file} importieren ({rows} Zeilen)"},
    "data.import.progress": {"en": "Importing … {percent}%", "de": "Importiere … {percent} %"},
    "data.import.button_counted": {"en": "Import {file} ({rows})", "de": "{file} importieren ({rows})"},
    "data.rows.one": {"en": "{count} row", "de": "{count} Zeile"},
    "data.rows.other": {"en": "{count} rows", "de": "{count} Zeilen"},
    "data.history.undo_yes_counted": {"en": "Yes, undo and remove {rows}", "de": "Ja, rückgängig machen und {rows} entfernen"},
    "data.import.failed": {
        "en": "{file} was not imported; nothing was stored.",
        "de": "{file} wurde nicht importiert; nichts wurde gespeichert.",
    },
    "data.import.done": {
        "en": "Imported {file}: {read} rows read, {inserted} values new, {updated} updated, {unchanged} unchanged.",
        "de": "{file} importiert: {read} Zeilen gelesen, {inserted} Werte neu, {updated} geändert, {unchanged} unverändert.",
    },
    "data.import.more_charts.one": {
        "en": "One more metric imported; see the table below.",
        "de": "Eine weitere Kennzahl importiert; siehe Tabelle unten.",
    },
    "data.import.more_charts.other": {
        "en": "{count} more metrics imported; see the table below.",
        "de": "{count} weitere Kennzahlen importiert; siehe Tabelle unten.",
    },
    "data.history.state": {"en": "State", "de": "Status"},
    "data.history.active": {"en": "active", "de": "aktiv"},
    "data.history.undone_at": {"en": "undone {when}", "de": "rückgängig gemacht {when}"},
    "data.history.undo_pick": {"en": "Import to undo", "de": "Import zum Rückgängigmachen"},
    "data.history.undo": {"en": "Undo import", "de": "Import rückgängig machen"},
    "data.history.undo_confirm": {
        "en": "Undo {file}? This removes the {inserted} rows it added and puts back the previous values of the {updated} rows it changed. What later work still uses (a team or metric) is kept.",
        "de": "{file} rückgängig machen? Das entfernt die {inserted} Zeilen, die der Import hinzugefügt hat, und stellt die früheren Werte der {updated} geänderten Zeilen wieder her. Was spätere Arbeit noch verwendet (ein Team oder eine Kennzahl), bleibt erhalten.",
    },
    "data.history.undo_yes": {
        "en": "Yes, undo and remove {inserted} rows",
        "de": "Ja, rückgängig machen und {inserted} Zeilen entfernen",
    },
    "data.history.undone": {
        "en": "Undid {file}: {deleted} rows removed, {restored} previous values restored.",
        "de": "{file} rückgängig gemacht: {deleted} Zeilen entfernt, {restored} frühere Werte wiederhergestellt.",
    },
    "data.history.undo_failed": {
        "en": "{file} was already undone or no longer exists.",
        "de": "{file} wurde bereits rückgängig gemacht oder existiert nicht mehr.",
    },
    "data.templates.title": {"en": "Templates", "de": "Vorlagen"},
    "data.templates.caption": {
        "en": "Each template has a filled example row and a second sheet listing the accepted column names.",
        "de": "Jede Vorlage hat eine ausgefüllte Beispielzeile und ein zweites Blatt mit den akzeptierten Spaltennamen.",
    },
    "data.templates.metrics": {"en": "Metric values (long)", "de": "Kennzahlwerte (lang)"},
    "data.templates.metrics_wide": {"en": "Metric values (wide)", "de": "Kennzahlwerte (breit)"},
    "data.templates.metric_definitions": {"en": "Metric definitions", "de": "Kennzahl-Definitionen"},
    "data.templates.outputs": {"en": "Outputs", "de": "Outputs"},
    "data.templates.objectives": {"en": "Objectives", "de": "Ziele"},
    "data.templates.key_results": {"en": "Key results", "de": "Key Results"},
    "data.templates.hypotheses": {"en": "Hypotheses", "de": "Hypothesen"},
    "data.templates.example": {"en": "Example export to try", "de": "Beispiel-Export zum Ausprobieren"},
    "data.upload.drop": {"en": "Drag and drop files here", "de": "Dateien hierher ziehen"},
    "data.upload.button": {"en": "Upload", "de": "Hochladen"},
    "data.upload.limit": {"en": "Excel, OpenDocument, CSV or TSV", "de": "Excel, OpenDocument, CSV oder TSV"},
    "import.expected.long_columns": {"en": "date, metric, value", "de": "Datum, Kennzahl, Wert"},
    "data.upload.team": {"en": "Team for imported outputs and objectives", "de": "Team für importierte Outputs und Ziele"},
    "data.upload.team_from_file": {"en": "As named in the file", "de": "Wie in der Datei angegeben"},
    "data.upload.team_help": {
        "en": "Tracker exports (Jira, Linear) often name no team: pick the team they belong to. Rows that name a team keep it.",
        "de": "Tracker-Exporte (Jira, Linear) nennen oft kein Team: Wählen Sie das Team, zu dem sie gehören. Zeilen mit einem Team behalten es.",
    },
    "data.skipped.summary.one": {"en": "1 table skipped: {names}", "de": "1 Tabelle übersprungen: {names}"},
    "data.skipped.summary.other": {"en": "{count} tables skipped: {names}", "de": "{count} Tabellen übersprungen: {names}"},
    "data.skipped.help": {
        "en": "These tables have no time axis (breakdowns by channel, country or event, empty tables). Open to import one anyway by naming its date column.",
        "de": "Diese Tabellen haben keine Zeitachse (Aufschlüsselungen nach Kanal, Land oder Ereignis, leere Tabellen). Öffnen, um eine trotzdem zu importieren, indem Sie ihre Datumsspalte angeben.",
    },
    "data.notes.title.one": {"en": "1 note about this file", "de": "1 Hinweis zu dieser Datei"},
    "data.notes.title.other": {"en": "{count} notes about this file", "de": "{count} Hinweise zu dieser Datei"},
    "data.import.counts.outputs": {
        "en": "{file}: {inserted} outputs added, {updated} updated, {unchanged} unchanged ({read} rows read).",
        "de": "{file}: {inserted} Outputs hinzugefügt, {updated} aktualisiert, {unchanged} unverändert ({read} Zeilen gelesen).",
    },
})

# Labels of the kinds of sheet (each kind names its `label_key`) and of whole-workspace and demo imports.
KIND_LABELS = {
    "metrics": ("Metric values", "Kennzahlwerte"),
    "metric_definitions": ("Metric definitions", "Kennzahl-Definitionen"),
    "outputs": ("Outputs", "Outputs"),
    "objectives": ("Objectives", "Ziele"),
    "key_results": ("Key results", "Key Results"),
    "hypotheses": ("Hypotheses", "Hypothesen"),
    "workspace": ("Workspace", "Arbeitsbereich"),
    "demo": ("Demo workspace", "Demo-Arbeitsbereich"),
}
for _kind, (_en, _de) in KIND_LABELS.items():
    MESSAGES[f"data.kindlabel.{_kind}"] = {"en": _en, "de": _de}
