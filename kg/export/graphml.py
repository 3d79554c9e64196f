"""GraphML for Gephi and other network tools (networkx, yEd): one node per typed
resource with its label, class and source file; one edge per relation between
them.  Written by sections (see `kg.export.sections`): each corpus file's nodes and
their relations, then the nodes several files share (agencies, regions, programs,
clusters, cited documents) and the corpus-wide links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.export.html import CLASSES, RELATIONS
from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph, parse_lines
from kg.vocab import ONT, RDF, RDFS

HEADER = b"""<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="file" for="node" attr.name="file" attr.type="string"/>
  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>
  <graph edgedefault="directed">
"""
FOOTER = b"  </graph>\n</graphml>\n"


def graphml_body(lines: Sequence[str], declare: Callable[[str], bool]) -> bytes:
    """Node elements for the typed subjects `declare` accepts, edges for relations.
    Literals carry no character XML forbids: `kg.triples.clean_text` dropped them."""
    if not lines:
        return b""
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    files: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for t in parse_lines(lines):
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF + "type" and o.value in CLASSES:
            types[s] = o.value.rsplit("#", 1)[-1]
        elif p == RDFS + "label" and isinstance(o, ox.Literal):
            labels.setdefault(s, o.value)
        elif p == ONT + "sourceFile":
            files.setdefault(s, o.value)
        elif p in RELATIONS and isinstance(o, ox.NamedNode):
            edges.append((s, o.value, p.rsplit("#", 1)[-1]))
    out = []
    for iri in sorted(types):
        if not declare(iri):
            continue
        out.append(
            f"    <node id={quoteattr(iri)}>\n"
            f'      <data key="label">{escape(labels.get(iri, iri))}</data>\n'
            f'      <data key="kind">{escape(types[iri])}</data>\n'
            f'      <data key="file">{escape(files.get(iri, ""))}</data>\n'
            "    </node>\n"
        )
    for s, o, rel in sorted(edges):
        out.append(f'    <edge source={quoteattr(s)} target={quoteattr(o)}><data key="relation">{rel}</data></edge>\n')
    return "".join(out).encode("utf-8")


def layout(view: BuiltGraph) -> Layout:
    v = exporter_version()
    sections = [
        Section(section_key(v, "graphml", p.digest), lambda p=p: graphml_body(view.private(p), lambda _: True))  # type: ignore[misc]
        for p in view.partitions
    ]

    def shared() -> list[Section]:
        return [
            Section(
                section_key(v, "graphml", "shared", digest),
                lambda lines=lines: graphml_body(lines, lambda iri: not view.owned(iri)),  # type: ignore[misc]
            )
            for digest, lines in view.shared_buckets()
        ]

    return Layout("graph.graphml", HEADER, sections, FOOTER, tail=shared)


def graphml(graph: BuiltGraph) -> bytes:
    return layout(graph).to_bytes()
