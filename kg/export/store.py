"""The Oxigraph store beside the export files (``OUT/oxigraph``), read by `kg query`
and `kg serve`: the union of the files' graphs as the default graph, so that queries
match each statement once (fast joins at a million triples); and, when the build is
asked for them (``kg build --named-graphs``), every named graph too, for GRAPH queries.

The named graphs are left out by default: they cost two thirds of the store's load
(Oxigraph indexes a quad of a named graph six ways, a statement of the default graph
three, and the files' graphs hold 1.25 statements for each of the union's), about a
fifth of a first build, for questions the default graph answers as well: every node
says which document it was read from (``prov:wasDerivedFrom``) and every corpus
document its file (``ont:sourceFile``).  ``graph.trig`` keeps the named graphs
whatever the option, and `kg push` sends them.

When the store is known to hold the previous build (a marker in
``OUT/.cache/store.json`` names the state it was written from), a hard-linked
snapshot of it gets only the changed graphs and the changed default-graph
statements; otherwise the store is written afresh.  Either way the new store
replaces the old one by renaming, so a killed build leaves the previous store intact.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.cache import atomic_write
from kg.export.spool import SectionSpool, Spooled, named_nquads, store_key, store_nquads
from kg.graph import BuiltGraph, SharedLines, nt_bytes, parse_lines
from kg.partition import subject_of
from kg.query import STORE_DIR

if TYPE_CHECKING:
    from kg.assemble import CachedView
    from kg.partition import Partition
    from kg.state import BuildState

DEFAULT = ox.DefaultGraph()
#: Names the graph the store holds (see `_marker`), relative to the output folder.
MARKER = Path(".cache") / "store.json"


def _marker(parts: dict[str, str], links: str, shared: SharedLines, named: bool) -> str:
    """A digest of the graph a store holds: each partition's digest, links, shared
    lines, and whether it keeps the `named` graphs."""
    h = hashlib.sha256(b"named graphs\n" if named else b"union only\n")
    for path, digest in sorted(parts.items()):
        h.update(f"{path}\x1f{digest}\n".encode("utf-8", "surrogatepass"))
    h.update(links.encode())
    h.update(shared.digest().encode())
    return h.hexdigest()


def _quads(lines: Sequence[str], graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    return (ox.Quad(t.subject, t.predicate, t.object, graph) for t in parse_lines(lines))


def _file_nquads(
    view: BuiltGraph, spool: SectionSpool | None = None, loaded: Collection[str] = (), named: bool = False
) -> Iterator[bytes]:
    """Every corpus file's part of the dataset as N-Quads, a partition at a time: its
    private lines in the default graph, and its `named` graph (see `store_nquads`); but
    the files whose store keys are `loaded` already.  A file's N-Quads are read from
    the `spool` when the process that made its partition put them there."""
    for part in view.partitions:  # (the store sorts what it loads: lines in any order)
        key = store_key(part)
        if key in loaded:
            continue
        spooled = spool.get(key) if spool is not None else None
        yield spool.read(spooled) if spool is not None and spooled is not None else store_nquads(view, part, named)


#: Lines per chunk of the links graph and the shared lines (the bulk loader holds a
#: batch in memory while it sorts it: a chunk must not be a batch of its own size).
CHUNK_LINES = 50_000


def _corpus_nquads(view: BuiltGraph, named: bool = False) -> Iterator[bytes]:
    """The rest of the dataset as N-Quads: the links graph when the store keeps `named`
    graphs, and the shared lines in the default graph (the links graph's lines are among
    them), in chunks of `CHUNK_LINES` lines."""
    links = (view.links.shared or ()) if named else ()
    for at in range(0, len(links), CHUNK_LINES):
        yield named_nquads(links[at : at + CHUNK_LINES], view.links.graph)
    chunk: list[str] = []
    for line in view.shared:
        chunk.append(line)
        if len(chunk) == CHUNK_LINES:
            yield nt_bytes(chunk)
            chunk = []
    yield nt_bytes(chunk)


#: N-Quads bytes per bulk load.  The store's bulk loader holds what it is given in
#: memory while it sorts it into files (≈ 1.1 GB for 1.36 M triples in one load).
#: Measured on 2.8 M quads, loaded and compacted: batches of 48 MB took the process
#: 318 MB above its base, 16 MB 143 MB, 8 MB 84 MB, in the same time (13–15 s).  At the
#: end of a large build the links graph and the shared lines load while the shared
#: sections render, the peak of its memory.
STORE_BATCH_BYTES = 16 * 2**20


def _batches(chunks: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    """`chunks` in consecutive groups of at least `size` bytes (the last may be less)."""
    batch: list[bytes] = []
    n = 0
    for chunk in chunks:
        batch.append(chunk)
        n += len(chunk)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


class _Chunks(io.RawIOBase):
    """A readable stream over byte chunks, so that the store parses the dataset in
    one bulk load without it being joined in memory."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        while not self._buf:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buf = memoryview(chunk)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class Snapshot:
    """A writable hard-linked snapshot of the store (or none).  The store is closed
    when its last reference goes, so whoever uses it `take`s it from here."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self._store = store

    @property
    def empty(self) -> bool:
        """No snapshot: the store will be written afresh."""
        return self._store is None

    def take(self) -> ox.Store | None:
        store, self._store = self._store, None
        return store


def snapshot_store(out: Path, previous: BuildState | None, named: bool = False) -> Snapshot:
    """When ``OUT/oxigraph`` holds the graph of `previous` (its marker says so, and
    that it keeps the `named` graphs or not, as asked), a writable hard-linked snapshot
    of it in ``OUT/.oxigraph.new``, for `update_store` to patch.  Made while the
    corpus-wide stage runs."""
    final, fresh = out / STORE_DIR, out / f".{STORE_DIR}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    if previous is None or previous.links is None or not final.is_dir():
        return Snapshot()
    try:
        recorded = json.loads((out / MARKER).read_text(encoding="utf-8")).get("marker")
    except (OSError, ValueError, AttributeError):
        return Snapshot()
    parts = {p: f.partition.digest for p, f in previous.files.items()}
    if recorded != _marker(parts, previous.links.digest, previous.shared, named):
        return Snapshot()
    try:
        ox.Store.read_only(str(final)).backup(str(fresh))
        return Snapshot(ox.Store(str(fresh)))
    except OSError:
        shutil.rmtree(fresh, ignore_errors=True)
        return Snapshot()


class FreshStore:
    """A store written afresh in ``OUT/.oxigraph.new``, in steps: the corpus files'
    graphs (`stream`, as their partitions are made; `load_files` for the others, once
    the partitions are known, while the links graph is made), then the links graph and
    the shared lines (`finish`).  `named`: the store keeps the named graphs."""

    def __init__(self, out: Path, named: bool = False) -> None:
        self.named = named
        self.path = out / f".{STORE_DIR}.new"
        shutil.rmtree(self.path, ignore_errors=True)
        self.store: ox.Store | None = ox.Store(str(self.path))

    def _load(self, chunks: Iterator[bytes]) -> None:
        assert self.store is not None
        for batch in _batches(chunks, STORE_BATCH_BYTES):
            # the build's own lines: IRIs valid by the way they are minted (`kg.vocab.check_base`)
            self.store.bulk_load(io.BufferedReader(_Chunks(iter(batch))), format=ox.RdfFormat.N_QUADS, lenient=True)

    def load_files(
        self, view: BuiltGraph, spool: SectionSpool | None = None, loaded: Collection[str] = ()
    ) -> FreshStore:
        """Load the corpus files' graphs of `view`, but those whose N-Quads' spool keys are `loaded`."""
        self._load(_file_nquads(view, spool, loaded, self.named))
        return self

    def stream(self, spool: SectionSpool, spooled: Iterator[Spooled]) -> set[str]:
        """Load the files' N-Quads put in the spool, as they come; their keys."""
        keys: set[str] = set()

        def chunks() -> Iterator[bytes]:
            for s in spooled:
                keys.add(s.key)
                yield spool.read(s)

        self._load(chunks())
        return keys

    def finish(self, view: BuiltGraph) -> None:
        """Load the rest, compact, close."""
        assert self.store is not None
        self._load(_corpus_nquads(view, self.named))
        self.store.flush()
        self.store.optimize()
        self.store = None  # closes it


