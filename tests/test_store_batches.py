"""The store is bulk-loaded in batches (`kg.export.store.STORE_BATCH_BYTES`), so the
loader's memory does not grow with the corpus: any batch size gives the same store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import store as store_module

ROOT = Path(__file__).resolve().parent.parent


def test_batches_keep_every_chunk_in_order():
    chunks = [b"a" * 3, b"b" * 5, b"c" * 2, b"d" * 7]
    batches = list(store_module._batches(iter(chunks), 6))
    assert batches == [[b"aaa", b"bbbbb"], [b"cc", b"ddddddd"]]
    assert list(store_module._batches(iter([]), 6)) == []


@pytest.mark.parametrize("named", [False, True], ids=["union only", "named graphs"])
def test_a_store_loaded_in_small_batches_holds_the_same_quads(tmp_path, monkeypatch, named):
    from kg.pipeline import BuildOptions, build

    def quads(out: Path) -> set[str]:
        st = ox.Store.read_only(str(out / "oxigraph"))
        return {str(q) for q in st}

    one = tmp_path / "one"
    build(BuildOptions(ROOT / "corpus", one, use_cache=False, validate=False, jobs=1, named_graphs=named))
    monkeypatch.setattr(store_module, "STORE_BATCH_BYTES", 4096)
    monkeypatch.setattr(store_module, "CHUNK_LINES", 7)  # the links and shared lines in many chunks
    many = tmp_path / "many"
    build(BuildOptions(ROOT / "corpus", many, use_cache=False, validate=False, jobs=1, named_graphs=named))
    got = quads(many)
    assert got == quads(one)
    nt = ox.Store()  # (a store writes its literals in canonical form: compare a store's)
    nt.bulk_load(path=str(one / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    union = {str(q) for q in nt}
    if named:
        assert len(got) > 2 * len(union)  # named graphs and their union
    else:
        assert got == union  # the union, as the default graph


def test_the_links_and_shared_lines_come_in_chunks_of_bounded_size(monkeypatch):
    """A chunk is never a batch of its own size: the links graph and the shared lines are
    cut into chunks of CHUNK_LINES lines, which hold every line once."""
    from types import SimpleNamespace

    monkeypatch.setattr(store_module, "CHUNK_LINES", 3)
    links = tuple(f"<s{i}> <p> <o> ." for i in range(7))
    shared = [f"<t{i}> <p> <o> ." for i in range(10)]
    view = SimpleNamespace(links=SimpleNamespace(shared=links, graph="g"), shared=shared)
    chunks = list(store_module._corpus_nquads(view, named=True))  # type: ignore[arg-type]
    lines = [line for chunk in chunks for line in chunk.decode().splitlines()]
    assert max(len(chunk.decode().splitlines()) for chunk in chunks) == 3
    assert lines == [f"<s{i}> <p> <o> <g> ." for i in range(7)] + shared
    union_only = [line for chunk in store_module._corpus_nquads(view) for line in chunk.decode().splitlines()]  # type: ignore[arg-type]
    assert union_only == shared  # without named graphs the links graph is not loaded apart (its lines are shared lines)
