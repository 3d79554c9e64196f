"""Segment: split a decoded file into lines, drop web-page noise, keep page metadata,
skip tables of contents, and cut the file into the documents it nests.

Page chrome never reaches a document: a front matter block, navigation tabs, tags and
breadcrumbs that repeat the title cut short, publication markers (（此件公开发布）) and
footer links are noise or page metadata; what the page says about the document (its
title, the date printed under it, who published it and when) is :class:`PageMeta`.

A scraped file may carry several documents: a 请示 that carries a 通知 that carries
the measures themselves.  Each starts with a title block (one to four short lines
ending in a genre word such as 通知/方案/措施/规划).  The output is a list of
:class:`DocSegment` in file order; `extract.document` reads their metadata and
`extract.tasks` their numbered items.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg import patterns as P
from kg.model import Line, LineKind, Span
from kg.numerals import cn_to_int

#: A title line is at most this long (characters, spaces squeezed).
MAX_TITLE_LINE = 64
#: A title block joins at most this many lines.
MAX_TITLE_LINES = 4
#: A front matter block holds at most this many key lines.
MAX_FRONT_MATTER = 40
#: A tag or breadcrumb repeating the start of the next line is at most this long.
MAX_TEASER = 20
#: A publication statement (X2026年3月31日发布，征求意见时间为…) is at most this long.
MAX_STATEMENT = 160
#: Lines of a title block that are an issuing body (忻州市人民政府办公室).
ISSUER_SUFFIXES = ("办公室", "办公厅", "人民政府", "政府", "委员会", "管委会", "局", "厅", "委", "办", "部", "院", "署", "中心", "会", "办事处")  # fmt: skip


@dataclass(frozen=True)
class PageMeta:
    """What the page says about its document, outside the document's own text: the
    key–value metadata of information-disclosure pages (标题/发文字号/发文机关/成文日期),
    a front matter block (``title:``), the publication date printed under the page title,
    and a closing statement of who published it and when (X2026年3月31日发布)."""

    title: str | None = None
    number: str | None = None
    issuer: str | None = None  # 发文机关, else the publisher of a publication statement
    date: str | None = None  # 成文日期
    published: str | None = None  # 发布日期: a publication statement's, else the page's


@dataclass(frozen=True)
class DocSegment:
    """One document's lines: its title block, then everything up to the next title."""

    title_lines: tuple[Line, ...]
    lines: tuple[Line, ...]  # content lines after the title block
    before: tuple[Line, ...]  # content lines just before the title (a leading doc number)

    @property
    def span(self) -> Span:
        first = (self.before or self.title_lines or self.lines)[0]
        last = (self.lines or self.title_lines or self.before)[-1]
        return Span(first.span.start, last.span.end)