def begin_store(out: Path, view: BuiltGraph, spool: SectionSpool | None = None, named: bool = False) -> FreshStore:
    """A fresh store holding the corpus files' graphs of `view` (whose partitions are final)."""
    return FreshStore(out, named).load_files(view, spool)


def update_store(
    out: Path,
    view: BuiltGraph,
    previous: BuildState | None = None,
    snapshot: Snapshot | None = None,
    spool: SectionSpool | None = None,
    begun: Future[FreshStore] | None = None,
    named: bool = False,
) -> Path:
    """Bring ``OUT/oxigraph`` to the graph of `view`: patch the `snapshot` of the store
    (see `snapshot_store`; made here when not given) with the differences from
    `previous`, or write it afresh: the fresh store `begun` with the files' graphs when
    given (see `begin_store`), else one made here (reading the files' N-Quads from
    `spool` where they were put there).  `named`: the store keeps the named graphs (the
    `snapshot` and the store `begun` were made for the same choice)."""
    final = out / STORE_DIR
    old = out / f".{STORE_DIR}.old"
    marker_path = out / MARKER
    shutil.rmtree(old, ignore_errors=True)
    done = False
    if begun is None:
        store = (snapshot or snapshot_store(out, previous, named)).take()
        done = store is not None and previous is not None and _patch(store, view, previous, named)  # type: ignore[arg-type]
        del store  # closes the snapshot
    if not done:
        fresh = begun.result() if begun is not None else begin_store(out, view, spool, named)
        fresh.finish(view)
    marker_path.unlink(missing_ok=True)
    if final.exists():
        final.rename(old)
    (out / f".{STORE_DIR}.new").rename(final)
    shutil.rmtree(old, ignore_errors=True)
    new_marker = _marker({p.path: p.digest for p in view.partitions}, view.links.digest, view.shared, named)
    atomic_write(marker_path, json.dumps({"marker": new_marker}).encode("utf-8"))
    return final


