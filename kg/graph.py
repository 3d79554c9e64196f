"""Graph: turn resolved per-file results into RDF quads of the public vocabulary.

Facts read from a corpus file go into that file's named graph (provenance);
cross-document links computed over the corpus go into the ``links`` graph.  The
quads are returned sorted, so every serialisation of the same corpus is
byte-identical whatever the order files were read in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult, Document, Facts, Task
from kg.resolve import DocIndex, index_documents
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS, XSD, Iris, evidence_text

if TYPE_CHECKING:
    from kg.partition import Corpus, Partition

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


#: Shared lines are laid out in this many sections (by subject), so that a change
#: re-renders only the sections of the nodes it touches.
SHARED_BUCKETS = 64


def nt_bytes(lines: Sequence[str]) -> bytes:
    """N-Triples lines as one document."""
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def parse_lines(lines: Sequence[str]) -> Iterator[ox.Triple]:
    return ox.parse(nt_bytes(lines), format=ox.RdfFormat.N_TRIPLES)


def lines_digest(lines: Sequence[str]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


def _bucket_of(subject: str) -> int:
    digest = hashlib.blake2b(subject.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % SHARED_BUCKETS


def _group(lines: Iterable[str]) -> dict[int, list[str]]:
    """Lines by bucket of their subject."""
    from kg.partition import subject_of

    groups: dict[int, list[str]] = {}
    seen: dict[str, int] = {}
    for line in lines:
        subject = subject_of(line)
        n = seen.get(subject)
        if n is None:
            n = seen[subject] = _bucket_of(subject)
        groups.setdefault(n, []).append(line)
    return groups


@dataclass(frozen=True)
class SharedLines:
    """The corpus's deduplicated shared lines (see `kg.partition`), split by subject
    into SHARED_BUCKETS groups, each sorted and with its digest.  Exporters lay out one
    section per group; a rebuild replaces only the groups whose lines changed."""

    buckets: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, lines: Iterable[str]) -> SharedLines:
        groups = _group(lines)
        return cls(tuple(_sealed(sorted(groups.get(n, ()))) for n in range(SHARED_BUCKETS)))

    def replaced(self, lines: set[str]) -> SharedLines:
        """The shared lines `lines`, reusing every group of this one that is unchanged
        (equal to ``SharedLines.of(lines)``)."""
        old = set(self)
        added, removed = lines - old, old - lines
        if not added and not removed:
            return self
        out = list(self.buckets)
        plus, minus = _group(added), _group(removed)
        for n in plus.keys() | minus.keys():
            kept = set(out[n][1]).difference(minus.get(n, ()))
            kept.update(plus.get(n, ()))
            out[n] = _sealed(sorted(kept))
        return SharedLines(tuple(out))

    def __iter__(self) -> Iterator[str]:
        for _, lines in self.buckets:
            yield from lines

    def __len__(self) -> int:
        return sum(len(lines) for _, lines in self.buckets)

    def digest(self) -> str:
        return hashlib.sha256("\n".join(d for d, _ in self.buckets).encode()).hexdigest()


def _sealed(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    return lines_digest(lines), tuple(lines)


#: No shared lines (every group empty).
EMPTY_SHARED = SharedLines(tuple(_sealed([]) for _ in range(SHARED_BUCKETS)))


@dataclass
class BuiltGraph:
    """The corpus graph as partitions (one named graph per corpus file, plus the
    ``links`` graph) and the deduplicated shared lines; see `kg.partition`.  The union
    graph is every partition's private lines plus the shared lines (disjoint sets).
    This is what exporters read; `kg.assemble.CachedView` loads private lines on demand."""

    partitions: list[Partition]  # corpus files, sorted by path
    links: Partition
    shared: SharedLines
    corpus: Corpus
    directory: dict[str, tuple[str, str]]  # corpus document IRI → (title, number)

    def private(self, part: Partition) -> tuple[str, ...]:
        """A partition's private lines."""
        return part.private or ()

    def shared_of(self, part: Partition) -> tuple[str, ...]:
        """A partition's shared lines (see `kg.partition`)."""
        return part.shared or ()

    def lines(self, part: Partition) -> list[str]:
        """Every line of a partition's named graph, sorted."""
        return sorted((*self.private(part), *self.shared_of(part)))

    def shared_buckets(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The shared lines in SHARED_BUCKETS sorted groups: (digest, lines)."""
        return self.shared.buckets

    def owned(self, node: str) -> bool:
        """Is the node one a corpus file owns (a document, task, target …)?"""
        return self.corpus.owner_of(node) is not None

    def corpus_doc(self, iri: str) -> tuple[str, str] | None:
        return self.directory.get(iri)

    def triple_count(self) -> int:
        return sum(p.n_private for p in self.partitions) + len(self.shared)

    def triples(self) -> list[str]:
        """The union of all named graphs as sorted N-Triples lines."""
        return sorted([x for p in self.partitions for x in self.private(p)] + list(self.shared))


@dataclass
class _Writer:
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
    """The whole graph of a corpus, in memory (the pipeline builds the same partitions
    through its cache; see `kg.pipeline`)."""
    from kg.partition import Corpus, count_shared, make_links, make_partition, shared_lines

    iris = Iris(base) if base else Iris()
    results = sorted(results, key=lambda r: r.source.path)
    index = index_documents(results, iris, gaz)
    corpus = Corpus(index, gaz, results)
    parts = [make_partition(r, corpus, iris, gaz) for r in results]
    links = make_links(results, corpus, iris, gaz, parts)
    private = {p.path: p.private or () for p in parts}
    own_shared = {p.path: p.shared or () for p in parts}
    counts: dict[str, int] = {}
    for p in parts:
        count_shared(counts, own_shared[p.path], +1)
    shared = SharedLines.of(shared_lines(parts, links, corpus, counts, private.__getitem__, own_shared.__getitem__))
    return BuiltGraph(parts, links, shared, corpus, document_directory(results, index))


def document_directory(results: list[DocResult], index: DocIndex) -> dict[str, tuple[str, str]]:
    """Corpus document IRI → (title, document number) as written in the graph."""
    out: dict[str, tuple[str, str]] = {}
    for r in sorted(results, key=lambda r: r.source.path):
        for d in r.documents:
            out.setdefault(index.iri(r.source.path, d.key), (clean_text(d.title), clean_text(d.doc_number or "")))
    return out
