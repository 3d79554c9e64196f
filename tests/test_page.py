"""graph.html in a real browser (Debian Chromium through Playwright): offline, the five
questions analysts bring answered in a few clicks, search with context, bookmarks, CSV
export, a graph grown from a selection, and inert whatever the corpus says."""

from __future__ import annotations

import csv
import io
import time

import pytest
from browser import open_page
from click.testing import CliRunner

from kg.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


def settled(page, timeout=30.0):
    """Wait until the graph view has drawn and laid out (polling: the page's CSP forbids the
    eval behind wait_for_function)."""
    end = time.time() + timeout
    while not page.evaluate("() => !!(window.policyKg.network && window.policyKg.settled)"):
        assert time.time() < end, "the graph did not settle"
        time.sleep(0.05)


def rows(page, selector="#view table.grid"):
    """The text of each body row of the first table matching `selector`, cell by cell."""
    return page.eval_on_selector(
        selector, "t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))"
    )


def test_opens_offline_on_the_document_list_with_counts_named(built):
    with open_page(built / "graph.html") as page:
        assert page.errors == [] and page.blocked == []
        counts = page.inner_text("#counts")
        assert "9 documents in the corpus" in counts and "24 titles only cited" in counts
        listed = rows(page)
        assert len(listed) == 9  # corpus documents only, until asked for the cited titles
        assert all("corpus 语料" in r[1] for r in listed)
        page.check("#show-cited")
        listed = rows(page)
        assert len(listed) == 33 and sum("仅被引用" in r[1] for r in listed) == 24
        # the region tree counts corpus documents, province → city
        tree = page.inner_text("#region-tree")
        assert "山西省 (7)" in tree and "忻州市 (4)" in tree and "呼和浩特市 (2)" in tree


def test_question_1_every_task_an_agency_leads_with_its_documents(built):
    with open_page(built / "graph.html") as page:
        page.click("#tabs button[data-view=agencies]")
        page.fill("#view input[type=search]", "忻州市科学技术局")
        page.click("#view table.grid .link >> text=忻州市科学技术局")
        assert page.inner_text("#view h3") == "忻州市科学技术局"
        listed = rows(page)
        leads = [r for r in listed if r[0].startswith("lead")]
        assert len(leads) == 15
        assert {(r[3], r[4]) for r in leads} == {("2021年忻州市创新生态建设重点工作", "忻州市")}
        supports = [r for r in listed if r[0].startswith("support")]
        assert len(supports) == 1
        assert any(r[6] for r in leads)  # co-leaders named beside the task
        assert "积极开展实验室建设" in {r[1] for r in leads}
        assert "#view=agency&node=" in page.url  # the view is bookmarkable


def test_question_2_from_the_province_plan_down_to_a_task_carrying_it_out(built):
    with open_page(built / "graph.html") as page:
        page.click("#tabs button[data-view=chain]")
        page.select_option(
            "#chain-doc",
            label=next(
                o
                for o in page.eval_on_selector_all("#chain-doc option", "os => os.map(o => o.textContent)")
                if o.startswith("山西省 · 山西省“十四五”打造一流创新生态")
            ),
        )
        tree = page.inner_text("#view ul.chain")
        plan = tree.index("山西省“十四五”打造一流创新生态")
        city = tree.index("2021年忻州市创新生态建设重点工作", plan)
        task = tree.index("深入推进“111”“1331”“136”等工程", city)
        assert plan < city < task
        # the chain reaches up to the national-level outline the plan is based on
        assert tree.index("山西省国民经济和社会发展第十四个五年规划") < plan
        page.click("#view ul.chain .link >> text=深入推进“111”“1331”“136”等工程")
        assert page.inner_text("#panel h1") == "深入推进“111”“1331”“136”等工程"


def test_question_3_targets_of_a_city_due_by_a_year(built):
    with open_page(built / "graph.html") as page:
        page.click("#region-tree .region >> text=呼和浩特市")
        page.click("#tabs button[data-view=targets]")
        page.fill("#due-by", "2023")
        listed = rows(page)
        assert listed and all(r[5] == "呼和浩特市" and 0 < int(r[4]) <= 2023 for r in listed)
        everywhere = page.evaluate("""window.policyKg.data.nodes.filter(n => n.cls === 'ont:Target').length""")
        assert len(listed) < everywhere
        # the rows export as they are shown
        with page.expect_download() as info:
            page.click("#view button.csv")
        table = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
        assert table[0][0] == "metric 指标" and len(table) == len(listed) + 1


def test_question_4_which_city_documents_cite_the_province_plan(built):
    with open_page(built / "graph.html") as page:
        page.fill("#search", "晋政发〔2021〕15号")
        assert page.inner_text("#view h3").startswith("山西省“十四五”打造一流创新生态")
        cited_by = rows(page, "#view [data-name=cited-by] table")
        cities = {(r[1], r[2], r[3]) for r in cited_by}
        assert ("2021年忻州市创新生态建设重点工作", "忻州市", "市 city") in cities
        assert any(
            doc.startswith("运城市加快建设区域性创新中心实施方案") and region == "运城市" for doc, region, _ in cities
        )


