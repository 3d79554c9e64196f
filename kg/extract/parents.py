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
    taken = [(r.span.start - offset, r.span.end - offset) for r in out]
    for m in P.PURPOSE_PLAN_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        evidence = sentence_around(text, m.start(), m.end())
        if not P.PURPOSE_END_RE.search(evidence):
            continue  # carried out in a statement of purpose only (为…，特制定本方案)
        found = _higher_plan(m.group("name"), region, gaz)
        if found is not None:
            name, level = found
            out.append(StrategyRef(name, level, Span(offset + m.start("name"), offset + m.end("name")), evidence))
    return out


def _higher_plan(name: str, region: str | None, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """A plan of a purpose statement is a higher one when its owner is a region above the
    document's (苏州市… in a 太仓市 document: the city's) or the country, or when it is
    named in quotes with no owner (“人工智能+”行动, the country's by default); None for a
    plan of the document's own region or none above it."""
    for owner in _NATIONAL:
        if name.startswith(owner):
            return name, "national"
    opening = gaz.opening_region(name, region)
    if opening is not None:
        if region is None or opening.code == region or opening.code not in gaz.ancestors(region):
            return None
        return name, "province" if opening.level == "province" else opening.level
    if name.startswith("“"):
        return name, None
    return None
