"""Resolve a recognised name to the body it denotes: its jurisdiction and official
name, read in the context of the document that names it.

- A level word means the document's own region at that level: 市 in a 太仓 document is
  太仓市 (a county-level city), in a 忻州 document 忻州市, in a 罗湖区 document 深圳市;
  省 is the document's province; 区/县 the document's own district or county.
- A name without region or level word is the document's body at the level the body
  exists at (财政厅 in a city document is the province's); a national form (科技部,
  税务总局) is national wherever it is written.
- The official name is composed from the lexicon's template with the region's full
  name (districts with their city: 深圳市罗湖区科技创新局); a body the lexicon does not
  know keeps its own words behind the region's name (太仓市招商局).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.lexicon.bodies import BodyKind, BodyType, Lexicon
from kg.lexicon.gazetteer import MUNICIPALITIES, NATIONAL, Gazetteer
from kg.lexicon.recognise import NameParse
from kg.model import Region


@dataclass(frozen=True)
class ResolvedAgency:
    name: str  # official full name: 太仓市科学技术局
    region: str | None  # region code of its jurisdiction (100000 for national bodies)
    kind: BodyKind
    labels: tuple[str, ...] = ()  # other names of the body: the surface, the district-only form


class AgencyResolver:
    def __init__(self, gaz: Gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gaz
        self.lex = lexicon

    def resolve(self, parse: NameParse, context: str | None, issuer: str | None = None) -> ResolvedAgency:
        """The body `parse` names, in a document whose jurisdiction is `context`, issued by
        `issuer` (its official name, when known)."""
        if parse.national_body is not None:
            name = parse.national_body.official
            if parse.body != parse.base:  # a department of it: 工业和信息化部 + 中小企业局
                name += self.lex.expand(parse.body)
            return self._with_labels(ResolvedAgency(name, NATIONAL, BodyKind.NATIONAL), parse)
        if parse.kind is BodyKind.NATIONAL:
            return self._with_labels(ResolvedAgency(parse.base, NATIONAL, BodyKind.NATIONAL), parse)
        if parse.kind in (BodyKind.ACADEMIC, BodyKind.ENTERPRISE):
            return self._own_name(parse, context)
        region = self._region(parse, context)
        if region is None:
            # a level word the document's region has no level for (区 in a development
            # zone's document): a zone that issues the document means its own body (区经济
            # 发展局 in 常州经济开发区's → 常州经济开发区经济发展局); else the body keeps
            # its words, under the document's region
            zone = self._issuing_zone(issuer) if parse.level == "区" else None
            if zone is not None:
                name = zone + self.lex.expand(parse.body)
                return self._with_labels(ResolvedAgency(name, context, parse.kind), parse)
            return self._with_labels(ResolvedAgency(self.lex.expand(parse.base), context, parse.kind), parse)
        body = self._body_type(parse.body_types, region)
        if body is not None and parse.kind is BodyKind.BRANCH:
            city = self.gaz.city_of(region.code) or region
            name = body.official(self.gaz.full_name(city.code), city.short) + region.short + "分局"
            return self._with_labels(ResolvedAgency(name, region.code, BodyKind.BRANCH), parse)
        if body is not None:
            short = region.short
            if body.kind is BodyKind.ZONE:
                zone_region = self._zone_region(region)
                if zone_region is not region and parse.region is not None:
                    short = zone_region.short + region.short  # 余杭经开区 → 杭州余杭经济技术开发区
                region = zone_region
                if zone_region is region and parse.region is None:
                    short = region.short
            name = body.official(self.gaz.full_name(region.code), short)
            if body.kind is BodyKind.PARTY:
                name = self._party_name(name, region)
            return self._with_labels(ResolvedAgency(name, region.code, body.kind), parse, region, body)
        full = self.gaz.full_name(region.code)
        if parse.kind is BodyKind.SEAT:
            return self._with_labels(ResolvedAgency(full + "人民政府", region.code, BodyKind.SEAT), parse)
        own = self.lex.expand(parse.body)
        if parse.party or own.startswith("委"):
            name = "中共" + full + own
        elif (parse.region is not None and parse.level is None and not parse.inherited) or own.startswith(
            ("中国", "中华")
        ):
            name = self.lex.expand(parse.base.removeprefix("中共"))  # named with its own region: its words
            # 广州市海珠区人工智能发展局 is 海珠区's; a zone is not its place's (内蒙古和林格尔新区)
            opening = self.gaz.opening_region(name, region.code) if parse.kind is not BodyKind.ZONE else None
            if opening is not None and (opening.code == region.code or region.code in self.gaz.ancestors(opening.code)):
                region = opening
        elif parse.kind is BodyKind.ZONE and parse.level is None:
            region = self._zone_region(region)  # a zone is named by its own name (金山高新区)
            name = self._zone_name(own, region)
        else:
            name = full + own
        return self._with_labels(ResolvedAgency(name, region.code, parse.kind), parse)

    # -- jurisdiction ------------------------------------------------------
    def _region(self, parse: NameParse, context: str | None) -> Region | None:
        doc = self.gaz.get(context) if context != NATIONAL else None
        if parse.region is not None:
            named = self.gaz.get(parse.region)
            if parse.level is not None and named is not None:
                return self._level_region(parse.level, named) or named
            return named
        if parse.level is not None:
            return self._level_region(parse.level, doc) if doc is not None else None
        if doc is None:
            return None
        levels = set().union(*(b.levels for b in parse.body_types)) if parse.body_types else None
        if not levels:
            return doc
        for r in self._chain(doc):
            if self._levels_of(r) & levels:
                return r
        return doc

    def _issuing_zone(self, issuer: str | None) -> str | None:
        """The zone an issuer's name opens with, up to its zone word: 江苏常州经济开发区党政
        办公室 → 江苏常州经济开发区; None when the issuer is no zone's body."""
        if not issuer:
            return None
        ends = [
            issuer.find(s.word) + len(s.word)
            for s in self.lex.suffixes
            if s.note == "zone" and s.word not in ("管委会", "执委会") and s.word in issuer
        ]
        return self.lex.expand(issuer[: max(ends)]) if ends else None

    def _chain(self, region: Region) -> list[Region]:
        out = [region]
        for code in self.gaz.ancestors(region.code):
            r = self.gaz.get(code)
            if r is not None and r.level != "national":
                out.append(r)
        return out

    def _levels_of(self, region: Region) -> set[str]:
        """A municipality is a province and a city at once (its bodies are 局 and 委)."""
        if region.code in MUNICIPALITIES:
            return {"province", "city"}
        return {region.level}

    def _level_region(self, word: str, doc: Region | None) -> Region | None:
        """The region a level word means in a document of region `doc`."""
        if doc is None:
            return None
        chain = self._chain(doc)
        if word in ("省", "自治区"):
            return next((r for r in chain if r.level == "province"), None)
        if word == "市":
            for r in chain:
                if r.name.endswith("市") and (r.level in ("city", "county") or r.code in MUNICIPALITIES):
                    return r
            return None
        if word in ("州", "盟", "自治州"):
            return next((r for r in chain if r.level == "city"), None)
        if word in ("区", "县", "旗", "自治县", "自治旗"):
            own = chain[0]
            return own if own.level == "county" else None
        return chain[0]  # 镇, 乡, 街道: bodies below the county, named within it

    def _party_name(self, name: str, region: Region) -> str:
        """The Party committee of an autonomous region is written 委员会 (中共广西壮族自治区
        委员会组织部); of a county named with one character and 县, 县委 (中共曹县县委组织部)."""
        full = self.gaz.full_name(region.code)
        if full.endswith("自治区") and f"{full}委" in name and f"{full}委员会" not in name:
            return name.replace(f"{full}委", f"{full}委员会", 1)
        if len(full) == 2 and full.endswith("县"):
            return name.replace(f"{full}委", f"{full}县委", 1)
        return name

    def _own_name(self, parse: NameParse, context: str | None) -> ResolvedAgency:
        """A university, institute or company: named by its own name, no region's body.
        A company named only by its line of business (资产集团) is the document's region's.
        A group written short is registered as a limited company under its full words
        (武汉投控集团 → 武汉投资控股集团有限公司)."""
        own = self.lex.expand(parse.base)
        written_short = own != parse.base
        if parse.region is None and not own.startswith(self.lex.national_prefixes + ("中国",)):
            region = self._region(parse, context) if parse.level else self.gaz.get(context)
            if region is not None and region.level != "national":
                if parse.level is not None or parse.kind is BodyKind.ENTERPRISE:
                    own = self.gaz.full_name(region.code) + self.lex.expand(parse.body)
        if parse.kind is BodyKind.ENTERPRISE and written_short and own.endswith("集团"):
            own += "有限公司"
        return self._with_labels(ResolvedAgency(own, None, parse.kind), parse)

    def _zone_name(self, own: str, region: Region) -> str:
        """A zone named after a district (余杭经开区) is written with its city (杭州余杭经开区)."""
        m = self.gaz.match_at(own, 0, region.code)
        if m is not None and m.region.level == "county" and m.region.name.endswith("区") and m.surface != m.region.name:
            city = self.gaz.city_of(m.region.code)
            if city is not None:
                return city.short + own
        return own

    def _zone_region(self, region: Region) -> Region:
        """A development zone is named after its city or county-level city, not a district."""
        if region.level == "county" and region.name.endswith("区"):
            city = self.gaz.city_of(region.code)
            return city or region
        return region

    def _body_type(self, types: tuple[BodyType, ...], region: Region) -> BodyType | None:
        if not types:
            return None
        levels = self._levels_of(region)
        for t in types:
            if t.levels & levels:
                return t
        return types[0]

    # -- labels ------------------------------------------------------------
    def _with_labels(
        self,
        agency: ResolvedAgency,
        parse: NameParse,
        region: Region | None = None,
        body: BodyType | None = None,
    ) -> ResolvedAgency:
        labels: list[str] = []
        if parse.surface != agency.name:
            labels.append(parse.surface)
        if parse.alias and parse.base != agency.name:
            labels.append(parse.base)
        if region is not None and body is not None and region.level == "county":
            own = body.official(region.name, region.short)
            if own != agency.name:
                labels.append(own)  # 罗湖区科技创新局 beside 深圳市罗湖区科技创新局
        return ResolvedAgency(agency.name, agency.region, agency.kind, tuple(dict.fromkeys(labels)))
