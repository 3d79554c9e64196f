"""Export → parse is isomorphic whatever the names contain (quotes, backslashes,
newlines, >, control characters, lone surrogates), in every RDF format."""

from __future__ import annotations

import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.export import rdf
from kg.graph import build_graph
from kg.lexicon.gazetteer import load_gazetteer
from kg.model import AgencyRef, DocResult, Document, Facts, FileFormat, ProgramRef, Role, SourceText, Span, Task
from kg.vocab import DEFAULT_BASE

NASTY = st.text(
    alphabet=st.sampled_from(list('"\'\\<>&\n\r\t#{}@;,.:/') + ["\x00", "\x1f", "\x7f", "\ud800", "\udfff", "\u2028", "科", "技", "局", "《", "》", " "]),
    min_size=1,
    max_size=30,
)  # fmt: skip


def _result(title: str, task_label: str, agency: str, program: str) -> DocResult:
    facts = Facts(
        agencies=(AgencyRef(agency, agency, "140900", Role.LEAD, Span(0, 1), agency),),
        programs=(ProgramRef(program, program, False, Span(0, 1), program),),
    )
    task = Task(("一", "1"), task_label, task_label + "。", Span(0, 1), facts)
    doc = Document("main", title, None, (agency,), None, "140900", None, False, Span(0, 1), None, (task,))
    return DocResult(SourceText("x.txt", "", "0" * 64, "utf-8", FileFormat.TEXT), (doc,))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY, NASTY, NASTY, NASTY)
def test_export_parse_round_trip(title, task_label, agency, program):
    graph = build_graph([_result(title, task_label, agency, program)], load_gazetteer())
    base = DEFAULT_BASE
    reference = rdflib.Graph().parse(data=rdf.ntriples(graph).decode("utf-8"), format="nt")
    assert len(reference) == len(graph.triples())
    for data, fmt in ((rdf.turtle(graph, base), "turtle"), (rdf.jsonld(graph, base), "json-ld")):
        assert isomorphic(reference, rdflib.Graph().parse(data=data.decode("utf-8"), format=fmt)), fmt
    ds = rdflib.Dataset()
    ds.parse(data=rdf.trig(graph, base).decode("utf-8"), format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(reference, union)
