"""Parent policies named without 《》 in a document's purpose statement: the higher-level
plan it carries out (按照自治区“科技兴蒙”行动…制定本方案).  Linking them to corpus
documents, and the indirect evidence between documents, is corpus-wide work (`kg.link`)."""

from __future__ import annotations

from kg import patterns as P
from kg.extract.spans import sentence_around
from kg.lexicon.gazetteer import Gazetteer
from kg.model import Span, StrategyRef

_NATIONAL = ("党中央、国务院", "党中央", "国务院", "国家", "中央")


def extract_parent_plans(text: str, offset: int, region: str | None, gaz: Gazetteer) -> list[StrategyRef]:
    out: list[StrategyRef] = []
    province = gaz.province_of(region)
    for m in P.PARENT_PLAN_RE.finditer(text):
        owner = m.group("owner")
        if owner in _NATIONAL:
            name, level = m.group("name"), "national"
            if owner == "国家" and not m.group("name").startswith("“"):
                name = "国家" + name
        else:
            if province is None or province.code == region:
                continue  # a province document's own 省 is not a higher level
            name, level = province.name + m.group("name"), "province"
        evidence = sentence_around(text, m.start(), m.end())
        out.append(StrategyRef(name, level, Span(offset + m.start("owner"), offset + m.end()), evidence))
    return out
