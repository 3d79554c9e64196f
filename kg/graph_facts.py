"""Graph (facts): write the agencies, targets, programs, clusters and citations of
one text unit.  Identity keys come from the extractors; IRIs from `kg.vocab`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg import patterns as P
from kg.model import Facts, Role
from kg.resolve import display_title
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS, evidence_text

if TYPE_CHECKING:
    from kg.triples import TripleWriter

_ROLE_PROPERTY = {Role.LEAD: ONT + "leadAgency", Role.SUPPORT: ONT + "supportAgency"}


def write_facts(w: TripleWriter, owner: str, doc_iri: str, facts: Facts) -> None:
    for ref in facts.agencies:
        if ref.name is None:
            continue
        agency = w.agency(ref.name, ref.region, ref.surface, ref.kind)
        for label in ref.labels:
            if label != ref.name:
                w.add(agency, SKOS + "altLabel", label)
        w.link(owner, _ROLE_PROPERTY[ref.role], agency)
        w.link(agency, PROV + "wasDerivedFrom", doc_iri)
    for text in facts.collective:
        w.add(owner, ONT + "responsibleText", text)
    for name in facts.rejected:
        w.add(owner, ONT + "responsibleText", name.surface)
    for n, t in enumerate(facts.targets, 1):
        iri = w.iris.target(owner, n)
        w.link(iri, RDF + "type", ONT + "Target")
        w.link(owner, ONT + "hasTarget", iri)
        w.add(iri, RDFS + "label", t.text)
        w.add(iri, ONT + "metric", t.metric)
        if t.value is not None:
            w.add(iri, ONT + "value", float(t.value))
        if t.value_max is not None:
            w.add(iri, ONT + "valueMax", float(t.value_max))
        if t.unit:
            w.add(iri, ONT + "unit", t.unit)
        if t.kind:
            w.add(iri, ONT + "quantityKind", t.kind)
        if t.concept:
            w.link(iri, ONT + "metricConcept", w.metric_concept(t.concept))
        w.add(iri, ONT + "targetBasis", t.basis)
        w.add(iri, ONT + "comparator", t.comparator.value)
        if t.year is not None:
            w.add(iri, ONT + "targetYear", t.year)
        w.add(iri, ONT + "evidence", evidence_text(t.evidence))
        w.link(iri, PROV + "wasDerivedFrom", doc_iri)
    for n, inc in enumerate(facts.incentives, 1):
        iri = w.iris.incentive(owner, n)
        w.link(iri, RDF + "type", ONT + "Incentive")
        w.link(owner, ONT + "hasIncentive", iri)
        w.add(iri, RDFS + "label", inc.text)
        w.add(iri, ONT + "value", float(inc.value))
        if inc.value_max is not None:
            w.add(iri, ONT + "valueMax", float(inc.value_max))
        w.add(iri, ONT + "unit", inc.unit)
        w.link(iri, PROV + "wasDerivedFrom", doc_iri)
    for ref in facts.programs:
        iri = w.iris.program(ref.key)
        w.link(iri, RDF + "type", ONT + "Program")
        w.add(iri, SKOS + "altLabel", ref.name)
        w.link(owner, ONT + "mentionsProgram", iri)
        w.link(iri, PROV + "wasDerivedFrom", doc_iri)
    for ref in facts.clusters:
        iri = w.iris.cluster(ref.concept or P.comparable(ref.name))
        w.link(iri, RDF + "type", ONT + "IndustryCluster")
        w.add(iri, SKOS + "altLabel", ref.name)
        w.link(owner, ONT + "concernsCluster", iri)
        w.link(iri, PROV + "wasDerivedFrom", doc_iri)
    for c in facts.citations:
        region = w.index.region_of(doc_iri)
        target = w.index.cited_iri(c.title, c.doc_number, region)
        if target in w.file_docs:
            continue  # never itself; a carried document is ont:wrappedIn, not a citation
        if w.index.find(c.title, c.doc_number, region) is None:
            # a document only cited; a corpus document is described in its own file's graph
            w.link(target, RDF + "type", ONT + "PolicyDocument")
            if c.title:
                w.add(target, DCTERMS + "title", display_title(c.title))
                w.add(target, RDFS + "label", display_title(c.title))
                w.add(target, ONT + "citedTitle", c.title)  # (as this document writes it)
            elif c.doc_number:
                w.add(target, RDFS + "label", c.doc_number)
            if c.doc_number:
                w.add(target, ONT + "docNumber", c.doc_number)
        kind = c.kind.value
        here, there = w.index.province_of(doc_iri), w.index.province_of(target)
        if kind != "cites" and here and there and here != there:
            kind = "cites"  # never implements (or is based on) another province's policy
        w.link(owner, ONT + kind, target)
        if kind != "cites":
            w.link(owner, ONT + "cites", target)
        w.add(owner, ONT + "evidence", evidence_text(c.evidence))


def write_corpus_labels(w: TripleWriter) -> None:
    """Labels decided over the whole corpus, into the current (links) graph: a program's
    label is its fullest surface form; a cluster's is its vocabulary preferred label."""
    from kg.extract.clusters import load_vocabulary

    forms = w.alt_labels
    clusters = set(w.typed.get(ONT + "IndustryCluster", set()))
    vocab = load_vocabulary()
    by_iri = {w.iris.cluster(c): c for c in vocab.pref}
    for iri, names in sorted(forms.items()):
        if iri in clusters and iri in by_iri:
            continue
        if iri.startswith(w.iris.base + "program-") or iri in clusters:
            label = sorted(names, key=lambda x: (-len(P.comparable(x)), x))[0]
            w.add(iri, RDFS + "label", label)
    for iri in sorted(clusters):
        concept = by_iri.get(iri)
        while concept is not None:
            node = w.iris.cluster(concept)
            w.link(node, RDF + "type", ONT + "IndustryCluster")
            w.add(node, RDFS + "label", vocab.pref[concept])
            w.add(node, SKOS + "prefLabel", vocab.pref[concept])
            parent = vocab.broader.get(concept)
            if parent is not None:
                w.link(node, SKOS + "broader", w.iris.cluster(parent))
            concept = parent
