"""Assemble: the corpus-wide stage of a build.  From every file's slim result it
resolves document identity, reuses each cached partition whose trace still holds
(recomputing the others from their full results), recomputes the links graph and the
shared lines, and returns a `CachedView` (a `BuiltGraph`) for the exporters plus the state for the
next build.  Only changed files' lines are held in memory; the others stay in the
part store until an exporter needs them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.forking import fork_map
from kg.graph import EMPTY_SHARED, BuiltGraph, LinkGroups, document_directory
from kg.lexicon.gazetteer import Gazetteer
from kg.link import Claims, LinkSource, defined_programs, make_links
from kg.model import DocResult
from kg.partition import (
    Corpus,
    Partition,
    corpus_alignment,
    count_shared,
    make_partition,
    shared_lines,
    slim,
    still_valid,
)
from kg.partstore import PartStore
from kg.resolve import DocIndex, index_documents
from kg.state import BuildState, FileState, Share, write_record
from kg.summary import CorpusTotals
from kg.vocab import Iris

if TYPE_CHECKING:
    from kg.export.spool import SectionSpool, Spooled


@dataclass
class CachedView(BuiltGraph):
    """The corpus graph whose partitions' lines load from the part store on demand (a
    corrupt entry is made again from the file's result)."""

    store: PartStore | None = None
    recompute: Callable[[str], Partition] | None = None  # a file's partition, made again
    # the function summing the files' shares of the totals, when they are summed only if
    # asked for (a rebuild whose totals hold); exporters may ask from another thread
    totals_of: Callable[[], CorpusTotals] | None = None
    _totals_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def corpus_totals(self) -> CorpusTotals:
        with self._totals_lock:
            if self.totals is None and self.totals_of is not None:
                self.totals = self.totals_of()
        return super().corpus_totals()

    def private(self, part: Partition) -> tuple[str, ...]:
        return self._lines(part, shared=False)

    def shared_of(self, part: Partition) -> tuple[str, ...]:
        return self._lines(part, shared=True)

    def _lines(self, part: Partition, shared: bool) -> tuple[str, ...]:
        assert self.store is not None
        lines = self.store.get_shared(part) if shared else self.store.get(part)
        if lines is None and self.recompute is not None:
            again = self.recompute(part.path)
            if again.digest == part.digest:
                self.store.put(again)
                lines = again.shared if shared else again.private
        if lines is None:
            raise LookupError(f"cached graph of {part.path} is missing or corrupt; rebuild with --no-cache")
        return lines


#: Modules of the corpus-wide stage: a cached partition, links graph or state made by
#: other code is not reused.
_GRAPH_SOURCES = ("graph.py", "triples.py", "graph_facts.py", "partition.py", "link.py", "resolve.py", "vocab.py", "assemble.py", "state.py", "summary.py", "align.py")  # fmt: skip


