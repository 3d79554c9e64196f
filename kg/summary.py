"""Summary: what the corpus-wide tables and counts need from one file's graph, read once
when the file's partition is made and kept with it in the build state; the names of
agencies and regions in each group of shared lines, kept with the group; and the
summary statements written from them.

Two export sections sum over every file: the alignment of targets across levels
(`kg.align`: target_alignment.csv and the page's table) and the task counts of
agencies.csv.  Both read only a file's *private* lines (its tasks, targets and
documents), so each file's share is a pure function of its partition: computed by the
worker that makes the partition, reused with the partition, and joined by the build
process without reading any file's lines again.  A rebuild after one edit reads one
file's lines, not the corpus's.

The same shares give *summary statements* (see ontology/policy.ttl), so that questions
about counts read a few statements instead of aggregating every task:

- on each document, in its file's graph: ``ont:taskCount``, ``ont:targetCount`` (targets
  of its tasks) and ``ont:leadAgencyCount`` (distinct lead agencies of its tasks);
- in the links graph: ``ont:leadTaskCount`` / ``ont:supportTaskCount`` on agencies,
  ``ont:documentCount`` on programs (documents mentioning them, directly or through a
  task), ``ont:taskCount`` / ``ont:targetCount`` on industry clusters (tasks concerning
  the cluster that set targets, and those targets), one ``ont:CityWorkload`` node per
  agency and city (tasks it leads in documents of the city or its counties), and one
  ``ont:TargetAlignment`` node per pair of `kg.align` (a child region's target beside
  its parent region's).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.vocab import ONT, RDF, RDFS, Iris

if TYPE_CHECKING:
    from kg.align import Alignment, LevelTarget
    from kg.lexicon.gazetteer import Gazetteer
    from kg.partition import Partition
    from kg.state import Share
    from kg.triples import TripleWriter


@dataclass(frozen=True)
class FileSummary:
    """One file's share of the corpus-wide tables."""

    targets: tuple[LevelTarget, ...] = ()  # targets that can be aligned, by IRI
    led: tuple[tuple[str, int], ...] = ()  # (agency IRI, tasks it leads), by IRI
    supported: tuple[tuple[str, int], ...] = ()  # (agency IRI, tasks it supports), by IRI
    programs: tuple[tuple[str, str], ...] = ()  # (program IRI, document mentioning it), sorted
    clusters: tuple[tuple[str, int, int], ...] = ()  # (cluster IRI, tasks with targets, their targets)
    city_leads: tuple[tuple[str, str, int], ...] = ()  # (city code, agency IRI, tasks it leads there)


EMPTY_SUMMARY = FileSummary()


#: Predicates between two IRIs that the summaries read.
_RELATIONS = frozenset(
    ONT + p
    for p in (
        "leadAgency",
        "supportAgency",
        "hasTask",
        "hasTarget",
        "inDocument",
        "mentionsProgram",
        "concernsCluster",
        "jurisdiction",
    )
) | {RDF + "type"}


#: (subject, object) pairs by predicate IRI.
Relations = dict[str, list[tuple[str, str]]]


def relations(lines: Iterable[str]) -> Relations:
    """(subject, object) pairs by predicate, of the lines in `_RELATIONS` whose object is
    an IRI (read from the text: an IRI holds no ``> <``)."""
    out: Relations = {p: [] for p in _RELATIONS}
    for line in lines:
        if line.endswith("> ."):
            parts = line[1:-3].split("> <")
            if len(parts) == 3 and parts[1] in out:
                out[parts[1]].append((parts[0], parts[2]))
    return out


def summarise(
    private: Sequence[str], iris: Iris, rel: Relations | None = None, gaz: Gazetteer | None = None
) -> FileSummary:
    """The summary of a file's private lines (`rel`: their `relations`, when known; the
    tasks led per city need the gazetteer)."""
    from kg.align import read_targets
    from kg.extract.metric_concepts import load_metrics

    rel = relations(private) if rel is None else rel
    led = Counter(a for _, a in rel[ONT + "leadAgency"])
    supported = Counter(a for _, a in rel[ONT + "supportAgency"])
    docs = {s for s, o in rel[RDF + "type"] if o == ONT + "PolicyDocument"}
    tasks = {s for s, o in rel[RDF + "type"] if o == ONT + "Task"}
    doc_of = dict(rel[ONT + "inDocument"])
    programs = {(g, x) for x, g in rel[ONT + "mentionsProgram"] if x in docs}
    programs |= {(g, doc_of[x]) for x, g in rel[ONT + "mentionsProgram"] if x in doc_of}
    targets_of: dict[str, set[str]] = {}
    for t, target in rel[ONT + "hasTarget"]:
        targets_of.setdefault(t, set()).add(target)
    by_cluster: dict[str, tuple[set[str], set[str]]] = {}
    for t, c in rel[ONT + "concernsCluster"]:
        if t in tasks and t in targets_of:
            held = by_cluster.setdefault(c, (set(), set()))
            held[0].add(t)
            held[1].update(targets_of[t])
    city_leads: Counter[tuple[str, str]] = Counter()
    if gaz is not None:
        city_of = {d: _city(r, iris, gaz) for d, r in rel[ONT + "jurisdiction"] if d in docs}
        for t, a in set(rel[ONT + "leadAgency"]):
            city = city_of.get(doc_of.get(t, ""))
            if city is not None:
                city_leads[(city, a)] += 1
    return FileSummary(
        targets=tuple(read_targets(private, iris, load_metrics())),
        led=tuple(sorted(led.items())),
        supported=tuple(sorted(supported.items())),
        programs=tuple(sorted(programs)),
        clusters=tuple(sorted((c, len(ts), len(xs)) for c, (ts, xs) in by_cluster.items())),
        city_leads=tuple(sorted((c, a, n) for (c, a), n in city_leads.items())),
    )


