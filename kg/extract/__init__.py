"""Per-document extraction: one pure function of one decoded file.

``extract_source(src)`` runs segment → document headers → task outline → facts and
returns a :class:`~kg.model.DocResult`.  It depends only on the file's text and the
project's rules and vocabularies (see :data:`RULES_VERSION`), so its result can be
cached by content hash and computed on any core or machine.
"""

from __future__ import annotations

from kg import patterns as P
from kg.extract.document import assign_roles, read_header, resolve_headers
from kg.extract.facts import FactContext, Resources, extract_facts, load_resources, merge_facts
from kg.extract.tasks import build_outline, select_tasks
from kg.model import DocResult, Document, Span, Task
from kg.segment import segment

#: Bump when any rule or vocabulary changes what extraction produces: it keys the cache.
RULES_VERSION = "2026.11.22-1"


def extract_source(src, res: Resources | None = None) -> DocResult:
    """Extract every document, task and fact of one decoded file."""
    res = res or load_resources()
    gaz = res.gaz
    seg = segment(src.text)
    warnings: list[str] = []
    if not seg.segments:
        return DocResult(src, (), ("no document text after removing web-page noise",))
    headers = [read_header(s, gaz) for s in seg.segments]
    selected = [select_tasks(build_outline(s.lines), src.text) for s in seg.segments]
    roles = assign_roles(headers, [len(units) for units, _ in selected])
    headers = resolve_headers(headers, roles, seg.meta, gaz)
    documents: list[Document] = []
    for s, h, role, (units, other) in zip(seg.segments, headers, roles, selected):
        title = h.title
        if not title:
            title = _fallback_title(s, src.path)
            warnings.append(f"no title found for a document; using {title!r}")
        doc_text = "\n".join(x.text for x in s.lines)
        ctx = FactContext(
            region=h.region,
            period=h.period,
            doc_title=title,
            res=res,
            first_listed_leads=bool(P.FIRST_LISTED_LEADS_RE.search(doc_text)),
        )
        tasks = tuple(
            Task(
                u.task.path,
                u.task.label,
                u.task.text,
                u.task.span,
                extract_facts(u.task.text, u.task.span.start, ctx, _headline_len(u.task.text)),
            )
            for u in units
        )
        preamble = "\n".join(x.text for x in other[:3])
        documents.append(
            Document(
                key=role.key,
                title=title,
                doc_number=h.doc_number,
                issuers=h.issuers,
                date=h.date,
                region=h.region,
                period=h.period,
                draft=h.draft,
                span=s.span,
                wrapped_in=roles[role.wrapped_in].key if role.wrapped_in is not None else None,
                tasks=tasks,
                facts=merge_facts([extract_facts(x.text, x.span.start, ctx) for x in other]),
                preamble=preamble,
            )
        )
    main = next((d for d in documents if d.key == "main"), None)
    if main is not None and not main.tasks:
        warnings.append("no numbered tasks found")
    if main is not None and main.region is None:
        warnings.append("no jurisdiction found (no known region in title or issuer)")
    return DocResult(src, tuple(documents), tuple(warnings))


def _headline_len(text: str) -> int:
    """Length of the first sentence of a task (its headline with the number)."""
    cut = min((i for i in (text.find(c) for c in P.SENTENCE_END) if i >= 0), default=len(text))
    return cut + 1


def _fallback_title(seg, path: str) -> str:
    for line in seg.lines[:3]:
        text = line.text.strip()
        if text:
            return text[:40]
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


__all__ = ["RULES_VERSION", "extract_source", "Span"]