def test_question_5_the_evidence_of_a_chosen_task(built):
    with open_page(built / "graph.html") as page:
        page.click("#view table.grid .link >> text=2021年忻州市创新生态建设重点工作")
        page.click("#view table.grid tr.row >> text=积极开展实验室建设")
        assert page.inner_text("#panel h1") == "积极开展实验室建设"
        assert "山西省实验室建设与运行管理办法" in page.inner_text("#panel .evidence")
        panel = page.inner_text("#panel")
        assert "000_70eba105ec7cd892.txt" in panel
        assert "起止位置 position" in panel and "ont:startOffset" not in panel  # human labels


def test_search_gives_context_pages_and_keys(built):
    with open_page(built / "graph.html") as page:
        page.fill("#search", "科技")
        total = int(page.inner_text("#hit-count").split()[0])
        assert total > 40
        shown = page.eval_on_selector_all("#results .hit-row", "els => els.length")
        assert shown == 20
        while page.query_selector("#results button.more"):
            page.click("#results button.more")
        assert page.eval_on_selector_all("#results .hit-row", "els => els.length") == total
        first = page.inner_text("#results .hit-row >> nth=0")
        assert "科技" in page.inner_text("#results .hit-row mark >> nth=0")
        assert first.split("\n")[0]  # class badge and label, then document · region
        task = page.inner_text("#results .hit-row:has(.badge:text-is('Task')) >> nth=0")
        assert " · " in task  # a task hit names its document and region
        # hits are marked in the current view
        assert page.eval_on_selector_all("#view tr.hit", "els => els.length") >= 1
        page.focus("#search")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        second = page.get_attribute("#results .hit-row.active", "data-id")
        page.keyboard.press("Enter")
        assert page.evaluate("window.policyKg.selected") == int(second)


def test_a_bookmarked_view_opens_as_it_was(built):
    with open_page(built / "graph.html") as page:
        page.click("#region-tree .region >> text=忻州市")
        url = page.url
        assert "region=" in url
        page.click("#tabs button[data-view=agencies]")
        page.go_back()  # history follows the views
        assert page.inner_text("#view h3").startswith("Documents")
        assert "忻州市 and below" in page.inner_text("#view h3")
    with open_page(built / "graph.html", fragment=url.split("#", 1)[1]) as page:
        assert "忻州市 and below" in page.inner_text("#view h3")
        listed = rows(page)
        assert len(listed) == 4 and all(r[2] == "忻州市" for r in listed)


def test_the_graph_grows_from_a_selection(built):
    with open_page(built / "graph.html") as page:
        page.click("#view table.grid .link >> text=2021年忻州市创新生态建设重点工作")
        page.click("#view .actions button >> text=graph 图谱")
        settled(page)
        shown = page.evaluate("window.policyKg.nodesView.length")
        total = page.evaluate("window.policyKg.data.nodes.length")
        assert 1 < shown < total
        assert page.evaluate("window.policyKg.network.getScale()") >= 0.5  # labels readable as it opens
        # unticking a class redraws without it
        page.uncheck("#class-filters input[data-cls='ont:Task']")
        settled(page)
        tasks = page.evaluate(
            "window.policyKg.nodesView.get().filter(n => window.policyKg.data.nodes[n.id].cls === 'ont:Task').length"
        )
        assert tasks == 0
        page.check("#class-filters input[data-cls='ont:Task']")
        settled(page)
        # double-clicking a neighbour expands it
        before = page.evaluate("window.policyKg.nodesView.length")
        agency = page.evaluate("window.policyKg.data.nodes.find(n => n.label === '忻州市科学技术局').id")
        page.evaluate(f"window.policyKg.expand({agency})")
        settled(page)
        assert page.evaluate("window.policyKg.nodesView.length") > before
        assert page.evaluate("window.policyKg.nodesView.length") <= 400


def test_injected_markup_runs_nothing_and_shows_literally(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = (
        '关于印发《<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">方案》的通知\n'
        '"><script>window.__pwned=3</script>实施方案\n'
        "一、重点任务\n"
        '1.建设<img src=x onerror="window.__pwned=4">平台。访问javascript:window.__pwned=5，新增“<b>粗体</b>”工程3个。'
        "（市<script>window.__pwned=6</script>局牵头）\n"
    )
    (corpus / "hostile.txt").write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate"]).exit_code == 0
    with open_page(out / "graph.html") as page:
        page.check("#show-cited")
        page.fill("#search", "平台")
        page.wait_for_timeout(300)
        page.click("#results .hit-row >> nth=0")
        page.wait_for_timeout(200)
        for view in ("documents", "agencies", "programs", "targets", "chain", "graph"):
            page.click(f"#tabs button[data-view={view}]")
        assert page.evaluate("window.__pwned") is None
        assert page.dialogs == [] and page.blocked == [] and page.errors == []
        assert '<img src=x onerror="window.__pwned=4">' in page.inner_text("#panel h1")
        assert page.query_selector("#panel img") is None and page.query_selector("#panel script") is None
        assert page.query_selector("#view img") is None and page.query_selector("#view b") is None
        assert "javascript:window.__pwned=5" in page.inner_text("#panel .evidence")
