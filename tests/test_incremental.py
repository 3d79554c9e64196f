"""Incremental builds, crash safety, the lock, kg diff, kg stats and kg watch (issue 7)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.lock import BuildLock
from kg.pipeline import BuildOptions, build

EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "graph.graphml", "documents.csv", "tasks.csv", "targets.csv", "agencies.csv", "citations.csv", "build.json")  # fmt: skip


def exports_of(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORTS}


def clean_build(corpus: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / f"clean-{time.monotonic_ns()}"
    build(BuildOptions(corpus, out, use_cache=False, validate=False, jobs=1))
    return exports_of(out)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def run_build(corpus: Path, out: Path, named_graphs: bool = False):
    return build(BuildOptions(corpus, out, validate=False, jobs=1, named_graphs=named_graphs))


def test_edit_one_file_reextracts_only_it(corpus, tmp_path):
    out = tmp_path / "out"
    first = run_build(corpus, out)
    assert first.extracted == 5
    f = corpus / "000_70eba105ec7cd892.txt"
    f.write_text(
        f.read_text(encoding="utf-8").replace("培育申报省级新型研发机构3家", "培育申报省级新型研发机构4家"),
        encoding="utf-8",
    )
    second = run_build(corpus, out)
    assert (second.extracted, second.from_cache) == (1, 4)
    assert exports_of(out) == clean_build(corpus, tmp_path)


COUNT_PER_GRAPH = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
)


def store_answers(out: Path) -> tuple[list, list]:
    """The store's statements per graph (the default graph's as None), and its default graph."""
    store = ox.Store.read_only(str(out / "oxigraph"))
    try:
        per_graph = [tuple(str(v) for v in row) for row in store.query(COUNT_PER_GRAPH)]
        return per_graph, sorted(str(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    finally:
        del store


@pytest.mark.parametrize("named", [False, True], ids=["union only", "named graphs"])
def test_unchanged_sections_are_copied_and_the_store_patched(corpus, tmp_path, named):
    out = tmp_path / "out"
    first = run_build(corpus, out, named)
    assert first.sections_rendered == first.sections
    f = corpus / "004_f43f8475c3cf51c9.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("2025年", "2026年"), encoding="utf-8")
    second = run_build(corpus, out, named)
    assert second.extracted == 1
    # one file's section in each of nine files, plus the shared and links sections
    assert second.sections_rendered <= 9 + 6 < second.sections
    clean = tmp_path / "clean"
    build(BuildOptions(corpus, clean, use_cache=False, validate=False, jobs=1, named_graphs=named))
    patched, fresh = store_answers(out), store_answers(clean)
    assert patched == fresh
    assert len(patched[0]) == (7 if named else 1)  # five files' graphs and the links graph, and the default graph


def test_the_store_follows_the_named_graphs_option_between_builds(corpus, tmp_path):
    """A rebuild asked for the other choice writes the store afresh (a patch of the last
    store would keep or lack the named graphs); the exports are the same either way."""
    out = tmp_path / "out"
    run_build(corpus, out)
    union_only = exports_of(out), store_answers(out)
    run_build(corpus, out, named_graphs=True)
    named = exports_of(out), store_answers(out)
    assert len(named[1][0]) == 7 and named[1][1] == union_only[1][1]
    run_build(corpus, out)
    assert (exports_of(out), store_answers(out)) == union_only
    assert named[0] == union_only[0]


@pytest.mark.parametrize("named", [False, True], ids=["union only", "named graphs"])
def test_delete_rename_add(corpus, tmp_path, named):
    out = tmp_path / "out"
    run_build(corpus, out, named)
    (corpus / "001_fbe89765edcef04c.txt").unlink()
    (corpus / "002_9e2a620f0885846b.txt").rename(corpus / "renamed.txt")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "new.txt").write_text(
        "2022年太原市科技创新工作要点\n一、强化平台\n1.建设重点实验室。新建市级重点实验室5个。（市科技局负责）\n",
        encoding="utf-8",
    )
    report = run_build(corpus, out, named)
    assert report.extracted == 1  # the renamed file's content is cached; only the new file is read
    files = {
        t.object.value
        for t in ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value.endswith("#sourceFile")
    }
    assert files == {
        "000_70eba105ec7cd892.txt",
        "renamed.txt",
        "003_891e6112dde08fb9.txt",
        "004_f43f8475c3cf51c9.txt",
        "sub/new.txt",
    }
    assert exports_of(out) == clean_build(corpus, tmp_path)
    clean = tmp_path / "clean-store"
    build(BuildOptions(corpus, clean, use_cache=False, validate=False, jobs=1, named_graphs=named))
    assert store_answers(out) == store_answers(clean)  # the patched store: the removed file's lines left it


def test_corrupt_cache_entry_is_rebuilt(corpus, tmp_path):
    out = tmp_path / "out"
    run_build(corpus, out)
    entries = sorted((out / ".cache").glob("*/*.pickle"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:-40] + b"garbage")
    entries[1].write_bytes(b"")
    state = out / ".cache" / "state.pickle"
    state.write_bytes(state.read_bytes()[:-40] + b"garbage")
    report = run_build(corpus, out)
    assert report.extracted == 2
    assert exports_of(out) == clean_build(corpus, tmp_path)


def test_an_edit_writes_one_record_and_a_damaged_record_is_made_again(corpus, tmp_path):
    """The state keeps a record per corpus file (kg.state): an edit writes the edited
    file's record only and removes its old one; a damaged or missing record leaves
    that file out of the state, and the build is still the clean one."""
    out = tmp_path / "out"
    run_build(corpus, out)
    records = lambda: {p.name: p.stat().st_mtime_ns for p in (out / ".cache" / "records").glob("*/*.pickle")}  # noqa: E731
    before = records()
    assert len(before) == 5
    edit = corpus / "004_f43f8475c3cf51c9.txt"
    edit.write_text(edit.read_text(encoding="utf-8").replace("2025年", "2026年"), encoding="utf-8")
    run_build(corpus, out)
    after = records()
    assert len(after) == 5 and len(after.keys() - before.keys()) == 1
    assert all(after[name] == before[name] for name in after.keys() & before.keys())
    damaged, missing = sorted((out / ".cache" / "records").glob("*/*.pickle"))[:2]
    damaged.write_bytes(damaged.read_bytes()[:-20] + b"x" * 20)
    missing.unlink()
    edit.write_text(edit.read_text(encoding="utf-8").replace("2026年", "2027年"), encoding="utf-8")
    run_build(corpus, out)
    assert exports_of(out) == clean_build(corpus, tmp_path)
    assert len(records()) == 5
    for record in (out / ".cache" / "records").glob("*/*.pickle"):  # the damaged one written again
        assert hashlib.sha256(record.read_bytes()).hexdigest()[:32] == record.stem


def _damage_parts(out: Path) -> None:
    parts = sorted((out / ".cache" / "parts").glob("*/*.pickle"))
    assert len(parts) == 5
    parts[0].write_bytes(parts[0].read_bytes()[:-10] + b"0123456789")
    parts[1].unlink()


def _edit_exports(out: Path) -> None:
    (out / "graph.ttl").write_bytes(b"# edited\n" + (out / "graph.ttl").read_bytes())
    (out / ".cache" / "sections.pickle").write_bytes(b"not a pickle")


@pytest.mark.parametrize("damage", [_damage_parts, _edit_exports], ids=["parts", "exports"])
def test_damaged_cache_or_exports_still_give_a_clean_build(corpus, tmp_path, damage):
    """Corrupt or missing partitions are made again; export files edited by hand and a
    broken section index are not trusted."""
    out = tmp_path / "out"
    run_build(corpus, out)
    damage(out)
    edit = corpus / "004_f43f8475c3cf51c9.txt"
    edit.write_text(edit.read_text(encoding="utf-8").replace("2025年", "2026年"), encoding="utf-8")
    run_build(corpus, out)
    assert exports_of(out) == clean_build(corpus, tmp_path)
    run_build(corpus, out)  # and the next build, which reads what this one left
    assert exports_of(out) == clean_build(corpus, tmp_path)


def test_lock_refuses_a_second_build(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with BuildLock(out):
        result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert "another build" in result.output
    assert CliRunner().invoke(main, ["build", str(corpus), "-o", str(out)]).exit_code == 0


def _big_corpus(folder: Path, copies: int) -> None:
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    for i in range(copies):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8").replace("2021", str(2030 + i % 9))
        (folder / f"{i:03d}_{src.name}").write_text(text + f"\n（第{i}份）\n", encoding="utf-8")


def test_sigkill_at_any_moment_leaves_complete_exports(tmp_path):
    corpus = tmp_path / "big"
    corpus.mkdir()
    _big_corpus(corpus, 30)
    out = tmp_path / "out"
    kg = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--jobs", "1", "--no-validate", "-q"]
    assert subprocess.run(kg, capture_output=True).returncode == 0
    good = exports_of(out)
    # change every file so that each kill interrupts real work, then kill at several points
    for f in corpus.iterdir():
        f.write_text(f.read_text(encoding="utf-8") + "补充。\n", encoding="utf-8")
    import random

    rng = random.Random(20261122)
    for delay in sorted(rng.uniform(0.2, 6.0) for _ in range(6)):
        proc = subprocess.Popen(kg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = exports_of(out)
        for name in ("graph.ttl", "graph.nt", "graph.trig"):
            fmt = {
                "graph.ttl": ox.RdfFormat.TURTLE,
                "graph.nt": ox.RdfFormat.N_TRIPLES,
                "graph.trig": ox.RdfFormat.TRIG,
            }[name]
            assert list(ox.parse(now[name], format=fmt)), name
        # every export is either the previous build's or a complete new one
        assert all(now[n] == good[n] or now[n].endswith((b"\n", b">", b"}")) for n in EXPORTS)
    assert subprocess.run(kg, capture_output=True).returncode == 0
    assert not list(out.glob(".staging-*"))
    assert exports_of(out) == clean_build(corpus, tmp_path)
    # the killed builds' worker processes ended with them
    deadline = time.time() + 5
    while _processes_building(out) and time.time() < deadline:
        time.sleep(0.2)
    assert not _processes_building(out)


def _processes_building(out: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(out).encode() in cmdline and b"kg.cli" in cmdline:
                found.append(int(entry.name))
    return found


def test_failed_build_keeps_exports_and_previous_graph(corpus, tmp_path):
    """A build that cannot build anything leaves both the exports and the graph kept
    for `kg diff` as they were."""
    out = tmp_path / "out"
    options = BuildOptions(corpus, out, validate=False)
    build(options)
    first = (out / "graph.nt").read_bytes()
    f = sorted(corpus.glob("*.txt"))[0]
    f.write_text(f.read_text(encoding="utf-8").replace("。", "。补充。", 1), encoding="utf-8")
    build(options)
    second = exports_of(out)
    assert (out / ".previous" / "graph.nt").read_bytes() == first != second["graph.nt"]
    for g in corpus.iterdir():
        g.write_bytes(b"")  # empty: nothing can be built
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate"])
    assert result.exit_code == 1
    assert exports_of(out) == second
    assert (out / ".previous" / "graph.nt").read_bytes() == first


def test_a_build_validates_the_store_it_has_just_written(corpus, tmp_path, monkeypatch):
    """The build's validation checks the store it has just written (the statements this
    build reports, not the last build's), its summary in the build's report; none with
    `validate=False`."""
    import kg.validate as validate

    checked = []
    real = validate.validate_store
    monkeypatch.setattr(validate, "validate_store", lambda store: checked.append(len(store)) or real(store))
    out = tmp_path / "out"
    first = build(BuildOptions(corpus, out))
    sorted(corpus.glob("*.txt"))[0].unlink()
    second = build(BuildOptions(corpus, out))
    assert checked == [first.triples, second.triples] and first.triples != second.triples
    assert second.validation[0].endswith("warnings") and " violations, " in second.validation[0]
    assert not build(BuildOptions(corpus, out, validate=False)).validation
    assert len(checked) == 2


def test_a_full_disk_is_reported_and_keeps_the_exports(corpus, tmp_path, monkeypatch):
    """A disk that fills up while the exports are written: a message saying so, no
    traceback, and the last build's exports as they were."""
    import errno

    from kg.export import sections

    out = tmp_path / "out"
    build(BuildOptions(corpus, out, validate=False))
    before = exports_of(out)
    f = sorted(corpus.glob("*.txt"))[0]
    f.write_text(f.read_text(encoding="utf-8").replace("。", "。补充。", 1), encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sections, "_copy", full)
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate"])
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert exports_of(out) == before


