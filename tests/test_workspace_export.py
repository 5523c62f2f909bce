"""The workspace workbook: exported, imported into an empty database, exported again, the same; formula-looking
text stays text; the command line and the Data page offer it."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select
from test_roles_pages import _hashes, open_as, signed_in_app  # noqa: F401 - fixtures for the Data page test

from dashboard.db import make_engine
from dashboard.exports.workspace import SHEETS, expected_change_text, workspace_workbook
from dashboard.importers.problems import problem_lines
from dashboard.importers.service import import_file
from dashboard.models import (
    CheckIn,
    Hypothesis,
    HypothesisOutput,
    KeyResult,
    KeyResultOutput,
    Learning,
    LearningHypothesis,
    Metric,
    MetricValue,
    Objective,
    ObjectiveParent,
    Output,
    Team,
)

TODAY = date(2026, 11, 24)
HOSTILE = ['=HYPERLINK("http://evil")', "+1+1", "@SUM(A1)", "-x", "=1+2 is a bet", "\tcmd", "\rcmd"]


@pytest.fixture
def demo_engine(tmp_path, demo_db_file):
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_file, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def export(engine, **scope) -> bytes:
    with Session(engine) as session:
        return workspace_workbook(session, TODAY, **scope)


def load(data: bytes, engine, name: str = "workspace.xlsx"):
    analysis, outcome = import_file(data, name, engine=engine, user="cli")
    assert outcome.ok, problem_lines(outcome.problems)
    return analysis, outcome


def cells(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def snapshot(engine) -> dict:
    """Every entity by its natural key, with the fields and links a user sees (ids left out)."""
    with Session(engine) as s:
        teams = {t.id: t.name for t in s.exec(select(Team))}
        metrics = {m.id: m for m in s.exec(select(Metric))}
        name = {i: m.name for i, m in metrics.items()}
        outputs = {o.id: o for o in s.exec(select(Output))}
        objectives = {o.id: o for o in s.exec(select(Objective))}
        krs = {k.id: k for k in s.exec(select(KeyResult))}
        hyps = {h.id: h for h in s.exec(select(Hypothesis))}

        def obj_key(oid):
            return (objectives[oid].title, objectives[oid].period) if oid else None

        def kr_key(kid):
            return (*obj_key(krs[kid].objective_id), krs[kid].title) if kid else None

        parents, kr_out, hyp_out, links = {}, {}, {}, {}
        for p in s.exec(select(ObjectiveParent)):
            parents.setdefault(p.child_id, set()).add(obj_key(p.parent_id))
        for link in s.exec(select(KeyResultOutput)):
            kr_out.setdefault(link.key_result_id, set()).add(outputs[link.output_id].key)
        for link in s.exec(select(HypothesisOutput)):
            hyp_out.setdefault(link.hypothesis_id, set()).add(outputs[link.output_id].key)
        for link in s.exec(select(LearningHypothesis)):
            links.setdefault(link.learning_id, set()).add((hyps[link.hypothesis_id].statement, link.relation))
        return {
            "metrics": {m.name: (m.unit, m.direction, m.aggregation, m.kind, m.description) for m in metrics.values()},
            "values": sorted((name[v.metric_id], v.date, v.segment, v.value) for v in s.exec(select(MetricValue))),
            "outputs": {o.key: (o.title, o.type, teams.get(o.team_id), o.status, o.shipped_on, o.link, o.labels,
                                o.sprints, o.fix_versions, o.components) for o in outputs.values()},
            "objectives": {obj_key(o.id): (teams.get(o.team_id), o.owner, o.status, o.description, o.closing_note,
                                           o.aligned_to_north_star, parents.get(o.id, set()), obj_key(o.carried_from_id))
                           for o in objectives.values()},
            "key_results": {kr_key(k.id): (name.get(k.metric_id), k.baseline, k.target, k.stretch, k.unit,
                                           kr_out.get(k.id, set())) for k in krs.values()},
            "check_ins": sorted((kr_key(c.key_result_id), c.date, c.value if c.value is not None else -1.0,
                                 c.confidence if c.confidence is not None else -1, c.comment)
                                for c in s.exec(select(CheckIn))),
            "hypotheses": {h.statement: (teams.get(h.team_id), name[h.metric_id], h.change_kind, h.expected_change,
                                         h.segment, h.reason, kr_key(h.key_result_id), h.window_days,
                                         name.get(h.guardrail_metric_id), h.control_segments,
                                         name.get(h.control_metric_id), h.status, h.stop_reason, h.learning,
                                         hyp_out.get(h.id, set())) for h in hyps.values()},
            "learnings": {x.title: (teams.get(x.team_id), x.believed, x.happened, x.next_time, x.status,
                                    links.get(x.id, set())) for x in s.exec(select(Learning))},
        }


def test_the_demo_workspace_comes_back_and_exports_to_the_same_workbook(demo_engine, engine):
    first = export(demo_engine)
    analysis, outcome = load(first, engine)
    assert [p.kind for p in analysis.prepared] == ["metric-definitions", "metrics", "outputs", "objectives",
                                                   "key-results", "check-ins", "hypotheses", "learnings"]
    assert analysis.kind == "workspace"
    second = export(engine)
    before, after = cells(first), cells(second)
    assert list(before) == [name for name, _ in SHEETS]
    for sheet in before:
        assert len(before[sheet]) > 1, f"{sheet} is empty"
        assert before[sheet] == after[sheet], sheet
    original, copy = snapshot(demo_engine), snapshot(engine)
    for part in original:
        assert original[part] == copy[part], part
    assert sum(1 for links in copy["key_results"].values() if links), "key results keep their outputs"
    assert sum(1 for links in copy["learnings"].values() if links), "learnings keep their hypotheses"
    # importing the same file again changes nothing
    _, again = load(first, engine)
    assert again.counts["inserted"] == again.counts["updated"] == 0
    assert snapshot(engine) == copy


def _hostile_workspace(engine) -> None:
    """A small workspace whose texts look like formulas, with the links the demo does not have."""
    with Session(engine) as s:
        team = Team(name="@Team")
        s.add(team)
        s.flush()
        rate = Metric(name="=Rate", unit="%", direction="down", aggregation="last", kind="guardrail",
                      description='=HYPERLINK("http://evil")')
        control = Metric(name="Control", unit="%")
        s.add_all([rate, control])
        s.flush()
        s.add_all([MetricValue(metric_id=rate.id, date=date(2026, 10, d), segment="-DE", value=1.5 + d)
                   for d in range(1, 8)])
        out = Output(key="+1", title="+1+1", type="@type", team_id=team.id, status="-done",
                     shipped_on=date(2026, 10, 5), labels=["=a", "b"], sprints=["-s"], components=["@c"])
        s.add(out)
        s.flush()
        old = Objective(title='=HYPERLINK("http://evil")', period="2026-Q3", team_id=team.id, owner="@owner",
                        description="+1+1", status="missed", closing_note="-x")
        s.add(old)
        s.flush()
        new = Objective(title='=HYPERLINK("http://evil")', period="2026-Q4", team_id=team.id, owner="-o",
                        carried_from_id=old.id, aligned_to_north_star=True)
        child = Objective(title="@SUM(A1)", period="2026-Q4", description="\tcmd")
        s.add_all([new, child])
        s.flush()
        s.add_all([ObjectiveParent(child_id=child.id, parent_id=new.id),
                   ObjectiveParent(child_id=new.id, parent_id=old.id)])
        kr = KeyResult(objective_id=new.id, title="-x", metric_id=rate.id, baseline=5.25, target=3.125, unit="%")
        manual = KeyResult(objective_id=child.id, title="=1+2", baseline=0, target=10, stretch=12, unit="count")
        s.add_all([kr, manual])
        s.flush()
        s.add(KeyResultOutput(key_result_id=manual.id, output_id=out.id))
        s.add_all([CheckIn(key_result_id=kr.id, date=date(2026, 10, 7), confidence=6, comment="@SUM(A1)"),
                   CheckIn(key_result_id=manual.id, date=date(2026, 10, 7), value=3.5, confidence=0, comment="=1+2"),
                   CheckIn(key_result_id=manual.id, date=date(2026, 10, 7), value=4, confidence=7, comment="+1+1")])
        bets = [Hypothesis(statement='=HYPERLINK("http://evil")', team_id=team.id, metric_id=rate.id,
                           change_kind="pp", expected_change=-0.3, segment="-DE", reason="+1+1",
                           key_result_id=kr.id, window_days=14, control_metric_id=control.id, status="stopped",
                           stop_reason="@SUM(A1)", learning="-x"),
                Hypothesis(statement="-x; and, more", metric_id=rate.id, change_kind="relative",
                           expected_change=0.07, control_segments="-FR, =NL", guardrail_metric_id=control.id),
                Hypothesis(statement="+1+1", metric_id=control.id, change_kind="absolute", expected_change=0.1)]
        s.add_all(bets)
        s.flush()
        s.add(HypothesisOutput(hypothesis_id=bets[0].id, output_id=out.id))
        learning = Learning(title="=1+2", team_id=team.id, believed="+1+1", happened="@SUM(A1)", next_time="-x",
                            status="closed")
        s.add(learning)
        s.flush()
        s.add_all([LearningHypothesis(learning_id=learning.id, hypothesis_id=bets[0].id, relation="contradicts"),
                   LearningHypothesis(learning_id=learning.id, hypothesis_id=bets[1].id, relation="supports")])
        s.commit()


def test_formula_looking_text_is_written_as_text_and_imported_unchanged(sqlite_engine, tmp_path):
    _hostile_workspace(sqlite_engine)
    data = export(sqlite_engine)
    book = load_workbook(io.BytesIO(data))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{ws.title}!{cell.coordinate}"
                    texts.append(cell.value)
    assert {'=HYPERLINK("http://evil")', "+1+1", "@SUM(A1)", "-x", "\tcmd"} <= set(texts)
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    from dashboard.db import migrate

    migrate(empty)
    load(data, empty)
    original, copy = snapshot(sqlite_engine), snapshot(empty)
    # Imports trim the white space around a cell's text, as everywhere: the tab-led description comes back trimmed.
    key = ("@SUM(A1)", "2026-Q4")
    assert original["objectives"][key][3] == "\tcmd" and copy["objectives"][key][3] == "cmd"
    copy["objectives"][key] = original["objectives"][key]
    for part in original:
        assert original[part] == copy[part], part
    again, first = cells(export(empty)), cells(data)
    first["Objectives"] = [[("cmd" if v == "\tcmd" else v) for v in row] for row in first["Objectives"]]
    assert again == first


@pytest.mark.parametrize(("kind", "value", "text"), [
    ("relative", 0.15, "+15%"), ("relative", 0.07, "+7%"), ("relative", -0.125, "-12.5%"), ("pp", 4.0, "+4pp"),
    ("pp", -0.3, "-0.3pp"), ("absolute", 300.0, "+300"), ("absolute", 0.1, "+0.1"),
])
def test_expected_changes_are_written_as_the_importer_reads_them(kind, value, text):
    assert expected_change_text(kind, value) == text


def test_a_quarter_or_a_team_exports_a_smaller_workbook_that_imports(demo_engine, sqlite_engine):
    data = export(demo_engine, period="2026-Q4", team="Growth")
    sheets = cells(data)
    objectives = {row[0] for row in sheets["Objectives"][1:]}
    assert objectives == {"Turn more signups into active accounts",
                          "Make weekly active accounts the number everyone moves"}, "parents come along"
    assert {row[3] for row in sheets["Outputs"][1:]} <= {"Growth", "Core Product", "Monetization"}
    assert all(row[1] == "Growth" for row in sheets["Hypotheses"][1:])
    load(data, sqlite_engine)
    copy = snapshot(sqlite_engine)
    assert {o[0] for o in copy["objectives"]} == objectives
    with pytest.raises(ValueError, match="unknown_team"):
        export(demo_engine, team="Nobody")


def test_the_command_line_writes_a_workbook_that_imports(demo_app_db, tmp_path, capsys, sqlite_engine):
    from dashboard.cli import main

    out = tmp_path / "workspace.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    load(out.read_bytes(), sqlite_engine)
    assert snapshot(sqlite_engine)["hypotheses"] == snapshot(demo_app_db)["hypotheses"]
    assert main(["export", "--format", "xlsx", "--period", "2026-Q3", "--team", "Monetization",
                 "--out", str(tmp_path / "q3.xlsx")]) == 0
    assert main(["export", "--format", "xlsx", "--team", "Nobody", "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "no team “Nobody”" in capsys.readouterr().err
    assert main(["export", "--format", "xlsx", "--period", "Q4", "--out", str(tmp_path / "x.xlsx")]) == 1
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--format", "docx", "--out", str(tmp_path / "x.docx")])
    assert exit_.value.code == 2


def test_check_in_and_learning_sheets_import_on_their_own(sqlite_engine):
    _hostile_workspace(sqlite_engine)
    sheets = cells(export(sqlite_engine))
    import csv

    def csv_bytes(rows):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
        return buffer.getvalue().encode()

    with Session(sqlite_engine) as s:
        for row in s.exec(select(CheckIn)):
            s.delete(row)
        for row in s.exec(select(LearningHypothesis)):
            s.delete(row)
        s.commit()
    _, outcome = load(csv_bytes(sheets["Check-ins"]), sqlite_engine, "check-ins.csv")
    assert outcome.counts["inserted"] == 3
    _, outcome = load(csv_bytes(sheets["Learnings"]), sqlite_engine, "learnings.csv")
    assert outcome.counts["updated"] == 1
    with Session(sqlite_engine) as s:
        assert {x.relation for x in s.exec(select(LearningHypothesis))} == {"supports", "contradicts"}
    bad = [["learning", "believed", "supports"], ["New", "x", "No such bet"]]
    _, refused = import_file(csv_bytes(bad), "l.csv", engine=sqlite_engine, user="cli")
    assert [p.code for p in refused.problems] == ["learnings_unknown_hypothesis"]
    bad = [["objective", "period", "key result", "date", "confidence"], ["@SUM(A1)", "2026-Q4", "Nope", "2026-10-01", 7],
           ["@SUM(A1)", "2026-Q4", "=1+2", "2026-10-01", 11]]
    _, refused = import_file(csv_bytes(bad), "c.csv", engine=sqlite_engine, user="cli")
    assert [p.code for p in refused.problems] == ["check_ins_unknown_key_result", "check_ins_bad_confidence"]


def test_the_data_page_offers_the_workbook_to_editors_not_to_viewers(signed_in_app):  # noqa: F811
    def downloads(at) -> list[str]:
        return [d.proto.label for d in at.get("download_button")]

    assert "Download the whole workspace (.xlsx)" in downloads(open_as("pages/4_Data.py", "Eddi"))
    assert "Den ganzen Arbeitsbereich herunterladen (.xlsx)" in downloads(open_as("pages/4_Data.py", "Ada", "de"))
    assert not [d for d in downloads(open_as("pages/4_Data.py", "Vera")) if "workspace" in d]
