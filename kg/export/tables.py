"""CSV tables for spreadsheet users: tasks (with lead and support agencies), targets,
citations.  UTF-8 with a BOM so that Excel opens Chinese text correctly.  Built in one
pass over the triples (linear in the graph's size)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pyoxigraph as ox

from kg.graph import BuiltGraph
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS


class _Index:
    def __init__(self, graph: BuiltGraph) -> None:
        self.props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for t in graph.triple_objects():
            self.props[t.subject.value][t.predicate.value].append(t.object)

    def one(self, s: str, p: str) -> str:
        values = self.props.get(s, {}).get(p)
        return values[0].value if values else ""

    def all(self, s: str, p: str) -> list[str]:
        return [v.value for v in self.props.get(s, {}).get(p, [])]

    def of_type(self, cls: str) -> list[str]:
        return sorted(s for s, props in self.props.items() if any(o.value == cls for o in props.get(RDF + "type", [])))


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _number(text: str) -> str:
    """5000.0 → 5000 (decimals as a spreadsheet user writes them)."""
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text


def _labels(ix: _Index, iris: list[str]) -> str:
    return "；".join(sorted({ix.one(i, RDFS + "label") for i in iris}))


def tables(graph: BuiltGraph) -> dict[str, bytes]:
    ix = _Index(graph)
    task_rows = []
    for t in ix.of_type(ONT + "Task"):
        doc = ix.one(t, ONT + "inDocument")
        task_rows.append(
            (
                ix.one(doc, ONT + "sourceFile"),
                ix.one(doc, DCTERMS + "title"),
                int(ix.one(t, ONT + "ordinal") or 0),
                [
                    ix.one(doc, ONT + "sourceFile"),
                    ix.one(doc, DCTERMS + "title"),
                    ix.one(t, ONT + "path"),
                    ix.one(t, RDFS + "label"),
                    _labels(ix, ix.all(t, ONT + "leadAgency")),
                    _labels(ix, ix.all(t, ONT + "supportAgency")),
                    "；".join(sorted(ix.all(t, ONT + "responsibleText"))),
                    t,
                ],
            )
        )
    tasks = [r for *_, r in sorted(task_rows, key=lambda x: x[:3])]
    owner_of = {o.value: s for s, props in ix.props.items() for o in props.get(ONT + "hasTarget", [])}
    targets = []
    for x in ix.of_type(ONT + "Target"):
        doc = ix.one(x, PROV + "wasDerivedFrom")
        owner = owner_of.get(x, "")
        task = ix.one(owner, RDFS + "label") if ONT + "Task" in ix.all(owner, RDF + "type") else ""
        targets.append(
            [ix.one(doc, ONT + "sourceFile"), ix.one(doc, DCTERMS + "title"), task, ix.one(x, ONT + "metric")]
            + [_number(ix.one(x, ONT + p)) for p in ("value", "valueMax", "unit", "comparator", "targetYear")]
            + [ix.one(x, RDFS + "label"), x]
        )
    targets.sort(key=lambda r: (r[0], r[-1]))
    cites = []
    for s, props in ix.props.items():
        strong = {o.value for p in (ONT + "basedOn", ONT + "implements") for o in props.get(p, [])}
        for rel in ("cites", "basedOn", "implements"):
            for o in props.get(ONT + rel, []):
                if not isinstance(o, ox.NamedNode) or (rel == "cites" and o.value in strong):
                    continue
                doc = s if ix.one(s, ONT + "sourceFile") else ix.one(s, ONT + "inDocument")
                file = ix.one(doc, ONT + "sourceFile")
                if not file:
                    continue
                cited = o.value
                title = ix.one(cited, DCTERMS + "title") or ix.one(cited, RDFS + "label")
                in_corpus = "true" if ix.one(cited, ONT + "sourceFile") else "false"
                cites.append(
                    [file, ix.one(s, RDFS + "label"), rel, title, ix.one(cited, ONT + "docNumber"), in_corpus, cited]
                )
    cites.sort()
    return {
        "tasks.csv": _csv(
            ["file", "document", "path", "task", "lead_agencies", "support_agencies", "collective", "iri"], tasks
        ),
        "targets.csv": _csv(
            ["file", "document", "task", "metric", "value", "value_max", "unit", "comparator", "year", "text", "iri"],
            targets,
        ),
        "citations.csv": _csv(
            ["file", "citing", "relation", "cited_title", "cited_number", "in_corpus", "cited"], cites
        ),
    }
