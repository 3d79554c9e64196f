"""The lexicon of body types: what government and public bodies are called, at which
levels they exist, and how their official names are composed.

Three data files (``kg/data``), read once per process by :func:`load_lexicon`:

- ``bodies.tsv``: body types below the national level (科学技术局 at city and county
  level, 科学技术厅 at province level, the Party's 委组织部 …), each with its official-name
  template and the forms texts write it in;
- ``national_bodies.tsv``: national bodies by official name and forms;
- ``name_words.tsv``: level words, national prefixes, the suffixes a body's name ends
  with, and the words that make a reference collective or a clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from importlib import resources

from kg.lexicon.trie import CharTrie


class BodyKind(Enum):
    GOV = "gov"  # a government department
    SEAT = "seat"  # the government itself (人民政府)
    PARTY = "party"  # a Party committee or its department (中共…委组织部)
    MASS = "mass"  # a mass organisation (总工会, 共青团…委员会, 科协)
    COURT = "court"  # courts and procuratorates
    ZONE = "zone"  # a development zone and its committee
    VERTICAL = "vertical"  # a local branch of a national body (国家税务总局…税务局)
    BRANCH = "branch"  # a district branch of a city's bureau (杭州市医疗保障局余杭分局)
    NATIONAL = "national"  # a national body
    ACADEMIC = "academic"  # a university or research institute: named by its own name, no region's body
    ENTERPRISE = "enterprise"  # a company or group: no region's body
    OTHER = "other"  # a body the lexicon does not know, named by its shape


#: Levels of the administrative tree a body can exist at.
LEVELS = ("province", "city", "county")

#: Placeholders of a template or form: {R} region full name, {S} short name, {L} level word.
_PLACEHOLDER_RE = re.compile(r"\{([RSL])\}")


@dataclass(frozen=True)
class BodyType:
    """A type of body below the national level, as one row of ``bodies.tsv``."""

    template: str  # 中共{R}委组织部
    forms: tuple[str, ...]  # 委组织部, 组织部
    levels: frozenset[str]
    kind: BodyKind

    def official(self, full: str, short: str) -> str:
        return self.template.replace("{R}", full).replace("{S}", short)

    @property
    def canonical(self) -> str:
        """The body's name without its region: 科学技术局, 委组织部."""
        return _PLACEHOLDER_RE.sub("", self.template).removeprefix("中共").removeprefix("共青团")


@dataclass(frozen=True)
class NationalBody:
    official: str
    forms: tuple[str, ...]
    only: bool  # its forms name the national body wherever written


@dataclass(frozen=True)
class InfixForm:
    """A form with a region or level word inside it: 团{L}委, {S}金融监管局,
    人民银行{R}分行.  `pattern` matches the whole form; the groups R/S/L hold the words."""

    pattern: re.Pattern[str]
    body: BodyType


@dataclass(frozen=True)
class Suffix:
    word: str
    note: str  # levels, or a kind: institution, enterprise, zone, grassroots