def _changed_shared(now: SharedLines, was: SharedLines) -> tuple[set[str], set[str]]:
    """The shared lines of the groups that differ between two builds: (now, was)."""
    new, old = set(), set()
    for (d1, lines1), (d0, lines0) in zip(now.buckets, was.buckets):
        if d1 != d0:
            new.update(lines1)
            old.update(lines0)
    return new, old


def _object_iri(line: str) -> str | None:
    """'<s> <p> <o> .' → o when the object is an IRI."""
    end = line.rfind(">", 0, len(line) - 1)
    start = line.rfind("<", 0, end)
    return line[start + 1 : end] if line.endswith("> .") and start > 0 else None


def _still_in_union(lines: set[str], view: CachedView, now: dict[str, Partition]) -> set[str]:
    """Those of `lines` that the new union graph still holds.  The default graph is a
    set: one statement may be a private line of one file and a shared line of another
    (a file holding a copy of a document says what the holder's private lines say),
    so removing one contribution must not remove the statement while another remains.
    A private line belongs to the file owning its subject or its object (see
    `kg.partition.make_partition`); only those files' lines are looked at."""
    keep = {line for line in lines if line in view.shared}
    candidates: dict[str, list[str]] = {}
    for line in lines - keep:
        for node in (subject_of(line), _object_iri(line)):
            owner = view.corpus.owner_of(node) if node else None
            part = now.get(owner) if owner else None
            if part is not None and part.may_have_private(line):
                candidates.setdefault(part.path, []).append(line)
    for path, maybe in candidates.items():
        private = set(view.private(now[path]))
        keep.update(line for line in maybe if line in private)
    return keep


def _patch_links(store: ox.Store, view: CachedView, previous: BuildState) -> None:
    """The named links graph of `previous` made that of `view`.  It changes a little
    with every edit (counts, links of the edited file): only its changed statements
    are written."""
    assert previous.links is not None
    links = ox.NamedNode(view.links.graph)
    old_links = set(previous.links.shared or ()) if previous.links.graph == view.links.graph else set()
    new_links = set(view.links.shared or ())
    if not old_links:
        store.remove_graph(ox.NamedNode(previous.links.graph))
    for q in _quads(sorted(old_links - new_links), links):
        store.remove(q)
    store.extend(_quads(sorted(new_links - old_links), links))


def _patch(store: ox.Store, view: CachedView, previous: BuildState, named: bool = False) -> bool:
    """Apply the differences between `previous` and `view` to the snapshot `store`
    (which keeps the `named` graphs or not); False when that cannot be done (the
    caller writes afresh).  A statement leaves the default graph only when no file's
    lines and no shared line hold it any more."""
    assert previous.links is not None and view.store is not None
    now = {p.path: p for p in view.partitions}
    was = {path: f.partition for path, f in previous.files.items()}
    gone = [p for path, p in was.items() if path not in now or now[path].digest != p.digest]
    came = [p for path, p in now.items() if path not in was or was[path].digest != p.digest]
    old_private = {p.path: view.store.get(p) for p in gone}
    if any(lines is None for lines in old_private.values()):
        return False
    new_shared, old_shared = _changed_shared(view.shared, previous.shared)
    leaving = set(old_shared - new_shared)
    for part in gone:
        leaving.update(old_private[part.path] or ())
    leaving -= _still_in_union(leaving, view, now)
    # removals first (a statement may move between graphs), then additions
    for q in _quads(sorted(leaving), DEFAULT):
        store.remove(q)
    if named:
        for part in gone:
            store.remove_graph(ox.NamedNode(part.graph))
        _patch_links(store, view, previous)
        for part in came:
            store.extend(_quads(view.lines(part), ox.NamedNode(part.graph)))
    for part in came:
        store.extend(_quads(view.private(part), DEFAULT))
    store.extend(_quads(sorted(new_shared - old_shared), DEFAULT))
    store.flush()
    return True
