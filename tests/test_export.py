"""Exports: every RDF file parses with an independent parser, the formats agree,
and the same corpus gives the same bytes whatever the file order."""

from __future__ import annotations

import json
import os
import shutil
import time

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import ROOT
from rdflib.compare import isomorphic

from kg.cli import main


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


def test_formats_parse_and_agree(built):
    ttl = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    nt = rdflib.Graph().parse(built / "graph.nt", format="nt")
    jsonld = rdflib.Graph().parse(built / "graph.jsonld", format="json-ld")
    trig = rdflib.Dataset()
    trig.parse(built / "graph.trig", format="trig")
    union = rdflib.Graph()
    for s, p, o, _g in trig.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(ttl) > 500
    assert isomorphic(ttl, nt)
    assert isomorphic(ttl, jsonld)
    assert isomorphic(ttl, union)
    # and with pyoxigraph, a second implementation
    for name, fmt in (
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.trig", ox.RdfFormat.TRIG),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ):
        assert len(list(ox.parse(path=str(built / name), format=fmt))) >= len(ttl) - 1


def test_jsonld_has_a_context(built):
    doc = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["ont"] == "https://w3id.org/policykg/ontology#"
    assert any("ont:PolicyDocument" in n.get("@type", []) for n in doc["@graph"])


def test_trig_has_one_graph_per_file(built):
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    files = {
        str(o)
        for _, _, o, _ in ds.quads((None, rdflib.URIRef("https://w3id.org/policykg/ontology#sourceFile"), None, None))
    }
    graphs = {str(g) for _, _, _, g in ds.quads((None, None, None, None))}
    assert len(files) == 5
    assert len(graphs) >= 5


def test_contract_terms_present(built):
    g = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    q = """PREFIX ont: <https://w3id.org/policykg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?t ?path WHERE { ?d ont:docNumber "晋政发〔2021〕15号" ; ont:hasTask ?t . ?t ont:path ?path ; ont:inDocument ?d }"""
    paths = {str(r.path) for r in g.query(q)}
    assert "第二章/第一节" in paths
    q2 = """PREFIX ont: <https://w3id.org/policykg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?parent WHERE { ?r rdfs:label "忻州市" ; ont:withinRegion ?p ; ont:adminLevel "city" . ?p rdfs:label ?parent }"""
    assert [str(r.parent) for r in g.query(q2)] == ["山西省"]
    q3 = """PREFIX ont: <https://w3id.org/policykg/ontology#>
    SELECT ?w WHERE { ?m ont:wrappedIn ?w ; ont:sourceFile "001_fbe89765edcef04c.txt" }"""
    assert len(list(g.query(q3))) == 2


def test_same_corpus_in_another_order_gives_identical_bytes(tmp_path, built):
    copy = tmp_path / "copy"
    copy.mkdir()
    for i, src in enumerate(sorted((ROOT / "corpus").glob("*.txt"), reverse=True)):
        shutil.copy(src, copy / src.name)
        os.utime(copy / src.name, (time.time() - 1000 * i, time.time() - 1000 * i))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(copy), "-o", str(out), "--no-cache", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html"):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name


def test_page_is_self_contained(built):
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert "https://" not in page.split('<script type="application/json"')[0]
    assert "<script src" not in page
    assert "vis-network" in page


def test_a_named_graph_in_trig_is_what_pyoxigraph_writes_from_n_quads():
    """`trig_body` indents the graph's Turtle instead of parsing N-Quads again: the same
    bytes as pyoxigraph's TriG serialiser, whatever the literals hold (line breaks,
    quotes, tabs, language tags, datatypes) and however the graph's IRI abbreviates."""
    import pyoxigraph as ox

    from kg.export.rdf import _body, prefixes_for, trig_body
    from kg.graph import Parsed
    from kg.vocab import DEFAULT_BASE

    ns, ont = DEFAULT_BASE, "https://w3id.org/policykg/ontology#"
    lines = sorted(
        [
            f'<{ns}doc-a> <http://www.w3.org/2000/01/rdf-schema#label> "第一行\\n第二行 \\"引号\\"\\t制表"@zh .',
            f'<{ns}doc-a> <{ont}targetValue> "12.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
            f"<{ns}doc-a> <{ont}leadAgency> <{ns}agency-科技厅> .",
            f"<{ns}agency-科技厅> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ont}Agency> .",
            f"<http://example.org/x> <{ont}p> <http://example.org/y#z> .",
        ]
    )
    for graph in (f"{ns}graph-00001_abc.txt", f"{ns}links", "http://example.org/elsewhere/g"):
        nquads = "".join(f"{line[:-1]}<{graph}> .\n" for line in lines).encode("utf-8")
        quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
        expected = _body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes_for(DEFAULT_BASE)))
        assert trig_body(graph, lines, DEFAULT_BASE) == expected
        half = Parsed.union(Parsed(lines[::2]), Parsed(lines[1::2]))  # a file's private and shared lines
        assert half.lines == lines and trig_body(graph, half, DEFAULT_BASE) == expected
