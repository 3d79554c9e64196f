"""CSV tables for spreadsheet users and notebooks: documents, tasks (with lead and
support agencies), targets, agencies, citations.  UTF-8 with a BOM so that Excel opens
Chinese text correctly.  Each file's rows come from one pass over its named graph
(linear in the graph's size); agencies.csv counts over the whole corpus.

Every row carries what an analyst filters or groups by without a join: the document's
number (发文字号), date and region on tasks and targets, the task's number (its
`ont:path`) on targets, and the IRIs that join the tables (``document_iri``,
``task_iri``).  Year columns hold integers or nothing: pandas reads them as float
unless told ``dtype={"year": "Int64"}`` (`kg.api` does this)."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph, Parsed, SharedLines
from kg.partition import Partition
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS


class _Index:
    def __init__(self, *parsed: Parsed) -> None:
        self.props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for lines in parsed:
            for s, p, o in lines.rows:
                self.props[s][p].append(o)
        self._typed: dict[str, set[str]] | None = None  # class → its subjects (see `of_type`)

    def one(self, s: str, p: str) -> str:
        values = self.props.get(s, {}).get(p)
        return values[0].value if values else ""

    def all(self, s: str, p: str) -> list[str]:
        return [v.value for v in self.props.get(s, {}).get(p, [])]

    def of_type(self, cls: str, among: Iterable[str]) -> list[str]:
        """Those of `among` typed `cls`, sorted (the subjects of each class are found in
        one pass over the index, for every class a table asks for)."""
        if self._typed is None:
            self._typed = defaultdict(set)
            for s, props in self.props.items():
                for o in props.get(RDF + "type", ()):
                    self._typed[o.value].add(s)
        members = self._typed.get(cls, set())
        return sorted(s for s in among if s in members)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _number(text: str) -> str:
    """5000.0 → 5000 (decimals as a spreadsheet user writes them)."""
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text


def _year(text: str) -> str:
    """A year as an integer ("2025", never "2025.0"), or nothing."""
    text = _number(text.strip())
    return text if text.lstrip("-").isdigit() else ""


def _labels(ix: _Index, iris: list[str]) -> str:
    return "；".join(sorted({ix.one(i, RDFS + "label") for i in iris}))


DOCUMENT_HEADER = [
    "iri",
    "title",
    "number",
    "date",
    "region",
    "region_code",
    "level",
    "period_start",
    "period_end",
    "draft",
    "role",
    "file",
    "tasks",
    "targets",
]
TASK_HEADER = [
    "file",
    "document",
    "document_number",
    "document_date",
    "region",
    "path",
    "task",
    "lead_agencies",
    "support_agencies",
    "collective",
    "evidence",
    "iri",
    "document_iri",
]
TARGET_HEADER = [
    "file",
    "document",
    "region",
    "task_path",
    "task",
    "metric",
    "value",
    "value_max",
    "unit",
    "comparator",
    "year",
    "text",
    "iri",
    "task_iri",
    "document_iri",
]
AGENCY_HEADER = ["iri", "name", "jurisdiction", "jurisdiction_code", "kind", "led_tasks", "supported_tasks"]
CITATION_HEADER = ["file", "citing", "relation", "cited_title", "cited_number", "in_corpus", "cited"]


def _rows(rows: list[list[str]]) -> bytes:
    if not rows:
        return b""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _header(names: list[str]) -> bytes:
    return _csv(names, [])


def _file_index(private: Parsed, shared: Parsed) -> tuple[_Index, set[str]]:
    """An index of one file's named graph, and the subjects the file owns."""
    return _Index(private, shared), {row[0] for row in private.rows}


class _Doc:
    """What tasks and targets repeat about their document."""

    def __init__(self, ix: _Index, doc: str) -> None:
        region = ix.one(doc, ONT + "jurisdiction")
        self.file = ix.one(doc, ONT + "sourceFile")
        self.title = ix.one(doc, DCTERMS + "title")
        self.number = ix.one(doc, ONT + "docNumber")
        self.date = ix.one(doc, DCTERMS + "issued")
        self.region = ix.one(region, RDFS + "label") if region else ""
        self.region_code = ix.one(region, ONT + "regionCode") if region else ""
        self.level = ix.one(region, ONT + "adminLevel") if region else ""


def document_rows(ix: _Index, own: set[str]) -> bytes:
    """documents.csv rows of one corpus file: its documents (the ones it holds, not the
    ones it only cites), by IRI."""
    tasks: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    for t in ix.of_type(ONT + "Task", own):
        tasks[ix.one(t, ONT + "inDocument")] += 1
    for x in ix.of_type(ONT + "Target", own):
        targets[ix.one(x, PROV + "wasDerivedFrom")] += 1
    rows = []
    for d in ix.of_type(ONT + "PolicyDocument", own):
        doc = _Doc(ix, d)
        if not doc.file:
            continue
        rows.append(
            [d, doc.title, doc.number, doc.date, doc.region, doc.region_code, doc.level]
            + [_year(ix.one(d, ONT + p)) for p in ("periodStart", "periodEnd")]
            + [ix.one(d, ONT + "isDraft"), ix.one(d, ONT + "documentRole"), doc.file, str(tasks[d]), str(targets[d])]
        )
    return _rows(rows)


