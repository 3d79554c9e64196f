"""File summaries and the names of shared groups (kg.summary): what the corpus-wide
tables read instead of every file's lines.  Each is checked against the lines it
summarises, read the long way."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import extract_text

from kg.align import read_targets
from kg.extract.metric_concepts import load_metrics
from kg.graph import SHARED_BUCKETS, SharedLines, build_graph, parse_lines
from kg.lexicon.gazetteer import load_gazetteer
from kg.summary import CorpusTotals, SharedNames, shared_names, summarise
from kg.vocab import ONT, Iris

FIXTURE = Path(__file__).parent / "fixtures" / "alignment"

#: An excerpt written for these tests: one task with a lead and a support body, and a target.
NOTICE = """南昌市人民政府办公厅关于印发南昌市科技创新行动方案的通知
洪府厅发〔2024〕12号
各县（区）人民政府，市政府各部门：
现将《南昌市科技创新行动方案》印发给你们，请认真贯彻执行。
南昌市科技创新行动方案
为贯彻落实《江西省科技强省建设规划》，制定本方案。
一、主要目标
到2025年，全市高新技术企业数量达到3000家。
二、重点任务
（一）培育科技企业。实施高新技术企业倍增计划。（市科技局牵头，市财政局、市税务局配合）
（二）建设创新平台。（市发展改革委负责）
"""


@pytest.fixture(scope="module")
def graph():
    results = [extract_text(p.read_text(encoding="utf-8"), p.name) for p in sorted(FIXTURE.glob("*.txt"))]
    results.append(extract_text(NOTICE, "notice.txt"))
    return build_graph(results, load_gazetteer())


def test_a_files_targets_are_those_read_from_its_lines(graph):
    metrics = load_metrics()
    for part in graph.partitions:
        assert list(part.summary.targets) == read_targets(part.private, Iris(), metrics)
    assert sum(len(p.summary.targets) for p in graph.partitions) >= 4


def test_the_corpus_targets_are_those_read_from_every_line(graph):
    every = [line for p in graph.partitions for line in p.private]
    assert CorpusTotals.of(graph.partitions).corpus_targets() == read_targets(every, Iris(), load_metrics())


def test_task_counts_are_the_lead_and_support_statements(graph):
    led: Counter[str] = Counter()
    supported: Counter[str] = Counter()
    for t in parse_lines([line for p in graph.partitions for line in p.private]):
        if t.predicate.value == ONT + "leadAgency":
            led[t.object.value] += 1
        elif t.predicate.value == ONT + "supportAgency":
            supported[t.object.value] += 1
    totals = CorpusTotals.of(graph.partitions)
    assert (totals.led, totals.supported) == (led, supported)
    assert sum(supported.values()) >= 2 and sum(led.values()) >= 2


def test_totals_fold_in_any_order_and_keep_each_label_once(graph):
    # the build folds partitions in as they come back from the workers: the totals
    # (and the links graph written from them) must not depend on that order
    forward, backward = CorpusTotals.of(graph.partitions), CorpusTotals.of(reversed(graph.partitions))
    assert forward.corpus_targets() == backward.corpus_targets()
    assert (forward.led, forward.supported, forward.cluster_counts, forward.city_leads) == (
        backward.led,
        backward.supported,
        backward.cluster_counts,
        backward.city_leads,
    )
    assert forward.program_documents == backward.program_documents and forward.alt_labels == backward.alt_labels
    pairs = {pair for p in graph.partitions for pair in p.alt_labels}
    assert {(n, x) for n, labels in forward.alt_labels.items() for x in labels} == pairs
    assert forward.clusters == {c for p in graph.partitions for c in p.clusters}


def test_a_partition_without_totals_keeps_what_the_build_reads_again(graph):
    part = next(p for p in graph.partitions if p.path == "notice.txt")
    lean = part.without_totals()
    assert (lean.summary, lean.alt_labels, lean.clusters) == (summarise((), Iris()), (), ())
    assert (lean.digest, lean.trace, lean.private_hashes, lean.n_private) == (
        part.digest,
        part.trace,
        part.private_hashes,
        part.n_private,
    )


def test_a_summary_is_a_pure_function_of_the_lines(graph):
    part = next(p for p in graph.partitions if p.path == "notice.txt")
    assert summarise(part.private, Iris(), gaz=load_gazetteer()) == part.summary
    assert summarise((), Iris()) == summarise([], Iris())


A = "https://example.org/agency-a"
R = "https://example.org/region-r"
GROUP = sorted(
    [
        f"<{A}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Agency> .",
        f'<{A}> <http://www.w3.org/2000/01/rdf-schema#label> "市科技局" .',
        f'<{A}> <http://www.w3.org/2004/02/skos/core#altLabel> "科技局" .',
        f"<{A}> <{ONT}jurisdiction> <{R}> .",
        f'<{A}> <{ONT}agencyKind> "department" .',
        f"<{R}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Region> .",
        f'<{R}> <http://www.w3.org/2000/01/rdf-schema#label> "南昌市" .',
        f'<{R}> <{ONT}regionCode> "360100" .',
        '<https://example.org/p> <http://www.w3.org/2000/01/rdf-schema#label> "某计划" .',
    ]
)


def test_shared_names_read_agencies_and_regions_of_a_group():
    names = shared_names(GROUP)
    assert names.agencies == ((A, "市科技局", R, "department"),)
    assert names.regions == ((R, "南昌市", "360100"),)
    assert shared_names([line for line in GROUP if "Agency>" not in line]).agencies == ()
    assert shared_names([]) == SharedNames()
    cited = f"<https://example.org/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}PolicyDocument> ."
    assert shared_names([cited]).documents == ("https://example.org/d",)
    assert shared_names(sorted([*GROUP, cited])).documents == ("https://example.org/d",)


def test_a_replaced_group_gets_new_names_and_equals_a_fresh_one(graph):
    lines = set(graph.shared)
    extra = {
        f'<{A}> <http://www.w3.org/2000/01/rdf-schema#label> "新机构" .',
        f"<{A}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Agency> .",
    }
    replaced = graph.shared.replaced(lines | extra)
    assert replaced == SharedLines.of(lines | extra)
    assert len(replaced.names) == SHARED_BUCKETS
    assert (A, "新机构", "", "") in [a for n in replaced.names for a in n.agencies]
    assert graph.shared.replaced(lines) is graph.shared


def test_region_names_cover_every_region_named_in_the_shared_lines(graph):
    regions = graph.shared.region_names()
    assert regions and "南昌市" in regions.values()
    typed = {t.subject.value for t in parse_lines(list(graph.shared)) if t.object.value == ONT + "Region"}
    assert set(regions) <= typed


# ---------------------------------------------------------------------------
# Summary statements equal the aggregates they stand for
# ---------------------------------------------------------------------------


def _store(graph):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(("\n".join(graph.triples()) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _rows(store, text: str) -> set[tuple]:
    from kg.vocab import PREFIXES

    return {tuple(None if v is None else v.value for v in row) for row in store.query(text, prefixes=dict(PREFIXES))}


def test_document_counts_equal_counting_the_tasks(graph):
    store = _store(graph)
    counted = _rows(
        store,
        """SELECT ?d (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT ?x) AS ?m) (COUNT(DISTINCT ?a) AS ?k) WHERE {
             ?d a ont:PolicyDocument ; ont:hasTask ?t .
             OPTIONAL { ?t ont:hasTarget ?x } OPTIONAL { ?t ont:leadAgency ?a } } GROUP BY ?d""",
    )
    written = _rows(
        store,
        """SELECT ?d ?n ?m ?k WHERE { ?d ont:taskCount ?n ; ont:targetCount ?m ; ont:leadAgencyCount ?k
             FILTER(?n > 0) }""",
    )
    assert written == counted
    assert ("2",) in {(n,) for _, n, _, k in written if k == "2"}  # the notice: two tasks, two lead bodies


def test_titles_only_cited_are_those_kg_stats_counts_on_the_store(graph):
    from kg.stats import document_counts

    in_corpus, cited = document_counts(_store(graph))
    assert cited == graph.titles_only_cited() > 0
    assert in_corpus == len(graph.directory)


def test_agency_program_and_cluster_counts_equal_counting(graph):
    store = _store(graph)
    led = _rows(store, "SELECT ?a (COUNT(DISTINCT ?t) AS ?n) { ?t ont:leadAgency ?a } GROUP BY ?a")
    assert led and led == _rows(store, "SELECT ?a ?n { ?a a ont:Agency ; ont:leadTaskCount ?n FILTER(?n > 0) }")
    supported = _rows(store, "SELECT ?a (COUNT(DISTINCT ?t) AS ?n) { ?t ont:supportAgency ?a } GROUP BY ?a")
    assert supported == _rows(store, "SELECT ?a ?n { ?a ont:supportTaskCount ?n FILTER(?n > 0) }")
    programs = _rows(
        store,
        """SELECT ?g (COUNT(DISTINCT ?d) AS ?n) { { ?d ont:mentionsProgram ?g ; a ont:PolicyDocument }
             UNION { ?x ont:mentionsProgram ?g ; ont:inDocument ?d } } GROUP BY ?g""",
    )
    assert programs and programs == _rows(store, "SELECT ?g ?n { ?g ont:documentCount ?n }")
    clusters = _rows(
        store,
        """SELECT ?c (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT ?x) AS ?m) {
             ?t a ont:Task ; ont:concernsCluster ?c ; ont:hasTarget ?x } GROUP BY ?c""",
    )
    assert clusters == _rows(
        store, "SELECT ?c ?n ?m { ?c a ont:IndustryCluster ; ont:taskCount ?n ; ont:targetCount ?m }"
    )


def test_alignment_nodes_are_the_pairs_of_kg_align(graph):
    from kg.partition import corpus_alignment

    pairs = {
        (a.parent.iri, a.child.iri, a.flag.value) for a in corpus_alignment(graph.corpus_totals(), load_gazetteer())
    }
    store = _store(graph)
    written = _rows(
        store,
        "SELECT ?p ?c ?f { ?x a ont:TargetAlignment ; ont:parentTarget ?p ; ont:childTarget ?c ; ont:alignmentFlag ?f }",
    )
    assert pairs and written == pairs


def test_city_workloads_equal_counting_tasks_in_a_city_and_its_counties(graph):
    store = _store(graph)
    counted = _rows(
        store,
        """SELECT ?c ?a (COUNT(DISTINCT ?t) AS ?n) WHERE {
             ?d ont:jurisdiction ?r .
             { ?r ont:adminLevel "city" BIND(?r AS ?c) }
             UNION { ?r ont:adminLevel "county" ; ont:withinRegion ?c . ?c ont:adminLevel "city" }
             ?t ont:inDocument ?d ; ont:leadAgency ?a } GROUP BY ?c ?a""",
    )
    written = _rows(
        store,
        "SELECT ?c ?a ?n { ?w a ont:CityWorkload ; ont:workloadRegion ?c ; ont:workloadAgency ?a ; ont:leadTaskCount ?n }",
    )
    assert counted and written == counted


def test_the_page_shows_counts_on_agencies_but_no_summary_nodes(graph):
    from kg.export.html import page_part

    part = page_part(list(graph.shared), Iris().base)
    strings = part["t"]
    subjects = {strings[n[0]] for n in part["n"]}
    assert not any(s.startswith(("workload-", "alignment-")) for s in subjects)
    assert "ont:leadTaskCount" in strings
    workloads = _rows(_store(graph), "SELECT ?w { ?w a ont:CityWorkload }")
    assert workloads  # there were some to leave out


def test_a_line_is_in_the_shared_lines_when_its_group_holds_it(graph):
    lines = list(graph.shared)
    assert lines and all(line in graph.shared for line in lines)
    assert lines[0].replace("> <", "> <x", 1) not in graph.shared
    assert "" not in graph.shared and None not in graph.shared
    assert set(SharedLines.of(lines[1:])) == set(lines[1:]) and lines[0] not in SharedLines.of(lines[1:])


def test_links_groups_are_the_lines_by_subject_each_sorted_whatever_the_order(graph):
    """kg.graph.grouped (the TriG blocks of the links graph): sorted or shuffled input,
    the same groups, each sorted, each subject's lines in one group."""
    import random
    import zlib

    from kg.graph import grouped, lines_digest
    from kg.partition import subject_of

    lines = sorted(graph.links.shared)
    shuffled = list(lines)
    random.Random(3).shuffle(shuffled)
    groups = grouped(lines)
    assert groups == grouped(shuffled) == grouped(tuple(lines))
    assert sorted(line for _, g in groups for line in g) == lines
    for digest, g in groups:
        assert list(g) == sorted(g) and digest == lines_digest(g)
        assert len({zlib.crc32(subject_of(x).encode()) % SHARED_BUCKETS for x in g}) == 1
    assert grouped([]) == []
