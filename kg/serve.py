"""Serve: a read-only SPARQL 1.1 Protocol endpoint over a build, plus the graph page
and a small query page.

- ``/sparql``: GET ``?query=`` or POST (form ``query=`` or ``application/sparql-query``);
  results by content negotiation (JSON, XML, CSV, TSV; Turtle or N-Triples for graphs)
  or ``format=``.  What a query does is read from its tokens (`kg.query.check_query`),
  not matched by pattern: updates and ``SERVICE`` are refused with 403, queries nested
  or chained beyond what the store's parser survives get 400, as do malformed ones.
- Queries run in worker processes that each hold the build's store read-only and,
  where the system allows, have no network at all; a query over the time limit is
  stopped (its worker is replaced) and answered 503; results are capped in rows
  (``X-Result-Truncated: true``) and in bytes (over the limit: an error, not a result).
- Requests name this server in ``Host`` (DNS rebinding is refused), send their body
  within the read timeout, and stay under 1 MB.
- ``/`` is ``graph.html``; ``/query`` a form that calls ``/sparql``.
- Answers and the page always come from one build (a *generation*): the server
  keeps the page in memory and gives its workers a pinned copy of the build's store
  (hard links, made with the store's own backup), so a build that replaces the
  exports changes neither while it runs, and a worker restarted mid-build opens the
  same copy as the others.  Before each request the server looks whether the exports
  changed; once no build holds the folder's lock (`kg.lock`) it pins the new build
  and replaces every worker.  Each response names its build in ``X-KG-Build``.
Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import ipaddress
import multiprocessing as mp
import os
import queue
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import ExportsNotFound, KgError

#: Largest request body accepted (a query, not a data upload).
MAX_BODY = 1_000_000

#: Names of this machine's loopback interface, always accepted in ``Host``.
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "localhost.localdomain"}
_WILDCARD = {"", "0.0.0.0", "::"}

#: Sent with every page: no form may submit anywhere, no other site may frame the
#: page, no <base> may redirect its links (the pages carry their own CSP besides).
PAGE_CSP = "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

_ACCEPT = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
]


@dataclass(frozen=True)
class ServeOptions:
    exports: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_results: int = 10_000
    workers: int = 2
    max_bytes: int = 64 * 2**20  # largest serialised result; a bigger one is an error
    read_timeout: float = 10.0  # seconds to send the request line, headers and body
    allowed_hosts: tuple[str, ...] = ()  # more names accepted in Host (a proxy's)


class QueryRefused(KgError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refuse updates, federated queries and queries too deep for the store, by their
    tokens (see `kg.query.check_query`): 403 or 400 with the reason."""
    from kg.query import QueryError
    from kg.query import check_query as check

    try:
        check(text, allow_service=False)
    except QueryError as exc:
        raise QueryRefused(exc.status, str(exc)) from None


