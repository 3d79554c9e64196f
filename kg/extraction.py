"""Extracting corpus files: each in a worker process (or on a Dask cluster), from the
result cache where it can; a file that cannot be read becomes a `Skipped` with the
reason, never an exception.  `kg.pipeline` starts this before the corpus-wide stage."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cache import ResultCache, StatIndex
from kg.errors import IngestError
from kg.ingest import read_source
from kg.model import DocResult, Skipped

if TYPE_CHECKING:
    from kg.pipeline import BuildReport


def start_worker(parent: int) -> None:
    """Worker-process initializer: end with the build (`exit_with_parent`), and collect
    the worker's own cyclic garbage.  The build process turns the cyclic collector off
    (see `kg.pipeline.build`) and a forked worker inherits that; extraction, partitions
    and sections make cycles, which without the collector a worker keeps until it ends
    (measured: extraction workers grew to 690 MB each over 10,000 files, against 100 MB
    with it).  What the worker inherited is frozen first: the collector never scans it,
    so its pages stay shared with the build process."""
    import gc

    exit_with_parent(parent)
    gc.freeze()
    gc.enable()


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


def extract_to_cache(path: Path, rel: str, cache: ResultCache) -> tuple[DocResult | Skipped, int]:
    """In a worker: extract a file, put the full result in the cache, and send back only
    what the corpus-wide stage keeps of it (`kg.partition.slim`) with its number of
    tasks.  The build process then never holds every file's full result at once (≈ 1 MB
    each: texts, evidence, facts); a file's partition reads it from the cache."""
    from kg.partition import slim

    res = extract_path(path, rel)
    if not isinstance(res, DocResult):
        return res, 0
    cache.put(res)
    return slim(res), sum(len(d.tasks) for d in res.documents)


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
    task_counts: dict[str, int] | None = None,
    look_up: bool = True,
) -> Callable[[], list[DocResult | Skipped]]:
    """Start extracting `files` (see `extract_corpus`) and return the function that
    waits for the results.  Cached results are read now; worker processes are started
    now, from the calling thread, so the caller works while they extract.

    With `task_counts` (and a cache), results come back slim (`kg.partition.slim`; the
    full ones are in the cache) and each file's number of tasks goes into `task_counts`.
    Without `look_up` (the cache is empty) no file is read here: the files are read
    where they are extracted, and the index keeps the hashes found there with the size
    and modification time each file had before."""
    if report is None:
        from kg.pipeline import BuildReport

        report = BuildReport()
    results: dict[str, DocResult | Skipped] = {}
    todo: list[tuple[Path, str]] = []
    slim_mode = task_counts is not None and cache is not None

    def keep(rel: str, res: DocResult | Skipped, n_tasks: int | None = None) -> None:
        if slim_mode and isinstance(res, DocResult):
            from kg.partition import slim

            task_counts[rel] = sum(len(d.tasks) for d in res.documents) if n_tasks is None else n_tasks  # type: ignore[index]
            res = slim(res)
        results[rel] = res

    stats: dict[str, list[int] | None] = {}  # of the files read elsewhere, for the index
    for path, rel in files:
        sha = index.sha256(path, rel) if (cache and index and look_up) else None
        if index is not None and not look_up:
            stats[rel] = index.stat(path)
        hit = cache.get(sha, rel) if cache and sha else None
        if hit is not None:
            keep(rel, hit)
            report.from_cache += 1
            if progress:
                progress(rel)
        else:
            todo.append((path, rel))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    pool = None
    futures = []
    if executor != "dask" and todo and (own_process or (workers > 1 and len(todo) >= 4)):
        pool = ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(os.getpid(),))
        if slim_mode:
            futures = [(rel, pool.submit(extract_to_cache, path, rel, cache)) for path, rel in todo]
        else:
            futures = [(rel, pool.submit(extract_path, path, rel)) for path, rel in todo]
    stored: set[str] = set()  # put in the cache by the worker that extracted it

    def collect() -> list[DocResult | Skipped]:
        if pool is not None:
            try:
                for rel, fut in futures:
                    if slim_mode:
                        res, n_tasks = fut.result()
                        if isinstance(res, DocResult):
                            stored.add(rel)
                            task_counts[rel] = n_tasks  # type: ignore[index]
                        results[rel] = res
                    else:
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
                if isinstance(res, DocResult) and rel not in stored:
                    cache.put(res)
                    keep(rel, res)
        report.extracted += len(todo)
        if index is not None:
            for rel, stat in stats.items():
                res = results[rel]
                if isinstance(res, DocResult):
                    index.note(rel, stat, res.source.sha256)
        return [results[rel] for _, rel in files]

    return collect
