"""Push: load a build into a SPARQL server through the SPARQL 1.1 Graph Store Protocol
(Oxigraph server, Apache Jena Fuseki, GraphDB): one named graph per corpus file plus
the links graph, each replaced with HTTP PUT.

A record of what was pushed where (``OUT/.push-state.json``, a content hash per graph)
lets a re-push send only the graphs that changed and DELETE those that disappeared.
The record is not trusted alone: a graph it says is there is skipped only when the
server answers HEAD for it (a store recreated at the same URL holds nothing, and
every graph is sent again).
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.cache import atomic_write
from kg.errors import ExportsNotFound, KgError

STATE_FILE = ".push-state.json"


class PushError(KgError):
    """The store refused or could not be reached."""


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    triples: int = 0
    missing: list[str] = field(default_factory=list)  # recorded as pushed, but not on the server: sent again


def _graphs(exports: Path) -> dict[str, bytes]:
    trig = exports / "graph.trig"
    if not trig.exists():
        raise ExportsNotFound(f"no build found in {exports} (run `kg build CORPUS -o {exports}` first)")
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return {g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES) for g, ts in sorted(by_graph.items())}


def _request(method: str, url: str, body: bytes | None = None, timeout: float = 120) -> int:
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/n-triples")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        if method in ("DELETE", "HEAD") and exc.code == 404:
            return 404
        if method == "HEAD":
            return exc.code  # the caller decides; a server without HEAD gets the graph again
        detail = exc.read().decode("utf-8", "replace")[:300]
        raise PushError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail}") from None
    except urllib.error.URLError as exc:
        raise PushError(f"cannot reach {url}: {exc.reason}") from None


def graph_url(store_url: str, graph: str) -> str:
    sep = "&" if "?" in store_url else "?"
    return f"{store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def push(exports: Path, store_url: str, force: bool = False) -> PushReport:
    """Replace each changed named graph of the build in the store at `store_url`."""
    if not store_url.startswith(("http://", "https://")):
        raise PushError(f"STORE_URL must be an http(s) Graph Store Protocol URL, not {store_url!r}")
    graphs = _graphs(exports)
    state_path = exports / STATE_FILE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    previous: dict[str, str] = {} if force else dict(state.get(store_url, {}))
    report = PushReport()
    current: dict[str, str] = {}
    for graph, data in graphs.items():
        digest = hashlib.sha256(data).hexdigest()
        current[graph] = digest
        report.triples += data.count(b"\n")
        if previous.get(graph) == digest:
            if _request("HEAD", graph_url(store_url, graph)) in (200, 204):
                report.unchanged.append(graph)
                continue
            report.missing.append(graph)
        _request("PUT", graph_url(store_url, graph), data)
        report.sent.append(graph)
    for graph in sorted(set(state.get(store_url, {})) - set(current)):
        _request("DELETE", graph_url(store_url, graph))
        report.deleted.append(graph)
    state[store_url] = current
    atomic_write(state_path, (json.dumps(state, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return report
