"""Leadership figures and charts: quarter against quarter, OKR status per team, bets of one scope,
output against outcome on one time axis, and the metric explorer's chart."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import overview as ov
from dashboard.charts.leadership import VERDICT_COLORS, metric_chart, outcome_output_chart, rolled
from dashboard.i18n import use_language


def _daily(start: date, days: int, value) -> pd.DataFrame:
    dates = pd.date_range(pd.Timestamp(start), periods=days, freq="D")
    values = [value(i, d) for i, d in enumerate(dates)]
    return pd.DataFrame({"date": dates, "value": values})


def test_quarter_change_compares_the_same_days_of_earlier_quarters():
    # 100 a day through 2025, 110 in Q3 2026, 121 in Q4 2026: +10 % on the quarter before, +21 % on a year ago
    def level(_i, d):
        if d >= pd.Timestamp("2026-10-01"):
            return 121.0
        if d >= pd.Timestamp("2026-07-01"):
            return 110.0
        return 100.0

    values = _daily(date(2025, 7, 1), 520, level)
    change = ov.quarter_change(values, "2026-Q4", date(2026, 11, 15), "sum")
    assert change.days == 46  # Oct 1 to Nov 15
    assert change.vs_previous == pytest.approx(0.10)
    assert change.vs_year_ago == pytest.approx(0.21)
    assert (change.previous_period, change.year_ago_period) == ("2026-Q3", "2025-Q4")
    assert change.latest == 121.0 and change.latest_date == date(2026, 11, 15)


def test_quarter_change_for_stocks_uses_the_last_value_and_says_when_there_is_nothing_to_compare():
    values = _daily(date(2026, 7, 1), 130, lambda i, _d: 1000.0 + i)
    change = ov.quarter_change(values, "2026-Q4", date(2026, 12, 31), "last")
    last_q4 = 1000.0 + 129
    last_same_day_q3 = 1000.0 + (date(2026, 7, 1) + timedelta(days=change.days - 1) - date(2026, 7, 1)).days
    assert change.vs_previous == pytest.approx(last_q4 / last_same_day_q3 - 1)
    assert change.vs_year_ago is None  # no data a year ago
    assert ov.quarter_change(values.iloc[:0], "2026-Q4", date(2026, 12, 31)).vs_previous is None


def test_segments_roll_up_by_the_metric_rule_when_there_is_no_total():
    dates = pd.to_datetime(["2026-10-01", "2026-10-01", "2026-10-02", "2026-10-02"])
    values = pd.DataFrame({"date": dates, "segment": ["DE", "FR", "DE", "FR"], "value": [10.0, 30.0, 20.0, 40.0]})
    assert ov.total_series(values, "sum")["value"].tolist() == [40.0, 60.0]
    assert ov.total_series(values, "mean")["value"].tolist() == [20.0, 30.0]
    with_total = pd.concat([values, pd.DataFrame({"date": dates[:1], "segment": [""], "value": [99.0]})])
    assert ov.total_series(with_total, "sum")["value"].tolist() == [99.0]


def test_improvement_mirrors_metrics_that_should_go_down():
    assert ov.improvement(-0.05, "down") == 0.05 and ov.improvement(-0.05, "up") == -0.05
    assert ov.improvement(None, "up") is None


def _kr(status, stale=False):
    return {"status": status, "stale": stale}


def test_okr_status_per_team_counts_objectives_and_key_results_separately():
    report = [
        {"team_id": 1, "score": 0.5, "key_results": [_kr("on_track"), _kr("at_risk", stale=True)]},
        {"team_id": 1, "score": 0.9, "key_results": [_kr("on_track"), _kr("on_track")]},
        {"team_id": None, "score": None, "key_results": [_kr("off_track")]},
    ]
    teams = pd.DataFrame({"id": [1], "name": ["Growth"], "archived": [False]})
    table = ov.okr_by_team(report, teams, "Company").set_index("team")
    growth = table.loc["Growth"]
    assert (growth["objectives"], growth["obj_on_track"], growth["obj_at_risk"]) == (2, 1, 1)
    assert (growth["key_results"], growth["kr_on_track"], growth["kr_at_risk"]) == (4, 3, 1)
    assert growth["score"] == pytest.approx(0.7) and growth["stale"] == 1
    assert table.loc["Company", "obj_off_track"] == 1
    assert ov.objective_status([]) is None


def test_bets_of_a_scope_are_those_released_in_it_with_the_verdict_the_data_gives():
    hyps = pd.DataFrame({"id": [1, 2, 3, 4], "team_id": [1, 1, 2, 1], "status": ["measuring"] * 4})
    releases = {1: date(2026, 10, 5), 2: date(2026, 9, 30), 3: date(2026, 11, 1), 4: date(2026, 11, 20)}
    verdicts = {1: "validated", 2: "validated", 3: "invalidated", 4: "insufficient data"}
    bets = ov.bets_in_scope(hyps, verdicts, releases, "2026-Q4", team_id=1)
    assert bets["id"].tolist() == [4, 1]  # newest first; #2 shipped in Q3, #3 is another team's
    assert ov.verdict_counts(bets) == {"insufficient data": 1, "validated": 1}
    assert ov.hit_rate_of(bets) == (1.0, 1)  # insufficient data is not measured
    everyone = ov.bets_in_scope(hyps, verdicts, releases, "2026-Q4", team_id=None)
    assert ov.hit_rate_of(everyone) == (0.5, 2)


def test_output_timeline_counts_linked_and_unlinked_per_week():
    outputs = pd.DataFrame({
        "shipped_on": [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 14), date(2026, 9, 1), None],
        "linked": [True, False, True, True, False],
        "team_id": [1, 1, 2, 1, 1],
    })
    timeline = ov.output_timeline(outputs, date(2026, 10, 1), date(2026, 10, 31))
    by_week = timeline.set_index("bucket")
    assert by_week.loc[pd.Timestamp("2026-10-05"), ["linked", "unlinked"]].tolist() == [1, 1]
    assert by_week.loc[pd.Timestamp("2026-10-12"), "linked"] == 1
    assert timeline["bucket"].iloc[0] == pd.Timestamp("2026-09-28")  # the week that holds Oct 1
    assert int(timeline[["linked", "unlinked"]].to_numpy().sum()) == 3
    one_team = ov.output_timeline(outputs, date(2026, 10, 1), date(2026, 10, 31), team_id=2)
    assert int(one_team["linked"].sum()) == 1 and int(one_team["unlinked"].sum()) == 0


def test_a_teams_own_metrics_are_its_key_results_and_its_bets():
    objectives = pd.DataFrame({"id": [10, 11, 12], "team_id": [1, 1, 2], "period": ["2026-Q4", "2026-Q3", "2026-Q4"]})
    key_results = pd.DataFrame({"objective_id": [10, 11, 12, 10], "metric_id": [5, 6, 7, None]})
    bets = pd.DataFrame({"team_id": [1, 2], "metric_id": [8, 9]})
    assert ov.team_metric_ids(1, key_results, objectives, bets, "2026-Q4") == [5, 8]


def _spec(chart) -> dict:
    return json.loads(json.dumps(chart.to_dict()))


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_outcome_and_output_share_one_time_axis_with_two_value_axes():
    timeline = pd.DataFrame({"bucket": pd.date_range("2026-09-28", periods=6, freq="W-MON"),
                             "linked": [1, 0, 2, 1, 0, 3], "unlinked": [0, 2, 1, 0, 1, 0]})
    metric = pd.DataFrame({"bucket": timeline["bucket"], "value": [100.0, 101, 103, 102, 105, 107]})
    with use_language("de"):
        spec = _spec(outcome_output_chart(timeline, metric, metric_name="Aktive Konten", unit="count",
                                          title="Was ausgeliefert wurde", subtitle="Balken und Linie"))
    assert spec["resolve"]["scale"]["y"] == "independent"
    bar, line = spec["layer"]
    assert bar["mark"]["type"] == "bar" and line["mark"]["type"] == "line"
    assert bar["encoding"]["x"]["field"] == line["encoding"]["x"]["field"] == "bucket"
    assert bar["encoding"]["y"]["title"] == "Ausgelieferte Outputs" and line["encoding"]["y"]["title"] == "Aktive Konten"
    assert bar["encoding"]["tooltip"] and line["encoding"]["tooltip"]
    assert spec["title"]["text"] == "Was ausgeliefert wurde"
    groups = {row["group"] for row in _rows(spec) if "group" in row}
    assert groups == {"Mit Wirkung verknüpft", "Ohne Verknüpfung"}
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def _explorer_spec(lang: str, days: int = 120):
    values = _daily(date(2026, 7, 1), days, lambda i, _d: 100.0 + np.sin(i / 5) * 5)
    releases = pd.DataFrame({"date": [date(2026, 8, 1), date(2026, 9, 1)], "output": ["GRO-1 · Wizard", "GRO-2 · Tour"],
                             "hypothesis": ["A wizard will raise activation", "—"], "verdict": ["validated", "no_bet"],
                             "team": ["Growth", "Growth"]})
    lines = pd.DataFrame({"value": [95.0, 110.0], "label": ["Activation: baseline", "Activation: target"],
                          "kind": ["baseline", "target"]})
    projection = pd.DataFrame({"date": pd.to_datetime(["2026-10-28", "2026-12-31"]), "value": [101.0, 104.0]})
    with use_language(lang):
        return _spec(metric_chart(values, releases, lines, projection, metric_name="Activation", unit="%",
                                  aggregation="mean", subtitle="Day"))


def test_explorer_chart_marks_releases_by_verdict_in_the_same_colours_in_both_languages():
    english, german = _explorer_spec("en"), _explorer_spec("de")
    for spec in (english, german):
        rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"
                    and layer["encoding"].get("color", {}).get("field") == "verdict_label")
        assert rule["encoding"]["color"]["scale"]["range"] == list(VERDICT_COLORS.values())
        tooltips = [tip["title"] for tip in rule["encoding"]["tooltip"]]
        assert len(tooltips) == 5  # date, output, hypothesis, verdict, team
        assert spec["resolve"]["scale"]["color"] == "independent"
    en_rule = next(layer for layer in english["layer"] if layer["encoding"].get("color", {}).get("field") == "verdict_label")
    de_rule = next(layer for layer in german["layer"] if layer["encoding"].get("color", {}).get("field") == "verdict_label")
    assert en_rule["encoding"]["color"]["scale"]["domain"][0] == "validated"
    assert de_rule["encoding"]["color"]["scale"]["domain"][0] == "bestätigt"
    labels = {row.get("label") for row in _rows(english)}
    assert {"Activation: baseline", "Activation: target"} <= labels
    dashed = [layer for layer in english["layer"] if layer["mark"].get("strokeDash")]
    assert len(dashed) >= 3  # baseline, target and the projection
    verdicts = {row.get("verdict_label") for row in _rows(english)}
    assert {"validated", "no measured bet"} <= verdicts


@pytest.mark.parametrize(("days", "grain"), [(400, "day"), (3_000, "week"), (30_000, "month")])
def test_long_histories_roll_up_by_the_metric_rule_and_stay_under_the_row_limit(days, grain):
    values = _daily(date(1950, 1, 1), days, lambda i, _d: float(i % 10))
    out, found = rolled(values, "sum")
    assert found == grain and len(out) <= 2_500
    assert out["value"].sum() == pytest.approx(values["value"].sum())  # sums add up, nothing dropped
    spec = _spec(metric_chart(values, pd.DataFrame(columns=["date", "output", "hypothesis", "verdict", "team"]),
                              pd.DataFrame(columns=["value", "label", "kind"]), None, metric_name="Signups",
                              unit="count", aggregation="sum", subtitle=""))
    assert max(len(rows) for rows in spec["datasets"].values()) <= 5_000
