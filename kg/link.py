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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg import patterns as P
from kg.model import DocResult, Document
from kg.resolve import title_key
from kg.vocab import DCTERMS, ONT, PROV, RDF, RDFS

if TYPE_CHECKING:
    from kg.triples import TripleWriter

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


class _Documents:
    """A corpus document with its tasks and facts, from `linked` (a file's slim result,
    `kg.partition.slim`) when `results` hold only their documents' headers
    (`kg.partition.header`); the last file's only are held."""

    def __init__(self, linked: Callable[[str], DocResult] | None) -> None:
        self.linked = linked
        self.path: str | None = None
        self.docs: dict[str, Document] = {}

    def __call__(self, d: DocInfo) -> DocInfo:
        if self.linked is None:
            return d
        if d.path != self.path:
            self.path, self.docs = d.path, {x.key: x for x in self.linked(d.path).documents}
        return replace(d, doc=self.docs[d.doc.key])


def write_links(w: TripleWriter, results: list[DocResult], linked: Callable[[str], DocResult] | None = None) -> None:
    """The links of `results` (sorted by path); `linked(path)` gives a file's slim result
    when they are headers only (see `_Documents`)."""
    full = _Documents(linked)
    docs = _doc_infos(w, results)
    by_iri = {d.iri: d for d in docs}
    defined = _defined_in(w, docs, full)
    plans: dict[str | None, list[tuple[DocInfo, list[str]]]] = {}
    for plan in docs:  # province plans (and national ones), by province, with their strategy phrases
        if plan.rank <= 1 and plan.province is not None:
            plans.setdefault(plan.province, []).append((plan, strategy_phrases(plan.doc.title)))
    # the documents of a level above each level, in corpus order (named plans are
    # looked up among them)
    above = {rank: [o for o in docs if o.rank < rank] for rank in {d.rank for d in docs}}
    for d in docs:
        if d.doc.key.startswith("wrapper"):
            continue
        d = full(d)  # noqa: PLW2901 - the same document, with its tasks and facts
        _named_plans(w, d, above[d.rank])
        _plan_strategies(w, d, plans)
        for task in d.doc.tasks:
            for ref in task.facts.programs:
                parent = by_iri.get(defined.get(ref.key, ""))
                if parent and parent.iri != d.iri and parent.rank < d.rank and _same_province(d, parent):
                    if d.year is None or parent.year is None or d.year >= parent.year:
                        task_iri = w.iris.task(d.iri, task.path)
                        _implements(w, task_iri, parent.iri, "carries-out-program", ref.evidence, d.iri)


def _defined_in(w: TripleWriter, docs: list[DocInfo], full: Callable[[DocInfo], DocInfo]) -> dict[str, str]:
    """Program key → IRI of the document that defines it (and write ont:definedIn)."""
    claims: dict[str, list[DocInfo]] = {}
    for d in docs:
        doc = full(d).doc
        refs = list(doc.facts.programs) + [r for t in doc.tasks for r in t.facts.programs]
        for ref in refs:
            if ref.defined_here:
                claims.setdefault(ref.key, []).append(d)
    out = {}
    for key, ds in sorted(claims.items()):
        best = sorted(ds, key=lambda x: (x.rank, x.year or 9999, x.iri))[0]
        out[key] = best.iri
        w.link(w.iris.program(key), ONT + "definedIn", best.iri)
    return out


def _named_plans(w: TripleWriter, d: DocInfo, docs: list[DocInfo]) -> None:
    """`docs`: the corpus documents of a higher level than `d`'s, in corpus order."""
    for ref in d.doc.facts.strategies:
        core = P.comparable(ref.name)
        target = next(
            (
                o.iri
                for o in docs
                if o.iri != d.iri and o.rank < d.rank and _same_province(d, o) and core and core in o.title_key
            ),
            None,
        )
        if target is None:
            target = w.iris.doc(title_key(ref.name))
            w.link(target, RDF + "type", ONT + "PolicyDocument")
            w.add(target, DCTERMS + "title", ref.name)
            w.add(target, RDFS + "label", ref.name)
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
