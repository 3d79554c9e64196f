"""Hostile input and a hostile network (issue 17): the endpoint probed over loopback,
hostile files generated here.  Each test names the guarantee of SECURITY.md it proves."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_serve_push import form, http

from kg.cli import main
from kg.query import MAX_NESTING, check_query, inspect_query
from kg.serve import ServeOptions, host_allowed, serve_in_thread

# ---------------------------------------------------------------------------
# The endpoint
# ---------------------------------------------------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def server(bundled):
    options = ServeOptions(bundled[0], port=0, timeout=10, max_results=50, workers=1, max_bytes=4096, read_timeout=1)
    srv, pool, _ = serve_in_thread(options)
    host, port = srv.server_address[:2]
    yield f"http://{host}:{port}", port
    srv.shutdown()
    srv.server_close()
    pool.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def _service_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/"
    return [
        # a prefixed name after SERVICE (the old pattern wanted <, ? or $)
        f"PREFIX ex: <{url}> SELECT * {{ SERVICE SILENT ex:x {{ ?s ?p ?o }} }}",
        # a `#` inside an IRI earlier on the line (the old comment stripper ate the rest)
        f"SELECT * {{ ?s <http://example.org/#p> ?o . SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        # a comment between the keyword and its IRI; lower case; inside FILTER EXISTS
        f"SELECT * {{ service#x\nsilent <{url}> {{}} }}",
        f"SELECT * {{ BIND(1 AS ?x) FILTER EXISTS {{ SERVICE SILENT <{url}> {{}} }} }}",
        # the service IRI bound at run time
        f"SELECT * {{ VALUES ?u {{ <{url}> }} SERVICE SILENT ?u {{}} }}",
    ]


def test_service_is_refused_and_nothing_is_fetched(server, listener):
    base, _ = server
    for query in _service_queries(listener.port):
        status, _, body = http(f"{base}/sparql", form(query))
        assert status == 403, (query, body)
        assert b"SERVICE" in body
    time.sleep(0.2)
    assert listener.connections == 0


def test_keywords_inside_iris_strings_names_and_comments_are_not_keywords(server):
    base, _ = server
    query = (
        "SELECT ?s WHERE { ?s a <https://w3id.org/policykg/ontology#Task> ; ?p ?o . "
        "FILTER(?o != 'SERVICE <http://x/> {}' && ?p != <http://x/#SERVICE>) } LIMIT 1 # SERVICE INSERT"
    )
    status, _, body = http(f"{base}/sparql", form(query), {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert len(json.loads(body)["results"]["bindings"]) == 1
    shape = inspect_query("PREFIX service: <http://x/> SELECT ?service { ?s service:SERVICE ?service }")
    assert not shape.service and shape.form == "SELECT"


def test_updates_are_answered_read_only(server):
    base, _ = server
    for query in ("INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX : <a:> # c\n insert { ?s :p 1 } WHERE { ?s ?p ?o }"):
        status, _, body = http(f"{base}/sparql", form(query))
        assert status == 403 and b"read-only" in body, body


def test_kg_query_says_read_only(bundled):
    result = CliRunner().invoke(main, ["query", "INSERT DATA { <a:b> <a:c> <a:d> }", "--exports", str(bundled[0])])
    assert result.exit_code != 0
    assert "read-only" in result.output and "CONSTRUCT" not in result.output.split("(use")[0]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * " + "{" * 5000 + "?s ?p ?o" + "}" * 5000,
        "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT (" + "+".join(["1"] * 20000) + " AS ?x) {}",
        "SELECT * { " + " UNION ".join(["{?s ?p ?o}"] * 20000) + " }",
    ],
    ids=["groups", "parentheses", "plus-chain", "union-chain"],
)
def test_deep_query_is_a_400_and_the_worker_survives(server, query):
    base, _ = server
    status, _, body = http(f"{base}/sparql", form(query))
    assert status == 400, body
    assert b"limit" in body
    status, _, body = http(f"{base}/sparql", form("ASK { ?s ?p ?o }"))
    assert status == 200 and json.loads(body)["boolean"] is True


def test_nesting_limit_is_below_what_the_store_survives():
    ok = "SELECT * " + "{" * MAX_NESTING + "}" * MAX_NESTING
    assert check_query(ok).nesting == MAX_NESTING


def test_result_over_the_byte_limit_is_an_error(server):
    base, _ = server
    big = 'SELECT (CONCAT(STR(?s), "' + "x" * 5000 + '") AS ?x) WHERE { ?s ?p ?o } LIMIT 1'
    status, _, body = http(f"{base}/sparql", form(big))
    assert status == 400 and b"MB limit" in body, body
    status, _, _ = http(f"{base}/sparql", form("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))
    assert status == 200


def test_dns_rebinding_host_is_refused(server):
    base, port = server
    status, _, body = http(
        f"{base}/sparql?query=" + urllib.parse.quote("ASK {}"), headers={"Host": f"evil.example:{port}"}
    )
    assert status == 403 and b"Host" in body
    assert http(f"{base}/", headers={"Host": f"rebind.attacker.test:{port}"})[0] == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert http(f"{base}/sparql?query=ASK%7B%7D", headers={"Host": host})[0] == 200
    assert host_allowed("[::1]:8000", "127.0.0.1")
    assert not host_allowed("example.com", "127.0.0.1")
    assert host_allowed("10.1.2.3:80", "0.0.0.0") and not host_allowed("evil.example", "0.0.0.0")
    assert host_allowed("kg.internal", "127.0.0.1", ("kg.internal",))


def test_short_body_times_out_and_the_server_keeps_answering(server):
    base, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK {"
        )
        t0 = time.monotonic()
        # meanwhile another client is served
        assert http(f"{base}/sparql?query=ASK%7B%7D")[0] == 200
        reply = sock.recv(4096)
        assert time.monotonic() - t0 < 10
    assert reply.startswith(b"HTTP/1.1 408"), reply


def test_trickled_body_times_out(server):
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n")
        sock.sendall(b"Content-Length: 40\r\n\r\n")
        t0 = time.monotonic()
        reply = b""
        for ch in b"ASK { ?s ?p ?o }":
            try:
                sock.sendall(bytes([ch]))
            except OSError:
                break
            time.sleep(0.2)
            sock.setblocking(False)
            try:
                reply += sock.recv(4096)
            except BlockingIOError:
                pass
            sock.setblocking(True)
            if reply:
                break
        assert time.monotonic() - t0 < 10
    assert reply.startswith(b"HTTP/1.1 408"), reply


def test_pages_forbid_forms_and_framing(server):
    base, _ = server
    for path in ("/", "/query"):
        status, headers, _ = http(f"{base}{path}")
        assert status == 200
        csp = headers.get("Content-Security-Policy", "")
        assert "form-action 'none'" in csp and "frame-ancestors 'none'" in csp


def test_query_workers_have_no_network(listener):
    """Defence in depth: even a query that got past the tokens could not reach a host
    (a worker cannot connect to a port open on this machine's loopback)."""
    import subprocess
    import sys

    code = (
        "import socket, sys\n"
        "from kg.serve import _without_network\n"
        "if not _without_network(): sys.exit(3)\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)\n"
        "except OSError:\n"
        "    sys.exit(0)\n"
        "sys.exit(5)\n"
    )
    rc = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1]).returncode
    if rc == 3:
        pytest.skip("this system allows no network namespace")
    assert rc == 0
    assert listener.connections == 0
