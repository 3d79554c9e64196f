"""Properties over random input: extraction never raises and spans stay in range."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract_source
from kg.ingest import decode_source
from kg.model import Span

# Text built from the genre's own pieces, shuffled, plus arbitrary Unicode.
PIECES = ["一、", "（一）", "1.", "（1）", "①", "第一章", "第一节", "关于印发《", "》的通知", "（代拟稿）", "市科技局",
          "牵头", "配合", "。", "，", "\n", "到2025年", "达到", "50家", "2021年4月9日", "晋政发〔2021〕15号", "目  录",
          "首页>", "（", "）", "“", "”", "\u3000", "\r\n"]  # fmt: skip
genre_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=80).map("".join)


def _spans(result):
    for doc in result.documents:
        yield doc.span
        for task in doc.tasks:
            yield task.span
            for kind in (task.facts.agencies, task.facts.targets, task.facts.programs, task.facts.citations):
                for fact in kind:
                    yield fact.span


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(genre_text, st.text(max_size=400)))
def test_extraction_never_raises_and_spans_are_in_range(text):
    raw = text.encode("utf-8", errors="surrogatepass")
    try:
        src = decode_source(raw, "x.txt", ".txt")
    except Exception as exc:  # noqa: BLE001
        from kg.errors import IngestError

        assert isinstance(exc, IngestError)
        return
    result = extract_source(src)
    for span in _spans(result):
        assert isinstance(span, Span)
        assert 0 <= span.start <= span.end <= len(src.text)
    for doc in result.documents:
        for task in doc.tasks:
            assert src.text[task.span.start : task.span.end] == task.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['\\', '"', "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\ud800", "科", "\\n", '\\"']) | st.text(max_size=3), max_size=30).map("".join))  # fmt: skip
def test_a_literal_reads_back_as_its_clean_text(text):
    """`kg.triples.literal` escapes what N-Triples must escape: any text, parsed back
    (strictly), is the text with the characters no RDF syntax carries dropped or replaced."""
    import pyoxigraph as ox

    from kg.triples import clean_text, literal

    line = f"<http://example.org/s> <http://example.org/p> {literal(text)} .\n"
    (triple,) = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object.value == clean_text(text)
    assert "\ud800" not in clean_text(text) and "\x00" not in clean_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>\"'\n\r\t ab市") | st.characters(), max_size=40))
def test_graphml_escapes_text_as_xml_sax_does(text):
    """GraphML escapes with its own two functions (saxutils' import costs a rebuild's
    start-up): the same bytes as ``xml.sax.saxutils`` for any text."""
    from xml.sax.saxutils import escape, quoteattr

    from kg.export import graphml

    assert graphml.escape(text) == escape(text)
    assert graphml.quoteattr(text) == quoteattr(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["doc-", "-t-", "-target-", "-incentive-", "-", "t", "一", "x", "1"]), max_size=12).map(
        "".join
    )
)
def test_the_owning_document_is_cut_at_the_first_marker_after_the_start(iri):
    """`owning_document` (one regex search) cuts an IRI where the first of the markers
    Iris mints with starts, after the IRI's first character: as a search for each
    marker would."""
    from kg.partition import owning_document

    cuts = [i for i in (iri.find(m, 1) for m in ("-t-", "-target-", "-incentive-")) if i > 0]
    assert owning_document(iri) == (iri[: min(cuts)] if cuts else iri)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=60))
def test_a_private_line_is_always_found_by_its_hash(lines):
    """`Partition.may_have_private` never says no for a line the partition holds (its
    hashes are a filter before an exact check: a false yes costs a read, a false no
    would keep a duplicate line in the union graph); a partition without private lines
    says no to every line."""
    from kg.partition import Partition, pack_hashes

    held = sorted(lines)
    part = Partition("f", "g", "", (), pack_hashes(held), len(held), 0, (), (), (), "d", ())
    assert all(part.may_have_private(line) for line in held)
    empty = Partition("f", "g", "", (), pack_hashes([]), 0, 0, (), (), (), "d", ())
    assert not any(empty.may_have_private(line) for line in held)


def _jsonld_by_dumps(lines, base):
    """The JSON-LD node objects as ``json.dumps`` writes them: what `jsonld_body` must give."""
    import json

    import pyoxigraph as ox

    from kg.export.rdf import _Curies
    from kg.graph import as_parsed
    from kg.vocab import RDF, XSD

    curie, nodes = _Curies(base), {}
    for subject, pred, obj in as_parsed(lines).rows:
        node = nodes.setdefault(subject, {"@id": curie[subject]})
        if pred == RDF + "type" and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(curie[obj.value])
            continue
        if isinstance(obj, ox.NamedNode):
            value = {"@id": curie[obj.value]}
        elif isinstance(obj, ox.BlankNode):
            value = {"@id": f"_:{obj.value}"}
        elif obj.language:
            value = {"@value": obj.value, "@language": obj.language}
        elif obj.datatype.value == XSD + "string":
            value = obj.value
        else:
            value = {"@value": obj.value, "@type": curie[obj.datatype.value]}
        node.setdefault(curie[pred], []).append(value)
    return ",\n".join(json.dumps(n, ensure_ascii=False, separators=(",", ":")) for n in nodes.values()).encode()


_ID = "https://w3id.org/policykg/id/"
_IRIS = [_ID + "doc-晋政发-2021-15号", _ID + "agency-140000-省科技厅", "https://w3id.org/policykg/ontology#Task",
         "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
         "https://w3id.org/policykg/ontology#value", "http://example.org/x\"y", "urn:x"]  # fmt: skip
_LITERALS = ['"科技"', '"5000"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"标题"@zh', '"a\\"b\\\\c\\n\\u0001"',
             '"2021-04-30"^^<http://www.w3.org/2001/XMLSchema#date>', '"x"@en-US', '"\\t"']  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([f"<{i}>" for i in _IRIS] + ["_:b1"]),
            st.sampled_from([f"<{i}>" for i in _IRIS]),
            st.sampled_from([f"<{i}>" for i in _IRIS] + _LITERALS + ["_:b2"]),
        ).map(" ".join),
        max_size=25,
    )
)
def test_jsonld_nodes_are_what_json_dumps_writes(triples):
    """`kg.export.rdf.jsonld_body` writes the node objects as text; they are byte for
    byte the ones json.dumps writes of the same dictionaries (keys in the order the
    lines give them, "@type" values apart, escaping as json's)."""
    from kg.export.rdf import jsonld_body
    from kg.vocab import DEFAULT_BASE

    lines = sorted({f"{t} .\n" for t in triples})
    assert jsonld_body(lines, DEFAULT_BASE) == _jsonld_by_dumps(lines, DEFAULT_BASE)


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_a_date_reads_the_same_in_chinese_numerals(day):
    """二〇二二年三月十五日 and 2022年3月15日 are one date."""
    from kg import patterns as P
    from kg.numerals import cn_to_int, int_to_cn

    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(c)] for c in str(day.year))
    written = f"{year}年{int_to_cn(day.month)}月{int_to_cn(day.day)}日"
    m = P.CN_DATE_RE.fullmatch(written)
    assert m is not None, written
    assert tuple(cn_to_int(m.group(k)) for k in (1, 2, 3)) == (day.year, day.month, day.day)
