"""GraphML for Gephi and other network tools (networkx, yEd): one node per typed
resource, one edge per relation between them.  Every node carries its label, class
(`kind`) and what Gephi groups or filters by: the region (a document's or agency's
jurisdiction; a task's or target's document's; a region's own name), the date and
year its document was issued, its document and source file (for documents, tasks,
targets and incentives), and a target's deadline year.  A value that is unknown is
left out (GraphML's way of saying "none"), so `year` stays an integer attribute.

Written by sections (see `kg.export.sections`): each corpus file's nodes and their
relations, then the nodes several files share (agencies, regions, programs,
clusters, cited documents) and the corpus-wide links."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.export.html import CLASSES, RELATIONS
from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph, Parsed, as_parsed
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS

if TYPE_CHECKING:
    from kg.partition import Partition


def escape(text: str) -> str:
    """`text` as XML character data: what ``xml.sax.saxutils.escape`` writes (whose
    module imports ``urllib.request``, and with it most of ``http`` and ``email``: a
    twentieth of a rebuild's start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """`text` as a quoted XML attribute value, as ``xml.sax.saxutils.quoteattr`` writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


#: Node attributes: (id, GraphML type), in the order they are written.
NODE_KEYS = (
    ("label", "string"),
    ("kind", "string"),
    ("file", "string"),
    ("region", "string"),
    ("date", "string"),
    ("year", "int"),
    ("document", "string"),
    ("target_year", "int"),
)

HEADER = (
    """<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
"""
    + "".join(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>\n' for k, t in NODE_KEYS)
    + """  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>
  <graph edgedefault="directed">
"""
).encode("utf-8")
FOOTER = b"  </graph>\n</graphml>\n"

#: What ties an owned node (task, target, incentive) to its document.
_DOCUMENT_OF = (ONT + "inDocument", PROV + "wasDerivedFrom")


class _Facts:
    """The literal facts and links of some lines that node attributes are read from."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.values: dict[tuple[str, str], str] = {}  # (subject, property) → first value
        self.edges: list[tuple[str, str, str]] = []

    def add(self, lines: Parsed | Sequence[str], edges: bool) -> None:
        rdf_type, label, literal, named = RDF + "type", RDFS + "label", ox.Literal, ox.NamedNode
        types, labels, values = self.types, self.labels, self.values
        for s, p, o in as_parsed(lines).rows:
            value = o.value
            if p == rdf_type and value in CLASSES:
                types[s] = value.rsplit("#", 1)[-1]
            elif p == label and isinstance(o, literal):
                if s not in labels:
                    labels[s] = value
            else:
                if (s, p) not in values:
                    values[s, p] = value
                if edges and p in RELATIONS and isinstance(o, named):
                    self.edges.append((s, value, p.rsplit("#", 1)[-1]))

    def get(self, s: str, p: str) -> str:
        return self.values.get((s, p), "")

    def attributes(self, iri: str, region_label: Callable[[str], str]) -> dict[str, str]:
        kind = self.types[iri]
        doc = ""
        if kind != "PolicyDocument":
            doc = next((d for d in (self.get(iri, p) for p in _DOCUMENT_OF) if self.get(d, ONT + "sourceFile")), "")
        if kind in ("Agency", "Region") or not doc:
            doc_or_self = iri
        else:
            doc_or_self = doc
        region = iri if kind == "Region" else self.get(doc_or_self, ONT + "jurisdiction")
        date = self.get(doc_or_self, DCTERMS + "issued")
        year = date[:4] if date[:4].isdigit() else ""
        target_year = self.get(iri, ONT + "targetYear").removesuffix(".0")
        return {
            "label": self.labels.get(iri, iri),
            "kind": kind,
            "file": self.get(doc_or_self, ONT + "sourceFile"),
            "region": region_label(region) if region else "",
            "date": date,
            "year": year,
            "document": doc or (iri if self.get(iri, ONT + "sourceFile") else ""),
            "target_year": target_year if target_year.isdigit() else "",
        }


def graphml_body(
    lines: Parsed | Sequence[str],
    declare: Callable[[str], bool],
    context: Parsed | Sequence[str] = (),
    region_label: Callable[[str], str] | None = None,
) -> bytes:
    """Node elements for the typed subjects of `lines` that `declare` accepts, edges for
    their relations; `context` lines (the rest of the file's graph) are read for the
    nodes' attributes only, and `region_label` names a region the lines do not.
    Literals carry no character XML forbids: `kg.triples.clean_text` dropped them."""
    if not lines:
        return b""
    facts = _Facts()
    facts.add(lines, edges=True)
    own = dict(facts.types)
    facts.add(context, edges=False)

    def region_name(iri: str) -> str:
        return facts.labels.get(iri) or (region_label(iri) if region_label else "") or iri

    out = []
    for iri in sorted(own):
        if not declare(iri):
            continue
        attrs = facts.attributes(iri, region_name)
        out.append(f"    <node id={quoteattr(iri)}>\n")
        out += [f'      <data key="{k}">{escape(attrs[k])}</data>\n' for k, _ in NODE_KEYS if attrs[k]]
        out.append("    </node>\n")
    for s, o, rel in sorted(facts.edges):
        out.append(f'    <edge source={quoteattr(s)} target={quoteattr(o)}><data key="relation">{rel}</data></edge>\n')
    return "".join(out).encode("utf-8")


def file_section(view: BuiltGraph, p: Partition) -> Section:
    """A corpus file's nodes and edges."""
    key = section_key(exporter_version(), "graphml", p.digest)

    def render() -> bytes:
        private, shared = view.parsed(p)
        return graphml_body(private, lambda _: True, shared)

    return Section(key, render)


def layout(view: BuiltGraph) -> Layout:
    v = exporter_version()
    sections = [file_section(view, p) for p in view.partitions]

    def shared() -> list[Section]:
        regions = view.shared.region_names()
        names = hashlib.sha256(repr(sorted(regions.items())).encode("utf-8")).hexdigest()
        return [
            Section(
                section_key(v, "graphml", "shared", digest, names),
                lambda lines=lines: graphml_body(lines, lambda iri: not view.owned(iri), (), regions.get),  # type: ignore[misc]
            )
            for digest, lines in view.shared_buckets()
        ]

    return Layout("graph.graphml", HEADER, sections, FOOTER, tail=shared)


def graphml(graph: BuiltGraph) -> bytes:
    return layout(graph).to_bytes()
