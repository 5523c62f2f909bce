"""Database set-up: the schema check shown by every page and printed by the command line."""

MESSAGES = {
    "db.schema.empty": {
        "en": "The database is not set up yet: run `python -m dashboard db upgrade`.",
        "de": "Die Datenbank ist noch nicht eingerichtet: Führen Sie `python -m dashboard db upgrade` aus.",
    },
    "db.schema.behind": {
        "en": "The database schema (revision {revision}) is older than this version of the app expects "
              "({head}): run `python -m dashboard db upgrade`.",
        "de": "Das Datenbankschema (Revision {revision}) ist älter, als diese Version der App erwartet "
              "({head}): Führen Sie `python -m dashboard db upgrade` aus.",
    },
    "db.schema.unversioned": {
        "en": "The database holds this app's tables but no record of their schema revision (no alembic_version "
              "table), so `python -m dashboard db upgrade` cannot tell what to change. Point DATABASE_URL at "
              "the database the app set up, or at an empty one.",
        "de": "Die Datenbank enthält Tabellen dieser App, aber keinen Eintrag zu ihrer Schema-Revision (keine "
              "Tabelle alembic_version), daher kann `python -m dashboard db upgrade` nicht erkennen, was zu "
              "ändern ist. Richten Sie DATABASE_URL auf die Datenbank, die die App eingerichtet hat, oder auf "
              "eine leere.",
    },
    "db.schema.unknown": {
        "en": "The database was made by a newer version of the app (schema revision {revision}; this version "
              "knows up to {head}). Run that newer version, or restore a backup made with this one.",
        "de": "Die Datenbank wurde von einer neueren Version der App angelegt (Schema-Revision {revision}; "
              "diese Version kennt bis {head}). Verwenden Sie die neuere Version oder stellen Sie eine mit "
              "dieser Version erstellte Sicherung wieder her.",
    },
    "db.schema.reload": {
        "en": "Then reload this page.",
        "de": "Laden Sie die Seite danach neu.",
    },
    "db.schema.current": {
        "en": "The database schema is up to date (revision {head}).",
        "de": "Das Datenbankschema ist aktuell (Revision {head}).",
    },
}
