"""Recognise the name of a responsible body: is this string a body's name, a collective
reference (各区人民政府, 有关部门), or a piece of a sentence?  Recognition reads the shape
of the name only; what body it denotes (its jurisdiction and official name) is decided
afterwards by `kg.lexicon.resolve`.

A name is read as::

    [中共] [region name [child region]] [level word] body [（alias）]

where the region comes from the gazetteer (广东, 深圳市罗湖区), the level word from
``name_words.tsv`` (省, 市, 区, 县 …) and the body from the lexicon (科技局, 委组织部,
政府办) or, for bodies the lexicon does not know, from the suffix a body's name ends with
(局, 委员会, 集团 …).  Forms with a region inside them (团市委, 广东金融监管局,
人民银行广东省分行) and national bodies (科技部, 国务院审改办) are matched whole.  Every
reading gets a score and the reason it was given, so that what is rejected can be
reported (the build's quality report) instead of silently becoming an agency.

Two bodies run together (市经信局市新经济委) are split where a complete name is followed
by a level word or a region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from kg import patterns as P
from kg.lexicon.bodies import BodyKind, BodyType, Lexicon, NationalBody
from kg.lexicon.gazetteer import NATIONAL, Gazetteer


class Verdict(Enum):
    AGENCY = "agency"
    COLLECTIVE = "collective"  # 各区人民政府, 有关部门: kept as text
    REJECTED = "rejected"  # not a name: kept as text and counted in the build's warnings


@dataclass(frozen=True)
class NameParse:
    """The parts of a body's name as written."""

    surface: str  # the name as written, alias included: 市委组织部（人才办）
    body: str  # what follows region and level word: 委组织部
    base: str = ""  # the name without its alias: 市委组织部
    party: bool = False  # 中共 written before it
    region: str | None = None  # code of a region named in it (广东 → 440000)
    level: str | None = None  # level word written before the body: 省, 市 …
    inherited: bool = False  # region or level word taken from the name before it in a list
    body_types: tuple[BodyType, ...] = ()  # the lexicon's readings of the body
    national_body: NationalBody | None = None
    kind: BodyKind = BodyKind.OTHER
    alias: str | None = None  # （人才办）

    @property
    def prefixed(self) -> bool:
        """Does the name say whose body it is (a region or a level word)?"""
        return self.region is not None or self.level is not None or self.national_body is not None


@dataclass(frozen=True)
class Recognition:
    verdict: Verdict
    surface: str
    parse: NameParse | None = None
    score: float = 0.0
    reason: str = ""


#: Sentence punctuation, digits and quotes never stand inside a body's name.
_NOT_IN_NAME_RE = re.compile(r"[，,。；;：:、！!？?“”\"‘’《》0-9０-９%％]")
#: An alias or function note closing a name: 市委组织部（人才办）, 市政府办（金融）.
_ALIAS_RE = re.compile(r"^(?P<base>.+?)[（(](?P<alias>[^（）()]{1,12})[）)]$")
#: Characters a name of a body may consist of (Han, Latin letters, the middle dot).
_NAME_CHARS_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z·]+$")

#: Longest name accepted (characters); longest body a shape alone may vouch for.
MAX_NAME = 30
MAX_UNKNOWN_BODY = 16

#: The kind of a body the lexicon does not know, by the note of the suffix its name ends with.
_SUFFIX_KINDS = {"zone": BodyKind.ZONE, "academic": BodyKind.ACADEMIC, "enterprise": BodyKind.ENTERPRISE}

# Scores of the readings (see `_score_body`).
KNOWN = 1.0
SEAT = 0.9
PREFIXED_SHAPE = 0.75
BARE_SHAPE = 0.6
ACCEPT = 0.55

#: Verdicts a recogniser remembers (each side) before it starts again.
MEMO_SIZE = 200_000


