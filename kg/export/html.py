"""The interactive page `graph.html`: one self-contained file (vis-network inlined,
no network access), built from the project's own template (`static/page.html`, its
style `page.css` and the explorer `page.js`: document list, document / agency / program
views, targets, the policy chain as a tree, a graph view grown from a selection).

The network data (nodes, edges, details, evidence) is computed here from the RDF
and embedded as JSON inside a ``<script type="application/json">`` element with
``<``, ``>`` and ``&`` escaped, and the page inserts every corpus string as text
(``textContent``), never as HTML.  pyvis is not used for the page: its templates
load bootstrap and vis-network from CDNs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.export.sections import Layout, Section, exporter_version, section_key

if TYPE_CHECKING:
    from kg.export.alignment import CorpusAlignment
    from kg.partition import Partition
from kg.graph import BuiltGraph, Parsed, Row, as_parsed
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS

#: Class → (display name, colour, vis shape).
CLASSES = {
    ONT + "PolicyDocument": ("Document 文件", "#1f77b4", "box"),
    ONT + "Task": ("Task 任务", "#2ca02c", "dot"),
    ONT + "Agency": ("Agency 机构", "#ff7f0e", "diamond"),
    ONT + "Program": ("Program 工程/计划", "#9467bd", "triangle"),
    ONT + "IndustryCluster": ("Cluster 产业", "#8c564b", "hexagon"),
    ONT + "Target": ("Target 目标", "#d62728", "star"),
    ONT + "Region": ("Region 地区", "#7f7f7f", "ellipse"),
    ONT + "Incentive": ("Incentive 奖补", "#e377c2", "square"),
}

#: Relation → (short label, colour).
RELATIONS = {
    ONT + "hasTask": ("task", "#9bd19b"),
    ONT + "leadAgency": ("lead 牵头", "#ff7f0e"),
    ONT + "supportAgency": ("support 配合", "#ffbb78"),
    ONT + "implements": ("implements 落实", "#d62728"),
    ONT + "basedOn": ("basedOn 依据", "#ff9896"),
    ONT + "cites": ("cites 引用", "#c5b0d5"),
    ONT + "wrappedIn": ("wrappedIn 印发", "#17becf"),
    ONT + "jurisdiction": ("jurisdiction 辖区", "#bbbbbb"),
    ONT + "withinRegion": ("within 隶属", "#999999"),
    ONT + "mentionsProgram": ("program 工程", "#9467bd"),
    ONT + "definedIn": ("definedIn 提出", "#c49c94"),
    ONT + "concernsCluster": ("cluster 产业", "#8c564b"),
    ONT + "hasTarget": ("target 目标", "#d62728"),
    ONT + "issuedBy": ("issuedBy 发文", "#aec7e8"),
    ONT + "hasIncentive": ("incentive 奖补", "#e377c2"),
    ONT + "inferredImplements": ("inferred 推断落实", "#f4b6b6"),
    DCTERMS + "isVersionOf": ("version of 版本", "#17becf"),
    DCTERMS + "replaces": ("replaces 替代", "#9edae5"),
}

#: Properties not drawn as edges (they duplicate an edge in the other direction).
_HIDDEN_EDGES = {ONT + "inDocument", PROV + "wasDerivedFrom"}
#: Summary nodes (`kg.summary`) the page leaves out: its tables count and align by
#: themselves, and it draws no node of these classes.
_LEFT_OUT = frozenset(ONT + c for c in ("CityWorkload", "TargetAlignment"))


def _without_summary_nodes(rows: list[Row]) -> list[Row]:
    left_out = {s for s, p, o in rows if p == RDF + "type" and o.value in _LEFT_OUT}
    return [row for row in rows if row[0] not in left_out] if left_out else rows


def _short(iri: str) -> str:
    for ns, prefix in ((ONT, "ont:"), (RDFS, "rdfs:"), (SKOS, "skos:"), (DCTERMS, "dcterms:"), (PROV, "prov:")):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def page_part(lines: Parsed | Sequence[str], base: str) -> dict[str, object]:
    """The page's data for one section of the graph: every subject with its class (if
    drawn), literal properties and source document, and every relation.  IRIs under
    `base` are written without it.  Every string (IRI, property, value) stands once in the
    part's table ``t`` and is referred to by its index, so an evidence sentence shared by a
    task and its facts, or an IRI named by many relations, is written once.  The page joins
    the parts and numbers the nodes when it opens, so a rebuild re-renders only the parts
    of changed files."""

    table: dict[str, int] = {}

    def ref(text: str) -> int:
        index = table.get(text)
        if index is None:
            index = table[text] = len(table)
        return index

    # an IRI's and a property's index, found once each (a part names its nodes and its
    # few properties again and again; the table's order is the order of first use)
    iris: dict[str, int] = {}
    props: dict[str, int] = {}

    def short(iri: str) -> int:
        index = iris.get(iri)
        if index is None:
            index = iris[iri] = ref(iri[len(base) :] if iri.startswith(base) else iri)
        return index

    def prop(p: str) -> int:
        index = props.get(p)
        if index is None:
            index = props[p] = ref(_short(p))
        return index

    rdf_type, derived, literal, named = RDF + "type", PROV + "wasDerivedFrom", ox.Literal, ox.NamedNode
    nodes: dict[str, list] = {}
    edges: list[list[int]] = []
    for s, p, o in _without_summary_nodes(as_parsed(lines).rows):
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = [short(s), None, [], None]
        if p == rdf_type and isinstance(o, named):
            if node[1] is None and o.value in CLASSES:
                node[1] = ref(_short(o.value))
        elif isinstance(o, literal):
            node[2].append([prop(p), ref(o.value)])
        elif isinstance(o, named):
            if p == derived:
                if node[3] is None:
                    node[3] = short(o.value)
            elif p not in _HIDDEN_EDGES:
                edges.append([node[0], short(o.value), prop(p)])
    return {"t": list(table), "n": list(nodes.values()), "e": edges}


def _part_bytes(lines: Parsed | Sequence[str], base: str) -> bytes:
    return _safe_json(page_part(lines, base)).encode("utf-8") if lines else b""


def _safe_json(data: object) -> str:
    """JSON that cannot close its <script> element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _template(title: str) -> tuple[str, str]:
    static = resources.files("kg.export").joinpath("static")
    template = static.joinpath("page.html").read_text(encoding="utf-8")
    vis = static.joinpath("vis-network", "vis-network.min.js").read_text(encoding="utf-8")
    vis = vis.replace("</script", "<\\/script")
    script = static.joinpath("page.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = static.joinpath("page.css").read_text(encoding="utf-8").replace("</style", "<\\/style")
    page = template.replace("__TITLE__", html.escape(title))
    page = page.replace("/*__PAGE_CSS__*/", css, 1).replace("/*__VIS_NETWORK__*/", vis, 1)
    page = page.replace("/*__PAGE_JS__*/", script, 1)
    before, after = page.split("__GRAPH_DATA__", 1)
    return before, after


def file_section(view: BuiltGraph, p: Partition, base: str) -> Section:
    """A corpus file's data part of the page."""
    return Section(
        section_key(exporter_version(), "html:" + base, p.digest), lambda: _part_bytes(view.parsed(p)[0], base)
    )


def layout(view: BuiltGraph, base: str, title: str = "policy-kg", aligned: CorpusAlignment | None = None) -> Layout:
    """graph.html: the page template around one data part per corpus file, then the
    shared nodes and the alignment of targets across levels (`kg.align`)."""
    from kg.export.alignment import PAGE_COLUMNS, CorpusAlignment

    aligned = aligned or CorpusAlignment(view)
    before, after = _template(title)
    legend_classes = {_short(c): {"name": v[0], "color": v[1], "shape": v[2]} for c, v in CLASSES.items()}
    legend_relations = {_short(r): {"name": v[0], "color": v[1]} for r, v in RELATIONS.items()}
    meta = _safe_json({"classes": legend_classes, "relations": legend_relations, "base": base})
    header = (before + meta[:-1] + ',"parts":[').encode("utf-8")
    footer = ("]}" + after).encode("utf-8")
    v = exporter_version()
    sections = [file_section(view, p, base) for p in view.partitions]

    def alignment_part() -> bytes:
        rows = aligned.page_rows(base)
        return _safe_json({"alignment": {"columns": PAGE_COLUMNS, "rows": rows}}).encode("utf-8") if rows else b""

    def shared() -> list[Section]:
        return [
            *(
                Section(section_key(v, "html:" + base, "shared", digest), lambda lines=lines: _part_bytes(lines, base))  # type: ignore[misc]
                for digest, lines in view.shared_buckets()
            ),
            Section(aligned.key("html:" + base), alignment_part),
        ]

    return Layout("graph.html", header, sections, footer, b",", tail=shared)


def render_page(graph: BuiltGraph, title: str = "policy-kg", base: str | None = None) -> str:
    return layout(graph, base or graph.corpus.index.iris.base, title).to_bytes().decode("utf-8")
