"""Document metadata: title, 发文字号, issuer, date, jurisdiction, period, draft, and
which document of a file carries which (a 请示 → a 通知 → the measures).

Works on the :class:`~kg.segment.DocSegment` list of one file.  Reading a header is
local to its segment; the roles (main / wrapper) and what a carried document
inherits from its carrier (number, date, issuer of a 印发 notice) are decided over
the file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg import patterns as P
from kg.extract.spans import list_items
from kg.lexicon.gazetteer import Gazetteer
from kg.model import Line
from kg.numerals import cn_to_int
from kg.segment import DocSegment, PageMeta, is_issuer_line

#: Region code of the country (gazetteer), the jurisdiction of national documents.
NATIONAL = "100000"
#: A joint signature stacks at most this many lines of bodies above its date.
MAX_SIGNER_LINES = 6


@dataclass(frozen=True)
class Header:
    """What one segment says about its own document."""

    title: str
    issuers: tuple[str, ...]
    doc_number: str | None
    date: str | None
    date_blank: bool  # a signature date printed with a blank day (2020年4月  日)
    draft: bool
    region: str | None
    period: tuple[int, int] | None
    is_wrapper: bool  # a 通知/请示/函 … that carries another document
    issuing: bool  # a 印发/转发 notice: what it carries inherits its number and date
    #: A term of validity counted from issue (自印发之日起施行，有效期至2028年 / 有效期三年):
    #: (until year, number of years); the period once the document's date is known.
    term: tuple[int | None, int | None] | None = None


def read_header(seg: DocSegment, gaz: Gazetteer) -> Header:
    title_lines = [x.text for x in seg.title_lines]
    issuers: list[str] = []
    if len(title_lines) > 1 and is_issuer_line(title_lines[0]):
        issuers.append(P.squeeze(title_lines.pop(0)))
    title = _join_title(title_lines)
    m = P.BOOK_TITLE_LINE_RE.match(title)
    if m:  # 《X方案》（试行）: the marks are not part of the title
        title = m.group(1) + m.group(2)
    title = P.EXCERPT_MARK_RE.sub("", title)  # X方案（节选）: the page's, not the title's
    # 呼和浩特市人民政府办公室关于印发… : the issuer printed in front of 关于 (the title
    # keeps it: it is the title as printed).
    if "关于" in title and not title.startswith("关于"):
        head = title.split("关于", 1)[0]
        if is_issuer_line(head):
            issuers.append(P.squeeze(head))
    draft = bool(P.DRAFT_RE.search(title))
    title = _strip_draft(title)
    zone = list(seg.before) + _header_zone(seg.lines)
    number = None
    for line in zone:
        m = P.DOC_NUMBER_RE.search(line.text)
        bare = None if m else P.DOC_NUMBER_LINE_RE.match(P.squeeze(line.text))
        if number is None and (m or bare):
            number = P.normalize_doc_number(m.group(0) if m else bare.group(1).rstrip("号") + "号")
        if P.DRAFT_RE.search(line.text) and len(P.squeeze(line.text)) <= 12:
            draft = True
    date, blank, signers = _signature(seg.lines)
    if not (date or blank or signers):
        date, blank, signers = _signature(seg.before)  # the untitled notice issuing it
    if signers:  # the bodies that sign: their full names (市政府办公室 → 太仓市人民政府办公室)
        issuers = list(signers)
    squeezed = P.squeeze(title)
    is_wrapper = bool(P.WRAPPER_TITLE_RE.search(squeezed))
    if is_wrapper:
        title = squeezed
    region = _region_of(title, issuers, gaz)
    period = None if is_wrapper else _period(title, seg.lines)
    term = None
    if period is None and not is_wrapper:
        period, term = _validity(seg.lines)
    return Header(
        title=title,
        issuers=tuple(issuers),
        doc_number=number,
        date=date,
        date_blank=blank,
        draft=draft,
        region=region,
        period=period,
        is_wrapper=is_wrapper,
        issuing=is_wrapper and bool(P.ISSUING_WRAPPER_RE.search(squeezed)),
        term=term,
    )


def _join_title(lines: list[str]) -> str:
    if len(lines) == 1:
        return P.SPACES_RE.sub(" ", lines[0]).strip()
    return "".join(P.squeeze(x) for x in lines)


def _strip_draft(title: str) -> str:
    return P.SPACES_RE.sub(" ", P.DRAFT_MARK_RE.sub("", title)).strip()


def _header_zone(lines: tuple[Line, ...]) -> list[Line]:
    """Lines between the title and the first sentence, salutation or numbered item."""
    from kg.extract.tasks import parse_number

    out = []
    for line in lines:
        t = P.squeeze(line.text)
        if t.endswith(("：", ":", "。")) or parse_number(line.text) or len(t) > 60:
            break
        out.append(line)
    return out


def _signature(lines: tuple[Line, ...]) -> tuple[str | None, bool, tuple[str, ...]]:
    """The signing date (and signers) at the end of a document's lines."""
    for i in range(len(lines) - 1, -1, -1):
        t = P.squeeze(lines[i].text)
        m = P.CN_DATE_RE.search(t)
        if not m:
            continue
        rest = t[: m.start()] + t[m.end() :]
        if rest not in ("", "印发") and not (is_issuer_line(t[: m.start()]) and t[m.end() :] in ("", "印发")):
            continue
        signer = (t[: m.start()],) if is_issuer_line(t[: m.start()]) else _signers_above(lines[:i])
        if m.group(3) is None:
            return None, True, signer
        y, mo, d = (cn_to_int(m.group(k)) or 0 for k in (1, 2, 3))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None, True, signer
        # The last standalone date of a document closes it; stop at the first found
        # unless it is the 印发 line, in which case the signed date above wins.
        if rest == "印发" or t.endswith("印发"):
            earlier = _signature(lines[:i])
            if earlier[0] or earlier[1]:
                return earlier
        return f"{y:04d}-{mo:02d}-{d:02d}", False, signer
    return None, False, ()


