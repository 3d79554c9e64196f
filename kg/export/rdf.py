"""RDF exports: Turtle, TriG (a named graph per corpus file), N-Triples, JSON-LD.

Serialisation is pyoxigraph's (fast at a million triples); prefixes are written in
a fixed order and JSON-LD is compacted here against a published context, so the
same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring as encode_json_string  # json.dumps's (C) string encoder, non-ASCII kept
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph, Parsed, as_parsed, nt_bytes
from kg.vocab import PREFIXES, RDF, XSD

if TYPE_CHECKING:
    from kg.partition import Partition


def prefixes_for(base: str) -> dict[str, str]:
    out = dict(PREFIXES)
    out["id"] = base
    return out


def prefix_header(base: str) -> bytes:
    """The @prefix lines of the Turtle and TriG files, in a fixed order."""
    lines = sorted(f"@prefix {name}: <{ns}> ." for name, ns in prefixes_for(base).items())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _body(data: bytes) -> bytes:
    """A Turtle/TriG serialisation without its @prefix lines."""
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith((b"@prefix", b"@base")):
        n += 1
    return b"\n".join(lines[n:])


def turtle_body(lines: Parsed | Sequence[str], base: str) -> bytes:
    if not lines:
        return b""
    data = ox.serialize(as_parsed(lines).triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes_for(base))
    return _body(data)


def trig_body(graph: str, lines: Parsed | Sequence[str], base: str) -> bytes:
    """A named graph in TriG, as pyoxigraph's TriG serialiser writes it: the graph's
    name and a brace, its lines in Turtle indented by a tab, a closing brace (the
    Turtle serialiser escapes every line break inside a literal).  Made from the
    triples the other exports parsed (`Parsed`), not from N-Quads parsed again."""
    if not lines:
        return b""
    body = turtle_body(lines, base)
    return _graph_opening(graph, base) + b"".join(b"\t" + line + b"\n" for line in body.splitlines()) + b"}\n"


def _graph_opening(graph: str, base: str) -> bytes:
    """How pyoxigraph's TriG serialiser opens the named graph `graph` ("id:graph-… {")."""
    g = ox.NamedNode(graph)
    quad = ox.Quad(g, g, g, g)
    text = _body(ox.serialize([quad], format=ox.RdfFormat.TRIG, prefixes=prefixes_for(base)))
    return text[: text.index(b"{") + 1] + b"\n"


def jsonld_context(base: str) -> dict[str, object]:
    ctx: dict[str, object] = dict(prefixes_for(base))
    return ctx


def jsonld_header(base: str) -> bytes:
    head = json.dumps({"@context": jsonld_context(base)}, ensure_ascii=False, indent=1)
    return (head[: head.rindex("}")].rstrip() + ',\n "@graph": [\n').encode("utf-8")


JSONLD_FOOTER = b"\n ]\n}\n"
JSONLD_SEP = b",\n"


def _curie(iri: str, ordered: list[tuple[str, str]]) -> str:
    for name, ns in ordered:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns) :]
            if not local.startswith("//"):
                return f"{name}:{local}"
    return iri


#: A node's "@type" key as JSON (the key of its rdf:type values in `jsonld_body`).
_TYPE_KEY = '"@type"'


