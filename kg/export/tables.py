"""CSV tables for spreadsheet users: tasks (with lead and support agencies), targets,
citations.  UTF-8 with a BOM so that Excel opens Chinese text correctly."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from kg.graph import BuiltGraph
from kg.vocab import PREFIXES

_PRE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

TASKS = """SELECT ?file ?document ?path ?task
  (GROUP_CONCAT(DISTINCT ?lead; separator="；") AS ?lead_agencies)
  (GROUP_CONCAT(DISTINCT ?sup; separator="；") AS ?support_agencies)
  (GROUP_CONCAT(DISTINCT ?coll; separator="；") AS ?collective)
  ?iri WHERE {
  ?iri a ont:Task ; rdfs:label ?task ; ont:path ?path ; ont:ordinal ?n ; ont:inDocument ?d .
  ?d dcterms:title ?document ; ont:sourceFile ?file .
  OPTIONAL { ?iri ont:leadAgency/rdfs:label ?lead }
  OPTIONAL { ?iri ont:supportAgency/rdfs:label ?sup }
  OPTIONAL { ?iri ont:responsibleText ?coll }
} GROUP BY ?file ?document ?path ?task ?n ?iri ORDER BY ?file ?document ?n"""

TARGETS = """SELECT ?file ?document ?task ?metric ?value ?value_max ?unit ?comparator ?year ?text ?iri WHERE {
  ?owner ont:hasTarget ?iri . ?iri ont:metric ?metric ; ont:comparator ?comparator ; rdfs:label ?text ;
       prov:wasDerivedFrom ?d . ?d dcterms:title ?document ; ont:sourceFile ?file .
  OPTIONAL { ?owner a ont:Task ; rdfs:label ?task }
  OPTIONAL { ?iri ont:value ?value } OPTIONAL { ?iri ont:valueMax ?value_max }
  OPTIONAL { ?iri ont:unit ?unit } OPTIONAL { ?iri ont:targetYear ?year }
} ORDER BY ?file ?iri"""

CITATIONS = """SELECT ?file ?citing ?relation ?cited_title ?cited_number ?in_corpus ?cited WHERE {
  ?s ?rel ?cited . VALUES ?rel { ont:cites ont:basedOn ont:implements }
  { ?s ont:sourceFile ?file ; rdfs:label ?citing } UNION { ?s ont:inDocument/ont:sourceFile ?file ; rdfs:label ?citing }
  FILTER(?rel != ont:cites || NOT EXISTS { ?s ont:basedOn|ont:implements ?cited })
  OPTIONAL { ?cited dcterms:title|rdfs:label ?cited_title }
  OPTIONAL { ?cited ont:docNumber ?cited_number }
  BIND(EXISTS { ?cited ont:sourceFile ?any } AS ?in_corpus)
  BIND(STRAFTER(STR(?rel), "#") AS ?relation)
} ORDER BY ?file ?citing ?relation ?cited"""


def _store(graph: BuiltGraph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in graph.triples())
    return store


def _csv(store: ox.Store, query: str) -> bytes:
    result = store.query(_PRE + query)
    names = [v.value for v in result.variables]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names)
    seen = set()
    for sol in result:
        row = tuple("" if sol[n] is None else sol[n].value for n in names)
        if row not in seen:
            seen.add(row)
            w.writerow(row)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def tables(graph: BuiltGraph) -> dict[str, bytes]:
    store = _store(graph)
    return {
        "tasks.csv": _csv(store, TASKS),
        "targets.csv": _csv(store, TARGETS),
        "citations.csv": _csv(store, CITATIONS),
    }
