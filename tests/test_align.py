"""Targets across levels (kg.align): a province plan and its cities' and a county's plans
setting targets on the same indicators (tests/fixtures/alignment), through the library,
target_alignment.csv, the named query and the page."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.align import Basis, Flag, LevelTarget, align, load_units, read_targets, unit_of
from kg.cli import main
from kg.extract.metric_concepts import load_metrics
from kg.lexicon.gazetteer import load_gazetteer
from kg.vocab import Iris

FIXTURE = Path(__file__).parent / "fixtures" / "alignment"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("aligned")
    result = CliRunner().invoke(main, ["build", str(FIXTURE), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    return out


def rows_of(out: Path) -> list[dict[str, str]]:
    text = (out / "target_alignment.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_cities_beside_the_province_and_a_county_beside_its_city(built):
    rows = {(r["indicator"], r["parent_region"], r["child_region"]): r for r in rows_of(built)}
    hitech = rows[("高新技术企业数量", "江西省", "南昌市")]
    assert (hitech["year"], hitech["parent_value"], hitech["unit"], hitech["child_value"]) == (
        "2025",
        "10000",
        "家",
        "4000",
    )
    # 11 cities in 江西: an equal share is 1/11; 南昌 sets 40 %, 赣州 8 %
    assert hitech["regions_at_level"] == "11" and hitech["children_with_targets"] == "2"
    assert hitech["children_sum"] == "4800"
    assert hitech["flag"] == "above-share"
    assert rows[("高新技术企业数量", "江西省", "赣州市")]["flag"] == "below-share"
    # the county is paired with its city, not the province
    county = rows[("高新技术企业数量", "南昌市", "南昌县")]
    assert county["child_level"] == "county" and county["flag"] == "below-share"
    assert ("高新技术企业数量", "江西省", "南昌县") not in rows
    # a rate does not add up: compared with the province's own value
    assert rows[("R&D经费投入强度", "江西省", "南昌市")]["flag"] == "more-ambitious"
    assert rows[("R&D经费投入强度", "江西省", "赣州市")]["flag"] == "less-ambitious"
    assert rows[("R&D经费投入强度", "江西省", "赣州市")]["children_sum"] == ""
    # amounts in 亿元 add up
    assert rows[("技术合同成交额", "江西省", "赣州市")]["children_sum"] == "260"


def test_every_flag_says_why(built):
    for r in rows_of(built):
        assert r["reason"], r


def test_the_named_query_answers_on_the_same_corpus(built):
    result = CliRunner().invoke(main, ["query", "target-alignment", "--exports", str(built), "--format", "csv"])
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(io.StringIO(result.output)))
    pairs = {(r["indicator"], r["parentRegion"], r["childRegion"], r["childValue"], r["share"]) for r in got}
    assert ("高新技术企业数量", "江西省", "南昌市", "4000", "0.4") in pairs
    assert ("R&D经费投入强度", "江西省", "赣州市", "1.8", "") in pairs
    sums = {r["childrenSum"] for r in got if r["indicator"] == "技术合同成交额"}
    assert sums == {"260"}
    # the same pairs and flags as target_alignment.csv: one alignment, read three ways
    csv_pairs = sorted((r["indicator"], r["child_value"], r["flag"], r["reason"]) for r in rows_of(built))
    assert sorted((r["indicator"], r["childValue"], r["flag"], r["reason"]) for r in got) == csv_pairs


def _target(region: str, value: float, unit: str, **kw) -> LevelTarget:
    fields = dict(
        iri=f"t:{region}:{value}{unit}",
        concept="tech-contracts",
        year=2025,
        basis=Basis.LEVEL,
        region=region,
        value=value,
        unit=unit,
        comparator="=",
        metric="技术合同成交额",
        document=f"d:{region}",
        title="",
        issued="2023-01-01",
    )
    fields.update(kw)
    return LevelTarget(**fields)  # type: ignore[arg-type]


def test_units_are_converted_to_the_parents():
    rows = align([_target("360000", 500, "亿元"), _target("360100", 2000000, "万元")], load_gazetteer(), load_metrics())
    assert [(r.child_value, r.parent.unit) for r in rows] == [(200, "亿元")]
    units = load_units()
    assert unit_of("万件", units).factor == 1e4 and unit_of("万件", units).base == "个"


def test_levels_and_flows_and_years_are_never_compared():
    gaz, metrics = load_gazetteer(), load_metrics()
    flow = _target("360100", 50, "亿元", basis=Basis.FLOW)
    other_year = _target("360700", 50, "亿元", year=2024)
    assert align([_target("360000", 500, "亿元"), flow, other_year], gaz, metrics) == []


def test_the_most_recent_document_stands_for_its_region():
    older = _target("360100", 100, "亿元", issued="2021-01-01")
    newer = _target("360100", 150, "亿元", issued="2023-06-01")
    rows = align([_target("360000", 500, "亿元"), older, newer], load_gazetteer(), load_metrics())
    assert [r.child_value for r in rows] == [150]


def test_a_ceiling_or_a_time_is_more_ambitious_when_lower():
    gaz, metrics = load_gazetteer(), load_metrics()
    parent = _target("360000", 5, "个工作日", concept="business-setup-time", metric="企业开办时间", comparator="<=")
    quicker = _target("360100", 3, "个工作日", concept="business-setup-time", metric="企业开办时间", comparator="<=")
    rows = align([parent, quicker], gaz, metrics)
    assert [r.flag for r in rows] == [Flag.MORE_AMBITIOUS]


def test_a_child_above_the_whole_is_flagged():
    rows = align([_target("360000", 100, "亿元"), _target("360100", 120, "亿元")], load_gazetteer(), load_metrics())
    assert rows[0].flag is Flag.EXCEEDS_PARENT


def test_read_targets_needs_a_concept_and_a_jurisdiction(built):
    lines = (built / "graph.nt").read_text(encoding="utf-8").splitlines()
    targets = read_targets(lines, Iris(), load_metrics())
    assert targets and all(t.concept and t.region for t in targets)
    assert {t.region for t in targets} == {"360000", "360100", "360700", "360121"}


def test_an_edit_reaches_the_csv_and_equals_a_clean_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    city = corpus / "ganzhou_city.txt"
    city.write_text(city.read_text(encoding="utf-8").replace("达到800家", "达到1200家"), encoding="utf-8")
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    rows = {(r["indicator"], r["child_region"]): r for r in rows_of(out)}
    assert rows[("高新技术企业数量", "赣州市")]["child_value"] == "1200"
    clean = tmp_path / "clean"
    assert runner.invoke(main, ["build", str(corpus), "-o", str(clean), "--no-cache"]).exit_code == 0
    for name in ("target_alignment.csv", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


@pytest.mark.browser
def test_the_page_shows_an_indicator_across_levels(built):
    from browser import open_page

    with open_page(built / "graph.html") as page:
        assert page.errors == []
        page.click("#tabs button[data-view=targets]")
        options = page.eval_on_selector_all("#align-indicator option", "els => els.map(e => e.value)")
        assert "高新技术企业数量" in options
        page.select_option("#align-indicator", "高新技术企业数量")
        panel = page.inner_text("#panel")
        assert "江西省 2025" in panel and "南昌市" in panel and "赣州市" in panel
        assert "below share 低于均分" in panel and "above share 高于均分" in panel
        assert "合计" in panel and "4800" in panel
        # a region's row opens its target with the evidence sentence
        page.click("#panel table.align .link >> text=赣州市")
        page.wait_for_timeout(200)
        assert "全市高新技术企业达到800家" in page.inner_text("#panel")