def _city(region_iri: str, iris: Iris, gaz: Gazetteer) -> str | None:
    """The city whose tasks a jurisdiction's count in (the region itself when it is a city,
    its city when it is a county directly under one), as a region code."""
    prefix = iris.region("")
    region = gaz.get(region_iri[len(prefix) :]) if region_iri.startswith(prefix) else None
    if region is not None and region.level == "county":
        region = gaz.get(region.parent)
    return region.code if region is not None and region.level == "city" else None


def document_counts(private: Sequence[str], rel: Relations | None = None) -> list[str]:
    """The count statements of each document of a file's private lines (every document
    typed ont:PolicyDocument there, 0 when it has no tasks; `rel`: their `relations`)."""
    from kg.triples import literal

    rel = relations(private) if rel is None else rel
    tasks_of: dict[str, set[str]] = {}
    for d, t in rel[ONT + "hasTask"]:
        tasks_of.setdefault(d, set()).add(t)
    targets_of: dict[str, set[str]] = {}
    for t, x in rel[ONT + "hasTarget"]:
        targets_of.setdefault(t, set()).add(x)
    leads_of: dict[str, set[str]] = {}
    for t, a in rel[ONT + "leadAgency"]:
        leads_of.setdefault(t, set()).add(a)
    out = []
    for d in sorted({s for s, o in rel[RDF + "type"] if o == ONT + "PolicyDocument"}):
        tasks = tasks_of.get(d, set())
        targets = set().union(*(targets_of.get(t, set()) for t in tasks))
        leads = set().union(*(leads_of.get(t, set()) for t in tasks))
        for prop, n in (("taskCount", len(tasks)), ("targetCount", len(targets)), ("leadAgencyCount", len(leads))):
            out.append(f"<{d}> <{ONT}{prop}> {literal(n)} .")
    return out


@dataclass
class CorpusTotals:
    """Every file's summary, alt labels and cluster nodes, summed over the corpus: what
    the links graph's counts and labels, the alignment of targets and agencies.csv
    read.  Each partition is folded in once it is known (`add`), so the build process
    keeps these once for the corpus instead of once per file (see
    `kg.partition.Partition.without_totals`)."""

    led: Counter[str] = field(default_factory=Counter)  # agency IRI → tasks it leads
    supported: Counter[str] = field(default_factory=Counter)  # agency IRI → tasks it supports
    program_documents: dict[str, set[str]] = field(default_factory=dict)  # program IRI → documents mentioning it
    cluster_counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (cluster IRI, count property) → n
    city_leads: Counter[tuple[str, str]] = field(default_factory=Counter)  # (city code, agency IRI) → tasks led
    targets: list[LevelTarget] = field(default_factory=list)  # alignable targets, in the order added
    alt_labels: dict[str, set[str]] = field(default_factory=dict)  # node → skos:altLabel values
    clusters: set[str] = field(default_factory=set)  # nodes typed ont:IndustryCluster

    @classmethod
    def of(cls, parts: Iterable[Partition]) -> CorpusTotals:
        totals = cls()
        for part in parts:
            totals.add(part)
        return totals

    def add(self, part: Partition | Share) -> None:
        """Fold in one corpus file's partition or its share (its summary, alt labels and
        clusters; `kg.state.Share`)."""
        s = part.summary
        self.led.update(dict(s.led))
        self.supported.update(dict(s.supported))
        for g, d in s.programs:
            self.program_documents.setdefault(g, set()).add(d)
        for c, n_tasks, n_targets in s.clusters:
            self.cluster_counts[(c, "taskCount")] += n_tasks
            self.cluster_counts[(c, "targetCount")] += n_targets
        for city, a, n in s.city_leads:
            self.city_leads[(city, a)] += n
        self.targets.extend(s.targets)
        for node, label in part.alt_labels:
            self.alt_labels.setdefault(node, set()).add(label)
        self.clusters.update(part.clusters)

    def corpus_targets(self) -> list[LevelTarget]:
        """Every file's alignable targets, by IRI (as `read_targets` over all the lines)."""
        return sorted(self.targets, key=lambda t: t.iri)