@dataclass(frozen=True)
class Segmented:
    lines: tuple[Line, ...]
    kinds: tuple[LineKind, ...]
    meta: PageMeta
    segments: tuple[DocSegment, ...]


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with the span of their stripped content."""
    out: list[Line] = []
    pos = 0
    strip_chars = P.SPACE + "\n"
    for raw in text.split("\n"):
        stripped = raw.strip(strip_chars)
        if stripped:
            start = pos + raw.index(stripped[0])
            out.append(Line(len(out), Span(start, start + len(stripped)), stripped))
        pos += len(raw) + 1
    return out


def parse_meta_line(text: str) -> dict[str, str]:
    """索  引 号: X 主题分类: Y → {"index": "X", "topic": "Y"}; {} when not a metadata line."""
    keys = list(P.META_KEY_RE.finditer(text))
    if not keys or text[: keys[0].start()].strip():
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
        name = P.META_KEYS[P.squeeze(m.group(1))]
        out.setdefault(name, text[m.end() : end].strip(P.SPACE))
    return out


def classify_lines(lines: list[Line]) -> tuple[list[LineKind], PageMeta]:
    """Mark noise, metadata and table-of-contents lines; collect the page metadata."""
    kinds: list[LineKind] = []
    meta: dict[str, str] = {}
    in_toc = False
    front = front_matter_length(lines)
    header = True  # in the page header: no sentence of text seen yet
    for n, line in enumerate(lines):
        text = line.text
        if n < front:
            m = P.FRONT_MATTER_LINE_RE.match(text)
            if m and m.group(1).lower() in P.FRONT_MATTER_KEYS:
                value = m.group(2).strip(P.SPACE + "\"'")
                if value:
                    meta.setdefault(P.FRONT_MATTER_KEYS[m.group(1).lower()], value)
            kinds.append(LineKind.METADATA)
            continue
        if in_toc:
            if _is_heading_only(text):
                kinds.append(LineKind.TOC)
                continue
            in_toc = False
        fields = parse_meta_line(text)
        if fields:
            for k, v in fields.items():
                if v:
                    meta.setdefault(k, v)
            kinds.append(LineKind.METADATA)
        elif P.TOC_HEADER_RE.match(text):
            in_toc = True
            kinds.append(LineKind.TOC)
        elif is_noise_line(text):
            kinds.append(LineKind.NOISE)
        elif header and P.BARE_DATE_LINE_RE.match(P.squeeze(text)):
            meta.setdefault("page_date", text)
            kinds.append(LineKind.METADATA)
        elif (statement := publication_statement(text)) is not None:
            date, publisher = statement
            meta.setdefault("statement_date", date)
            if publisher:
                meta.setdefault("publisher", publisher)
            kinds.append(LineKind.METADATA)
        else:
            kinds.append(LineKind.CONTENT)
            if any(c in text for c in "。；;") or text.endswith(("：", ":")):
                header = False
    _mark_teasers(lines, kinds)
    number = meta.get("number", "")
    page = PageMeta(
        title=meta.get("title"),
        number=P.normalize_doc_number(number) if P.DOC_NUMBER_RE.search(number) else None,
        issuer=meta.get("issuer") or meta.get("publisher") or None,
        date=_iso_date(meta.get("date", "")),
        published=next(
            (d for k in ("statement_date", "published", "page_date") if (d := _iso_date(meta.get(k, "")))), None
        ),
    )
    return kinds, page


def front_matter_length(lines: list[Line]) -> int:
    """Lines of a front matter block opening the page (``---`` / ``key: value`` … / ``---``),
    fences included; 0 when the page has none."""
    if not lines or not P.FRONT_MATTER_FENCE_RE.match(lines[0].text):
        return 0
    for n in range(1, min(len(lines), MAX_FRONT_MATTER + 2)):
        text = lines[n].text
        if P.FRONT_MATTER_FENCE_RE.match(text):
            return n + 1 if n > 1 else 0
        if not P.FRONT_MATTER_LINE_RE.match(text):
            return 0
    return 0


def is_noise_line(text: str) -> bool:
    """Page chrome: navigation, widgets, footers, a publication marker, an editorial note."""
    t = P.squeeze(text)
    return (
        (len(text) < 120 and bool(P.NOISE_LINE_RE.search(text)))
        or bool(P.PUBLICATION_MARKER_RE.match(t))
        or bool(P.EDITORIAL_NOTE_RE.match(t))
    )


def publication_statement(text: str) -> tuple[str, str | None] | None:
    """(ISO date, publisher or None) of a line stating who published the document and
    when (嘉兴市发展和改革委员会2026年3月31日发布，…); None for any other line."""
    t = text.strip(P.SPACE)
    if len(t) > MAX_STATEMENT:
        return None
    m = P.PUBLICATION_STATEMENT_RE.match(t)
    date = _iso_date(m.group("date")) if m else None
    if m is None or date is None:
        return None
    publisher = None
    for who in (m.group("by"), m.group("after")):
        names = [P.squeeze(x) for x in (who or "").split("、")]
        if all(is_issuer_line(x) for x in names):
            publisher = "、".join(names)
            break
    return date, publisher


def _mark_teasers(lines: list[Line], kinds: list[LineKind]) -> None:
    """A short line that the next text line starts with is a tag or a breadcrumb holding
    the title cut short (武汉 / 武汉市人民政府关于…; 关于印发《青岛 / 关于印发《青岛市…》的通知):
    page chrome, not a line of the title."""
    content = [i for i, k in enumerate(kinds) if k is LineKind.CONTENT]
    for i, j in zip(content, content[1:]):
        a, b = P.squeeze(lines[i].text), P.squeeze(lines[j].text)
        if len(a) <= MAX_TEASER and len(b) > len(a) and b.startswith(a) and not any(c in a for c in "。；;：:"):
            kinds[i] = LineKind.NOISE


def _is_heading_only(text: str) -> bool:
    """A table-of-contents entry: a numbered heading with no sentence after it."""
    from kg.extract.tasks import parse_number

    return parse_number(text) is not None and not any(c in text for c in "。；;") and len(text) <= 60


def _iso_date(text: str) -> str | None:
    m = P.ISO_DATE_RE.search(text) or P.CN_DATE_RE.search(text)
    if not m or m.lastindex is None or m.lastindex < 3 or not m.group(3):
        return None
    y, mo, d = (cn_to_int(m.group(k)) or 0 for k in (1, 2, 3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# ---------------------------------------------------------------------------
# Title blocks and documents
# ---------------------------------------------------------------------------


def is_issuer_line(text: str) -> bool:
    """忻州市人民政府办公室 — a short line naming a body, no sentence punctuation."""
    t = P.squeeze(text)
    return 2 < len(t) <= 30 and t.endswith(ISSUER_SUFFIXES) and not any(c in t for c in "，,。；;：:《》“”")


def _title_line_ok(text: str) -> bool:
    from kg.extract.tasks import parse_number

    t = P.squeeze(text)
    if not t or len(t) > MAX_TITLE_LINE:
        return False
    if t[-1] in "。；;：:，," or any(c in t for c in "，,。；;"):
        return False
    if parse_number(text) is not None or P.ATTACHMENT_RE.match(t) or P.FILLER_RE.search(t):
        return False
    if P.CN_DATE_RE.search(t) or P.ISO_DATE_RE.search(t) or P.DOC_NUMBER_RE.search(t):
        return False
    if P.DRAFT_RE.search(t) and t[0] in P.LPAREN:
        return False
    return not t.startswith(("为", "根据", "按照", "经", "现将", "——"))


def title_block_at(lines: list[Line], i: int) -> int:
    """Length of the title block starting at lines[i] (0 when none starts there)."""
    for k in range(1, MAX_TITLE_LINES + 1):
        block = lines[i : i + k]
        if len(block) < k or not _title_line_ok(block[-1].text):
            return 0
        joined = P.squeeze("".join(line.text for line in block))
        if joined.count("《") != joined.count("》"):
            continue
        body = joined
        if k > 1 and is_issuer_line(block[0].text):
            body = P.squeeze("".join(line.text for line in block[1:]))
        if k == 1 and is_issuer_line(block[0].text):
            continue
        if P.TITLE_END_RE.search(body) and len(body) >= 6:
            return k
    return 0


def segment_documents(lines: list[Line], kinds: list[LineKind]) -> list[DocSegment]:
    """Cut the content lines into documents at their title blocks."""
    content = [line for line, kind in zip(lines, kinds) if kind is LineKind.CONTENT]
    starts: list[tuple[int, int]] = []  # (index into content, block length)
    numbered_started = False
    after_attachment = False
    i = 0
    from kg.extract.tasks import parse_number

    raw_attachment = {line.index for line, kind in zip(lines, kinds) if P.ATTACHMENT_RE.match(line.text)}
    while i < len(content):
        line = content[i]
        prev_attach = after_attachment or (line.index - 1 in raw_attachment) or (line.index - 2 in raw_attachment)
        k = title_block_at(content, i)
        if k:
            joined = P.squeeze("".join(x.text for x in content[i : i + k]))
            strong = bool(P.WRAPPER_TITLE_RE.search(joined)) or prev_attach
            if not numbered_started or strong:
                starts.append((i, k))
                numbered_started = False
                after_attachment = False
                i += k
                continue
        if parse_number(line.text) is not None:
            numbered_started = True
        after_attachment = bool(P.ATTACHMENT_RE.match(line.text)) and len(P.squeeze(line.text)) <= 4
        i += 1
    notices: dict[int, tuple[int, int]] = {}
    starts = _merge_repeated_titles(content, starts, notices)
    if not starts:
        return [DocSegment((), tuple(content), ())] if content else []
    segments = []
    for n, (s, k) in enumerate(starts):
        end = len(content)
        if n + 1 < len(starts):
            end = notices.get(starts[n + 1][0], (starts[n + 1][0], 0))[0]
        before: list[Line] = []
        if n == 0:
            head = notices.get(s, (s, s))[0]
            before = [x for x in content[:head] if P.DOC_NUMBER_RE.search(x.text)]
        else:
            # A document number printed just above a title belongs to it.
            prev_lines = segments[-1].lines
            if s not in notices and prev_lines and P.DOC_NUMBER_RE.fullmatch(P.squeeze(prev_lines[-1].text)):
                before = [prev_lines[-1]]
                segments[-1] = DocSegment(segments[-1].title_lines, prev_lines[:-1], segments[-1].before)
        if s in notices:
            # The untitled notice that issues the document under the repeated title.
            before += content[notices[s][1] : s]
        segments.append(DocSegment(tuple(content[s : s + k]), tuple(content[s + k : end]), tuple(before)))
    return segments


def _merge_repeated_titles(
    content: list[Line], starts: list[tuple[int, int]], notices: dict[int, tuple[int, int]]
) -> list[tuple[int, int]]:
    """A page title repeated as the formal title (page header, then the document) is one
    document: drop the first when nothing but numbers, dates and drafts lie between, or
    when the two are the same title and what lies between is an untitled notice (number,
    salutation, a paragraph or two, signature: no numbered item); `notices` then maps the
    title kept to (first line of the title dropped, first line of the notice)."""
    from kg.extract.tasks import parse_number

    out: list[tuple[int, int]] = []
    for s, k in starts:
        if out:
            ps, pk = out[-1]
            between = content[ps + pk : s]
            a = P.comparable("".join(x.text for x in content[ps : ps + pk]))
            b = P.comparable("".join(x.text for x in content[s : s + k]))
            empty = all(_is_header_filler(x.text) for x in between)
            notice = a == b and not any(parse_number(x.text) is not None for x in between)
            if (empty and (a in b or b in a)) or notice:
                out[-1] = (s, k)
                if notice and between and not empty:
                    notices[s] = (notices.get(ps, (ps, 0))[0], ps + pk)
                continue
        out.append((s, k))
    return out


def _is_header_filler(text: str) -> bool:
    t = P.squeeze(text)
    return (
        bool(P.DOC_NUMBER_RE.search(t) or P.CN_DATE_RE.search(t) or P.ISO_DATE_RE.search(t) or P.DRAFT_RE.search(t))
        and len(t) < 40
    )


def segment(text: str) -> Segmented:
    lines = split_lines(text)
    kinds, meta = classify_lines(lines)
    segments = segment_documents(lines, kinds)
    return Segmented(tuple(lines), tuple(kinds), meta, tuple(segments))
