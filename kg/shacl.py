"""SHACL shapes compiled to SPARQL and run on the build's Oxigraph store.

pyshacl re-reads the whole graph into rdflib and walks it in Python: 14–52 s for a
200-document corpus, which is why builds above 300k triples skipped validation. The
shapes of `kg/data/shapes.ttl` use a small part of SHACL Core, and each of its
constraints is one SPARQL query that returns the focus nodes (and values) breaking it
(MINUS rather than FILTER NOT EXISTS: the same answers here, as both sides share the
variable, and a hash join instead of a probe per row); the store answers them all in
about a second at 300k triples.

Supported (and the compiler refuses anything else, so a new shape cannot be silently
ignored): targets `sh:targetClass`, `sh:targetSubjectsOf`; property shapes with a path
(an IRI or `sh:inversePath`) and `sh:minCount`, `sh:maxCount`, `sh:datatype`,
`sh:class`, `sh:in`, `sh:pattern`, `sh:lessThanOrEquals`, `sh:hasValue`; node-level
`sh:or` / `sh:and` of such property shapes; `sh:severity` and `sh:message` on node and
property shapes. `tests/test_shacl.py` checks the results equal pyshacl's on graphs
that break every constraint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import KgError

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

_NODE_KEYS = {"type", "targetClass", "targetSubjectsOf", "property", "or", "and", "message", "severity"}
_PROPERTY_KEYS = {
    "path", "minCount", "maxCount", "datatype", "class", "in", "pattern", "lessThanOrEquals", "hasValue",
    "message", "severity",
}  # fmt: skip


class UnsupportedShape(KgError):
    """A shape uses a SHACL feature the SPARQL compiler does not implement."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: it selects ?focus (and ?value where there is one) for
    every focus node that breaks it."""

    query: str  # class membership through rdf:type/rdfs:subClassOf*, as SHACL has it
    path: str  # the path's IRI, or "^IRI" for an inverse path; "" for a node-level constraint
    component: str  # the SHACL constraint component, e.g. "MinCount"
    message: str
    severity: str  # "Violation" or "Warning"
    # What asking it together with the checks of the same component on the same focus
    # nodes takes (`batches`): the focus pattern, the path's IRI (a path forward, of one
    # property) and the constraint's parameter as a SPARQL term; "" when asked alone.
    focus: str = ""
    prop: str = ""
    param: str = ""


def _iri(term: str) -> str:
    return f"<{term}>"


def _literal(node) -> str:  # noqa: ANN001 - an rdflib term
    return node.n3()


class _Compiler:
    def __init__(self, graph) -> None:  # noqa: ANN001 - an rdflib graph
        import rdflib

        self.g = graph
        self.sh = rdflib.Namespace(SH)
        self.rdflib = rdflib

    def local(self, term) -> str:  # noqa: ANN001
        if str(term) == RDF_TYPE:
            return "type"
        return str(term)[len(SH) :] if str(term).startswith(SH) else str(term)

    def keys(self, node) -> set[str]:  # noqa: ANN001
        return {self.local(p) for p in self.g.predicates(node) if str(p).startswith(SH) or str(p) == RDF_TYPE}

    def value(self, node, key: str):  # noqa: ANN001, ANN201
        return self.g.value(node, self.sh[key])

    def items(self, node, key: str) -> list:  # noqa: ANN001
        head = self.value(node, key)
        return list(self.rdflib.collection.Collection(self.g, head)) if head is not None else []

    def path(self, shape) -> tuple[str, str]:  # noqa: ANN001
        """The path as a SPARQL property path, and its label."""
        p = self.value(shape, "path")
        if isinstance(p, self.rdflib.URIRef):
            return _iri(str(p)), str(p)
        inverse = self.g.value(p, self.sh.inversePath)
        if isinstance(inverse, self.rdflib.URIRef) and set(self.g.predicates(p)) == {self.sh.inversePath}:
            return "^" + _iri(str(inverse)), "^" + str(inverse)
        raise UnsupportedShape(f"unsupported sh:path in {shape}")

    def severity(self, *shapes) -> str:  # noqa: ANN002
        for s in shapes:
            v = self.value(s, "severity")
            if v is not None:
                return self.local(v)
        return "Violation"

    def focus(self, shape) -> str:  # noqa: ANN001
        """A graph pattern binding ?focus to the shape's targets."""
        alternatives = []
        for c in self.g.objects(shape, self.sh.targetClass):
            alternatives.append(f"{{ ?focus <{RDF_TYPE}>/<{RDFS_SUBCLASS}>* {_iri(str(c))} }}")
        for p in self.g.objects(shape, self.sh.targetSubjectsOf):
            alternatives.append(f"{{ SELECT DISTINCT ?focus WHERE {{ ?focus {_iri(str(p))} [] }} }}")
        if not alternatives:
            raise UnsupportedShape(f"node shape {shape} has no target the compiler knows")
        return " UNION ".join(alternatives)

    def holds(self, prop) -> str:  # noqa: ANN001
        """A SPARQL expression true when ?focus conforms to a property shape (for sh:or)."""
        extra = self.keys(prop) - _PROPERTY_KEYS - {"and", "or"}
        if extra:
            raise UnsupportedShape(f"unsupported constraints {sorted(extra)} inside sh:or/sh:and")
        if self.value(prop, "and") is not None:
            return "(" + " && ".join(self.holds(x) for x in self.items(prop, "and")) + ")"
        if self.value(prop, "or") is not None:
            return "(" + " || ".join(self.holds(x) for x in self.items(prop, "or")) + ")"
        path, _ = self.path(prop)
        conditions = []
        n = self.value(prop, "minCount")
        if n is not None and int(n) > 0:
            conditions.append(f"EXISTS {{ ?focus {path} ?v }}" if int(n) == 1 else "false")
            if int(n) > 1:
                raise UnsupportedShape("sh:minCount above 1 inside sh:or")
        members = self.items(prop, "in")
        if members:
            allowed = ", ".join(_literal(m) for m in members)
            conditions.append(f"NOT EXISTS {{ ?focus {path} ?v FILTER(?v NOT IN ({allowed})) }}")
        has = self.value(prop, "hasValue")
        if has is not None:
            conditions.append(f"EXISTS {{ ?focus {path} {_literal(has)} }}")
        if self.keys(prop) & {"maxCount", "datatype", "class", "pattern", "lessThanOrEquals"}:
            raise UnsupportedShape("only sh:minCount, sh:in and sh:hasValue inside sh:or/sh:and")
        return "(" + " && ".join(conditions or ["true"]) + ")"

    def compile(self) -> list[Check]:
        checks: list[Check] = []
        for shape in sorted(set(self.g.subjects(self.rdflib.RDF.type, self.sh.NodeShape)), key=str):
            extra = self.keys(shape) - _NODE_KEYS
            if extra:
                raise UnsupportedShape(f"unsupported node constraints {sorted(extra)} in {shape}")
            focus = self.focus(shape)
            node_message = str(self.value(shape, "message") or "")
            for key in ("or", "and"):
                if self.value(shape, key) is not None:
                    joiner = " || " if key == "or" else " && "
                    condition = joiner.join(self.holds(x) for x in self.items(shape, key))
                    q = f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER(!({condition})) }}"
                    checks.append(
                        Check(q, "", key.capitalize(), node_message or f"sh:{key} not met", self.severity(shape))
                    )
            for prop in self.g.objects(shape, self.sh.property):
                checks += self.property_checks(shape, prop, focus)
        return checks

    def property_checks(self, shape, prop, focus: str) -> Iterator[Check]:  # noqa: ANN001
        extra = self.keys(prop) - _PROPERTY_KEYS
        if extra:
            raise UnsupportedShape(f"unsupported property constraints {sorted(extra)} in {shape}")
        path, label = self.path(prop)
        severity = self.severity(prop, shape)
        message = str(self.value(prop, "message") or "")

        def check(component: str, query: str, default: str, param: str = "") -> Check:
            """A check; with its `param`, one `batches` may ask with others (a path of one property)."""
            if not param or _IRI_PATH_RE.fullmatch(path) is None:
                return Check(query, label, component, message or default, severity)
            return Check(query, label, component, message or default, severity, focus, path, param)

        n = self.value(prop, "minCount")
        if n is not None and int(n) > 0:
            if int(n) == 1:
                q = f"SELECT DISTINCT ?focus WHERE {{ {focus} MINUS {{ ?focus {path} ?v }} }}"
            else:
                q = (
                    f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v }} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(n)})"
                )
            yield check("MinCount", q, f"fewer than {int(n)} values")
        n = self.value(prop, "maxCount")
        if n is not None:
            q = (
                f"SELECT ?focus WHERE {{ {focus} ?focus {path} ?v }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(n)})"
            )
            yield check("MaxCount", q, f"more than {int(n)} values")

        def values(component: str, breaking: str, default: str, param: str = "") -> Check:
            """A constraint on each value: the values matching `breaking` break it."""
            q = f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} ?focus {path} ?value {breaking} }}"
            return check(component, q, default, param)

        d = self.value(prop, "datatype")
        if d is not None:
            yield values(
                "Datatype",
                f"FILTER(!isLiteral(?value) || datatype(?value) != {_iri(str(d))})",
                f"value is not a literal of {d}",
                _iri(str(d)),
            )
        for c in self.g.objects(prop, self.sh["class"]):
            yield values(
                "Class",
                f"MINUS {{ ?value <{RDF_TYPE}>/<{RDFS_SUBCLASS}>* {_iri(str(c))} }}",
                f"value is not a {c}",
                _iri(str(c)),
            )
        members = self.items(prop, "in")
        if members:
            allowed = ", ".join(_literal(m) for m in members)
            yield values("In", f"FILTER(?value NOT IN ({allowed}))", "value not among the allowed ones")
        pattern = self.value(prop, "pattern")
        if pattern is not None:
            yield values(
                "Pattern",
                f"FILTER(isBlank(?value) || !REGEX(STR(?value), {_literal(pattern)}))",
                f"value does not match {pattern}",
            )
        other = self.value(prop, "lessThanOrEquals")
        if other is not None:
            yield values(
                "LessThanOrEquals", f". ?focus {_iri(str(other))} ?w FILTER(!(?value <= ?w))", f"value not <= {other}"
            )
        has = self.value(prop, "hasValue")
        if has is not None:
            q = f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {path} {_literal(has)} }} }}"
            yield check("HasValue", q, f"no value {has}")


