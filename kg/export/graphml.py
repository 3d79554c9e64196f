"""GraphML for Gephi and other network tools (networkx): one node per typed resource
with its label, class and source file; one edge per relation between them."""

from __future__ import annotations

import io

import networkx as nx
import pyoxigraph as ox

from kg.export.html import CLASSES, RELATIONS
from kg.graph import BuiltGraph
from kg.vocab import ONT, RDF, RDFS


def graphml(graph: BuiltGraph) -> bytes:
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    files: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for t in graph.triple_objects():
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF + "type" and o.value in CLASSES:
            types[s] = o.value.rsplit("#", 1)[-1]
        elif p == RDFS + "label" and isinstance(o, ox.Literal):
            labels.setdefault(s, o.value)
        elif p == ONT + "sourceFile":
            files.setdefault(s, o.value)
        elif p in RELATIONS and isinstance(o, ox.NamedNode):
            edges.append((s, o.value, p.rsplit("#", 1)[-1]))
    g = nx.MultiDiGraph()
    for iri in sorted(types):
        g.add_node(iri, label=labels.get(iri, iri), kind=types[iri], file=files.get(iri, ""))
    for s, o, rel in edges:
        if s in types and o in types:
            g.add_edge(s, o, key=rel, relation=rel)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()
