"""Link: corpus-wide relations between documents, computed from every file's results.

- ``ont:definedIn``: a program launched by several documents is defined by the
  highest-level (then earliest) one.
- ``ont:implements`` (parent policy), by rule, each also recorded as a qualified
  ``ont:ParentLink`` node (rule, evidence, source document) and as the sub-property
  ``ont:inferredImplements`` beside the plain triple, so one query finds every link
  and another tells how each was made:
    * ``named-parent-plan``: the purpose statement names a higher-level plan
      (按照自治区“科技兴蒙”行动…);
    * ``names-plan-strategy``: a city/county document names the strategy that a
      province plan of the same province sets out in its title, and is not older;
    * ``carries-out-program``: a task carries out a program defined by a
      higher-level document of the same province.
Never across provinces: a document of one province never implements another's.

`make_links` writes them into the ``links`` graph with the corpus-wide labels and the
summary statements made of the files' totals. A rebuild reuses each file's lines in it
while the corpus's headers and program definitions are unchanged (`FileLinks`), and
the lines made of the totals while the totals are, so only the edited files' slim
results are read.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import TYPE_CHECKING

from kg import patterns as P
from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult, Document
from kg.partition import Corpus, Partition, corpus_alignment, partition_digest
from kg.resolve import display_title, title_key
from kg.summary import CorpusTotals, write_alignments, write_corpus_counts
from kg.triples import TripleWriter
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS, Iris

if TYPE_CHECKING:
    from kg.align import Alignment

_LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}
#: Shortest title fragment that names a strategy (打造一流创新生态).
MIN_STRATEGY = 7


@dataclass(frozen=True)
class DocInfo:
    iri: str
    path: str
    doc: Document
    province: str | None
    rank: int
    year: int | None
    title_key: str  # identity form of the title (`kg.resolve.title_key`)


def _doc_infos(w: TripleWriter, results: list[DocResult]) -> list[DocInfo]:
    out = []
    for r in results:
        file_years = sorted(int(d.date[:4]) for d in r.documents if d.date)
        for d in r.documents:
            region = w.gaz.get(d.region)
            province = w.gaz.province_of(d.region)
            rank = _LEVEL_RANK.get(region.level, 2) if region else 0
            year = int(d.date[:4]) if d.date else (d.period[0] if d.period else (file_years[0] if file_years else None))
            out.append(
                DocInfo(
                    w.index.iri(r.source.path, d.key),
                    r.source.path,
                    d,
                    province.code if province else None,
                    rank,
                    year,
                    title_key(d.title),
                )
            )
    return out


def _same_province(a: DocInfo, b: DocInfo) -> bool:
    return b.province is None or a.province == b.province


#: The programs a file's documents define: (document key, program keys), one per document.
Claims = tuple[tuple[str, tuple[str, ...]], ...]


def defined_programs(result: DocResult) -> Claims:
    """The keys of the programs each document of `result` defines (``defined_here``),
    in its facts or its tasks: what `_defined_in` reads of a file."""
    out = []
    for d in result.documents:
        refs = list(d.facts.programs) + [r for t in d.tasks for r in t.facts.programs]
        out.append((d.key, tuple(sorted({r.key for r in refs if r.defined_here}))))
    return tuple(out)


@dataclass(frozen=True)
class LinkSource:
    """What the links graph reads of a corpus file besides its header: `slim(path)`, its
    slim result (`kg.partition.slim`; asked for only when the file's lines are made
    again), `claims(path)`, the programs its documents define (`defined_programs`),
    and `sha256(path)`, its content hash (the same hash, the same slim result)."""

    slim: Callable[[str], DocResult]
    claims: Callable[[str], Claims]
    sha256: Callable[[str], str]

    @classmethod
    def of(cls, results: list[DocResult]) -> LinkSource:
        """The source of slim (or full) `results` held in memory."""
        by_path = {r.source.path: r for r in results}
        return cls(by_path.__getitem__, lambda p: defined_programs(by_path[p]), lambda p: by_path[p].source.sha256)


@dataclass(frozen=True)
class FileLinks:
    """The lines the links graph wrote for each corpus file's documents (parent links,
    the plans they name), under a `context`: the digest of every document's header and
    of the programs' defining documents, all a file's lines read besides its own slim
    result.  A later build with the same context takes an unchanged file's lines from
    here instead of reading its slim result again."""

    context: str = ""
    files: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # path → (sha256, sorted lines)
    # the lines written from the corpus's totals (labels, counts, alignment nodes; see
    # `make_links`), which hold while the totals do
    totals: tuple[str, ...] | None = None


def write_links(w: TripleWriter, results: list[DocResult], source: LinkSource | None = None,
                before: FileLinks | None = None) -> FileLinks:  # fmt: skip
    """The links of `results` (sorted by path; headers are enough, see
    `kg.partition.header`, when `source` gives the rest; without it, `results` must be
    slim or full results).  Each file's documents' lines come from `before` when the
    context and the file are unchanged, else they are written again from its slim
    result; returns what the next build reads as `before`."""
    if source is None:
        source = LinkSource.of(results)
    docs = _doc_infos(w, results)
    by_iri = {d.iri: d for d in docs}
    claims = {r.source.path: dict(source.claims(r.source.path)) for r in results}
    defined = _defined_in(w, docs, claims)
    context = _context(docs, defined)
    kept = before.files if before is not None and before.context == context else {}
    plans: dict[str | None, list[tuple[DocInfo, list[str]]]] = {}
    for plan in docs:  # province plans (and national ones), by province, with their strategy phrases
        if plan.rank <= 1 and plan.province is not None:
            plans.setdefault(plan.province, []).append((plan, strategy_phrases(plan.doc.title)))
    above = _Above(docs)
    files: dict[str, tuple[str, tuple[str, ...]]] = {}
    for path, group in groupby(docs, key=lambda d: d.path):
        sha = source.sha256(path)
        old = kept.get(path)
        if old is not None and old[0] == sha:
            lines = old[1]
        else:
            fw = TripleWriter(w.iris, w.gaz, w.index, graph=w.graph)  # the file's lines alone
            own = {x.key: x for x in source.slim(path).documents}
            for d in group:
                if not d.doc.key.startswith("wrapper"):
                    _document_links(fw, replace(d, doc=own[d.doc.key]), above.of(d), plans, defined, by_iri)
            lines = tuple(sorted(fw.lines))
        w.lines.update(lines)
        files[path] = (sha, lines)
    return FileLinks(context, files)


class _Above:
    """The documents a document's named plans are looked up among (`_named_plans`):
    those of a higher level, of its province or national, in corpus order.  Kept per
    level and province, so that a lookup reads its province's documents, not the
    corpus's (at 10,000 documents the scan of the whole corpus for each named plan had
    made the links graph grow with the square of the corpus)."""

    def __init__(self, docs: list[DocInfo]) -> None:
        self._by_province: dict[str | None, list[tuple[int, DocInfo]]] = {}
        for at, d in enumerate(docs):
            self._by_province.setdefault(d.province, []).append((at, d))
        self._found: dict[tuple[int, str | None], list[DocInfo]] = {}

    def of(self, d: DocInfo) -> list[DocInfo]:
        key = (d.rank, d.province)
        found = self._found.get(key)
        if found is None:
            national = self._by_province.get(None, [])
            own = self._by_province.get(d.province, []) if d.province is not None else []
            found = self._found[key] = [o for _, o in heapq.merge(national, own, key=lambda x: x[0]) if o.rank < d.rank]
        return found


def _context(docs: list[DocInfo], defined: dict[str, str]) -> str:
    """Digest of what a document's links read besides its own slim result: every
    document's header as the links graph sees it, and which document defines each program."""
    h = hashlib.sha256()
    for d in docs:
        h.update(repr((d.iri, d.path, d.doc.key, d.doc.title, d.doc.date, d.doc.region, d.province, d.rank, d.year))
                 .encode("utf-8", "surrogatepass"))  # fmt: skip
    h.update(repr(sorted(defined.items())).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _document_links(w: TripleWriter, d: DocInfo, above: list[DocInfo],
                    plans: dict[str | None, list[tuple[DocInfo, list[str]]]], defined: dict[str, str],
                    by_iri: dict[str, DocInfo]) -> None:  # fmt: skip
    """The links of one document (`d` with its tasks and facts): the plans it names,
    the plans whose strategy it carries out, the programs of higher-level documents its
    tasks carry out."""
    _named_plans(w, d, above)
    _plan_strategies(w, d, plans)
    for task in d.doc.tasks:
        for ref in task.facts.programs:
            parent = by_iri.get(defined.get(ref.key, ""))
            if parent and parent.iri != d.iri and parent.rank < d.rank and _same_province(d, parent):
                if d.year is None or parent.year is None or d.year >= parent.year:
                    task_iri = w.iris.task(d.iri, task.path)
                    _implements(w, task_iri, parent.iri, "carries-out-program", ref.evidence, d.iri)


def _defined_in(w: TripleWriter, docs: list[DocInfo], claims: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, str]:
    """Program key → IRI of the document that defines it (and write ont:definedIn);
    `claims`: per file, per document key, the programs it defines (`defined_programs`)."""
    by_key: dict[str, list[DocInfo]] = {}
    for d in docs:
        for key in claims[d.path].get(d.doc.key, ()):
            by_key.setdefault(key, []).append(d)
    out = {}
    for key, ds in sorted(by_key.items()):
        best = sorted(ds, key=lambda x: (x.rank, x.year or 9999, x.iri))[0]
        out[key] = best.iri
        w.link(w.iris.program(key), ONT + "definedIn", best.iri)
    return out


def _named_plans(w: TripleWriter, d: DocInfo, docs: list[DocInfo]) -> None:
    """`docs`: the corpus documents of a higher level than `d`'s, national or of its
    province, in corpus order (`_Above.of`)."""
    for ref in d.doc.facts.strategies:
        core = P.comparable(ref.name)
        target = next((o.iri for o in docs if o.iri != d.iri and core and core in o.title_key), None)
        if target is None:
            target = w.iris.doc(title_key(ref.name))
            w.link(target, RDF + "type", ONT + "PolicyDocument")
            w.add(target, DCTERMS + "title", display_title(ref.name))
            w.add(target, RDFS + "label", display_title(ref.name))
            province = w.gaz.province_of(d.doc.region) if ref.region_level == "province" else None
            if province is not None:
                w.link(target, ONT + "jurisdiction", w.region(province.code) or "")
        _implements(w, d.iri, target, "named-parent-plan", ref.evidence, d.iri)


def strategy_phrases(title: str) -> list[str]:
    """Fragments of a plan title that name its strategy: 山西省“十四五”打造一流创新生态 实施…规划
    → 打造一流创新生态, …"""
    parts = [P.PLAN_TITLE_NOISE_RE.sub("", p) for p in P.SPACES_RE.split(title)]
    out = []
    for part in parts:
        for frag in part.replace("”", "“").split("“"):
            frag = P.comparable(frag)
            for r in ("省", "市", "自治区"):
                if r in frag[:6]:
                    frag = frag[frag.index(r) + len(r) :]
                    break
            if len(frag) >= MIN_STRATEGY:
                out.append(frag)
    return out


def _plan_strategies(w: TripleWriter, d: DocInfo, plans: dict[str | None, list[tuple[DocInfo, list[str]]]]) -> None:
    """`d` carries out the plans of its province whose strategy it names, of those
    issued by then the one in force for each strategy: a plan that a later one of the
    same strategy replaced (a revision, the next five-year plan) is not its parent."""
    if d.rank <= 1:
        return
    text = d.doc.title + "\n" + d.doc.preamble
    flat = None
    named: list[tuple[DocInfo, list[str]]] = []  # plans issued by then whose strategy `d` names
    for plan, phrases in plans.get(d.province, []):
        if plan.iri == d.iri:
            continue
        if d.year is None or plan.year is None or d.year < plan.year:
            continue
        if flat is None:
            flat = P.comparable(text)
        found = [phrase for phrase in phrases if phrase in flat]
        if found:
            named.append((plan, found))
    in_force: set[str] = set()  # IRIs of the plans `d` carries out
    for phrase in {phrase for _, found in named for phrase in found}:
        in_force.update(_latest([plan for plan, found in named if phrase in found]))
    for plan, found in named:
        if plan.iri not in in_force:
            continue  # replaced, for every strategy it names, by a later plan
        phrase = found[0]
        clauses = (m.group(0).strip() for m in P.CLAUSE_RE.finditer(text))
        evidence = next((s for s in clauses if phrase in P.comparable(s)), text[:200])
        _implements(w, d.iri, plan.iri, "names-plan-strategy", evidence, d.iri)


def _latest(plans: list[DocInfo]) -> set[str]:
    """IRIs of the last issued of `plans` (plans of one strategy): those of the latest
    year, and of those the latest dated when every one has a date (a plan of the same
    year without one is not told apart)."""
    year = max(p.year or 0 for p in plans)
    last = [p for p in plans if (p.year or 0) == year]
    if all(p.doc.date for p in last):
        date = max(p.doc.date or "" for p in last)
        last = [p for p in last if p.doc.date == date]
    return {p.iri for p in last}


def _implements(w: TripleWriter, subject: str, obj: str, rule: str, evidence: str, doc_iri: str) -> None:
    w.link(subject, ONT + "implements", obj)
    w.link(subject, ONT + "inferredImplements", obj)
    node = w.iris.link(subject, obj, rule)
    w.link(node, RDF + "type", ONT + "ParentLink")
    w.link(node, ONT + "linkFrom", subject)
    w.link(node, ONT + "linkTo", obj)
    w.add(node, ONT + "rule", rule)
    w.add(node, ONT + "evidence", evidence)
    w.link(node, PROV + "wasDerivedFrom", doc_iri)


# ---------------------------------------------------------------------------
# The links graph
# ---------------------------------------------------------------------------


def make_links(
    results: list[DocResult],
    corpus: Corpus,
    iris: Iris,
    gaz: Gazetteer,
    totals: CorpusTotals | Callable[[], CorpusTotals],
    alignment: Sequence[Alignment] | None = None,
    before: Partition | None = None,
    source: LinkSource | None = None,
    files_before: FileLinks | None = None,
    totals_hold: bool = False,
) -> tuple[Partition, FileLinks]:
    """The ``links`` graph: definedIn, parent links, corpus-wide labels and the summary
    statements (`kg.summary`), from the files' `totals` (or the function that sums
    them, called only if they are needed); `alignment` is
    `corpus_alignment(totals, gaz)` when the caller has it; `before`, the last build's
    links graph, makes sorting the new lines cheap when they are much the same, and is
    returned itself when they are all the same.
    When `results` are headers only (`kg.partition.header`), `source` gives the rest of
    each file (`LinkSource`).  Each file's documents' lines are taken from `files_before`
    (the last build's) where they still hold, and so are the lines written from the
    totals when the caller knows they are the last build's (`totals_hold`); returns the
    graph and those lines."""
    from kg.graph_facts import write_corpus_labels

    g = iris.links_graph()
    w = TripleWriter(iris, gaz, corpus, graph=g)
    files = write_links(w, sorted(results, key=lambda r: r.source.path), source, files_before)
    kept = files_before.totals if files_before is not None and totals_hold else None
    if kept is None:
        # labels, counts and alignment nodes: a writer of their own, which knows the
        # alt labels and clusters the files wrote (the links written above add none)
        totals = totals() if callable(totals) else totals
        t = TripleWriter(iris, gaz, corpus, graph=g)
        for node, labels in totals.alt_labels.items():
            t.alt_labels[node] = set(labels)
        t.typed[ONT + "IndustryCluster"] = set(totals.clusters)
        write_corpus_labels(t)
        write_corpus_counts(t, totals)
        write_alignments(t, corpus_alignment(totals, gaz) if alignment is None else alignment)
        kept = tuple(sorted(t.lines))
    w.lines.update(kept)
    files = replace(files, totals=kept)
    previous = before.shared or () if before is not None and before.graph == g else ()
    lines = sorted_like(w.lines, previous)
    if before is not None and lines is previous:
        return before, files
    return Partition("links", g, "", lines, b"", 0, len(lines), (), (), (), partition_digest((), lines), ()), files


def sorted_like(lines: set[str], before: Sequence[str]) -> tuple[str, ...]:
    """`lines` sorted, given `before`, sorted lines without repeats (the last build's)
    that hold most of them: those of `before` still in `lines`, in their order, and the
    others sorted, merged (two sorted runs: one linear pass) instead of sorting the
    whole set again."""
    kept = [line for line in before if line in lines]
    if len(kept) == len(lines):
        return before if len(kept) == len(before) and isinstance(before, tuple) else tuple(kept)
    added = sorted(lines.difference(kept)) if kept else sorted(lines)
    return tuple(sorted(kept + added))
