"""Exporters: one module per output format; `write_exports` writes them all.

Every file is laid out in sections (`kg.export.sections`) so that a rebuild copies
unchanged sections from the previous file instead of rendering them again."""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.export.sections import Layout, SectionIndex, write_layout

if TYPE_CHECKING:
    from kg.graph import BuiltGraph
    from kg.state import BuildState


def layouts(view: BuiltGraph, base: str, manifest: bytes) -> list[Layout]:
    from kg.export import graphml, html, rdf, tables

    return [
        rdf.layout_turtle(view, base),
        rdf.layout_trig(view, base),
        rdf.layout_ntriples(view),
        rdf.layout_jsonld(view, base),
        html.layout(view, base),
        graphml.layout(view),
        *tables.layouts(view),
        Layout("build.json", manifest, []),
    ]


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    sections: int = 0  # sections in all files
    rendered: int = 0  # sections rendered (the others were copied from the previous files)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def keep_previous(out: Path) -> None:
    """Keep the last build's graph and manifest for `kg diff` (hard links: no copy)."""
    prev = out / ".previous"
    prev.mkdir(exist_ok=True)
    for name in ("graph.nt", "build.json"):
        src = out / name
        if src.exists():
            tmp = prev / f".{name}.tmp"
            tmp.unlink(missing_ok=True)
            os.link(src, tmp)
            os.replace(tmp, prev / name)


def write_exports(
    view: BuiltGraph, out: Path, base: str, manifest: bytes, previous: BuildState | None = None
) -> ExportReport:
    """Write every export into a staging folder (reusing the previous files' unchanged
    sections), move each into place with an atomic rename, then bring the Oxigraph
    store up to date.  The previous graph is kept in ``OUT/.previous`` first.  A build
    killed at any moment leaves complete files only."""
    from kg.export.store import update_store

    out.mkdir(parents=True, exist_ok=True)
    index = SectionIndex(out)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".staging-"))
    plan = layouts(view, base, manifest)
    # the store is independent of the files: it is brought up to date meanwhile; each
    # file is flushed to disk while the next one is written
    pool = ThreadPoolExecutor(max_workers=3)
    store = pool.submit(update_store, out, view, previous)
    kept = pool.submit(keep_previous, out)
    try:
        placed, flushed = {}, []
        for lay in plan:
            with open(staging / lay.name, "wb") as fh:
                placed[lay.name] = write_layout(lay, fh, index.previous(lay.name) if previous else None)
            flushed.append(pool.submit(_fsync, staging / lay.name))
        for job in flushed:
            job.result()
        kept.result()
        index.forget([lay.name for lay in plan])
        index.save()  # no record is trusted while files are being replaced
        written = []
        for lay in plan:
            os.replace(staging / lay.name, out / lay.name)
            written.append(out / lay.name)
        for lay in plan:
            index.record(lay.name, placed[lay.name])
        index.save()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        pool.shutdown(wait=True)
    written.append(store.result())
    return ExportReport(written, sum(len(lay.sections) for lay in plan), sum(lay.rendered for lay in plan))
