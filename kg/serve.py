"""Serve: a read-only SPARQL 1.1 Protocol endpoint over a build, plus the graph page
and a small query page.

- ``/sparql``: GET ``?query=`` or POST (form ``query=`` or ``application/sparql-query``);
  results by content negotiation (JSON, XML, CSV, TSV; Turtle or N-Triples for graphs)
  or ``format=``.  Updates, ``LOAD`` and ``SERVICE`` are refused with 403; malformed
  queries get 400 with the parser's message.
- Queries run in worker processes that each hold the build's store read-only; a
  query over the time limit is stopped (its worker is replaced) and answered 503;
  results are capped (``X-Result-Truncated: true``).
- ``/`` is ``graph.html``; ``/query`` a form that calls ``/sparql``.
Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import ExportsNotFound, KgError

#: Largest request body accepted (a query, not a data upload).
MAX_BODY = 1_000_000

#: SPARQL Update operations and federation, refused by a read-only endpoint.
_UPDATE_RE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_SERVICE_RE = re.compile(r"\bSERVICE\s*(?:SILENT\s*)?[<?$]", re.IGNORECASE)
_COMMENT_RE = re.compile(r"#[^\n]*")

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


class QueryRefused(KgError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refuse updates and federated queries (read-only, loopback-only endpoint)."""
    bare = _COMMENT_RE.sub("", text)
    if _UPDATE_RE.search(bare):
        raise QueryRefused(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, …) is refused")
    if _SERVICE_RE.search(bare):
        raise QueryRefused(403, "federated queries (SERVICE) are refused by this endpoint")


# ---------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------


def _worker_main(exports: str, conn) -> None:  # pragma: no cover - runs in a child process
    from kg.query import QueryError, open_store, run
    from kg.results import collect, serialize

    store = open_store(Path(exports))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        text, fmt, cap = msg
        try:
            result = collect(run(store, text), cap)
            if fmt is None:
                fmt = "nt" if result.kind == "graph" else "json"
            if result.kind == "graph" and fmt not in ("nt", "ttl"):
                fmt = "nt"
            if result.kind != "graph" and fmt in ("nt", "ttl"):
                fmt = "json"
            conn.send(("ok", fmt, serialize(result, fmt), result.truncated))
        except QueryError as exc:
            conn.send(("error", 400, str(exc), False))
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            conn.send(("error", 500, f"query failed: {type(exc).__name__}: {exc}", False))


class _Worker:
    def __init__(self, exports: Path) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(str(exports), child), daemon=True)
        self.proc.start()
        child.close()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes holding the store; a timed-out query's worker is replaced."""

    def __init__(self, exports: Path, size: int) -> None:
        self.exports = exports
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(max(1, size)):
            self.idle.put(_Worker(exports))

    def run(self, text: str, fmt: str | None, cap: int, timeout: float) -> tuple[str, bytes, bool]:
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryRefused(503, "all query workers are busy; try again") from None
        try:
            worker.conn.send((text, fmt, cap))
            if not worker.conn.poll(timeout):
                worker.stop()
                worker = _Worker(self.exports)
                raise QueryRefused(503, f"query exceeded the {timeout:g} s time limit and was stopped")
            status, a, b, truncated = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            worker = _Worker(self.exports)
            raise QueryRefused(500, "the query worker failed; it has been restarted") from None
        finally:
            self.idle.put(worker)
        if status == "error":
            raise QueryRefused(a, b)
        return a, b, truncated

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().stop()


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
    page_path = options.exports / "graph.html"

    class Handler(BaseHTTPRequestHandler):
        server_version = "policy-kg"
        protocol_version = "HTTP/1.1"

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
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path in ("/", "/graph.html"):
                try:
                    self._send(200, page_path.read_bytes(), "text/html; charset=utf-8")
                except OSError:
                    self._error(404, "graph.html not found in the build")
                return
            if url.path == "/query":
                self._send(200, _query_page(), "text/html; charset=utf-8")
                return
            if url.path != "/sparql":
                self._error(404, "not found: the endpoint is /sparql")
                return
            params = parse_qs(url.query, keep_blank_values=True)
            self._answer(params)

        def do_POST(self) -> None:
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
            body = self.rfile.read(length) if length else b""
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
                fmt, body, truncated = pool.run(queries[0], fmt, options.max_results, options.timeout)
            except QueryRefused as exc:
                self._error(exc.status, str(exc))
                return
            from kg.results import MEDIA_TYPES

            extra = {"X-Result-Truncated": "true"} if truncated else {}
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
