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


# ---------------------------------------------------------------------------
# Hostile files
# ---------------------------------------------------------------------------

GOOD = "000_70eba105ec7cd892.txt"
NOTICE = "平遥县科技工作要点\n一、重点任务\n1.建设重点实验室。新建市级重点实验室5个。（县科技局负责）\n"
XXE = '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _docx(document_xml=None) -> bytes:
    """A real .docx; `document_xml(head, tail, write)` may replace word/document.xml."""
    import io
    import zipfile

    import docx

    buf = io.BytesIO()
    d = docx.Document()
    for line in NOTICE.splitlines():
        d.add_paragraph(line)
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml" or document_xml is None:
                z.writestr(info, data)
                continue
            head, tail = data.split(b"<w:body>")
            member = zipfile.ZipInfo("word/document.xml")
            member.compress_type = zipfile.ZIP_DEFLATED
            with z.open(member, "w", force_zip64=True) as f:
                document_xml(head + b"<w:body>", tail, f.write)
    return out.getvalue()


def _bomb(megabytes: int) -> bytes:
    para = b"<w:p><w:r><w:t>" + "关于印发某某方案的通知".encode() * 20 + b"</w:t></w:r></w:p>"
    chunk = para * (2**20 // len(para))

    def write(head, tail, out):
        out(head)
        for _ in range(megabytes):
            out(chunk)
        out(tail)

    return _docx(write)


def _xxe_docx() -> bytes:
    def write(head, tail, out):
        out(head.replace(b"?>", b"?>" + XXE.encode(), 1) + b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>" + tail)

    return _docx(write)


def _deep_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + NOTICE + "</div>" * depth + "</body></html>").encode()


def _stray_byte_text() -> bytes:
    from conftest import ROOT

    raw = (ROOT / "corpus" / GOOD).read_bytes()
    cut = raw.index(b"\n", len(raw) // 2) + 1
    return raw[:cut] + b"\xff" + raw[cut:]


def test_zip_bomb_is_refused_quickly_with_the_limit():
    from kg.errors import IngestError
    from kg.ingest import Limits, decode_source

    bomb = _bomb(100)  # 100 MB of XML in about 0.5 MB
    t0 = time.monotonic()
    with pytest.raises(IngestError, match=r"bomb\.docx: inflates beyond 16 MB"):
        decode_source(bomb, "bomb.docx", ".docx", Limits(max_inflated=16 * 2**20))
    with pytest.raises(IngestError, match=r"inflates beyond the limit .* unpack \d+-fold"):
        decode_source(bomb, "bomb.docx", ".docx")
    assert time.monotonic() - t0 < 2
    assert "重点任务" in decode_source(_docx(), "fine.docx", ".docx").text


def test_deep_html_takes_linear_time_and_the_budget_stops_a_slow_file():
    from kg.errors import IngestError
    from kg.ingest import Limits, decode_source

    t0 = time.monotonic()
    src = decode_source(_deep_html(50_000), "deep.html", ".html")
    assert time.monotonic() - t0 < 30  # quadratic before: ~100 s at 20,000, hours at 50,000
    assert "一、重点任务" in src.text
    t0 = time.monotonic()
    with pytest.raises(IngestError, match=r"deep\.html: took over 0\.2 s"):
        decode_source(_deep_html(50_000), "deep.html", ".html", Limits(seconds=0.2))
    assert time.monotonic() - t0 < 10


def test_xml_entities_are_a_rejected_file_not_an_internal_error():
    from kg.errors import IngestError
    from kg.ingest import decode_source

    with pytest.raises(IngestError, match="declares a DTD or XML entities"):
        decode_source(_xxe_docx(), "xxe.docx", ".docx")
    page = f'<?xml version="1.0"?>{XXE}<html><body><p>&xxe;</p><p>{NOTICE}</p></body></html>'
    with pytest.raises(IngestError, match="declares a DTD or XML entities"):
        decode_source(page.encode(), "xxe.html", ".html")
    # an ordinary doctype is fine
    ok = decode_source(f"<!DOCTYPE html><html><body><p>{NOTICE}</p></body></html>".encode(), "a.html", ".html")
    assert "重点任务" in ok.text


def test_stray_byte_is_replaced_and_its_offset_named():
    from kg.ingest import decode_source

    raw = _stray_byte_text()
    src = decode_source(raw, "stray.txt", ".txt")
    assert src.text.count("\ufffd") == 1
    offset = raw.index(b"\xff")
    assert f"at byte offset {offset}" in src.encoding
    # GBK is still detected as GBK, not read as broken UTF-8
    assert decode_source(NOTICE.encode("gbk"), "gbk.txt", ".txt").encoding == "gb18030"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    from conftest import ROOT

    base = tmp_path_factory.mktemp("hostile")
    corpus, outside = base / "corpus", base / "outside"
    corpus.mkdir()
    outside.mkdir()
    (corpus / GOOD).write_bytes((ROOT / "corpus" / GOOD).read_bytes())
    secret = "机密县科技工作要点\n一、重点任务\n1.OUTSIDE_SECRET建设实验室。（县科技局负责）\n"
    (outside / "passwd.txt").write_text(secret, encoding="utf-8")
    (outside / "inner.txt").write_text(secret, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside / "passwd.txt")
    (corpus / "etc").symlink_to(outside)
    (corpus / "relative.txt").symlink_to(Path("..") / "outside" / "passwd.txt")
    (corpus / "again").symlink_to(corpus / "sub")
    (corpus / "alias.txt").symlink_to(corpus / "sub" / "notice.txt")  # inside: read
    (corpus / "bomb.docx").write_bytes(_bomb(100))
    (corpus / "xxe.docx").write_bytes(_xxe_docx())
    (corpus / "xxe.html").write_bytes(
        f'<?xml version="1.0"?>{XXE}<html><body><p>&xxe;</p><p>{NOTICE}</p></body></html>'.encode()
    )
    (corpus / "deep.html").write_bytes(_deep_html(50_000))
    (corpus / "stray.txt").write_bytes(_stray_byte_text())
    out = base / "out"
    t0 = time.monotonic()
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--jobs", "2", "--no-cache"])
    return result, out, time.monotonic() - t0


def _skip_line(output: str, name: str) -> str:
    line = next((ln for ln in output.splitlines() if ln.startswith(f"skipped {name}:")), None)
    assert line is not None, (name, output[-3000:])
    return line


def test_hostile_files_are_skipped_with_a_reason(hostile_build):
    result, out, seconds = hostile_build
    assert result.exit_code == 0, result.output
    assert "inflates beyond" in _skip_line(result.output, "bomb.docx")
    assert "XML entities" in _skip_line(result.output, "xxe.docx")
    assert "XML entities" in _skip_line(result.output, "xxe.html")
    assert "internal error" not in result.output
    assert seconds < 120


def test_symlinks_out_of_the_corpus_are_not_read_and_each_skip_is_reported(hostile_build):
    result, out, _ = hostile_build
    assert "outside the corpus; not read" in _skip_line(result.output, "passwd.txt")
    assert "outside the corpus; not read" in _skip_line(result.output, "relative.txt")
    assert "folder outside the corpus" in _skip_line(result.output, "etc")
    assert "folder of the corpus (sub)" in _skip_line(result.output, "again")
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    skipped = {s["path"]: s["reason"] for s in manifest["skipped"]}
    assert {"passwd.txt", "relative.txt", "etc", "again"} <= set(skipped)
    for name in ("graph.nt", "graph.trig", "graph.html", "build.json"):
        assert "OUTSIDE_SECRET" not in (out / name).read_text(encoding="utf-8"), name


def test_readable_hostile_files_still_build(hostile_build):
    result, out, _ = hostile_build
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    files = json.dumps(manifest, ensure_ascii=False)
    for name in ("stray.txt", "deep.html", "alias.txt", "sub/notice.txt"):
        assert f'"{name}"' in files, name
    assert "at byte offset" in files


def test_stray_byte_is_a_warning_of_the_build_with_its_offset(hostile_build):
    """The replaced byte is not only in build.json's encoding field: the build warns
    about the file, naming the offset (issue 17)."""
    result, out, _ = hostile_build
    offset = _stray_byte_text().index(b"\xff")
    line = f"warning stray.txt: 1 undecodable byte replaced, at byte offset {offset}"
    assert line in result.output, result.output[-3000:]
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    warnings = next(f["warnings"] for f in manifest["files"] if f["path"] == "stray.txt")
    assert any(f"at byte offset {offset}" in w for w in warnings), warnings


def test_extraction_runs_under_the_per_file_time_budget(tmp_path, monkeypatch):
    """Reading and extracting one file share its time budget: a file whose extraction
    runs past it is skipped with the reason, and the next file is extracted."""
    import kg.extract
    from kg.model import Skipped
    from kg.pipeline import extract_path

    real = kg.extract.extract_source

    def slow(source):  # noqa: ANN001, ANN202
        if "slow" in source.path:
            time.sleep(30)
        return real(source)

    monkeypatch.setattr(kg.extract, "extract_source", slow)
    for name in ("slow.txt", "fine.txt"):
        (tmp_path / name).write_text(NOTICE, encoding="utf-8")
    t0 = time.monotonic()
    skipped = extract_path(tmp_path / "slow.txt", "slow.txt", seconds=0.5)
    assert time.monotonic() - t0 < 5
    assert isinstance(skipped, Skipped) and skipped.path == "slow.txt"
    assert "took over 0.5 s to read and extract" in skipped.reason
    fine = extract_path(tmp_path / "fine.txt", "fine.txt", seconds=5)
    assert not isinstance(fine, Skipped) and fine.documents


def test_file_names_differing_in_punctuation_get_distinct_graphs():
    from kg.vocab import Iris

    iris = Iris()
    assert iris.graph("x y.txt") != iris.graph("x-y.txt") != iris.graph("x_y.txt")
    assert iris.graph("links") != iris.links_graph()  # a file named links is no links graph


def test_a_budget_whose_exception_was_swallowed_still_stops_the_file():
    """The timer's exception can land in a garbage-collector callback, which swallows
    it: the budget rings again, and a block that ends after its time is over budget."""
    from kg.ingest import _OverBudget, time_budget

    with pytest.raises(_OverBudget):
        with time_budget(0.05):
            try:
                time.sleep(0.5)
            except _OverBudget:
                pass  # swallowed, as "Exception ignored in: <function gc_callback …>"
    rang = []
    with pytest.raises(_OverBudget):
        with time_budget(0.05):
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    time.sleep(0.01)
                except _OverBudget:
                    rang.append(time.monotonic())
                    if len(rang) == 2:
                        raise
    assert len(rang) == 2
