"""A small Python API over a finished build, for notebooks::

    import kg
    g = kg.load("exports")
    g.query("SELECT ?t ?label { ?t a ont:Task ; rdfs:label ?label } LIMIT 5")
    g.documents(), g.tasks()          # the exported tables, years as integers
    G = g.to_networkx()               # a networkx MultiDiGraph of the typed nodes
    g.centrality()                    # agencies: tasks, partners, betweenness
    g.show(["https://w3id.org/policykg/id/agency-150100-呼和浩特市科学技术局"], depth=1)

Tables come back as pandas DataFrames when pandas is installed, else as lists of dicts
(pandas is not a dependency).  Queries run on the build's Oxigraph store, read-only,
over the union of all graphs, with the vocabulary's prefixes declared (`kg.vocab`).
The network has the node classes and relations the page draws (`kg.export.html`).
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.export.html import CLASSES, RELATIONS
from kg.query import named_graphs_note, open_store, run
from kg.vocab import XSD

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

#: Columns of the exported tables that hold integers (or nothing).
INTEGER_COLUMNS = {
    "documents.csv": ("period_start", "period_end", "tasks", "targets"),
    "tasks.csv": (),
    "targets.csv": ("year",),
    "agencies.csv": ("led_tasks", "supported_tasks"),
}

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "gYear")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


#: pyvis's template loads bootstrap (styling only) from a CDN whatever `cdn_resources` says.
_CDN_TAGS = re.compile(r"<link\s[^>]*href=\"https://cdn[^>]*>|<script\s[^>]*src=\"https://cdn[^>]*>\s*</script>")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def python_value(term: object) -> object:
    """A SPARQL result term as a plain Python value: an IRI as its string, a number as
    int or float, a boolean as bool, any other literal as its text; unbound as None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


