"""Pipeline: discover corpus files → extract each (cached, in parallel) → build one
graph → write every export atomically.

Per-file extraction is a pure function of the file's bytes (`kg.extract`), so it is
cached by content hash and fanned out over processes.  A file that cannot be read
is reported by name and skipped; the rest still builds.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.cache import ResultCache, SpillFile, StatIndex, atomic_write
from kg.discover import discover
from kg.errors import BuildError
from kg.extract import rules_version
from kg.extraction import extract_corpus, extract_path, start_extraction
from kg.model import DocResult, Skipped
from kg.quality import QualityReport, build_manifest
from kg.vocab import DEFAULT_BASE, Iris

#: Export files a build writes (besides the `oxigraph/` store); `tests/test_cli.py` checks
#: a build writes exactly these.
EXPORT_FILES = (
    "graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "graph.graphml",
    "tasks.csv", "targets.csv", "documents.csv", "agencies.csv", "citations.csv", "target_alignment.csv",
    "build.json",
)  # fmt: skip


#: A build that changed at most one file in this many of the last build's is a rebuild
#: after a few edits: it keeps the partitions it reads in memory (see `PartStore`).
REBUILD_SHARE = 10


@dataclass(frozen=True)
class BuildOptions:
    corpus: Path
    out: Path
    jobs: int | None = None  # None: all cores
    base: str = DEFAULT_BASE
    use_cache: bool = True
    validate: bool = True
    executor: str = "local"  # "local" (processes on this machine) or "dask"
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster
    resident: bool = False  # the process builds again and again (kg watch): keep the rules loaded in it
    named_graphs: bool = False  # the store keeps each file's named graph too (GRAPH queries; see kg.export.store)


@dataclass
class BuildReport:
    documents: int = 0
    files_read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    tasks: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)
    from_cache: int = 0
    extracted: int = 0
    triples: int = 0
    titles_only_cited: int = 0  # PolicyDocument nodes that are not corpus documents
    outputs: list[Path] = field(default_factory=list)
    validation: list[str] = field(default_factory=list)  # summary lines of the SHACL check
    sections: int = 0  # sections of the export files (see kg.export.sections)
    sections_rendered: int = 0  # of which rendered; the rest were copied from the last build
    phases: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds since the build started)
    quality: QualityReport = field(default_factory=QualityReport)

    def mark(self, step: str, since: float) -> None:
        self.phases.append((step, time.perf_counter() - since))


def build(options: BuildOptions, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build the graph of a corpus folder and write its exports (one build at a time
    per output folder; the previous exports stay complete until the new ones replace
    them, and the previous graph is kept in ``OUT/.previous`` for `kg diff`)."""
    from kg.lock import BuildLock

    options.out.mkdir(parents=True, exist_ok=True)
    with BuildLock(options.out):
        _clean_stale(options.out)
        # The build makes millions of small acyclic objects (lines, records): the cyclic
        # garbage collector would scan them again and again (measured: unpickling the
        # corpus state takes 4x longer with it on).  Reference counting frees them.
        was_enabled = gc.isenabled()
        gc.disable()
        # Threads that copy and flush export files wait for the interpreter lock each
        # time a system call returns: hand it over sooner than every 5 ms.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0005))
        try:
            started = time.perf_counter()
            report = _build(options, progress, started)
            # validation reads the store just written: the build's graph, partitions and
            # state are gone by now (`_build` returned), and their memory goes back to
            # the system, so it does not hold them
            release_free_memory()
            if options.validate:
                report.validation = _validate(options.out)
            report.mark("done", started)
            return report
        finally:
            for scratch in options.out.glob(".parts-*"):  # a build without cache kept its partitions here
                shutil.rmtree(scratch, ignore_errors=True)
            sys.setswitchinterval(interval)
            if was_enabled:
                gc.enable()


