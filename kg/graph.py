"""Graph: turn resolved per-file results into RDF quads of the public vocabulary.

Facts read from a corpus file go into that file's named graph (provenance);
cross-document links computed over the corpus go into the ``links`` graph.  The
quads are returned sorted, so every serialisation of the same corpus is
byte-identical whatever the order files were read in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.model import DocResult, Document, Facts, Task
from kg.regions import Gazetteer
from kg.resolve import DocIndex, index_documents
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS, XSD, Iris, evidence_text

#: Characters no RDF syntax can carry safely: C0 controls but tab and newlines, DEL, lone surrogates.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udfff]")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def clean_text(text: str) -> str:
    """A literal's text with controls dropped and lone surrogates replaced (U+FFFD)."""
    return _UNSAFE_RE.sub(lambda m: "" if m.group(0) < "\ud800" else "\ufffd", text)


class Typed(str):
    """A literal's lexical form with its datatype IRI: Typed("2021-04-30", XSD + "date")."""

    datatype: str

    def __new__(cls, lexical: str, datatype: str) -> Typed:
        obj = super().__new__(cls, lexical)
        obj.datatype = datatype
        return obj


def literal(value: object) -> str:
    """The N-Triples form of a Python value as a literal."""
    if isinstance(value, Typed):
        return f'"{value}"^^<{value.datatype}>'
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        if "." not in text:
            text += ".0"
        return f'"{text}"^^<{XSD}decimal>'
    return '"' + clean_text(str(value)).translate(_ESCAPES) + '"'


@dataclass
class BuiltGraph:
    """The corpus graph as sorted N-Quads lines (compact, and exactly reproducible):
    ``quads`` ordered by graph then line; ``triples()`` the deduplicated union."""

    quads: list[str]
    graphs: dict[str, str]  # graph IRI → corpus file (or "links")
    index: DocIndex | None
    _triples: list[str] | None = field(default=None, repr=False)

    def triples(self) -> list[str]:
        """The union of all named graphs as sorted N-Triples lines (computed once)."""
        if self._triples is None:
            self._triples = sorted({_drop_graph(q) for q in self.quads})
        return self._triples

    def nquads_bytes(self) -> bytes:
        return ("\n".join(self.quads) + "\n").encode("utf-8") if self.quads else b""

    def ntriples_bytes(self) -> bytes:
        lines = self.triples()
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""

    def triple_objects(self) -> Iterator[ox.Triple]:
        """The union as pyoxigraph triples, parsed lazily (for readers of the graph)."""
        return ox.parse(self.ntriples_bytes(), format=ox.RdfFormat.N_TRIPLES)

    def quad_objects(self) -> Iterator[ox.Quad]:
        return ox.parse(self.nquads_bytes(), format=ox.RdfFormat.N_QUADS)


def _drop_graph(line: str) -> str:
    """'<s> <p> <o> <g> .' → '<s> <p> <o> .' (graph names are IRIs without spaces)."""
    return line[: line.rindex(" <", 0, len(line) - 2)] + " ."


@dataclass
class _Writer:
    iris: Iris
    gaz: Gazetteer
    index: DocIndex
    quads: set[str] = field(default_factory=set)
    graph: str | None = None
    doc_province: dict[str, str | None] = field(default_factory=dict)  # corpus document IRI → province code
    file_docs: set[str] = field(default_factory=set)  # IRIs of the documents of the file being written
    doc_region: dict[str, str | None] = field(default_factory=dict)  # corpus document IRI → region code
    _written: set[tuple[object, str]] = field(default_factory=set)  # (graph, node) already described
    alt_labels: dict[str, set[str]] = field(default_factory=dict)  # node → skos:altLabel values
    typed: dict[str, set[str]] = field(default_factory=dict)  # class → nodes

    def add(self, s: str, p: str, o: object) -> None:
        """A literal-valued statement in the current graph."""
        assert self.graph is not None
        self.quads.add(f"<{s}> <{p}> {literal(o)} <{self.graph}> .")
        if p == SKOS + "altLabel":
            self.alt_labels.setdefault(s, set()).add(clean_text(str(o)))

    def link(self, s: str, p: str, o: str) -> None:
        """A statement whose object is a node."""
        assert self.graph is not None
        self.quads.add(f"<{s}> <{p}> <{o}> <{self.graph}> .")
        if p == RDF + "type":
            self.typed.setdefault(o, set()).add(s)

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
            self.add(iri, DCTERMS + "issued", Typed(doc.date, XSD + "date"))
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
        self.add(iri, ONT + "evidence", evidence_text(task.text))
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
        writer.graph = g
        writer.file_docs = {index.iri(result.source.path, d.key) for d in result.documents}
        for doc in result.documents:
            writer.document(result, doc)
    links = iris.graph("links")
    graphs[links] = "links"
    writer.graph = links
    from kg.graph_facts import write_corpus_labels
    from kg.link import write_links

    write_links(writer, results)
    write_corpus_labels(writer)
    return BuiltGraph(sorted(writer.quads, key=lambda q: (q[q.rindex(" <", 0, len(q) - 2) :], q)), graphs, index)
