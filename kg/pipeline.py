"""Pipeline: discover corpus files → extract each (cached, in parallel) → build one
graph → write every export atomically.

Per-file extraction is a pure function of the file's bytes (`kg.extract`), so it is
cached by content hash and fanned out over processes.  A file that cannot be read
is reported by name and skipped; the rest still builds.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kg.cache import ResultCache, StatIndex, atomic_write
from kg.discover import discover
from kg.errors import BuildError, IngestError
from kg.extract import rules_version
from kg.ingest import read_source
from kg.model import DocResult, Skipped
from kg.quality import QualityReport, build_manifest
from kg.vocab import DEFAULT_BASE

#: Export files a build writes (besides the `oxigraph/` store); `tests/test_cli.py` checks
#: a build writes exactly these.
EXPORT_FILES = (
    "graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "graph.graphml",
    "tasks.csv", "targets.csv", "documents.csv", "agencies.csv", "citations.csv", "target_alignment.csv",
    "build.json",
)  # fmt: skip


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
    outputs: list[Path] = field(default_factory=list)
    validation: list[str] = field(default_factory=list)  # summary lines of the SHACL check
    sections: int = 0  # sections of the export files (see kg.export.sections)
    sections_rendered: int = 0  # of which rendered; the rest were copied from the last build
    phases: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds since the build started)
    quality: QualityReport = field(default_factory=QualityReport)

    def mark(self, step: str, since: float) -> None:
        self.phases.append((step, time.perf_counter() - since))


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """Worker-process initializer: end this process when the build that started it
    is gone (killed builds must not leave workers behind, blocked on a full pipe)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def extract_path(path: Path, rel: str, seconds: float | None = None) -> DocResult | Skipped:
    """Read and extract one file; never raises for bad input.  Reading, decoding and
    extracting share one time budget (`seconds`, default ``kg.ingest.Limits.budget`` of
    the file's size: 60 s and 20 s per MB): a file over it is skipped with the reason."""
    from dataclasses import replace

    from kg.extract import extract_source
    from kg.ingest import DEFAULT_LIMITS, _OverBudget, time_budget

    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reading reports what is wrong with the file
    budget = DEFAULT_LIMITS.budget(size) if seconds is None else seconds
    limits = replace(DEFAULT_LIMITS, seconds=budget, seconds_per_mb=0.0)
    started = time.monotonic()

    def work() -> DocResult:
        source = read_source(path, rel, limits)  # decoding runs under the budget itself
        left = budget - (time.monotonic() - started)
        if left <= 0:
            raise _OverBudget
        with time_budget(left):
            return extract_source(source)

    return guarded(rel, work, budget)


def guarded(rel: str, work: Callable[[], DocResult], seconds: float | None = None) -> DocResult | Skipped:
    """Run one file's extraction; any failure becomes a Skipped with the reason, and a
    file over its time budget (`seconds`; `work` sets the timer, see `extract_path`)
    is skipped saying so.  Stray bytes replaced while decoding (`kg.ingest` names their
    offsets in the file's encoding) become a warning of the file, with the offsets."""
    import re
    from dataclasses import replace

    from kg.ingest import DEFAULT_LIMITS, _OverBudget

    try:
        result = work()
    except IngestError as exc:
        return Skipped(rel, exc.problem)
    except _OverBudget:
        budget = DEFAULT_LIMITS.seconds if seconds is None else seconds
        return Skipped(rel, f"took over {budget:g} s to read and extract (the per-file time budget); skipped")
    except RecursionError:
        return Skipped(rel, "document structure too deeply nested to analyse")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
        return Skipped(rel, f"internal error while extracting: {type(exc).__name__}: {exc}")
    stray = re.search(r"\((\d+ undecodable bytes? replaced, at byte offsets? [^)]*)\)", result.source.encoding)
    if stray:
        note = f"{stray.group(1)} (U+FFFD in the text)"
        if note not in result.warnings:
            result = replace(result, warnings=(*result.warnings, note))
    return result


def extract_corpus(
    files: list[tuple[Path, str]], cache: ResultCache | None, jobs: int | None, **options: Any
) -> list[DocResult | Skipped]:
    """Per-file results in file order, from the cache where possible; a file whose size
    and mtime are unchanged since the last build is not even read (`index`).  The
    options are `start_extraction`'s."""
    return start_extraction(files, cache, jobs, **options)()


def start_extraction(
    files: list[tuple[Path, str]],
    cache: ResultCache | None,
    jobs: int | None,
    progress: Callable[[str], None] | None = None,
    report: BuildReport | None = None,
    index: StatIndex | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    own_process: bool = False,
) -> Callable[[], list[DocResult | Skipped]]:
    """Start extracting `files` (see `extract_corpus`) and return the function that
    waits for the results.  Cached results are read now; worker processes are started
    now, from the calling thread, so the caller works while they extract."""
    report = report if report is not None else BuildReport()
    results: dict[str, DocResult | Skipped] = {}
    todo: list[tuple[Path, str]] = []
    for path, rel in files:
        sha = index.sha256(path, rel) if (cache and index) else None
        hit = cache.get(sha, rel) if cache and sha else None
        if hit is not None:
            results[rel] = hit
            report.from_cache += 1
            if progress:
                progress(rel)
        else:
            todo.append((path, rel))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    pool = None
    futures = []
    if executor != "dask" and todo and (own_process or (workers > 1 and len(todo) >= 4)):
        pool = ProcessPoolExecutor(max_workers=workers, initializer=exit_with_parent, initargs=(os.getpid(),))
        futures = [(rel, pool.submit(extract_path, path, rel)) for path, rel in todo]

    def collect() -> list[DocResult | Skipped]:
        if pool is not None:
            try:
                for rel, fut in futures:
                    results[rel] = fut.result()
                    if progress:
                        progress(rel)
            finally:
                pool.shutdown(wait=False, cancel_futures=True)  # the workers end on their own
        elif executor == "dask" and todo:
            from kg.distributed import extract_on_dask

            results.update(extract_on_dask(todo, scheduler, progress))
        else:
            for path, rel in todo:
                results[rel] = extract_path(path, rel)
                if progress:
                    progress(rel)
        if cache:
            for _, rel in todo:
                res = results[rel]
                if isinstance(res, DocResult):
                    cache.put(res)
        report.extracted += len(todo)
        return [results[rel] for _, rel in files]

    return collect


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
            return _build(options, progress)
        finally:
            for scratch in options.out.glob(".parts-*"):  # a build without cache kept its partitions here
                shutil.rmtree(scratch, ignore_errors=True)
            sys.setswitchinterval(interval)
            if was_enabled:
                gc.enable()


