"""Texts: the workspace workbook (download and command line), check-in and learning sheets."""

MESSAGES = {
    # importing check-ins
    "data.kindlabel.check_ins": {"en": "Check-ins", "de": "Check-ins"},
    "data.templates.check_ins": {"en": "Check-ins", "de": "Check-ins"},
    "import.problem.check_ins_unknown_key_result": {
        "en": "There is no key result “{found}” (neither in the workspace nor in a key-results sheet of this file).",
        "de": "Es gibt kein Key Result „{found}“ (weder im Arbeitsbereich noch in einem Key-Result-Blatt "
              "dieser Datei).",
    },
    "import.problem.check_ins_bad_confidence": {
        "en": "Confidence “{found}” is not a whole number from 0 to 10.",
        "de": "Die Zuversicht „{found}“ ist keine ganze Zahl von 0 bis 10.",
    },
    "import.problem.check_ins_empty": {
        "en": "A check-in needs a value or a confidence.",
        "de": "Ein Check-in braucht einen Wert oder eine Zuversicht.",
    },
    "data.role.check_ins_objective": {"en": "objective", "de": "Ziel"},
    "data.role.check_ins_key_result": {"en": "key result", "de": "Key Result"},
    "data.role.check_ins_period": {"en": "quarter", "de": "Quartal"},
    "data.role.check_ins_date": {"en": "date", "de": "Datum"},
    "data.role.check_ins_value": {"en": "value", "de": "Wert"},
    "data.role.check_ins_confidence": {"en": "confidence", "de": "Zuversicht"},
    "data.role.check_ins_comment": {"en": "comment", "de": "Kommentar"},
    "import.problem.okr_unknown_carried_from": {
        "en": "There is no objective “{found}” to carry over from (neither in this sheet nor in the workspace).",
        "de": "Es gibt kein Ziel „{found}“, aus dem übernommen werden kann (weder in diesem Blatt noch im "
              "Arbeitsbereich).",
    },
    "data.role.carried_from": {"en": "carried from", "de": "übernommen aus"},
    # importing learnings
    "data.kindlabel.learnings": {"en": "Learnings", "de": "Erkenntnisse"},
    "data.templates.learnings": {"en": "Learnings", "de": "Erkenntnisse"},
    "import.problem.learnings_missing_columns": {
        "en": "This learnings sheet lacks required columns: {expected} (found: {found}).",
        "de": "Diesem Erkenntnisse-Blatt fehlen Pflichtspalten: {expected} (gefunden: {found}).",
    },
    "import.problem.learnings_unknown_hypothesis": {
        "en": "Unknown hypothesis: {found}. Import the hypotheses first, or write the statement as it is stored.",
        "de": "Unbekannte Hypothese: {found}. Importieren Sie zuerst die Hypothesen, oder schreiben Sie die Aussage so, "
              "wie sie gespeichert ist.",
    },
    "import.problem.learnings_too_long": {
        "en": "“{found}” is too long for this column.",
        "de": "„{found}“ ist zu lang für diese Spalte.",
    },
    "data.role.learnings_title": {"en": "learning", "de": "Erkenntnis"},
    "data.role.learnings_team": {"en": "team", "de": "Team"},
    "data.role.learnings_believed": {"en": "believed", "de": "angenommen"},
    "data.role.learnings_happened": {"en": "happened", "de": "passiert"},
    "data.role.learnings_next_time": {"en": "next time", "de": "nächstes Mal"},
    "data.role.learnings_status": {"en": "status", "de": "Status"},
    "data.role.learnings_supports": {"en": "supported by", "de": "gestützt von"},
    "data.role.learnings_contradicts": {"en": "contradicted by", "de": "widerlegt durch"},
    "data.role.hypotheses_learning": {"en": "learning note", "de": "Notiz zur Erkenntnis"},
    # the workspace workbook
    "export.workspace.title": {"en": "Workspace workbook", "de": "Arbeitsbereich als Arbeitsmappe"},
    "export.workspace.caption": {
        "en": "Every metric with its values, the outputs, objectives, key results, check-ins, hypotheses and "
              "learnings in the import format: importing the file into an empty workspace gives this one back.",
        "de": "Alle Kennzahlen mit ihren Werten, die Outputs, Ziele, Key Results, Check-ins, Hypothesen und "
              "Erkenntnisse im Importformat: Importieren Sie die Datei in einen leeren Arbeitsbereich, erhalten Sie "
              "diesen zurück.",
    },
    "export.workspace.download": {
        "en": "Download the whole workspace (.xlsx)",
        "de": "Den ganzen Arbeitsbereich herunterladen (.xlsx)",
    },
    "export.workspace.help": {
        "en": "The workbook is built when you click; for a large workspace this takes a few seconds.",
        "de": "Die Arbeitsmappe wird beim Klick erstellt; bei einem großen Arbeitsbereich dauert das einige Sekunden.",
    },
    "export.error.unknown_team": {
        "en": "There is no team “{team}”; teams: {teams}",
        "de": "Es gibt kein Team „{team}“; Teams: {teams}",
    },
    "export.error.bad_period": {
        "en": "--period must look like 2026-Q4, not “{period}”",
        "de": "--period muss wie 2026-Q4 aussehen, nicht „{period}“",
    },
    "export.error.unknown_format": {
        "en": "Unknown format “{format}”; formats: {formats}",
        "de": "Unbekanntes Format „{format}“; Formate: {formats}",
    },
    "export.error.cannot_write": {
        "en": "Cannot write {path}: {reason}",
        "de": "{path} kann nicht geschrieben werden: {reason}",
    },
    "export.written": {
        "en": "Wrote {path} ({size} KB).",
        "de": "{path} geschrieben ({size} KB).",
    },
}
