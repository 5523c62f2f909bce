"""Screenshot app pages in headless Chromium, in English and German.

Usage: .venv/bin/python scripts/screenshot.py [PAGE_PATH ...] [--db URL] [--out DIR]
PAGE_PATH is the URL path of a page ("" for the overview, "Objectives", "Data", ...).
Without --db a temporary copy of the demo workspace is used.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard.db import make_engine, migrate  # noqa: E402
from dashboard.demo import load_demo  # noqa: E402
from dashboard.testing import launch_browser, running_app, wait_idle  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=["", "Objectives", "Hypotheses", "Outputs", "Data", "Review", "Settings"])
    parser.add_argument("--db")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--settle", type=int, default=2500, help="ms to let charts and tables paint")
    parser.add_argument("--langs", default="en,de")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2400, help="tall viewport: Streamlit scrolls inside the page")
    args = parser.parse_args()
    url = args.db
    if not url:
        path = Path(tempfile.mkdtemp()) / "demo.db"
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        migrate(engine)
        load_demo(engine)
        engine.dispose()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_app(url) as base, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for name in args.pages:
            for lang in args.langs.split(","):
                page.goto(f"{base}/{name}?lang={lang}")
                wait_idle(page)
                page.wait_for_timeout(args.settle)  # charts and tables paint after the script run ends
                file = out / f"{name or 'Overview'}_{lang}.png"
                page.screenshot(path=str(file), full_page=True)
                print(file)
        browser.close()


if __name__ == "__main__":
    main()
