"""The `kg` command line: each command parses options, calls one library function
and formats its result.  Library errors (`KgError`) become clean messages."""

from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

EXPORTS_OPTION = click.option(
    "--exports",
    "exports",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder of a finished build (written by `kg build -o`).",
)


OUT_OPTION = click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write the exports into.",
)


def _handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # the disk is full, a folder cannot be written …: what and where, not a traceback
            raise click.ClickException(_os_error(exc)) from None

    return wrapper


def _os_error(exc: OSError) -> str:
    """An operating system's refusal as a message: its reason and the file it concerns."""
    reason = exc.strerror or str(exc)
    return f"{reason}: {exc.filename}" if exc.filename is not None else reason


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """policy-kg: build a knowledge graph of what Chinese government policy documents
    commit the government to do (tasks, agencies, targets, programs, parent policies).

    Start with `kg build corpus -o exports`, then open exports/graph.html or query
    exports/graph.ttl with SPARQL.
    """


def _base(value: str | None) -> str | None:
    """--base, checked (a usage error when it is no absolute IRI)."""
    from kg.errors import KgError
    from kg.vocab import check_base

    if value is not None:
        try:
            check_base(value)
        except KgError as e:
            raise click.BadParameter(str(e)) from None
    return value


NAMED_GRAPHS_OPTION = click.option(
    "--named-graphs",
    is_flag=True,
    help="Keep each file's named graph in the store too, for GRAPH queries in `kg query` and `kg serve` "
    "(the store then takes several times as long to load; graph.trig has them either way).",
)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@OUT_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel extraction processes (default: all cores).")  # fmt: skip
@click.option("--base", default=None, callback=lambda ctx, param, value: _base(value),
              help="Base IRI of minted nodes (default https://w3id.org/policykg/id/).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Extract every file again, ignoring cached results.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the export.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster.")  # fmt: skip
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a LocalCluster.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only the summary.")
@click.option("--timings", is_flag=True, help="Print when each step of the build ended (to standard error).")
@NAMED_GRAPHS_OPTION
@_handle_errors
def build(
    corpus: Path,
    out: Path,
    jobs: int | None,
    base: str | None,
    no_cache: bool,
    no_validate: bool,
    executor: str,
    scheduler: str | None,
    quiet: bool,
    timings: bool,
    named_graphs: bool,
) -> None:
    """Build the graph of the documents in CORPUS and write exports to OUT.

    Reads .txt (UTF-8, GB18030/GBK, Big5, UTF-16), .html and .docx files, recursively.
    Files that cannot be read are reported by name and skipped. Exit status: 0 built
    (perhaps with warnings), 1 nothing could be built, 2 usage error.
    """
    from kg.pipeline import BuildOptions, discover
    from kg.pipeline import build as run_build
    from kg.vocab import DEFAULT_BASE

    options = BuildOptions(
        corpus=corpus,
        out=out,
        jobs=jobs,
        base=base or DEFAULT_BASE,
        use_cache=not no_cache,
        validate=not no_validate,
        executor=executor,
        scheduler=scheduler,
        named_graphs=named_graphs,
    )
    show = not quiet and sys.stderr.isatty()
    n_files = len(discover(corpus)[0]) if show else 0  # the bar's length (walking a corpus takes time)
    with click.progressbar(length=n_files, label="extracting", file=sys.stderr, hidden=not show) as bar:
        report = run_build(options, progress=lambda _rel: bar.update(1))
    click.echo(
        f"built {out}: {len(report.files_read)} files read ({report.from_cache} from cache), "
        f"{report.documents} documents in the corpus, {report.titles_only_cited} titles only cited, "
        f"{report.tasks} tasks, "
        f"{report.triples} statements in the union graph"
    )
    for s in report.skipped:
        click.echo(f"skipped {s.path}: {s.reason}", err=True)
    if timings:
        for step, seconds in sorted(report.phases, key=lambda phase: phase[1]):
            click.echo(f"{seconds:8.3f} s  {step}", err=True)
    for path, message in report.warnings:
        click.echo(f"warning {path}: {message}", err=True)
    for line in report.quality.lines():
        click.echo(line)
    if report.validation:
        click.echo("validation (SHACL): " + "\n".join(report.validation))
    if report.skipped or report.warnings:
        click.echo(f"{len(report.skipped)} skipped, {len(report.warnings)} warnings", err=True)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@EXPORTS_OPTION
@click.option("-v", "--verbose", is_flag=True, help="Also print the scores of each file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_handle_errors
def eval_command(gold_dir: Path, exports: Path, verbose: bool, as_json: bool) -> None:
    """Score the build in --exports against the gold annotations in GOLD_DIR.

    Prints precision, recall and F1 per kind (documents, tasks, agencies, targets,
    programs, clusters, citations, parent links), micro-averaged over files.
    """
    from kg.eval import evaluate

    report = evaluate(gold_dir, exports)
    if as_json:
        import json

        data = {
            k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "gold": v.gold, "system": v.sys}
            for k, v in report.total.items()
        }
        click.echo(json.dumps(data, indent=1))
        return
    sections = [("all files", report.total)]
    if verbose:
        sections += list(report.per_file.items())
    for name, scores in sections:
        click.echo(f"== {name}")
        click.echo(f"{'kind':18} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'sys':>6}")
        for kind, sc in scores.items():
            click.echo(f"{kind:18} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.gold:6.0f} {sc.sys:6.0f}")


