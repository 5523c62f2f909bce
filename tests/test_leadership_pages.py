"""The overview and the metric explorer through AppTest: scopes said on every section, filters and views
kept in the URL, unknown values named as text, charts rolled up on long histories."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pyarrow as pa
import pytest
from conftest import ROOT
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard.importers.service import import_file
from dashboard.models import Metric
from dashboard.repository import metrics as metric_repo

MAX_ROWS = 5_000


def open_at(page: str, params: dict[str, str], lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "streamlit_app.py":
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_rows(at: AppTest) -> list[int]:
    """Rows each chart sends to the browser (its largest dataset)."""
    sizes = []
    for chart in at.get("vega_lite_chart"):
        rows = [pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets]
        inline = json.loads(chart.proto.spec).get("datasets", {})
        rows += [len(v) for v in inline.values()]
        sizes.append(max(rows or [0]))
    return sizes


def test_overview_says_the_scope_of_every_section_and_keeps_it_in_the_url(demo_app_db):
    at = open_at("streamlit_app.py", {"team": "monetization", "quarter": "2026-Q3"})
    assert at.selectbox(key="overview.team").value is not None
    assert at.selectbox(key="overview.period").value == "2026-Q3"
    headers = [s.value for s in at.subheader]
    scoped = [h for h in headers if "Q3 2026 · Monetization" in h]
    assert len(scoped) == 3, headers  # objectives, bets, output and outcome
    assert any("Q3 2026 · Monetization" in c.value for c in at.caption)
    assert at.query_params["team"] in (["Monetization"], "Monetization")
    # the hit rate's help names its scope, the bets table lists only Monetization's bets of Q3
    hit = next(m for m in at.metric if m.label == "Hit rate")
    assert "Q3 2026 · Monetization" in hit.proto.help and hit.value == "100%"
    bets = next(df.value for df in at.dataframe if "Verdict" in df.value.columns)
    assert set(bets["Team"]) == {"Monetization"} and bets.columns[0] == "Verdict"
    assert list(bets["Verdict"]) == ["validated", "validated"]
    # changing a filter rewrites the address
    at.selectbox(key="overview.period").set_value("2026-Q4").run()
    assert at.query_params["quarter"] in (["2026-Q4"], "2026-Q4")
    assert any("Q4 2026 · Monetization" in s.value for s in at.subheader)
    assert max(chart_rows(at)) <= MAX_ROWS


def test_unknown_values_in_the_url_fall_back_with_a_notice_shown_as_text(demo_app_db):
    at = open_at("streamlit_app.py", {"team": "**Sales** [x](http://evil)", "quarter": "1999-Q9"}, lang="de")
    notices = [w.value for w in at.warning]
    assert any("Team" in n and "\\*\\*Sales\\*\\*" in n and "\\[x\\]" in n for n in notices), notices
    assert any("1999-Q9" in n for n in notices)
    assert at.selectbox(key="overview.team").value == "__all__"
    assert any("alle Teams" in s.value for s in at.subheader)


def test_bets_show_the_verdict_the_data_gives_not_a_stored_status(demo_app_db):
    """The NPS bet's survey data is too thin: it says so instead of "measuring"."""
    at = open_at("streamlit_app.py", {"quarter": "2026-Q3"})
    bets = next(df.value for df in at.dataframe if "Verdict" in df.value.columns)
    nps = bets[bets["Hypothesis"].str.contains("NPS", regex=False)]
    assert not nps.empty and set(nps["Verdict"]) == {"insufficient data"}
    verdict_tiles = {m.label: m.value for m in at.metric}
    assert int(verdict_tiles["validated"]) >= 1


def test_team_table_counts_each_teams_own_metrics(demo_app_db):
    at = open_at("streamlit_app.py", {"quarter": "2026-Q3"})
    table = next(df.value for df in at.dataframe if "Own metrics up" in df.value.columns)
    assert set(table["Team"]) >= {"Growth", "Monetization"}
    assert len(set(table["Median change"])) > 1, "not the same North Star change for every team"


def test_explorer_opens_a_shared_view_and_marks_releases_by_verdict(demo_app_db):
    at = open_at("pages/8_Metrics.py", {"metric": "checkout starts", "segment": "de", "range": "1y"})
    assert at.selectbox(key="explorer.metric").value is not None
    assert at.selectbox(key="explorer.segment").value == "DE"
    assert at.radio(key="explorer.range").value == "1y"
    releases = next(df.value for df in at.dataframe if "Verdict" in df.value.columns)
    assert "validated" in set(releases["Verdict"])
    assert any("German checkout" in h for h in releases["Hypothesis"])
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert "Checkout starts · DE" in spec["title"]["text"]


def test_explorer_draws_key_result_lines_in_german(demo_app_db):
    at = open_at("pages/8_Metrics.py", {"metric": "Activation rate", "quarter": "2026-Q4"}, lang="de")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"]["text"] == "Activation rate im Zeitverlauf"
    text = json.dumps(spec)
    assert "Zielwert" in text or any("Key Results auf" in s.value for s in at.subheader)


@pytest.fixture
def long_history_db(demo_app_db):
    """The demo plus twelve years of daily values for a metric that becomes the North Star."""
    start = date(2014, 1, 1)
    lines = ["date,metric,value"] + [f"{start + timedelta(days=i)},Daily revenue,{1000 + i % 97}" for i in range(4_400)]
    _, outcome = import_file("\n".join(lines).encode(), "revenue.csv", engine=demo_app_db, user="test")
    assert outcome.ok
    with Session(demo_app_db) as s:
        metric = s.exec(select(Metric).where(Metric.name == "Daily revenue")).one()
        metric_repo.set_north_star(session=s, metric_id=metric.id, user="test")
        s.commit()
    return demo_app_db


def test_long_histories_stay_under_the_chart_limit(long_history_db):
    explorer = open_at("pages/8_Metrics.py", {"metric": "Daily revenue", "range": "all"})
    assert max(chart_rows(explorer)) <= MAX_ROWS
    spec = json.loads(explorer.get("vega_lite_chart")[0].proto.spec)
    assert "Week" in json.dumps(spec)  # rolled up to weeks, labelled as such
    overview = open_at("streamlit_app.py", {})
    assert max(chart_rows(overview)) <= MAX_ROWS
    assert any("Daily revenue" in s.value for s in overview.subheader)


def test_explorer_empty_state_points_to_the_data_page(empty_app_db):
    at = open_at("pages/8_Metrics.py", {})
    assert "Upload a spreadsheet of metric values on the Data page" in at.info[0].value


def test_an_empty_overview_offers_the_data_page_and_the_demo(empty_app_db):
    at = open_at("streamlit_app.py", {})
    assert "Upload your first spreadsheet on the Data page" in at.info[0].value
    assert "python -m" not in at.info[0].value
    at.button(key="overview.load_demo").click().run()
    assert not at.exception
    assert any("North Star" in s.value for s in at.subheader)
    with Session(empty_app_db) as s:
        assert s.exec(select(Metric)).first() is not None


def test_a_link_opens_the_hypotheses_tab_it_names(demo_app_db):
    at = open_at("pages/2_Hypotheses.py", {"tab": "learnings"})
    assert at.session_state["hypotheses.tab"] == "Learnings"
    assert at.query_params["tab"] in (["learnings"], "learnings")
    odd = open_at("pages/2_Hypotheses.py", {"tab": "nope"})
    assert any("“nope”" in w.value for w in odd.warning)
