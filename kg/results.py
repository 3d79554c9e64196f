"""SPARQL results: one SELECT/ASK/CONSTRUCT result as plain Python values, serialised
as SPARQL 1.1 JSON, XML, CSV or TSV (or N-Triples/Turtle for graphs), with a row cap."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Media types per format name.
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "nt": "application/n-triples",
    "ttl": "text/turtle",
}


@dataclass
class Result:
    kind: str  # "select" | "ask" | "graph"
    variables: list[str]
    rows: list[list[object]]  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    truncated: bool = False


def collect(result, cap: int | None = None) -> Result:
    """Materialise at most `cap` rows (or triples) of a pyoxigraph result."""
    if isinstance(result, ox.QueryBoolean):
        return Result("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        triples = []
        for t in result:
            if cap is not None and len(triples) >= cap:
                return Result("graph", [], [], triples=triples, truncated=True)
            triples.append(t)
        return Result("graph", [], [], triples=triples)
    names = [v.value for v in result.variables]
    rows: list[list[object]] = []
    for sol in result:
        if cap is not None and len(rows) >= cap:
            return Result("select", names, rows, truncated=True)
        rows.append([sol[n] for n in names])
    return Result("select", names, rows)


def _json_term(t: object) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    assert isinstance(t, ox.Literal)
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and t.datatype.value != XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def _plain(t: object) -> str:
    return "" if t is None else t.value  # type: ignore[attr-defined]


def _tsv_term(t: object) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal):
        value = t.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        if t.language:
            return f'"{value}"@{t.language}'
        if t.datatype and t.datatype.value != XSD_STRING:
            return f'"{value}"^^<{t.datatype.value}>'
        return f'"{value}"'
    return str(t)


def serialize(r: Result, fmt: str) -> bytes:
    if r.kind == "graph":
        rdf = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        return ox.serialize(r.triples or [], format=rdf)
    if fmt == "json":
        if r.kind == "ask":
            return json.dumps({"head": {}, "boolean": r.boolean}).encode()
        bindings = [{n: _json_term(v) for n, v in zip(r.variables, row) if v is not None} for row in r.rows]
        return json.dumps(
            {"head": {"vars": r.variables}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(n)}/>" for n in r.variables]
        out.append("</head>")
        if r.kind == "ask":
            out.append(f"<boolean>{'true' if r.boolean else 'false'}</boolean>")
        else:
            out.append("<results>")
            for row in r.rows:
                out.append("<result>")
                for n, v in zip(r.variables, row):
                    if v is None:
                        continue
                    j = _json_term(v)
                    if j["type"] == "uri":
                        inner = f"<uri>{escape(j['value'])}</uri>"
                    elif j["type"] == "bnode":
                        inner = f"<bnode>{escape(j['value'])}</bnode>"
                    else:
                        attrs = ""
                        if "xml:lang" in j:
                            attrs = f" xml:lang={quoteattr(j['xml:lang'])}"
                        elif "datatype" in j:
                            attrs = f" datatype={quoteattr(j['datatype'])}"
                        inner = f"<literal{attrs}>{escape(j['value'])}</literal>"
                    out.append(f"<binding name={quoteattr(n)}>{inner}</binding>")
                out.append("</result>")
            out.append("</results>")
        out.append("</sparql>\n")
        return "\n".join(out).encode()
    if r.kind == "ask":
        return (("true" if r.boolean else "false") + "\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in r.variables)]
        lines += ["\t".join(_tsv_term(v) for v in row) for row in r.rows]
        return ("\n".join(lines) + "\n").encode()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(r.variables)
    w.writerows([[_plain(v) for v in row] for row in r.rows])
    return buf.getvalue().encode()
