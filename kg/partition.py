"""Partition: one corpus file's share of the graph (its named graph), and the
corpus-wide ``links`` graph.

A file's named graph is a function of its extraction result and of a few answers
about the rest of the corpus: which IRI a cited title resolves to, which province a
cited document belongs to, whether this file is the first to hold a document.  A
partition records those questions with their answers (its *trace*); a later build
reuses a cached partition when every recorded question still gets the same answer,
so editing one file recomputes that file's graph and the links graph only.

Each partition splits its lines in two: *private* lines, whose subject is a node the
file owns (its documents, their tasks, targets and incentives), and *shared* lines
about nodes other files may describe too (agencies, regions, programs, clusters,
cited documents).  Private lines of different files never coincide, so the union
graph is every file's private lines plus one deduplicated set of shared lines.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg import patterns as P
from kg.graph import lines_digest
from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult, Document, Facts, Span, Task
from kg.resolve import DocIndex
from kg.summary import (
    EMPTY_SUMMARY,
    CorpusTotals,
    FileSummary,
    document_counts,
    relations,
    summarise,
)
from kg.triples import TripleWriter
from kg.vocab import ONT, PROV, Iris

if TYPE_CHECKING:
    from kg.align import Alignment


def line_hash(line: str) -> int:
    """A 64-bit hash of a line: its CRC-32 and Adler-32 side by side (what `pack_hashes`
    sorts and packs).  A filter before an exact check (`Partition.may_have_private`), so
    it needs to be cheap and rarely equal for different lines, not unforgeable: these
    cost two thirds of what an 8-byte BLAKE2b digest did, for every private line."""
    data = line.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def pack_hashes(lines: Iterable[str]) -> bytes:
    """The lines' hashes (`line_hash`), sorted, as unsigned 64-bit integers in this
    machine's byte order (a part store is read where it was written)."""
    return array("Q", sorted(map(line_hash, lines))).tobytes()


def subject_of(line: str) -> str:
    """'<s> <p> <o> .' → s (every subject is an IRI)."""
    return line[1 : line.index(">")]


def owning_document(iri: str) -> str:
    """The document IRI a task/target/incentive IRI was minted from (or `iri` itself)."""
    marker = P.OWNED_MARKER_RE.search(iri, 1)
    return iri[: marker.start()] if marker is not None else iri


@dataclass(frozen=True)
class Partition:
    """One named graph.  ``private`` and ``shared`` are None when the lines were left
    in the part store (`kg.partstore.PartStore`)."""

    path: str  # corpus file, or "links"
    graph: str  # named-graph IRI
    sha256: str  # content hash of the file ("" for links)
    shared: tuple[str, ...] | None
    private_hashes: bytes  # sorted 8-byte hashes of the private lines (see `may_have_private`)
    n_private: int
    n_shared: int
    alt_labels: tuple[tuple[str, str], ...]  # (node, skos:altLabel) seen in this graph
    clusters: tuple[str, ...]  # nodes typed ont:IndustryCluster here
    trace: tuple[tuple[tuple, object], ...]
    digest: str
    private: tuple[str, ...] | None = field(default=None, compare=False)
    summary: FileSummary = field(default=EMPTY_SUMMARY, compare=False)  # for the corpus-wide tables

    def may_have_private(self, line: str) -> bool:
        """False when `line` is certainly not a private line (hash not present)."""
        key = line_hash(line)
        hashes = memoryview(self.private_hashes).cast("Q")
        at = bisect_left(hashes, key)
        return at < len(hashes) and hashes[at] == key

    def without_lines(self) -> Partition:
        return replace(self, private=None, shared=None)

    def without_totals(self) -> Partition:
        """The partition as the build process keeps it once its summary, alt labels and
        clusters are folded into the corpus's (`kg.summary.CorpusTotals`): the build
        state's record of the file keeps them for the next build."""
        return replace(self, alt_labels=(), clusters=(), summary=EMPTY_SUMMARY)


