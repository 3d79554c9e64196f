"""The ontology loads in an OWL tool, covers the contract, and the bundled export
conforms to the SHACL shapes; exports parse with rapper (raptor2), a third parser."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import rdflib
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main

ONT = rdflib.Namespace("https://w3id.org/policykg/ontology#")
CONTRACT = ROOT.parent / "shared" / "ontology-contract.md"


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(ROOT / "ontology" / "policy.ttl", format="turtle")


def test_loads_in_owlready2(ontology, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "policy.nt"
    ontology.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert {"PolicyDocument", "Task", "Agency", "Region", "Program", "IndustryCluster", "Target"} <= names


def test_every_contract_term_is_defined_with_labels_in_two_languages(ontology):
    if not CONTRACT.exists():
        pytest.skip("no contract beside the project")
    terms = set(re.findall(r"`ont:(\w+)`", CONTRACT.read_text(encoding="utf-8")))
    assert len(terms) > 30
    for term in terms:
        node = ONT[term]
        langs = {lit.language for lit in ontology.objects(node, rdflib.RDFS.label)}
        assert {"en", "zh"} <= langs, term
        assert {lit.language for lit in ontology.objects(node, rdflib.RDFS.comment)} >= {"en", "zh"}, term


def test_alignments(ontology):
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    assert (ONT.PolicyDocument, rdflib.RDFS.subClassOf, eli.LegalResource) in ontology
    assert (ONT.Task, rdflib.RDFS.subClassOf, eli.LegalResourceSubdivision) in ontology
    assert (ONT.implements, rdflib.RDFS.subPropertyOf, eli.applies) in ontology
    assert (ONT.basedOn, rdflib.RDFS.subPropertyOf, eli.based_on) in ontology
    assert (ONT.inDocument, rdflib.RDFS.subPropertyOf, eli.is_part_of) in ontology
    assert (ONT.Agency, rdflib.RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/org#Organization")) in ontology


@pytest.fixture(scope="module")
def built(bundled):
    assert "0 violations" in bundled[1]
    return bundled[0]


def test_kg_validate_on_bundled_corpus(built):
    result = CliRunner().invoke(main, ["validate", "--exports", str(built)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 violations")


def test_kg_validate_reports_violations(tmp_path):
    out = tmp_path / "bad"
    out.mkdir()
    (out / "graph.nt").write_text(
        "<https://x/t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#Task> .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", "--exports", str(out)])
    assert result.exit_code == 1
    assert "a task is in exactly one document" in result.output


@pytest.mark.parametrize(
    ("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples"), ("graph.trig", "trig")]
)
def test_rapper_parses_exports(built, name, syntax):
    if not shutil.which("rapper"):
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(built / name)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"returned \d+ (triples|statements)", proc.stderr)


def test_graphml_and_tables(built):
    import csv

    import networkx as nx

    g = nx.read_graphml(built / "graph.graphml")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"PolicyDocument", "Task", "Agency", "Region"} <= kinds
    tasks = list(csv.DictReader((built / "tasks.csv").open(encoding="utf-8-sig")))
    assert len(tasks) == 114
    row = next(r for r in tasks if r["task"] == "培育建设高端人才队伍")
    assert "中共忻州市委组织部" in row["lead_agencies"] and "忻州市教育局" in row["support_agencies"]
    targets = list(csv.DictReader((built / "targets.csv").open(encoding="utf-8-sig")))
    assert any(r["value"] == "5000" and r["unit"] == "家" for r in targets)
    cites = list(csv.DictReader((built / "citations.csv").open(encoding="utf-8-sig")))
    assert any(r["relation"] == "basedOn" for r in cites)
