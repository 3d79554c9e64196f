"""The region gazetteer: China's provinces, prefecture-level cities and counties.

Data lives in ``kg/data/regions.tsv`` (GB/T 2260 codes, level and parent).  A
:class:`Gazetteer` is built once per process by :func:`load_gazetteer` and passed
explicitly to whoever needs it (no import-time work).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Region

#: Short names that are also ordinary words or too ambiguous to match alone.
_AMBIGUOUS_SHORT = {"新城", "城区", "郊区", "矿区", "市中", "城中", "和县", "东区", "西区", "南区", "北区"}


@dataclass(frozen=True)
class RegionMatch:
    region: Region
    start: int
    end: int
    surface: str


class Gazetteer:
    def __init__(self, regions: list[Region]) -> None:
        self.by_code = {r.code: r for r in regions}
        self._by_name: dict[str, list[Region]] = {}
        for r in regions:
            self._by_name.setdefault(r.name, []).append(r)
            if r.level in ("province", "city") and r.level != "national":
                short = r.short
                if short != r.name and short not in _AMBIGUOUS_SHORT:
                    self._by_name.setdefault(short, []).append(r)
        names = sorted(self._by_name, key=len, reverse=True)
        self._name_re = re.compile("|".join(map(re.escape, names)))

    # -- lookups -----------------------------------------------------------
    def get(self, code: str | None) -> Region | None:
        return self.by_code.get(code) if code else None

    def lookup(self, name: str, context: str | None = None) -> Region | None:
        """The region called `name` (full or short), preferring one under `context`."""
        cands = self._by_name.get(name, [])
        if not cands:
            return None
        if len(cands) == 1 or context is None:
            # Prefer the higher level on a tie (吉林省 over 吉林市 for 吉林).
            return sorted(cands, key=lambda r: (_LEVEL_RANK[r.level], r.code))[0]
        chain = set(self.ancestors(context)) | {context}
        for r in cands:
            if r.code in chain or set(self.ancestors(r.code)) & chain:
                return r
        return sorted(cands, key=lambda r: (_LEVEL_RANK[r.level], r.code))[0]

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        r = self.by_code.get(code)
        while r is not None and r.parent:
            out.append(r.parent)
            r = self.by_code.get(r.parent)
        return out

    def province_of(self, code: str | None) -> Region | None:
        """The province-level region containing `code` (None for the country itself)."""
        r = self.get(code)
        while r is not None and r.level not in ("province", "national"):
            r = self.by_code.get(r.parent) if r.parent else None
        return r if r is not None and r.level == "province" else None

    def find_all(self, text: str, context: str | None = None) -> list[RegionMatch]:
        """Every region named in `text`, longest match first at each position."""
        out = []
        for m in self._name_re.finditer(text):
            region = self.lookup(m.group(0), context)
            if region is not None:
                out.append(RegionMatch(region, m.start(), m.end(), m.group(0)))
        return out

    def names_place(self, text: str) -> bool:
        """Does `text` name any region?  (``bool(find_all(text))``, without listing them.)"""
        return self._name_re.search(text) is not None

    def first_in(self, text: str, context: str | None = None) -> Region | None:
        matches = self.find_all(text, context)
        return matches[0].region if matches else None


_LEVEL_RANK = {"national": -1, "province": 0, "city": 1, "county": 2}


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
