"""The region gazetteer: China's provinces, prefecture-level cities and counties, as a
trie that returns the spans of region names in a text.

Data lives in ``kg/data/regions.tsv`` (GB/T 2260 codes, level and parent).  A
:class:`Gazetteer` is built once per process by :func:`load_gazetteer` and passed
explicitly to whoever needs it (no import-time work).

Names are matched in full (忻州市, 太仓市, 罗湖区) and, for provinces and cities, in their
short form (忻州, 广东).  The short form of a county-level unit (太仓 for 太仓市) is a
*weak* name: many are ordinary words or repeat across provinces, so it is only read
where the context says which region is meant (the document's own region or one of its
neighbours in the tree).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.lexicon.trie import CharTrie
from kg.model import Region

#: Short names that are also ordinary words or too ambiguous to match alone.
_AMBIGUOUS_SHORT = {
    "新城",
    "城区",
    "郊区",
    "矿区",
    "市中",
    "城中",
    "和县",
    "东区",
    "西区",
    "南区",
    "北区",
    "中山",
    "长安",
}

#: Province-level municipalities: their districts are named with the city (北京市海淀区).
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

#: Code of the country itself.
NATIONAL = "100000"

_LEVEL_RANK = {"national": -1, "province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class RegionMatch:
    region: Region
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    code: str
    weak: bool  # a county-level short name: only read in context


class Gazetteer:
    def __init__(self, regions: list[Region]) -> None:
        self.by_code = {r.code: r for r in regions}
        self.trie: CharTrie[_Entry] = CharTrie()
        self._children: dict[str, list[str]] = {}
        for r in regions:
            if r.parent:
                self._children.setdefault(r.parent, []).append(r.code)
            if r.level == "national":
                continue
            self.trie.add(r.name, _Entry(r.code, False))
            short = r.short
            if short != r.name and short not in _AMBIGUOUS_SHORT and len(short) >= 2:
                self.trie.add(short, _Entry(r.code, r.level == "county"))

    # -- lookups -----------------------------------------------------------
    def get(self, code: str | None) -> Region | None:
        return self.by_code.get(code) if code else None

    def children(self, code: str) -> list[Region]:
        return [self.by_code[c] for c in self._children.get(code, ())]

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        r = self.by_code.get(code)
        while r is not None and r.parent:
            out.append(r.parent)
            r = self.by_code.get(r.parent)
        return out

    def _related(self, code: str, context: str | None) -> bool:
        """Is `code` the context region, one of its ancestors, or inside the context's city?"""
        if context is None:
            return False
        chain = {context, *self.ancestors(context)}
        if code in chain or set(self.ancestors(code)) & chain - {NATIONAL}:
            return True
        return False

    def _pick(self, entries: tuple[_Entry, ...], context: str | None, unique_weak: bool = False) -> Region | None:
        strong = [e for e in entries if not e.weak]
        weak = [e for e in entries if e.weak and self._related(e.code, context)]
        if not strong and not weak and unique_weak and len(entries) == 1:
            weak = list(entries)  # the only county of that short name anywhere (延庆 → 延庆区)
        cands = [self.by_code[e.code] for e in strong] or [self.by_code[e.code] for e in weak]
        if not cands:
            return None
        if len(cands) > 1 and context is not None:
            related = [r for r in cands if self._related(r.code, context)]
            if related:
                cands = related
        # Prefer the higher level on a tie (吉林省 over 吉林市 for 吉林).
        return sorted(cands, key=lambda r: (_LEVEL_RANK[r.level], r.code))[0]

    def lookup(self, name: str, context: str | None = None) -> Region | None:
        """The region called `name` (full or short), preferring one related to `context`."""
        return self._pick(self.trie.get(name), context)

    def match_at(
        self, text: str, start: int = 0, context: str | None = None, unique_weak: bool = False
    ) -> RegionMatch | None:
        """The longest region name starting at `start` that can be read in `context`
        (`unique_weak`: a county's short name is read without context when no other
        region has it)."""
        best = None
        for end, entries in self.trie.prefixes_at(text, start):
            region = self._pick(entries, context, unique_weak)
            if region is not None:
                best = RegionMatch(region, start, end, text[start:end])
        return best

    def opening_region(self, text: str, context: str | None = None) -> Region | None:
        """The narrowest region `text` opens with, each written under the one before it
        (广州市海珠区人工智能发展局 → 海珠区; 佛山市南海区桂城街道 → 南海区), or None."""
        m = self.match_at(text, 0, context)
        return self.narrower(text, m.region, m.end) if m is not None else None

    def narrower(self, text: str, region: Region, end: int) -> Region:
        """The narrowest region written right after `region`'s name (which ends at `end`),
        each under the one before it: 上海市[徐汇区]. Only a name no other word could be
        (not a county's short name: 忻州市五台山 is no 五台县)."""
        while True:
            step = None
            for stop, entries in self.trie.prefixes_at(text, end):
                strong = tuple(e for e in entries if not e.weak)
                found = self._pick(strong, region.code) if strong else None
                if found is not None:
                    step = (found, stop)
            if step is None or region.code not in self.ancestors(step[0].code):
                return region
            region, end = step

    def province_of(self, code: str | None) -> Region | None:
        """The province-level region containing `code` (None for the country itself)."""
        r = self.get(code)
        while r is not None and r.level not in ("province", "national"):
            r = self.by_code.get(r.parent) if r.parent else None
        return r if r is not None and r.level == "province" else None

    def city_of(self, code: str | None) -> Region | None:
        """The prefecture-level city containing `code` (a municipality for its districts)."""
        r = self.get(code)
        while r is not None and r.level == "county":
            r = self.get(r.parent)
        if r is not None and (r.level == "city" or r.code in MUNICIPALITIES):
            return r
        return None

    def find_all(self, text: str, context: str | None = None, unique_weak: bool = False) -> list[RegionMatch]:
        """Every region named in `text`, longest match first at each position, left to right."""
        out = []
        i = 0
        while i < len(text):
            m = self.match_at(text, i, context, unique_weak)
            if m is None:
                i += 1
                continue
            out.append(m)
            i = m.end
        return out

    def names_place(self, text: str) -> bool:
        """Does `text` name any region (strong names only)?"""
        return any(self._pick(entries, None) is not None for _, _, entries in self.trie.spans(text))

    def first_in(self, text: str, context: str | None = None) -> Region | None:
        matches = self.find_all(text, context)
        return matches[0].region if matches else None

    def abbreviation(self, text: str, context: str | None) -> Region | None:
        """A county of the context's city written short (土左旗 → 土默特左旗, 和林县 →
        和林格尔县): same first character and suffix, its characters in order."""
        city = self.city_of(context)
        if city is None or len(text) < 2 or len(text) > 6 or not text.endswith(("旗", "县", "区", "市")):
            return None
        hits = [
            r
            for r in self.children(city.code)
            if r.level == "county"
            and r.name != text
            and r.name[0] == text[0]
            and r.name[-1] == text[-1]
            and _subsequence(text, r.name)
        ]
        return hits[0] if len(hits) == 1 else None

    # -- names -------------------------------------------------------------
    def full_name(self, code: str) -> str:
        """The name a body's official name starts with: a district is written with its city
        (深圳市罗湖区, 北京市海淀区); a county, county-level city, city or province alone."""
        region = self.by_code[code]
        if region.level == "county" and region.name.endswith("区"):
            parent = self.get(region.parent)
            if parent is not None and parent.level in ("city", "province"):
                return parent.name + region.name
        return region.name


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the bundled gazetteer (cached per process)."""
    regions = []
    data = resources.files("kg.data").joinpath("regions.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, name, level, parent = (line.split("\t") + [""])[:4]
        regions.append(Region(code=code, name=name, level=level, parent=parent or None))
    return Gazetteer(regions)
