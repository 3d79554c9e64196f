"""Namespaces of the public vocabulary (`ontology/policy.ttl`, documented in `docs/ontology.md`) and IRI minting.

IRIs are minted from content, never from file order: documents from their
document number, else their normalised title, else their file; every other node
from its identity key.  Local names never contain ``/`` (pyoxigraph escapes it in
prefixed names and rdflib's SPARQL misreads the escape).
"""

from __future__ import annotations

import hashlib
import re

ONT = "https://w3id.org/policykg/ontology#"
DEFAULT_BASE = "https://w3id.org/policykg/id/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {
    "ont": ONT,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

_SLUG_DROP_RE = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
MAX_SLUG = 48


def slug(text: str) -> str:
    """A local-name-safe slug: Han characters, ASCII letters and digits joined by '-'.

    Long or empty slugs get a short content hash so that they stay unique."""
    s = _SLUG_DROP_RE.sub("-", text).strip("-")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if not s:
        return "h" + digest
    if len(s) > MAX_SLUG:
        return s[:MAX_SLUG].rstrip("-") + "-" + digest
    return s


def path_slug(path: tuple[str, ...]) -> str:
    """("三", "（一）", "2") → 三-p一-2 (parenthesised labels get a 'p')."""
    parts = []
    for label in path:
        inner = label.strip("（）()")
        parts.append(("p" if inner != label else "") + slug(inner))
    return "-".join(parts)


def check_base(base: str) -> None:
    """Raise a `KgError` unless `base` is an absolute IRI.  Every IRI a build mints is
    `base` and a local name of slug characters (Han, ASCII letters and digits, '-',
    `slug`), so every IRI of the graph is then valid: the build parses its own lines
    without checking each IRI again (`kg.graph.parse_lines`)."""
    import pyoxigraph as ox

    from kg.errors import KgError

    try:
        ox.NamedNode(base)
    except ValueError as e:
        raise KgError(f"base IRI {base!r} is not an absolute IRI: {e}") from None


class Iris:
    """Mints the IRIs of one build under a base IRI (`check_base`)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        if base != DEFAULT_BASE:
            check_base(base)
        self.base = base

    def doc(self, key: str) -> str:
        return f"{self.base}doc-{slug(key)}"

    def task(self, doc_iri: str, path: tuple[str, ...]) -> str:
        return f"{doc_iri}-t-{path_slug(path)}"

    def region(self, code: str) -> str:
        return f"{self.base}region-{code}"

    def agency(self, region_code: str | None, name: str) -> str:
        return f"{self.base}agency-{region_code or 'cn'}-{slug(name)}"

    def program(self, key: str) -> str:
        return f"{self.base}program-{slug(key)}"

    def metric(self, concept: str) -> str:
        return f"{self.base}metric-{slug(concept)}"

    def cluster(self, key: str) -> str:
        return f"{self.base}cluster-{slug(key)}"

    def target(self, owner_iri: str, n: int) -> str:
        return f"{owner_iri}-target-{n}"

    def incentive(self, owner_iri: str, n: int) -> str:
        return f"{owner_iri}-incentive-{n}"

    def link(self, subject: str, obj: str, rule: str) -> str:
        digest = hashlib.sha1(f"{subject} {obj} {rule}".encode()).hexdigest()[:12]
        return f"{self.base}link-{digest}"

    def graph(self, path: str) -> str:
        """The named graph of a corpus file: its slug for reading, and a hash of the exact
        path, since slugs fold punctuation together (`x y.txt` and `x-y.txt`)."""
        digest = hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{self.base}graph-{slug(path)}-{digest}"

    def links_graph(self) -> str:
        """The graph of the links computed over the corpus."""
        return f"{self.base}graph-links"


#: Longest evidence literal written for one fact (the whole text stays in the source file).
MAX_EVIDENCE = 4_000


def evidence_text(text: str) -> str:
    """An evidence literal, cut at MAX_EVIDENCE characters."""
    return text if len(text) <= MAX_EVIDENCE else text[:MAX_EVIDENCE] + "…"