@dataclass(frozen=True)
class Lexicon:
    """Everything the name recogniser and resolver know about bodies."""

    local: dict[str, tuple[BodyType, ...]]  # form → body types (several levels share 法院)
    infix: tuple[InfixForm, ...]
    national: dict[str, NationalBody]  # form → national body
    levels: dict[str, str]  # level word → level (市 → city)
    level_trie: CharTrie[str]
    national_prefixes: tuple[str, ...]
    suffixes: tuple[Suffix, ...]  # longest first
    collective_head: tuple[str, ...]
    collective_any: tuple[str, ...]
    collective_tail: tuple[str, ...]
    clause_head: tuple[str, ...]
    clause_any: tuple[str, ...]
    clause_tail: tuple[str, ...]
    verbs: tuple[str, ...]  # verbs no reference to bodies holds (建立, 给予 …)
    expansions: tuple[tuple[str, str], ...]  # 管委会 → 管理委员会
    self_words: tuple[str, ...]  # 我部, 本委 …: the issuing body itself
    units: tuple[str, ...]  # 司, 局, 处 …: a department inside the issuing body (部科技司)

    def self_reference(self, name: str, issuer: str | None) -> str | None:
        """The name `name` stands for in a document issued by `issuer`: 我部 → 工业和信息化部,
        部中小企业局 → 工业和信息化部中小企业局; None when it is no self-reference."""
        if not issuer or not name:
            return None
        kind = "委" if issuer.endswith("委员会") else issuer[-1]
        if name in self.self_words and name[-1] == kind:
            return issuer
        rest = name[1:]
        if name[0] == kind and 2 <= len(rest) <= 12 and rest.endswith(self.units) and not rest.startswith(kind):
            return issuer + rest
        return None

    def expand(self, name: str) -> str:
        """`name` with its abbreviated words written out (管委会 → 管理委员会); a
        commission written 委 at the end is a 委员会 (市场发展委 → 市场发展委员会)."""
        for short, full in self.expansions:
            if full not in name:
                name = name.replace(short, full)
        if name.endswith("委") and len(name) > 2 and not name.endswith(("党委", "团委")):
            name += "员会"
        return name

    def suffix_of(self, name: str) -> Suffix | None:
        """The body suffix `name` ends with (the longest), or None."""
        if not name:
            return None
        for s in self._suffixes_by_last.get(name[-1], ()):
            if name.endswith(s.word):
                return s
        return None

    @cached_property
    def _suffixes_by_last(self) -> dict[str, tuple[Suffix, ...]]:
        """The suffixes by their last character, longest first (`suffix_of` tries few)."""
        out: dict[str, list[Suffix]] = {}
        for s in self.suffixes:
            out.setdefault(s.word[-1], []).append(s)
        return {k: tuple(v) for k, v in out.items()}

    def known_forms(self) -> set[str]:
        """Every plain form of the lexicon (for the tokenizer's dictionary)."""
        return set(self.local) | set(self.national)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True  # the first non-comment line names the columns
            continue
        rows.append(line.split("\t"))
    return rows


def _infix_pattern(form: str) -> re.Pattern[str]:
    parts = []
    pos = 0
    for m in _PLACEHOLDER_RE.finditer(form):
        parts.append(re.escape(form[pos : m.start()]))
        key = m.group(1)
        if key == "L":
            parts.append("(?P<L>省|市|区|县|州|旗)")
        else:
            parts.append(f"(?P<{key}>[\u4e00-\u9fff]{{2,12}}?)")
        pos = m.end()
    parts.append(re.escape(form[pos:]))
    return re.compile("".join(parts))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicon (cached per process)."""
    local: dict[str, list[BodyType]] = {}
    infix: list[InfixForm] = []
    for template, forms, levels, kind in _rows("bodies.tsv"):
        body = BodyType(template, tuple(forms.split(",")), frozenset(levels.split(",")), BodyKind(kind))
        for form in body.forms:
            if _PLACEHOLDER_RE.search(form):
                infix.append(InfixForm(_infix_pattern(form), body))
            else:
                local.setdefault(form, []).append(body)
    national: dict[str, NationalBody] = {}
    for official, forms, scope in _rows("national_bodies.tsv"):
        body = NationalBody(official, tuple(forms.split(",")), scope == "only")
        for form in body.forms:
            national.setdefault(form, body)
    words: dict[str, list[tuple[str, str]]] = {}
    for cls, word, *note in _rows("name_words.tsv"):
        words.setdefault(cls, []).append((word, note[0] if note else ""))
    levels = dict(words.get("level", []))
    level_trie: CharTrie[str] = CharTrie()
    for word, level in levels.items():
        level_trie.add(word, level)

    def where(cls: str, position: str) -> tuple[str, ...]:
        return tuple(sorted((w for w, n in words.get(cls, []) if n == position), key=len, reverse=True))

    suffixes = tuple(sorted((Suffix(w, n) for w, n in words.get("suffix", [])), key=lambda s: -len(s.word)))
    return Lexicon(
        local={k: tuple(v) for k, v in local.items()},
        infix=tuple(infix),
        national=national,
        levels=levels,
        level_trie=level_trie,
        national_prefixes=tuple(sorted((w for w, _ in words.get("national", [])), key=len, reverse=True)),
        suffixes=suffixes,
        collective_head=where("collective", "head"),
        collective_any=where("collective", "any"),
        collective_tail=where("collective", "tail"),
        clause_head=where("clause", "head"),
        clause_any=where("clause", "any"),
        clause_tail=where("clause", "tail"),
        verbs=tuple(w for w, _ in words.get("verb", [])),
        expansions=tuple(words.get("expand", [])),
        self_words=tuple(w for w, _ in words.get("self", [])),
        units=tuple(sorted((w for w, _ in words.get("unit", [])), key=len, reverse=True)),
    )
