"""Work on every core (`kg.forking`, `kg.export.render_pool`): forked workers give the
same results, in the same order, as the build process would alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import forking
from kg.export.sections import Layout, Section, write_layout

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "graph.graphml",
           "tasks.csv", "targets.csv", "documents.csv", "agencies.csv", "citations.csv", "target_alignment.csv")  # fmt: skip

needs_fork = pytest.mark.skipif(not forking.can_fork(), reason="no fork on this system")


@needs_fork
def test_fork_map_keeps_order_and_runs_a_closure_in_other_processes(monkeypatch):
    monkeypatch.setattr(forking, "MIN_ITEMS", 1)
    offset = 1000  # a closure over build state: inherited by the workers, never pickled
    here = os.getpid()
    got = list(forking.fork_map(lambda i: (i + offset, os.getpid()), list(range(50)), workers=2, chunksize=3))
    assert [v for v, _ in got] == [i + 1000 for i in range(50)]
    assert all(pid != here for _, pid in got)


@needs_fork
def test_workers_collect_their_own_cycles_though_the_build_turned_the_collector_off(monkeypatch):
    """A build turns the cyclic collector off in its process (kg.pipeline); its forked
    workers turn it on again, with what they inherited frozen (kg.extraction.start_worker)."""
    import gc

    monkeypatch.setattr(forking, "MIN_ITEMS", 1)
    was = gc.isenabled()
    gc.disable()
    try:
        states = set(forking.fork_map(lambda _: (gc.isenabled(), gc.get_freeze_count() > 0), list(range(4)), workers=2))
    finally:
        if was:
            gc.enable()
    assert states == {(True, True)}


def test_fork_map_runs_here_below_the_threshold():
    here = os.getpid()
    assert list(forking.fork_map(lambda i: (i, os.getpid()), [1, 2], workers=2)) == [(1, here), (2, here)]


@needs_fork
def test_render_pool_writes_the_bytes_the_build_process_would(monkeypatch):
    from kg.export import render_pool

    monkeypatch.setattr(render_pool, "MIN_SECTIONS", 1)

    def layout() -> Layout:
        sections = [Section(f"k{i}", lambda i=i: f"<{i}:{os.getpid() > 0}>".encode()) for i in range(40)]
        return Layout("x", b"[", sections, footer=b"]", sep=b",")

    alone = layout().to_bytes()
    plan = [layout()]
    pool = render_pool.start_render_pool(plan, [(0, i) for i in range(40)], workers=2)
    assert pool is not None
    try:
        import io

        buf = io.BytesIO()
        write_layout(plan[0], buf, None)
    finally:
        pool.close()
    assert buf.getvalue() == alone


@needs_fork
def test_a_build_on_two_cores_equals_a_build_on_one(tmp_path, monkeypatch):
    """Partitions made in forked workers, which render their files' sections into
    spool files there: byte-identical exports, and no pool forked to render."""
    import kg.export as export
    from kg.export import render_pool, spool
    from kg.pipeline import BuildOptions, build

    one, two = tmp_path / "one", tmp_path / "two"
    build(BuildOptions(ROOT / "corpus", one, use_cache=False, validate=False, jobs=1))
    monkeypatch.setattr(forking, "MIN_ITEMS", 1)
    monkeypatch.setattr(render_pool, "MIN_SECTIONS", 1)
    monkeypatch.setattr(export, "PRERENDER_MAX", 0)
    pools = []  # each pool forked: the partitions' only
    real = forking.fork_pool
    monkeypatch.setattr(forking, "fork_pool", lambda n: pools.append(n) or real(n))
    monkeypatch.setattr(render_pool, "fork_pool", forking.fork_pool)
    spool_files = set()  # the spool files the sections were put in: one per process that rendered
    real_add = spool.SectionSpool.add
    monkeypatch.setattr(
        spool.SectionSpool, "add", lambda self, got: real_add(self, [spool_files.add(s.file) or s for s in got])
    )
    build(BuildOptions(ROOT / "corpus", two, use_cache=False, validate=False, jobs=2))
    assert pools == [2]
    assert spool_files and f"{os.getpid()}.spool" not in spool_files
    for name in EXPORTS:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


@needs_fork
def test_sections_missing_from_the_previous_files_are_rendered_on_every_core(tmp_path, monkeypatch):
    """Cached partitions are not made again, so their sections are not spooled: when an
    export file is gone, its sections are rendered by forked workers, as before."""
    import kg.export as export
    from kg.export import render_pool
    from kg.pipeline import BuildOptions, build

    clean, out = tmp_path / "clean", tmp_path / "out"
    build(BuildOptions(ROOT / "corpus", clean, use_cache=False, validate=False, jobs=1))
    build(BuildOptions(ROOT / "corpus", out, validate=False, jobs=1))
    (out / "graph.ttl").unlink()
    (out / "tasks.csv").write_bytes(b"edited by hand")
    monkeypatch.setattr(render_pool, "MIN_SECTIONS", 1)
    monkeypatch.setattr(export, "PRERENDER_MAX", 0)
    pools = []
    real = forking.fork_pool
    monkeypatch.setattr(render_pool, "fork_pool", lambda n: pools.append(n) or real(n))
    build(BuildOptions(ROOT / "corpus", out, validate=False, jobs=2))
    assert pools == [2]
    for name in EXPORTS:
        assert (clean / name).read_bytes() == (out / name).read_bytes(), name


def test_workers_send_back_slim_results_and_the_build_is_the_same(tmp_path):
    """With a cache, extraction workers put full results in it and send back slim ones
    with their task counts: the exports and the build's counts do not change."""
    from kg.cache import ResultCache
    from kg.extraction import extract_corpus
    from kg.model import DocResult
    from kg.pipeline import BuildOptions, build

    files = sorted((p, p.name) for p in (ROOT / "corpus").glob("*.txt"))
    counts: dict[str, int] = {}
    cache = ResultCache(tmp_path / "cache", "test")
    slim = extract_corpus(files, cache, 2, task_counts=counts)
    full = extract_corpus(files, None, 1)
    for s, f in zip(slim, full):
        assert isinstance(s, DocResult) and isinstance(f, DocResult)
        assert s.source.text == "" and cache.get(f.source.sha256, f.source.path) == f
        assert counts[f.source.path] == sum(len(d.tasks) for d in f.documents)
    plain, cached = tmp_path / "plain", tmp_path / "cached"
    one = build(BuildOptions(ROOT / "corpus", plain, use_cache=False, validate=False, jobs=1))
    two = build(BuildOptions(ROOT / "corpus", cached, validate=False, jobs=2))
    assert (one.documents, one.tasks) == (two.documents, two.tasks)
    for name in EXPORTS:
        assert (plain / name).read_bytes() == (cached / name).read_bytes(), name


