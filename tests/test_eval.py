"""kg.eval follows the reference scorer's rules (../shared/gold/SCHEMA.md): these are the
rules where an earlier version of `kg eval` disagreed with it."""

from __future__ import annotations

from kg.eval import AgencyReducer, SysFile, score_file, similarity
from kg.lexicon.gazetteer import load_gazetteer


def _gold(**extra):
    gold = {
        "file": "x.txt",
        "documents": [{"key": "main", "title": "某市科技创新行动方案", "jurisdiction": "某市"}],
        "tasks": [],
        "targets": [],
        "programs": [],
        "clusters": [],
        "cited": [],
        "parent_links": [],
    }
    gold.update(extra)
    return gold


def _score(gold, sys):
    return score_file(gold, sys, AgencyReducer(load_gazetteer()))


def test_containment_similarity_scales_with_how_much_is_covered():
    assert similarity("人工智能", "人工智能") == 1.0
    assert similarity("人工智能", "人工智能产业集群") == 4 / 8 * 0.5 + 0.5
    assert similarity("人工智能产业集群", "人工智能") == similarity("人工智能", "人工智能产业集群")


def test_targets_pair_same_year_first_and_a_gold_target_without_year_takes_any():
    gold = _gold(targets=[
        {"value": 100, "unit": "家", "year": 2025},
        {"value": 100, "unit": "家", "year": 2027},
        {"value": 5, "unit": "%", "year": None},
    ])  # fmt: skip
    sys = SysFile(targets=[
        {"value": 100.0, "unit": "家", "year": 2027, "text": ""},
        {"value": 100.0, "unit": "家", "year": 2025, "text": ""},
        {"value": 5.0000000001, "unit": "%", "year": 2030, "text": ""},
    ])  # fmt: skip
    s = _score(gold, sys)
    assert (s["targets"].tp, s["targets"].sys, s["targets"].gold) == (3, 3, 3)
    assert s["targets.year"].tp == 3


def test_a_target_in_the_wrong_year_still_counts_but_not_its_year():
    gold = _gold(targets=[{"value": 30, "unit": "个", "year": 2025}])
    sys = SysFile(targets=[{"value": 30.0, "unit": "个", "year": 2026, "text": ""}])
    s = _score(gold, sys)
    assert s["targets"].tp == 1 and s["targets.year"].tp == 0


def test_an_unmatched_citation_of_a_gold_parent_plan_is_not_a_false_citation():
    gold = _gold(parent_links=[{"parent_title": "某省数字经济发展规划"}])
    sys = SysFile(cited={"c1": (["某省数字经济发展规划"], None), "c2": (["无关的通知"], None)})
    s = _score(gold, sys)
    assert (s["cited"].tp, s["cited"].sys) == (0, 1)


def test_document_fields_are_scored_per_gold_document():
    gold = _gold(documents=[
        {"key": "main", "title": "某市科技创新行动方案", "jurisdiction": "某市", "date": "2024-03-01", "doc_number": "某政办〔2024〕3号"},
        {"key": "notice", "title": "某市人民政府办公室关于印发某市科技创新行动方案的通知"},
    ])  # fmt: skip
    sys = SysFile(docs=[{"title": "某市科技创新行动方案", "number": "某政办〔2024〕3号", "date": "2024-03-01",
                         "period": None, "jurisdiction": "某"}])  # fmt: skip
    s = _score(gold, sys)
    assert (s["doc.title"].tp, s["doc.title"].gold) == (1, 2)
    assert s["doc.number"].tp == 1 and s["doc.date"].tp == 1 and s["doc.jurisdiction"].tp == 1
