"""CSV tables for spreadsheet users: tasks (with lead and support agencies), targets,
citations.  UTF-8 with a BOM so that Excel opens Chinese text correctly.  Built in one
pass over the triples (linear in the graph's size)."""

from __future__ import annotations

import csv
import io
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence

import pyoxigraph as ox

from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph, parse_lines
from kg.partition import Partition, subject_of
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS


class _Index:
    def __init__(self, lines: Sequence[str]) -> None:
        self.props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for t in parse_lines(lines):
            self.props[t.subject.value][t.predicate.value].append(t.object)

    def one(self, s: str, p: str) -> str:
        values = self.props.get(s, {}).get(p)
        return values[0].value if values else ""

    def all(self, s: str, p: str) -> list[str]:
        return [v.value for v in self.props.get(s, {}).get(p, [])]

    def of_type(self, cls: str, among: set[str]) -> list[str]:
        return sorted(s for s in among if any(o.value == cls for o in self.props.get(s, {}).get(RDF + "type", [])))


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


TASK_HEADER = ["file", "document", "path", "task", "lead_agencies", "support_agencies", "collective", "iri"]
TARGET_HEADER = [
    "file",
    "document",
    "task",
    "metric",
    "value",
    "value_max",
    "unit",
    "comparator",
    "year",
    "text",
    "iri",
]
CITATION_HEADER = ["file", "citing", "relation", "cited_title", "cited_number", "in_corpus", "cited"]


def _rows(rows: list[list[str]]) -> bytes:
    if not rows:
        return b""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _header(names: list[str]) -> bytes:
    return _csv(names, [])


def _file_index(private: Sequence[str], shared: Sequence[str]) -> tuple[_Index, set[str]]:
    """An index of one file's named graph, and the subjects the file owns."""
    return _Index([*private, *shared]), {subject_of(line) for line in private}


def task_rows(ix: _Index, own: set[str]) -> bytes:
    """tasks.csv rows of one corpus file: its tasks, by document then order."""
    task_rows = []
    for t in ix.of_type(ONT + "Task", own):
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
    return _rows([r for *_, r in sorted(task_rows, key=lambda x: x[:3])])


def target_rows(ix: _Index, own: set[str]) -> bytes:
    """targets.csv rows of one corpus file."""
    owner_of = {o.value: s for s in own for o in ix.props.get(s, {}).get(ONT + "hasTarget", [])}
    targets = []
    for x in ix.of_type(ONT + "Target", own):
        doc = ix.one(x, PROV + "wasDerivedFrom")
        owner = owner_of.get(x, "")
        task = ix.one(owner, RDFS + "label") if ONT + "Task" in ix.all(owner, RDF + "type") else ""
        targets.append(
            [ix.one(doc, ONT + "sourceFile"), ix.one(doc, DCTERMS + "title"), task, ix.one(x, ONT + "metric")]
            + [_number(ix.one(x, ONT + p)) for p in ("value", "valueMax", "unit", "comparator", "targetYear")]
            + [ix.one(x, RDFS + "label"), x]
        )
    targets.sort(key=lambda r: (r[0], r[-1]))
    return _rows(targets)


def citation_rows(ix: _Index, own: set[str], corpus_doc: Callable[[str], tuple[str, str] | None]) -> bytes:
    """citations.csv rows of one corpus file: the citations its documents and tasks
    make (`corpus_doc(iri)` gives the title and number of a cited corpus document)."""
    cites = []
    for s in own:
        props = ix.props.get(s, {})
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
                known = corpus_doc(cited)
                if known is not None:
                    title, number, in_corpus = known[0], known[1], "true"
                else:
                    title = ix.one(cited, DCTERMS + "title") or ix.one(cited, RDFS + "label")
                    number, in_corpus = ix.one(cited, ONT + "docNumber"), "false"
                cites.append([file, ix.one(s, RDFS + "label"), rel, title, number, in_corpus, cited])
    cites.sort()
    return _rows(cites)


def layouts(view: BuiltGraph) -> list[Layout]:
    """tasks.csv, targets.csv and citations.csv: a section per corpus file."""
    v = exporter_version()

    def cited_key(p: Partition) -> str:
        cited = sorted({a for q, a in p.trace if q[0] in ("cited_iri", "find") and isinstance(a, str)})
        return repr([(c, view.corpus_doc(c)) for c in cited])

    # The three tables of a file come from one index of its graph, made once: rows wait
    # here until their table's section is written (the tables may be written by
    # different threads).
    pending: dict[str, dict[str, bytes]] = {}
    lock = threading.Lock()

    def rows(p: Partition, kind: str) -> bytes:
        with lock:
            if p.digest not in pending or kind not in pending[p.digest]:
                ix, own = _file_index(view.private(p), view.shared_of(p))
                pending[p.digest] = {
                    "tasks": task_rows(ix, own),
                    "targets": target_rows(ix, own),
                    "cites": citation_rows(ix, own, view.corpus_doc),
                }
            out = pending[p.digest].pop(kind)
            if not pending[p.digest]:
                del pending[p.digest]
            return out

    tasks = [Section(section_key(v, "tasks", p.digest), lambda p=p: rows(p, "tasks")) for p in view.partitions]
    targets = [Section(section_key(v, "targets", p.digest), lambda p=p: rows(p, "targets")) for p in view.partitions]
    cites = [
        Section(section_key(v, "cites", p.digest, cited_key(p)), lambda p=p: rows(p, "cites")) for p in view.partitions
    ]
    return [
        Layout("tasks.csv", _header(TASK_HEADER), tasks),  # type: ignore[misc]
        Layout("targets.csv", _header(TARGET_HEADER), targets),  # type: ignore[misc]
        Layout("citations.csv", _header(CITATION_HEADER), cites),  # type: ignore[misc]
    ]


def tables(graph: BuiltGraph) -> dict[str, bytes]:
    return {lay.name: lay.to_bytes() for lay in layouts(graph)}
