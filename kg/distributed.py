"""Distributed extraction on a Dask cluster.

Extraction is a pure function of a file's bytes, so the driver reads each file and
ships the bytes to the cluster's workers (no shared filesystem needed); resolution,
linking and export then run on the driver as usual.  ``scheduler=None`` starts a
``LocalCluster`` of processes on this machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.errors import BuildError
from kg.model import DocResult, Skipped


def extract_bytes(raw: bytes, rel: str, suffix: str) -> DocResult | Skipped:
    """Decode and extract one file's bytes (runs on a worker)."""
    from kg.extract import extract_source
    from kg.extraction import guarded
    from kg.ingest import decode_source

    return guarded(rel, lambda: extract_source(decode_source(raw, rel, suffix)))


def extract_on_dask(
    todo: list[tuple[Path, str]], scheduler: str | None, progress: Callable[[str], None] | None = None
) -> dict[str, DocResult | Skipped]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BuildError("the dask executor needs dask[distributed] (pip install 'policy-kg[dask]')") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(processes=True, dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:
        raise BuildError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    results: dict[str, DocResult | Skipped] = {}
    try:
        futures = {}
        for path, rel in todo:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                results[rel] = Skipped(rel, f"cannot be read: {exc.strerror or exc}")
                continue
            futures[client.submit(extract_bytes, raw, rel, path.suffix.lower(), pure=False)] = rel
        for future in as_completed(futures):
            rel = futures[future]
            try:
                results[rel] = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker is one file's problem
                results[rel] = Skipped(rel, f"extraction failed on the cluster: {type(exc).__name__}: {exc}")
            if progress:
                progress(rel)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results
