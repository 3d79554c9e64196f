"""Write docs/ontology.md, the reference of the policy-kg vocabulary, from the ontology
itself (ontology/policy.ttl, and the concept schemes of ontology/industries.ttl and
ontology/metrics.ttl), so that the documentation cannot drift from what the graph uses.

    python docs/make_ontology_doc.py           # write docs/ontology.md
    python docs/make_ontology_doc.py --check   # exit 1 when docs/ontology.md is stale

Terms are listed in the order the ontology file defines them (it groups them by
topic); labels and comments are given in English and Chinese.  The output is a
function of the Turtle files only (tests/test_ontology_doc.py checks the committed
file against it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "policy.ttl"
SCHEMES = (ROOT / "ontology" / "industries.ttl", ROOT / "ontology" / "metrics.ttl")
OUT = ROOT / "docs" / "ontology.md"

ONT = rdflib.Namespace("https://w3id.org/policykg/ontology#")

KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties (relations)"),
    (OWL.DatatypeProperty, "Datatype properties (values)"),
)


def _text(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(s, p) if isinstance(o, rdflib.Literal) and o.language == lang)
    return values[0] if values else ""


def _name(g: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A term as `prefix:name`, a union of classes as `A or B`."""
    if isinstance(node, rdflib.BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(_name(g, m) for m in Collection(g, members))
        return "(anonymous)"
    prefix, _, local = g.namespace_manager.compute_qname(str(node), generate=False)
    return f"`{prefix}:{local}`"


def _names(g: rdflib.Graph, nodes) -> str:  # noqa: ANN001 - any iterable of nodes
    return ", ".join(sorted(_name(g, n) for n in nodes))


def _source_order(text: str) -> dict[str, int]:
    """Local name → position of its definition in the Turtle file."""
    return {m.group(1): i for i, m in enumerate(re.finditer(r"^ont:(\w+) a ", text, re.M))}


def _anchor(local: str) -> str:
    """The HTML id of a term: its local name (ids are case-sensitive, so the class
    `MetricConcept` and the property `metricConcept` get distinct ones)."""
    return local


def _in_domain(g: rdflib.Graph, prop: rdflib.URIRef) -> set[rdflib.term.Node]:
    """The classes a property's domain names (each member of a union)."""
    out: set[rdflib.term.Node] = set()
    for d in g.objects(prop, RDFS.domain):
        members = g.value(d, OWL.unionOf) if isinstance(d, rdflib.BNode) else None
        out |= set(Collection(g, members)) if members is not None else {d}
    return out


def render() -> str:
    g = rdflib.Graph(bind_namespaces="core").parse(ONTOLOGY, format="turtle")
    order = _source_order(ONTOLOGY.read_text(encoding="utf-8"))
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    lines = [
        "<!-- Generated from ontology/*.ttl by docs/make_ontology_doc.py: do not edit by hand. -->",
        "",
        f"# {_text(g, onto, RDFS.label, 'en')} · {_text(g, onto, RDFS.label, 'zh')}",
        "",
        _text(g, onto, RDFS.comment, "en"),
        "",
        _text(g, onto, RDFS.comment, "zh"),
        "",
        f"Namespace `{ONT}` (prefix `ont:`), version {g.value(onto, OWL.versionInfo)}. "
        "The OWL source is `ontology/policy.ttl`; the SHACL shapes a build is checked "
        "against are in `ontology/shapes.ttl`; `ontology/queries/` holds the competency "
        "questions (`kg query --list`). Prefixes: "
        + ", ".join(f"`{p}:` {u}" for p, u in sorted(g.namespaces()) if p in _PREFIXES)
        + ".",
        "",
    ]
    sections = []
    for kind, title in KINDS:
        terms = sorted(
            (t for t in g.subjects(RDF.type, kind) if isinstance(t, rdflib.URIRef) and t.startswith(str(ONT))),
            key=lambda t: (order.get(t[len(ONT) :], len(order)), str(t)),
        )
        sections.append((kind, title, terms))
    lines += ["## Contents", ""]
    for _, title, terms in sections:
        lines.append(f"- {title}: " + ", ".join(f"[{t[len(ONT) :]}](#{_anchor(t[len(ONT) :])})" for t in terms))
    lines.append("")
    props = [t for kind, _, terms in sections if kind != OWL.Class for t in terms]
    for kind, title, terms in sections:
        lines += [f"## {title}", ""]
        for t in terms:
            lines += _term(g, t, kind, props)
    lines += _reused(g)
    lines += _schemes()
    return "\n".join(lines).rstrip("\n") + "\n"


#: Prefixes listed in the header (the ones the vocabulary and its alignments use).
_PREFIXES = {"ont", "dcterms", "skos", "prov", "eli", "org", "schema", "owl", "rdfs", "xsd"}


def _term(g: rdflib.Graph, t: rdflib.URIRef, kind: rdflib.URIRef, props: list[rdflib.URIRef]) -> list[str]:
    local = t[len(ONT) :]
    en, zh = _text(g, t, RDFS.label, "en"), _text(g, t, RDFS.label, "zh")
    out = [f'<a id="{_anchor(local)}"></a>', f"### ont:{local} — {en} · {zh}", ""]
    for lang in ("en", "zh"):
        comment = _text(g, t, RDFS.comment, lang)
        if comment:
            out += [comment, ""]
    facts = []
    if kind == OWL.Class:
        if supers := list(g.objects(t, RDFS.subClassOf)):
            facts.append(f"- Subclass of: {_names(g, supers)}")
        used = [p for p in props if t in _in_domain(g, p)]
        if used:
            facts.append(
                "- Properties: " + ", ".join(f"[`ont:{p[len(ONT) :]}`](#{_anchor(p[len(ONT) :])})" for p in used)
            )
        pointed = [p for p in props if t in set(g.objects(p, RDFS.range))]
        if pointed:
            facts.append(
                "- Value of: " + ", ".join(f"[`ont:{p[len(ONT) :]}`](#{_anchor(p[len(ONT) :])})" for p in pointed)
            )
    else:
        for label, pred in (("Domain", RDFS.domain), ("Range", RDFS.range)):
            values = list(g.objects(t, pred))
            if values:
                facts.append(f"- {label}: {_names(g, values)}")
        if supers := list(g.objects(t, RDFS.subPropertyOf)):
            facts.append(f"- Sub-property of: {_names(g, supers)}")
        if inverse := list(g.objects(t, OWL.inverseOf)):
            facts.append(f"- Inverse of: {_names(g, inverse)}")
    return out + facts + ([""] if facts else [])


def _reused(g: rdflib.Graph) -> list[str]:
    """Terms of other vocabularies the graph uses as they are, with the ontology's notes."""
    rows = []
    for s in sorted({s for s in g.subjects(RDFS.comment, None) if isinstance(s, rdflib.URIRef)}, key=str):
        if s.startswith(str(ONT)) or (s, RDF.type, OWL.Ontology) in g:
            continue
        rows.append(f"| {_name(g, s)} | {_text(g, s, RDFS.comment, 'en')} | {_text(g, s, RDFS.comment, 'zh')} |")
    if not rows:
        return []
    return [
        "## Reused terms",
        "",
        "Terms of other vocabularies that the graph uses as they are, with what they hold here:",
        "",
        "| term | note | 说明 |",
        "|---|---|---|",
        *rows,
        "",
    ]


def _schemes() -> list[str]:
    """The SKOS concept schemes shipped beside the ontology, with their concept counts."""
    out = ["## Concept schemes", "", "| file | scheme | concepts | top concepts |", "|---|---|---|---|"]
    for path in SCHEMES:
        g = rdflib.Graph().parse(path, format="turtle")
        for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
            concepts = {c for c in g.subjects(SKOS.inScheme, scheme)}
            top = {c for c in g.objects(scheme, SKOS.hasTopConcept)} | {
                c for c in g.subjects(SKOS.topConceptOf, scheme)
            }
            label = _text(g, scheme, SKOS.prefLabel, "en") or _text(g, scheme, RDFS.label, "en")
            zh = _text(g, scheme, SKOS.prefLabel, "zh") or _text(g, scheme, RDFS.label, "zh")
            name = " · ".join(x for x in (label, zh) if x) or str(scheme)
            out.append(f"| `ontology/{path.name}` | {name} (`{scheme}`) | {len(concepts)} | {len(top)} |")
    return [*out, ""]


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python docs/make_ontology_doc.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
