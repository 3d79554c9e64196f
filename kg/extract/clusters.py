"""Industry clusters: what the text names as an industry, read by shape, and linked to
the industry vocabulary (a SKOS concept scheme in ``kg/data/industries.ttl``) where a
concept fits.

Constructs:
- ``SUFFIX``: a name built on 产业集群 / 产业地标 / 产业 (八大标志性引领性产业集群,
  特种金属材料产业), read back to the verb or list separator before it, never a phrase
  with a verb, a place or 之 (提供匹配产业周期, 太仓市产业引导基金);
- ``LIST``: the items of a list closed by its kind (短剧短视频、电子商务、知识付费等重点产业,
  钢铁、有色等传统优势行业);
- ``TERM``: a term of the vocabulary, where the text names it (半导体, 新材料, 光伏).

A name read by shape is a noun phrase: it starts after the last word before its head
that jieba's dictionary classes as governing it or standing outside it — a verb, a
preposition, a numeral, a place (整合产业 → none; 梳理胶州市高端制造产业 → 高端制造;
专注于检验检测 → 检验检测) — and a word that cannot stand alone (大型, 其他, 区内) is no
name.  The head itself may be a verbal noun (高端制造).  A phrase before 产业 that opens a
body's name (数字经济产业处, 人工智能产业协会) is no cluster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg import patterns as P
from kg.extract.programs import _walk_back, stop_words
from kg.extract.spans import sentence_around
from kg.lexicon.gazetteer import Gazetteer
from kg.model import ClusterRef, Span
from kg.tokens import MODIFIER_CLASSES, Segmenter, governs

SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[str, str]  # surface form → concept local name
    pref: dict[str, str]  # concept local name → preferred label
    broader: dict[str, str]  # concept → broader concept
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    import pyoxigraph as ox

    data = resources.files("kg.data").joinpath("industries.ttl").read_bytes()
    labels: dict[str, str] = {}
    pref: dict[str, str] = {}
    broader: dict[str, str] = {}
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        concept = t.subject.value.rsplit("#", 1)[-1]
        if t.predicate.value == SKOS + "broader":
            broader[concept] = t.object.value.rsplit("#", 1)[-1]
        elif t.predicate.value in (SKOS + "prefLabel", SKOS + "altLabel") and t.object.language == "zh":
            if t.predicate.value == SKOS + "prefLabel":
                pref[concept] = t.object.value
            labels[t.object.value] = concept
    # top concepts (no broader, or groupings) are categories, not mentions
    for concept in [c for c in pref if c not in broader]:
        labels.pop(pref[concept], None)
    alternation = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    return Vocabulary(labels, pref, broader, re.compile(alternation))


#: Suffixes that make a noun of the word before them, which jieba cuts off (引领/性, 外向/型).
NOMINALISERS = frozenset("性型化式级类")
#: Level words that close a place's name when jieba cuts them off it (延庆/区).
LEVEL_WORDS = frozenset("省市区县州盟旗镇乡")


def name_start(text: str, start: int, end: int, seg: Segmenter, alone: bool = False) -> int | None:
    """Where the name in ``text[start:end]`` begins: after the last governing word before
    its head (the last word); None when what is left is no name — a single word that
    governs or only modifies, unless the name is an item of a list of industries
    (`alone`: 深耕制造、医疗等重点行业 → 制造)."""
    tokens = seg.tokens(text[start:end])
    if not tokens:
        return None
    first = 0
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i + 1].text in NOMINALISERS:
            continue  # 引领/性: a noun made of the verb
        if governs(seg.word_class(tokens[i].text)):
            first = i + 1
            break
    if (
        0 < first < len(tokens) - 1
        and tokens[first].text in LEVEL_WORDS
        and seg.word_class(tokens[first - 1].text) == "ns"
    ):
        first += 1  # the level word closing a place: 延庆/区/重点 → 重点
    rest = tokens[first:]
    last = seg.word_class(rest[0].text)
    if len(rest) == 1 and not alone and (governs(last) or last in MODIFIER_CLASSES):
        return None
    return start + rest[0].start


def seg_region_prefix(name: str) -> int:
    """Length of a leading place word (我市, 全省, 运城 …) that does not name the industry."""
    m = P.CLUSTER_PLACE_PREFIX_RE.match(name)
    return m.end() if m else 0


def _listed_industries(text: str, seg: Segmenter, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Items of lists closed by their kind (A、B、C等重点产业, 钢铁、有色等传统优势行业);
    after a bare 等产业, only a list with an industry the vocabulary knows."""
    out: list[tuple[int, int]] = []
    for m in P.INDUSTRY_LIST_END_RE.finditer(text):
        clause_start = max(text.rfind(c, max(0, m.start() - 80), m.start()) for c in "，,。；;：:（(\n") + 1
        pos = clause_start
        items = []
        for piece in P.INDUSTRY_LIST_SPLIT_RE.split(text[clause_start : m.start()]):
            if piece not in ("、", "和", "及"):
                items.append((pos, pos + len(piece)))
            pos += len(piece)
        if len(items) < 2:
            continue
        first_a, first_b = items[0]
        walked = _walk_back(text, first_b, seg, limit=10, stops=stop_words(industry=True))
        items[0] = (name_start(text, walked, first_b, seg, alone=True) or walked, first_b)
        good = [(a, b) for a, b in items if 2 <= b - a <= 10 and not P.NOT_INDUSTRY_NAME_RE.search(text[a:b])]
        known = any(text[a:b] in vocab.labels for a, b in good)
        if len(good) == len(items) and (m.group("kind") or known):
            out.extend(good)
    return out


