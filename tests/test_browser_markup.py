"""In the real app (Chromium): Markdown from a link or a stored title shows as text; table CSVs carry no formulas."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest
from conftest import require_browser
from sqlalchemy import text

from dashboard.testing import launch_browser, running_app, wait_idle

pytestmark = pytest.mark.browser

PHISH = "x\n\n# :red[Session expired]\n\n[**Sign in again**](http://evil/phish)"
TITLES = [
    "![x](http://evil/img.png) **bold** :red[red] $x^2$",
    ":material/star: :material_star: :smile: :streamlit:",
    "visit http://evil/phish, www.evil.com or me@evil.com",
    "<b>html</b> <http://evil> &amp; [ref]: http://evil",
    "- item",
    "1. one",
    "> quote ~~strike~~ `code`",
    "a | b | c _under_ snake_case",
    "# head :blue-background[x] {curly}",
    "$$\\int$$ 5$ and 6$ back\\slash",
]
FORMULA = "=HYPERLINK(\"http://evil/x\",\"open\")"


@pytest.fixture(scope="module")
def live_marked_app(tmp_path_factory, demo_db_file):
    """The demo workspace with Markdown in its objective titles and a formula as an output title."""
    from dashboard.db import make_engine

    require_browser()
    path = tmp_path_factory.mktemp("live-markup") / "demo.db"
    shutil.copy(demo_db_file, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        ids = conn.execute(text("SELECT id FROM objective ORDER BY id")).scalars().all()
        for objective_id, title in zip(ids, TITLES, strict=False):
            conn.execute(text("UPDATE objective SET title = :t, period = '2026-Q4' WHERE id = :i"),
                         {"t": title, "i": objective_id})
        conn.execute(text("UPDATE output SET title = :t WHERE id = (SELECT MIN(id) FROM output)"), {"t": FORMULA})
    engine.dispose()
    with running_app(f"sqlite:///{path}") as base:
        yield base


def _visible(page, selector: str) -> list[str]:
    return [" ".join(t.replace("\u200b", "").split()) for t in page.locator(selector).all_inner_texts()]


def _no_markup_from_evil(page) -> None:
    assert page.locator("a[href*='evil']:not([href^='#'])").count() == 0  # headings' own anchors stay in the page
    assert page.locator("img[src*='evil']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


def test_markdown_in_a_link_is_shown_as_text(live_marked_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{live_marked_app}/Outputs?lang=en&output={quote(PHISH)}")
        wait_idle(page)
        _no_markup_from_evil(page)
        assert page.locator("a[href='http://evil/phish']").count() == 0
        main = page.locator("[data-testid='stMain']")
        assert main.locator("h1, h2, h3, h4, h5, h6").filter(has_text="Session expired").count() == 0
        warnings = _visible(page, "[data-testid='stAlert']")
        assert any("x # :red[Session expired] [**Sign in again**](http://evil/phish)" in w for w in warnings), warnings
        browser.close()


def test_stored_titles_read_as_they_were_typed(live_marked_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{live_marked_app}/Objectives?lang=en")
        wait_idle(page)
        _no_markup_from_evil(page)
        # The list is one table; the objective to open names each listed objective as typed.
        choice = page.get_by_role("combobox", name="Objective to open")
        choice.scroll_into_view_if_needed()
        choice.click()
        choice.press("ArrowDown")  # opens the list wherever the field sits on the screen
        page.locator("[role='option']").first.wait_for()
        options = _visible(page, "[role='option']")
        for title in TITLES:
            assert " ".join(title.split()) in options, (title, options)
        listed = page.locator("[role='option']")
        assert listed.locator("a:not([href^='#']), img, strong, em, del, code, .katex, [role='img']").count() == 0
        assert page.locator("[data-testid='stMain'] .katex, [data-testid='stMain'] del").count() == 0
        browser.close()


def test_table_csv_download_carries_no_formula(live_marked_app, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        # Without the file-system picker the table saves its CSV as an ordinary download.
        page.add_init_script("delete window.showSaveFilePicker;")
        page.goto(f"{live_marked_app}/Outputs?lang=en")
        wait_idle(page)
        table = page.locator("[data-testid='stDataFrame']").first
        table.hover()
        with page.expect_download(timeout=30_000) as info:
            page.locator("[data-testid='stElementToolbarButton']").filter(
                has=page.locator("[aria-label='Download as CSV']")).first.click()
        csv = (tmp_path / "table.csv")
        info.value.save_as(csv)
        content = csv.read_text(encoding="utf-8-sig")
        assert "'" + FORMULA.replace('"', '""') in content
        cells = [cell.strip('"') for line in content.splitlines() for cell in line.split(",")]
        assert not [c for c in cells if c.startswith(("=", "@"))]
        browser.close()