@needs_fork
def test_workers_write_the_state_records_and_the_next_build_reads_them(tmp_path, monkeypatch):
    """The worker that makes a file's partition writes the file's state record; the
    build process keeps only its name, and the next build finds every record it names,
    equal to the records a one-core build writes (summaries and labels included)."""
    import kg.assemble as assemble
    from kg.export.sections import exporter_version
    from kg.extract import rules_version
    from kg.pipeline import BuildOptions, build
    from kg.state import load_state
    from kg.vocab import DEFAULT_BASE

    one, two, writers = tmp_path / "one", tmp_path / "two", tmp_path / "writers"
    writers.mkdir()
    build(BuildOptions(ROOT / "corpus", one, validate=False, jobs=1))
    monkeypatch.setattr(forking, "MIN_ITEMS", 1)
    real = assemble.write_record

    def write_record(folder, record):  # noqa: ANN001, ANN202
        (writers / str(os.getpid())).touch()
        return real(folder, record)

    monkeypatch.setattr(assemble, "write_record", write_record)
    build(BuildOptions(ROOT / "corpus", two, validate=False, jobs=2))
    pids = {p.name for p in writers.iterdir()}
    assert pids and str(os.getpid()) not in pids
    version = f"{rules_version()}:{assemble.graph_version()}:{exporter_version()}:{DEFAULT_BASE}"
    first, second = (load_state(out / ".cache", version) for out in (one, two))
    assert first.files and first.files.keys() == second.files.keys()
    for path, record in first.files.items():
        other = second.files[path]
        assert (record.sha256, record.tasks, record.slim, record.partition) == (
            other.sha256,
            other.tasks,
            other.slim,
            other.partition,
        )
        assert record.share == other.share
    assert any(r.share.alt_labels for r in first.files.values())
    assert any(r.share.summary.led for r in first.files.values())
    report = build(BuildOptions(ROOT / "corpus", two, validate=False, jobs=2))  # read back: nothing made again
    assert report.sections_rendered == 0