def compile_shapes(shapes_turtle: str) -> list[Check]:
    """Every constraint of the shapes graph as a SPARQL check."""
    import rdflib

    return _Compiler(rdflib.Graph().parse(data=shapes_turtle, format="turtle")).compile()


@lru_cache(maxsize=1)
def project_checks() -> tuple[Check, ...]:
    """The checks of the project's shapes (`kg/data/shapes.ttl`), compiled once."""
    from kg.validate import shapes_text

    return tuple(compile_shapes(shapes_text()))


_TYPE_PATH = f"<{RDF_TYPE}>/<{RDFS_SUBCLASS}>*"

#: A path that is one property, forward (what `batches` can bind with VALUES).
_IRI_PATH_RE = re.compile(r"<[^<>\s]+>")

#: The query that asks the checks of one component on the same focus nodes at once:
#: VALUES binds ?k (the check's number in the batch), ?p (its property) and ?x (its
#: parameter); each answer names its check by ?k.  The same answers as the checks'
#: own queries (tests/test_shacl.py), reading the focus nodes once instead of once
#: per property.  Measured at 2,000 documents: the eleven datatype checks 1.44 s
#: alone, 0.50 s batched; the class checks 1.56 s and 1.21 s.  Counts are asked
#: alone: grouped by check they took 4.3 s against 2.3 s (sh:maxCount) and 1.25 s
#: against 0.78 s (sh:minCount).
_BATCHED = {
    "Datatype": "SELECT DISTINCT ?k ?focus ?value WHERE {{ {focus} {values} ?focus ?p ?value "
    "FILTER(!isLiteral(?value) || datatype(?value) != ?x) }}",
    "Class": "SELECT DISTINCT ?k ?focus ?value WHERE {{ {focus} {values} ?focus ?p ?value "
    f"FILTER NOT EXISTS {{{{ ?value {_TYPE_PATH} ?x }}}} }}}}",
}