class _Curies(dict):
    """IRI → its CURIE against the context of `base` (or the IRI), made on first use."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.ordered = sorted(prefixes_for(base).items(), key=lambda kv: len(kv[1]), reverse=True)

    def __missing__(self, iri: str) -> str:
        short = self[iri] = _curie(iri, self.ordered)
        return short


def jsonld_body(lines: Parsed | Sequence[str], base: str) -> bytes:
    """Compact JSON-LD node objects (one per subject, one per line), CURIEs against the
    context: ``{"@id":…,"@type":[…],"pred":[value,…],…}`` with keys in the order the
    lines first give them.  Written as text with json's C string encoder (the bytes
    ``json.dumps(node, ensure_ascii=False, separators=(",", ":"))`` gives, as
    tests/test_properties.py checks), without building a dictionary per value."""
    if not lines:
        return b""
    curie = _Curies(base)
    enc = encode_json_string
    named, literal = ox.NamedNode, ox.Literal
    rdf_type, xsd_string = RDF + "type", XSD + "string"
    nodes: dict[str, dict[str, list[str]]] = {}  # subject → key (a predicate, or _TYPE_KEY) → values as JSON
    for subject, pred, obj in as_parsed(lines).rows:
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {}
        key = pred
        if isinstance(obj, named):
            if pred == rdf_type:
                key, value = _TYPE_KEY, enc(curie[obj.value])
            else:
                value = '{"@id":' + enc(curie[obj.value]) + "}"
        elif isinstance(obj, literal):
            dt = obj.datatype.value if obj.datatype else None
            if obj.language:
                value = '{"@value":' + enc(obj.value) + ',"@language":' + enc(obj.language) + "}"
            elif dt is None or dt == xsd_string:
                value = enc(obj.value)
            else:
                value = '{"@value":' + enc(obj.value) + ',"@type":' + enc(curie[dt]) + "}"
        else:
            value = '{"@id":' + enc(f"_:{obj.value}") + "}"
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
    out = []
    for subject, node in nodes.items():  # (a blank node's "_:id" is no CURIE)
        parts = ['{"@id":', enc(curie[subject])]
        for key, values in node.items():
            parts += [",", key if key is _TYPE_KEY else enc(curie[key]), ":[", ",".join(values), "]"]
        parts.append("}")
        out.append("".join(parts))
    return ",\n".join(out).encode("utf-8")


def turtle(graph: BuiltGraph, base: str) -> bytes:
    return layout_turtle(graph, base).to_bytes()


def trig(graph: BuiltGraph, base: str) -> bytes:
    return layout_trig(graph, base).to_bytes()


def ntriples(graph: BuiltGraph) -> bytes:
    return layout_ntriples(graph).to_bytes()


def jsonld(graph: BuiltGraph, base: str) -> bytes:
    return layout_jsonld(graph, base).to_bytes()


#: A union-graph export's format: (its name in section keys, the renderer of lines).
Format = tuple[str, Callable[[Parsed], bytes]]


def turtle_format(base: str) -> Format:
    return "ttl:" + base, lambda x: turtle_body(x, base)


def ntriples_format() -> Format:
    return "nt", lambda x: nt_bytes(x.lines)


def jsonld_format(base: str) -> Format:
    return "jsonld:" + base, lambda x: jsonld_body(x, base)


def union_section(view: BuiltGraph, p: Partition, fmt: Format) -> Section:
    """A corpus file's section of a union-graph export: its private lines."""
    name, render = fmt
    return Section(section_key(exporter_version(), name, p.digest), lambda: render(view.parsed(p)[0]))


def trig_section(view: BuiltGraph, p: Partition, base: str) -> Section:
    """A corpus file's named graph (its private and shared lines)."""
    key = section_key(exporter_version(), "trig:" + base, p.digest)
    return Section(key, lambda: trig_body(p.graph, Parsed.union(*view.parsed(p)), base))


def _union_layout(name: str, header: bytes, view: BuiltGraph, fmt: Format, **kw) -> Layout:
    """One section per corpus file (its private lines), then the shared lines."""
    v = exporter_version()
    files = [union_section(view, p, fmt) for p in view.partitions]
    key, render = fmt

    def shared() -> list[Section]:
        return [
            Section(section_key(v, key, "shared", digest), lambda lines=lines: render(Parsed(lines)))  # type: ignore[misc]
            for digest, lines in view.shared_buckets()
        ]

    return Layout(name, header, files, tail=shared, **kw)


def layout_turtle(view: BuiltGraph, base: str) -> Layout:
    return _union_layout("graph.ttl", prefix_header(base), view, turtle_format(base))


def layout_ntriples(view: BuiltGraph) -> Layout:
    return _union_layout("graph.nt", b"", view, ntriples_format())


def layout_jsonld(view: BuiltGraph, base: str) -> Layout:
    fmt = jsonld_format(base)
    return _union_layout("graph.jsonld", jsonld_header(base), view, fmt, footer=JSONLD_FOOTER, sep=JSONLD_SEP)


def layout_trig(view: BuiltGraph, base: str) -> Layout:
    """One section per named graph: every corpus file's, then ``links`` in the groups of
    the shared lines (a block of the graph each: a rebuild re-renders the groups whose
    links or counts changed, not the whole graph)."""
    v = exporter_version()

    def links() -> list[Section]:
        g = view.links.graph
        groups = view.link_groups()
        return [
            Section(section_key(v, "trig:" + base, "links", g, digest), lambda n=n: trig_body(g, groups.lines(n), base))  # type: ignore[misc]
            for n, digest in enumerate(groups.digests())
        ]

    return Layout("graph.trig", prefix_header(base), [trig_section(view, p, base) for p in view.partitions], tail=links)
