"""Sections rendered where a file's partition is made (`kg.export.spool`): the same
sections the layouts hold, the same bytes once copied into an export file, the same
N-Quads for the store."""

from __future__ import annotations

import io

import pytest
from conftest import ROOT

from kg.export import file_sections, layouts
from kg.export.sections import LayoutWriter
from kg.export.spool import SectionSpool, store_key, store_nquads
from kg.export.store import _file_nquads
from kg.vocab import DEFAULT_BASE


@pytest.fixture(scope="module")
def view():
    from kg.extraction import extract_path
    from kg.graph import build_graph
    from kg.lexicon.gazetteer import load_gazetteer

    files = sorted((ROOT / "corpus").glob("*.txt"))[:4]
    results = [extract_path(path, path.name) for path in files]
    return build_graph(results, load_gazetteer(), DEFAULT_BASE)


def test_file_sections_are_the_sections_the_layouts_give_each_file(view):
    plan = {lay.name: lay for lay in layouts(view, DEFAULT_BASE)}
    for i, part in enumerate(view.partitions):
        got = file_sections(view, part, DEFAULT_BASE)
        assert {name for name, _ in got} == {name for name, lay in plan.items() if lay.sections}
        for name, section in got:
            assert section.key == plan[name].sections[i].key, name
            assert section.render() == plan[name].sections[i].render(), name


def _written(view, spool):
    """Every export file written with the given spool, as bytes."""
    out = {}
    for lay in layouts(view, DEFAULT_BASE):
        buf = io.BytesIO()
        writer = LayoutWriter(lay, buf, None, spool)
        writer.add(lay.sections)
        writer.add(lay.tail() if lay.tail else [])
        writer.finish()
        out[lay.name] = buf.getvalue()
    return out


def test_spooled_sections_copy_to_the_bytes_rendered_in_place(view, tmp_path):
    spool = SectionSpool(tmp_path / "spool", DEFAULT_BASE, have=set(), store=True)
    for part in view.partitions:
        spool.add(spool.render(view, part))
    try:
        # a file written to a real descriptor: the spooled sections are copied in the kernel
        for name, expected in _written(view, None).items():
            lay = next(lay for lay in layouts(view, DEFAULT_BASE) if lay.name == name)
            with open(tmp_path / name, "w+b") as fh:
                writer = LayoutWriter(lay, fh, None, spool)
                writer.add(lay.sections)
                writer.add(lay.tail() if lay.tail else [])
                writer.finish()
                assert lay.rendered == lay.n_sections
            assert (tmp_path / name).read_bytes() == expected, name
        # and the store's N-Quads, read from the spool
        assert b"".join(_file_nquads(view, spool)) == b"".join(_file_nquads(view))
        for part in view.partitions:
            assert spool.read(spool.get(store_key(part))) == store_nquads(view, part)
    finally:
        spool.close()


def test_sections_the_previous_files_hold_are_not_spooled(view, tmp_path):
    part = view.partitions[0]
    have = {section.key for _, section in file_sections(view, part, DEFAULT_BASE)}
    spool = SectionSpool(tmp_path / "spool", DEFAULT_BASE, have=have, store=False)
    try:
        assert spool.render(view, part) == []
        assert {s.key for s in spool.render(view, view.partitions[1])} == {
            section.key for _, section in file_sections(view, view.partitions[1], DEFAULT_BASE)
        }
    finally:
        spool.close()


def test_a_spool_is_inherited_by_forked_workers_never_pickled(tmp_path):
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(SectionSpool(tmp_path, DEFAULT_BASE, set(), store=False))


def test_a_file_is_parsed_once_for_all_its_sections(view, tmp_path, monkeypatch):
    """Every exporter reads a file's statements from one parse of its private and
    of its shared lines (`BuiltGraph.parsed`), and renders what it rendered from the
    lines themselves."""
    import kg.graph
    from kg.export import graphml, html, rdf
    from kg.export.tables import _file_index, document_rows, task_rows

    part = view.partitions[0]
    from_lines = {
        "ttl": rdf.turtle_body(view.private(part), DEFAULT_BASE),
        "jsonld": rdf.jsonld_body(view.private(part), DEFAULT_BASE),
        "page": html.page_part(view.private(part), DEFAULT_BASE),
        "graphml": graphml.graphml_body(view.private(part), lambda _: True, view.shared_of(part)),
    }
    parsed = []
    real = kg.graph.parse_lines
    monkeypatch.setattr(kg.graph, "parse_lines", lambda lines: parsed.append(len(lines)) or real(lines))
    view._parsed = None
    rendered = SectionSpool(tmp_path / "spool", DEFAULT_BASE, have=set(), store=False).render(view, part)
    assert len(rendered) == len(file_sections(view, part, DEFAULT_BASE))
    assert sorted(parsed) == sorted([len(view.private(part)), len(view.shared_of(part))])
    private, shared = view.parsed(part)
    assert rdf.turtle_body(private, DEFAULT_BASE) == from_lines["ttl"]
    assert rdf.jsonld_body(private, DEFAULT_BASE) == from_lines["jsonld"]
    assert html.page_part(private, DEFAULT_BASE) == from_lines["page"]
    assert graphml.graphml_body(private, lambda _: True, shared) == from_lines["graphml"]
    ix, own = _file_index(private, shared)
    assert document_rows(ix, own) and task_rows(ix, own)