def extract_clusters(
    text: str, offset: int, seg: Segmenter, vocab: Vocabulary, gaz: Gazetteer | None = None
) -> list[ClusterRef]:
    refs: list[ClusterRef] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in P.BOOK_TITLE_RE.finditer(text)]
    taken += [(m.start(), m.end()) for m in P.QUOTED_PHRASE_RE.finditer(text) if "产业" in m.group(0)]

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def evidence(a: int, b: int) -> str:
        return sentence_around(text, a, b)

    candidates: list[tuple[int, int, str, str | None]] = []
    for m in vocab.regex.finditer(text):
        candidates.append((m.start(), m.end(), m.group(0), vocab.labels[m.group(0)]))
    for m in P.INDUSTRY_SUFFIX_RE.finditer(text):
        if m.group(0) == "产业" and P.BODY_AFTER_INDUSTRY_RE.match(text, m.end()):
            continue  # 数字经济产业处: a body's name
        walked = _walk_back(text, m.start(), seg, limit=14, stops=stop_words(industry=True))
        found = name_start(text, walked, m.start(), seg) if walked < m.start() else None
        if found is None or P.NOT_IN_INDUSTRY_NAME_RE.search(text, found, m.start()):
            continue
        if text.count("“", found, m.start()) != text.count("”", found, m.start()):
            continue  # a quotation it does not hold whole
        start = found
        name = text[start : m.end()] if m.group(0) != "产业" else text[start : m.start()]
        bare = P.comparable(name.removesuffix("产业集群").removesuffix("产业地标"))
        region = seg_region_prefix(bare)
        if start == m.start() or P.GENERIC_INDUSTRY_RE.match(bare[region:]) or len(bare) < 2:
            continue
        if P.NOT_INDUSTRY_NAME_RE.search(name) or (gaz is not None and gaz.lookup(bare) is not None):
            continue
        candidates.append((start, m.end(), name, vocab.labels.get(name)))
    for start, end in _listed_industries(text, seg, vocab):
        name = text[start:end]
        candidates.append((start, end, name, vocab.labels.get(name)))
    # Longest first, never overlapping: 八大标志性引领性产业集群 over 标志性引领性产业集群.
    for start, end, name, concept in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if not free(start, end):
            continue
        taken.append((start, end))
        refs.append(ClusterRef(name, concept, Span(offset + start, offset + end), evidence(start, end)))
    refs.sort(key=lambda r: r.span.start)
    return refs
