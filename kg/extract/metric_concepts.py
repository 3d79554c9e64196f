"""Metric concepts: the indicators policies set targets on (``kg/data/metrics.ttl``, a
SKOS concept scheme), each with the surface forms that name it and whether targets on
it add up across regions.  A target is linked to the concept its metric names (the
longest label found), else the one its own words name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.lexicon.trie import CharTrie

SKOS = "http://www.w3.org/2004/02/skos/core#"
ONT = "https://w3id.org/policykg/ontology#"


@dataclass(frozen=True)
class MetricConcept:
    id: str  # local name: hitech-enterprises
    label: str  # preferred label (zh)
    label_en: str
    additive: bool  # targets of several regions add up (counts, amounts)
    kinds: frozenset[str] = frozenset()  # quantity kinds it is measured in; empty: any


@dataclass(frozen=True)
class MetricVocabulary:
    concepts: dict[str, MetricConcept]
    trie: CharTrie[str]  # label → concept id

    def concept_of(self, *texts: str, kind: str = "") -> str | None:
        """The concept the first of `texts` that names one names (the longest label), among
        the concepts measured in quantities of `kind` (any when empty)."""
        for text in texts:
            best: tuple[int, str] | None = None
            for start in range(len(text)):
                for end, ids in self.trie.prefixes_at(text, start):
                    for concept in ids:
                        kinds = self.concepts[concept].kinds if concept in self.concepts else frozenset()
                        if kind and kinds and kind not in kinds:
                            continue
                        if best is None or end - start > best[0]:
                            best = (end - start, concept)
            if best is not None:
                return best[1]
        return None


@lru_cache(maxsize=1)
def load_metrics() -> MetricVocabulary:
    import pyoxigraph as ox

    data = resources.files("kg.data").joinpath("metrics.ttl").read_bytes()
    labels: dict[str, dict[str, str]] = {}
    additive: dict[str, bool] = {}
    kinds: dict[str, set[str]] = {}
    trie: CharTrie[str] = CharTrie()
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        concept = t.subject.value.rsplit("#", 1)[-1]
        p = t.predicate.value
        if p == ONT + "additive":
            additive[concept] = t.object.value == "true"
        elif p == ONT + "quantityKind":
            kinds.setdefault(concept, set()).add(t.object.value)
        elif p in (SKOS + "prefLabel", SKOS + "altLabel") and isinstance(t.object, ox.Literal):
            if t.object.language == "zh":
                trie.add(t.object.value, concept)
            if p == SKOS + "prefLabel":
                labels.setdefault(concept, {})[t.object.language or ""] = t.object.value
    concepts = {
        c: MetricConcept(c, names.get("zh", c), names.get("en", c), additive.get(c, False), frozenset(kinds.get(c, ())))
        for c, names in labels.items()
        if c in additive
    }
    return MetricVocabulary(concepts, trie)