class NameRecogniser:
    """Reads names of bodies with a lexicon and a gazetteer."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, memo_size: int = MEMO_SIZE) -> None:
        self.lex = lexicon
        self.gaz = gazetteer
        # A verdict is a pure function of (text, context) and the two lexicons: the
        # same strings come back in every task of a genre (市科技局, 各区人民政府), and
        # the note grammar tries each substring of a clause.  Remembered per instance,
        # emptied when full.
        self._memo_size = memo_size
        self._read_memo: dict[tuple[str, str | None], tuple[Recognition, ...]] = {}
        self._one_memo: dict[tuple[str, str | None], Recognition] = {}

    # -- public ------------------------------------------------------------
    def read(self, text: str, context: str | None = None) -> list[Recognition]:
        """The names in `text` (one, or several run together), each with its verdict;
        see `_read`."""
        key = (text, context)
        found = self._read_memo.get(key)
        if found is None:
            if len(self._read_memo) >= self._memo_size:
                self._read_memo.clear()
            found = self._read_memo[key] = tuple(self._read(text, context))
        return list(found)

    def recognise(self, text: str, context: str | None = None) -> Recognition:
        """One name's verdict (no splitting)."""
        key = (text, context)
        found = self._one_memo.get(key)
        if found is None:
            if len(self._one_memo) >= self._memo_size:
                self._one_memo.clear()
            found = self._one_memo[key] = self._recognise(text, context)
        return found

    def _read(self, text: str, context: str | None = None) -> list[Recognition]:
        """The names in `text` (one, or several run together), each with its verdict.

        `context` is the region code of the document's jurisdiction: it decides which of
        two regions of one name is meant and whether a shared national form (发展改革委)
        names the national body (in a national document) or a local one."""
        s = P.squeeze(text)
        whole = self.recognise(s, context)
        if whole.verdict is not Verdict.AGENCY or whole.score >= KNOWN:
            if whole.verdict is Verdict.REJECTED:
                split = self._split(s, context)
                if split:
                    return split
            return [whole]
        return self._split(s, context) or [whole]

    def _recognise(self, text: str, context: str | None = None) -> Recognition:
        s = P.squeeze(text)
        if not s:
            return Recognition(Verdict.REJECTED, s, reason="empty")
        alias = None
        m = _ALIAS_RE.match(s)
        base = s
        if m and not _NOT_IN_NAME_RE.search(m.group("alias")):
            base, alias = m.group("base"), m.group("alias")
        verb = next((w for w in self.lex.verbs if w in base), None)
        if verb:
            return Recognition(Verdict.REJECTED, s, reason=f"holds {verb!r}: a clause, not a name")
        if base in self.lex.levels and len(base) <= 2 and base not in ("省", "市"):
            # 各街道、镇: a level word alone continues a collective list
            return Recognition(Verdict.COLLECTIVE, s, reason=f"collective reference (every {base})")
        collective = self._collective(base)
        if collective:
            return Recognition(Verdict.COLLECTIVE, s, reason=f"collective reference ({collective})")
        if len(base) > MAX_NAME:
            return Recognition(Verdict.REJECTED, s, reason="too long for a name")
        bad = _NOT_IN_NAME_RE.search(base)
        if bad:
            return Recognition(Verdict.REJECTED, s, reason=f"holds {bad.group(0)!r}: a clause, not a name")
        if not _NAME_CHARS_RE.match(base):
            return Recognition(Verdict.REJECTED, s, reason="holds characters no name has")
        clause = self._clause_word(base, context)
        if clause:
            return Recognition(Verdict.REJECTED, s, reason=f"holds {clause!r}: a clause, not a name")
        best = self._best_reading(base, context)
        if best is None:
            return Recognition(Verdict.REJECTED, s, reason="no body suffix (局, 委, 办 …): not a body's name")
        parse, score, reason = best
        parse = replace(parse, surface=s, base=base, alias=alias)
        if score < ACCEPT:
            return Recognition(Verdict.REJECTED, s, parse, score, reason)
        return Recognition(Verdict.AGENCY, s, parse, score, reason)

    def is_region_only(self, text: str, context: str | None = None) -> bool:
        """Is `text` a region's name and nothing else (广州, 嘉善县)?"""
        m = self.gaz.match_at(text, 0, context)
        return m is not None and m.end == len(text)

    # -- checks --------------------------------------------------------------
    def _collective(self, s: str) -> str | None:
        if not self._ends_like_a_name(s):
            return None  # 有关部门建立协调机制: a clause, not a reference
        for w in self.lex.collective_any:
            if w in s:
                return w
        for w in self.lex.collective_head:
            if s.startswith(w):
                return w
        known = s in self.lex.local or s in self.lex.national
        suffix = self.lex.suffix_of(s)
        for w in self.lex.collective_tail:
            # 科研院所, 有关部门: a generic noun, unless a body's suffix longer than it ends the name
            if s.endswith(w) and not known and (suffix is None or len(suffix.word) <= len(w)):
                return w
        return None

    def _ends_like_a_name(self, s: str) -> bool:
        """Does `s` end the way a reference to bodies does: a body's suffix, a collective
        noun (单位, 部门), a level word (各区, 各县区) or a closing bracket?"""
        if len(s) <= 4 or s[-1] in "）)":
            return True
        return bool(
            self.lex.suffix_of(s)
            or s.endswith(self.lex.collective_tail + self.lex.collective_any)
            or s[-1] in self.lex.levels
            or s[-2:] in self.lex.levels
        )

    def _clause_word(self, s: str, context: str | None) -> str | None:
        for w in self.lex.clause_any:
            if w in s:
                return w
        for w in self.lex.clause_tail:
            if s.endswith(w):
                return w
        if self.gaz.match_at(s, 0, context) is None and self.gaz.abbreviation(s, context) is None:
            for w in self.lex.clause_head:
                if s.startswith(w) and s not in self.lex.local and s not in self.lex.national:
                    return w
        return None

    # -- readings ----------------------------------------------------------
    def _best_reading(self, base: str, context: str | None) -> tuple[NameParse, float, str] | None:
        national_doc = context == NATIONAL
        nb = self.lex.national.get(base)
        if nb is not None and (nb.only or national_doc or base.startswith(self.lex.national_prefixes)):
            return (
                NameParse(base, base, national_body=nb, kind=BodyKind.NATIONAL),
                KNOWN,
                f"national body {nb.official}",
            )
        for k in range(len(base) - 2, 1, -1):
            # a department of a national body: 工业和信息化部中小企业局, 科技部火炬中心
            nb = self.lex.national.get(base[:k])
            rest = base[k:]
            national = nb is not None and (nb.only or base.startswith(self.lex.national_prefixes))
            if national and rest.endswith(self.lex.units) and len(rest) <= 12:
                parse = NameParse(base, rest, national_body=nb, kind=BodyKind.NATIONAL)
                return parse, PREFIXED_SHAPE, f"a department of {nb.official}"
        for form in self.lex.infix:
            m = form.pattern.fullmatch(base)
            if m is None:
                continue
            parse = self._infix_parse(base, m, form.body, context)
            if parse is not None:
                return parse, KNOWN, f"known form of {form.body.template}"
        short_county = self.gaz.abbreviation(base, context) if self.gaz.lookup(base, context) is None else None
        if short_county is not None:
            parse = NameParse(base, "", region=short_county.code, kind=BodyKind.SEAT)
            return parse, SEAT, f"short name of {short_county.name} standing for its government"
        readings = []
        party = base.startswith("中共")
        start = 2 if party else 0
        for region, after_region in self._region_prefixes(base, start, context):
            for level, after_level in self._level_prefixes(base, after_region):
                body = base[after_level:]
                scored = self._score_body(body, party, region, level)
                if scored is None:
                    continue
                types, kind, score, reason = scored
                # the more of the name its prefixes explain, the better, on a tie
                rank = (score, after_level if score >= KNOWN else 0)
                readings.append(
                    (
                        rank,
                        NameParse(base, body, party=party, region=region, level=level, body_types=types, kind=kind),
                        score,
                        reason,
                    )
                )
        if not readings:
            return None
        readings.sort(key=lambda r: r[0], reverse=True)
        _, parse, score, reason = readings[0]
        if parse.region is None and parse.level is None and base.startswith(self.lex.national_prefixes):
            if score < KNOWN:
                # 国家XX局 the lexicon does not know: a national body by its shape
                return replace(parse, kind=BodyKind.NATIONAL), PREFIXED_SHAPE, "national prefix and a body suffix"
        return parse, score, reason

    def _infix_parse(self, base: str, m: re.Match[str], body: BodyType, context: str | None) -> NameParse | None:
        groups = m.groupdict()
        region = None
        for key in ("R", "S"):
            word = groups.get(key)
            if word is None:
                continue
            found = self.gaz.lookup(word, context)
            if found is None:
                return None
            region = found.code
        level = groups.get("L")
        return NameParse(base, base, region=region, level=level, body_types=(body,), kind=body.kind)

    def _region_prefixes(self, s: str, start: int, context: str | None) -> list[tuple[str | None, int]]:
        out: list[tuple[str | None, int]] = [(None, start)]
        m = self.gaz.match_at(s, start, context)
        if m is not None:
            out.append((m.region.code, m.end))
            child = self.gaz.match_at(s, m.end, m.region.code)
            if child is not None and child.region.parent == m.region.code:
                out.append((child.region.code, child.end))
        return out

    def _level_prefixes(self, s: str, start: int) -> list[tuple[str | None, int]]:
        out: list[tuple[str | None, int]] = [(None, start)]
        for end, _ in self.lex.level_trie.prefixes_at(s, start):
            out.append((s[start:end], end))
        return out

    def _score_body(
        self, body: str, party: bool, region: str | None, level: str | None
    ) -> tuple[tuple[BodyType, ...], BodyKind, float, str] | None:
        prefixed = region is not None or level is not None
        if not body:
            if region is not None and level is None and not party:
                return (), BodyKind.SEAT, SEAT, "a region standing for its government"
            return None
        types = self.lex.local.get(body)
        if not types and body.startswith("党委"):
            types = self.lex.local.get(body[1:])  # 自治区党委组织部: the Party committee's 委组织部
        if types:
            return types, types[0].kind, KNOWN, f"known body {body}"
        if body.endswith("分局") and self.lex.local.get(body[:-2] + "局") and level in ("区", "县"):
            # 区医保分局: the district branch of the city's 医保局
            return self.lex.local[body[:-2] + "局"], BodyKind.BRANCH, KNOWN, f"district branch of {body[:-2]}局"
        if body.startswith("委") and (prefixed or party) and self.lex.suffix_of(body):
            return (), BodyKind.PARTY, PREFIXED_SHAPE, "a Party committee's body (委…)"
        suffix = self.lex.suffix_of(body)
        if suffix is None or len(body) > MAX_UNKNOWN_BODY or len(body) <= len(suffix.word):
            return None
        kind = _SUFFIX_KINDS.get(suffix.note, BodyKind.OTHER)
        if prefixed:
            return (), kind, PREFIXED_SHAPE, f"unknown body ending in {suffix.word}"
        return (), kind, BARE_SHAPE, f"unknown body ending in {suffix.word}"

    # -- names run together ------------------------------------------------
    def _split(self, s: str, context: str | None) -> list[Recognition] | None:
        """Two or more names written without a separator (市经信局市新经济委)."""
        for k in range(2, len(s) - 1):
            if self.lex.suffix_of(s[:k]) is None:
                continue
            if self.lex.level_trie.longest_at(s, k) is None and self.gaz.match_at(s, k, context) is None:
                continue
            left = self.recognise(s[:k], context)
            if left.verdict is not Verdict.AGENCY or left.score < PREFIXED_SHAPE:
                continue
            right = self.read(s[k:], context)
            if all(r.verdict is Verdict.AGENCY and r.score >= PREFIXED_SHAPE for r in right):
                # a level word repeated (市经信局市新经济委) or two known bodies; a region
                # after a body names a part of it (中国科学院成都分院)
                repeated = self.lex.level_trie.longest_at(s, k) is not None
                if (repeated and (left.score >= KNOWN or right[0].score >= KNOWN)) or (
                    left.score >= KNOWN and right[0].score >= KNOWN
                ):
                    return [left, *right]
        return None
