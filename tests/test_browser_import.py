"""Upload a spreadsheet through the running app in headless Chromium, import it, check the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_browser
from sqlalchemy import text

from dashboard.db import make_engine, migrate
from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parent / "data" / "samples" / "kpi-plan_monthly-wide_date-header-cells_country.xlsx"


def test_upload_and_import_in_the_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    require_browser()
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = make_engine(url)
    migrate(engine)
    with running_app(url) as base, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/Data?lang=en")
        wait_idle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(SAMPLE))
        button = page.get_by_role("button", name="Import kpi-plan_monthly-wide_date-header-cells_country.xlsx")
        button.wait_for(state="visible", timeout=60_000)
        wait_idle(page)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one() == 0
        button.click()
        page.get_by_text("1,077 values new").wait_for(timeout=60_000)
        wait_idle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stVegaLiteChart']").count() >= 12
        browser.close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one() == 1077
        assert conn.execute(text("SELECT COUNT(*) FROM metric")).scalar_one() == 18
    engine.dispose()
