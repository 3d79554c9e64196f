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

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import ExportsNotFound
from kg.serve_workers import QueryRefused, WorkerPool, _without_network  # noqa: F401 - re-exported

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
