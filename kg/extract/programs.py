"""Programs: named initiatives (“111”创新工程, 高新技术企业倍增计划, “215”科技成果转化行动,
“三评”改革 …).

Three readings, in this order, never overlapping:
1. lists of quoted names before a program word: “111”“1331”“136”等工程;
2. a quoted name with a program or mechanism word close after it (“三评”改革), or
   launched by a verb just before it (深入推进“三个调整优化”);
3. a name ending in 工程/计划/行动/专项 …: the words before the suffix back to the
   verb that governs it (jieba tokens; 实施|推进|开展 … stop the walk).

Each mention gets an identity key: the quoted core when there is one (“111”创新工程 =
“111”工程 = 111工程 → 111), else the name without punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg import patterns as P
from kg.extract.spans import sentence_around, start_after
from kg.model import ProgramRef, Span
from kg.tokens import NOUN_CLASSES, Segmenter


#: Tokens that govern a program name and so end the backward walk (kg/data/stop_words.tsv).
def stop_words(industry: bool = False) -> frozenset[str]:
    """The words ending a name's backward walk: for programs, or for industries too.

    Industries stop at the modifiers that may stand inside a program's name (重大, 省级 …)."""
    common, industry_only, initial = _stop_words()
    return common | industry_only | initial if industry else common


def initial_words() -> frozenset[str]:
    """Modifiers that never begin a program's name but may stand inside one (国家科技重大专项)."""
    return _stop_words()[2]


