"""Quantities: the grammar of numbers with their units in policy text.

    quantity := [comparator] number [多|余] [万|亿|千] [多|余] unit [range] [以上|以内|左右]
              | fraction (三分之一, 一半)          — a share, no unit
              | 百分之 number                      — a percentage in words
    number   := Arabic (1,000  8.5  ５０) | Chinese (十  一百五十  百  千  万)
    range    := (—|-|~|至|到) number [unit]        — 10%—15%, 1—2个, 3-5个
    unit     := the longest entry of ``kg/data/units.tsv`` (个工作日 before 个, 卡时, P)

A multiplier stays part of the unit as written (10万件 → 10 万件, 1500多亿元 → 1500 亿元).
A list of quantities written with the unit once completes the earlier ones
(15个、7个工作日 → 15 个工作日, 7 个工作日).  Years (2025年) and vague Chinese words
(一批, 一系列, 一流) are not quantities; a lone 一 counts only as a time (一天办结).

This module only reads quantities: whether one is a target, an incentive, a threshold
or a statistic is decided by `kg.extract.targets`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from importlib import resources

from kg import patterns as P
from kg.extract.spans import SpanIndex
from kg.lexicon.trie import CharTrie
from kg.numerals import cn_to_int


class UnitKind(Enum):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    POINTS = "points"
    TIME = "time"
    AREA = "area"
    LENGTH = "length"
    MASS = "mass"
    ENERGY = "energy"
    COMPUTE = "compute"
    VOLUME = "volume"
    TIMES = "times"
    FRACTION = "fraction"  # 三分之一, 一半: a share, no unit
    OTHER = "other"


@dataclass(frozen=True)
class Quantity:
    value: float
    value_max: float | None
    unit: str  # as written, multiplier included: 万件, 亿元, 个工作日, % ("" for a fraction)
    kind: UnitKind
    start: int  # offsets in the text read
    end: int
    more: bool = False  # 多/余 written: 1500多亿元
    chinese: bool = False  # written in Chinese numerals

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


@lru_cache(maxsize=1)
def unit_trie() -> CharTrie[UnitKind]:
    trie: CharTrie[UnitKind] = CharTrie()
    text = resources.files("kg.data").joinpath("units.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for unit, kind, *_ in rows[1:]:
        trie.add(unit, UnitKind(kind))
    return trie


def number_value(text: str) -> float | None:
    """An Arabic or Chinese number's value (1,000 → 1000, 一百五十 → 150)."""
    t = unicodedata.normalize("NFKC", text).replace(",", "")
    try:
        return float(t)
    except ValueError:
        n = cn_to_int(text)
        return float(n) if n is not None else None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right."""
    out: list[Quantity] = []
    taken = SpanIndex()
    for m in P.PERCENT_WORDS_RE.finditer(text):
        value = number_value(m.group("num"))
        if value is not None and not taken.holds(m.start()):
            out.append(Quantity(value, None, "%", UnitKind.PERCENT, m.start(), m.end(), chinese=True))
            taken.add(m.start(), m.end())
    for m in P.FRACTION_RE.finditer(text):
        den, num = number_value(m.group("den")), number_value(m.group("num"))
        if den and num is not None and not taken.holds(m.start()):
            out.append(Quantity(num / den, None, "", UnitKind.FRACTION, m.start(), m.end(), chinese=True))
            taken.add(m.start(), m.end())
    for m in P.HALF_RE.finditer(text):
        if not taken.holds(m.start()):
            out.append(Quantity(0.5, None, "", UnitKind.FRACTION, m.start(), m.end(), chinese=True))
            taken.add(m.start(), m.end())
    years = SpanIndex([(m.start(), m.end()) for m in P.YEAR_NUMBER_RE.finditer(text)])
    trie = unit_trie()
    pos = 0
    while True:
        m = P.NUMBER_RE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if taken.holds(m.start()) or years.holds(m.start()):
            continue
        if m.start() > 0 and P.TOKEN_CHAR_RE.match(text, m.start() - 1):
            continue  # inside a longer token (GB2312, 5G already read as part of one)
        q = _read_quantity(text, m, trie)
        if q is None:
            continue
        out.append(q)
        taken.add(q.start, q.end)
        pos = q.end
    out.sort(key=lambda q: q.start)
    return _share_units(text, out)


def _read_quantity(text: str, m: re.Match[str], trie: CharTrie[UnitKind]) -> Quantity | None:
    raw = m.group("num")
    chinese = raw[0] in "零〇一二两三四五六七八九十百千万亿"
    value = number_value(raw)
    if value is None or (chinese and not raw.strip("零〇")):
        return None  # 零部件: 零 is no count
    mult = m.group("mult") or ""
    more = bool(m.group("more") or m.group("more2"))

    def unit_at(pos: int) -> tuple[str, UnitKind, int] | None:
        while pos < len(text) and text[pos] in " \u3000":  # 10 项: a space before the unit
            pos += 1
        found = trie.longest_at(text, pos)
        if found is None:
            return None
        end, kinds = found
        return text[pos:end], kinds[0], end

    value_max = None
    found = unit_at(m.end())
    if found is None:
        # 3-5个, 1—2个: a range whose unit follows its second number
        sep = P.RANGE_SEP_RE.match(text, m.end())
        n2 = P.NUMBER_RE.match(text, sep.end()) if sep and not mult else None
        v2 = number_value(n2.group("num")) if n2 else None
        found = unit_at(n2.end()) if n2 else None
        if found is None or v2 is None or v2 <= value:
            return None
        value_max = v2
        mult = n2.group("mult") or ""  # 10～20万元: the multiplier written once holds for both
    unit, kind, end = found
    if chinese and (
        VAGUE(text, m.start()) or (raw in ("一", "两") and kind is not UnitKind.TIME and unit not in "个家项")
    ):
        return None  # 一批, 一系列; a lone 一 counts only as 一个/一家/一项 or a time (一天办结)
    if chinese and raw in ("万", "亿") and kind is UnitKind.MONEY and not mult:
        value, unit = 1.0, raw + unit  # 超亿元: one 亿元, written without 一
        return Quantity(value, None, unit, kind, m.start(), end, more, chinese)
    if value_max is None:
        # 10%—15%: the second end writes the same unit
        sep = P.RANGE_SEP_RE.match(text, end)
        n2 = P.NUMBER_RE.match(text, sep.end()) if sep else None
        if n2 is not None and not P.YEAR_NUMBER_RE.match(text, n2.start()):
            v2 = number_value(n2.group("num"))
            again = unit_at(n2.end())
            if v2 is not None and v2 > value and again is not None and again[0] == unit:
                value_max, end = v2, again[2]
    return Quantity(value, value_max, mult + unit, kind, m.start(), end, more, chinese)


def VAGUE(text: str, start: int) -> bool:  # noqa: N802 - reads as the construct's name
    """一批, 一系列, 一流, 一站式: a Chinese numeral that is part of a word."""
    return bool(P.VAGUE_ONE_RE.match(text, start))


def _share_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """15个、7个工作日: an earlier item of a list takes the unit the last one writes out."""
    out = list(quantities)
    for k in range(len(out) - 2, -1, -1):
        q, nxt = out[k], out[k + 1]
        between = text[q.end : nxt.start]
        if not q.unit or q.kind is UnitKind.FRACTION:
            continue
        if between.strip() in ("、", "和", "及", "，", ",") and nxt.unit.startswith(q.unit) and nxt.unit != q.unit:
            if nxt.kind is not UnitKind.COUNT or q.kind is UnitKind.COUNT:
                out[k] = replace(q, unit=nxt.unit, kind=nxt.kind)
    return out
