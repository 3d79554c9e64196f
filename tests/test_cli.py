"""The command line, as a user runs it: build a corpus folder, read the summary,
score against gold; bad files are skipped by name, never crash the build."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, GOLD

from kg.cli import main
from kg.pipeline import EXPORT_FILES


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("nested_request_notice_measures.txt", "web_page_notice.txt", "county_articles.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("kg, version")
    for cmd in ([], ["build"], ["eval"]):
        result = runner.invoke(main, [*cmd, "--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_build_writes_every_export(corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 files read" in result.output
    for name in EXPORT_FILES:
        assert (out / name).stat().st_size > 0, name
    written = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert written == {*EXPORT_FILES, "oxigraph"}  # the list names exactly what a build writes
    assert not list(out.glob(".staging-*"))


def test_bad_files_are_skipped_by_name(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (corpus / "notes.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped empty.txt: file is empty" in result.output
    assert "skipped image.txt: not a text file: looks like a PNG image" in result.output
    assert "skipped notes.xlsx: unsupported file type" in result.output
    assert "3 files read" in result.output


def test_nothing_buildable_exits_1(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "empty.txt").write_text("   ")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "nothing could be built" in result.output
    assert "empty.txt" in result.output


def test_usage_error_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing")])
    assert result.exit_code == 2


def test_second_build_uses_the_cache(corpus, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    runner.invoke(main, ["build", str(corpus), "-o", str(out)])
    first = (out / "graph.ttl").read_bytes()
    result = runner.invoke(main, ["build", str(corpus), "-o", str(out)])
    assert "(3 from cache)" in result.output
    assert (out / "graph.ttl").read_bytes() == first


def test_eval_requires_a_build(tmp_path):
    if not GOLD.is_dir():
        pytest.skip("no gold folder beside the project")
    result = CliRunner().invoke(main, ["eval", str(GOLD), "--exports", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no build found" in result.output


@pytest.fixture(scope="module")
def bundled_build(bundled):
    return bundled[0]


def test_eval_on_bundled_corpus_meets_the_bar(bundled_build):
    """The bars of issues 2 and 3 on the sample gold (F1 per kind)."""
    if not GOLD.is_dir():
        pytest.skip("no gold folder beside the project")
    from kg.eval import evaluate

    report = evaluate(GOLD, bundled_build)
    bars = {
        "tasks": 0.95, "doc.title": 0.95, "doc.number": 0.95, "doc.date": 0.95, "doc.period": 0.95,
        "doc.jurisdiction": 0.95, "agency.lead": 0.95, "agency.support": 0.90, "targets": 0.85,
        "targets.year": 0.90, "cited": 0.90, "programs": 0.70, "clusters": 0.70,
    }  # fmt: skip
    for kind, bar in bars.items():
        assert report.total[kind].f1 >= bar, (kind, report.total[kind])
    result = CliRunner().invoke(main, ["eval", str(GOLD), "--exports", str(bundled_build), "-v"])
    assert result.exit_code == 0
    assert "== 000_70eba105ec7cd892.txt" in result.output


def test_build_timings_lists_each_step(corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate", "--timings"])
    assert result.exit_code == 0, result.output
    steps = [line.split(" s  ", 1) for line in result.stderr.splitlines() if " s  " in line]
    seconds = [float(at) for at, _ in steps]
    names = [name for _, name in steps]
    assert names[0].endswith("3 changed; extraction started") and names[-1] == "done"
    assert any(n.startswith("partitions made") for n in names)
    assert seconds == sorted(seconds) and len(steps) >= 6
    assert " s  " not in result.stdout  # the summary stays alone on standard output


def test_counts_are_named_for_what_they_count(bundled):
    """The build summary, `kg stats` (text and JSON) and the page count the same things
    under the same names: documents read from the corpus apart from titles only cited,
    triples of the named graphs apart from statements of their union (issue 17)."""
    import json

    import pyoxigraph as ox

    out, summary = bundled
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    in_named = sum(1 for q in quads if isinstance(q.graph_name, ox.NamedNode))
    union = sum(1 for line in (out / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert in_named > union  # a statement in two graphs (a shared agency's label) counts twice in the graphs
    assert "9 documents in the corpus, 24 titles only cited" in summary
    assert f"{union} statements in the union graph" in summary
    runner = CliRunner()
    text = runner.invoke(main, ["stats", "--exports", str(out)]).output
    assert "9 documents in the corpus, 24 titles only cited (33 PolicyDocument nodes)" in text
    assert f"{in_named} triples in the 6 named graphs, {union} statements in their union" in text
    data = json.loads(runner.invoke(main, ["stats", "--exports", str(out), "--json"]).output)
    assert data["counts"] == {
        "documents_in_corpus": 9,
        "titles_only_cited": 24,
        "named_graphs": 6,
        "triples_in_named_graphs": in_named,
        "statements_in_union": union,
    }
    assert "triples" not in data  # the unnamed count is gone
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "documents in the corpus" in page and "titles only cited" in page


def test_watch_builds_once_the_other_build_releases_the_lock(corpus, tmp_path):
    """`kg watch` meets the lock of another build of its output folder: it waits and
    builds then, instead of giving up (issue 17)."""
    import threading

    from kg.lock import BuildLock
    from kg.pipeline import BuildOptions, build
    from kg.watch import when_unlocked

    out = tmp_path / "out"
    heard: list[str] = []
    lock = BuildLock(out).__enter__()
    releaser = threading.Timer(1.0, lock.__exit__, (None, None, None))
    releaser.start()
    try:
        report = when_unlocked(
            lambda: build(BuildOptions(corpus, out, validate=False, jobs=1)), wait=0.1, on_wait=heard.append
        )
    finally:
        releaser.join()
    assert report.documents > 0 and (out / "graph.nt").exists()
    assert len(heard) == 1 and "another build" in heard[0]


def test_kg_watch_waits_for_the_lock_and_then_builds(corpus, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import threading

    from kg.lock import BuildLock

    out = tmp_path / "out"
    lock = BuildLock(out).__enter__()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "kg.cli", "watch", str(corpus), "-o", str(out), "--interval", "0.2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    guard = threading.Timer(120, proc.kill)  # a line that never comes ends the read, not the test run
    guard.start()
    try:
        first = proc.stdout.readline()
        assert "another build" in first and "building when it is done" in first, first
        lock.__exit__(None, None, None)
        second = proc.stdout.readline()
        assert second.startswith(f"built {out}: ") and "watching" in second, second
    finally:
        guard.cancel()
        lock.__exit__(None, None, None)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_base_that_is_no_iri_is_a_usage_error_and_the_library_says_so_too(corpus, tmp_path):
    """Every IRI is minted as the base and a slug, so a valid base makes a valid graph
    (which the build then parses without checking each IRI, `kg.graph.parse_lines`)."""
    from kg.errors import KgError
    from kg.pipeline import BuildOptions, build
    from kg.vocab import Iris

    for bad in ("not an iri/", "relative/path/", "http://example.org/a<b/"):
        result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "o"), "--base", bad])
        assert result.exit_code == 2, result.output
        assert "--base" in result.output and "is not an absolute IRI" in result.output
        with pytest.raises(KgError, match="not an absolute IRI"):
            build(BuildOptions(corpus, tmp_path / "lib", base=bad))
        with pytest.raises(KgError):
            Iris(bad)
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("graph.*"))
    assert Iris("urn:example:kg:").base == "urn:example:kg:/"