class Corpus:
    """Corpus-wide answers a file's graph may depend on (all cheap lookups)."""

    def __init__(self, index: DocIndex, gaz: Gazetteer, results: Iterable[DocResult]) -> None:
        self.index = index
        self.gaz = gaz
        self._region: dict[str, str | None] = {}
        self._province: dict[str, str | None] = {}
        self._holder: dict[str, str] = {}
        # title lookups, by (title, number, region): many files cite the same documents
        # and each cached partition's trace asks again (`still_valid`)
        self._found: dict[tuple[str | None, str | None, str | None], str | None] = {}
        for r in sorted(results, key=lambda r: r.source.path):
            for d in r.documents:
                iri = index.iri(r.source.path, d.key)
                province = gaz.province_of(d.region)
                self._region[iri] = d.region
                self._province[iri] = province.code if province else None
                self._holder.setdefault(iri, r.source.path)

    def iri(self, path: str, key: str) -> str:
        return self.index.iri(path, key)

    def find(self, title: str | None, number: str | None, region: str | None = None) -> str | None:
        key = (title, number, region)
        if key not in self._found:
            self._found[key] = self.index.find(title, number, region)
        return self._found[key]

    def cited_iri(self, title: str | None, number: str | None, region: str | None = None) -> str:
        return self.find(title, number, region) or self.index.minted_iri(title, number)

    def region_of(self, doc_iri: str) -> str | None:
        return self._region.get(doc_iri)

    def province_of(self, doc_iri: str) -> str | None:
        return self._province.get(doc_iri)

    def holder(self, doc_iri: str) -> str | None:
        """The first corpus file (by path) holding the document."""
        return self._holder.get(doc_iri)

    def version_of(self, doc_iri: str) -> str | None:
        """The current version of an older one (kg.resolve keeps versions apart)."""
        return self.index.version_of.get(doc_iri)

    def replaces(self, doc_iri: str) -> tuple[str, ...]:
        """The older versions a current document replaces, by their dates."""
        return self.index.replaces.get(doc_iri, ())

    def owner_of(self, node: str) -> str | None:
        """The file that owns a node's private lines, if any."""
        return self._holder.get(owning_document(node))


#: The questions a file's graph may ask about the rest of the corpus (`Corpus` methods).
QUESTIONS = frozenset({"iri", "find", "cited_iri", "region_of", "province_of", "holder", "version_of", "replaces"})


class Tracing:
    """A Corpus that records every question asked and its answer."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.asked: dict[tuple, object] = {}

    def __getattr__(self, name: str):
        if name not in QUESTIONS:
            raise AttributeError(name)

        def ask(*args):
            question = (name, *args)
            if question not in self.asked:
                self.asked[question] = getattr(self.corpus, name)(*args)
            return self.asked[question]

        return ask

    def trace(self) -> tuple[tuple[tuple, object], ...]:
        return tuple(sorted(self.asked.items(), key=repr))


def still_valid(partition: Partition, corpus: Corpus) -> bool:
    """Does every question the cached partition asked still get the same answer?"""
    try:
        return all(getattr(corpus, q[0])(*q[1:]) == a for q, a in partition.trace)
    except KeyError:
        return False


def partition_digest(private: Sequence[str], shared: Sequence[str]) -> str:
    """A partition's digest: of its private lines, then its shared lines."""
    return lines_digest([*private, "--", *shared])


def make_partition(result: DocResult, corpus: Corpus, iris: Iris, gaz: Gazetteer) -> Partition:
    """The named graph of one corpus file (with its lines)."""
    asked = Tracing(corpus)
    path = result.source.path
    g = iris.graph(path)
    w = TripleWriter(iris, gaz, asked, graph=g)  # type: ignore[arg-type]
    docs = [asked.iri(path, d.key) for d in result.documents]
    w.file_docs = set(docs)
    for doc in result.documents:
        w.document(result, doc)
    owned = {d for d in docs if asked.holder(d) == path}
    private, shared = [], []
    derived = f"> <{PROV}wasDerivedFrom> <"
    mine: dict[str, bool] = {}  # subject → owned by this file
    for line in sorted(w.lines):
        subject = subject_of(line)
        if subject not in mine:
            mine[subject] = owning_document(subject) in owned
        if mine[subject]:
            private.append(line)
        elif derived in line and line[line.index(derived) + len(derived) : -3] in owned:
            private.append(line)  # "read from this file's document": no other file says it
        else:
            shared.append(line)
    rel = relations(private)  # (the count statements hold no relation between nodes)
    private = sorted(private + document_counts(private, rel))  # summary statements (kg.summary)
    clusters = sorted(w.typed.get(ONT + "IndustryCluster", set()))
    return Partition(
        path=path,
        graph=g,
        sha256=result.source.sha256,
        shared=tuple(shared),
        private_hashes=pack_hashes(private),
        n_private=len(private),
        n_shared=len(shared),
        alt_labels=tuple(sorted((n, label) for n, labels in w.alt_labels.items() for label in labels)),
        clusters=tuple(clusters),
        trace=asked.trace(),
        digest=partition_digest(private, shared),
        private=tuple(private),
        summary=summarise(private, iris, rel, gaz),
    )


