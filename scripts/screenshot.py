"""Screenshot app pages in headless Chromium, in English and German, at one or several viewports.

Usage: .venv/bin/python scripts/screenshot.py [PAGE_PATH ...] [--db URL] [--out DIR]
       [--viewport 1440x900 --viewport 1280x720] [--port 8600] [--tabs] [--full-page]

PAGE_PATH is the URL path of a page ("" for the overview, "Objectives", "Data", ...), optionally
with a query string ("Objectives?objective=3"). Without --db a temporary copy of the demo workspace
is used; `--db empty` starts from an empty database. With --tabs every tab of the page is captured
as well (`<page>_<lang>_<viewport>_tab<N>.png`). Streamlit scrolls inside the page, so a screenshot
shows what the viewport shows; --full-page captures the whole scrolled content instead.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard.db import make_engine, migrate  # noqa: E402
from dashboard.demo import load_demo  # noqa: E402
from dashboard.testing import launch_browser, running_app, wait_idle  # noqa: E402

PAGES = ["", "Objectives", "Hypotheses", "Outputs", "Data", "Review", "Settings", "Admin", "Metrics"]


def _database(arg: str | None) -> str:
    if arg and arg != "empty":
        return arg
    path = Path(tempfile.mkdtemp()) / "screens.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    if arg != "empty":
        load_demo(engine)
    engine.dispose()
    return url


def _viewport(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"viewport like 1440x900, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def _file_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return stem or "Overview"


def _capture(page, path: Path, full_page: bool) -> None:
    if full_page:
        # Streamlit scrolls inside its main block: make the page as tall as the content first.
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section.main, body')]"
            ".map(e => e.scrollHeight))"
        )
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12000))})
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    print(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--db", help="database URL; 'empty' for a fresh empty database; default: the demo")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--settle", type=int, default=2000, help="ms to let charts and tables paint")
    parser.add_argument("--langs", default="en,de")
    parser.add_argument("--viewport", action="append", type=_viewport,
                        help="WIDTHxHEIGHT, repeatable (default 1440x900 and 1280x720)")
    parser.add_argument("--port", type=int, help="port for the app (default: a free one)")
    parser.add_argument("--tabs", action="store_true", help="capture every tab of each page too")
    parser.add_argument("--full-page", action="store_true", help="capture the whole scrolled page")
    args = parser.parse_args()
    viewports = args.viewport or [(1440, 900), (1280, 720)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_app(_database(args.db), port=args.port) as base, sync_playwright() as pw:
        browser = launch_browser(pw)
        for width, height in viewports:
            page = browser.new_page(viewport={"width": width, "height": height})
            for name in args.pages:
                for lang in args.langs.split(","):
                    sep = "&" if "?" in name else "?"
                    page.goto(f"{base}/{name}{sep}lang={lang}")
                    wait_idle(page)
                    page.wait_for_timeout(args.settle)  # charts and tables paint after the script run ends
                    stem = f"{_file_stem(name)}_{lang}_{width}x{height}"
                    _capture(page, out / f"{stem}.png", args.full_page)
                    if not args.tabs:
                        continue
                    tabs = page.get_by_role("tab")
                    for index in range(1, tabs.count()):
                        tabs.nth(index).click()
                        wait_idle(page)
                        page.wait_for_timeout(args.settle // 2)
                        _capture(page, out / f"{stem}_tab{index}.png", args.full_page)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
