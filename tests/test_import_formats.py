"""Every metric shape imports to the same rows; re-import is idempotent; changes are logged and undoable."""

from __future__ import annotations

import io
from datetime import date

import pytest
import xlsxwriter
from sqlalchemy import text
from sqlmodel import Session

from dashboard.importers.service import analyse, import_file
from dashboard.importers.store import UndoError, undo_import


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, fmt)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _values(engine) -> set[tuple]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT m.name, v.date, v.segment, v.value FROM metric_value v JOIN metric m ON m.id = v.metric_id"
        )).all()
    return {(name, str(day)[:10], segment, value) for name, day, segment, value in rows}


def _metric_units(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT name, unit FROM metric")).all())


EXPECTED = {
    ("Visits", "2026-11-02", "", 1234.5),
    ("Visits", "2026-11-09", "", 1300.0),
    ("Activation", "2026-11-02", "", 15.0),
    ("Activation", "2026-11-09", "", 16.5),
}

SHAPES = {
    "long_csv": (b"date,metric,value,unit\n2026-11-02,Visits,\"1,234.5\",\n2026-11-09,Visits,1300,\n"
                 b"2026-11-02,Activation,15 %,\n2026-11-09,Activation,16.5%,\n", "long.csv"),
    "long_german_csv": (("Datum;Kennzahl;Wert\n02.11.2026;Visits;1.234,5\n09.11.2026;Visits;1.300\n"
                         "02.11.2026;Activation;15 %\n09.11.2026;Activation;16,5 %\nSumme;;2.550,5\n"
                         ).encode("cp1252"), "lang.csv"),
    "wide_down_xlsx": (_xlsx({"Data": [["Week", "Visits", "Activation %"],
                                       [date(2026, 11, 2), 1234.5, 15], [date(2026, 11, 9), 1300, 16.5],
                                       ["Total", 2534.5, None]]}), "wide.xlsx"),
    "wide_across_xlsx": (_xlsx({"Plan": [["KPI", date(2026, 11, 2), date(2026, 11, 9)],
                                         ["Visits", 1234.5, 1300], ["Activation %", "15 %", "16.5 %"],
                                         ["Gesamt", None, None]]}), "across.xlsx"),
    "wide_across_text_dates_tsv": (b"Metric\t2026-11-02\t2026-11-09\nVisits\t1,234.5\t1,300\n"
                                   b"Activation\t15%\t16.5%\n", "across.tsv"),
    "excel_serial_dates_and_title_rows": (_xlsx({"S": [["Weekly numbers"], [], ["date", "metric", "value"],
                                                       [46328, "Visits", 1234.5], [46335, "Visits", 1300],
                                                       [46328, "Activation", "15%"],
                                                       ["09.11.2026", "Activation", "16,5%"]]}), "serial.xlsx"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_imports_the_same_values(engine, shape):
    data, name = SHAPES[shape]
    _, outcome = import_file(data, name, engine=engine, user="ada")
    assert outcome.ok, outcome.problems
    assert _values(engine) == EXPECTED
    assert outcome.counts["inserted"] == 4
    assert _metric_units(engine)["Activation"] == "%"  # 15 % is stored as 15.0 in a % metric


def test_date_dimension_and_numeric_columns_become_segments(engine):
    data = _xlsx({"This Week": [["date", "name", "calls", "demos"], ["Mar 25, 2024", "Ana", "1", "0"],
                                ["Mar 25, 2024", "Ben", "4", "2"]]})
    _, outcome = import_file(data, "tracker.xlsx", engine=engine, user="ada")
    assert outcome.ok
    assert _values(engine) == {("calls", "2024-03-25", "Ana", 1.0), ("calls", "2024-03-25", "Ben", 4.0),
                               ("demos", "2024-03-25", "Ana", 0.0), ("demos", "2024-03-25", "Ben", 2.0)}


def test_reimport_changes_nothing_and_a_changed_value_is_updated_and_undoable(engine):
    first = b"date,metric,value\n2026-11-02,Visits,100\n2026-11-09,Visits,110\n"
    _, one = import_file(first, "v.csv", engine=engine, user="ada")
    _, again = import_file(first, "v.csv", engine=engine, user="ada")
    assert again.counts == {"read": 2, "inserted": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    changed = b"date,metric,value\n2026-11-02,visits,100\n2026-11-09,VISITS,120\n2026-11-16,Visits,130\n"
    _, two = import_file(changed, "v2.csv", engine=engine, user="bo")
    assert (two.counts["inserted"], two.counts["updated"], two.counts["unchanged"]) == (1, 1, 1)
    with engine.connect() as conn:
        old = conn.execute(text("SELECT old_value, old_import_id FROM metric_value_change")).one()
        assert tuple(old) == (110.0, one.import_id)
        assert conn.execute(text("SELECT COUNT(*) FROM metric")).scalar_one() == 1  # matched ignoring case
    undo_import(engine=engine, import_id=two.import_id, user="ada")
    assert _values(engine) == {("Visits", "2026-11-02", "", 100.0), ("Visits", "2026-11-09", "", 110.0)}
    with engine.connect() as conn:
        owner = conn.execute(text("SELECT DISTINCT import_id FROM metric_value")).scalars().all()
        assert owner == [one.import_id]  # the restored value remembers the import that set it
    with pytest.raises(UndoError):
        undo_import(engine=engine, import_id=two.import_id, user="ada")
    undo_import(engine=engine, import_id=one.import_id, user="ada")
    assert _values(engine) == set()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM metric")).scalar_one() == 0
        batches = conn.execute(text("SELECT id, undone_by FROM import_batch ORDER BY id")).all()
    assert [b[1] for b in batches] == ["ada", None, "ada"]


def test_undo_keeps_a_created_metric_that_later_imports_use(engine):
    _, one = import_file(b"date,metric,value\n2026-11-02,Visits,1\n", "a.csv", engine=engine, user="ada")
    import_file(b"date,metric,value\n2026-11-03,Visits,2\n", "b.csv", engine=engine, user="ada")
    undo_import(engine=engine, import_id=one.import_id, user="ada")
    assert _values(engine) == {("Visits", "2026-11-03", "", 2.0)}


def test_metric_definitions_insert_update_and_undo(engine):
    import_file(b"date,metric,value\n2026-11-02,Churn rate,3\n", "v.csv", engine=engine, user="ada")
    defs = b"metric,unit,direction,aggregation,kind\nchurn rate,%,lower is better,Mittelwert,Leitplanke\nNPS,count,up,,\n"
    _, outcome = import_file(defs, "defs.csv", engine=engine, user="ada")
    assert outcome.ok and (outcome.counts["inserted"], outcome.counts["updated"]) == (1, 1)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT unit, direction, kind FROM metric WHERE name = 'Churn rate'")).one()
    assert tuple(row) == ("%", "down", "guardrail")
    undo_import(engine=engine, import_id=outcome.import_id, user="ada")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT unit, direction, kind FROM metric WHERE name = 'Churn rate'")).one()
        names = conn.execute(text("SELECT name FROM metric")).scalars().all()
    # back to what the values import proposed: a rate between 0 and 100 is a percentage
    assert tuple(row) == ("%", "up", "kpi") and names == ["Churn rate"]


def test_definitions_with_unknown_words_are_refused(sqlite_engine):
    _, outcome = import_file(b"metric,unit,direction\nNPS,count,sideways\n", "d.csv", engine=sqlite_engine,
                             user="ada")
    [problem] = outcome.problems
    assert (problem.row, problem.column, problem.code, problem.found) == (2, "direction", "invalid_choice", "sideways")


def test_ambiguous_date_order_is_asked_and_the_choice_is_remembered(sqlite_engine):
    data = b"date,metric,value\n03/04/2026,Visits,1\n05/06/2026,Visits,2\n"
    analysis = analyse(data, "us.csv")
    [prepared] = analysis.prepared
    assert "date_order" in prepared.unsure
    choice = {"": {"date_order": "DMY"}}
    _, outcome = import_file(data, "us.csv", engine=sqlite_engine, user="ada", choices=choice)
    assert outcome.ok
    assert _values(sqlite_engine) == {("Visits", "2026-04-03", "", 1.0), ("Visits", "2026-06-05", "", 2.0)}
    with Session(sqlite_engine) as session:
        again = analyse(b"date,metric,value\n07/08/2026,Visits,3\n", "next.csv", session=session)
    [plan] = again.plans
    assert plan.remembered and plan.prepared.unsure == []
    assert plan.prepared.rows[0][1] == date(2026, 8, 7)


def test_workspace_sheets_import_in_dependency_order_in_one_transaction(engine):
    data = _xlsx({
        "Cover": [["Our numbers"]],
        "Values": [["date", "metric", "value"], [date(2026, 11, 2), "NPS", 41]],
        "Definitions": [["metric", "unit", "direction"], ["NPS", "points", "up"]],
    })
    analysis, outcome = import_file(data, "workspace.xlsx", engine=engine, user="ada")
    assert outcome.ok and analysis.kind == "metrics"
    assert _metric_units(engine) == {"NPS": "points"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM import_batch")).scalar_one() == 1


def _register_team_kind():
    """A tiny kind written the way other kinds use the store helpers (insert + update logged)."""
    from sqlalchemy import select, update

    from dashboard.importers.registry import Kind, Prepared, register
    from dashboard.models import Team

    def detect(table):
        return 1.0 if table.header[:2] == ["zz_team", "zz_archived"] else 0.0

    def prepare(table, ctx):
        rows = [(str(c[0]), str(c[1]) == "yes") for _, c in table.rows]
        return Prepared(kind="test-teams", sheet=table.sheet, rows=rows, rows_read=len(rows))

    def write(prepared, rec):
        t = Team.__table__
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        for name, archived in prepared.rows:
            old = rec.conn.execute(select(t.c.id, t.c.archived, t.c.updated_at).where(t.c.name == name)).first()
            if old is None:
                rec.record_inserts("team", rec.insert_returning_ids("team", [{"name": name, "archived": archived,
                                                                              **rec.audit()}]))
                counts["inserted"] += 1
            else:
                rec.record_update("team", old.id, {"archived": old.archived, "updated_at": old.updated_at})
                rec.conn.execute(update(t).where(t.c.id == old.id).values(archived=archived, updated_at=rec.now))
                counts["updated"] += 1
        return counts

    register(Kind(name="test-teams", order=5, detect=detect, prepare=prepare, write=write))


def test_generic_change_log_undoes_inserts_and_restores_updates(engine):
    _register_team_kind()
    from dashboard.importers.registry import KINDS

    try:
        _, one = import_file(b"zz_team,zz_archived\nGrowth,no\n", "t1.csv", engine=engine, user="ada")
        _, two = import_file(b"zz_team,zz_archived\nGrowth,yes\nCore,no\n", "t2.csv", engine=engine, user="ada")
        assert one.ok and two.ok and (two.counts["inserted"], two.counts["updated"]) == (1, 1)
        undo_import(engine=engine, import_id=two.import_id, user="ada")
        with engine.connect() as conn:
            teams = conn.execute(text("SELECT name, archived FROM team ORDER BY name")).all()
        assert [tuple(t) for t in teams] == [("Growth", False)]
    finally:
        KINDS.pop("test-teams", None)


def test_ods_and_xlsm_workbooks(sqlite_engine, tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"date": pd.to_datetime(["2026-11-02", "2026-11-09"]), "Visits": [1234.5, 1300.0]})
    ods = tmp_path / "numbers.ods"
    frame.to_excel(ods, engine="odf", index=False)
    _, outcome = import_file(ods.read_bytes(), "numbers.ods", engine=sqlite_engine, user="ada")
    assert outcome.ok, outcome.problems
    assert _values(sqlite_engine) == {("Visits", "2026-11-02", "", 1234.5), ("Visits", "2026-11-09", "", 1300.0)}
    xlsm = SHAPES["wide_down_xlsx"][0]
    _, outcome = import_file(xlsm, "macro.xlsm", engine=sqlite_engine, user="ada")
    assert outcome.ok and outcome.counts["unchanged"] == 2


def test_percent_formatted_excel_cells_are_stored_as_percent_numbers(engine):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    pct, day = book.add_format({"num_format": "0.0%"}), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("KPIs")
    sheet.write_row(0, 0, ["date", "Activation rate", "Signups"])
    for r, (d, rate, signups) in enumerate([(date(2026, 11, 2), 0.415, 120), (date(2026, 11, 9), 0.43, 131)], 1):
        sheet.write_datetime(r, 0, d, day)
        sheet.write_number(r, 1, rate, pct)
        sheet.write_number(r, 2, signups)
    book.close()
    _, outcome = import_file(buffer.getvalue(), "kpis.xlsx", engine=engine, user="ada")
    assert outcome.ok
    assert _values(engine) == {("Activation rate", "2026-11-02", "", 41.5), ("Activation rate", "2026-11-09", "", 43.0),
                               ("Signups", "2026-11-02", "", 120.0), ("Signups", "2026-11-09", "", 131.0)}
    assert _metric_units(engine) == {"Activation rate": "%", "Signups": "count"}
