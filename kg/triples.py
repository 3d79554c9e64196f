"""The triple writer: the public vocabulary's statements as N-Triples lines.

`TripleWriter` describes regions, agencies, metric concepts, documents, tasks and (through
`kg.graph_facts`) their facts, each node once per graph; `literal` writes a Python value
as a literal, `clean_text` drops what no RDF syntax carries.  Used by `kg.partition` (a
graph per corpus file and the links graph), `kg.graph_facts` and `kg.link`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult, Document, Facts, Task
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS, XSD, Iris, evidence_text

if TYPE_CHECKING:
    from kg.partition import Corpus

#: Characters no RDF syntax can carry safely: C0 controls but tab and newlines, DEL, lone surrogates.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udfff]")
#: What a literal escapes in N-Triples: (character, escape), the backslash first.
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"))


def _escaped(text: str) -> str:
    """`text` with N-Triples' escapes (a replace per character present: `str.translate`
    looks up every character of an evidence sentence)."""
    for char, escape in _ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


def clean_text(text: str) -> str:
    """A literal's text with controls dropped and lone surrogates replaced (U+FFFD)."""
    if _UNSAFE_RE.search(text) is None:
        return text
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
    return '"' + _escaped(clean_text(str(value))) + '"'


@dataclass
class TripleWriter:
    """Writes one named graph's statements as N-Triples lines: the public vocabulary's
    nodes (regions, agencies, metric concepts, documents, tasks, facts), each described
    once per graph.  `kg.partition` makes one per corpus file and one for the links;
    `kg.graph_facts` and `kg.link` write through it."""

    iris: Iris
    gaz: Gazetteer
    index: Corpus  # corpus-wide lookups (a Tracing one for a file's graph)
    graph: str | None = None
    lines: set[str] = field(default_factory=set)  # N-Triples lines of the graph being written
    file_docs: set[str] = field(default_factory=set)  # IRIs of the documents of the file being written
    _written: set[str] = field(default_factory=set)  # nodes already described in this graph
    alt_labels: dict[str, set[str]] = field(default_factory=dict)  # node → skos:altLabel values
    typed: dict[str, set[str]] = field(default_factory=dict)  # class → nodes

    def add(self, s: str, p: str, o: object) -> None:
        """A literal-valued statement in the current graph."""
        assert self.graph is not None
        self.lines.add(f"<{s}> <{p}> {literal(o)} .")
        if p == SKOS + "altLabel":
            self.alt_labels.setdefault(s, set()).add(clean_text(str(o)))

    def link(self, s: str, p: str, o: str) -> None:
        """A statement whose object is a node."""
        assert self.graph is not None
        self.lines.add(f"<{s}> <{p}> <{o}> .")
        if p == RDF + "type":
            self.typed.setdefault(o, set()).add(s)

    # -- regions ----------------------------------------------------------
    def region(self, code: str | None) -> str | None:
        region = self.gaz.get(code)
        if region is None:
            return None
        iri = self.iris.region(region.code)
        if iri in self._written:
            return iri
        self._written.add(iri)
        self.link(iri, RDF + "type", ONT + "Region")
        full = self.gaz.full_name(region.code)  # a district with its city: 杭州市余杭区
        self.add(iri, RDFS + "label", full)
        if full != region.name:
            self.add(iri, SKOS + "altLabel", region.name)
        self.add(iri, ONT + "adminLevel", region.level)
        self.add(iri, ONT + "regionCode", region.code)
        parent = self.region(region.parent)
        if parent:
            self.link(iri, ONT + "withinRegion", parent)
        return iri

    # -- agencies ---------------------------------------------------------
    def agency(self, name: str, region: str | None, surface: str | None = None, kind: str = "") -> str:
        iri = self.iris.agency(region, name)
        if surface and surface != name:
            self.add(iri, SKOS + "altLabel", surface)
        if iri in self._written:
            return iri
        self._written.add(iri)
        self.link(iri, RDF + "type", ONT + "Agency")
        self.add(iri, RDFS + "label", name)
        if kind:
            self.add(iri, ONT + "agencyKind", kind)
        region_iri = self.region(region)
        if region_iri:
            self.link(iri, ONT + "jurisdiction", region_iri)
        return iri

    # -- metric concepts --------------------------------------------------
    def metric_concept(self, concept: str) -> str:
        from kg.extract.metric_concepts import load_metrics

        iri = self.iris.metric(concept)
        if iri in self._written:
            return iri
        self._written.add(iri)
        c = load_metrics().concepts[concept]
        self.link(iri, RDF + "type", SKOS + "Concept")
        self.link(iri, RDF + "type", ONT + "MetricConcept")
        self.add(iri, RDFS + "label", c.label)
        self.add(iri, SKOS + "prefLabel", c.label)
        self.add(iri, ONT + "additive", c.additive)
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
        resolved = {label for b in doc.issuer_bodies for label in (b.name, *b.labels)}
        for body in doc.issuer_bodies:
            agency = self.agency(body.name, body.region, None, body.kind)
            for label in body.labels:
                self.add(agency, SKOS + "altLabel", label)
            self.link(iri, ONT + "issuedBy", agency)
        for issuer in doc.issuers:
            if issuer in resolved:
                continue
            region = self.gaz.opening_region(issuer, doc.region) or self.gaz.first_in(issuer, doc.region)
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
        current = self.index.version_of(iri)
        if current:
            self.link(iri, DCTERMS + "isVersionOf", current)
        for older in self.index.replaces(iri):
            self.link(iri, DCTERMS + "replaces", older)
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