def batches(checks: tuple[Check, ...] | list[Check]) -> list[tuple[str, list[Check]]]:
    """The checks as queries to run: those of one component on the same focus nodes
    that `_BATCHED` can join in one query, the others alone; (query, its checks in the
    order of ?k)."""
    groups: dict[tuple[str, str], list[Check]] = {}
    out: list[tuple[str, list[Check]]] = []
    for c in checks:
        if c.prop and c.component in _BATCHED:
            groups.setdefault((c.component, c.focus), []).append(c)
        else:
            out.append((c.query, [c]))
    for (component, focus), group in groups.items():
        if len(group) == 1:
            out.append((group[0].query, group))
            continue
        rows = " ".join(f"({k} {c.prop} {c.param})" for k, c in enumerate(group))
        values = f"VALUES (?k ?p ?x) {{ {rows} }}"
        out.append((_BATCHED[component].format(focus=focus, values=values), group))
    return out


def run_checks(store, checks: tuple[Check, ...] | list[Check]) -> Iterator[tuple[Check, str]]:  # noqa: ANN001
    """(check, focus node) for every constraint a node of the store breaks, in its default
    graph (the build's store holds there the union of the files' graphs).

    A graph without rdfs:subClassOf statements (the build writes none) is checked with
    plain rdf:type: the same answers, without a property path per node (4× faster)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    subclasses = store.query(f"ASK {{ ?a <{RDFS_SUBCLASS}> ?b }}")

    def answer(batch: tuple[str, list[Check]]) -> list[tuple[Check, str]]:
        query, group = batch
        query = query if subclasses else query.replace(_TYPE_PATH, f"<{RDF_TYPE}>")
        if len(group) == 1:  # a check asked alone (see `batches`)
            return [(group[0], row["focus"].value) for row in store.query(query)]
        return [(group[int(row["k"].value)], row["focus"].value) for row in store.query(query)]

    # the store answers queries from several threads at once (the engine releases the GIL)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for found in pool.map(answer, batches(checks)):
            yield from found
