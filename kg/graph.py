"""Graph: turn resolved per-file results into RDF quads of the public vocabulary.

Facts read from a corpus file go into that file's named graph (provenance);
cross-document links computed over the corpus go into the ``links`` graph.  The
quads are returned sorted, so every serialisation of the same corpus is
byte-identical whatever the order files were read in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from kg.model import DocResult, Document, Facts, Task
from kg.regions import Gazetteer
from kg.resolve import DocIndex, index_documents
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS, XSD, Iris

_TYPE = ox.NamedNode(RDF + "type")


@lru_cache(maxsize=65536)
def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_n(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_n(XSD + "integer"))
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        if "." not in text:
            text += ".0"
        return ox.Literal(text, datatype=_n(XSD + "decimal"))
    return ox.Literal(str(value))


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + "date"))


@dataclass
class BuiltGraph:
    quads: list[ox.Quad]
    graphs: dict[str, str]  # graph IRI → corpus file (or "links")
    index: DocIndex
    _triples: list[ox.Triple] | None = field(default=None, repr=False)

    def triples(self) -> list[ox.Triple]:
        """The union of all named graphs, deduplicated and sorted (computed once)."""
        if self._triples is None:
            seen = {q.triple for q in self.quads}
            self._triples = sorted(seen, key=_triple_key)
        return self._triples


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


@dataclass
class _Writer:
    iris: Iris
    gaz: Gazetteer
    index: DocIndex
    quads: set[ox.Quad] = field(default_factory=set)
    graph: ox.NamedNode | None = None
    doc_province: dict[str, str | None] = field(default_factory=dict)  # corpus document IRI → province code
    file_docs: set[str] = field(default_factory=set)  # IRIs of the documents of the file being written
    doc_region: dict[str, str | None] = field(default_factory=dict)  # corpus document IRI → region code
    _written: set[tuple[object, str]] = field(default_factory=set)  # (graph, node) already described

    def add(self, s: str, p: str, o: object) -> None:
        obj = o if isinstance(o, (ox.NamedNode, ox.Literal)) else _lit(o)
        assert self.graph is not None
        self.quads.add(ox.Quad(_n(s), _n(p), obj, self.graph))

    def link(self, s: str, p: str, o: str) -> None:
        self.add(s, p, _n(o))

    # -- regions ----------------------------------------------------------
    def region(self, code: str | None) -> str | None:
        region = self.gaz.get(code)
        if region is None:
            return None
        iri = self.iris.region(region.code)
        if (self.graph, iri) in self._written:
            return iri
        self._written.add((self.graph, iri))
        self.link(iri, RDF + "type", ONT + "Region")
        self.add(iri, RDFS + "label", region.name)
        self.add(iri, ONT + "adminLevel", region.level)
        self.add(iri, ONT + "regionCode", region.code)
        parent = self.region(region.parent)
        if parent:
            self.link(iri, ONT + "withinRegion", parent)
        return iri

    # -- agencies ---------------------------------------------------------
    def agency(self, name: str, region: str | None, surface: str | None = None) -> str:
        iri = self.iris.agency(region, name)
        if surface and surface != name:
            self.add(iri, SKOS + "altLabel", surface)
        if (self.graph, iri) in self._written:
            return iri
        self._written.add((self.graph, iri))
        self.link(iri, RDF + "type", ONT + "Agency")
        self.add(iri, RDFS + "label", name)
        region_iri = self.region(region)
        if region_iri:
            self.link(iri, ONT + "jurisdiction", region_iri)
        return iri

    # -- documents --------------------------------------------------------
    def document(self, result: DocResult, doc: Document) -> str:
        iri = self.index.iri(result.source.path, doc.key)
        self.link(iri, RDF + "type", ONT + "PolicyDocument")
        self.add(iri, ONT + "sourceFile", result.source.path)
        self.add(iri, DCTERMS + "title", doc.title)
        self.add(iri, RDFS + "label", doc.title)
        self.add(iri, ONT + "documentRole", doc.key)
        if doc.doc_number:
            self.add(iri, ONT + "docNumber", doc.doc_number)
        if doc.date:
            self.add(iri, DCTERMS + "issued", _date(doc.date))
        for issuer in doc.issuers:
            region = self.gaz.first_in(issuer, doc.region)
            self.link(iri, ONT + "issuedBy", self.agency(issuer, region.code if region else doc.region))
        region_iri = self.region(doc.region)
        if region_iri:
            self.link(iri, ONT + "jurisdiction", region_iri)
        if doc.period:
            self.add(iri, ONT + "periodStart", doc.period[0])
            self.add(iri, ONT + "periodEnd", doc.period[1])
        self.add(iri, ONT + "isDraft", doc.draft)
        self.add(iri, ONT + "startOffset", doc.span.start)
        self.add(iri, ONT + "endOffset", doc.span.end)
        if doc.wrapped_in:
            self.link(iri, ONT + "wrappedIn", self.index.iri(result.source.path, doc.wrapped_in))
        self.facts(iri, iri, doc.facts)
        for n, task in enumerate(doc.tasks, 1):
            self.task(iri, task, n)
        return iri

    def task(self, doc_iri: str, task: Task, n: int) -> str:
        iri = self.iris.task(doc_iri, task.path)
        self.link(iri, RDF + "type", ONT + "Task")
        self.add(iri, RDFS + "label", task.label)
        self.add(iri, ONT + "path", "/".join(task.path))
        self.add(iri, ONT + "evidence", task.text)
        self.add(iri, ONT + "ordinal", n)
        self.add(iri, ONT + "startOffset", task.span.start)
        self.add(iri, ONT + "endOffset", task.span.end)
        self.link(iri, ONT + "inDocument", doc_iri)
        self.link(doc_iri, ONT + "hasTask", iri)
        self.link(iri, PROV + "wasDerivedFrom", doc_iri)
        self.facts(iri, doc_iri, task.facts)
        return iri

    def facts(self, owner: str, doc_iri: str, facts: Facts) -> None:
        """Agencies, targets, programs, clusters and citations of one unit."""
        from kg.graph_facts import write_facts

        write_facts(self, owner, doc_iri, facts)


def build_graph(results: list[DocResult], gaz: Gazetteer, base: str | None = None) -> BuiltGraph:
    """All quads of the corpus, sorted."""
    iris = Iris(base) if base else Iris()
    results = sorted(results, key=lambda r: r.source.path)
    index = index_documents(results, iris, gaz)
    writer = _Writer(iris, gaz, index)
    for result in results:
        for doc in result.documents:
            province = gaz.province_of(doc.region)
            writer.doc_province[index.iri(result.source.path, doc.key)] = province.code if province else None
            writer.doc_region[index.iri(result.source.path, doc.key)] = doc.region
    graphs: dict[str, str] = {}
    for result in results:
        g = iris.graph(result.source.path)
        graphs[g] = result.source.path
        writer.graph = _n(g)
        writer.file_docs = {index.iri(result.source.path, d.key) for d in result.documents}
        for doc in result.documents:
            writer.document(result, doc)
    links = iris.graph("links")
    graphs[links] = "links"
    writer.graph = _n(links)
    from kg.graph_facts import write_corpus_labels
    from kg.link import write_links

    write_links(writer, results)
    write_corpus_labels(writer)
    return BuiltGraph(sorted(writer.quads, key=_quad_key), graphs, index)