def task_rows(ix: _Index, own: set[str]) -> bytes:
    """tasks.csv rows of one corpus file: its tasks, by document then order."""
    task_rows = []
    docs: dict[str, _Doc] = {}
    for t in ix.of_type(ONT + "Task", own):
        d = ix.one(t, ONT + "inDocument")
        doc = docs.get(d) or docs.setdefault(d, _Doc(ix, d))
        task_rows.append(
            (
                doc.file,
                doc.title,
                int(ix.one(t, ONT + "ordinal") or 0),
                [
                    doc.file,
                    doc.title,
                    doc.number,
                    doc.date,
                    doc.region,
                    ix.one(t, ONT + "path"),
                    ix.one(t, RDFS + "label"),
                    _labels(ix, ix.all(t, ONT + "leadAgency")),
                    _labels(ix, ix.all(t, ONT + "supportAgency")),
                    "；".join(sorted(ix.all(t, ONT + "responsibleText"))),
                    ix.one(t, ONT + "evidence"),
                    t,
                    d,
                ],
            )
        )
    return _rows([r for *_, r in sorted(task_rows, key=lambda x: x[:3])])


def target_rows(ix: _Index, own: set[str]) -> bytes:
    """targets.csv rows of one corpus file."""
    owner_of = {o.value: s for s in own for o in ix.props.get(s, {}).get(ONT + "hasTarget", [])}
    targets = []
    docs: dict[str, _Doc] = {}
    for x in ix.of_type(ONT + "Target", own):
        d = ix.one(x, PROV + "wasDerivedFrom")
        doc = docs.get(d) or docs.setdefault(d, _Doc(ix, d))
        owner = owner_of.get(x, "")
        task = owner if ONT + "Task" in ix.all(owner, RDF + "type") else ""
        targets.append(
            [doc.file, doc.title, doc.region, ix.one(task, ONT + "path"), ix.one(task, RDFS + "label")]
            + [ix.one(x, ONT + "metric")]
            + [_number(ix.one(x, ONT + p)) for p in ("value", "valueMax", "unit", "comparator")]
            + [_year(ix.one(x, ONT + "targetYear")), ix.one(x, RDFS + "label"), x, task, d]
        )
    targets.sort(key=lambda r: (r[0], r[-3]))
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


def agency_rows(shared: SharedLines, led: Counter[str], supported: Counter[str]) -> bytes:
    """agencies.csv rows: every agency of the graph (its name, jurisdiction and kind, from
    the names each group of shared lines keeps) with the number of tasks it leads and
    supports (summed over the files' summaries, `kg.summary.CorpusTotals`), by IRI."""
    regions = {iri: (label, code) for names in shared.names for iri, label, code in names.regions}
    rows = []
    for names in shared.names:
        for a, label, region, kind in names.agencies:
            region_label, code = regions.get(region, ("", "")) if region else ("", "")
            rows.append([a, label, region_label, code, kind, str(led[a]), str(supported[a])])
    rows.sort()
    return _rows(rows)


#: The tables with a section per corpus file, and the kind of rows each holds.
FILE_TABLES = (("documents.csv", "documents"), ("tasks.csv", "tasks"), ("targets.csv", "targets"), ("citations.csv", "cites"))  # fmt: skip


def file_sections(view: BuiltGraph, p: Partition) -> dict[str, Section]:
    """A corpus file's section of each of `FILE_TABLES`, by file name.  Their rows come
    from one index of the file's graph, made when the first of them is rendered and
    dropped when the last has been (the tables may be written by different threads)."""
    v = exporter_version()
    pending: dict[str, bytes] = {}
    made = [False]
    lock = threading.Lock()

    def rows(kind: str) -> bytes:
        with lock:
            if not made[0]:
                ix, own = _file_index(*view.parsed(p))
                pending.update(
                    documents=document_rows(ix, own),
                    tasks=task_rows(ix, own),
                    targets=target_rows(ix, own),
                    cites=citation_rows(ix, own, view.corpus_doc),
                )
                made[0] = True
            return pending.pop(kind)

    cited = sorted({a for q, a in p.trace if q[0] in ("cited_iri", "find") and isinstance(a, str)})
    keys = {kind: section_key(v, kind, p.digest) for _, kind in FILE_TABLES}
    keys["cites"] = section_key(v, "cites", p.digest, repr([(c, view.corpus_doc(c)) for c in cited]))
    return {name: Section(keys[kind], lambda kind=kind: rows(kind)) for name, kind in FILE_TABLES}  # type: ignore[misc]


def layouts(view: BuiltGraph) -> list[Layout]:
    """documents.csv, tasks.csv, targets.csv and citations.csv: a section per corpus
    file; agencies.csv: one corpus-wide section."""
    v = exporter_version()
    per_file = [file_sections(view, p) for p in view.partitions]

    def agencies() -> list[Section]:
        # corpus-wide (a count sums over files): keyed by what its rows are made of, the
        # agencies' and regions' names and the counts, so an edit that changes neither
        # copies it
        from kg.assemble import graph_version

        # (the shared lines' names are read by `kg.summary`, part of the graph's code)
        names = repr([(n.regions, n.agencies) for n in view.shared.names]).encode("utf-8", "surrogatepass")
        key = section_key(
            v, graph_version(), "agencies", view.totals_keys().agencies, hashlib.sha256(names).hexdigest()
        )

        def render() -> bytes:
            totals = view.corpus_totals()
            return agency_rows(view.shared, totals.led, totals.supported)

        return [Section(key, render)]

    def column(name: str) -> list[Section]:
        return [sections[name] for sections in per_file]

    return [
        Layout("documents.csv", _header(DOCUMENT_HEADER), column("documents.csv")),
        Layout("tasks.csv", _header(TASK_HEADER), column("tasks.csv")),
        Layout("targets.csv", _header(TARGET_HEADER), column("targets.csv")),
        Layout("agencies.csv", _header(AGENCY_HEADER), [], tail=agencies),
        Layout("citations.csv", _header(CITATION_HEADER), column("citations.csv")),
    ]


def tables(graph: BuiltGraph) -> dict[str, bytes]:
    return {lay.name: lay.to_bytes() for lay in layouts(graph)}
