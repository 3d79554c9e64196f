"""The store is bulk-loaded in batches (`kg.export.store.STORE_BATCH_BYTES`), so the
loader's memory does not grow with the corpus: any batch size gives the same store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.export import store as store_module

ROOT = Path(__file__).resolve().parent.parent


def test_batches_keep_every_chunk_in_order():
    chunks = [b"a" * 3, b"b" * 5, b"c" * 2, b"d" * 7]
    batches = list(store_module._batches(iter(chunks), 6))
    assert batches == [[b"aaa", b"bbbbb"], [b"cc", b"ddddddd"]]
    assert list(store_module._batches(iter([]), 6)) == []


def test_a_store_loaded_in_small_batches_holds_the_same_quads(tmp_path, monkeypatch):
    from kg.pipeline import BuildOptions, build

    def quads(out: Path) -> set[str]:
        st = ox.Store.read_only(str(out / "oxigraph"))
        return {str(q) for q in st}

    one = tmp_path / "one"
    build(BuildOptions(ROOT / "corpus", one, use_cache=False, validate=False, jobs=1))
    monkeypatch.setattr(store_module, "STORE_BATCH_BYTES", 4096)
    monkeypatch.setattr(store_module, "CHUNK_LINES", 7)  # the links and shared lines in many chunks
    many = tmp_path / "many"
    build(BuildOptions(ROOT / "corpus", many, use_cache=False, validate=False, jobs=1))
    got = quads(many)
    assert got == quads(one)
    assert len(got) > 2 * sum(1 for _ in (one / "graph.nt").open(encoding="utf-8"))  # named graphs and their union


def test_the_links_and_shared_lines_come_in_chunks_of_bounded_size(monkeypatch):
    """A chunk is never a batch of its own size: the links graph and the shared lines are
    cut into chunks of CHUNK_LINES lines, which hold every line once."""
    from types import SimpleNamespace

    monkeypatch.setattr(store_module, "CHUNK_LINES", 3)
    links = tuple(f"<s{i}> <p> <o> ." for i in range(7))
    shared = [f"<t{i}> <p> <o> ." for i in range(10)]
    view = SimpleNamespace(links=SimpleNamespace(shared=links, graph="g"), shared=shared)
    chunks = list(store_module._corpus_nquads(view))  # type: ignore[arg-type]
    lines = [line for chunk in chunks for line in chunk.decode().splitlines()]
    assert max(len(chunk.decode().splitlines()) for chunk in chunks) == 3
    assert lines == [f"<s{i}> <p> <o> <g> ." for i in range(7)] + shared
