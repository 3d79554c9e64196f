"""Stats: counts per class and per document of a build, and its warnings.

Each count is named for what it counts, the same way in `kg build`, `kg stats`,
`kg push` and the page: *documents in the corpus* (read from a corpus file; a file
may hold several, e.g. a notice and the plan it issues) and *titles only cited*
(documents known only by a citation), which together are the PolicyDocument nodes;
*triples in the named graphs* (one graph per corpus file plus the links graph: what
``graph.trig`` holds and `kg push` sends; a statement in two graphs counts twice;
counted on the store when it keeps them, else read from ``build.json``) and
*statements in the union* (the default graph `kg query` and `kg serve` answer from,
each statement once: the build summary's figure).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.query import open_store, run

CLASSES = (
    "PolicyDocument",
    "Task",
    "Agency",
    "Program",
    "IndustryCluster",
    "Target",
    "Incentive",
    "Region",
    "ParentLink",
)

PER_DOCUMENT = """SELECT ?file ?document (COUNT(DISTINCT ?t) AS ?tasks) (COUNT(DISTINCT ?x) AS ?targets)
  (COUNT(DISTINCT ?a) AS ?agencies) (COUNT(DISTINCT ?g) AS ?programs) WHERE {
  ?d ont:sourceFile ?file ; dcterms:title ?document .
  OPTIONAL { ?d ont:hasTask ?t . OPTIONAL { ?t ont:hasTarget ?x } OPTIONAL { ?t ont:leadAgency|ont:supportAgency ?a }
             OPTIONAL { ?t ont:mentionsProgram ?g } }
} GROUP BY ?file ?document ORDER BY ?file ?document"""

DOCUMENTS = """SELECT (COUNT(DISTINCT ?d) AS ?all) (COUNT(DISTINCT ?read) AS ?corpus) WHERE {
  ?d a ont:PolicyDocument . OPTIONAL { ?d ont:sourceFile ?f . BIND(?d AS ?read) } }"""
NAMED_GRAPHS = "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"
UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class Counts:
    """The headline counts, each named for what it counts (see the module's doc)."""

    documents_in_corpus: int = 0
    titles_only_cited: int = 0
    named_graphs: int = 0
    triples_in_named_graphs: int = 0
    statements_in_union: int = 0

    def lines(self) -> list[str]:
        out = [
            f"{self.documents_in_corpus} documents in the corpus, {self.titles_only_cited} titles only cited "
            f"({self.documents_in_corpus + self.titles_only_cited} PolicyDocument nodes)"
        ]
        if self.named_graphs:
            out.append(
                f"{self.triples_in_named_graphs} triples in the {self.named_graphs} named graphs, "
                f"{self.statements_in_union} statements in their union (the default graph)"
            )
        else:  # a build read from graph.nt: no named graphs
            out.append(f"{self.statements_in_union} statements (the default graph)")
        return out


@dataclass
class Stats:
    counts: Counts = field(default_factory=Counts)
    classes: dict[str, int] = field(default_factory=dict)  # nodes of each class
    documents: list[dict[str, object]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    quality: dict[str, object] = field(default_factory=dict)  # the build's quality figures (kg.quality)
    files: list[dict] = field(default_factory=list, repr=False)  # build.json's per-file entries


def document_counts(store) -> tuple[int, int]:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """(documents in the corpus, titles only cited) of a build's store."""
    (row,) = list(run(store, DOCUMENTS))
    in_corpus = int(row["corpus"].value)
    return in_corpus, int(row["all"].value) - in_corpus


def build_stats(exports: Path) -> Stats:
    store = open_store(exports)
    s = Stats()
    for cls in CLASSES:
        (row,) = list(run(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ont:{cls} }}"))
        s.classes[cls] = int(row["n"].value)
    try:
        manifest = json.loads((exports / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    (named,) = list(run(store, NAMED_GRAPHS))
    graphs, in_graphs = int(named["graphs"].value), int(named["triples"].value)
    recorded = manifest.get("named_graphs")
    if not graphs and isinstance(recorded, dict):  # a store of the union only (see kg.export.store)
        graphs, in_graphs = int(recorded.get("graphs", 0)), int(recorded.get("triples", 0))
    (union,) = list(run(store, UNION))
    s.counts = Counts(
        *document_counts(store),
        named_graphs=graphs,
        triples_in_named_graphs=in_graphs,
        statements_in_union=int(union["n"].value),
    )
    for sol in run(store, PER_DOCUMENT):
        row = {"file": sol["file"].value, "document": sol["document"].value}
        row.update({k: int(sol[k].value) for k in ("tasks", "targets", "agencies", "programs")})
        s.documents.append(row)
    for f in manifest.get("files", []):
        s.warnings += [{"file": f["path"], "warning": w} for w in f.get("warnings", [])]
    s.skipped = [{"file": x["path"], "reason": x["reason"]} for x in manifest.get("skipped", [])]
    s.quality = manifest.get("quality", {})
    s.files = manifest.get("files", [])
    return s
