"""Exporters: one module per output format; `ExportWriter` (or `write_exports`) writes them all.

Every file is laid out in sections (`kg.export.sections`) so that a rebuild copies
unchanged sections from the previous file instead of rendering them again."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.export.render_pool import RenderPool, start_render_pool
from kg.export.sections import Layout, LayoutWriter, Placed, Section, SectionIndex, write_layout
from kg.export.spool import SectionSpool, Spooled

if TYPE_CHECKING:
    from kg.export.store import FreshStore
    from kg.graph import BuiltGraph
    from kg.partition import Partition
    from kg.state import BuildState


def layouts(view: BuiltGraph, base: str, manifest: bytes | None = None) -> list[Layout]:
    """Every export file's layout (build.json when a manifest is given)."""
    from kg.export import alignment, graphml, html, rdf, tables

    aligned = alignment.CorpusAlignment(view)
    plan = [
        rdf.layout_turtle(view, base),
        rdf.layout_trig(view, base),
        rdf.layout_ntriples(view),
        rdf.layout_jsonld(view, base),
        html.layout(view, base, aligned=aligned),
        graphml.layout(view),
        *tables.layouts(view),
        alignment.layout(aligned),
    ]
    if manifest is not None:
        plan.append(Layout("build.json", manifest, []))
    return plan


def file_sections(view: BuiltGraph, part: Partition, base: str) -> list[tuple[str, Section]]:
    """Every export's section of one corpus file, by export file name: the sections
    `layouts` gives that file (`kg.export.spool` renders them where the file's
    partition is made)."""
    from kg.export import graphml, html, rdf, tables

    return [
        ("graph.ttl", rdf.union_section(view, part, rdf.turtle_format(base))),
        ("graph.trig", rdf.trig_section(view, part, base)),
        ("graph.nt", rdf.union_section(view, part, rdf.ntriples_format())),
        ("graph.jsonld", rdf.union_section(view, part, rdf.jsonld_format(base))),
        ("graph.html", html.file_section(view, part, base)),
        ("graph.graphml", graphml.file_section(view, part)),
        *tables.file_sections(view, part).items(),
    ]


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    sections: int = 0  # sections in all files
    rendered: int = 0  # sections rendered (the others were copied from the previous files)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


@lru_cache(maxsize=1)
def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    """Linux's sync_file_range(2), or None where there is none."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def start_writeback(path: Path) -> None:
    """Start writing a file's bytes so far to disk (the final fsync then has little
    left to do); nothing where the system cannot.  Queueing the writes may block for
    a while: the writing thread leaves it to another."""
    call = _sync_file_range()
    if call is not None:
        with open(path, "rb") as fh:
            call(fh.fileno(), 0, 0, 2)  # SYNC_FILE_RANGE_WRITE: initiate writeback of dirty pages


def keep_previous(out: Path) -> None:
    """Keep the last build's graph and manifest for `kg diff` (hard links: no copy)."""
    prev = out / ".previous"
    prev.mkdir(exist_ok=True)
    for name in ("graph.nt", "build.json"):
        src = out / name
        if src.exists():
            tmp = prev / f".{name}.tmp"
            tmp.unlink(missing_ok=True)
            os.link(src, tmp)
            os.replace(tmp, prev / name)


#: At most this many changed sections are rendered before the writing thread starts
#: (a few files' worth; a full build renders as it writes, a section at a time).
PRERENDER_MAX = 200