def _clean_stale(out: Path) -> None:
    """Leftovers of a killed build: staging folders and temp files."""
    for p in (*out.glob(".staging-*"), *out.glob(".parts-*")):
        shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(".*.tmp"):
        p.unlink(missing_ok=True)


def _build(options: BuildOptions, progress: Callable[[str], None] | None) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    files, skipped = discover(options.corpus)
    report.skipped.extend(skipped)
    if not files:
        raise BuildError(f"no readable documents in {options.corpus}" + _skip_note(report.skipped))
    cache_dir = options.out / ".cache"
    cache = ResultCache(cache_dir, rules_version()) if options.use_cache else None
    index = StatIndex(cache_dir / "files.json") if options.use_cache else None
    hashes = {rel: index.sha256(path, rel) if index else None for path, rel in files}
    # files changed since the last build are extracted in worker processes, started
    # here (before this process imports the corpus-wide stage), while the last build's
    # state loads; unless this process keeps its rules loaded, as `kg watch` does.  The
    # other files need neither reading nor extracting.
    changed = [(path, rel) for path, rel in files if not hashes[rel] or hashes[rel] != index.previous(rel)]  # type: ignore[union-attr]
    early = start_extraction(changed, cache, options.jobs, progress, report, index, options.executor, options.scheduler,
                             own_process=not options.resident)  # fmt: skip
    report.mark(f"found {len(files)} files, {len(changed)} changed; extraction started", started)

    from kg.assemble import assemble, graph_version
    from kg.export import ExportWriter
    from kg.export.sections import exporter_version
    from kg.lexicon.gazetteer import load_gazetteer
    from kg.partition import slim
    from kg.state import BuildState, PartStore, load_state, save_state

    version = f"{rules_version()}:{graph_version()}:{exporter_version()}:{options.base}"
    # partitions' lines live in a folder, not in memory: the cache's, or a scratch one
    parts = PartStore(
        cache_dir / "parts" if options.use_cache else Path(tempfile.mkdtemp(dir=options.out, prefix=".parts-"))
    )
    state = load_state(cache_dir, version) if options.use_cache else BuildState(version)
    report.mark(f"last build's state loaded ({len(state.files)} files)", started)
    extract = partial(extract_corpus, cache=cache, jobs=options.jobs, progress=progress, report=report, index=index,
                      executor=options.executor, scheduler=options.scheduler)  # fmt: skip
    # the export writer starts at once: it snapshots the store while the corpus-wide
    # stage runs
    with ExportWriter(options.out, options.base, state if options.use_cache else None, options.jobs) as writer:
        outcomes = early()
        report.mark(f"{report.extracted} files extracted", started)
        known: dict[str, tuple[str, DocResult, int]] = {}
        late: list[tuple[Path, str]] = []  # unchanged files the state does not hold
        changed_names = {rel for _, rel in changed}
        for path, rel in files:
            old = state.files.get(rel)
            if rel in changed_names:
                continue
            if old and old.sha256 == hashes[rel]:
                known[rel] = (old.sha256, old.slim, old.tasks)
                report.from_cache += 1
                if progress:
                    progress(rel)
            else:
                late.append((path, rel))
        outcomes += extract(late)
        fresh: dict[str, DocResult] = {}
        slims: dict[str, tuple[str, DocResult, int]] = dict(known)
        for res in outcomes:
            if isinstance(res, Skipped):
                report.skipped.append(res)
            elif not res.documents:
                report.skipped.append(Skipped(res.source.path, "; ".join(res.warnings) or "no document found"))
            else:
                if cache is None:  # with a cache, a full result is read from it when its partition is made
                    fresh[res.source.path] = res
                slims[res.source.path] = (res.source.sha256, slim(res), sum(len(d.tasks) for d in res.documents))
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

        view, new_state = assemble(
            slims, full, state, load_gazetteer(), options.base, parts, on_partitions, options.jobs
        )
        fresh.clear()  # (partitions made in worker processes took their copies)
        report.warnings.extend(view.corpus.index.notes)  # which version of a document is current
        report.mark("links graph and shared lines made", started)
        report.triples = view.triple_count()
        manifest = build_manifest(rules_version(), options.base, [(slims[rel][1], slims[rel][2]) for rel in sorted(slims)],
                                  report.skipped, report.triples, report.quality)  # fmt: skip
        with ThreadPoolExecutor(max_workers=1) as saver:
            saved = saver.submit(save_state, cache_dir, new_state) if options.use_cache else None
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
        if options.validate:
            report.validation = _validate(options.out)
        report.mark("done", started)
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