@lru_cache(maxsize=1)
def _stop_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    text = resources.files("kg.data").joinpath("stop_words.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]

    def applying(kind: str) -> frozenset[str]:
        return frozenset(w for w, applies in rows[1:] if applies == kind)

    return applying("all"), applying("industry"), applying("initial")


#: Conjunctions joining two modifiers of one name (水资源节约和水环境重构行动).
_CONJUNCTIONS = frozenset({"和", "与", "及"})


_TIME_CORE_RE = re.compile(r"^(?:十[一二三四五六七八九]五|(?:19|20)\d\d年.*)$")
_MAX_NAME = 24


def program_key(name: str) -> str:
    """Identity key of a program name."""
    cores = [c for c in P.QUOTED_CORE_RE.findall(name) if not _TIME_CORE_RE.match(c)]
    if len(cores) == 1:
        return P.comparable(cores[0])
    return P.comparable(P.QUOTED_FIVE_YEAR_RE.sub(r"\1", name))


def _protected(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in P.BOOK_TITLE_RE.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _walk_back(
    text: str,
    end: int,
    seg: Segmenter,
    limit: int = 16,
    stops: frozenset[str] | None = None,
    coordinate: bool = False,
) -> int:
    """Start of the name that ends at `end`: tokens back to a stop word or punctuation.

    For programs (`stops` left to the default) a modifier such as 重大 is walked over and only
    trimmed when it would begin the name. With `coordinate`, a conjunction joining two verbless
    modifiers is taken into the name (实施[水资源节约和水环境重构]行动): the walk goes on past
    和/与/及 when the conjunct before it runs back to a governing word or the clause start,
    holds no programme word and the whole name stays short enough."""
    inner = initial_words() if stops is None else frozenset()
    stops = stop_words() if stops is None else stops
    clause_start = start_after(text, end, "，,。；;：:、（(）)\n！？", window=48)
    tokens = seg.tokens(text[clause_start:end])
    start, first = end, len(tokens)
    governed = True  # the walk ended at a stop word or the clause start, not at the limit
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        word = tok.text
        if word in stops or (word.strip() == "" and i != len(tokens) - 1) or word in ".．":
            break
        if end - (clause_start + tok.start) > limit:
            governed = False
            break
        start, first = clause_start + tok.start, i
    inside = [i for i in range(first, len(tokens)) if tokens[i].text in inner]
    if inside and not P.OWNER_LEVEL_OPENING_RE.match(text[start:end]):
        first = inside[-1] + 1  # a modifier inside a name only after its owner: 国家科技重大专项
        start = clause_start + tokens[first].start if first < len(tokens) else end
    if coordinate and start < end and governed and 0 < first and tokens[first - 1].text in _CONJUNCTIONS:
        conj_end = clause_start + tokens[first - 1].start
        before = _walk_back(text, conj_end, seg, limit=_MAX_NAME - (end - conj_end))
        if (
            before < conj_end
            and (before == clause_start or text[before - 1] not in "和与及")
            and not P.PROGRAM_SUFFIX_RE.search(text[before:conj_end])
            and not P.PROGRAM_OBJECT_END_RE.search(text[before:conj_end])
            and end - before <= _MAX_NAME
            and _ends_at_governor(text, before, clause_start, seg)
        ):
            return before
    return start


def _ends_at_governor(text: str, start: int, clause_start: int, seg: Segmenter) -> bool:
    """Whether the word before `start` governs the name (a verb or preposition of the stop list)
    or the name opens its clause — not a name cut by the length limit."""
    if start <= clause_start:
        return True
    tokens = seg.tokens(text[clause_start:start])
    return bool(tokens) and tokens[-1].text in stop_words() and tokens[-1].text not in _CONJUNCTIONS


def _list_items(text: str, start: int, name: str, seg: Segmenter) -> list[tuple[int, int]]:
    """创新驱动、科教兴省、人才强省战略 / A、B等六大工程: the listed names sharing a suffix."""
    bare = name.replace("“", "").replace("”", "")
    counted = bool(P.PROGRAM_COUNT_RE.match(bare)) and text[max(0, start - 1) : start] == "等"
    if not counted and text[max(0, start - 1) : start] != "、":
        return []
    list_end = start - 1
    clause_start = start_after(text, list_end, "，,。；;：:（(\n", window=120)
    parts: list[tuple[int, int]] = []
    pos = clause_start
    for piece in text[clause_start:list_end].split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if not parts:
        return []
    first_a, first_b = parts[0]
    parts[0] = (_walk_back(text, first_b, seg, limit=12), first_b)
    if any(not 2 <= b - a <= 12 for a, b in parts):
        return []
    if not counted:
        parts.append((start, start + len(name)))
    return parts


def _suffix_is_a_word(text: str, start: int, end: int, seg: Segmenter) -> bool:
    """Whether the program word at ``text[start:end]`` ends where a word ends — not
    inside the word after it (进行动态: no 行动; its start may share a word: 创业投资|基金)
    — and, for 专项, closes its noun phrase rather than modifying the noun after it
    (OPC专项信贷产品)."""
    lo = max(0, start - 6)
    tokens = seg.tokens(text[lo : min(len(text), end + 6)])
    if end not in {lo + t.end for t in tokens}:
        return False
    if text[start:end] == "专项":
        after = next((t for t in tokens if lo + t.start == end), None)
        if after is not None and seg.word_class(after.text) in NOUN_CLASSES:
            return False
    return True


def _acceptable(name: str) -> bool:
    bare = name.replace("“", "").replace("”", "")
    if bare[:1].isdigit() and not name.startswith("“"):
        return False
    if not name.startswith("“") and P.SHORT_PROGRAM_RE.match(bare):
        return False
    if name.count("“") != name.count("”"):
        return False  # half a quotation: 构建覆盖“创意验证-工程
    return 3 <= len(bare) <= _MAX_NAME and not P.GENERIC_PROGRAM_RE.search(bare) and "《" not in name


def extract_programs(text: str, offset: int, seg: Segmenter, headline_len: int = 0) -> list[ProgramRef]:
    refs: list[ProgramRef] = []
    taken: list[tuple[int, int]] = list(_protected(text))

    def add(start: int, end: int, name: str) -> None:
        name = name.strip(P.SPACE + "、，,")
        if name.count('"') % 2:  # a plain quote a scraped page left unpaired: the name is after it
            cut = name.rfind('"') + 1
            name, start = name[cut:], start + cut
        if not _acceptable(name) or _inside(start, taken):
            return
        taken.append((start, end))
        before = text[max(0, start - 6) : start]
        launched = start < headline_len and bool(P.HEADLINE_LAUNCH_BEFORE_RE.search(before))
        launched = launched or bool(P.LAUNCH_BEFORE_RE.search(before))
        evidence = sentence_around(text, start, end)
        refs.append(
            ProgramRef(
                name=name,
                key=program_key(name),
                defined_here=launched,
                span=Span(offset + start, offset + end),
                evidence=evidence,
            )
        )

    for m in P.QUOTED_LIST_PROGRAM_RE.finditer(text):
        kind = P.PROGRAM_KIND_END_RE.search(m.group(0)).group(1)  # type: ignore[union-attr]
        for q in P.SHORT_QUOTE_RE.finditer(m.group(1)):
            add(m.start(1) + q.start(), m.start(1) + q.end(), f"“{q.group(1)}”{kind}")
        taken.append((m.start(), m.end()))
    for m in P.QUOTED_PROGRAM_RE.finditer(text):
        q_start = m.start("q") - 1
        if _inside(q_start, taken) or _TIME_CORE_RE.match(m.group("q")):
            continue
        if m.group("suf") and P.NOT_PROGRAM_AFTER_RE.match(text[m.end() :]):
            continue
        quoted = m.group("q")
        strong = bool(m.group("suf")) and bool(P.STRONG_PROGRAM_SUFFIX_RE.search(m.group("suf")))
        if P.QUOTED_CLAUSE_RE.search(quoted) or (not strong and P.QUOTED_NOT_PROGRAM_RE.search(quoted)):
            continue
        if m.group("suf"):
            start = q_start
            if P.NAME_BEFORE_QUOTE_SUFFIX_RE.search(m.group("suf")):
                start = _walk_back(text, q_start, seg, limit=10) if q_start > 0 else q_start
            add(start, m.end(), text[start : m.end()])
        elif (
            quoted.endswith("制")
            or P.QUOTED_PROGRAM_WORD_RE.search(quoted)
            or P.PROGRAM_VERB_BEFORE_RE.search(text[max(0, q_start - 8) : q_start])
        ):
            if (
                P.PROGRAM_QUOTE_AFTER_RE.match(text[m.end("q") + 1 :])
                or quoted.endswith("制")
                or P.QUOTED_PROGRAM_WORD_RE.search(quoted)
            ):
                add(q_start, m.end("q") + 1, f"“{quoted}”")
    for m in P.PROGRAM_SUFFIX_RE.finditer(text):
        if _inside(m.start(), taken) or P.NOT_PROGRAM_AFTER_RE.match(text[m.end() :]):
            continue
        if not _suffix_is_a_word(text, m.start(), m.end(), seg):
            continue
        start = _walk_back(text, m.start(), seg, coordinate=True)
        amounts = list(P.AMOUNT_IN_NAME_RE.finditer(text, start, m.start()))
        quoted = [(q.start(), q.end()) for q in P.QUOTED_CORE_RE.finditer(text, start, m.start())]
        if amounts and not _inside(amounts[-1].start(), quoted):
            start = amounts[-1].end()  # 给予OPC企业最高20万元创新券: an amount is no part of a name
        end = m.end()
        if text.count("“", start, end) > text.count("”", start, end):
            close = P.QUOTE_CLOSE_AFTER_RE.match(text, end)
            if close:  # the quotation goes on past the word: “科技型中小企业成长路线图计划2.0”
                end = close.end()
        name = text[start:end]
        items = _list_items(text, start, name, seg)
        if items:
            for a, b in items:
                add(a, b, text[a:b] + m.group(0) if not text[a:b].endswith(m.group(0)) else text[a:b])
            taken.append((start, m.end()))
            continue
        if start == m.start():
            continue
        owner = P.OWNER_LEVEL_BEFORE_RE.search(text, max(0, start - 3), start)
        if owner and name.endswith(("基金", "大赛")) and P.GENERIC_PROGRAM_RE.search(name):
            start, name = owner.start(), text[owner.start() : end]  # 市级[天使投资基金]: the city's fund
        add(start, end, name)
    refs.sort(key=lambda r: r.span.start)
    return refs
