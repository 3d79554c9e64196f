"""Graph: turn resolved per-file results into RDF quads of the public vocabulary.

Facts read from a corpus file go into that file's named graph (provenance);
cross-document links computed over the corpus go into the ``links`` graph.  The
quads are returned sorted, so every serialisation of the same corpus is
byte-identical whatever the order files were read in.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult
from kg.resolve import DocIndex, index_documents
from kg.summary import CorpusTotals, SharedNames, TotalsKeys, shared_names
from kg.triples import clean_text
from kg.vocab import Iris

if TYPE_CHECKING:
    from kg.align import Alignment
    from kg.partition import Corpus, Partition

#: Shared lines are laid out in this many sections (by subject), so that a change
#: re-renders only the sections of the nodes it touches.
SHARED_BUCKETS = 64


def nt_bytes(lines: Sequence[str]) -> bytes:
    """N-Triples lines as one document."""
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def parse_lines(lines: Sequence[str]) -> Iterator[ox.Triple]:
    """The build's own N-Triples lines, parsed.  Leniently: its IRIs are valid by the
    way they are minted (`kg.vocab.check_base`), and checking each again was half of
    what parsing cost."""
    return ox.parse(nt_bytes(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)


#: A statement as the exporters read it: the subject's and predicate's IRIs, the object.
Row = tuple[str, str, "ox.NamedNode | ox.Literal | ox.BlankNode"]


class Parsed:
    """N-Triples lines parsed once for every exporter that reads them: pyoxigraph's
    triples (`triples`, what its serialisers take) and (subject, predicate, object)
    rows (`rows`; a blank subject is written ``_:id``).  A corpus file's sections are
    rendered one after another from one parse of its lines (`BuiltGraph.parsed`):
    parsing and reading the terms is a fifth of what rendering them costs."""

    __slots__ = ("_rows", "_triples", "lines")

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._triples: list[ox.Triple] | None = None
        self._rows: list[Row] | None = None

    @property
    def triples(self) -> list[ox.Triple]:
        if self._triples is None:
            self._triples = list(parse_lines(self.lines))
        return self._triples

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            named = ox.NamedNode
            self._rows = [
                (s.value if isinstance(s, named) else "_:" + s.value, t.predicate.value, t.object)
                for t in self.triples
                for s in (t.subject,)
            ]
        return self._rows

    def __len__(self) -> int:
        return len(self.lines)

    @classmethod
    def union(cls, a: Parsed, b: Parsed) -> Parsed:
        """The lines of `a` and `b` (no line in both), sorted, with their parsed triples."""
        pairs = sorted([*zip(a.lines, a.triples), *zip(b.lines, b.triples)], key=_first)
        out = cls([line for line, _ in pairs])
        out._triples = [t for _, t in pairs]
        return out


def _first(pair: tuple[str, ox.Triple]) -> str:
    return pair[0]


def as_parsed(lines: Parsed | Sequence[str]) -> Parsed:
    """`lines` parsed, unless they are already."""
    return lines if isinstance(lines, Parsed) else Parsed(lines)


def lines_digest(lines: Sequence[str]) -> str:
    """SHA-256 of the lines, each ended by a newline (hashed a few thousand at a time)."""
    h = hashlib.sha256()
    for start in range(0, len(lines), 4096):
        h.update(("\n".join(lines[start : start + 4096]) + "\n").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _bucket_of(subject: str) -> int:
    digest = hashlib.blake2b(subject.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % SHARED_BUCKETS


def group_lines(lines: Iterable[str]) -> dict[int, list[str]]:
    """Lines by the shared group of their subject (`SharedLines`), each group's in the
    order given."""
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
    section per group; a rebuild replaces only the groups whose lines changed.  Each
    group keeps the names of the agencies and regions it describes
    (`kg.summary.SharedNames`), made when the group changes."""

    buckets: tuple[tuple[str, tuple[str, ...]], ...]
    names: tuple[SharedNames, ...]  # one per group

    @classmethod
    def of(cls, lines: Iterable[str]) -> SharedLines:
        groups = group_lines(lines)
        return cls._made([_sealed(sorted(groups.get(n, ()))) for n in range(SHARED_BUCKETS)])

    @classmethod
    def _made(
        cls, buckets: list[tuple[str, tuple[str, ...]]], names: list[SharedNames | None] | None = None
    ) -> SharedLines:
        names = names or [None] * len(buckets)
        return cls(tuple(buckets), tuple(n if n is not None else shared_names(b[1]) for n, b in zip(names, buckets)))

    def replaced(self, lines: set[str]) -> SharedLines:
        """The shared lines `lines`, reusing every group of this one that is unchanged
        (equal to ``SharedLines.of(lines)``)."""
        old = set(self)
        added, removed = lines - old, old - lines
        if not added and not removed:
            return self
        out = list(self.buckets)
        names: list[SharedNames | None] = list(self.names)
        plus, minus = group_lines(added), group_lines(removed)
        for n in plus.keys() | minus.keys():
            kept = set(out[n][1]).difference(minus.get(n, ()))
            kept.update(plus.get(n, ()))
            out[n] = _sealed(sorted(kept))
            names[n] = None
        return self._made(out, names)

    def __iter__(self) -> Iterator[str]:
        for _, lines in self.buckets:
            yield from lines

    def __len__(self) -> int:
        return sum(len(lines) for _, lines in self.buckets)

    def __contains__(self, line: object) -> bool:
        """Is `line` one of the shared lines (a search in its subject's sorted group)?"""
        if not isinstance(line, str) or not line.startswith("<"):
            return False
        from kg.partition import subject_of

        lines = self.buckets[_bucket_of(subject_of(line))][1]
        at = bisect_left(lines, line)
        return at < len(lines) and lines[at] == line

    def digest(self) -> str:
        return hashlib.sha256("\n".join(d for d, _ in self.buckets).encode()).hexdigest()

    def region_names(self) -> dict[str, str]:
        """Region IRI → its name, by IRI."""
        return dict(sorted((iri, label) for names in self.names for iri, label, _ in names.regions if label))

    def documents(self) -> set[str]:
        """The IRIs the shared lines type ont:PolicyDocument: the titles only cited (a
        corpus document is typed in its own file's private lines)."""
        return {iri for names in self.names for iri in names.documents}


