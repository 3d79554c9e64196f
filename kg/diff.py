"""Diff: what changed between two builds — documents, tasks, agencies, targets (old →
new values), programs and links added, removed or changed.

Each build keeps the previous one's graph in ``OUT/.previous``, so ``kg diff`` works
with no setup; any two export folders can be compared too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ExportsNotFound
from kg.vocab import PREFIXES

_PRE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

#: kind → (query returning ?key and the fields compared, fields)
QUERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents": (
        """SELECT ?key ?number ?date ?period WHERE { ?d ont:sourceFile ?f ; dcterms:title ?title .
        OPTIONAL { ?d ont:docNumber ?number } OPTIONAL { ?d dcterms:issued ?date }
        OPTIONAL { ?d ont:periodStart ?s ; ont:periodEnd ?e } BIND(?title AS ?key)
        BIND(IF(BOUND(?s), CONCAT(STR(?s), "-", STR(?e)), "") AS ?period) }""",
        ("number", "date", "period"),
    ),
    "tasks": (
        """SELECT ?key ?label ?lead ?support WHERE {
        { SELECT ?t (GROUP_CONCAT(DISTINCT ?l; separator="、") AS ?lead) WHERE {
            ?t a ont:Task . OPTIONAL { ?t ont:leadAgency/rdfs:label ?l } } GROUP BY ?t }
        { SELECT ?t (GROUP_CONCAT(DISTINCT ?sl; separator="、") AS ?support) WHERE {
            ?t a ont:Task . OPTIONAL { ?t ont:supportAgency/rdfs:label ?sl } } GROUP BY ?t }
        ?t rdfs:label ?label ; ont:path ?path ; ont:inDocument/dcterms:title ?doc .
        BIND(CONCAT(?doc, " ", ?path) AS ?key) }""",
        ("label", "lead", "support"),
    ),
    "agencies": (
        """SELECT ?key ?jurisdiction WHERE { ?a a ont:Agency ; rdfs:label ?key .
        OPTIONAL { ?a ont:jurisdiction/rdfs:label ?jurisdiction } }""",
        ("jurisdiction",),
    ),
    "targets": (
        """SELECT ?key ?value ?valueMax ?comparator ?year WHERE {
        ?o ont:hasTarget ?x . ?x ont:metric ?metric ; ont:comparator ?comparator .
        OPTIONAL { ?x ont:value ?value } OPTIONAL { ?x ont:valueMax ?valueMax }
        OPTIONAL { ?x ont:unit ?unit } OPTIONAL { ?x ont:targetYear ?year }
        { ?o ont:path ?p ; ont:inDocument/dcterms:title ?doc BIND(CONCAT(?doc, " ", ?p) AS ?owner) }
        UNION { ?o ont:sourceFile ?f ; dcterms:title ?owner }
        BIND(CONCAT(?owner, " · ", ?metric, IF(BOUND(?unit), CONCAT(" (", ?unit, ")"), "")) AS ?key) }""",
        ("value", "valueMax", "comparator", "year"),
    ),
    "programs": (
        """SELECT ?key ?definedIn WHERE { ?g a ont:Program ; rdfs:label ?key .
        OPTIONAL { ?g ont:definedIn/dcterms:title ?definedIn } }""",
        ("definedIn",),
    ),
    "links": (
        """SELECT ?key WHERE { ?s ?p ?o . VALUES ?p { ont:implements ont:basedOn ont:cites ont:wrappedIn }
        ?s rdfs:label ?sl . ?o rdfs:label ?ol .
        BIND(CONCAT(?sl, " —", STRAFTER(STR(?p), "#"), "→ ", ?ol) AS ?key) }""",
        (),
    ),
}


@dataclass
class Change:
    key: str
    old: dict[str, str] | None
    new: dict[str, str] | None

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def describe(self) -> str:
        if self.old is None or self.new is None:
            return self.key
        parts = [
            f"{k}: {self.old.get(k, '') or '∅'} → {self.new.get(k, '') or '∅'}"
            for k in self.new
            if self.old.get(k) != self.new.get(k)
        ]
        return f"{self.key} ({'; '.join(parts)})"


@dataclass
class DiffReport:
    changes: dict[str, list[Change]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for kind, items in self.changes.items():
            c = {"added": 0, "removed": 0, "changed": 0}
            for ch in items:
                c[ch.status] += 1
            out[kind] = c
        return out

    def is_empty(self) -> bool:
        return not any(self.changes.values())

    def to_json(self) -> dict[str, object]:
        return {
            kind: [{"status": c.status, "key": c.key, "old": c.old, "new": c.new} for c in items]
            for kind, items in self.changes.items()
        }


def _load(path: Path) -> ox.Store:
    nt = path if path.is_file() else path / "graph.nt"
    if not nt.exists():
        raise ExportsNotFound(f"no build graph at {nt}")
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def _records(store: ox.Store, query: str, fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for sol in store.query(_PRE + query):
        key = sol["key"].value
        rec = {f: ("" if sol[f] is None else sol[f].value) for f in fields}
        # several rows per key (multi-valued fields): keep them all, sorted
        if key in out:
            for f in fields:
                values = sorted(set(filter(None, out[key][f].split(" | ") + [rec[f]])))
                out[key][f] = " | ".join(values)
        else:
            out[key] = rec
    return out


def diff_builds(old: Path, new: Path) -> DiffReport:
    old_store, new_store = _load(old), _load(new)
    report = DiffReport()
    for kind, (query, fields) in QUERIES.items():
        a, b = _records(old_store, query, fields), _records(new_store, query, fields)
        changes = [Change(k, None, b[k]) for k in sorted(b.keys() - a.keys())]
        changes += [Change(k, a[k], None) for k in sorted(a.keys() - b.keys())]
        changes += [Change(k, a[k], b[k]) for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
        report.changes[kind] = changes
    return report


def previous_of(exports: Path) -> Path:
    prev = exports / ".previous" / "graph.nt"
    if not prev.exists():
        raise ExportsNotFound(f"no previous build kept in {exports}/.previous (build twice, or give OLD explicitly)")
    return prev
