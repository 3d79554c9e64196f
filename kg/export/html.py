"""The interactive page `graph.html`: one self-contained file (vis-network inlined,
no network access), built from the project's own template.

The network data (nodes, edges, details, evidence) is computed here from the RDF
and embedded as JSON inside a ``<script type="application/json">`` element with
``<``, ``>`` and ``&`` escaped, and the page inserts every corpus string as text
(``textContent``), never as HTML.  pyvis is not used for the page: its templates
load bootstrap and vis-network from CDNs.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from importlib import resources

import pyoxigraph as ox

from kg.export.layout import chain_level, compute_layout
from kg.graph import BuiltGraph
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, SKOS

#: Above this many nodes the page opens on the document-level overview.
OVERVIEW_THRESHOLD = 3000

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
}

#: Properties not drawn as edges (they duplicate an edge in the other direction).
_HIDDEN_EDGES = {ONT + "inDocument", PROV + "wasDerivedFrom"}


def _short(iri: str) -> str:
    for ns, prefix in ((ONT, "ont:"), (RDFS, "rdfs:"), (SKOS, "skos:"), (DCTERMS, "dcterms:"), (PROV, "prov:")):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def network_data(graph: BuiltGraph) -> dict[str, object]:
    """Nodes, edges and per-node details for the page."""
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    props: dict[str, list[tuple[str, str]]] = defaultdict(list)
    edges: list[tuple[str, str, str]] = []
    derived: dict[str, str] = {}
    source_file: dict[str, str] = {}
    for t in graph.triple_objects():
        s = t.subject.value
        p = t.predicate.value
        o = t.object
        if p == RDF + "type" and isinstance(o, ox.NamedNode) and o.value in CLASSES:
            types[s] = o.value
        elif isinstance(o, ox.Literal):
            if p == RDFS + "label":
                labels.setdefault(s, o.value)
            if p == ONT + "sourceFile":
                source_file.setdefault(s, o.value)
            props[s].append((_short(p), o.value))
        elif isinstance(o, ox.NamedNode):
            if p == PROV + "wasDerivedFrom":
                derived.setdefault(s, o.value)
            if p not in _HIDDEN_EDGES and p != RDF + "type":
                edges.append((s, p, o.value))
    ids = {iri: n for n, iri in enumerate(sorted(types))}
    degree: Counter[str] = Counter()
    kept_edges = []
    for s, p, o in edges:
        if s in ids and o in ids:
            degree[s] += 1
            degree[o] += 1
            kept_edges.append((s, p, o))
    doc_of: dict[str, str] = {}
    for iri in ids:
        doc = iri if types[iri] == ONT + "PolicyDocument" else derived.get(iri)
        if doc:
            doc_of[iri] = doc
    region_of: dict[str, str] = {}
    for s, p, o in kept_edges:
        if p == ONT + "jurisdiction":
            region_of.setdefault(s, o)
    admin_level = {s: v for s, items in props.items() for k, v in items if k == "ont:adminLevel"}
    nodes = []
    for iri, n in ids.items():
        cls = types[iri]
        doc = doc_of.get(iri)
        nodes.append(
            {
                "id": n,
                "iri": iri,
                "label": labels.get(iri, iri.rsplit("/", 1)[-1]),
                "cls": _short(cls),
                "degree": degree[iri],
                "doc": ids.get(doc) if doc else None,
                "region": ids.get(region_of.get(doc or iri, region_of.get(iri, ""))),
                "file": source_file.get(doc or "", source_file.get(iri, "")),
                "props": props.get(iri, []),
                "level_name": admin_level.get(iri) or admin_level.get(region_of.get(iri, ""), ""),
            }
        )
    edge_list: list[dict[str, object]] = [{"from": ids[s], "to": ids[o], "rel": _short(p)} for s, p, o in kept_edges]
    # document-level overview: relations of tasks lifted to their documents
    doc_id = {ids[i]: ids[d] for i, d in doc_of.items() if d in ids}
    lifted = set()
    for s, p, o in kept_edges:
        if p in (ONT + "implements", ONT + "basedOn", ONT + "cites"):
            a, b = doc_id.get(ids[s], ids[s]), doc_id.get(ids[o], ids[o])
            if a != b and (a, b, p) not in lifted and (types[s] == ONT + "Task" or types[o] == ONT + "Task"):
                lifted.add((a, b, p))
    edge_list += [{"from": a, "to": b, "rel": _short(p), "overview": True} for a, b, p in sorted(lifted)]
    positions = compute_layout(nodes, edge_list)
    for n in nodes:
        n["x"], n["y"] = positions[n["id"]]
        n["chain"] = chain_level(n)
    legend_classes = {_short(c): {"name": v[0], "color": v[1], "shape": v[2]} for c, v in CLASSES.items()}
    legend_relations = {_short(r): {"name": v[0], "color": v[1]} for r, v in RELATIONS.items()}
    return {
        "nodes": nodes,
        "edges": edge_list,
        "classes": legend_classes,
        "relations": legend_relations,
        "overview": len(nodes) > OVERVIEW_THRESHOLD,
    }


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


def render_page(graph: BuiltGraph, title: str = "policy-kg") -> str:
    static = resources.files("kg.export").joinpath("static")
    template = static.joinpath("page.html").read_text(encoding="utf-8")
    vis = static.joinpath("vis-network", "vis-network.min.js").read_text(encoding="utf-8")
    vis = vis.replace("</script", "<\\/script")
    page = template.replace("__TITLE__", html.escape(title))
    page = page.replace("/*__VIS_NETWORK__*/", vis, 1)
    return page.replace("__GRAPH_DATA__", _safe_json(network_data(graph)), 1)
