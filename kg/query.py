"""Query: SPARQL over a finished build with pyoxigraph (fast at a million triples).

A build writes an on-disk Oxigraph store (``OUT/oxigraph``) beside the RDF files;
queries open it read-only; its default graph is the union of all named graphs.  Without the store (an older build), ``graph.nt`` is loaded into memory.
Named queries (the competency questions) live in ``kg/queries/*.rq``, also reachable
as ``ontology/queries/``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ExportsNotFound, KgError
from kg.vocab import PREFIXES

STORE_DIR = "oxigraph"
_HEADER_RE = re.compile(r"^#\s*(title|question|expect)\s*:\s*(.*)$")


class QueryError(KgError):
    """A query could not be parsed or run."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    question: str
    text: str


def list_queries() -> list[NamedQuery]:
    out = []
    folder = resources.files("kg").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            m = _HEADER_RE.match(line)
            if m:
                meta[m.group(1)] = m.group(2).strip()
        out.append(NamedQuery(entry.name[:-3], meta.get("title", ""), meta.get("question", ""), text))
    return out


def resolve_query(query: str | None, file: Path | None) -> str:
    """The SPARQL text of an inline query, a file, or a named query."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read query file ({exc.strerror})") from None
    if not query:
        raise QueryError("give a query: inline SPARQL, -f FILE, or a name from `kg query --list`")
    named = {q.name: q for q in list_queries()}
    if query in named:
        return named[query].text
    if re.fullmatch(r"[\w.-]+", query):
        raise QueryError(f"no named query {query!r}; `kg query --list` shows them")
    return query


def open_store(exports: Path) -> ox.Store:
    """The build's store, read-only; or graph.nt loaded into memory."""
    store_dir = exports / STORE_DIR
    if store_dir.is_dir():
        try:
            return ox.Store.read_only(str(store_dir))
        except OSError:
            pass  # fall back to the N-Triples file
    nt = exports / "graph.nt"
    if not nt.exists():
        raise ExportsNotFound(f"no build found in {exports} (run `kg build CORPUS -o {exports}` first)")
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def run(store: ox.Store, text: str):
    """Run a query over the union of all graphs; SyntaxErrors become QueryErrors."""
    try:
        return store.query(text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def format_results(result, fmt: str) -> str:
    """Results as a table, CSV, TSV or JSON (SPARQL 1.1 JSON results)."""
    from kg.results import collect, serialize

    r = collect(result)
    if r.kind == "graph":
        return serialize(r, "nt").decode("utf-8")
    if fmt in ("json", "tsv") or r.kind == "ask":
        return serialize(r, fmt if fmt in ("json", "tsv") else "csv").decode("utf-8")
    rows = [["" if v is None else v.value for v in row] for row in r.rows]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(r.variables)
        writer.writerows(rows)
        return buf.getvalue()
    return _table(r.variables, rows)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _table(names: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [min(60, max([_width(n)] + [_width(r[i]) for r in cells])) for i, n in enumerate(names)]

    def fit(text: str, w: int) -> str:
        if _width(text) > w:
            while _width(text) > w - 1:
                text = text[:-1]
            text += "…"
        return text + " " * (w - _width(text))

    lines = [" | ".join(fit(n, w) for n, w in zip(names, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(fit(c, w) for c, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
