"""Rendering export sections on every core.

A full build renders one section per corpus file for each of the export files; each
section is a pure function of its partition's lines.  In the build process those
renders queue behind one interpreter lock, while the other core idles.  Here they run
in forked worker processes, which inherit the build's plan (every layout and the
view its sections read) and send back only the bytes; the build process writes
them in order.

Fork is what makes this cheap (nothing is pickled on the way in), so where the system
has no fork the sections are rendered in the build process, as before.  At most
`WINDOW` chunks are in flight: memory holds a few chunks' bytes, not a file's.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future

from kg.export.sections import Layout, Section
from kg.forking import can_fork, fork_pool

#: Sections per task sent to a worker: two corpus files' sections of every export
#: (fewer round trips; small enough to keep both workers busy to the end).
CHUNK = 24
#: Chunks in flight per worker.
WINDOW = 4
#: Below this many sections to render, forking costs more than it saves.
MIN_SECTIONS = 64

#: The plan a forked worker renders from: set in the build process just before the
#: workers are forked, inherited by them, never pickled.
_PLAN: list[Layout] | None = None


def _render(todo: list[tuple[int, int]]) -> list[bytes]:
    assert _PLAN is not None, "render workers are forked after the plan is set"
    return [_PLAN[li].sections[si].render() for li, si in todo]


class RenderPool:
    """Renders the sections of `plan` that `todo` names in forked workers; `prepare`
    replaces each such section by one that waits for its bytes, so a `LayoutWriter`
    writing the plan in order gets them as they come."""

    def __init__(self, plan: list[Layout], todo: list[tuple[int, int]], workers: int) -> None:
        global _PLAN
        self.plan = plan
        # `todo` comes in the order the files are written: a corpus file's section of
        # every export, then the next file's (one worker reads a file's lines once)
        self.chunks = [todo[k : k + CHUNK] for k in range(0, len(todo), CHUNK)]
        _PLAN = plan
        self.pool = fork_pool(workers)
        self.inflight: deque[tuple[list[tuple[int, int]], Future[list[bytes]]]] = deque()
        self.next = 0
        self.window = WINDOW * workers
        self._top_up()
        _PLAN = None  # the workers have their copy; the build process keeps none

    def _top_up(self) -> None:
        while self.next < len(self.chunks) and len(self.inflight) < self.window:
            chunk = self.chunks[self.next]
            self.inflight.append((chunk, self.pool.submit(_render, chunk)))
            self.next += 1

    def _results(self) -> Iterator[tuple[int, int, bytes]]:
        while self.inflight:
            chunk, fut = self.inflight.popleft()
            data = fut.result()
            self._top_up()
            yield from ((li, si, b) for (li, si), b in zip(chunk, data))

    def prepare(self) -> None:
        """Point every section to render at the next bytes of the workers' stream
        (sections are written in plan order, which is the order they were queued in)."""
        stream = self._results()

        def take(li: int, si: int) -> bytes:
            got_li, got_si, data = next(stream)
            if (got_li, got_si) != (li, si):  # a writer skipped or reordered a section
                raise RuntimeError(f"section {li}:{si} asked for, {got_li}:{got_si} rendered")
            return data

        for chunk in self.chunks:
            for li, si in chunk:
                sections = self.plan[li].sections
                sections[si] = Section(sections[si].key, lambda li=li, si=si: take(li, si))  # type: ignore[misc]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def start_render_pool(plan: list[Layout], todo: list[tuple[int, int]], workers: int | None) -> RenderPool | None:
    """A pool rendering `todo` ((layout, section) indexes, in the order `ExportWriter`
    writes them: by section, then layout), or None when
    rendering here is as good: few sections, one core, or no fork."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(todo) < MIN_SECTIONS or not can_fork():
        return None
    pool = RenderPool(plan, todo, workers)
    pool.prepare()
    return pool
