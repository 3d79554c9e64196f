"""kg serve (read-only SPARQL endpoint) and kg push (Graph Store Protocol) against a real
Oxigraph server started by the test on 127.0.0.1; the same query answers identically
through kg query, kg serve and the server."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.serve import ServeOptions, check_query, negotiate, serve_in_thread

QUERY = """PREFIX ont: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?agency ?task WHERE { ?t ont:leadAgency ?a ; rdfs:label ?task . ?a rdfs:label ?agency }
ORDER BY ?agency ?task"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def built(bundled):
    return bundled[0]


@pytest.fixture(scope="module")
def endpoint(built):
    server, pool, thread = serve_in_thread(ServeOptions(built, port=0, timeout=5, max_results=50, workers=1))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    pool.close()


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


def rows_csv(body: bytes) -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(body.decode("utf-8")))][1:]


def test_bound_to_loopback_by_default():
    assert ServeOptions(Path(".")).host == "127.0.0.1"


def test_get_and_post_with_content_negotiation(endpoint):
    status, headers, body = http(f"{endpoint}/sparql?query=" + urllib.parse.quote("ASK { ?s a ont:Task }"))
    assert status == 200 and json.loads(body)["boolean"] is True
    for accept, marker in (
        ("application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", b"<sparql"),
        ("text/csv", b"agency,task"),
        ("text/tab-separated-values", b"?agency\t?task"),
    ):
        status, headers, body = http(f"{endpoint}/sparql", form(QUERY + " LIMIT 3"), {"Accept": accept})
        assert status == 200, body
        assert marker in body
        assert headers["Content-Type"].startswith(accept)
    status, _, body = http(f"{endpoint}/sparql", QUERY.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200


def test_result_cap(endpoint):
    status, headers, body = http(f"{endpoint}/sparql", form(QUERY), {"Accept": "text/csv"})
    assert status == 200 and headers.get("X-Result-Truncated") == "true"
    assert len(rows_csv(body)) == 50


@pytest.mark.parametrize(
    ("data", "headers", "status"),
    [
        (form("INSERT DATA { <a:b> <a:c> <a:d> }"), {}, 403),
        (form("PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }"), {}, 403),
        (form("LOAD <http://example.org/x>"), {}, 403),
        (b"update=DROP+ALL", {}, 403),
        (b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403),
        (form("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"), {}, 403),
        (form("SELEC * WHERE"), {}, 400),
        (b"", {}, 400),
        (b"query=1&query=2", {}, 400),
        (b"x", {"Content-Type": "application/json"}, 415),
    ],
)
def test_refusals_and_bad_requests(endpoint, data, headers, status):
    got, _, body = http(f"{endpoint}/sparql", data, headers)
    assert got == status, body
    assert body.strip()


def test_timeout_stops_the_query_and_the_server_stays_up(built):
    server, pool, _ = serve_in_thread(ServeOptions(built, port=0, timeout=1, workers=1))
    host, port = server.server_address[:2]
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        t0 = time.time()
        status, _, body = http(f"http://{host}:{port}/sparql", form(slow))
        assert status == 503 and b"time limit" in body
        assert time.time() - t0 < 30
        status, _, _ = http(f"http://{host}:{port}/sparql", form("ASK { ?s ?p ?o }"))
        assert status == 200
    finally:
        server.shutdown()
        server.server_close()
        pool.close()


def test_pages(endpoint):
    assert http(f"{endpoint}/")[0] == 200
    status, _, body = http(f"{endpoint}/query")
    assert status == 200 and b"/sparql" in body
    assert http(f"{endpoint}/nope")[0] == 404


def test_unit_helpers():
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", None) == "xml"
    assert negotiate(None, "tsv") == "tsv"
    check_query("SELECT * WHERE { ?s ?p ?o } # INSERT in a comment")


@pytest.fixture
def oxigraph_server(tmp_path):
    exe = shutil.which("oxigraph", path=str(ROOT / ".venv" / "bin")) or shutil.which("oxigraph")
    if not exe:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


def server_csv(base: str, query: str) -> list[list[str]]:
    return rows_csv(http(f"{base}/query", form(query), {"Accept": "text/csv"})[2])


def test_push_same_answers_everywhere_and_repush_one_graph(oxigraph_server, built, endpoint, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["push", f"{oxigraph_server}/store", "--exports", str(built)])
    assert result.exit_code == 0, result.output
    assert "pushed 6 graphs" in result.output
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    nt_lines = sum(1 for line in (built / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert server_csv(oxigraph_server, distinct) == [[str(nt_lines)]]
    local = runner.invoke(main, ["query", QUERY, "--exports", str(built), "--format", "csv"]).output
    served = http(f"{endpoint}/sparql", form(QUERY.replace("ORDER BY", "ORDER BY")), {"Accept": "text/csv"})[2]
    remote = server_csv(oxigraph_server, QUERY)
    assert rows_csv(local.encode())[:50] == rows_csv(served) == remote[:50]
    assert rows_csv(local.encode()) == remote

    # change one document and rebuild: only its graph (and the links graph if it moved) is sent again
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    target = corpus / "002_9e2a620f0885846b.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    text = target.read_text(encoding="utf-8").replace("弘扬创新文化氛围", "弘扬创新文化")
    target.write_text(text, encoding="utf-8")
    out2 = tmp_path / "out2"
    shutil.copytree(built, out2)
    assert runner.invoke(main, ["build", str(corpus), "-o", str(out2), "--no-validate"]).exit_code == 0
    again = runner.invoke(main, ["push", f"{oxigraph_server}/store", "--exports", str(out2)])
    assert "pushed 1 graphs, 5 unchanged" in again.output, again.output
    labels = server_csv(
        oxigraph_server,
        'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?t WHERE { ?t rdfs:label "弘扬创新文化" }',
    )
    assert len(labels) == 1


def test_push_checks_the_server_before_skipping(oxigraph_server, built, tmp_path):
    """The record of what was pushed is not trusted alone: a store emptied (or recreated)
    at the same URL gets every graph again (issue 17)."""
    exports = tmp_path / "exports"
    shutil.copytree(built, exports)
    runner = CliRunner()
    store = f"{oxigraph_server}/store"
    assert "pushed 6 graphs" in runner.invoke(main, ["push", store, "--exports", str(exports)]).output
    assert "pushed 0 graphs, 6 unchanged" in runner.invoke(main, ["push", store, "--exports", str(exports)]).output
    status, _, body = http(f"{oxigraph_server}/update", urllib.parse.urlencode({"update": "DROP ALL"}).encode())
    assert status in (200, 204), body
    assert server_csv(oxigraph_server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == [["0"]]
    again = runner.invoke(main, ["push", store, "--exports", str(exports)])
    assert "pushed 6 graphs, 0 unchanged" in again.output, again.output
    nt_lines = sum(1 for line in (built / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    assert server_csv(oxigraph_server, distinct) == [[str(nt_lines)]]


def test_push_names_its_counts(oxigraph_server, built, tmp_path):
    """`kg push` sends the named graphs (a statement in two graphs twice) and says so,
    beside the count of their union the build summary and `kg query` give (issue 17)."""
    import pyoxigraph as ox

    exports = tmp_path / "exports"
    shutil.copytree(built, exports)
    quads = list(ox.parse(path=str(exports / "graph.trig"), format=ox.RdfFormat.TRIG))
    in_named = sum(1 for q in quads if isinstance(q.graph_name, ox.NamedNode))
    union = sum(1 for line in (exports / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    result = CliRunner().invoke(main, ["push", f"{oxigraph_server}/store", "--exports", str(exports)])
    assert result.exit_code == 0, result.output
    assert f"{in_named} triples in the named graphs, {union} statements in their union" in result.output
    count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert server_csv(oxigraph_server, count) == [[str(in_named)]]


def test_push_errors(built):
    result = CliRunner().invoke(main, ["push", "ftp://x", "--exports", str(built)])
    assert result.exit_code == 1 and "http(s)" in result.output
    port = free_port()
    result = CliRunner().invoke(main, ["push", f"http://127.0.0.1:{port}/store", "--exports", str(built)])
    assert result.exit_code == 1 and "cannot reach" in result.output


SPARQL_BITS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<", ">", "ont:Task",
               "FILTER", "(", ")", "REGEX", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "INSERT", "DATA", "LOAD", "PREFIX",
               "x:", "\"", "'", "\\", ".", ";", "*", "LIMIT", "9999999999999999999", "#", "\n", "科技局", "\x00", "%", "&"]  # fmt: skip


def test_fuzzed_requests_leave_the_server_up(endpoint):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    query = st.lists(st.sampled_from(SPARQL_BITS) | st.text(max_size=6), max_size=25).map(" ".join)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(query, st.sampled_from(["GET", "POST", "POST-raw"]))
    def fuzz(q, how):
        if how == "GET":
            status = http(f"{endpoint}/sparql?query=" + urllib.parse.quote(q, safe=""))[0]
        elif how == "POST":
            status = http(f"{endpoint}/sparql", form(q))[0]
        else:
            status = http(
                f"{endpoint}/sparql", q.encode("utf-8", "surrogatepass"), {"Content-Type": "application/sparql-query"}
            )[0]
        assert status in (200, 400, 403, 413, 415, 503), (status, q)

    fuzz()
    assert http(f"{endpoint}/sparql", form("ASK { ?s a ont:Task }"))[0] == 200


def _count_and_build(base: str) -> tuple[int, str]:
    query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d ont:sourceFile ?f }"
    status, headers, body = http(f"{base}/sparql", form(query), {"Accept": "text/csv"})
    assert status == 200, body
    return int(rows_csv(body)[0][0]), headers["X-KG-Build"]


def _page_and_build(base: str) -> tuple[bytes, str]:
    status, headers, body = http(f"{base}/")
    assert status == 200
    return body, headers["X-KG-Build"]


def test_serve_answers_and_page_come_from_one_build_across_rebuilds(tmp_path):
    """While a build replaces the exports, the page and the answers stay those of the
    last finished build (a worker restarted meanwhile too); once it has finished, both
    are the new build's (issue 17)."""
    import os

    from kg.lock import BuildLock
    from kg.pipeline import EXPORT_FILES, BuildOptions, build

    corpus, out, other = tmp_path / "corpus", tmp_path / "out", tmp_path / "other"
    corpus.mkdir()
    for name in ("000_70eba105ec7cd892.txt", "002_9e2a620f0885846b.txt"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    build(BuildOptions(corpus, out, validate=False, jobs=1))
    server, pool, _ = serve_in_thread(ServeOptions(out, port=0, timeout=2, workers=2))
    neighbour, neighbours, _ = serve_in_thread(ServeOptions(out, port=0, workers=1))  # its pins are its own
    neighbours.close()
    neighbour.server_close()
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}"
    try:
        first, first_build = _count_and_build(base)
        page, page_build = _page_and_build(base)
        assert page == (out / "graph.html").read_bytes() and page_build == first_build

        # a build of a changed corpus, moved into place under the lock as `kg build` does
        shutil.copy(ROOT / "corpus" / "003_891e6112dde08fb9.txt", corpus)
        build(BuildOptions(corpus, other, validate=False, jobs=1))
        with BuildLock(out):
            for name in EXPORT_FILES:
                os.replace(other / name, out / name)
            (out / "oxigraph").rename(out / ".oxigraph.old")
            (other / "oxigraph").rename(out / "oxigraph")
            shutil.rmtree(out / ".oxigraph.old")
            # mid-build: the old page and the old answers, even from a restarted worker
            assert _page_and_build(base) == (page, first_build)
            slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            assert http(f"{base}/sparql", form(slow))[0] == 503  # its worker is replaced
            for _ in range(4):
                assert _count_and_build(base) == (first, first_build)
        second, second_build = _count_and_build(base)
        assert second > first and second_build != first_build
        assert _page_and_build(base) == ((out / "graph.html").read_bytes(), second_build)
        for _ in range(4):
            assert _count_and_build(base) == (second, second_build)

        # a real build of the output folder the server reads
        shutil.copy(ROOT / "corpus" / "004_f43f8475c3cf51c9.txt", corpus)
        build(BuildOptions(corpus, out, validate=False, jobs=1))
        third, third_build = _count_and_build(base)
        assert third > second and third_build not in (first_build, second_build)
        assert _page_and_build(base) == ((out / "graph.html").read_bytes(), third_build)
        assert {_count_and_build(base) for _ in range(4)} == {(third, third_build)}
    finally:
        server.shutdown()
        server.server_close()
        pool.close()
    assert not list(out.glob(".serve-*"))  # the server's pinned copies are gone


def test_serve_command_exposes_the_endpoint_limits(built):
    """`kg serve --allow-host NAME --max-bytes N --read-timeout S` reach the server."""
    import re
    import sys

    cmd = [sys.executable, "-m", "kg.cli", "serve", "--exports", str(built), "--port", "0", "--workers", "1",
           "--allow-host", "kg.example.org", "--max-bytes", "300", "--read-timeout", "0.5"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    guard = threading.Timer(120, proc.kill)
    guard.start()
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        base = f"http://127.0.0.1:{m.group(1)}"
        assert http(f"{base}/query", headers={"Host": "kg.example.org"})[0] == 200
        assert http(f"{base}/query", headers={"Host": "evil.example.org"})[0] == 403
        status, _, body = http(f"{base}/sparql", form("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100"))
        assert status == 400 and b"limit" in body
        with socket.create_connection(("127.0.0.1", int(m.group(1)))) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nquery=")
            sock.settimeout(10)
            t0 = time.monotonic()
            assert b" 408 " in sock.recv(4096)
            assert time.monotonic() - t0 < 5
    finally:
        guard.cancel()
        proc.terminate()
        proc.wait(10)
    assert not list(built.glob(f".serve-{proc.pid}-*"))  # SIGTERM cleans up as Ctrl-C does