class ExportWriter:
    """Writes every export file of a build into a staging folder, then moves each into
    place with an atomic rename and brings the Oxigraph store up to date.  A build
    killed at any moment leaves complete files only.

    It works in two steps so that writing overlaps the corpus-wide stage: `start`
    (once the partitions are known) writes every file's per-corpus-file sections in a
    thread, copying unchanged ones from the previous files in the kernel; `finish`
    (once links and shared lines are known) writes the rest, flushes, renames.  Use it
    as a context manager: leaving it without `finish` abandons the staged files."""

    def __init__(
        self,
        out: Path,
        base: str,
        previous: BuildState | None = None,
        jobs: int | None = None,
        mark: Callable[[str], None] | None = None,
        named_graphs: bool = False,
    ) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.base, self.previous, self.jobs = out, base, previous, jobs
        self.named = named_graphs  # the store keeps the named graphs (see `kg.export.store`)
        self.mark = mark or (lambda step: None)  # notes when a step (of any thread) ends, for --timings
        self.renderers: RenderPool | None = None  # worker processes rendering sections (a full build)
        from kg.export.store import snapshot_store

        self.index = SectionIndex(out)
        # export → its last version (when a previous build is known and the file is as recorded)
        self.known = {name: self.index.previous(name) for name in self.index.files} if previous else {}
        self.previous_files: dict[str, tuple[Path, dict[str, Placed]] | None] = {}  # the plan's exports → the above
        self.staging = Path(tempfile.mkdtemp(dir=out, prefix=".staging-"))
        # corpus files' sections the previous files lack, rendered where their partitions
        # are made (`kg.assemble`); and their N-Quads when the store is written afresh
        have = {key for last in self.known.values() if last for key in last[1]}
        fresh_store = previous is None or previous.links is None
        self.spool = SectionSpool(self.staging / "spool", base, have, store=fresh_store, named=named_graphs)
        self.pool = ThreadPoolExecutor(max_workers=5)
        self.flusher = ThreadPoolExecutor(max_workers=2)
        self.ready = threading.Event()  # links and shared lines are known
        self.abandoned = False
        self.snapshot = self.pool.submit(snapshot_store, out, previous, named_graphs)
        self.files: Future | None = None
        self.store_begun: Future | None = None  # a fresh store with the files' graphs (see `start`)
        self.plan: list[Layout] = []
        self.partitions: Future[BuiltGraph | None] = Future()  # the view, once its partitions are final
        if fresh_store:
            # the store is written afresh: it loads each file's N-Quads as soon as the
            # worker that made the file's partition has spooled them
            self.store_begun = self.pool.submit(self._stream_store, self.spool.listen())

    def __enter__(self) -> ExportWriter:
        return self

    def _stream_store(self, spooled: Iterator[Spooled]) -> FreshStore | None:
        from kg.export.store import FreshStore

        self.snapshot.result()  # (it clears the folder the fresh store is made in)
        fresh = FreshStore(self.out, self.named)
        loaded = fresh.stream(self.spool, spooled)
        view = self.partitions.result()
        if view is None:  # abandoned
            return None
        fresh.load_files(view, self.spool, loaded)  # the files whose partitions were not made here
        self.mark("(store: the corpus files' graphs loaded)")
        return fresh

    def __exit__(self, *exc: object) -> None:
        self.abandoned = True
        self.ready.set()
        self.spool.end_listening()
        if not self.partitions.done():
            self.partitions.set_result(None)
        self.pool.shutdown(wait=True)
        if self.renderers is not None:
            self.renderers.close()
        if self.snapshot.exception() is None:
            self.snapshot.result().take()  # closes an unused snapshot
        self.flusher.shutdown(wait=True)
        self.spool.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        self.plan = []  # (its sections hold the build's graph)

    def start(self, view: BuiltGraph) -> None:
        """Begin writing: `view`'s partitions are final (its links and shared lines not yet)."""
        # the layouts (every section's key) are made here, and when few sections changed
        # they are rendered here too: in the thread they would wait for the interpreter
        # lock while the corpus-wide stage runs, and the thread is left only copying
        self.plan = layouts(view, self.base)
        self.previous_files = {lay.name: self.known.get(lay.name) for lay in self.plan}
        todo = self._changed([lay.sections for lay in self.plan])
        if len(todo) > PRERENDER_MAX:
            # many sections to render (a full build): on every core, in forked workers
            order = sorted(todo, key=lambda t: (t[1], t[0]))  # as `_write_files` asks for them
            self.renderers = start_render_pool(self.plan, order, self.jobs)
        else:
            self._prerender([lay.sections for lay in self.plan], todo)
        self.files = self.pool.submit(self._write_files, self.plan)
        # a fresh store that loaded the spooled files' graphs as they came loads the
        # other files' now (or, when it could not know it would be fresh, all of them),
        # while the links graph is made
        self.spool.end_listening()
        self.partitions.set_result(view)
        if self.store_begun is None and self.snapshot.result().empty:
            from kg.export.store import begin_store

            def begin() -> FreshStore:
                fresh = begin_store(self.out, view, self.spool, self.named)
                self.mark("(store: the corpus files' graphs loaded)")
                return fresh

            self.store_begun = self.pool.submit(begin)

    def _changed(self, groups: list[list[Section]]) -> list[tuple[int, int]]:
        """(layout, section) indexes of the sections of `groups` to render: those the
        previous files lack and that were not rendered into the spool."""
        out = []
        spooled = self.spool.placed
        for li, (lay, sections) in enumerate(zip(self.plan, groups)):
            previous = self.previous_files[lay.name]
            out += [
                (li, si)
                for si, s in enumerate(sections)
                if (previous is None or s.key not in previous[1]) and s.key not in spooled
            ]
        return out

    def _prerender(self, groups: list[list[Section]], changed: list[tuple[int, int]] | None = None) -> None:
        """Render the changed sections of `groups` (one list per layout of the plan)
        now, in place, when there are few of them."""
        changed = self._changed(groups) if changed is None else changed
        if len(changed) <= PRERENDER_MAX:
            for li, si in changed:
                sections = groups[li]
                data = sections[si].render()
                sections[si] = Section(sections[si].key, lambda data=data: data)  # type: ignore[misc]

    def _write_files(self, plan: list[Layout]) -> tuple[list[Layout], dict[str, list[Placed]]]:
        open_files: list[tuple[Layout, BinaryIO, LayoutWriter]] = []
        try:
            for lay in plan:
                fh = open(self.staging / lay.name, "wb")  # noqa: SIM115 - closed below
                open_files.append((lay, fh, LayoutWriter(lay, fh, self.previous_files[lay.name], self.spool)))
            # the files in lockstep: a corpus file's section of each, then the next file's
            # (its lines are read once, by one worker, while the sections are rendered)
            for i in range(max((len(lay.sections) for lay in plan), default=0)):
                for lay, _, writer in open_files:
                    if i < len(lay.sections):
                        writer.add(lay.sections[i : i + 1])
            for lay, fh, writer in open_files:
                writer.flush()
                fh.flush()
                self.flusher.submit(start_writeback, self.staging / lay.name)
            self.mark("(export files: the corpus files' sections written)")
            self.ready.wait()
            if self.abandoned:
                return plan, {}
            placed, flushed = {}, []
            for lay, fh, writer in open_files:
                writer.add(lay.tail() if lay.tail else [])
                placed[lay.name] = writer.finish()
                fh.close()
                flushed.append(self.flusher.submit(_fsync, self.staging / lay.name))
            for job in flushed:
                job.result()
            self.mark("(export files: the shared sections written, flushed)")
            return plan, placed
        finally:
            for _, fh, writer in open_files:
                writer.close()
                fh.close()

    def finish(self, view: BuiltGraph, manifest: bytes) -> ExportReport:
        """`view` is complete: write the rest, replace the exports, update the store."""
        from kg.export.store import update_store

        if self.files is None:
            self.start(view)
        assert self.files is not None

        def store_updated() -> Path:
            path = update_store(
                self.out, view, self.previous, self.snapshot.result(), self.spool, self.store_begun, self.named
            )
            self.mark("(store: written)")
            return path

        store = self.pool.submit(store_updated)
        kept = self.pool.submit(keep_previous, self.out)  # only once the new exports are sure to replace these
        # the sections after the files' ones (shared lines, links) are known now: the
        # changed ones are rendered here too, before the writing thread goes on
        tails = [lay.tail() if lay.tail else [] for lay in self.plan]
        self._prerender(tails)
        for lay, sections in zip(self.plan, tails):
            lay.tail = lambda sections=sections: sections  # type: ignore[misc]
        self.ready.set()
        manifest_layout = Layout("build.json", manifest, [])
        with open(self.staging / manifest_layout.name, "wb") as fh:
            manifest_placed = write_layout(manifest_layout, fh, None)
            fh.flush()
            os.fsync(fh.fileno())
        plan, placed = self.files.result()
        if self.renderers is not None:
            self.renderers.close()
            self.renderers = None
        placed[manifest_layout.name] = manifest_placed
        plan = [*plan, manifest_layout]
        kept.result()
        # a record whose file was replaced is not trusted: the file's size or modification
        # time no longer matches it (`SectionIndex.previous`)
        written = []
        for lay in plan:
            os.replace(self.staging / lay.name, self.out / lay.name)
            written.append(self.out / lay.name)
        for lay in plan:
            self.index.record(lay.name, placed[lay.name])
        self.index.save()
        written.append(store.result())
        return ExportReport(written, sum(lay.n_sections for lay in plan), sum(lay.rendered for lay in plan))


def write_exports(
    view: BuiltGraph,
    out: Path,
    base: str,
    manifest: bytes,
    previous: BuildState | None = None,
    named_graphs: bool = False,
) -> ExportReport:
    """Write every export of a complete graph (see `ExportWriter`); the previous graph
    is kept in ``OUT/.previous`` first."""
    with ExportWriter(out, base, previous, named_graphs=named_graphs) as writer:
        writer.start(view)
        return writer.finish(view, manifest)