@main.command()
@EXPORTS_OPTION
@click.option("-v", "--verbose", is_flag=True, help="List every violation and warning.")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="The shapes compiled to SPARQL on the store, or pyshacl on graph.nt (the reference; slow).",
)
@_handle_errors
def validate(exports: Path, verbose: bool, engine: str) -> None:
    """Check the build in --exports against the SHACL shapes (ontology/shapes.ttl).

    Exit status 0 when the export conforms (warnings allowed), 1 on violations.
    """
    from kg.validate import validate_exports

    report = validate_exports(exports, engine)
    for line in report.summary(limit=1000 if verbose else 10):
        click.echo(line)
    if report.violations:
        raise click.exceptions.Exit(1)


@main.command()
@click.argument("query", required=False)
@EXPORTS_OPTION
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from FILE.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the named queries (competency questions).")
@_handle_errors
def query(query: str | None, exports: Path, file: Path | None, fmt: str, list_: bool) -> None:
    """Run SPARQL on the build in --exports: QUERY is inline SPARQL or the NAME of a
    stored query (see --list); or -f FILE.

    The default graph is the union of every named graph (the store keeps the named
    graphs themselves when built with --named-graphs); prefixes ont:, dcterms:, skos:,
    prov:, rdf:, rdfs: and xsd: are predeclared.
    """
    from kg import query as q

    if list_:
        for nq in q.list_queries():
            click.echo(f"{nq.name:40} {nq.question}")
        return
    text = q.resolve_query(query, file)
    store = q.open_store(exports)
    click.echo(q.format_results(q.run(store, text), fmt).rstrip("\n"))
    note = q.named_graphs_note(store, text)
    if note:
        click.echo(note, err=True)