def corpus_alignment(totals: CorpusTotals, gaz: Gazetteer) -> list[Alignment]:
    """The alignment of the corpus's targets across levels (`kg.align`), from the
    targets the files' summaries hold."""
    from kg.align import align
    from kg.extract.metric_concepts import load_metrics

    return align(totals.corpus_targets(), gaz, load_metrics())


def count_shared(counts: dict[str, int], lines: Iterable[str], delta: int) -> None:
    """Add `delta` (+1/-1) to the number of corpus files whose graph holds each shared line."""
    for line in lines:
        n = counts.get(line, 0) + delta
        if n > 0:
            counts[line] = n
        else:
            counts.pop(line, None)


#: A subject `shared_lines` has not looked up yet (its owner may be None).
_UNSEEN: Partition = object()  # type: ignore[assignment]


def shared_lines(
    parts: list[Partition],
    links: Partition,
    corpus: Corpus,
    counts: dict[str, int],
    load_private: Callable[[str], Sequence[str]],
    load_shared: Callable[[str], Sequence[str]],
) -> set[str]:
    """The deduplicated shared lines of the corpus: every line some file's graph holds
    as shared (the keys of `counts`, see `count_shared`) or the links graph holds, minus
    any line that is also a private line of the file owning its subject.
    `load_private(path)` / `load_shared(path)` give a file's lines when they are
    needed: when a hash matches (so the check is exact), and for the rare files that
    hold a document another file holds first."""
    by_path = {p.path: p for p in parts}
    links_lines = links.shared or ()
    out = set(counts)
    out.update(links_lines)
    # only the links graph and files holding a document another file holds first can
    # say something about a node a file owns
    suspects = set(links_lines)
    for p in parts:
        if any(q[0] == "holder" and a != p.path for q, a in p.trace):
            suspects.update(load_shared(p.path))
    owners: dict[str, Partition | None] = {}  # subject → the partition of the file owning it
    loaded: dict[str, set[str]] = {}
    drop = []
    for line in suspects:
        subject = line[1 : line.index(">")]  # (`subject_of`, inlined: a rebuild asks it of every link)
        part = owners.get(subject, _UNSEEN)
        if part is _UNSEEN:
            owner = corpus.owner_of(subject)
            part = owners[subject] = by_path.get(owner) if owner else None
        if part is not None and part.may_have_private(line):
            if part.path not in loaded:
                loaded[part.path] = set(load_private(part.path))
            if line in loaded[part.path]:
                drop.append(line)
    out.difference_update(drop)
    return out


_NO_FACTS = Facts()


def header(result: DocResult) -> DocResult:
    """What corpus-wide resolution reads of a result: its documents' headers (titles,
    numbers, regions, dates …) without their tasks, facts and preamble, which only the
    links graph reads, from the slim result (see `kg.link.make_links`)."""
    return replace(
        result, documents=tuple(replace(d, tasks=(), facts=_NO_FACTS, preamble="") for d in result.documents)
    )


#: The offsets a slim result keeps: none.  Neither resolution nor the links graph reads
#: where a name or a task stands, so an edit that only moves text leaves a file's slim
#: result equal to the last build's, and the links graph is not made again (see
#: `kg.assemble.links_still_hold`).
NO_SPAN = Span(0, 0)


def slim(result: DocResult) -> DocResult:
    """What corpus-wide resolution and linking read of a result (no texts, no offsets,
    no facts but programs and strategies, only the tasks that name a program): small
    enough to keep the whole corpus in memory."""

    def facts(f: Facts) -> Facts:
        return Facts(
            programs=tuple(replace(p, span=NO_SPAN) for p in f.programs),
            strategies=tuple(replace(s, span=NO_SPAN) for s in f.strategies),
        )

    def task(t: Task) -> Task:
        return Task(t.path, "", "", NO_SPAN, facts(t.facts))

    def doc(d: Document) -> Document:
        tasks = tuple(task(t) for t in d.tasks if t.facts.programs)
        return replace(d, span=NO_SPAN, tasks=tasks, facts=facts(d.facts))

    return replace(result, source=replace(result.source, text=""), documents=tuple(doc(d) for d in result.documents))
