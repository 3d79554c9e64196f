"""Assemble: the corpus-wide stage of a build.  From every file's slim result it
resolves document identity, reuses each cached partition whose trace still holds
(recomputing the others from their full results), recomputes the links graph and the
shared lines, and returns a `GraphView` for the exporters plus the state for the
next build.  Only changed files' lines are held in memory; the others stay in the
part store until an exporter needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kg.graph import document_directory, lines_digest, shared_buckets
from kg.model import DocResult
from kg.partition import Corpus, Partition, make_links, make_partition, shared_lines, still_valid
from kg.regions import Gazetteer
from kg.resolve import index_documents
from kg.state import BuildState, FileState, PartStore
from kg.vocab import Iris


@dataclass
class CachedView:
    """A GraphView whose private lines load from the part store on demand."""

    partitions: list[Partition]
    links: Partition
    shared: list[str]
    corpus: Corpus
    directory: dict[str, tuple[str, str]]
    store: PartStore
    recomputed: set[str] = field(default_factory=set)  # paths whose partition changed
    recompute: Callable[[str], Partition] | None = None  # a file's partition, made again
    _shared_digest: str | None = None
    _buckets: list[tuple[str, list[str]]] | None = None

    def private(self, part: Partition) -> tuple[str, ...]:
        lines = self.store.get(part)
        if lines is None and self.recompute is not None:  # a cache entry went bad: make it again
            again = self.recompute(part.path)
            if again.digest == part.digest:
                self.store.put(again)
                lines = again.private
        if lines is None:
            raise LookupError(f"cached graph of {part.path} is missing or corrupt; rebuild with --no-cache")
        return lines

    def shared_buckets(self) -> list[tuple[str, list[str]]]:
        if self._buckets is None:
            self._buckets = shared_buckets(self.shared)
        return self._buckets

    def shared_digest(self) -> str:
        if self._shared_digest is None:
            self._shared_digest = lines_digest(self.shared)
        return self._shared_digest

    def owned(self, node: str) -> bool:
        return self.corpus.owner_of(node) is not None

    def corpus_doc(self, iri: str) -> tuple[str, str] | None:
        return self.directory.get(iri)

    def triple_count(self) -> int:
        return sum(p.n_private for p in self.partitions) + len(self.shared)


def assemble(
    slims: dict[str, tuple[str, DocResult, int]],
    full: Callable[[str], DocResult | None],
    state: BuildState,
    gaz: Gazetteer,
    base: str,
    store: PartStore,
) -> tuple[CachedView, BuildState]:
    """`slims`: path → (sha256, slim result, tasks) for every file of the build; `full(path)`
    gives a file's full result (from the extraction just made or the result cache)."""
    iris = Iris(base)
    paths = sorted(slims)
    results = [slims[p][1] for p in paths]
    index = index_documents(results, iris, gaz)
    corpus = Corpus(index, gaz, results)
    parts: list[Partition] = []
    recomputed: set[str] = set()
    new_state = BuildState(state.version)
    for path in paths:
        sha, slim_result, n_tasks = slims[path]
        old = state.files.get(path)
        part = old.partition if old and old.sha256 == sha else None
        if part is None or not still_valid(part, corpus) or not store.has(part):
            result = full(path)
            if result is None:
                raise LookupError(f"no extraction result for {path}")
            part = make_partition(result, corpus, iris, gaz)
            store.put(part)
            part = part.without_lines()
            recomputed.add(path)
        parts.append(part)
        new_state.files[path] = FileState(sha, slim_result, part, n_tasks)
    links = make_links(results, corpus, iris, gaz, parts)
    by_path = {p.path: p for p in parts}

    def recompute(path: str) -> Partition:
        result = full(path)
        if result is None:
            raise LookupError(f"no extraction result for {path}")
        return make_partition(result, corpus, iris, gaz)

    view = CachedView(parts, links, [], corpus, document_directory(results, index), store, recomputed, recompute)
    view.shared = shared_lines(parts, links, corpus, lambda path: view.private(by_path[path]))
    new_state.links = links
    new_state.shared = view.shared
    return view, new_state
