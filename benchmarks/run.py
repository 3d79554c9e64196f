"""Benchmarks of policy-kg: scripts that print figures (never timed assertions in tests).

    python benchmarks/run.py build --docs 1000        # throughput, ratio to bare jieba, peak memory
    python benchmarks/run.py incremental --docs 1000  # one changed file, as a fraction of the full build
    python benchmarks/run.py queries --docs 10000     # competency queries: kg query vs rdflib
    python benchmarks/run.py page                     # graph.html: first useful view, longest task per step

Corpora come from benchmarks/generate.py (deterministic, seed 7) under --work
(default /tmp/kg-bench).  Each figure is printed as `name: value` and appended as JSON
to WORK/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KG = [sys.executable, "-m", "kg.cli"]


def report(work: Path, name: str, value, unit: str = "") -> None:
    print(f"{name}: {value}{(' ' + unit) if unit else ''}", flush=True)
    with (work / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"name": name, "value": value, "unit": unit, "at": time.strftime("%F %T")}) + "\n")


def corpus(work: Path, docs: int) -> Path:
    from benchmarks.generate import generate

    folder = work / f"corpus-{docs}"
    if not (folder.exists() and len(list(folder.glob("*.txt"))) == docs):
        shutil.rmtree(folder, ignore_errors=True)
        t = time.time()
        generate(docs, folder, seed=7)
        print(f"(generated {docs} documents in {time.time() - t:.0f} s)", flush=True)
    return folder


class PeakMemory:
    """Peak memory of a process and all its descendants, sampled from /proc: the sum of
    their proportional set sizes (PSS: a page shared by forked workers counts once,
    split between them), and, as before, the sum of their resident sizes (RSS: a
    shared page counts in every process that maps it)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.peak, self.peak_rss = pid, interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    children.setdefault(int(fields[1]), []).append(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo += children.get(p, [])
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = rss = 0
            for p in self._tree():
                try:
                    for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_build(folder: Path, out: Path, *extra: str, validate: bool = False) -> tuple[float, int, str]:
    """Seconds, peak memory (PSS of the process tree) and the summary of one `kg build`;
    the peak RSS sum is kept in `timed_build.last_rss`."""
    t = time.time()
    checks = [] if validate else ["--no-validate"]
    proc = subprocess.Popen([*KG, "build", str(folder), "-o", str(out), "-q", *checks, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)  # fmt: skip
    mem = PeakMemory(proc.pid)
    output, _ = proc.communicate()
    peak = mem.stop()
    timed_build.last_rss = mem.peak_rss  # type: ignore[attr-defined]
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {output}")
    return time.time() - t, peak, output.strip()


def bench_build(work: Path, docs: int, repeat: int = 2) -> None:
    """A first build against a bare jieba pass over the same text, `repeat` times each,
    alternating: this machine's speed drifts by a third from one minute to the next, so
    each figure is the best of its runs (every run is printed too)."""
    import resource

    import jieba

    folder = corpus(work, docs)
    size = sum(f.stat().st_size for f in folder.glob("*.txt"))
    out = work / f"out-{docs}"
    texts = [f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt"))]
    jieba.initialize()
    builds: list[float] = []
    cpus: list[float] = []
    peaks: list[int] = []
    rss: list[int] = []
    jiebas: list[float] = []
    for run in range(repeat):
        # a first build as a user runs it: into an empty folder (so an empty cache), validation included
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, peak, summary = timed_build(folder, out, validate=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run == 0:
            print(summary)
        builds.append(seconds)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peaks.append(peak)
        rss.append(timed_build.last_rss)  # type: ignore[attr-defined]
        # the floor: a bare jieba.lcut pass over the same text, in one process
        t = time.time()
        for text in texts:
            jieba.lcut(text)
        jiebas.append(time.time() - t)
    seconds, jieba_s = min(builds), min(jiebas)
    report(work, f"full_build_{docs}_seconds_all", " ".join(f"{s:.1f}" for s in builds), "s")
    report(work, f"full_build_{docs}_cpu_seconds_all", " ".join(f"{s:.1f}" for s in cpus), "s")
    report(work, f"full_build_{docs}_seconds", round(seconds, 1), "s")
    report(work, f"full_build_{docs}_mb_per_s", round(size / 1e6 / seconds, 3), "MB/s")
    report(work, f"full_build_{docs}_docs_per_s", round(docs / seconds, 2), "docs/s")
    report(work, f"peak_memory_pss_{docs}", round(max(peaks) / 2**20), "MiB")
    report(work, f"peak_memory_rss_sum_{docs}", round(max(rss) / 2**20), "MiB")
    report(work, f"bare_jieba_{docs}_seconds_all", " ".join(f"{s:.1f}" for s in jiebas), "s")
    report(work, f"bare_jieba_{docs}_mb_per_s", round(size / 1e6 / jieba_s, 3), "MB/s")
    report(work, f"build_to_jieba_ratio_{docs}", round(jieba_s / seconds, 3))
    # where the time goes, in-process and single-threaded
    from kg.pipeline import discover, extract_corpus

    files, _ = discover(folder)
    t = time.time()
    results = [r for r in extract_corpus(files, None, 1) if hasattr(r, "documents")]
    extract_s = time.time() - t
    report(work, f"extraction_only_{docs}_mb_per_s_one_core", round(size / 1e6 / extract_s, 3), "MB/s")
    report(work, f"extraction_to_jieba_ratio_one_core_{docs}", round(jieba_s / extract_s, 3))
    del results
    # the other floor: the store's bulk load of the build's quads (the union graph; the named
    # graphs too when built with --named-graphs)
    load_cpu, quads = store_load_cpu(out / "oxigraph", work)
    report(work, f"store_bulk_load_{docs}_quads", quads)
    report(work, f"store_bulk_load_{docs}_cpu_seconds", round(load_cpu, 1), "s")
    # a build no slower than one core of jieba has 2 x jieba_s CPU-seconds on 2 cores;
    # extraction and the store's load take these of them
    report(work, f"extraction_and_store_share_of_two_jieba_{docs}", round((extract_s + load_cpu) / (2 * jieba_s), 3))


def store_load_cpu(store_dir: Path, work: Path) -> tuple[float, int]:
    """CPU seconds (every thread) of loading a built store's quads, dumped as N-Quads,
    into a fresh store as the build does (`bulk_load`, lenient), and their number."""
    import pyoxigraph as ox

    data = ox.Store.read_only(str(store_dir)).dump(format=ox.RdfFormat.N_QUADS)
    scratch = work / "store-load"
    shutil.rmtree(scratch, ignore_errors=True)
    store = ox.Store(str(scratch))
    cpu = time.process_time()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    store.optimize()
    cpu = time.process_time() - cpu
    quads = len(store)
    del store
    shutil.rmtree(scratch, ignore_errors=True)
    return cpu, quads


def bench_incremental(work: Path, docs: int, edits: int = 5) -> None:
    """A full build, then `edits` rebuilds, each after one file is edited (a different
    file each time, spread over the corpus; each edit is undone by a rebuild that is
    not timed).  Reports the first rebuild after the full build and the median."""
    folder = corpus(work, docs)
    out = work / f"inc-{docs}"
    shutil.rmtree(out, ignore_errors=True)
    full, _, _ = timed_build(folder, out)
    files = sorted(folder.glob("*.txt"))
    times = []
    for k in range(edits):
        victim = files[(docs // 2 + k * docs // edits) % docs]
        original = victim.read_text(encoding="utf-8")
        try:
            victim.write_text(original.replace("。", "。补充说明。", 1), encoding="utf-8")
            inc, _, summary = timed_build(folder, out)
            times.append(inc)
        finally:
            victim.write_text(original, encoding="utf-8")
        timed_build(folder, out)  # back to the corpus as it was
    print(summary)
    median = sorted(times)[len(times) // 2]
    report(work, f"full_build_cached_dir_{docs}_seconds", round(full, 1), "s")
    report(work, f"incremental_one_file_{docs}_first_seconds", round(times[0], 2), "s")
    report(work, f"incremental_one_file_{docs}_seconds_all", " ".join(f"{t:.2f}" for t in times), "s")
    report(work, f"incremental_one_file_{docs}_median_seconds", round(median, 2), "s")
    report(work, f"incremental_fraction_{docs}_first", round(times[0] / full, 3))
    report(work, f"incremental_fraction_{docs}", round(median / full, 3))
    victim = files[docs // 2]
    original = victim.read_text(encoding="utf-8")
    # the same in a process that has built before (as `kg watch` does): rules loaded
    from kg.pipeline import BuildOptions, build

    options = BuildOptions(folder, out, validate=False, resident=True)
    build(options)
    try:
        victim.write_text(original.replace("。", "。再次补充。", 1), encoding="utf-8")
        t = time.time()
        build(options)
        warm = time.time() - t
    finally:
        victim.write_text(original, encoding="utf-8")
    report(work, f"incremental_one_file_running_process_{docs}_seconds", round(warm, 2), "s")
    report(work, f"incremental_running_process_fraction_{docs}", round(warm / full, 3))


def bench_queries(work: Path, docs: int, rdflib_timeout: float, per_query: float = 60.0) -> None:
    folder = corpus(work, docs)
    out = work / f"out-{docs}"
    if not (out / "graph.nt").exists():
        seconds, peak, summary = timed_build(folder, out, "--no-cache")
        print(summary)
        report(work, f"full_build_{docs}_seconds", round(seconds, 1), "s")
        report(work, f"peak_memory_{docs}", round(peak / 2**20), "MiB")
    triples = sum(1 for _ in (out / "graph.nt").open(encoding="utf-8"))
    report(work, f"triples_{docs}", triples)
    from kg.query import format_results, list_queries, open_store, run

    store = open_store(out)
    ours: dict[str, float] = {}
    for q in list_queries():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            format_results(run(store, q.text), "csv")
            times.append(time.perf_counter() - t)
        ours[q.name] = statistics.median(times)
        report(work, f"query_{q.name}_ms", round(ours[q.name] * 1000, 1), "ms")
    report(work, "query_median_ms", round(statistics.median(ours.values()) * 1000, 1), "ms")
    cli = []
    for q in list_queries()[:4]:
        t = time.perf_counter()
        subprocess.run([*KG, "query", q.name, "--exports", str(out), "--format", "csv"], capture_output=True, cwd=ROOT)
        cli.append(time.perf_counter() - t)
    report(work, "kg_query_cli_median_ms", round(statistics.median(cli) * 1000), "ms")
    # rdflib's own engine on the same triples: loaded once in a subprocess, then each
    # query in a forked child with its own time limit (a slow one does not hide the rest)
    script = (
        "import os,rdflib,signal,sys,time,json;from kg.query import list_queries;from kg.vocab import PREFIXES\n"
        "g=rdflib.Graph();t=time.time();g.parse(sys.argv[1],format='nt');print(json.dumps({'load':time.time()-t}),flush=True)\n"
        "pre=''.join(f'PREFIX {k}: <{v}>\\n' for k,v in PREFIXES.items());limit=float(sys.argv[2])\n"
        "for q in list_queries():\n"
        "  pid=os.fork()\n"
        "  if pid==0:\n"
        "    t=time.time();list(g.query(pre+q.text));print(json.dumps({q.name:time.time()-t}),flush=True);os._exit(0)\n"
        "  end=time.time()+limit\n"
        "  while time.time()<end and os.waitpid(pid,os.WNOHANG)==(0,0): time.sleep(0.2)\n"
        "  if time.time()>=end: os.kill(pid,signal.SIGKILL); os.waitpid(pid,0)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(out / "graph.nt"), str(per_query)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    theirs: dict[str, float] = {}
    deadline = time.time() + rdflib_timeout
    reader = threading.Thread(target=lambda: [theirs.update(json.loads(line)) for line in proc.stdout], daemon=True)
    reader.start()
    reader.join(max(1, deadline - time.time()))
    if proc.poll() is None:
        proc.kill()
    if "load" in theirs:
        report(work, "rdflib_load_s", round(theirs.pop("load"), 1), "s")
    ratios = []
    for name, ours_s in ours.items():
        if name in theirs:
            ratios.append(theirs[name] / max(ours_s, 1e-6))
            report(work, f"rdflib_{name}_ms", round(theirs[name] * 1000, 1), "ms")
        else:
            report(work, f"rdflib_{name}_ms", f"> {per_query:.0f} s (stopped)")
            ratios.append(per_query / max(ours_s, 1e-6))  # a lower bound
    if ratios:
        report(work, "rdflib_to_kg_query_ratio_median_at_least", round(statistics.median(ratios), 1), "x")


#: Interactions timed in the page benchmark (each is one analyst step of the README's views).
PAGE_STEPS = (
    (
        "search",
        "document.getElementById('search').value = '科技'; document.getElementById('search').dispatchEvent(new Event('input'))",
    ),
    ("agencies_tab", "document.querySelector('#tabs button[data-view=agencies]').click()"),
    ("open_agency", "document.querySelector('#view table.grid .link').click()"),
    ("targets_tab", "document.querySelector('#tabs button[data-view=targets]').click()"),
    ("due_by", "const b = document.getElementById('due-by'); b.value = '2023'; b.dispatchEvent(new Event('input'))"),
    ("region", "document.querySelector('#region-tree li .region').click()"),
    ("documents_tab", "document.querySelector('#tabs button[data-view=documents]').click()"),
    ("open_document", "document.querySelector('#view table.grid .link').click()"),
    ("chain_tab", "document.querySelector('#tabs button[data-view=chain]').click()"),
    ("graph_tab", "document.querySelector('#tabs button[data-view=graph]').click()"),
)


def bench_page(work: Path, sizes: list[int], pyvis: bool = True) -> None:
    """The page at several corpus sizes: time to the first useful view (the document list
    drawn), the longest task blocking the page in each analyst step (PerformanceObserver
    'longtask'), and the page's size per document.  pyvis's default page for comparison."""
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        raise SystemExit("needs Debian chromium")
    pages: list[tuple[int, int, Path, Path | None]] = []
    for docs in sizes:
        folder = corpus(work, docs)
        out = work / f"page-{docs}"
        timed_build(folder, out, "--no-cache")  # always the current page
        nodes, pyvis_page = _pyvis_page(out, write=pyvis and docs <= 500)
        pages.append((docs, nodes, out / "graph.html", pyvis_page))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=exe, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        for docs, nodes, ours, theirs in pages:
            size = ours.stat().st_size
            report(work, f"page_{docs}_docs_nodes", nodes)
            report(work, f"page_{docs}_docs_bytes_per_document", round(size / docs), "B")
            t_ours, steps = _page_steps(browser, ours)
            report(
                work,
                f"page_{docs}_docs_first_useful_view_s",
                round(t_ours, 2) if t_ours else "did not open in 300 s",
                "s",
            )
            for name, (seconds, longest) in steps.items():
                report(work, f"page_{docs}_docs_step_{name}_ms", round(seconds * 1000), "ms")
                report(work, f"page_{docs}_docs_step_{name}_longest_task_ms", round(longest), "ms")
            if steps:
                report(
                    work,
                    f"page_{docs}_docs_longest_task_in_any_step_ms",
                    round(max(v[1] for v in steps.values())),
                    "ms",
                )
            if theirs is None or not t_ours:
                continue
            t_theirs = _first_drawing(browser, theirs, "#mynetwork canvas", wait_network=True)
            report(
                work,
                f"pyvis_first_drawing_{nodes}_nodes_s",
                round(t_theirs, 2) if t_theirs else "did not draw in 300 s",
            )
        browser.close()


def _until(page, predicate: str, timeout: float = 60.0) -> None:
    """Poll a predicate (the page's CSP forbids the eval behind wait_for_function)."""
    end = time.time() + timeout
    while not page.evaluate(predicate):
        if time.time() > end:
            raise TimeoutError(predicate)
        time.sleep(0.05)


def _page_steps(browser, path: Path) -> tuple[float | None, dict[str, tuple[float, float]]]:
    """Open the page, then run each analyst step; per step its wall time and the longest
    task that blocked the main thread meanwhile."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.add_init_script(
        "window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); })"
        ".observe({ type: 'longtask', buffered: true });"
    )
    t = time.time()
    try:
        page.goto(path.as_uri(), timeout=300_000)
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=300_000)
    except Exception:  # noqa: BLE001 - a page that never opens is a figure too
        page.close()
        return None, {}
    first = time.time() - t
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => [m.name, m.startTime])")
    print("  page marks (ms since navigation): " + ", ".join(f"{n} {v:.0f}" for n, v in marks), flush=True)
    steps: dict[str, tuple[float, float]] = {}
    for name, script in PAGE_STEPS:
        page.wait_for_timeout(300)
        page.evaluate("window.__long = []")
        t = time.time()
        try:
            page.evaluate(f"() => {{ {script} }}")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            if name == "search":
                _until(page, "() => document.getElementById('hit-count').textContent !== ''")
            if name == "graph_tab":
                _until(page, "() => !!(window.policyKg.network && window.policyKg.settled)")
                page.wait_for_timeout(1000)  # the layout settles in chunks
        except Exception as exc:  # noqa: BLE001
            print(f"step {name} failed: {exc}", flush=True)
            continue
        seconds = time.time() - t
        longest = max(page.evaluate("window.__long"), default=0.0)
        steps[name] = (seconds, longest)
    page.close()
    return first, steps


def _first_drawing(browser, path: Path, selector: str, wait_network: bool = False) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    t = time.time()
    try:
        page.goto(path.as_uri(), timeout=300_000)
        page.wait_for_selector(selector, state="attached", timeout=300_000)
        if wait_network:  # pyvis draws once its physics stabilisation is done
            page.evaluate(
                "() => new Promise(r => { const n = window.network; if (!n) return r(); n.once('afterDrawing', () => r()); n.redraw(); })"
            )
        return time.time() - t
    except Exception:  # noqa: BLE001 - a page that never draws is a figure too
        return None
    finally:
        page.close()


def _pyvis_page(out: Path, write: bool = True) -> tuple[int, Path | None]:
    """pyvis's default page for the same nodes and edges (its own template)."""
    import pyoxigraph as ox
    from pyvis.network import Network

    from kg.export.html import _HIDDEN_EDGES, CLASSES
    from kg.vocab import RDF, RDFS

    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    with open(out / "graph.nt", "rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.N_TRIPLES):
            s, p, o = t.subject.value, t.predicate.value, t.object
            if p == RDF + "type" and o.value in CLASSES:
                types[s] = CLASSES[o.value][1]
            elif p == RDFS + "label" and isinstance(o, ox.Literal):
                labels.setdefault(s, o.value)
            elif isinstance(o, ox.NamedNode) and p not in _HIDDEN_EDGES and p != RDF + "type":
                edges.append((s, o.value))
    ids = {iri: n for n, iri in enumerate(sorted(types))}
    if not write:
        return len(ids), None
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for iri, n in ids.items():
        net.add_node(n, label=labels.get(iri, iri)[:24], color=types[iri])
    for a, b in edges:
        if a in ids and b in ids:
            net.add_edge(ids[a], ids[b])
    path = out / "pyvis.html"
    net.write_html(str(path))
    return len(ids), path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["build", "incremental", "queries", "page"])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2, help="build: builds and jieba passes, alternating (best of each)")
    ap.add_argument("--sizes", default="100,500,2000,10000", help="documents per page benchmark")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--rdflib-timeout", type=float, default=1800, help="rdflib: whole run (load included)")
    ap.add_argument("--rdflib-query-timeout", type=float, default=60, help="rdflib: each query")
    ap.add_argument("--skip-pyvis", action="store_true", help="page: time only our page (pyvis's does not change)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # an installed package has its modules compiled (pip does it at install time); with
    # PYTHONDONTWRITEBYTECODE set, as on some machines, every timed `kg` run would
    # compile them again
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True, stdout=subprocess.DEVNULL)
    if args.what == "build":
        bench_build(args.work, args.docs, args.repeat)
    elif args.what == "incremental":
        bench_incremental(args.work, args.docs)
    elif args.what == "queries":
        bench_queries(args.work, args.docs, args.rdflib_timeout, args.rdflib_query_timeout)
    else:
        bench_page(args.work, [int(x) for x in args.sizes.split(",")], pyvis=not args.skip_pyvis)


if __name__ == "__main__":
    main()
