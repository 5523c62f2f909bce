"""The real app in headless Chromium: the overview renders its chart without an error box."""

from __future__ import annotations

import pytest
from conftest import require_browser

from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_demo_app(tmp_path_factory, demo_db_file):
    import shutil

    require_browser()
    path = tmp_path_factory.mktemp("live") / "demo.db"
    shutil.copy(demo_db_file, path)
    with running_app(f"sqlite:///{path}") as base:
        yield base


def test_overview_renders_chart_without_errors(live_demo_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{live_demo_app}/?lang=en")
        wait_idle(page)
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        chart.wait_for(state="visible", timeout=30_000)
        assert chart.locator("canvas, svg").count() > 0
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
        assert page.get_by_role("heading", name="Overview").count() > 0

        page.goto(f"{live_demo_app}/Settings?lang=de")
        wait_idle(page)
        assert page.get_by_role("heading", name="Einstellungen").count() > 0
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()


def test_a_shared_link_reopens_the_same_view(live_demo_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{live_demo_app}/?team=Monetization&quarter=2026-Q3&lang=en")
        wait_idle(page)
        assert page.get_by_role("combobox", name="Team").input_value() == "Monetization"
        assert page.get_by_role("combobox", name="Quarter").input_value() == "Q3 2026"
        headings = page.get_by_role("heading").all_inner_texts()
        assert sum("Q3 2026 · Monetization" in h for h in headings) == 3, headings
        assert page.locator("[data-testid='stException']").count() == 0

        page.goto(f"{live_demo_app}/Metrics?metric=Checkout%20starts&segment=DE&range=1y&lang=de")
        wait_idle(page)
        assert page.get_by_role("combobox", name="Kennzahl").input_value() == "Checkout starts"
        assert page.get_by_role("combobox", name="Segment").input_value() == "DE"
        assert page.get_by_role("radio", name="Letzte 12 Monate").is_checked()
        assert page.get_by_role("heading", name="Releases, die Checkout starts bewegen sollten").count() == 1
        browser.close()


def test_the_review_presents_every_section_by_keyboard(live_demo_app):
    from playwright.sync_api import sync_playwright

    from dashboard.services.review import SECTIONS

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{live_demo_app}/Review?quarter=2026-Q3&lang=en")
        wait_idle(page)
        page.get_by_role("button", name="Start presentation").click()
        page.get_by_text(f"Section 1 of {len(SECTIONS)}").wait_for(timeout=30_000)
        wait_idle(page)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        seen = []
        for n in range(1, len(SECTIONS) + 1):
            page.get_by_text(f"Section {n} of {len(SECTIONS)}").wait_for(timeout=30_000)
            seen.append(page.get_by_role("heading", level=2).first.inner_text())
            assert page.locator("[data-testid='stException']").count() == 0
            if n < len(SECTIONS):
                page.keyboard.press("ArrowRight")
                wait_idle(page)
        assert seen[0] == "North Star and inputs" and seen[-1].startswith("Next quarter")
        assert len(set(seen)) == len(SECTIONS)
        page.get_by_role("button", name="Previous").click()
        wait_idle(page)
        page.get_by_text(f"Section {len(SECTIONS) - 1} of {len(SECTIONS)}").wait_for(timeout=30_000)
        browser.close()
