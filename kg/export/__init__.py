"""Exporters: one module per output format; `write_exports` writes them all."""

from __future__ import annotations

from pathlib import Path

from kg.graph import BuiltGraph


def write_exports(graph: BuiltGraph, out: Path, base: str, manifest: bytes) -> list[Path]:
    """Serialise every export format and publish them atomically into `out`."""
    from kg.export import graphml, html, rdf, tables
    from kg.pipeline import stage_and_publish

    files = {
        "graph.ttl": rdf.turtle(graph, base),
        "graph.trig": rdf.trig(graph, base),
        "graph.nt": rdf.ntriples(graph),
        "graph.jsonld": rdf.jsonld(graph, base),
        "graph.html": html.render_page(graph).encode("utf-8"),
        "graph.graphml": graphml.graphml(graph),
        **tables.tables(graph),
        "build.json": manifest,
    }
    from kg.query import write_store

    written = stage_and_publish(out, files)
    written.append(write_store(out, graph.nquads_bytes(), graph.ntriples_bytes()))
    return written
