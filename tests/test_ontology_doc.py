"""docs/ontology.md is generated from ontology/*.ttl (docs/make_ontology_doc.py): the
committed file equals the generator's output, and it documents every term."""

from __future__ import annotations

import importlib.util

import rdflib
from conftest import ROOT
from rdflib.namespace import OWL, RDF

ONT = "https://w3id.org/policykg/ontology#"


def _generator():
    spec = importlib.util.spec_from_file_location("make_ontology_doc", ROOT / "docs" / "make_ontology_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_doc_is_the_generators_output():
    text = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert text == _generator().render(), "docs/ontology.md is stale: run python docs/make_ontology_doc.py"


def test_doc_covers_every_term_with_both_labels():
    text = _generator().render()
    g = rdflib.Graph().parse(ROOT / "ontology" / "policy.ttl", format="turtle")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if str(term).startswith(ONT):
                local = str(term)[len(ONT) :]
                assert f'<a id="{local}"></a>\n### ont:{local} — ' in text, local
    assert "### ont:leadAgency — lead agency · 牵头单位" in text
    assert "- Domain: `ont:Task`\n- Range: `ont:Agency`\n- Sub-property of: `ont:responsibleAgency`" in text
    assert "`ont:PolicyDocument` or `ont:Agency`" in text  # a union domain (ont:jurisdiction)


def test_readme_points_to_the_doc_not_outside_the_project():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "ontology-contract" not in readme
    assert "docs/ontology.md" in readme
