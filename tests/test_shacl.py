"""The shapes compiled to SPARQL (kg.shacl) find exactly what pyshacl finds: on a graph
breaking every constraint of kg/data/shapes.ttl, on random parts of it, and on the
bundled corpus; unsupported SHACL is refused, not ignored."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.shacl import UnsupportedShape, compile_shapes, project_checks
from kg.validate import validate_graph, validate_store

P = "@prefix ont: <https://w3id.org/policykg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> . "
P += "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
P += "@prefix : <https://x/> . "

#: Statements that, together, break every constraint of the shapes (and some that keep
#: others whole), one per line so that random subsets make other broken graphs.
STATEMENTS = """
:d1 a ont:PolicyDocument .
:d1 ont:docNumber "晋政发2021-15" .
:d1 dcterms:issued "2021-04-30" .
:d1 ont:isDraft true .
:d1 ont:isDraft false .
:d1 ont:periodStart 2025 .
:d1 ont:periodEnd 2021 .
:d1 ont:hasTask :a1 .
:d1 ont:jurisdiction :r1 .
:d1 ont:jurisdiction :r2 .
:d1 ont:sourceFile "a.txt" .
:d2 a ont:PolicyDocument .
:d2 dcterms:title "标题"@zh .
:d2 ont:sourceFile "b.txt" .
:d2 ont:isDraft false .
:d2 ont:hasTask :t1 .
:d2 ont:wrappedIn :t1 .
:t1 a ont:Task .
:t1 rdfs:label "一" .
:t1 rdfs:label "二" .
:t1 ont:path "1" .
:t1 ont:inDocument :d2 .
:t1 ont:inDocument :d1 .
:t1 ont:leadAgency :r1 .
:t1 ont:hasTarget :g1 .
:d1 ont:hasTask :t1 .
:t2 a ont:Task .
:t2 rdfs:label "任务"@zh .
:t2 ont:path 3 .
:t2 ont:evidence "…" .
:g1 a ont:Target .
:g1 ont:comparator "~" .
:g1 ont:comparator "=" .
:g1 ont:value "5000" .
:g1 ont:value 5000.0 .
:g1 ont:metric "数量" .
:g1 ont:targetYear 2025 .
:g1 ont:targetYear 2026 .
:g2 a ont:Target .
:g2 ont:comparator "x2" .
:g2 ont:evidence "…" .
:g3 a ont:Target .
:g3 ont:value 1.5 .
:g3 ont:quantityKind "fraction" .
:g3 ont:comparator ">=" .
:g3 ont:metric "比重" .
:g3 ont:targetYear "2025" .
:ag1 a ont:Agency .
:ag1 rdfs:label "甲局" .
:ag1 ont:agencyKind "government" .
:ag2 a ont:Agency .
:ag2 rdfs:label "乙大学" .
:ag2 ont:agencyKind "academic" .
:ag3 a ont:Agency .
:ag3 ont:jurisdiction :d1 .
:r1 a ont:Region .
:r1 rdfs:label "某省" .
:r1 ont:adminLevel "village" .
:r1 ont:withinRegion :r2 .
:r1 ont:withinRegion :r3 .
:r2 a ont:Region .
:r2 rdfs:label "某国" .
:r2 ont:adminLevel "national" .
:p1 a ont:Program .
:p1 rdfs:label "一工程" .
:p1 ont:definedIn :t1 .
:c1 a ont:IndustryCluster .
:l1 a ont:ParentLink .
:l1 ont:linkFrom :d1 .
:l1 ont:linkTo :r1 .
:l1 ont:evidence "…" .
""".strip().splitlines()


def _both(statements: list[str]):
    text = P + "\n".join(statements)
    graph = rdflib.Graph().parse(data=text, format="turtle")
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    ours = validate_store(store)
    reference = validate_graph(graph)

    def key(items):
        # pyshacl names an inverse path by a blank node, we by ^IRI; messages may differ
        return {(f, "inverse" if p.startswith("^") or not p.startswith("http") and p else p) for f, p, _ in items}

    return (key(ours.violations), key(ours.warnings)), (key(reference.violations), key(reference.warnings))


def test_every_constraint_broken_gives_what_pyshacl_gives():
    ours, reference = _both(STATEMENTS)
    assert ours == reference
    violations, warnings = ours
    assert len(violations) > 25 and warnings  # the graph does break many of them


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=30, unique=True))
def test_random_parts_of_a_broken_graph(statements):
    ours, reference = _both(statements)
    assert ours == reference


def test_the_bundled_corpus_agrees(bundled):
    from kg.query import open_store

    out = bundled[0]
    ours = validate_store(open_store(out))
    reference = validate_graph(rdflib.Graph().parse(out / "graph.nt", format="nt"))
    assert ours.violations == reference.violations == []
    assert {f for f, _, _ in ours.warnings} == {f for f, _, _ in reference.warnings}


def test_every_shape_compiles_and_unsupported_shacl_is_refused():
    assert len(project_checks()) > 50
    with pytest.raises(UnsupportedShape, match="qualifiedValueShape|unsupported"):
        compile_shapes(
            "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://x/> . "
            ":s a sh:NodeShape ; sh:targetClass :C ; sh:property [ sh:path :p ; sh:qualifiedValueShape [ ] ] ."
        )
    with pytest.raises(UnsupportedShape):
        compile_shapes(
            "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <https://x/> . "
            ":s a sh:NodeShape ; sh:targetNode :n ; sh:property [ sh:path :p ; sh:minCount 1 ] ."
        )


def test_checks_of_one_component_on_the_same_nodes_are_asked_in_one_query():
    """Datatype and class constraints of a shape are asked together (`batches`); each
    answer goes to its own check, and the answers are those of each check asked alone."""
    from kg.shacl import batches, project_checks, run_checks

    checks = project_checks()
    plan = batches(checks)
    assert sorted(id(c) for _, group in plan for c in group) == sorted(id(c) for c in checks)  # each once
    merged = [group for _, group in plan if len(group) > 1]
    assert {group[0].component for group in merged} == {"Datatype", "Class"}
    assert all(len({(c.component, c.focus) for c in group}) == 1 for group in merged)
    graph = rdflib.Graph().parse(data=P + "\n".join(STATEMENTS), format="turtle")
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    alone = {(c, row["focus"].value) for c in checks for row in store.query(c.query)}
    together = set(run_checks(store, checks))
    assert together == alone
    assert {c.component for c, _ in together} >= {"Datatype", "Class"}  # the merged ones found something