def _sealed(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    return lines_digest(lines), tuple(lines)


def grouped(lines: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """`lines` in SHARED_BUCKETS groups by subject (a CRC-32 of it: cheaper than the
    shared lines' hash, and as stable), each sorted with its digest; empty groups left out."""
    from kg.partition import subject_of

    groups: dict[int, list[str]] = {}
    bucket: dict[str, int] = {}  # subject → its group (a subject has several lines)
    for line in lines:
        subject = subject_of(line)
        n = bucket.get(subject)
        if n is None:
            n = bucket[subject] = zlib.crc32(subject.encode("utf-8", "surrogatepass")) % SHARED_BUCKETS
        groups.setdefault(n, []).append(line)
    return [_sealed(sorted(group)) for _, group in sorted(groups.items())]


class LinkGroups:
    """The links graph's lines in groups by subject (`grouped`), as the TriG export lays
    them out (a section per group).  The groups are made when first needed; a rebuild
    whose links graph is the last build's is given their digests (the build state keeps
    them), so it groups the lines only if a section has to be rendered again."""

    def __init__(self, lines: Sequence[str], digests: tuple[str, ...] | None = None) -> None:
        self._lines = lines
        self._digests = digests
        self._groups: list[tuple[str, tuple[str, ...]]] | None = None
        self._lock = threading.Lock()  # (the build process asks for the digests, the writing thread for lines)

    def _made(self) -> list[tuple[str, tuple[str, ...]]]:
        with self._lock:
            if self._groups is None:
                self._groups = grouped(self._lines)
            return self._groups

    def made_of(self, lines: Sequence[str]) -> bool:
        """Are these the groups of `lines` (the very sequence)?"""
        return self._lines is lines

    def digests(self) -> tuple[str, ...]:
        """Each non-empty group's digest, in the order of `grouped`."""
        if self._digests is None:
            self._digests = tuple(digest for digest, _ in self._made())
        return self._digests

    def lines(self, n: int) -> tuple[str, ...]:
        """The lines of the `n`-th group (of `digests`)."""
        return self._made()[n][1]


#: No shared lines (every group empty).
EMPTY_SHARED = SharedLines(
    tuple(_sealed([]) for _ in range(SHARED_BUCKETS)), tuple(SharedNames() for _ in range(SHARED_BUCKETS))
)


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
    alignment: list[Alignment] | None = None  # targets across levels, once the links are made
    totals: CorpusTotals | None = None  # the files' summaries summed (`corpus_totals`)
    _parsed: tuple[Partition, Parsed, Parsed] | None = field(default=None, init=False, repr=False, compare=False)
    # the links graph's groups (see `link_groups`); the builder may set them with their
    # digests known
    groups: LinkGroups | None = field(default=None, repr=False, compare=False)
    # the keys of the corpus-wide sections (see `totals_keys`); the builder may set them
    keys: TotalsKeys | None = field(default=None, repr=False, compare=False)

    def corpus_totals(self) -> CorpusTotals:
        """The corpus files' summaries, alt labels and clusters summed (folded from the
        partitions when the graph was not given them)."""
        if self.totals is None:
            self.totals = CorpusTotals.of(self.partitions)
        return self.totals

    def totals_keys(self) -> TotalsKeys:
        """The digests that key the corpus-wide sections (agencies.csv, the alignment),
        from the totals and the alignment when the builder has not set them."""
        if self.keys is None:
            from kg.partition import corpus_alignment

            totals = self.corpus_totals()
            if self.alignment is None:
                self.alignment = corpus_alignment(totals, self.corpus.gaz)
            self.keys = TotalsKeys.of(totals, self.alignment)
        return self.keys

    def link_groups(self) -> LinkGroups:
        """The links graph's lines in their TriG groups (once the links graph is made)."""
        if self.groups is None or not self.groups.made_of(self.links.shared or ()):
            self.groups = LinkGroups(self.links.shared or ())
        return self.groups

    def private(self, part: Partition) -> tuple[str, ...]:
        """A partition's private lines."""
        return part.private or ()

    def shared_of(self, part: Partition) -> tuple[str, ...]:
        """A partition's shared lines (see `kg.partition`)."""
        return part.shared or ()

    def parsed(self, part: Partition) -> tuple[Parsed, Parsed]:
        """A partition's private and shared lines, parsed (`Parsed`): kept for the
        last partition asked, whose sections are rendered one after another."""
        held = self._parsed
        if held is None or held[0] is not part:
            held = self._parsed = (part, Parsed(self.private(part)), Parsed(self.shared_of(part)))
        return held[1], held[2]

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

    def named_graphs(self) -> tuple[int, int]:
        """(named graphs, triples in them): one graph per corpus file that holds lines,
        and the links graph; a statement in two graphs counts twice (what ``graph.trig``
        holds and `kg push` sends)."""
        sizes = [p.n_private + p.n_shared for p in (*self.partitions, self.links)]
        return sum(1 for n in sizes if n), sum(sizes)

    def titles_only_cited(self) -> int:
        """PolicyDocument nodes that are not corpus documents (what `kg stats` counts on
        the store), from the shared lines' names."""
        return len(self.shared.documents() - self.directory.keys())

    def triples(self) -> list[str]:
        """The union of all named graphs as sorted N-Triples lines."""
        return sorted([x for p in self.partitions for x in self.private(p)] + list(self.shared))


def build_graph(results: list[DocResult], gaz: Gazetteer, base: str | None = None) -> BuiltGraph:
    """The whole graph of a corpus, in memory (the pipeline builds the same partitions
    through its cache; see `kg.pipeline`)."""
    from kg.link import make_links
    from kg.partition import Corpus, corpus_alignment, count_shared, make_partition, shared_lines

    iris = Iris(base) if base else Iris()
    results = sorted(results, key=lambda r: r.source.path)
    index = index_documents(results, iris, gaz)
    corpus = Corpus(index, gaz, results)
    parts = [make_partition(r, corpus, iris, gaz) for r in results]
    totals = CorpusTotals.of(parts)
    alignment = corpus_alignment(totals, gaz)
    links, _ = make_links(results, corpus, iris, gaz, totals, alignment)
    private = {p.path: p.private or () for p in parts}
    own_shared = {p.path: p.shared or () for p in parts}
    counts: dict[str, int] = {}
    for p in parts:
        count_shared(counts, own_shared[p.path], +1)
    shared = SharedLines.of(shared_lines(parts, links, corpus, counts, private.__getitem__, own_shared.__getitem__))
    return BuiltGraph(parts, links, shared, corpus, document_directory(results, index), alignment, totals)


def document_directory(results: list[DocResult], index: DocIndex) -> dict[str, tuple[str, str]]:
    """Corpus document IRI → (title, document number) as written in the graph."""
    out: dict[str, tuple[str, str]] = {}
    for r in sorted(results, key=lambda r: r.source.path):
        for d in r.documents:
            out.setdefault(index.iri(r.source.path, d.key), (clean_text(d.title), clean_text(d.doc_number or "")))
    return out