def _signers_above(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """The bodies signing above a date: the issuer lines just above it, one body a line
    or several on a line apart (中关村科技园区通州园管理委员会  北京市通州区经济和信息化局)."""
    out: list[str] = []
    for line in reversed(lines[-MAX_SIGNER_LINES:]):
        parts = P.SPACES_RE.split(line.text.strip(P.SPACE))
        if len(parts) > 1 and all(is_issuer_line(x) for x in parts):
            out[:0] = parts
        elif is_issuer_line(line.text):
            out.insert(0, P.squeeze(line.text))
        else:
            break
    return tuple(out)


def _region_of(title: str, issuers: list[str], gaz: Gazetteer) -> str | None:
    for text in [title, *issuers]:
        region = region_named(text, gaz)
        if region is not None:
            return region
    # last resort: a county's short name no other region has, naming a place (中关村科技
    # 园区延庆园 → 延庆区; never a word like 振兴 in 乡村振兴局)
    for text in [*issuers, title]:
        for m in gaz.find_all(text, unique_weak=True):
            if text[m.end : m.end + 1] in _PLACE_AFTER:
                return m.region.code
    return None


#: What follows a county's short name when it names a place: 延庆园, 余杭区, 长兴县.
_PLACE_AFTER = ("园", "区", "县", "镇", "乡")


def region_named(text: str, gaz: Gazetteer) -> str | None:
    """The region a title or an issuer names: the first written in full (a short name
    may hide in another word: 朝阳园 is no 朝阳市), else the first; a region written
    under its parent is the narrower one (上海市徐汇区 → 徐汇区, 佛山市南海区 → 南海区)."""
    matches = gaz.find_all(text)
    if not matches:
        return None
    full = [m for m in matches if m.surface == m.region.name]
    first = (full or matches)[0]
    return gaz.narrower(text, first.region, first.end).code


def _period(title: str, lines: tuple[Line, ...]) -> tuple[int, int] | None:
    m = P.YEAR_RANGE_RE.search(title)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    m = P.FIVE_YEAR_PLAN_RE.search(title)
    if m:
        n = "一二三四五六七八九".index(m.group(1)) + 11  # 十一五 → 11
        start = 1966 + 5 * (n - 3)
        return start, start + 4
    m = P.TITLE_ANY_YEAR_RE.search(title)
    if m:
        return int(m.group(1)), int(m.group(1))
    for line in lines[:40]:
        m = P.PERIOD_STATEMENT_RE.search(line.text)
        if m and int(m.group(1)) <= int(m.group(2)):
            return int(m.group(1)), int(m.group(2))
    return None


def _validity(lines: tuple[Line, ...]) -> tuple[tuple[int, int] | None, tuple[int | None, int | None] | None]:
    """The period of a term of validity (本措施自2026年3月18日起施行，有效期至2028年12月31日),
    or, when the term counts from issue, the term to apply once the date is known."""
    for line in reversed(lines):
        m = P.VALIDITY_RE.search(line.text)
        if not m:
            continue
        until = int(m.group("until")) if m.group("until") else None
        years = _count(m.group("years")) if m.group("years") else None
        start = P.CN_DATE_RE.search(m.group("start")) if m.group("start") else None
        if start is None:
            return None, (until, years)
        y, mo, d = (cn_to_int(start.group(k) or "1") or 1 for k in (1, 2, 3))
        return _term_period(y, mo, d, until, years), None
    return None, None


def _term_period(y: int, mo: int, d: int, until: int | None, years: int | None) -> tuple[int, int] | None:
    """Years covered by a term starting on y-mo-d: up to `until`, or for `years` years."""
    if until is None and years:
        until = y + years - (1 if (mo, d) == (1, 1) else 0)
    return (y, until) if until is not None and y <= until <= y + 50 else None


#: Counts of years written in Chinese (有效期三年, 试行两年).
_YEARS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else _YEARS.get(text)


@dataclass(frozen=True)
class Role:
    key: str
    wrapped_in: int | None  # index of the carrying segment


def assign_roles(headers: list[Header], task_counts: list[int]) -> list[Role]:
    """main = the segment holding the most tasks (the last on a tie, or the last
    non-wrapper when none has tasks); carriers before it are wrapper1, wrapper2 …"""
    n = len(headers)
    if max(task_counts, default=0) > 0:
        main = max(range(n), key=lambda i: (task_counts[i], i))
    else:
        plain = [i for i in range(n) if not headers[i].is_wrapper]
        main = plain[-1] if plain else n - 1
    keys: list[str] = [""] * n
    w = o = 0
    for i in range(n):
        if i == main:
            keys[i] = "main"
        elif i < main and headers[i].is_wrapper:
            w += 1
            keys[i] = f"wrapper{w}"
        else:
            o += 1
            keys[i] = f"doc{o}"
    roles = []
    for i in range(n):
        carrier = None
        if i <= main and i > 0 and headers[i - 1].is_wrapper and keys[i - 1].startswith("wrapper"):
            carrier = i - 1
        roles.append(Role(keys[i], carrier))
    return roles


def resolve_headers(headers: list[Header], roles: list[Role], meta: PageMeta, gaz: Gazetteer) -> list[Header]:
    """Apply page metadata, inheritance from carriers and file-level defaults."""
    out = list(headers)
    # Page metadata describes the document whose title it repeats, else the outermost.
    if any((meta.title, meta.number, meta.date, meta.issuer, meta.published)) and out:
        target = 0
        if meta.title:
            mt = P.comparable(meta.title)
            for i, h in enumerate(out):
                if mt and (mt in P.comparable(h.title) or P.comparable(h.title) in mt):
                    target = i
                    break
        h = out[target]
        # 发文机关 or a publisher may list several bodies: A、B2026年5月9日发布
        listed = [x for x in (P.squeeze(y) for y in list_items(meta.issuer or "")) if x]
        out[target] = replace(
            h,
            doc_number=h.doc_number or meta.number,
            date=h.date or (None if h.date_blank else meta.date or meta.published),
            issuers=h.issuers or tuple(listed),
            region=h.region or _region_of("", listed, gaz),
        )
    # Carried documents inherit from their carrier (outermost first).
    for i, role in enumerate(roles):
        if role.wrapped_in is None:
            continue
        c = out[role.wrapped_in]
        h = out[i]
        inherit = c.issuing
        out[i] = replace(
            h,
            draft=h.draft or c.draft,
            region=h.region or c.region,
            doc_number=h.doc_number or (c.doc_number if inherit and not h.is_wrapper else None),
            date=h.date or (c.date if inherit and not h.date_blank and not h.is_wrapper else None),
            issuers=h.issuers or (c.issuers if inherit else ()),
        )
    # A term of validity counted from issue runs from the document's date.
    for i, h in enumerate(out):
        if h.period is None and h.term is not None and h.date:
            y, mo, d = (int(x) for x in h.date.split("-"))
            out[i] = replace(h, period=_term_period(y, mo, d, *h.term))
    # Any document still without a jurisdiction takes the file's; national bodies' the country's.
    file_region = next((h.region for h in out if h.region), None)
    if file_region is None and any(P.NATIONAL_ISSUER_RE.search(h.title + "".join(h.issuers)) for h in out):
        file_region = NATIONAL
    for i, h in enumerate(out):
        if h.region is None and file_region:
            out[i] = replace(h, region=file_region)
        h = out[i]
        if not h.issuers and h.region and roles[i].key == "main":
            region = gaz.get(h.region)
            if region is not None:
                out[i] = replace(h, issuers=(f"{region.name}人民政府",))
    # Unwrap a main document titled as its own notice (关于印发《X》的通知 → X).
    for i, role in enumerate(roles):
        if role.key == "main":
            m = P.UNWRAP_TITLE_RE.match(P.squeeze(out[i].title))
            if m:
                out[i] = replace(out[i], title=m.group(1))
    return out
