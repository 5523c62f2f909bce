"""A viewer signs in through the real form in Chromium and finds nothing to click that writes."""

from __future__ import annotations

import pytest
from conftest import require_browser

from dashboard import auth
from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser

PAGES = ["", "Objectives", "Hypotheses", "Outputs", "Metrics", "Data", "Review", "Settings", "Admin"]
# Buttons a viewer may press: signing out, opening an objective, the OKR sheet (a report), folding the menu.
ALLOWED = ("Sign out", "Open", "Export this quarter", "keyboard_double_arrow", "Start presentation", "Prepare the")
WRITING = ("[data-testid='stFileUploader'], [data-testid='stFormSubmitButton'], [data-testid='stDataFrameResizable'] "
           "textarea, [data-testid='stNumberInput'], [data-testid='stTextArea'], [data-testid='stCheckbox']")


@pytest.fixture(scope="module")
def live_shared_app(tmp_path_factory, demo_db_file):
    import shutil

    require_browser()
    folder = tmp_path_factory.mktemp("shared")
    path = folder / "demo.db"
    shutil.copy(demo_db_file, path)
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[users.Vera]\nrole = "viewer"\npassword_hash = "{auth.hash_password("viewer password")}"\n',
                       encoding="utf-8")
    env = {"OUTCOMES_AUTH": "password", "OUTCOMES_SECRETS": str(secrets)}
    with running_app(f"sqlite:///{path}", extra_env=env) as base:
        yield base


def test_a_viewer_finds_nothing_that_writes(live_shared_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{live_shared_app}/?lang=en")
        wait_idle(page)
        assert page.get_by_role("heading", name="Sign in").count() == 1
        assert page.get_by_role("heading", name="Overview").count() == 0, "nothing is shown before signing in"
        page.get_by_role("textbox", name="Name").fill("Vera")
        page.get_by_role("textbox", name="Password").fill("viewer password")
        page.get_by_role("button", name="Sign in").click()
        wait_idle(page)
        page.get_by_role("heading", name="Overview").wait_for(timeout=30_000)

        for name in PAGES:
            # move as a person would, through the menu, so the sign-in of this browser tab holds
            if name:
                link = page.locator("[data-testid='stSidebarNav'] a, [data-testid='stPageLink'] a").filter(has_text=name)
                if link.count() == 0:
                    assert name in ("Settings", "Admin"), f"{name} missing from the menu"
                    continue
                link.first.click()
                wait_idle(page)
            assert page.locator("[data-testid='stException']").count() == 0, name
            assert page.locator(WRITING).count() == 0, f"a writing control on {name or 'Overview'}"
            buttons = page.locator("[data-testid^='stBaseButton']").all_inner_texts()
            labels = [b.strip().splitlines()[-1].strip() for b in buttons if b.strip()]  # without the icon's name
            extra = [b for b in labels if not b.startswith(ALLOWED)]
            assert extra == [], f"buttons on {name or 'Overview'}: {extra}"
            tables = page.locator("[data-testid='stElementContainer']:has([data-testid='stDataFrame'])")
            if tables.count():
                tables.first.hover()
                page.wait_for_timeout(200)
                toolbar = tables.first.locator("[data-testid='stElementToolbar']").first
                toolbar.wait_for(timeout=5_000)
                labels = [b.get_attribute("aria-label") for b in toolbar.locator("button").all() if b.is_visible()]
                assert "Search" in labels and "Download as CSV" not in labels, labels
        browser.close()
