"""Agencies: responsible bodies of a task with their roles (牵头/负责 → lead, 配合 → support),
canonicalised with the region they belong to (市科技局 in a 忻州 document → 忻州市科学技术局).

Where responsibility is written:
- a parenthesis closing the task: （市发改委、市科技局牵头，市直有关单位配合）; a list with
  no role word means all lead, unless the document states that the first listed leads;
- lines such as 牵头单位：…，责任单位：… / 配合单位：…;
- in the text: 由市人社局牵头….

Collective references (市直有关单位, 各县（市、区）政府, 各相关部门) are kept as text, never
as agencies.  The abbreviation ↔ full-name knowledge is data: ``kg/data/agencies.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg import patterns as P
from kg.model import AgencyRef, Role, Span
from kg.regions import Gazetteer


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


#: Named bodies that are zones or institutions rather than a government's bureau.
_ZONE_WORDS = ("高新区", "开发区", "新区", "园区", "示范区", "集聚区", "功能区", "科技城", "管委会", "管理委员会")
_GENERIC_ZONES = ("经济技术开发区", "高新技术产业开发区", "高新区", "经济开发区", "开发区", "高新技术开发区")
_LEVEL_PREFIXES = (("自治区", "province"), ("省", "province"), ("市", "city"), ("县", "county"), ("区", "county"), ("旗", "county"))  # fmt: skip


class AgencyResolver:
    """Canonical name and jurisdiction of a body named in a document of a given region."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.by_form: dict[str, AgencyRow] = {}
        for row in load_agency_table():
            self.by_form.setdefault(row.canonical, row)
            for short in row.shorts:
                self.by_form.setdefault(short, row)

    def _level_region(self, level: str, doc_region: str | None) -> str | None:
        region = self.gaz.get(doc_region)
        chain = []
        while region is not None:
            chain.append(region)
            region = self.gaz.get(region.parent)
        for r in chain:
            if r.level == level:
                return r.code
        return None

    def resolve(self, surface: str, doc_region: str | None) -> tuple[str | None, str | None]:
        """(canonical name, region code); (None, None) for a collective reference."""
        s = P.squeeze(surface).strip("：:，,、")
        if not s or P.COLLECTIVE_RE.search(s) or len(s) < 2:
            return None, None
        s = s.removeprefix("中共")
        region_code: str | None = None
        rest = s
        found = self.gaz.find_all(s[:12], doc_region)
        if found and found[0].start == 0 and found[0].end == len(s) and found[0].region.level == "county":
            return self._government_name(found[0].region.code), found[0].region.code
        if found and found[0].start == 0 and found[0].end < len(s):
            region_code, rest = found[0].region.code, s[found[0].end :]
        else:
            for prefix, level in _LEVEL_PREFIXES:
                if s.startswith(prefix) and len(s) > len(prefix) + 1:
                    region_code, rest = self._level_region(level, doc_region), s[len(prefix) :]
                    break
        if any(w in s for w in _ZONE_WORDS) or s.endswith(("学院", "大学", "研究院", "研究所", "公司", "集团")):
            # A zone or institution keeps its own name (管委会 written out).
            name = s.replace("管委会", "管理委员会")
            region = region_code or (found[0].region.code if found else None) or self._city_of(doc_region)
            place = self.gaz.get(region)
            if name.startswith(_GENERIC_ZONES) and place is not None:
                name = place.short + name  # 经济技术开发区 in a 呼和浩特 document
            return name, region
        if region_code is None and not found:
            county = self._county_abbreviation(s, doc_region)
            if county is not None:
                return self._government_name(county), county
        row = self.by_form.get(rest)
        if row is None and rest.startswith("委") and rest in self.by_form:
            row = self.by_form[rest]
        region = self.gaz.get(region_code) if region_code else None
        if row is None:
            if region is None:
                if rest == s and (s.endswith("部") or s.endswith("委")) and s[:2] in ("国家", "国务"):
                    return s, "100000"
                region = self.gaz.get(self._city_of(doc_region)) if doc_region else None
                if region is None:
                    return s, None
                return s if s.startswith(region.name) else region.name + s, region.code
            if rest.startswith(("人民政府",)) or rest == "政府":
                return self._government_name(region.code), region.code
            return region.name + rest, region.code
        if region is None:
            if "national" in row.levels and rest == s:
                return "中华人民共和国" + row.canonical, "100000"
            region = self.gaz.get(self._city_of(doc_region)) if doc_region else None
            if region is None:
                return row.canonical, None
        if row.party:
            return "中共" + region.name + row.canonical, region.code
        if row.canonical == "人民政府":
            return self._government_name(region.code), region.code
        return region.name + row.canonical, region.code

    def _city_of(self, code: str | None) -> str | None:
        region = self.gaz.get(code)
        while region is not None and region.level == "county":
            region = self.gaz.get(region.parent)
        return region.code if region else None

    def _government_name(self, code: str) -> str:
        region = self.gaz.get(code)
        assert region is not None
        name = region.name
        if region.level == "county":
            same = [r for r in self.gaz.by_code.values() if r.name == region.name]
            parent = self.gaz.get(region.parent)
            if len(same) > 1 and parent is not None and parent.level == "city":
                name = parent.name + name
        return name + "人民政府"

    def _county_abbreviation(self, s: str, doc_region: str | None) -> str | None:
        """土左旗 → 土默特左旗, 和林县 → 和林格尔县: a county of the document's city whose name
        contains the abbreviation's characters in order, with the same suffix."""
        if not s.endswith(("旗", "县", "区", "市")) or len(s) > 6:
            return None
        city = self._city_of(doc_region)
        if city is None:
            return None
        counties = [r for r in self.gaz.by_code.values() if r.parent == city and r.level == "county"]
        exact = [r for r in counties if r.name == s]
        if exact:
            return exact[0].code
        hits = [r for r in counties if r.name[-1] == s[-1] and r.name[0] == s[0] and _subsequence(s, r.name)]
        return hits[0].code if len(hits) == 1 else None


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


