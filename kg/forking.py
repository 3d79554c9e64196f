"""Running a pure function of the build's in-memory state on every core.

The corpus-wide stage makes one partition per corpus file from that file's result and
small corpus-wide answers (document identity).  Those live in the build process;
pickling them to worker processes would cost what the work saves.  Forked workers
inherit them instead: `fork_map` sets the function, forks, and each worker calls it
on the items it is sent, returning only the (picklable) results, in order.

Where the system cannot fork (or one core is all there is), the function runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

#: Fewer items than this are done here: forking costs more than it saves.
MIN_ITEMS = 32

#: The function forked workers call: set just before they are forked, inherited, never pickled.
_TASK: Callable[[Any], Any] | None = None


def _call(item: Any) -> Any:
    assert _TASK is not None, "workers are forked after the task is set"
    return _TASK(item)


def can_fork() -> bool:
    """Can this system fork worker processes (Linux)?"""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes that end when the build does."""
    from kg.extraction import start_worker

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


def fork_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int | None, chunksize: int = 8) -> Iterator[Any]:
    """`fn` of each item, in order: in forked workers when there are at least `MIN_ITEMS`
    and two cores, else here."""
    global _TASK
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < MIN_ITEMS or not can_fork():
        yield from map(fn, items)
        return
    _TASK = fn
    pool = fork_pool(workers)
    try:
        results = pool.map(_call, items, chunksize=chunksize)  # every worker forked now
        _TASK = None
        yield from results
    finally:
        _TASK = None
        pool.shutdown(wait=True, cancel_futures=True)