class PolicyGraph:
    """One build's exports folder: its store, tables and network."""

    def __init__(self, exports: str | Path = "exports") -> None:
        self.path = Path(exports)
        self.store: ox.Store = open_store(self.path)
        self._nx: nx.MultiDiGraph | None = None

    def __repr__(self) -> str:
        return f"PolicyGraph({str(self.path)!r})"

    # -- SPARQL ----------------------------------------------------------------

    def query(self, sparql: str, frame: bool | None = None) -> Any:
        """Run a SELECT (rows), ASK (a bool) or CONSTRUCT/DESCRIBE (triples) query.
        Rows are a DataFrame when pandas is installed (`frame=False`: always a list of
        dicts, `frame=True`: require pandas); values are plain Python (`python_value`)."""
        result = run(self.store, sparql)
        note = named_graphs_note(self.store, sparql)
        if note:
            warnings.warn(note, stacklevel=2)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            return list(result)
        names = [v.value for v in result.variables]
        rows = [{n: python_value(sol[n]) for n in names} for sol in result]
        return self._frame(rows, names, frame)

    def _frame(self, rows: list[dict[str, Any]], columns: list[str], frame: bool | None) -> Any:
        pd = _pandas() if frame is not False else None
        if frame and pd is None:
            raise ImportError("pandas is not installed (pip install pandas), or ask for frame=False")
        if pd is None:
            return rows
        return pd.DataFrame(rows, columns=columns)

    # -- tables ----------------------------------------------------------------

    def table(self, name: str, frame: bool | None = None) -> Any:
        """An exported table (``documents``, ``tasks``, ``targets``, ``agencies``,
        ``citations``) with its integer columns as integers (pandas: ``Int64``, which
        keeps empty cells as <NA>; plain Python: int or None)."""
        file = name if name.endswith(".csv") else name + ".csv"
        path = self.path / file
        if not path.exists():
            raise FileNotFoundError(f"{path}: not in this build (rebuild with this version of kg)")
        ints = INTEGER_COLUMNS.get(file, ())
        pd = _pandas() if frame is not False else None
        if frame and pd is None:
            raise ImportError("pandas is not installed (pip install pandas), or ask for frame=False")
        if pd is not None:
            df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            for c in ints:
                df[c] = pd.array([int(v) if v else pd.NA for v in df[c]], dtype="Int64")
            return df
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[dict[str, Any]] = list(csv.DictReader(fh))
        for row in rows:
            for c in ints:
                row[c] = int(row[c]) if row[c] else None
        return rows

    def documents(self, frame: bool | None = None) -> Any:
        """documents.csv: one row per corpus document (not the titles only cited)."""
        return self.table("documents", frame)

    def tasks(self, frame: bool | None = None) -> Any:
        """tasks.csv: one row per task, with its document's number, date and region."""
        return self.table("tasks", frame)

    def targets(self, frame: bool | None = None) -> Any:
        return self.table("targets", frame)

    def agencies(self, frame: bool | None = None) -> Any:
        return self.table("agencies", frame)

    # -- networkx --------------------------------------------------------------

    def to_networkx(self, kind: str | Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The typed nodes (documents, tasks, agencies, programs, clusters, targets,
        regions, incentives) and the relations between them, as a MultiDiGraph: node
        attributes ``label``, ``kind`` (the class's local name), ``region`` (a region's
        own name; a document's or agency's jurisdiction; a task's or target's
        document's), ``document`` and ``year`` (the document's issue year) where known;
        edge key and attribute ``relation``.  `kind` keeps the nodes of those classes
        (e.g. ``["Task", "Agency"]``) and the relations among them."""
        import networkx as nx

        if self._nx is None:
            self._nx = self._network()
        if kind is None:
            return self._nx.copy()
        kinds = {kind} if isinstance(kind, str) else set(kind)
        unknown = kinds - {_short(c) for c in CLASSES}
        if unknown:
            raise ValueError(f"unknown kind {sorted(unknown)}; one of {sorted(_short(c) for c in CLASSES)}")
        keep = [n for n, k in self._nx.nodes(data="kind") if k in kinds]
        return nx.MultiDiGraph(self._nx.subgraph(keep))

    def _network(self) -> nx.MultiDiGraph:
        import networkx as nx

        classes = " ".join(f"<{c}>" for c in CLASSES)
        relations = " ".join(f"<{r}>" for r in RELATIONS)
        g = nx.MultiDiGraph()
        nodes = f"""SELECT ?s (MIN(STR(?c)) AS ?kind) (MIN(?l) AS ?label) {{
            ?s a ?c . VALUES ?c {{ {classes} }} OPTIONAL {{ ?s rdfs:label ?l }} }} GROUP BY ?s"""
        for sol in run(self.store, nodes):
            s = sol["s"].value
            label = sol["label"]
            g.add_node(s, label=label.value if label is not None else s, kind=_short(sol["kind"].value))
        # the document of a task, target or incentive; a document's issue date; the jurisdiction
        owned = """SELECT ?x (MIN(?d) AS ?doc) {
            { ?x ont:inDocument ?d } UNION { ?x prov:wasDerivedFrom ?d FILTER NOT EXISTS { ?x a ont:Agency } }
            ?d ont:sourceFile ?f } GROUP BY ?x"""
        document = {sol["x"].value: sol["doc"].value for sol in run(self.store, owned)}
        issued = {s["d"].value: s["date"].value for s in run(self.store, "SELECT ?d ?date { ?d dcterms:issued ?date }")}
        where = """SELECT ?x (MIN(?name) AS ?region) { ?x ont:jurisdiction ?r . ?r rdfs:label ?name } GROUP BY ?x"""
        region = {sol["x"].value: sol["region"].value for sol in run(self.store, where)}
        for n, data in g.nodes(data=True):
            doc = document.get(n) if data["kind"] != "PolicyDocument" else None
            if doc:
                data["document"] = doc
            anchor = doc or n
            here = data["label"] if data["kind"] == "Region" else region.get(anchor)
            if here:
                data["region"] = here
            date = issued.get(anchor, "")
            if date[:4].isdigit():
                data["year"] = int(date[:4])
        edges = f"""SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o . VALUES ?p {{ {relations} }}
            ?s a ?sc . VALUES ?sc {{ {classes} }} ?o a ?oc . VALUES ?oc {{ {classes} }} }}"""
        for sol in run(self.store, edges):
            rel = _short(sol["p"].value)
            g.add_edge(sol["s"].value, sol["o"].value, key=rel, relation=rel)
        return g

    def centrality(self, frame: bool | None = None) -> Any:
        """Agencies by how they sit among the others: the tasks each leads or supports,
        how many other agencies share a task with it (`partners`), and its betweenness
        in that co-responsibility network (an agency between otherwise separate groups
        scores high), by betweenness then tasks.  Computed with networkx."""
        import networkx as nx
        from networkx.algorithms import bipartite

        g = self.to_networkx(["Task", "Agency"])
        work = nx.Graph()
        agencies = [n for n, k in g.nodes(data="kind") if k == "Agency"]
        work.add_nodes_from(agencies)
        work.add_edges_from(
            (t, a) for t, a, rel in g.edges(keys=True) if rel in ("leadAgency", "supportAgency") and a in work
        )
        tasks_of = {a: work.degree(a) for a in agencies}
        partners = bipartite.weighted_projected_graph(work, agencies)
        between = nx.betweenness_centrality(partners, weight=None, normalized=True)
        rows = [
            {
                "iri": a,
                "name": g.nodes[a]["label"],
                "region": g.nodes[a].get("region", ""),
                "tasks": tasks_of[a],
                "partners": partners.degree(a),
                "betweenness": round(between[a], 6),
            }
            for a in agencies
        ]
        rows.sort(key=lambda r: (-r["betweenness"], -r["tasks"], r["iri"]))
        return self._frame(rows, ["iri", "name", "region", "tasks", "partners", "betweenness"], frame)

    # -- pyvis -----------------------------------------------------------------

    def show(
        self,
        nodes: Iterable[str],
        depth: int = 0,
        notebook: bool = True,
        height: str = "600px",
    ) -> Network:
        """A pyvis Network of the selected nodes (IRIs), grown by `depth` steps along
        relations in either direction, coloured and shaped by class as on the page.
        The vis-network script is written into the HTML, which loads nothing from the
        network.  In Jupyter, display
        it with ``net.show("selection.html")``; elsewhere ``net.write_html(path)``."""
        from pyvis.network import Network

        class OfflineNetwork(Network):
            def generate_html(self, *args: Any, **kwargs: Any) -> str:
                return _CDN_TAGS.sub("", super().generate_html(*args, **kwargs))

        g = self.to_networkx()
        chosen = set(nodes)
        missing = sorted(n for n in chosen if n not in g)
        if missing:
            raise KeyError(f"not typed nodes of this graph: {missing[:3]}")
        frontier = set(chosen)
        for _ in range(depth):
            frontier = {m for n in frontier for m in (*g.successors(n), *g.predecessors(n))} - chosen
            chosen |= frontier
        sub = g.subgraph(chosen)
        style = {_short(c): v for c, v in CLASSES.items()}
        colours = {_short(r): v[1] for r, v in RELATIONS.items()}
        net = OfflineNetwork(height=height, directed=True, notebook=notebook, cdn_resources="in_line")
        for n, data in sorted(sub.nodes(data=True)):
            name, colour, shape = style[data["kind"]]
            tip = "\n".join(f"{k}: {v}" for k, v in sorted(data.items())) + f"\n{n}"
            net.add_node(n, label=data["label"][:40], title=tip, color=colour, shape=shape, group=data["kind"])
        for s, o, rel in sorted(sub.edges(keys=True)):
            net.add_edge(s, o, title=rel, label=rel, color=colours.get(rel, "#999999"), arrows="to")
        return net


def load(exports: str | Path = "exports") -> PolicyGraph:
    """Open a build's exports folder (the ``-o`` of ``kg build``)."""
    return PolicyGraph(exports)


__all__ = ["PolicyGraph", "load", "python_value"]
