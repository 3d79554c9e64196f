"""The query workers of `kg serve`: processes that hold a generation's store read-only,
without network where the system allows, stopped past the time limit, with results
capped in rows and bytes."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import queue
import threading
from pathlib import Path

from kg.errors import KgError
from kg.serve_builds import Builds, Generation


class QueryRefused(KgError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _without_network() -> bool:
    """Move this process into a network namespace of its own, with no interface up:
    a query that reached the store's SERVICE client would find no network.  Best
    effort (needs Linux and root or unprivileged user namespaces); the tokens are
    checked before any query is run anyway."""
    if not hasattr(os, "sched_getaffinity"):  # not Linux
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    if libc.unshare(clone_newnet) == 0:
        return True
    return libc.unshare(clone_newuser | clone_newnet) == 0


# ---------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------


def _too_big(max_bytes: int) -> str:
    return (
        f"the result is over the {max_bytes / 2**20:g} MB limit of this endpoint; "
        "select fewer or shorter values (LIMIT, SUBSTR) or raise the limit"
    )


def _result_size(result) -> int:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """Characters in the values of a collected result (a lower bound of its size)."""
    if result.kind == "graph":
        return sum(len(t.subject.value) + len(t.predicate.value) + len(t.object.value) for t in result.triples or ())
    return sum(len(v.value) for row in result.rows for v in row if v is not None)


def _worker_main(exports: str, conn, isolate: bool = True) -> None:  # pragma: no cover - runs in a child process
    from kg.query import QueryError, open_store, run
    from kg.results import collect, serialize

    if isolate:
        _without_network()
    store = open_store(Path(exports))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        text, fmt, cap, max_bytes = msg
        try:
            result = collect(run(store, text), cap)
            if fmt is None:
                fmt = "nt" if result.kind == "graph" else "json"
            if result.kind == "graph" and fmt not in ("nt", "ttl"):
                fmt = "nt"
            if result.kind != "graph" and fmt in ("nt", "ttl"):
                fmt = "json"
            if _result_size(result) > max_bytes:
                conn.send(("error", 400, _too_big(max_bytes), False))
                continue
            body, truncated = serialize(result, fmt), result.truncated
            del result
            if len(body) > max_bytes:
                conn.send(("error", 400, _too_big(max_bytes), False))
                continue
            conn.send(("ok", fmt, body, truncated))
        except QueryError as exc:
            conn.send(("error", exc.status, str(exc), False))
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            conn.send(("error", 500, f"query failed: {type(exc).__name__}: {exc}", False))


class _Worker:
    def __init__(self, generation: Generation) -> None:
        ctx = mp.get_context("spawn")
        self.generation = generation
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(str(generation.root), child), daemon=True)
        self.proc.start()
        child.close()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes holding the store of the current generation (see `Builds`);
    a timed-out query's worker is replaced by one of the same generation, and when a
    new build is served every worker is replaced: answers never mix two builds."""

    def __init__(self, exports: Path, size: int) -> None:
        self.exports = exports
        self.builds = Builds(exports)
        self.size = max(1, size)
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.alive: dict[int, int] = {}  # workers per generation number
        self.retired: dict[int, Generation] = {}  # replaced generations with workers left
        self.guard = threading.Lock()
        for _ in range(self.size):
            self.idle.put(self._start(self.builds.current))

    def _start(self, generation: Generation) -> _Worker:
        with self.guard:
            self.alive[generation.number] = self.alive.get(generation.number, 0) + 1
        return _Worker(generation)

    def _stop(self, worker: _Worker) -> None:
        worker.stop()
        number = worker.generation.number
        with self.guard:
            self.alive[number] -= 1
            done = self.alive[number] == 0 and number in self.retired
            if done:
                del self.alive[number]
                old = self.retired.pop(number)
        if done:
            self.builds.discard(old)

    def current(self) -> Generation:
        """The generation to answer from, after a look at the exports (cheap: a few
        stat calls); a newly finished build replaces the idle workers now."""
        generation, old = self.builds.refresh()
        if old is not None:
            with self.guard:
                if self.alive.get(old.number):
                    self.retired[old.number] = old
                else:
                    self.alive.pop(old.number, None)
                    self.builds.discard(old)
            for _ in range(self.size):
                try:
                    worker = self.idle.get_nowait()
                except queue.Empty:
                    break  # busy: replaced when its query ends
                if worker.generation.number != generation.number:
                    self._stop(worker)
                    worker = self._start(generation)
                self.idle.put(worker)
        return generation

    def run(
        self,
        text: str,
        fmt: str | None,
        cap: int,
        timeout: float,
        max_bytes: int = 64 * 2**20,
        generation: Generation | None = None,
    ) -> tuple[str, bytes, bool, str]:
        """Run a query on a worker of `generation` (default: the current one); the
        format, body, truncation and the build's id."""
        generation = generation or self.current()
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryRefused(503, "all query workers are busy; try again") from None
        if worker.generation.number != generation.number:
            self._stop(worker)
            worker = self._start(self.builds.current)
        answered = worker.generation
        try:
            worker.conn.send((text, fmt, cap, max_bytes))
            if not worker.conn.poll(timeout):
                self._stop(worker)
                worker = self._start(worker.generation)  # the same build as the others
                raise QueryRefused(503, f"query exceeded the {timeout:g} s time limit and was stopped")
            status, a, b, truncated = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop(worker)
            worker = self._start(worker.generation)
            raise QueryRefused(500, "the query worker failed; it has been restarted") from None
        finally:
            if worker.generation.number != self.builds.current.number:
                self._stop(worker)
                worker = self._start(self.builds.current)
            self.idle.put(worker)
        if status == "error":
            raise QueryRefused(a, b)
        return a, b, truncated, answered.build_id

    def close(self) -> None:
        while not self.idle.empty():
            self._stop(self.idle.get())
        self.builds.close()
