"""Exports analysts use as they are: documents, tasks, targets and agencies tables carry
the document's number, date and region, the task's number and the join keys; year
columns hold integers only; GraphML nodes carry region, year and document so that
Gephi groups by them.  Figures are checked against SPARQL on the same build."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from kg.query import open_store, run


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def _read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _count(store, query: str) -> int:
    (row,) = list(run(store, query))
    return int(row["n"].value)


def test_documents_table_has_one_row_per_corpus_document(built, store):
    docs = _read(built / "documents.csv")
    assert len(docs) == _count(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d ont:sourceFile ?f }")
    by_iri = {d["iri"]: d for d in docs}
    assert len(by_iri) == len(docs)
    for sol in run(
        store,
        "SELECT ?d (COUNT(DISTINCT ?t) AS ?n) { ?d ont:sourceFile ?f OPTIONAL { ?d ont:hasTask ?t } } GROUP BY ?d",
    ):
        assert by_iri[sol["d"].value]["tasks"] == sol["n"].value
    targets = "SELECT ?d (COUNT(DISTINCT ?x) AS ?n) { ?d ont:sourceFile ?f OPTIONAL { ?x a ont:Target ; prov:wasDerivedFrom ?d } } GROUP BY ?d"
    for sol in run(store, targets):
        assert by_iri[sol["d"].value]["targets"] == sol["n"].value
    plan = next(d for d in docs if d["number"] == "呼政办字〔2021〕7号" and d["role"] == "main")
    assert plan["date"] == "2021-02-03" and plan["region"] == "呼和浩特市" and plan["level"] == "city"
    assert (plan["period_start"], plan["period_end"], plan["draft"]) == ("2021", "2023", "false")
    assert sum(int(d["tasks"]) for d in docs) == len(_read(built / "tasks.csv"))


def test_tasks_carry_their_documents_number_date_region_and_evidence(built):
    tasks = _read(built / "tasks.csv")
    row = next(r for r in tasks if r["task"] == "年认定高新技术企业50家以上")
    assert row["document_number"] == "呼政办字〔2021〕7号"
    assert row["document_date"] == "2021-02-03"
    assert row["region"] == "呼和浩特市"
    assert row["path"] == "一/（三）/5"
    assert row["evidence"].startswith("5.年认定高新技术企业50家以上。")
    docs = {d["iri"] for d in _read(built / "documents.csv")}
    assert all(r["document_iri"] in docs and r["region"] for r in tasks)


def test_targets_carry_region_task_number_and_integer_years(built, store):
    targets = _read(built / "targets.csv")
    assert len(targets) == _count(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x a ont:Target }")
    row = next(r for r in targets if r["iri"].endswith("-t-一-p三-5-target-1"))
    assert (row["region"], row["task_path"], row["task"]) == ("呼和浩特市", "一/（三）/5", "年认定高新技术企业50家以上")
    assert row["value"] == "50" and row["unit"] == "家"
    assert all(re.fullmatch(r"\d{4}|", r["year"]) for r in targets)
    assert any(r["year"] == "" for r in targets) and any(r["year"] for r in targets)
    tasks = {t["iri"]: t for t in _read(built / "tasks.csv")}
    for r in targets:
        if r["task_iri"]:
            assert tasks[r["task_iri"]]["path"] == r["task_path"]


def test_agencies_table_counts_led_and_supported_tasks(built, store):
    agencies = _read(built / "agencies.csv")
    assert len(agencies) == _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a a ont:Agency }")
    led = _count(store, "SELECT (COUNT(*) AS ?n) { ?t ont:leadAgency ?a }")
    supported = _count(store, "SELECT (COUNT(*) AS ?n) { ?t ont:supportAgency ?a }")
    assert sum(int(a["led_tasks"]) for a in agencies) == led
    assert sum(int(a["supported_tasks"]) for a in agencies) == supported
    bureau = next(a for a in agencies if a["name"] == "呼和浩特市科学技术局")
    assert (bureau["jurisdiction"], bureau["jurisdiction_code"], bureau["kind"]) == ("呼和浩特市", "150100", "gov")
    leads = Counter(x for t in _read(built / "tasks.csv") for x in t["lead_agencies"].split("；") if x)
    assert int(bureau["led_tasks"]) == leads["呼和浩特市科学技术局"]


def test_year_columns_read_as_integers_in_pandas(built):
    pd = pytest.importorskip("pandas")
    targets = pd.read_csv(built / "targets.csv", dtype={"year": "Int64"})
    assert str(targets["year"].dtype) == "Int64"
    docs = pd.read_csv(built / "documents.csv", dtype={"period_start": "Int64", "period_end": "Int64"})
    assert docs["period_end"].max() == 2025


def test_graphml_nodes_carry_region_year_and_document(built):
    import networkx as nx

    g = nx.read_graphml(built / "graph.graphml")
    nodes = dict(g.nodes(data=True))
    task = nodes["https://w3id.org/policykg/id/doc-呼政办字-2021-7号-t-一-p三-5"]
    assert task["kind"] == "Task" and task["region"] == "呼和浩特市"
    assert task["year"] == 2021 and task["date"] == "2021-02-03"
    assert task["document"] == "https://w3id.org/policykg/id/doc-呼政办字-2021-7号"
    assert task["file"] == "003_891e6112dde08fb9.txt"
    for d in nodes.values():
        if d["kind"] in ("Task", "Target"):
            assert d["document"] and d["file"] and d["region"]
        assert isinstance(d.get("year", 0), int) and isinstance(d.get("target_year", 0), int)
    agency = nodes["https://w3id.org/policykg/id/agency-150100-呼和浩特市科学技术局"]
    assert agency["region"] == "呼和浩特市" and "document" not in agency
    by_region = Counter(d.get("region") for d in nodes.values() if d["kind"] == "Task")
    assert by_region["呼和浩特市"] == 35
