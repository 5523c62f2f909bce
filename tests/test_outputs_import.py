"""Outputs importer: every tracker format, repeated columns, date forms, update by key, undo, bad files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import TEST_DATA
from sqlmodel import Session, select

from dashboard.i18n import use_language
from dashboard.importers.kinds.outputs import _date, _key_from_url
from dashboard.importers.problems import note_text, problem_lines
from dashboard.importers.service import import_file
from dashboard.importers.store import undo_import
from dashboard.models import ImportBatch, ImportChange, Output, Team

DATA = TEST_DATA / "outputs"


def load(engine, name: str, **kw):
    path = DATA / name
    return import_file(path.read_bytes(), path.name, engine=engine, user="pm@example.com", **kw)


def outputs(engine) -> dict[str, Output]:
    with Session(engine) as s:
        return {o.key: o for o in s.exec(select(Output))}


def team_names(engine) -> dict[int, str]:
    with Session(engine) as s:
        return {t.id: t.name for t in s.exec(select(Team))}


# file, rows stored, shipped, one key with (title, shipped_on, team, type)
FORMATS = [
    ("jira-cloud_all-fields_en.csv", 7, 5, "GRO-102", ("Signup form keeps e-mail after going back",
                                                      date(2026, 1, 3), "Growth Squad", "Bug")),
    ("jira-server_all-fields_fr.csv", 4, 3, "FAC-12", ("Export PDF des factures", date(2016, 10, 19),
                                                      "Facturation", "Story")),
    ("jira-cloud_de.csv", 5, 4, "KERN-9", ("Ladezeit der Übersicht halbieren", date(2026, 3, 14), "Kernprodukt",
                                          "Aufgabe")),
    ("jira-server_excel-export.xls", 3, 2, "WEB-13", ("Cart total rounds wrong & shows € twice", date(2026, 11, 24),
                                                     "Web Shop", "Bug")),
    ("linear_export.csv", 5, 3, "MON-42", ("Seat-based upsell prompt", date(2024, 6, 7), "Monetization", "feature")),
    ("azure-devops_data.csv", 4, 3, "1202", ("Legend overlaps axis", date(2026, 11, 3), "Reporting", "Bug")),
    ("azure-devops_data_de-locale.csv", 4, 3, "1201", ("Export to PowerPoint", date(2026, 11, 24), "Reporting",
                                                      "User Story")),
    ("github-project.tsv", 3, 2, "acme/app#311", ("Crash when exporting empty chart", date(2026, 9, 22), None,
                                                 "feature")),
    ("jira-server_current-fields_hoinc-minimal.csv", 64, 0, "HOINC-1962", ("Wysiwyg images freeze text in IE", None,
                                                                          None, "Bug")),
]


@pytest.mark.parametrize(("name", "stored", "shipped", "key", "expected"), FORMATS, ids=[f[0] for f in FORMATS])
def test_each_format_is_recognised_and_stored(engine, name, stored, shipped, key, expected):
    analysis, outcome = load(engine, name)  # no --kind: recognised from the header
    assert outcome.ok, problem_lines(outcome.problems)
    assert analysis.kind == "outputs"
    assert outcome.counts["inserted"] == stored
    rows = outputs(engine)
    assert len(rows) == stored and sum(1 for o in rows.values() if o.shipped_on) == shipped
    out = rows[key]
    teams = team_names(engine)
    assert (out.title, out.shipped_on, teams.get(out.team_id), out.type) == expected
    assert out.import_id == outcome.import_id


def test_repeated_and_multi_value_columns_become_lists(engine):
    load(engine, "jira-cloud_all-fields_en.csv")
    rows = outputs(engine)
    gro101 = rows["GRO-101"]
    assert gro101.labels == ["onboarding", "activation"]
    assert gro101.sprints == ["GRO Sprint 12", "GRO Sprint 13"]
    assert gro101.fix_versions == ["2025.12"] and gro101.components == ["Onboarding", "Web"]
    assert rows["GRO-105"].sprints == ["GRO Sprint 15", "GRO Sprint 16", "GRO Sprint 17", "GRO Sprint 18"]
    assert rows["GRO-103"].fix_versions == ["2026.1", "2026.2"]
    load(engine, "linear_export.csv")
    load(engine, "azure-devops_data.csv")
    rows = outputs(engine)
    assert rows["MON-45"].labels == ["Feature", "Billing"]  # one cell, comma separated
    assert rows["1201"].labels == ["export", "review"]  # one cell, semicolon separated


def test_jira_status_category_done_without_resolved_uses_status_category_changed(engine):
    _, outcome = load(engine, "jira-cloud_all-fields_en.csv")
    rows = outputs(engine)
    assert rows["GRO-103"].shipped_on == date(2026, 1, 15)
    assert rows["GRO-104"].shipped_on is None and rows["GRO-107"].shipped_on is None  # not done
    assert rows["GRO-106"].shipped_on == date(2026, 3, 1)  # 12:15 AM stays on the same day
    codes = {n["code"]: n for n in outcome.notes}
    assert codes["outputs_not_shipped"]["count"] == 2
    assert codes["outputs_done_by_status_category"]["count"] == 1


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("22/Dec/25 2:38 PM", "DMY", date(2025, 12, 22)),
        ("19/oct./16 10:36 AM", "DMY", date(2016, 10, 19)),
        ("3/févr./17 11:00 AM", "DMY", date(2017, 2, 3)),
        ("5/Mär/26 4:15 PM", "DMY", date(2026, 3, 5)),
        ("14/März/26 11:00 AM", "DMY", date(2026, 3, 14)),
        ("1/Okt./26 9:00 AM", "DMY", date(2026, 10, 1)),
        ("Tue May 14 2024 08:53:33 GMT+0000 (GMT)", "DMY", date(2024, 5, 14)),
        ("Fri Jun 07 2024 17:20:05 GMT+0200 (Central European Summer Time)", "DMY", date(2024, 6, 7)),
        ("11/3/2026 9:05:00 AM", "MDY", date(2026, 11, 3)),
        ("24.11.2026 15:12", "DMY", date(2026, 11, 24)),
        ("2026-09-18", "DMY", date(2026, 9, 18)),
        ("32/Foo/25 2:38 PM", "DMY", None),
    ],
)
def test_date_forms(text, order, expected):
    assert _date(text, order) == expected


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://github.com/acme/app/issues/310", "acme/app#310"),
        ("https://github.com/acme/app/pull/320", "acme/app#320"),
        ("https://gitlab.com/group/sub/app/-/issues/12", "sub/app#12"),
        ("https://example.com/wiki/page", ""),
    ],
)
def test_keys_from_item_urls(url, key):
    assert _key_from_url(url) == key


def test_us_dates_are_decided_by_the_whole_column(engine):
    # 11/3/2026 alone could be 11 March; 11/24/2026 in the same column makes the column month-first.
    load(engine, "azure-devops_data.csv")
    assert outputs(engine)["1202"].shipped_on == date(2026, 11, 3)


def test_reimport_updates_by_key_and_undo_restores(engine):
    _, first = load(engine, "jira-cloud_all-fields_en.csv")
    _, again = load(engine, "jira-cloud_all-fields_en.csv")
    assert again.counts | {"read": 0} == {"read": 0, "inserted": 0, "updated": 0, "unchanged": 7, "rejected": 0}
    _, newer = load(engine, "jira-cloud_all-fields_en_newer.csv")
    assert (newer.counts["inserted"], newer.counts["updated"], newer.counts["unchanged"]) == (2, 2, 5)
    rows = outputs(engine)
    assert len(rows) == 9  # nothing duplicated
    # Resolved as "Won't Do": closed, but nothing shipped.
    assert (rows["GRO-109"].status, rows["GRO-109"].shipped_on) == ("Done", None)
    assert any(n["code"] == "outputs_closed_unshipped" and n["count"] == 1 for n in newer.notes)
    assert (rows["GRO-104"].status, rows["GRO-104"].shipped_on) == ("Done", date(2026, 4, 2))
    assert rows["GRO-107"].title == "Backlog grooming notes (split)"
    assert rows["GRO-104"].import_id == newer.import_id
    assert len(team_names(engine)) == 1

    undo_import(engine=engine, import_id=newer.import_id, user="pm@example.com")
    rows = outputs(engine)
    assert "GRO-108" not in rows and "GRO-109" not in rows and len(rows) == 7
    assert (rows["GRO-104"].status, rows["GRO-104"].shipped_on) == ("In Progress", None)
    assert rows["GRO-107"].title == "Backlog grooming notes"
    assert rows["GRO-104"].import_id == first.import_id
    undo_import(engine=engine, import_id=first.import_id, user="pm@example.com")
    assert outputs(engine) == {} and team_names(engine) == {}


def test_repeated_columns_renamed_by_pandas_are_still_lists(engine):
    data = (b"Issue key,Summary,Resolved,Sprint,Sprint.1,Sprint.2,Labels,Labels.1\n"
            b"GRO-1,Checklist,22/Dec/25 2:38 PM,S1,S2,,a,b\n")
    _, outcome = import_file(data, "renamed.csv", engine=engine, user="u")
    assert outcome.ok
    out = outputs(engine)["GRO-1"]
    assert (out.sprints, out.labels, out.shipped_on) == (["S1", "S2"], ["a", "b"], date(2025, 12, 22))


def test_hand_made_workbook_with_excel_dates_and_a_cover_sheet(engine, tmp_path):
    from datetime import datetime
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Release log, Growth team"
    sheet = book.create_sheet("Releases")
    sheet.append(["Release log Q4"])  # a title row above the header
    sheet.append([])
    sheet.append(["ID", "Titel", "Typ", "Team", "Done date"])
    sheet.append(["REL-1", "Neues Onboarding", "release", "Growth", datetime(2026, 11, 24, 15, 12)])
    sheet.append(["REL-2", "Preisseite", "release", "Growth", None])
    sheet.append(["Summe", 2, None, None, None])  # a totals row is not an output
    buffer = BytesIO()
    book.save(buffer)
    _, outcome = import_file(buffer.getvalue(), "releases.xlsx", engine=engine, user="u", kind="outputs")
    assert outcome.ok, problem_lines(outcome.problems)
    rows = outputs(engine)
    assert (rows["REL-1"].shipped_on, rows["REL-2"].shipped_on) == (date(2026, 11, 24), None)
    assert sorted(rows) == ["REL-1", "REL-2"]
    assert set(team_names(engine).values()) == {"Growth"}


def test_reimport_without_date_column_keeps_ship_dates(engine):
    load(engine, "jira-cloud_all-fields_en.csv")
    data = b"Issue key,Summary,Status\nGRO-101,Guided onboarding checklist,Done\nGRO-200,New thing,Open\n"
    _, outcome = import_file(data, "current-fields.csv", engine=engine, user="u", kind="outputs")
    assert outcome.ok and outcome.counts["inserted"] == 1 and outcome.counts["unchanged"] == 1
    rows = outputs(engine)
    assert rows["GRO-101"].shipped_on == date(2025, 12, 22) and rows["GRO-101"].team_id is not None


def test_export_without_date_column_says_so_plainly(engine):
    _, outcome = load(engine, "jira-server_current-fields_hoinc-minimal.csv", kind="outputs")
    assert outcome.ok and outcome.counts["inserted"] == 64
    assert all(o.shipped_on is None for o in outputs(engine).values())
    note = next(n for n in outcome.notes if n["code"] == "outputs_no_date_column")
    with use_language("en"):
        text = note_text(note)
    assert "none of the 64 outputs has a ship date" in text
    for column in ("Resolved", "Erledigt", "Done date", "Completed", "Closed Date"):
        assert column in text
    with use_language("de"):
        assert "keiner der 64 Outputs ein Lieferdatum" in note_text(note)


def test_team_option_overrides_and_creates_team(engine):
    _, outcome = load(engine, "github-project.tsv", team="Platform")
    assert outcome.ok
    teams = team_names(engine)
    assert list(teams.values()) == ["Platform"]
    assert {teams[o.team_id] for o in outputs(engine).values()} == {"Platform"}
    assert any(n["code"] == "outputs_skipped_drafts" and n["count"] == 1 for n in outcome.notes)
    with Session(engine) as s:
        batch = s.exec(select(ImportBatch)).one()
        logged = {(c.entity, c.action) for c in s.exec(select(ImportChange))}
    assert batch.kind == "outputs" and logged == {("team", "insert"), ("output", "insert")}


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("bad_broken-dates.csv", ["invalid_date", "outputs_missing_key", "outputs_duplicate_key"]),
        ("bad_missing-title.csv", ["outputs_missing_columns"]),
    ],
)
def test_bad_files_are_refused_with_nothing_stored(engine, name, codes):
    load(engine, "jira-cloud_all-fields_en.csv")
    before = {k: (o.title, o.shipped_on) for k, o in outputs(engine).items()}
    _, outcome = load(engine, name, kind="outputs")
    assert not outcome.ok and [p.code for p in outcome.problems] == codes
    with use_language("de"):
        lines = problem_lines(outcome.problems)
    assert all(line.startswith(("Zeile", "row")) for line in lines[:1])
    if name == "bad_broken-dates.csv":
        assert lines[0] == ("Zeile 3, Spalte „Resolved“: „32/Foo/25 2:38 PM“ ist kein Datum; erwartet wird ein "
                            "Datum wie 22/Dec/25 2:38 PM, Tue May 14 2024 08:53:33 GMT+0000, 2026-11-24, "
                            "24.11.2026, 11/24/2026.")
        assert "BAD-1" in lines[2] and "Zeile 2" in lines[2]
    assert {k: (o.title, o.shipped_on) for k, o in outputs(engine).items()} == before
    with Session(engine) as s:
        assert len(s.exec(select(ImportBatch)).all()) == 1


def test_unreadable_file_is_refused(engine):
    _, outcome = import_file(b"PK\x03\x04 not really a workbook", "export.xlsx", engine=engine, user="u",
                             kind="outputs")
    assert not outcome.ok and outcome.problems
    assert outputs(engine) == {}


def test_cli_import_then_outputs_json(tmp_path, monkeypatch, capsys):
    from dashboard import config
    from dashboard.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    config.settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    code = main(["import", str(DATA / "jira-cloud_all-fields_en.csv"), "--kind", "outputs", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] and report["inserted"] == 7 and report["kind"] == "outputs"
    assert "Not done yet, stored without a ship date: 2." in report["notes"]
    assert main(["outputs", "--json"]) == 0
    listed = {o["key"]: o for o in json.loads(capsys.readouterr().out)}
    assert listed["GRO-103"] == {"key": "GRO-103", "title": "Welcome e-mail series", "type": "Story",
                                 "team": "Growth Squad", "status": "Closed", "shipped_on": "2026-01-15"}
    code = main(["import", str(DATA / "bad_broken-dates.csv"), "--kind", "outputs", "--json"])
    assert code == 1 and json.loads(capsys.readouterr().out)["rejected"] == 4
    config.settings.cache_clear()


def test_fixture_files_exist():
    # The real export the issue names is kept next to the built ones.
    assert Path(DATA / "jira-server_current-fields_hoinc-minimal.csv").stat().st_size > 5000


def test_the_apps_own_output_columns_round_trip(engine):
    """A sheet with the app's own column names (as the workspace export writes them) imports unchanged."""
    import csv
    import io

    from dashboard.repository.outputs import outputs_frame

    _, first = load(engine, "jira-cloud_all-fields_en.csv")
    fields = ("title", "type", "status", "shipped_on", "labels", "sprints", "fix_versions", "components")
    before = {o.key: tuple(getattr(o, f) for f in fields) for o in outputs(engine).values()}
    with Session(engine) as s:
        frame = outputs_frame(session=s)
    columns = ["key", "title", "type", "team", "status", "shipped_on", "labels", "sprints", "fix_versions",
               "components", "link"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in frame.to_dict("records"):
        writer.writerow([", ".join(row[c]) if isinstance(row[c], list) else ("" if row[c] is None else row[c])
                         for c in columns])
    undo_import(engine=engine, import_id=first.import_id, user="u")
    assert outputs(engine) == {}
    _, outcome = import_file(buffer.getvalue().encode(), "outputs.csv", engine=engine, user="u")
    assert outcome.ok and outcome.counts["inserted"] == 7
    assert {o.key: tuple(getattr(o, f) for f in fields) for o in outputs(engine).values()} == before
    assert set(team_names(engine).values()) == {"Growth Squad"}


def test_undo_restores_a_changed_ship_date_and_team(engine):
    load(engine, "jira-cloud_all-fields_en.csv")
    data = b"Issue key,Summary,Resolved,Team\nGRO-101,Guided onboarding checklist,23/Dec/25 1:00 PM,Growth\n"
    _, outcome = import_file(data, "fix.csv", engine=engine, user="u", kind="outputs")
    assert outcome.counts["updated"] == 1
    teams = team_names(engine)
    assert (outputs(engine)["GRO-101"].shipped_on, teams[outputs(engine)["GRO-101"].team_id]) == (
        date(2025, 12, 23), "Growth")
    undo_import(engine=engine, import_id=outcome.import_id, user="u")
    out = outputs(engine)["GRO-101"]
    assert (out.shipped_on, team_names(engine)[out.team_id]) == (date(2025, 12, 22), "Growth Squad")
    assert "Growth" not in team_names(engine).values()


def test_the_outputs_template_imports(engine):
    from dashboard.config import PROJECT_ROOT

    path = PROJECT_ROOT / "data" / "templates" / "template-outputs.xlsx"
    _, outcome = import_file(path.read_bytes(), path.name, engine=engine, user="u")
    assert outcome.ok, problem_lines(outcome.problems)
    out = outputs(engine)["APP-1432"]
    assert (out.shipped_on, out.sprints, out.fix_versions, out.labels) == (
        date(2026, 10, 14), ["Sprint 42"], ["2026.10"], ["onboarding", "activation"])
    assert team_names(engine)[out.team_id] == "Growth"