# ---------------------------------------------------------------------------
# Reading responsibility notes
# ---------------------------------------------------------------------------


def split_outside_parens(text: str, seps: str) -> list[tuple[int, str]]:
    """Split at any of `seps` not inside parentheses; keep each part's offset."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in P.LPAREN:
            depth += 1
        elif ch in P.RPAREN:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return [(o, p) for o, p in parts if p.strip(P.SPACE)]


@dataclass(frozen=True)
class _Name:
    surface: str
    offset: int  # in the note
    role: Role | None  # None: no role word in its clause


def parse_note(note: str) -> list[_Name]:
    """Names and roles of a responsibility note (the inside of its parenthesis)."""
    out: list[_Name] = []
    for c_off, clause in split_outside_parens(note, "，,；;"):
        body = clause.strip(P.SPACE)
        lead_off = clause.index(body[0]) if body else 0
        role: Role | None = None
        m = P.ROLE_SUPPORT_RE.search(body) or None
        if m:
            role = Role.SUPPORT
        else:
            m = P.ROLE_LEAD_RE.search(body)
            if m:
                role = Role.LEAD
        if m:
            body = body[: m.start()]
        for n_off, part in split_outside_parens(body, "、"):
            pieces = P.AGENCY_AND_RE.split(part)
            pos = 0
            for piece in pieces:
                idx = part.index(piece, pos)
                pos = idx + len(piece)
                name = P.AGENCY_TAIL_RE.sub("", piece.strip(P.SPACE))
                if name:
                    out.append(_Name(name, c_off + lead_off + n_off + idx, role))
    return out


def extract_agencies(
    text: str, offset: int, region: str | None, resolver: AgencyResolver, first_listed_leads: bool
) -> tuple[list[AgencyRef], list[str]]:
    """Responsible agencies of one task text (and the collective references, as text)."""
    refs: list[AgencyRef] = []
    collective: list[str] = []
    notes: list[tuple[int, str, bool]] = []  # (offset in text, note, role words default to all-lead)
    pos = 0
    for line in text.split("\n"):
        m = P.TRAILING_PAREN_RE.search(line)
        if m and P.RESPONSIBLE_WORDS_RE.search(m.group(1)) and m.start() > 0:
            notes.append((pos + m.start(1), m.group(1), True))
        pos += len(line) + 1
    for m in P.RESPONSIBILITY_LINE_RE.finditer(text):
        notes.append((m.start(2), m.group(2) + ("配合" if "配合" in m.group(1) or "参与" in m.group(1) else ""), True))
    for m in P.ASSIGNED_BY_RE.finditer(text):
        notes.append((m.start(1), m.group(1) + m.group(2), False))
    seen: set[tuple[str, Role]] = set()
    for note_off, note, _ in notes:
        names = parse_note(note)
        any_role = any(n.role is not None for n in names)
        for i, n in enumerate(names):
            role = n.role
            if role is None:
                role = Role.SUPPORT if (first_listed_leads and not any_role and i > 0) else Role.LEAD
            canonical, reg = resolver.resolve(n.surface, region)
            if canonical is None:
                if n.surface not in collective:
                    collective.append(n.surface)
                continue
            key = (canonical, role)
            if key in seen:
                continue
            seen.add(key)
            start = offset + note_off + n.offset
            refs.append(
                AgencyRef(
                    surface=n.surface,
                    name=canonical,
                    region=reg,
                    role=role,
                    span=Span(start, start + len(n.surface)),
                    evidence=note,
                )
            )
    return refs, collective
