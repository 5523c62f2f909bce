"""Two app servers on one database: a change made through one shows on the other at its next rerun.

Both servers are real `streamlit run` processes (PostgreSQL when TEST_DATABASE_URL is set, a SQLite
file always); each keeps its own cache of reads, keyed on the database's data version.
"""

from __future__ import annotations

import pytest
from conftest import require_browser
from sqlalchemy import text

from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser

TITLE = "Win the enterprise segment"


def test_an_objective_created_on_one_server_shows_on_the_other(engine):
    from playwright.sync_api import sync_playwright

    require_browser()
    url = engine.url.render_as_string(hide_password=False)
    with running_app(url) as server_a, running_app(url) as server_b, sync_playwright() as pw:
        browser = launch_browser(pw)
        page_b = browser.new_page(viewport={"width": 1400, "height": 1000})
        page_b.goto(f"{server_b}/Objectives?lang=en")
        wait_idle(page_b)
        page_b.get_by_text("No objectives for").first.wait_for(timeout=30_000)  # cached on server B now
        assert page_b.get_by_text(TITLE).count() == 0

        page_a = browser.new_page(viewport={"width": 1400, "height": 1000})
        page_a.goto(f"{server_a}/Objectives?lang=en")
        wait_idle(page_a)
        page_a.get_by_role("tab", name="New objective").click()
        page_a.get_by_label("Title").first.fill(TITLE)
        page_a.get_by_role("button", name="Create objective").click()
        page_a.get_by_text(f"Objective “{TITLE}” created.").wait_for(timeout=30_000)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM objective")).scalar_one() == 1

        page_b.reload()  # server B's next rerun
        wait_idle(page_b)
        # The list is one table (drawn on a canvas); the objective to open names it.
        page_b.locator(f"input[aria-label='Objective to open'][value='{TITLE}']").wait_for(timeout=30_000)
        assert page_b.get_by_text("No objectives for").count() == 0
        assert page_b.locator("[data-testid='stException']").count() == 0
        browser.close()
