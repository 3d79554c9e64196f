"""RDF exports: Turtle, TriG (a named graph per corpus file), N-Triples, JSON-LD.

Serialisation is pyoxigraph's (fast at a million triples); prefixes are written in
a fixed order and JSON-LD is compacted here against a published context, so the
same graph always gives the same bytes.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.graph import BuiltGraph
from kg.vocab import PREFIXES, XSD


def prefixes_for(base: str) -> dict[str, str]:
    out = dict(PREFIXES)
    out["id"] = base
    return out


def _sorted_prefix_header(data: bytes) -> bytes:
    """pyoxigraph writes @prefix lines in hash order: put them in a fixed order."""
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith((b"@prefix", b"@base")):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def turtle(graph: BuiltGraph, base: str) -> bytes:
    data = ox.serialize(graph.triple_objects(), format=ox.RdfFormat.TURTLE, prefixes=prefixes_for(base))
    return _sorted_prefix_header(data)


def trig(graph: BuiltGraph, base: str) -> bytes:
    data = ox.serialize(graph.quad_objects(), format=ox.RdfFormat.TRIG, prefixes=prefixes_for(base))
    return _sorted_prefix_header(data)


def ntriples(graph: BuiltGraph) -> bytes:
    return graph.ntriples_bytes()


def nquads(graph: BuiltGraph) -> bytes:
    return graph.nquads_bytes()


def jsonld_context(base: str) -> dict[str, object]:
    ctx: dict[str, object] = dict(prefixes_for(base))
    return ctx


def jsonld(graph: BuiltGraph, base: str) -> bytes:
    """Compact JSON-LD: one node object per subject, CURIEs against the context."""
    prefixes = prefixes_for(base)
    ordered = sorted(prefixes.items(), key=lambda kv: len(kv[1]), reverse=True)

    def curie(iri: str) -> str:
        for name, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if not local.startswith("//"):
                    return f"{name}:{local}"
        return iri

    nodes: dict[str, dict[str, object]] = {}
    for t in graph.triple_objects():
        subject = t.subject
        sid = curie(subject.value) if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
        node = nodes.setdefault(sid, {"@id": sid})
        pred = t.predicate.value
        obj = t.object
        if pred == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(curie(obj.value))  # type: ignore[union-attr]
            continue
        if isinstance(obj, ox.NamedNode):
            value: object = {"@id": curie(obj.value)}
        elif isinstance(obj, ox.Literal):
            dt = obj.datatype.value if obj.datatype else None
            if obj.language:
                value = {"@value": obj.value, "@language": obj.language}
            elif dt in (None, XSD + "string"):
                value = obj.value
            else:
                value = {"@value": obj.value, "@type": curie(dt)}
        else:
            value = {"@id": f"_:{obj.value}"}
        node.setdefault(curie(pred), []).append(value)  # type: ignore[union-attr]
    doc = {"@context": jsonld_context(base), "@graph": list(nodes.values())}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
