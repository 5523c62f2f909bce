"""Output figures: filters, the unlinked list and share per team and quarter, weekly counts."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis import outputs as analysis
from dashboard.charts.outputs import shipped_per_week_chart
from dashboard.i18n import use_language
from dashboard.repository.outputs import OUTPUT_COLUMNS


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(key, team_id, team, type, shipped_on, linked) -> an outputs_frame-shaped DataFrame."""
    records = []
    for i, (key, team_id, team, otype, shipped, linked) in enumerate(rows, start=1):
        records.append({
            "id": i, "key": key, "title": f"Title {key}", "type": otype, "team_id": team_id, "team": team,
            "status": "Done" if shipped else "Open", "shipped_on": shipped, "link": "", "labels": [],
            "sprints": [], "fix_versions": [], "components": [], "linked": linked,
            "hypothesis_ids": [1] if linked else [], "key_result_ids": [], "import_id": None,
        })
    return pd.DataFrame(records, columns=OUTPUT_COLUMNS)


OUTPUTS = frame([
    ("G-1", 1, "Growth", "story", date(2026, 10, 5), True),
    ("G-2", 1, "Growth", "bug", date(2026, 10, 20), False),
    ("G-3", 1, "Growth", "story", date(2026, 11, 2), False),
    ("G-4", 1, "Growth", "story", None, False),
    ("C-1", 2, "Core", "epic", date(2026, 9, 30), False),
    ("C-2", 2, "Core", "story", date(2026, 12, 31), True),
    ("X-1", None, "", "task", date(2026, 10, 1), False),
])


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        ({}, ["G-1", "G-2", "G-3", "G-4", "C-1", "C-2", "X-1"]),
        ({"team_id": 1}, ["G-1", "G-2", "G-3", "G-4"]),
        ({"quarter": "2026-Q4"}, ["G-1", "G-2", "G-3", "C-2", "X-1"]),
        ({"quarter": "2026-Q3"}, ["C-1"]),
        ({"types": ["story", "epic"]}, ["G-1", "G-3", "G-4", "C-1", "C-2"]),
        ({"shipped": False}, ["G-4"]),
        ({"shipped": True, "linked": True}, ["G-1", "C-2"]),
        ({"linked": False, "team_id": 2}, ["C-1"]),
        ({"search": "g-3"}, ["G-3"]),
        ({"search": "title c"}, ["C-1", "C-2"]),
        ({"quarter": "2025-Q1"}, []),
    ],
)
def test_filter_outputs(filters, keys):
    assert analysis.filter_outputs(OUTPUTS, **filters)["key"].tolist() == keys


def test_unlinked_summary_per_team_and_quarter():
    summary = analysis.unlinked_summary(OUTPUTS)
    rows = [tuple(r) for r in summary[["team", "quarter", "shipped", "unlinked"]].itertuples(index=False)]
    # Newest quarter first; the output without a team is its own group; G-4 (not shipped) is not counted.
    assert rows == [("", "2026-Q4", 1, 1), ("Core", "2026-Q4", 1, 0), ("Growth", "2026-Q4", 3, 2),
                    ("Core", "2026-Q3", 1, 1)]
    assert summary["share"].round(4).tolist() == [1.0, 0.0, 0.6667, 1.0]
    assert summary.loc[0, "team_id"] is None


def test_unlinked_list_and_share():
    listed = analysis.unlinked_shipped(OUTPUTS, quarter="2026-Q4", team_id=1)
    assert listed["key"].tolist() == ["G-3", "G-2"]
    assert analysis.unlinked_share(OUTPUTS) == pytest.approx(4 / 6)
    assert analysis.unlinked_share(OUTPUTS[OUTPUTS["key"] == "G-4"]) is None
    assert analysis.unlinked_summary(OUTPUTS.iloc[0:0]).empty


def test_quarters_types_and_weekly_counts():
    assert analysis.shipped_quarters(OUTPUTS) == ["2026-Q4", "2026-Q3"]
    assert analysis.output_types(OUTPUTS) == ["bug", "epic", "story", "task"]
    weekly = analysis.shipped_per_week(OUTPUTS)
    # Sep 28 (Mon) .. Dec 28 (Mon): 14 weeks, two rows each, gaps filled with zeros.
    assert len(weekly) == 28 and weekly["count"].sum() == 6
    first = weekly[weekly["week"] == pd.Timestamp("2026-09-28")].set_index("linked")["count"].to_dict()
    assert first == {True: 0, False: 2}  # C-1 (Wed) and X-1 (Thu)
    assert analysis.shipped_per_week(OUTPUTS.iloc[3:4]).empty


def test_weekly_chart_has_title_axes_and_tooltips():
    with use_language("de"):
        spec = shipped_per_week_chart(analysis.shipped_per_week(OUTPUTS)).to_dict()
    assert spec["title"]["text"] == "Ausgeliefert pro Woche"
    assert spec["encoding"]["x"]["title"] == "Woche"
    assert spec["encoding"]["y"]["title"] == "Ausgelieferte Outputs"
    assert [tip["title"] for tip in spec["encoding"]["tooltip"]] == ["Woche", "Verknüpfung", "Ausgelieferte Outputs"]