@dataclass(frozen=True)
class TotalsKeys:
    """Digests of what the corpus-wide export sections are made of: the agencies' task
    counts (agencies.csv, with the shared lines' names) and the alignment rows
    (target_alignment.csv and the page's table).  They key those sections; a rebuild
    whose totals are the last build's takes them from the build state instead of
    aligning the targets again."""

    agencies: str
    alignment: str

    @classmethod
    def of(cls, totals: CorpusTotals, alignment: Sequence[Alignment]) -> TotalsKeys:
        counts = repr((sorted(totals.led.items()), sorted(totals.supported.items())))
        return cls(_text_digest(counts), _text_digest(repr(list(alignment))))


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def write_corpus_counts(w: TripleWriter, totals: CorpusTotals) -> None:
    """The corpus-wide count statements (in the links graph `w` writes)."""
    led, supported = totals.led, totals.supported
    for a in sorted(led.keys() | supported.keys()):
        w.add(a, ONT + "leadTaskCount", led[a])
        w.add(a, ONT + "supportTaskCount", supported[a])
    for g, docs in totals.program_documents.items():
        w.add(g, ONT + "documentCount", len(docs))
    for (c, prop), n in totals.cluster_counts.items():
        w.add(c, ONT + prop, n)
    for (city, a), n in totals.city_leads.items():
        node = f"{w.iris.base}workload-{hashlib.sha1(f'{a} {city}'.encode()).hexdigest()[:16]}"
        w.link(node, RDF + "type", ONT + "CityWorkload")
        w.link(node, ONT + "workloadAgency", a)
        w.link(node, ONT + "workloadRegion", w.iris.region(city))
        w.add(node, ONT + "leadTaskCount", n)


def write_alignments(w: TripleWriter, rows: Iterable[Alignment]) -> None:
    """One ont:TargetAlignment node per pair of `kg.align` (in the links graph)."""
    for a in rows:
        node = w.iris.base + "alignment-" + hashlib.sha1(f"{a.parent.iri} {a.child.iri}".encode()).hexdigest()[:16]
        w.link(node, RDF + "type", ONT + "TargetAlignment")
        w.link(node, ONT + "parentTarget", a.parent.iri)
        w.link(node, ONT + "childTarget", a.child.iri)
        w.link(node, ONT + "parentRegion", w.iris.region(a.parent.region))
        w.link(node, ONT + "childRegion", w.iris.region(a.child.region))
        w.add(node, ONT + "comparedValue", float(a.child_value))
        if a.share is not None:
            w.add(node, ONT + "share", round(a.share, 4))
        if a.equal_share is not None:
            w.add(node, ONT + "equalShare", round(a.equal_share, 4))
        if a.children_sum is not None:
            w.add(node, ONT + "childrenSum", float(round(a.children_sum, 6)))
        w.add(node, ONT + "alignmentFlag", a.flag.value)
        w.add(node, ONT + "alignmentReason", a.reason)


# ---------------------------------------------------------------------------
# Names in the shared lines
# ---------------------------------------------------------------------------

_TYPE = f"> <{RDF}type> <"
_NAMING = tuple(f"> <{p}> " for p in (RDFS + "label", ONT + "jurisdiction", ONT + "agencyKind", ONT + "regionCode"))


@dataclass(frozen=True)
class SharedNames:
    """The agencies and regions one group of shared lines describes (`kg.graph.SharedLines`
    keeps one per group, made when the group changes): what agencies.csv and the GraphML
    region names need, without reading every shared line of the corpus."""

    regions: tuple[tuple[str, str, str], ...] = ()  # (IRI, first label, first region code), by IRI
    agencies: tuple[tuple[str, str, str, str], ...] = ()  # (IRI, first label, first jurisdiction, first kind)
    documents: tuple[str, ...] = ()  # IRIs typed ont:PolicyDocument (titles only cited), sorted


def shared_names(lines: Sequence[str]) -> SharedNames:
    """The agencies and regions of one group of sorted shared lines (a node's lines are
    all in one group)."""
    typed = list(_typed(lines))
    regions = {subject for subject, kind in typed if kind == ONT + "Region"}
    agencies = {subject for subject, kind in typed if kind == ONT + "Agency"}
    documents = tuple(sorted({subject for subject, kind in typed if kind == ONT + "PolicyDocument"}))
    about = regions | agencies
    if not about:
        return SharedNames(documents=documents)
    from kg.graph import parse_lines

    wanted = [line for line in lines if line[1 : line.index(">")] in about and any(p in line for p in _NAMING)]
    first: dict[tuple[str, str], str] = {}
    for t in parse_lines(wanted):
        first.setdefault((t.subject.value, t.predicate.value), t.object.value)

    def one(node: str, prop: str) -> str:
        return first.get((node, prop), "")

    return SharedNames(
        regions=tuple((r, one(r, RDFS + "label"), one(r, ONT + "regionCode")) for r in sorted(regions)),
        agencies=tuple(
            (a, one(a, RDFS + "label"), one(a, ONT + "jurisdiction"), one(a, ONT + "agencyKind"))
            for a in sorted(agencies)
        ),
        documents=documents,
    )


def _typed(lines: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(subject, class IRI) of the rdf:type lines."""
    for line in lines:
        at = line.find(_TYPE)
        if at > 0:
            yield line[1:at], line[at + len(_TYPE) : line.rindex(">")]