@main.command()
@EXPORTS_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1), help="Query time limit (s)."
)
@click.option("--max-results", default=10_000, show_default=True, type=click.IntRange(min=1), help="Row cap per query.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1), help="Query worker processes.")
@click.option(
    "--max-bytes",
    default=64 * 2**20,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest result in bytes; a bigger one is an error.",
)
@click.option(
    "--read-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a client has to send its request line, headers and body.",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another name accepted in the Host header (a proxy's); repeatable. Loopback names always are.",
)
@_handle_errors
def serve(
    exports: Path,
    host: str,
    port: int,
    timeout: float,
    max_results: int,
    workers: int,
    max_bytes: int,
    read_timeout: float,
    allowed_hosts: tuple[str, ...],
) -> None:
    """Serve the build in --exports: a read-only SPARQL endpoint at /sparql, the graph
    page at / and a query page at /query.

    Updates, LOAD and SERVICE are refused; queries over --timeout are stopped;
    results are capped at --max-results rows and --max-bytes bytes; a Host header
    naming another server is refused (DNS rebinding). A build of --exports while the
    server runs is served once it has finished: the page and the answers always come
    from the same build (named in each response's X-KG-Build header). The default
    graph is the union of the files' graphs; GRAPH patterns match only in a build
    made with `kg build --named-graphs`.
    """
    from kg.serve import ServeOptions, make_server

    options = ServeOptions(
        exports,
        host,
        port,
        timeout,
        max_results,
        workers,
        max_bytes=max_bytes,
        read_timeout=read_timeout,
        allowed_hosts=tuple(allowed_hosts),
    )
    server, pool = make_server(options)

    def stop(signum, frame):  # type: ignore[no-untyped-def]  # noqa: ANN001, ARG001
        raise KeyboardInterrupt  # SIGTERM stops as Ctrl-C does: the pinned copies are removed

    signal.signal(signal.SIGTERM, stop)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"serving {exports} at http://{bound_host}:{bound_port}/  (SPARQL endpoint: /sparql; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()


@main.command()
@click.argument("store_url")
@EXPORTS_OPTION
@click.option("--all", "force", is_flag=True, help="Send every graph, not only those changed since the last push.")
@_handle_errors
def push(store_url: str, exports: Path, force: bool) -> None:
    """Load the build into a SPARQL server through the Graph Store Protocol.

    STORE_URL is the Graph Store base, e.g. Oxigraph's http://127.0.0.1:7878/store
    or Fuseki's http://localhost:3030/ds/data. Each named graph (one per corpus file,
    plus the links graph) is replaced with PUT; graphs unchanged since the last push
    are skipped, graphs of removed files are deleted.
    """
    from kg.push import push as run_push

    report = run_push(exports, store_url, force)
    click.echo(
        f"pushed {len(report.sent)} graphs, {len(report.unchanged)} unchanged, {len(report.deleted)} deleted "
        f"to {store_url}: {report.triples} triples in the named graphs{_union_note(exports)}"
    )


def _union_note(exports: Path) -> str:
    """How many statements the union of the named graphs holds (build.json's count):
    a statement in two graphs is pushed twice but is one statement of the union."""
    import json

    try:
        n = int(json.loads((exports / "build.json").read_text(encoding="utf-8"))["triples"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return f", {n} statements in their union (the default graph of `kg query` and `kg serve`)"


@main.command()
@click.argument("old", required=False, type=click.Path(exists=True, path_type=Path))
@EXPORTS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@_handle_errors
def diff(old: Path | None, exports: Path, as_json: bool) -> None:
    """What changed between the build in --exports and OLD (another export folder or
    graph.nt; default: the previous build, kept by `kg build` in --exports/.previous).

    Lists documents, tasks, agencies, targets (old → new values), programs and links
    added, removed or changed.
    """
    import json

    from kg.diff import diff_builds, previous_of

    report = diff_builds(old or previous_of(exports), exports)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    if report.is_empty():
        click.echo("no changes")
        return
    click.echo(f"{'kind':10} {'added':>6} {'removed':>8} {'changed':>8}")
    for kind, c in report.counts().items():
        click.echo(f"{kind:10} {c['added']:6} {c['removed']:8} {c['changed']:8}")
    for kind, items in report.changes.items():
        for ch in items:
            mark = {"added": "+", "removed": "-", "changed": "~"}[ch.status]
            click.echo(f"{mark} {kind}: {ch.describe()}")


@main.command()
@EXPORTS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_handle_errors
def stats(exports: Path, as_json: bool) -> None:
    """Counts per class and per document of the build in --exports, and its warnings."""
    import dataclasses
    import json

    from kg.quality import QualityReport
    from kg.stats import build_stats

    s = build_stats(exports)
    if as_json:
        data = dataclasses.asdict(s)
        data["quality_per_file"] = {f["path"]: f["quality"] for f in data.pop("files") if "quality" in f}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for line in s.counts.lines():
        click.echo(line)
    click.echo("\nnodes per class")
    for cls, n in s.classes.items():
        click.echo(f"{cls:16} {n:7}")
    click.echo(f"\n{'tasks':>6} {'targets':>7} {'agencies':>8} {'programs':>8}  document")
    for d in s.documents:
        click.echo(
            f"{d['tasks']:6} {d['targets']:7} {d['agencies']:8} {d['programs']:8}  {d['document']} [{d['file']}]"
        )
    for line in QualityReport.from_json(s.files).lines(examples=10):
        click.echo(line)
    for w in s.warnings:
        click.echo(f"warning {w['file']}: {w['warning']}")
    for x in s.skipped:
        click.echo(f"skipped {x['file']}: {x['reason']}")


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@OUT_OPTION
@click.option(
    "--interval", default=1.0, show_default=True, type=click.FloatRange(min=0.05), help="Polling interval (s)."
)
@click.option(
    "--debounce",
    default=1.5,
    show_default=True,
    type=click.FloatRange(min=0.0),
    help="Quiet time before a rebuild (s).",
)
@NAMED_GRAPHS_OPTION
@_handle_errors
def watch(corpus: Path, out: Path, interval: float, debounce: float, named_graphs: bool) -> None:
    """Build CORPUS into OUT, then rebuild whenever its files change (debounced), and
    print what changed in the files and in the graph. Ctrl-C stops."""
    from kg.diff import diff_builds
    from kg.pipeline import BuildOptions
    from kg.pipeline import build as run_build
    from kg.watch import changes, snapshot, when_unlocked

    options = BuildOptions(corpus=corpus, out=out, validate=False, resident=True, named_graphs=named_graphs)

    def waiting(message: str) -> None:
        click.echo(f"{message}; building when it is done", err=True)

    def build_once():  # type: ignore[no-untyped-def]
        return when_unlocked(lambda: run_build(options), on_wait=waiting)

    since = snapshot(corpus)  # taken before the build: edits made during it are seen
    report = build_once()
    click.echo(
        f"built {out}: {report.documents} documents in the corpus, {report.tasks} tasks; "
        f"watching {corpus} (Ctrl-C stops)"
    )
    try:
        for change in changes(corpus, interval, debounce, since=since):
            click.echo(f"changed: {change.describe()}")
            try:
                report = build_once()
            except KgError as exc:
                click.echo(f"build failed: {exc}", err=True)
                continue
            summary = diff_builds(out / ".previous" / "graph.nt", out).counts()
            moved = ", ".join(
                f"{k} +{c['added']} -{c['removed']} ~{c['changed']}" for k, c in summary.items() if any(c.values())
            )
            click.echo(
                f"rebuilt: {report.extracted} extracted, {report.from_cache} from cache; {moved or 'graph unchanged'}"
            )
            for s in report.skipped:
                click.echo(f"skipped {s.path}: {s.reason}", err=True)
    except KeyboardInterrupt:
        click.echo("stopped")


if __name__ == "__main__":  # pragma: no cover
    main()