@lru_cache(maxsize=1)
def graph_version() -> str:
    """Digest of the code that turns per-file results into partitions and links."""
    root = resources.files("kg")
    h = hashlib.sha256()
    for name in _GRAPH_SOURCES:
        h.update(name.encode() + root.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def headers_digest(results: list[DocResult], index: DocIndex) -> str:
    """Digest of what document identity and the corpus questions are computed from:
    each document's file, key, title, number, jurisdiction and date, and the digest of
    its words when another document shares its identity (`kg.resolve` tells versions
    apart by their words; a document alone in its identity is the same node whatever
    its words say, so editing its text asks no cached partition again)."""

    def base(path: str, key: str) -> str:  # the identity a document (or its older version) has
        iri = index.iri(path, key)
        return index.version_of.get(iri) or iri

    sizes: dict[str, int] = {}
    for r in results:
        for d in r.documents:
            iri = base(r.source.path, d.key)
            sizes[iri] = sizes.get(iri, 0) + 1
    h = hashlib.sha256()
    for r in sorted(results, key=lambda r: r.source.path):
        for d in r.documents:
            words = d.content if sizes[base(r.source.path, d.key)] > 1 else ""
            h.update(
                repr((r.source.path, d.key, d.title, d.doc_number, d.region, d.date, words)).encode(
                    "utf-8", "surrogatepass"
                )
            )
    return h.hexdigest()


def assemble(
    slims: dict[str, tuple[str, DocResult, int]],
    full: Callable[[str], DocResult | None],
    state: BuildState,
    gaz: Gazetteer,
    base: str,
    store: PartStore,
    on_partitions: Callable[[CachedView], None] | None = None,
    jobs: int | None = None,
    spool: SectionSpool | None = None,
    records: Path | None = None,
    linked: Callable[[str], DocResult] | None = None,
) -> tuple[CachedView, BuildState]:
    """`slims`: path → (sha256, slim result or its header, tasks) for every file of the
    build; `linked(path)`, a file's slim result when `slims` holds headers
    (`kg.partition.header`); `full(path)`, a file's full result (from the extraction
    just made or the result cache).
    `on_partitions(view)` is called as soon as every partition is final, before the
    links graph and the shared lines are made (the exporters start then).  Partitions
    to make are made by `jobs` processes (all cores by default); each renders its
    file's export sections into the `spool` there, while it holds the lines, and
    writes the file's state record into `records` (`kg.state.write_record`).

    The build process folds each partition's summary, alt labels and clusters into the
    corpus's (`kg.summary.CorpusTotals`) and keeps the partition without them: the
    record of a file made here is on disk already, so its state keeps only its name."""
    iris = Iris(base)
    paths = sorted(slims)
    results = [slims[p][1] for p in paths]
    index = index_documents(results, iris, gaz)
    corpus = Corpus(index, gaz, results)
    # every answer a partition's trace holds is a function of the document headers: when
    # they are all as in the last build, every cached partition still holds
    headers = headers_digest(results, index)
    same_corpus = headers == state.headers

    def result_of(path: str) -> DocResult:
        result = full(path)
        if result is None:
            raise LookupError(f"no extraction result for {path}")
        return result

    def recompute(path: str) -> Partition:
        return make_partition(result_of(path), corpus, iris, gaz)

    directory = document_directory(results, index)
    pending = Partition("links", iris.links_graph(), "", (), b"", 0, 0, (), (), (), "", ())  # made below

    def made(path: str) -> tuple[Partition, list[Spooled], str | None]:
        result = result_of(path)
        part = make_partition(result, corpus, iris, gaz)
        store.write(part)  # (in a worker: written to the store's folder there, not kept)
        rendered = spool.render(BuiltGraph([part], pending, EMPTY_SHARED, corpus, directory), part) if spool else []
        key = None
        if records is not None:
            # the record's slim result is made here again from the full one, not read from
            # the build process's: a forked worker that read every inherited object would
            # copy their memory pages one by one, holding a copy of them all at the end
            n_tasks = sum(len(d.tasks) for d in result.documents)
            key = write_record(records, FileState.of(result.source.sha256, slim(result), part.without_lines(), n_tasks))
        return store.in_folder(part), rendered, key  # what is in the folder is not sent back

    reuse: dict[str, Partition] = {}
    for path in paths:
        sha = slims[path][0]
        old = state.files.get(path)
        part = old.partition if old and old.sha256 == sha else None
        if part is not None and (same_corpus or still_valid(part, corpus)) and store.has(part):
            reuse[path] = part
    # the partitions to make are pure functions of a file's result and the corpus index:
    # made on every core (forked workers inherit both), joined here in path order
    todo = [p for p in paths if p not in reuse]
    fresh: dict[str, tuple[Partition, str | None]] = {}
    # the shares of the totals of the partitions made here: kept while the totals may
    # hold, folded into the corpus's as they come once they cannot (a first build keeps
    # no file's summary)
    kept: dict[str, Share] = {}
    totals = CorpusTotals()
    # the links graph is a function of every file's slim result and the corpus's totals:
    # when the files are the last build's and each file made again reads the same, the
    # last build's links graph still holds; so do the totals (and what is made of them)
    # when each file made again has the same share of them
    totals_hold = state.links is not None and state.keys is not None and slims.keys() == state.files.keys()
    links_hold = totals_hold and same_corpus
    for path, (part, rendered, key) in zip(todo, fork_map(made, todo, jobs)):
        if spool is not None:
            spool.add(rendered)  # as they come: the store loads what is spooled while the rest is made
        share = Share.of(part)
        if totals_hold:
            totals_hold = state.files[path].share == share
            kept[path] = share
            if not totals_hold:
                for held in kept.values():  # (in the order they came)
                    totals.add(held)
        else:
            totals.add(share)
        if links_hold:
            now = linked(path) if linked is not None else slims[path][1]
            links_hold = totals_hold and same_link_inputs(state.files[path], slims[path][0], now)
        # its shared lines are kept once for the corpus as it comes (files share most of
        # theirs): a partition's own copy, unpickled here, is let go at once
        store.put(part)
        part = part.without_lines()
        if key is not None:  # its record is written: only the corpus's totals needed what it summarises
            part = part.without_totals()
        fresh[path] = part, key
    parts: list[Partition] = []
    new_state = BuildState(state.version, headers=headers)
    for path in paths:
        sha, slim_result, n_tasks = slims[path]
        part = reuse.get(path)
        if part is None:
            part, key = fresh.pop(path)
            if key is None:
                new_state.files[path] = FileState.of(sha, linked(path) if linked else slim_result, part, n_tasks)
            else:  # its record is on disk: the state names it (`save_state`) and holds no more of it
                new_state.files[path] = FileState(sha, slim_result, part, n_tasks, b"", key=key)
        else:
            new_state.files[path] = state.files[path]  # unchanged: keeps its record
        parts.append(part)
    by_path = {p.path: p for p in parts}

    def with_reused(summed: CorpusTotals) -> CorpusTotals:
        """`summed` (the partitions made here) with the other files' shares, in path order."""
        for path in paths:
            if path in reuse:
                summed.add(state.files[path].share)
        return summed

    def totals_of() -> CorpusTotals:
        summed = CorpusTotals()
        for share in kept.values():
            summed.add(share)
        return with_reused(summed)

    view = CachedView(parts, pending, EMPTY_SHARED, corpus, directory, store=store, recompute=recompute)
    if totals_hold:
        # what is made of the totals is the last build's: they are summed only if an
        # export section made of them is written again
        view.totals_of = totals_of
    else:
        view.totals = with_reused(totals)
    if on_partitions is not None:
        on_partitions(view)
    if totals_hold:  # the alignment is aligned again only if a section of it is written again
        view.keys = state.keys
    else:
        view.alignment = corpus_alignment(view.corpus_totals(), gaz)
    new_state.keys = view.totals_keys()
    if links_hold:
        assert state.links is not None
        links = view.links = state.links
        new_state.file_links = state.file_links
    else:
        source = _link_source(slims, state, linked)
        links, new_state.file_links = make_links(
            results, corpus, iris, gaz, view.corpus_totals, view.alignment, state.links, source, state.file_links,
            totals_hold,
        )  # fmt: skip
        view.links = links
    if links is state.links and state.link_groups is not None:  # its TriG groups are the last build's
        view.groups = LinkGroups(links.shared or (), state.link_groups)
    new_state.link_groups = view.link_groups().digests()
    counts, new_state.recounted = _counts(state, by_path, view)
    new_state.stored = state.stored  # (what saving the new state may copy)
    lines = shared_lines(
        parts,
        links,
        corpus,
        counts,
        lambda path: view.private(by_path[path]),
        lambda path: view.shared_of(by_path[path]),
    )
    view.shared = state.shared.replaced(lines)
    new_state.links = links
    new_state.shared = view.shared
    new_state.counts = counts
    return view, new_state


def _link_source(
    slims: dict[str, tuple[str, DocResult, int]], state: BuildState, linked: Callable[[str], DocResult] | None
) -> LinkSource:
    """Where the links graph reads each file: its slim result from `linked` (or `slims`,
    when they are not headers), the programs it defines from its state record when the
    file is unchanged."""
    slim_of = linked if linked is not None else (lambda path: slims[path][1])

    def claims(path: str) -> Claims:
        old = state.files.get(path)
        if old is not None and old.sha256 == slims[path][0]:
            return old.claims
        return defined_programs(slim_of(path))

    return LinkSource(slim_of, claims, lambda path: slims[path][0])


def same_link_inputs(old: FileState, sha256: str, now: DocResult) -> bool:
    """Does a file whose partition was made again give the links graph what its `old`
    record gave besides its share of the totals: the same slim result
    (`kg.partition.slim`; certain when its bytes are the same, `sha256`; its words'
    digest aside)?"""
    if old.sha256 == sha256:
        return True
    # the digest of a document's words changes with every edit: the links graph does not
    # read it (resolution does, and the caller has compared the headers' digests)
    return [replace(d, content="") for d in old.slim.documents] == [replace(d, content="") for d in now.documents]


def _counts(state: BuildState, now: dict[str, Partition], view: CachedView) -> tuple[dict[str, int], set[str] | None]:
    """How many files hold each shared line: the last build's counts, with the old
    partitions of changed and removed files taken out and the new ones put in (all
    counted again when an old partition's lines are gone from the store); and the lines
    whose count may have changed (None when all were counted again, or there is no
    stored state to compare with)."""
    counts = dict(state.counts)
    touched: set[str] | None = set() if state.stored is not None else None  # (nothing to compare with)
    was = {path: f.partition for path, f in state.files.items()}
    for path in sorted(was.keys() | now.keys()):
        old, new = was.get(path), now.get(path)
        if old is new or (old is not None and new is not None and old.digest == new.digest):
            continue
        if old is not None:
            lines = view.store.get_shared(old) if view.store else None
            if lines is None:
                counts = {}
                for part in now.values():
                    count_shared(counts, view.shared_of(part), +1)
                return counts, None
            count_shared(counts, lines, -1)
            if touched is not None:
                touched.update(lines)
        if new is not None:
            count_shared(counts, view.shared_of(new), +1)
            if touched is not None:
                touched.update(view.shared_of(new))
    return counts, touched
