"""Metric concepts: the SKOS vocabulary of indicators and how targets are linked to it."""

from __future__ import annotations

import pytest

from kg.extract.metric_concepts import load_metrics


@pytest.fixture(scope="module")
def vocab():
    return load_metrics()


@pytest.mark.parametrize(
    ("metric", "kind", "concept"),
    [
        ("新认定高新技术企业数量", "count", "hitech-enterprises"),
        ("高企数量", "count", "hitech-enterprises"),
        ("全社会研究与试验发展（R&D）经费占地区生产总值的比重", "percent", "rd-intensity"),
        ("技术合同成交额", "money", "tech-contracts"),
        ("企业开办时间", "time", "business-setup-time"),
        ("培育人工智能OPC生态社区数量", "count", "opc-communities"),
        # the same word measured in area is another indicator
        ("OPC专业社区面积", "area", "incubation-space"),
        ("新增超级创业者工位数量", "count", "workstations"),
    ],
)
def test_metric_names_its_concept(vocab, metric, kind, concept):
    assert vocab.concept_of(metric, kind=kind) == concept


def test_no_concept_when_none_fits(vocab):
    assert vocab.concept_of("堵点难点问题数量", kind="count") is None
    # 社区 counted in 平方米 is no count of communities
    assert vocab.concept_of("OPC社区", kind="area") != "opc-communities"


def test_the_longest_label_wins_and_the_target_text_is_a_fallback(vocab):
    assert vocab.concept_of("科技型中小企业数量", kind="count") == "tech-smes"
    assert vocab.concept_of("数量", "培育科技型中小企业100家", kind="count") == "tech-smes"


def test_every_concept_has_labels_and_says_whether_it_adds_up(vocab):
    assert len(vocab.concepts) >= 30
    for c in vocab.concepts.values():
        assert c.label and c.label_en
        assert isinstance(c.additive, bool)
    assert vocab.concepts["hitech-enterprises"].additive
    assert not vocab.concepts["rd-intensity"].additive


def test_targets_link_to_concepts_in_the_graph(bundled):
    from kg.query import open_store, run

    rows = list(
        run(
            open_store(bundled[0]),
            "SELECT ?label ?additive (COUNT(?t) AS ?n) WHERE { ?t a ont:Target ; ont:metricConcept ?c . "
            "?c a ont:MetricConcept , skos:Concept ; rdfs:label ?label ; ont:additive ?additive } "
            "GROUP BY ?label ?additive",
        )
    )
    labels = {r["label"].value: r["additive"].value for r in rows}
    assert labels["高新技术企业数量"] == "true"