def host_allowed(host_header: str | None, bound: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether a request's ``Host`` names this server: the bound address, a loopback
    name, or one of `extra`.  A page on another site that rebinds its own DNS name to
    127.0.0.1 sends that name, and is refused.  A server bound to every interface also
    accepts this machine's host names and any IP address (rebinding needs a name)."""
    if host_header is None:
        return True  # not a browser (browsers always send Host)
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    names = _LOOPBACK_NAMES | {bound.lower()} | {e.lower() for e in extra}
    if host in names:
        return True
    if bound in _WILDCARD:
        if host in {socket.gethostname().lower(), socket.getfqdn().lower()}:
            return True
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return False
    return False


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
# Generations: the build a server answers from
# ---------------------------------------------------------------------------

#: What identifies the exports a build wrote: these change (new inode, size or
#: modification time) whenever a build replaces them.
_WATCHED = ("oxigraph", "graph.nt", "graph.html", "build.json")


def exports_identity(exports: Path) -> tuple:
    """(inode, size, mtime) of each export a generation is made of."""
    out = []
    for name in _WATCHED:
        try:
            st = (exports / name).stat()
            out.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((name, None))
    return tuple(out)


def build_running(exports: Path) -> bool:
    """Whether a build holds the output folder's lock (``OUT/.lock``, see `kg.lock`).
    Read from /proc/locks where there is one, so that looking never makes a build
    that starts at that instant fail; elsewhere a shared lock is tried and released."""
    lock = exports / ".lock"
    try:
        st = lock.stat()
    except OSError:
        return False
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            table = fh.read()
    except OSError:
        table = None
    if table is not None:
        for line in table.splitlines():
            fields = line.split()
            if "FLOCK" not in fields or "->" in fields:
                continue
            for f in fields:
                parts = f.split(":")
                if len(parts) == 3 and parts[2] == str(st.st_ino):
                    try:
                        if (int(parts[0], 16), int(parts[1], 16)) == (os.major(st.st_dev), os.minor(st.st_dev)):
                            return True
                    except ValueError:
                        continue
        return False
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # releases the shared lock, if taken
    return False


@dataclass
class Generation:
    """One build as served: its page and a pinned copy of its store."""

    number: int
    identity: tuple
    build_id: str  # a digest of build.json: names the build in X-KG-Build
    page: bytes | None  # graph.html, or None when the build has none
    root: Path  # a folder holding `oxigraph/` (or `graph.nt`) of this build, for the workers
    owned: bool = field(default=True, repr=False)  # `root` is a pin of ours, removed when done


def _pin(exports: Path, dest: Path) -> None:
    """A copy of the build's store in `dest` that no later build changes: the store's
    backup, whose immutable files are hard links (or graph.nt, hard-linked or copied)."""
    import pyoxigraph as ox

    from kg.query import STORE_DIR

    dest.mkdir(parents=True)
    store = exports / STORE_DIR
    if store.is_dir():
        ox.Store.read_only(str(store)).backup(str(dest / STORE_DIR))
        return
    try:
        os.link(exports / "graph.nt", dest / "graph.nt")
    except OSError:
        shutil.copyfile(exports / "graph.nt", dest / "graph.nt")


class Builds:
    """The generations of one export folder: the current one, and the next once a build
    has finished replacing the exports."""

    def __init__(self, exports: Path) -> None:
        self.exports = exports
        self.lock = threading.Lock()
        self.pins = self._pin_folder()
        self.count = 0
        generation = self._make()
        if generation is None:  # a build is running: serve what is there
            generation = self._make(force=True)
        assert generation is not None
        self.current = generation

    def _pin_folder(self) -> Path:
        """``OUT/.serve-PID-XXXX``, one per server (hard links need the same file
        system), else a temporary folder; pins of servers no longer running are removed."""
        for old in self.exports.glob(".serve-*"):
            try:
                os.kill(int(old.name.split("-")[1]), 0)
            except (ValueError, IndexError, ProcessLookupError):
                shutil.rmtree(old, ignore_errors=True)
            except PermissionError:
                pass
        try:
            return Path(tempfile.mkdtemp(prefix=f".serve-{os.getpid()}-", dir=self.exports))
        except OSError:
            return Path(tempfile.mkdtemp(prefix="kg-serve-"))

    def _make(self, force: bool = False) -> Generation | None:
        """Pin the exports as they are, unless a build is replacing them (then None)."""
        before = exports_identity(self.exports)
        if not force and build_running(self.exports):
            return None
        self.count += 1
        root = self.pins / str(self.count)
        shutil.rmtree(root, ignore_errors=True)
        try:
            _pin(self.exports, root)
            page = (self.exports / "graph.html").read_bytes() if (self.exports / "graph.html").exists() else None
            manifest = (self.exports / "build.json").read_bytes() if (self.exports / "build.json").exists() else b""
        except OSError:
            shutil.rmtree(root, ignore_errors=True)
            if force:
                raise
            return None
        if not force and (exports_identity(self.exports) != before or build_running(self.exports)):
            shutil.rmtree(root, ignore_errors=True)  # a build began meanwhile: not one build
            return None
        build_id = hashlib.sha256(manifest).hexdigest()[:16]
        return Generation(self.count, before, build_id, page, root)

    def refresh(self) -> tuple[Generation, Generation | None]:
        """The generation to answer from: the current one, or a new one when a build
        has replaced the exports and finished.  Also returns the generation replaced."""
        if exports_identity(self.exports) == self.current.identity:
            return self.current, None
        with self.lock:
            if exports_identity(self.exports) == self.current.identity:
                return self.current, None
            new = self._make()
            if new is None:
                return self.current, None
            old, self.current = self.current, new
            return new, old

    def discard(self, generation: Generation) -> None:
        if generation.owned:
            shutil.rmtree(generation.root, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.pins, ignore_errors=True)


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


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------


def negotiate(accept: str | None, explicit: str | None) -> str | None:
    if explicit:
        if explicit in ("json", "xml", "csv", "tsv", "nt", "ttl"):
            return explicit
        raise QueryRefused(400, f"unknown format {explicit!r}: use json, xml, csv, tsv, ttl or nt")
    if not accept:
        return None
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        for media, name in _ACCEPT:
            if mtype == media and (best is None or (q, -i) > (best[0], -best[1])):
                best = (q, i, name)
    return best[2] if best else None


def _query_page() -> bytes:
    return resources.files("kg.export").joinpath("static", "query.html").read_bytes()


def make_handler(options: ServeOptions, pool: WorkerPool):
    class Handler(BaseHTTPRequestHandler):
        server_version = "policy-kg"
        protocol_version = "HTTP/1.1"
        timeout = options.read_timeout  # of each read of the socket (request line, headers)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
            pass

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str) -> None:
            if self.command == "POST":
                self.close_connection = True  # its body may be unread
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def _host_ok(self) -> bool:
            bound = str(self.server.server_address[0])
            if host_allowed(self.headers.get("Host"), bound, (options.host, *options.allowed_hosts)):
                return True
            self._error(403, "the Host header does not name this server (DNS rebinding is refused)")
            return False

        def _page(self, body: bytes, build_id: str | None = None) -> None:
            headers = {"Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
            if build_id:
                headers["X-KG-Build"] = build_id
            self._send(200, body, "text/html; charset=utf-8", headers)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            if not self._host_ok():
                return
            url = urlsplit(self.path)
            if url.path in ("/", "/graph.html"):
                generation = pool.current()
                if generation.page is None:
                    self._error(404, "graph.html not found in the build")
                else:
                    self._page(generation.page, generation.build_id)
                return
            if url.path == "/query":
                self._page(_query_page())
                return
            if url.path != "/sparql":
                self._error(404, "not found: the endpoint is /sparql")
                return
            params = parse_qs(url.query, keep_blank_values=True)
            self._answer(params)

        def _body(self, length: int) -> bytes | None:
            """The request body, read within the read timeout in all (a client that
            sends less than its Content-Length, or trickles it, is answered 408)."""
            deadline = time.monotonic() + options.read_timeout
            chunks, got = [], 0
            try:
                while got < length:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    self.connection.settimeout(left)
                    chunk = self.rfile.read1(min(65536, length - got))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    got += len(chunk)
            except (TimeoutError, OSError):
                got = -1
            finally:
                try:
                    self.connection.settimeout(options.read_timeout)
                except OSError:
                    pass
            if got != length:
                self.close_connection = True
                self._error(408, f"the request body did not arrive within {options.read_timeout:g} s")
                return None
            return b"".join(chunks)

        def do_POST(self) -> None:
            if not self._host_ok():
                return
            url = urlsplit(self.path)
            if url.path != "/sparql":
                self._error(404, "not found: the endpoint is /sparql")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                self._error(400, "bad Content-Length")
                return
            if length > MAX_BODY:
                self._error(413, f"request body over {MAX_BODY} bytes")
                return
            body = self._body(length) if length > 0 else b""
            if body is None:
                return
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query, keep_blank_values=True)
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                self._error(400, "request body is not UTF-8")
                return
            if ctype == "application/sparql-update":
                self._error(403, "this endpoint is read-only: SPARQL Update is refused")
                return
            if ctype == "application/sparql-query":
                params["query"] = [text]
            elif ctype in ("application/x-www-form-urlencoded", ""):
                params.update(parse_qs(text, keep_blank_values=True))
            else:
                self._error(415, f"unsupported Content-Type {ctype!r}")
                return
            self._answer(params)

        def _answer(self, params: dict[str, list[str]]) -> None:
            if "update" in params:
                self._error(403, "this endpoint is read-only: SPARQL Update is refused")
                return
            queries = params.get("query") or []
            if len(queries) != 1 or not queries[0].strip():
                self._error(400, "give exactly one non-empty `query` parameter")
                return
            try:
                check_query(queries[0])
                fmt = negotiate(self.headers.get("Accept"), (params.get("format") or [None])[0])
                fmt, body, truncated, build_id = pool.run(
                    queries[0], fmt, options.max_results, options.timeout, options.max_bytes
                )
            except QueryRefused as exc:
                self._error(exc.status, str(exc))
                return
            from kg.results import MEDIA_TYPES

            extra = {"X-KG-Build": build_id}
            if truncated:
                extra["X-Result-Truncated"] = "true"
            self._send(200, body, MEDIA_TYPES[fmt] + "; charset=utf-8", extra)

    return Handler


def make_server(options: ServeOptions) -> tuple[ThreadingHTTPServer, WorkerPool]:
    from kg.query import open_store

    open_store(options.exports)  # fail early, with the usual message, when there is no build
    if not (options.exports / "graph.nt").exists() and not (options.exports / "oxigraph").is_dir():
        raise ExportsNotFound(f"no build found in {options.exports}")
    pool = WorkerPool(options.exports, options.workers)
    server = ThreadingHTTPServer((options.host, options.port), make_handler(options, pool))
    server.daemon_threads = True
    return server, pool


def serve_in_thread(options: ServeOptions) -> tuple[ThreadingHTTPServer, WorkerPool, threading.Thread]:
    """Start a server in a background thread (tests, notebooks)."""
    server, pool = make_server(options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, pool, thread
