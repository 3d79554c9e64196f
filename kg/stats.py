"""Stats: counts per class and per document of a build, and its warnings."""

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


@dataclass
class Stats:
    classes: dict[str, int] = field(default_factory=dict)
    documents: list[dict[str, object]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    triples: int = 0
    quality: dict[str, object] = field(default_factory=dict)  # the build's quality figures (kg.quality)
    files: list[dict] = field(default_factory=list, repr=False)  # build.json's per-file entries


def build_stats(exports: Path) -> Stats:
    store = open_store(exports)
    s = Stats()
    for cls in CLASSES:
        (row,) = list(run(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ont:{cls} }}"))
        s.classes[cls] = int(row["n"].value)
    for sol in run(store, PER_DOCUMENT):
        row = {"file": sol["file"].value, "document": sol["document"].value}
        row.update({k: int(sol[k].value) for k in ("tasks", "targets", "agencies", "programs")})
        s.documents.append(row)
    try:
        manifest = json.loads((exports / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    for f in manifest.get("files", []):
        s.warnings += [{"file": f["path"], "warning": w} for w in f.get("warnings", [])]
    s.skipped = [{"file": x["path"], "reason": x["reason"]} for x in manifest.get("skipped", [])]
    s.triples = int(manifest.get("triples", 0))
    s.quality = manifest.get("quality", {})
    s.files = manifest.get("files", [])
    return s
