"""Citations: documents referred to by 《title》 (nesting allowed) or by document number
(忻市发〔2019〕24号, 国发〔2017〕35号), with or without a title.

Relation from the words around the reference: 根据/依据/按照《…》…制定/编制 (in the same
sentence) → basedOn; 贯彻落实/落实/认真贯彻/执行《…》 → implements; anything else → cites.
Titles listed together (《A》和《B》) share the relation of the first.  A document never
cites itself (本《行动方案》, or its own title); the notice that carries a document is
linked by ``ont:wrappedIn`` instead, which the graph stage decides.
"""

from __future__ import annotations

from kg import patterns as P
from kg.extract.spans import sentence_around
from kg.model import Citation, CitationKind, Span

#: Titles of this length or less are not documents (《纲要》 as a short self-reference).
MIN_TITLE = 4


def _relation(before: str, after: str) -> CitationKind:
    if P.BASED_ON_BEFORE_RE.search(before) and P.BASED_ON_AFTER_RE.match(after):
        return CitationKind.BASED_ON
    if P.IMPLEMENTS_BEFORE_RE.search(before):
        return CitationKind.IMPLEMENTS
    return CitationKind.CITES


def _sentence(text: str, start: int, end: int) -> str:
    return sentence_around(text, start, end)


def extract_citations(text: str, offset: int, own_title: str) -> list[Citation]:
    out: list[Citation] = []
    own = P.comparable(own_title)
    numbers_used: set[int] = set()
    for m in P.BOOK_TITLE_RE.finditer(text):
        title = P.SPACES_RE.sub(" ", m.group(1)).strip()
        key = P.comparable(title)
        before = text[max(0, m.start() - 20) : m.start()]
        if len(key) <= MIN_TITLE or before.endswith("本") or (own and (key == own or key in own)):
            continue
        number = None
        after = text[m.end() : m.end() + 30]
        nm = P.DOC_NUMBER_RE.match(after.lstrip("（( "))
        if nm and after.lstrip()[:1] in "（(":
            number = P.normalize_doc_number(nm.group(0))
            numbers_used.add(m.end() + after.index(nm.group(0)[0]))
        kind = _relation(before, text[m.end() : m.end() + 60])
        if out and P.CITATION_LIST_JOIN_RE.search(before):
            kind = out[-1].kind  # 依据《A》和《B》，制定…: a list shares its relation
        out.append(
            Citation(
                title=title,
                doc_number=number,
                kind=kind,
                span=Span(offset + m.start(), offset + m.end()),
                evidence=_sentence(text, m.start(), m.end()),
            )
        )
    for m in P.find_doc_numbers(text):
        if m.start() in numbers_used or any(
            m.start() >= c.span.start - offset and m.start() < c.span.end - offset for c in out
        ):
            continue
        if any(abs((c.span.end - offset) - m.start()) <= 2 for c in out if c.doc_number):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        out.append(
            Citation(
                title=None,
                doc_number=P.normalize_doc_number(m.group(0)),
                kind=_relation(before, text[m.end() : m.end() + 60]),
                span=Span(offset + m.start(), offset + m.end()),
                evidence=_sentence(text, m.start(), m.end()),
            )
        )
    return out
