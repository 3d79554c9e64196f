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

#: Sections per task sent to a worker (fewer round trips; small enough to keep both
#: workers busy to the end).
CHUNK = 8
#: Chunks in flight per worker.
WINDOW = 4
#: Below this many sections to render, forking costs more than it saves.
MIN_SECTIONS = 64

#: The plan a forked worker renders from: set in the build process just before the
#: workers are forked, inherited by them, never pickled.
_PLAN: list[Layout] | None = None


def _render(layout: int, indexes: list[int]) -> list[bytes]:
    assert _PLAN is not None, "render workers are forked after the plan is set"
    sections = _PLAN[layout].sections
    return [sections[i].render() for i in indexes]


class RenderPool:
    """Renders the sections of `plan` that `todo` names in forked workers; `prepare`
    replaces each such section by one that waits for its bytes, so a `LayoutWriter`
    writing the plan in order gets them as they come."""

    def __init__(self, plan: list[Layout], todo: list[tuple[int, int]], workers: int) -> None:
        global _PLAN
        self.plan = plan
        self.chunks: list[tuple[int, list[int]]] = []
        for li, si in todo:
            if self.chunks and self.chunks[-1][0] == li and len(self.chunks[-1][1]) < CHUNK:
                self.chunks[-1][1].append(si)
            else:
                self.chunks.append((li, [si]))
        _PLAN = plan
        self.pool = fork_pool(workers)
        self.inflight: deque[tuple[int, list[int], Future[list[bytes]]]] = deque()
        self.next = 0
        self.window = WINDOW * workers
        self._top_up()
        _PLAN = None  # the workers have their copy; the build process keeps none

    def _top_up(self) -> None:
        while self.next < len(self.chunks) and len(self.inflight) < self.window:
            li, idx = self.chunks[self.next]
            self.inflight.append((li, idx, self.pool.submit(_render, li, idx)))
            self.next += 1

    def _results(self) -> Iterator[tuple[int, int, bytes]]:
        while self.inflight:
            li, idx, fut = self.inflight.popleft()
            data = fut.result()
            self._top_up()
            yield from ((li, si, b) for si, b in zip(idx, data))

    def prepare(self) -> None:
        """Point every section to render at the next bytes of the workers' stream
        (sections are written in plan order, which is the order they were queued in)."""
        stream = self._results()

        def take(li: int, si: int) -> bytes:
            got_li, got_si, data = next(stream)
            if (got_li, got_si) != (li, si):  # a writer skipped or reordered a section
                raise RuntimeError(f"section {li}:{si} asked for, {got_li}:{got_si} rendered")
            return data

        for li, idx in self.chunks:
            sections = self.plan[li].sections
            for si in idx:
                sections[si] = Section(sections[si].key, lambda li=li, si=si: take(li, si))  # type: ignore[misc]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def start_render_pool(plan: list[Layout], todo: list[tuple[int, int]], workers: int | None) -> RenderPool | None:
    """A pool rendering `todo` ((layout, section) indexes, in plan order), or None when
    rendering here is as good: few sections, one core, or no fork."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(todo) < MIN_SECTIONS or not can_fork():
        return None
    pool = RenderPool(plan, todo, workers)
    pool.prepare()
    return pool
