"""Agencies: responsible bodies of a task with their roles (牵头/负责 → lead, 配合 → support),
canonicalised with the region they belong to (市科技局 in a 忻州 document → 忻州市科学技术局).

The abbreviation ↔ full-name knowledge is data: ``kg/data/agencies.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class AgencyRow:
    canonical: str  # body name without region: 科学技术局
    shorts: tuple[str, ...]  # 科技局, …
    party: bool  # full name is 中共 + region + canonical
    levels: tuple[str, ...]


@lru_cache(maxsize=1)
def load_agency_table() -> tuple[AgencyRow, ...]:
    rows = []
    text = resources.files("kg.data").joinpath("agencies.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("canonical\t"):
            continue
        canonical, shorts, party, levels = line.split("\t")
        rows.append(
            AgencyRow(canonical, tuple(s for s in shorts.split(",") if s), party == "1", tuple(levels.split(",")))
        )
    return tuple(rows)
