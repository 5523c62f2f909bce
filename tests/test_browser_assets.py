"""A self-hosted page asks no other host for anything: favicon, fonts and scripts come from the app."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import require_browser

from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser


def test_pages_request_nothing_from_other_hosts(tmp_path, demo_db_file):
    import shutil

    from playwright.sync_api import sync_playwright

    require_browser()
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_file, path)
    with running_app(f"sqlite:///{path}") as base, sync_playwright() as pw:
        own = urlparse(base).netloc
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        foreign: list[str] = []
        page.on("request", lambda request: foreign.append(request.url)
                if urlparse(request.url).scheme in ("http", "https") and urlparse(request.url).netloc != own else None)
        for name in ("", "Objectives", "Hypotheses", "Data"):
            for lang in ("en", "de"):
                page.goto(f"{base}/{name}?lang={lang}")
                wait_idle(page)
                page.wait_for_timeout(500)
        icons = page.eval_on_selector_all("link[rel*='icon']", "links => links.map(l => l.href)")
        browser.close()
    assert foreign == []
    assert icons and all(urlparse(href).netloc == own for href in icons)
