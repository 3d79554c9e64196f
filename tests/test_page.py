"""graph.html in a real browser (Debian Chromium through Playwright): offline, complete,
searchable, filterable, with evidence on click, and inert whatever the corpus says."""

from __future__ import annotations

import pytest
from browser import open_page
from click.testing import CliRunner

from kg.cli import main
from kg.query import open_store, run

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


def typed_nodes(out) -> int:
    q = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . VALUES ?c { ont:PolicyDocument ont:Task ont:Agency
           ont:Program ont:IndustryCluster ont:Target ont:Region ont:Incentive } }"""
    return int(next(iter(run(open_store(out), q)))["n"].value)


def test_loads_offline_with_every_node_drawn(built):
    with open_page(built / "graph.html") as page:
        assert page.errors == []
        assert page.blocked == []
        shown = page.evaluate("window.policyKg.nodesView.length")
        drawn = page.evaluate("window.policyKg.network.body.nodeIndices.length")
        assert shown == drawn == typed_nodes(built)


def test_search_selects_the_agency(built):
    with open_page(built / "graph.html") as page:
        page.fill("#search", "忻州市科学技术局")
        page.wait_for_timeout(300)
        selected = page.evaluate("window.policyKg.network.getSelectedNodes()")
        assert len(selected) == 1
        label = page.evaluate(f"window.policyKg.data.nodes.find(n => n.id === {selected[0]}).label")
        assert label == "忻州市科学技术局"
        assert page.inner_text("#panel h1") == "忻州市科学技术局"
        # partial match: 科技局 finds every 科学技术局 through its alternate label
        page.fill("#search", "科技局")
        page.wait_for_timeout(200)
        hits = page.eval_on_selector_all("#results div", "els => els.map(e => e.textContent)")
        assert {"忻州市科学技术局", "呼和浩特市科学技术局"} <= set(hits)


def test_class_and_document_filters(built):
    with open_page(built / "graph.html") as page:
        total = page.evaluate("window.policyKg.nodesView.length")
        tasks = page.evaluate("window.policyKg.data.nodes.filter(n => n.cls === 'ont:Task').length")
        page.uncheck("input[data-cls='ont:Task']")
        assert page.evaluate("window.policyKg.nodesView.length") == total - tasks
        page.check("input[data-cls='ont:Task']")
        value = page.evaluate(
            "[...document.querySelectorAll('#doc-filter option')].find(o => o.textContent.startsWith('2021年忻州市')).value"
        )
        page.select_option("#doc-filter", value)
        shown = page.evaluate("window.policyKg.nodesView.length")
        assert 21 < shown < total
        page.click("#reset-btn")
        assert page.evaluate("window.policyKg.nodesView.length") == total


def test_clicking_a_task_shows_its_evidence(built):
    with open_page(built / "graph.html") as page:
        page.wait_for_timeout(500)
        node = page.evaluate(
            "window.policyKg.data.nodes.find(n => n.cls === 'ont:Task' && n.label === '积极开展实验室建设').id"
        )
        page.evaluate(f"window.policyKg.network.focus({node}, {{scale: 2, animation: false}})")
        page.wait_for_timeout(200)
        box = page.query_selector("#network canvas").bounding_box()
        pos = page.evaluate(
            f"(() => {{ const n = window.policyKg.network; return n.canvasToDOM(n.getPositions([{node}])[{node}]); }})()"
        )
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        page.wait_for_timeout(200)
        assert page.inner_text("#panel h1") == "积极开展实验室建设"
        evidence = page.inner_text("#panel .evidence")
        assert "认真贯彻《山西省实验室建设与运行管理办法（试行）》" in evidence
        assert "000_70eba105ec7cd892.txt" in page.inner_text("#panel")


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
        page.fill("#search", "平台")
        page.wait_for_timeout(300)
        page.click("#results div")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert page.dialogs == [] and page.blocked == [] and page.errors == []
        assert '<img src=x onerror="window.__pwned=4">' in page.inner_text("#panel h1")
        assert page.query_selector("#panel img") is None and page.query_selector("#panel script") is None
        assert "javascript:window.__pwned=5" in page.inner_text("#panel .evidence")
