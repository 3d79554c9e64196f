"""Regenerate the README's screenshots: each view of the page of the bundled corpus, in
headless Chromium (Debian's), from a real build.

.venv/bin/kg build corpus -o exports && .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _shots(page) -> None:
    def shot(name: str) -> None:
        page.wait_for_timeout(400)
        page.screenshot(path=str(DOCS / f"page-{name}.png"))

    # 1. the document list, with the region tree
    shot("documents")
    # 2. one document: its outline with agencies, targets and programs; a task's evidence
    page.click("#view table.grid .link >> text=2021年忻州市创新生态建设重点工作")
    page.click("#view table.grid tr.row >> text=积极开展实验室建设")
    shot("document")
    # 3. an agency: every task it leads or supports, across documents
    page.click("#tabs button[data-view=agencies]")
    page.click("#view table.grid .link >> text=忻州市科学技术局")
    shot("agency")
    # 4. targets of one city due by a year
    page.click("#region-tree .region >> text=呼和浩特市")
    page.click("#tabs button[data-view=targets]")
    page.fill("#due-by", "2023")
    shot("targets")
    # 5. the policy chain of the province plan
    page.click("#region-tree .region >> text=全部地区 all regions")
    page.click("#tabs button[data-view=chain]")
    label = next(
        o
        for o in page.eval_on_selector_all("#chain-doc option", "os => os.map(o => o.textContent)")
        if o.startswith("山西省 · 山西省“十四五”")
    )
    page.select_option("#chain-doc", label=label)
    shot("chain")
    # 6. search with context
    page.fill("#search", "实验室")
    shot("search")
    # 7. the graph grown from a document
    page.fill("#search", "")
    page.click("#tabs button[data-view=documents]")
    page.click("#view table.grid .link >> text=2021年忻州市创新生态建设重点工作")
    page.click("#view .actions button >> text=graph 图谱")
    page.wait_for_timeout(4000)
    shot("graph")


def main() -> None:
    page_path = ROOT / "exports" / "graph.html"
    exe = shutil.which("chromium")
    if exe is None or not page_path.exists():
        sys.exit("needs Debian chromium and a build in exports/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached")
        _shots(page)
        browser.close()


if __name__ == "__main__":
    main()
