"""The notebook API (`kg.load`): tables, SPARQL, the networkx graph and a pyvis view,
each checked against SPARQL on the bundled build."""

from __future__ import annotations

import json
import re

import pytest

import kg
from kg.api import PolicyGraph, python_value

CLASSES = "ont:PolicyDocument ont:Task ont:Agency ont:Program ont:IndustryCluster ont:Target ont:Region ont:Incentive"
BUREAU = "https://w3id.org/policykg/id/agency-150100-呼和浩特市科学技术局"


@pytest.fixture(scope="module")
def graph(bundled) -> PolicyGraph:
    return kg.load(bundled[0])


def _count(graph: PolicyGraph, query: str) -> int:
    (row,) = graph.query(query, frame=False)
    return row["n"]


def test_query_gives_plain_python_values(graph):
    rows = graph.query(
        "SELECT ?d ?date ?end { ?d ont:docNumber '呼政办字〔2021〕7号' ; dcterms:issued ?date ; ont:periodEnd ?end }",
        frame=False,
    )
    assert rows == [{"d": "https://w3id.org/policykg/id/doc-呼政办字-2021-7号", "date": "2021-02-03", "end": 2023}]
    assert graph.query("ASK { ?t a ont:Task }") is True
    assert python_value(None) is None


def test_query_refuses_updates(graph):
    from kg.query import QueryRefusedError

    with pytest.raises(QueryRefusedError):
        graph.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_tables_match_sparql(graph):
    docs = graph.documents(frame=False)
    assert len(docs) == _count(graph, "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d ont:sourceFile ?f }")
    assert len(graph.tasks(frame=False)) == _count(graph, "SELECT (COUNT(DISTINCT ?t) AS ?n) { ?t a ont:Task }")
    assert all(isinstance(d["tasks"], int) for d in docs)
    assert {d["period_end"] for d in docs} >= {None, 2025}
    years = {t["year"] for t in graph.targets(frame=False)}
    assert None in years and all(y is None or isinstance(y, int) for y in years)


def test_tables_as_dataframes_when_pandas_is_installed(graph):
    pd = pytest.importorskip("pandas")
    docs = graph.documents()
    assert isinstance(docs, pd.DataFrame) and str(docs["period_end"].dtype) == "Int64"
    assert str(graph.targets()["year"].dtype) == "Int64"
    assert isinstance(graph.query("SELECT ?t { ?t a ont:Task }"), pd.DataFrame)


def test_to_networkx_has_the_typed_nodes_and_relations(graph):
    g = graph.to_networkx()
    assert g.number_of_nodes() == _count(
        graph, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a ?c VALUES ?c {{ {CLASSES} }} }}"
    )
    from kg.export.html import RELATIONS

    relations = " ".join(f"<{r}>" for r in RELATIONS)
    typed_edges = f"""SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o VALUES ?p {{ {relations} }}
        ?s a ?a VALUES ?a {{ {CLASSES} }} ?o a ?b VALUES ?b {{ {CLASSES} }} }} }}"""
    assert g.number_of_edges() == _count(graph, typed_edges)
    task = g.nodes["https://w3id.org/policykg/id/doc-呼政办字-2021-7号-t-一-p三-5"]
    assert task == {
        "label": "年认定高新技术企业50家以上",
        "kind": "Task",
        "region": "呼和浩特市",
        "document": "https://w3id.org/policykg/id/doc-呼政办字-2021-7号",
        "year": 2021,
    }
    assert g.nodes[BUREAU]["region"] == "呼和浩特市"
    led = _count(graph, f"SELECT (COUNT(*) AS ?n) {{ ?t ont:leadAgency <{BUREAU}> }}")
    assert sum(1 for _, _, rel in g.in_edges(BUREAU, keys=True) if rel == "leadAgency") == led


def test_to_networkx_by_kind(graph):
    g = graph.to_networkx(["Task", "Agency"])
    assert {k for _, k in g.nodes(data="kind")} == {"Task", "Agency"}
    assert {rel for *_, rel in g.edges(keys=True)} == {"leadAgency", "supportAgency"}
    with pytest.raises(ValueError, match="unknown kind"):
        graph.to_networkx("Taks")


def test_centrality_of_agencies(graph):
    rows = graph.centrality(frame=False)
    agencies = graph.agencies(frame=False)
    assert len(rows) == len(agencies)
    tasks = {a["iri"]: a["led_tasks"] + a["supported_tasks"] for a in agencies}
    assert all(r["tasks"] == tasks[r["iri"]] for r in rows)
    assert rows[0]["iri"] == BUREAU and rows[0]["betweenness"] > 0
    assert [r["betweenness"] for r in rows] == sorted((r["betweenness"] for r in rows), reverse=True)


def test_show_a_selection_in_pyvis(graph, tmp_path):
    net = graph.show([BUREAU], depth=1)
    g = graph.to_networkx()
    neighbours = set(g.successors(BUREAU)) | set(g.predecessors(BUREAU))
    assert {n["id"] for n in net.nodes} == neighbours | {BUREAU}
    html = net.generate_html()
    assert json.dumps("呼和浩特市科学技术局")[1:-1] in html and "vis.Network" in html
    # nothing loaded from the network: vis-network is inlined, pyvis's CDN tags removed
    assert not re.findall(r'<(?:script|link)[^>]*(?:src|href)="https?://', html)
    net.write_html(str(tmp_path / "selection.html"), notebook=False)
    assert (tmp_path / "selection.html").stat().st_size > 100_000
    with pytest.raises(KeyError):
        graph.show(["https://example.org/nothing"])
