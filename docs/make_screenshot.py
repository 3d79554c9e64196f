"""Regenerate docs/graph.png: the page of the bundled corpus in headless Chromium.

.venv/bin/kg build corpus -o exports && .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    page_path = ROOT / "exports" / "graph.html"
    exe = shutil.which("chromium")
    if exe is None or not page_path.exists():
        sys.exit("needs Debian chromium and a build in exports/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1500, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached")
        value = page.evaluate(
            "[...document.querySelectorAll('#doc-filter option')].find(o => o.textContent.startsWith('2021年忻州市')).value"
        )
        page.select_option("#doc-filter", value)
        page.check("#physics")
        page.wait_for_timeout(2500)
        page.uncheck("#physics")
        page.evaluate("window.policyKg.network.fit()")
        page.fill("#search", "积极开展实验室建设")
        page.wait_for_timeout(300)
        page.evaluate("window.policyKg.network.fit()")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "graph.png"))
        browser.close()


if __name__ == "__main__":
    main()