def release_free_memory() -> None:
    """Give the memory the C allocator holds free back to the system (glibc's
    malloc_trim; nothing elsewhere).  Millions of freed lines leave the heap's pages
    resident otherwise, and the process's memory would not shrink."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _clean_stale(out: Path) -> None:
    """Leftovers of a killed build: staging folders and temp files."""
    for p in (*out.glob(".staging-*"), *out.glob(".parts-*")):
        shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(".*.tmp"):
        if p.is_dir() and not p.is_symlink():  # a store's checkpoint cut short (``.oxigraph.new.tmp``)
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def _build(options: BuildOptions, progress: Callable[[str], None] | None, started: float) -> BuildReport:
    Iris(options.base)  # a base that is no IRI is reported before any work
    report = BuildReport()
    files, skipped = discover(options.corpus)
    report.skipped.extend(skipped)
    if not files:
        raise BuildError(f"no readable documents in {options.corpus}" + _skip_note(report.skipped))
    cache_dir = options.out / ".cache"
    cache = ResultCache(cache_dir, rules_version()) if options.use_cache else None
    index = StatIndex(cache_dir / "files.json") if options.use_cache else None
    # with nothing in the cache, no file's hash can find anything: the extraction workers
    # read the files (in parallel with extracting) and the index keeps their hashes
    find = index is not None and cache is not None and not cache.empty()
    hashes = {rel: index.sha256(path, rel) if find else None for path, rel in files}  # type: ignore[union-attr]
    # files changed since the last build are extracted in worker processes, started
    # here (before this process imports the corpus-wide stage), while the last build's
    # state loads; unless this process keeps its rules loaded, as `kg watch` does.  The
    # other files need neither reading nor extracting.
    changed = [(path, rel) for path, rel in files if not hashes[rel] or hashes[rel] != index.previous(rel)]  # type: ignore[union-attr]
    task_counts: dict[str, int] = {}  # with a cache, results come back slim, with their number of tasks here
    early = start_extraction(changed, cache, options.jobs, progress, report, index, options.executor, options.scheduler,
                             own_process=not options.resident, task_counts=task_counts, look_up=find)  # fmt: skip
    report.mark(f"found {len(files)} files, {len(changed)} changed; extraction started", started)

    from kg.assemble import assemble, graph_version
    from kg.export import ExportWriter
    from kg.export.sections import exporter_version
    from kg.lexicon.gazetteer import load_gazetteer
    from kg.partition import header, slim
    from kg.partstore import PartStore
    from kg.state import RECORDS, BuildState, FileState, load_state, save_state

    version = f"{rules_version()}:{graph_version()}:{exporter_version()}:{options.base}"
    # partitions' lines live in a folder, not in memory: the cache's, or a scratch one
    state = load_state(cache_dir, version) if options.use_cache else BuildState(version)
    parts = PartStore(
        cache_dir / "parts" if options.use_cache else Path(tempfile.mkdtemp(dir=options.out, prefix=".parts-")),
        keep_reads=len(changed) <= len(state.files) // REBUILD_SHARE,  # a rebuild after a few edits
    )
    report.mark(f"last build's state loaded ({len(state.files)} files)", started)
    extract = partial(extract_corpus, cache=cache, jobs=options.jobs, progress=progress, report=report, index=index,
                      executor=options.executor, scheduler=options.scheduler, task_counts=task_counts)  # fmt: skip
    # the export writer starts at once: it snapshots the store while the corpus-wide
    # stage runs
    mark = partial(report.mark, since=started)
    with (
        ExportWriter(
            options.out, options.base, state if options.use_cache else None, options.jobs, mark, options.named_graphs
        ) as writer,
        SpillFile(options.out) as spill,
    ):
        outcomes = early()
        report.mark(f"{report.extracted} files extracted", started)
        known: dict[str, tuple[str, DocResult, int]] = {}
        # the build process keeps each result's header (`kg.partition.header`); the links
        # graph reads its slim result, which waits in a spill file until then (the
        # slim results of unchanged files are in their state records, unpickled only
        # if the links graph is made again)
        linking: dict[str, FileState] = {}
        late: list[tuple[Path, str]] = []  # unchanged files the state does not hold
        changed_names = {rel for _, rel in changed}
        for path, rel in files:
            old = state.files.get(rel)
            if rel in changed_names:
                continue
            if old and old.sha256 == hashes[rel]:
                known[rel] = (old.sha256, old.head, old.tasks)
                linking[rel] = old
                report.from_cache += 1
                if progress:
                    progress(rel)
            else:
                late.append((path, rel))
        outcomes += extract(late)
        fresh: dict[str, DocResult] = {}
        slims: dict[str, tuple[str, DocResult, int]] = dict(known)
        for at, res in enumerate(outcomes):
            outcomes[at] = None  # type: ignore[call-overload]  # (each result is let go once kept)
            if isinstance(res, Skipped):
                report.skipped.append(res)
            elif not res.documents:
                report.skipped.append(Skipped(res.source.path, "; ".join(res.warnings) or "no document found"))
            else:
                if cache is None:  # with a cache, a full result is read from it when its partition is made
                    fresh[res.source.path] = res
                n_tasks = task_counts.get(res.source.path)
                if n_tasks is None:
                    n_tasks = sum(len(d.tasks) for d in res.documents)
                slimmed = slim(res)
                slims[res.source.path] = (res.source.sha256, header(slimmed), n_tasks)
                spill.put(res.source.path, slimmed)
        del outcomes  # full results live on in `fresh` only, until their partition is made
        if not slims:
            raise BuildError("nothing could be built" + _skip_note(report.skipped))
        for rel in sorted(slims):
            _, res, n_tasks = slims[rel]
            report.files_read.append(rel)
            report.documents += len(res.documents)
            report.tasks += n_tasks
            report.warnings.extend((rel, w) for w in res.warnings)
            report.quality.add(rel, res.quality, len(res.documents))

        def linked(rel: str) -> DocResult:
            kept = linking.get(rel)
            return kept.slim if kept is not None else spill.get(rel)  # type: ignore[return-value]

        def full(rel: str) -> DocResult | None:
            if rel in fresh:  # needed once, to make the file's partition: freed then
                return fresh.pop(rel)
            sha = slims[rel][0]
            return cache.get(sha, rel) if cache else None

        # the export files' per-corpus-file sections are written while the links graph and
        # the shared lines are made; the new state is saved while the rest is written
        # (whatever the next build finds, section keys and the store marker decide what
        # it reuses, so the order does not matter)
        def on_partitions(view) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
            report.mark("partitions made; writing exports", started)
            writer.start(view)

        records = cache_dir / RECORDS if options.use_cache else None  # (written where partitions are made)
        view, new_state = assemble(
            slims,
            full,
            state,
            load_gazetteer(),
            options.base,
            parts,
            on_partitions,
            options.jobs,
            writer.spool,
            records,
            linked,
        )
        fresh.clear()  # (partitions made in worker processes took their copies)
        report.warnings.extend(view.corpus.index.notes)  # which version of a document is current
        report.mark("links graph and shared lines made", started)
        report.triples = view.triple_count()
        report.titles_only_cited = view.titles_only_cited()
        manifest = build_manifest(rules_version(), options.base, [(slims[rel][1], slims[rel][2]) for rel in sorted(slims)],
                                  report.skipped, report.triples, report.quality, view.named_graphs())  # fmt: skip
        with ThreadPoolExecutor(max_workers=1) as saver:

            def saved_state() -> None:
                save_state(cache_dir, new_state)
                mark("(state saved)")

            saved = saver.submit(saved_state) if options.use_cache else None
            exported = writer.finish(view, manifest)
            if saved is not None:
                saved.result()
        report.mark("exports, store and state written", started)
        report.outputs = exported.written
        report.sections, report.sections_rendered = exported.sections, exported.rendered
        parts.prune({p.digest for p in view.partitions})
        if index is not None:
            index.save()
        if cache is not None:
            cache.prune(keep={slims[rel][0] for rel in slims})
        return report


def _validate(out: Path) -> list[str]:
    """The shapes compiled to SPARQL, run on the store the build has just written."""
    from kg.validate import validate_exports

    return validate_exports(out).summary()


def _skip_note(skipped: list[Skipped]) -> str:
    if not skipped:
        return ""
    return ": " + "; ".join(f"{s.path}: {s.reason}" for s in skipped[:10])


__all__ = ["BuildOptions", "BuildReport", "build", "discover", "extract_path", "atomic_write"]