def test_diff_and_stats_commands(corpus, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    runner.invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate"])
    assert "no previous build" in runner.invoke(main, ["diff", "--exports", str(out)]).output
    f = corpus / "000_70eba105ec7cd892.txt"
    f.write_text(
        f.read_text(encoding="utf-8").replace("培育申报省级新型研发机构3家", "培育申报省级新型研发机构5家"),
        encoding="utf-8",
    )
    (corpus / "001_fbe89765edcef04c.txt").unlink()
    runner.invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate"])
    result = runner.invoke(main, ["diff", "--exports", str(out)])
    assert result.exit_code == 0, result.output
    assert "value: 3 → 5" in result.output
    assert "- tasks: 忻州市关于打造一流创新生态培育壮大高质量转型发展新动能的措施 一/1" in result.output
    import json

    data = json.loads(runner.invoke(main, ["diff", "--exports", str(out), "--json"]).output)
    assert {c["status"] for c in data["documents"]} == {"removed"}
    stats = runner.invoke(main, ["stats", "--exports", str(out)])
    assert "Task" in stats.output and "2021年忻州市创新生态建设重点工作" in stats.output
    js = json.loads(runner.invoke(main, ["stats", "--exports", str(out), "--json"]).output)
    assert js["classes"]["Task"] == 102


def _reader(proc):
    """Lines of a subprocess's output through a queue, so that waiting can time out."""
    import queue
    import threading

    q: queue.Queue[str] = queue.Queue()

    def pump():
        for line in proc.stdout:
            q.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return q


def _wait_for(q, predicate, seconds, seen):
    import queue

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            line = q.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if predicate(line):
            return True
    return False


def test_watch_rebuilds_on_change(corpus, tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [
        sys.executable,
        "-m",
        "kg.cli",
        "watch",
        str(corpus),
        "-o",
        str(out),
        "--interval",
        "0.2",
        "--debounce",
        "0.3",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        q, seen = _reader(proc), []
        assert _wait_for(q, lambda line: "watching" in line, 120, seen), "".join(seen)
        f = corpus / "000_70eba105ec7cd892.txt"
        f.write_text(f.read_text(encoding="utf-8").replace("组建3个中试基地", "组建6个中试基地"), encoding="utf-8")
        assert _wait_for(q, lambda line: line.startswith("rebuilt"), 120, seen), "".join(seen)
        text = "".join(seen)
        assert "changed: ~000_70eba105ec7cd892.txt" in text
        assert "rebuilt: 1 extracted, 4 from cache" in text
        assert "targets +0 -0 ~1" in text
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---------------------------------------------------------------------------
# The Oxigraph store equals a clean build's (issue 17)
# ---------------------------------------------------------------------------


def store_quads(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / "oxigraph"))
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def store_count(out: Path) -> int:
    store = ox.Store.read_only(str(out / "oxigraph"))
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"].value)


def clean_store(corpus: Path, tmp: Path) -> tuple[set[str], int]:
    out = tmp / f"clean-store-{time.monotonic_ns()}"
    build(BuildOptions(corpus, out, use_cache=False, validate=False, jobs=1))
    return store_quads(out), store_count(out)


@pytest.fixture
def patched(monkeypatch):
    """Records whether each build patched the store (rather than writing it afresh)."""
    import kg.export.store as st

    calls: list[bool] = []
    real = st._patch

    def spy(*args):  # noqa: ANN002
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(st, "_patch", spy)
    return calls


def test_store_equals_a_clean_build_after_delete_and_rename(corpus, tmp_path, patched):
    out = tmp_path / "out"
    holder = corpus / "000_70eba105ec7cd892.txt"
    # a second copy of a document: the holder's private lines are the copy's shared ones
    shutil.copy(holder, corpus / "copy.txt")
    run_build(corpus, out)
    (corpus / "copy.txt").unlink()
    run_build(corpus, out)
    assert patched == [True]
    quads, count = clean_store(corpus, tmp_path)
    assert store_count(out) == count
    assert store_quads(out) == quads
    # a copy under a name that sorts first takes the document over; renamed, and gone
    shutil.copy(corpus / "001_fbe89765edcef04c.txt", corpus / "zz copy.txt")
    run_build(corpus, out)
    (corpus / "zz copy.txt").rename(corpus / "000_0 first.txt")
    run_build(corpus, out)
    assert store_quads(out) == clean_store(corpus, tmp_path)[0]
    (corpus / "000_0 first.txt").unlink()
    holder.rename(corpus / "009_renamed.txt")
    run_build(corpus, out)
    assert patched == [True, True, True, True]
    assert store_quads(out) == clean_store(corpus, tmp_path)[0]


def test_store_equals_a_clean_build_after_kills_during_the_store_update(corpus, tmp_path):
    out = tmp_path / "out"
    kg = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--jobs", "1", "--no-validate", "-q"]
    shutil.copy(corpus / "000_70eba105ec7cd892.txt", corpus / "copy.txt")
    assert subprocess.run(kg, capture_output=True).returncode == 0
    (corpus / "copy.txt").unlink()
    fresh = out / ".oxigraph.new"
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2):
        proc = subprocess.Popen(kg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not fresh.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert subprocess.run(kg, capture_output=True).returncode == 0
    quads, count = clean_store(corpus, tmp_path)
    assert store_count(out) == count and store_quads(out) == quads


def test_leftovers_of_a_killed_build_are_cleaned_whether_files_or_folders(corpus, tmp_path):
    """A build killed while the store made its checkpoint leaves a folder named like a
    temp file (``.oxigraph.new.tmp``): the next build removes it with the rest."""
    out = tmp_path / "out"
    (out / ".oxigraph.new.tmp" / "sub").mkdir(parents=True)
    (out / ".graph.ttl.tmp").write_bytes(b"half")
    (out / ".staging-x").mkdir()
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-validate", "-q"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".staging-*"))


def test_the_links_graph_reads_only_the_slim_results_an_edit_changed(corpus, tmp_path, monkeypatch):
    """The links graph is made from every file's slim result, but a rebuild reads only
    what the edit changed: an edit of a task's words that leaves the file's slim result
    and summary as they were keeps the last links graph, and an edit of a purpose
    statement (which the links graph reads) makes it again from that file's slim result
    alone (the other files' lines in it are the last build's).  Of the last build's
    slim results, only the edited file's is read (to compare).  Neither edit changes
    the corpus's totals, so neither aligns the targets, writes the count statements or
    reads another file's share of the totals again; an edit of a target does.  Each
    time the exports equal a clean build's."""
    import kg.assemble
    import kg.link
    from kg.state import FileState

    out = tmp_path / "out"
    run_build(corpus, out)
    read: list[str] = []
    made: list[int] = []
    real_slim, real_share = FileState.slim.func, FileState.share.func  # (cached properties)
    monkeypatch.setattr(FileState, "slim", property(lambda self: read.append(self.sha256) or real_slim(self)))
    shares: list[str] = []
    monkeypatch.setattr(FileState, "share", property(lambda self: shares.append(self.sha256) or real_share(self)))
    real = kg.assemble.make_links
    monkeypatch.setattr(kg.assemble, "make_links", lambda *a, **k: made.append(1) or real(*a, **k))
    aligned: list[int] = []
    align, counts = kg.assemble.corpus_alignment, kg.link.write_corpus_counts
    monkeypatch.setattr(kg.assemble, "corpus_alignment", lambda *a: aligned.append(1) or align(*a))
    monkeypatch.setattr(kg.link, "write_corpus_counts", lambda *a: aligned.append(2) or counts(*a))
    f = corpus / "000_70eba105ec7cd892.txt"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("做好省级实验室的培育工作。", "做好省级实验室的培育和建设工作。", 1), encoding="utf-8")
    assert run_build(corpus, out).extracted == 1
    assert (len(read), made, len(shares)) == (1, [], 1)  # (the edited file's, to compare)
    assert exports_of(out) == clean_build(corpus, tmp_path)
    f.write_text(text.replace("也是“创新生态建设落实年”。", "也是全市“创新生态建设落实年”。", 1), encoding="utf-8")
    read.clear()
    made.clear()
    aligned.clear()
    shares.clear()
    assert run_build(corpus, out).extracted == 1
    assert (len(read), made, aligned, len(shares)) == (1, [1], [], 1)
    assert exports_of(out) == clean_build(corpus, tmp_path)
    f.write_text(text.replace("培育申报省级新型研发机构3家", "培育申报省级新型研发机构4家", 1), encoding="utf-8")
    made.clear()
    shares.clear()
    assert run_build(corpus, out).extracted == 1
    assert made == [1] and aligned[-2:] == [1, 2] and len(shares) == 5  # the totals summed again
    assert exports_of(out) == clean_build(corpus, tmp_path)
    # the state it saved (copying what did not change) is the one a first build saves
    fresh = tmp_path / "fresh"
    run_build(corpus, fresh)
    again, first = _state(out), _state(fresh)
    assert (again.counts, again.shared, again.links, again.file_links, again.link_groups, again.keys) == (
        first.counts, first.shared, first.links, first.file_links, first.link_groups, first.keys
    )  # fmt: skip


def _state(out: Path):
    from kg.assemble import graph_version
    from kg.export.sections import exporter_version
    from kg.extract import rules_version
    from kg.state import load_state
    from kg.vocab import DEFAULT_BASE

    return load_state(out / ".cache", f"{rules_version()}:{graph_version()}:{exporter_version()}:{DEFAULT_BASE}")


def test_a_first_build_reads_each_file_where_it_is_extracted_and_indexes_it(corpus, tmp_path, monkeypatch):
    """With nothing in the cache no file's hash can find a result: a first build does not
    read the files to hash them before extracting (the extraction reads each once), and
    the index keeps the hashes found there, so the next build reads none."""
    import json

    from kg.cache import StatIndex

    hashed: list[str] = []
    real = StatIndex.sha256
    monkeypatch.setattr(StatIndex, "sha256", lambda self, f, rel: hashed.append(rel) or real(self, f, rel))
    out = tmp_path / "out"
    assert run_build(corpus, out).extracted == 5
    assert hashed == []
    index = json.loads((out / ".cache" / "files.json").read_text(encoding="utf-8"))
    for f in sorted(corpus.glob("*.txt")):
        st = f.stat()
        assert index[f.name] == [st.st_size, st.st_mtime_ns, hashlib.sha256(f.read_bytes()).hexdigest()]
    second = run_build(corpus, out)
    assert (second.extracted, second.from_cache) == (0, 5)
    assert exports_of(out) == clean_build(corpus, tmp_path)
