"""Per-document extraction: one pure function of one decoded file.

``extract_source(src)`` runs segment → document headers → task outline → facts and
returns a :class:`~kg.model.DocResult`.  It depends only on the file's text and the
project's rules and vocabularies (see :func:`rules_version`), so its result can be
cached by content hash and computed on any core or machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from kg import __version__
from kg import patterns as P
from kg.model import DocResult, Document, Facts, Task

if TYPE_CHECKING:
    from kg.extract.facts import Resources

#: Modules and data whose content decides what extraction produces.
_RULE_SOURCES = (
    "ingest.py", "segment.py", "numerals.py", "tokens.py", "annotate.py", "model.py", "quality.py",
)  # fmt: skip
_RULE_PACKAGES = ("extract", "lexicon", "patterns")
_NOT_RULES = ("policy.ttl", "shapes.ttl")  # the ontology and its shapes do not change what is extracted


@lru_cache(maxsize=1)
def rules_version() -> str:
    """Digest of every extraction rule and vocabulary: it keys the per-file cache, so a
    changed rule or data file re-extracts every file, an unchanged one none."""
    root = resources.files("kg")
    digest = hashlib.sha256(__version__.encode())
    files = [root.joinpath(name) for name in _RULE_SOURCES]
    for package in _RULE_PACKAGES:
        files += sorted((p for p in root.joinpath(package).iterdir() if p.name.endswith(".py")), key=lambda p: p.name)
    data = (
        p for p in root.joinpath("data").iterdir() if p.name.endswith((".tsv", ".ttl")) and p.name not in _NOT_RULES
    )
    files += sorted(data, key=lambda p: p.name)
    for f in files:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def extract_source(src, res: Resources | None = None) -> DocResult:
    """Extract every document, task and fact of one decoded file."""
    # the extractors are imported here, not with the package: a build's main process
    # reads only `rules_version` and leaves extraction to worker processes
    from kg.extract.attribution import read_conventions
    from kg.extract.document import assign_roles, read_header, resolve_headers
    from kg.extract.facts import FactContext, extract_facts, load_resources, merge_facts, resolve_body
    from kg.quality import file_quality
    from kg.segment import segment

    res = res or load_resources()
    gaz = res.gaz
    seg = segment(src.text)
    warnings: list[str] = []
    if not seg.segments:
        return DocResult(src, (), ("no document text after removing web-page noise",))
    headers = [read_header(s, gaz) for s in seg.segments]
    selected = [_select_tasks(s.lines, src.text, _note_finder(res, h.region)) for s, h in zip(seg.segments, headers)]
    roles = assign_roles(headers, [len(units) for units, _ in selected])
    headers = resolve_headers(headers, roles, seg.meta, gaz)
    documents: list[Document] = []
    for s, h, role, (units, other) in zip(seg.segments, headers, roles, selected):
        title = h.title
        if not title:
            title = _fallback_title(s, src.path)
            warnings.append(f"no title found for a document; using {title!r}")
        doc_text = "\n".join(x.text for x in s.lines)
        issuer_bodies = tuple(b for b in (resolve_body(res, i, h.region) for i in h.issuers) if b)
        ctx = FactContext(
            region=h.region,
            period=h.period,
            doc_title=title,
            res=res,
            conventions=read_conventions(doc_text),
            issuer=issuer_bodies[0].name if issuer_bodies else None,
            doc_year=int(h.date[:4]) if h.date else None,
        )
        if len(units) > MAX_TASKS:
            warnings.append(f"{len(units)} numbered items in one document; kept the first {MAX_TASKS}")
            units = units[:MAX_TASKS]
        tasks = tuple(
            Task(
                u.task.path,
                u.task.label,
                u.task.text,
                u.task.span,
                _capped(
                    extract_facts(u.task.text, u.task.span.start, ctx, _headline_len(u.task.text), cells=u.task.fields),
                    warnings,
                ),
                u.task.fields,
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
                facts=_capped(
                    merge_facts([extract_facts(x.text, x.span.start, ctx, task=False) for x in other]), warnings
                ),
                preamble=preamble,
                issuer_bodies=issuer_bodies,
                content=content_digest(doc_text),
            )
        )
    main = next((d for d in documents if d.key == "main"), None)
    if main is not None and not main.tasks:
        warnings.append("no numbered tasks found")
    if main is not None and main.region is None:
        warnings.append("no jurisdiction found (no known region in title or issuer)")
    quality = file_quality(tuple(documents))
    for words, reason in quality.rejected[:MAX_REJECTED_WARNINGS]:
        warnings.append(f"a responsibility note names no body in {words!r}: {reason}")
    # The result keeps the file's identity but not its text: every fact carries its own
    # evidence and offsets, and a corpus-wide build must not hold the whole corpus twice.
    return DocResult(replace(src, text=""), tuple(documents), tuple(warnings), quality)


def content_digest(text: str) -> str:
    """A document's identity by content: its words without punctuation or spacing (the
    same document copied from two sites gives one digest; other figures give another)."""
    from kg import patterns as P

    return hashlib.sha256(P.comparable(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


#: Bounds on what one file may put in the graph (a pathological file must not exhaust memory).
MAX_TASKS = 5_000
MAX_FACTS_PER_KIND = 300
#: Rejected words of responsibility notes listed among a file's warnings (all are in its quality).
MAX_REJECTED_WARNINGS = 5


def _capped(facts: Facts, warnings: list[str]) -> Facts:
    """At most MAX_FACTS_PER_KIND facts of each kind per task (with a warning)."""
    changes = {}
    for f in fields(Facts):
        values = getattr(facts, f.name)
        if len(values) > MAX_FACTS_PER_KIND:
            changes[f.name] = values[:MAX_FACTS_PER_KIND]
            note = (
                f"more than {MAX_FACTS_PER_KIND} {f.name} in one task or passage; kept the first {MAX_FACTS_PER_KIND}"
            )
            if note not in warnings:
                warnings.append(note)
    return replace(facts, **changes) if changes else facts


def _select_tasks(lines, text: str, notes):  # noqa: ANN001, ANN202
    """The tasks of a document's lines: the rows of its task tables, and the items of
    its numbered outline (without the tables' lines)."""
    from kg.extract.task_tables import find_task_tables
    from kg.extract.tasks import TaskUnit, build_outline, headline, select_tasks

    tables = find_task_tables(list(lines), text, lambda t: headline(t, notes))
    held = {i for table in tables for i in table.lines}
    units, other = select_tasks(build_outline([x for x in lines if x.index not in held]), text, notes)
    units += [TaskUnit(row.task, row.lines) for table in tables for row in table.rows]
    units.sort(key=lambda u: u.task.span.start)
    return units, other


def _note_finder(res: Resources, region: str | None):
    """Where responsibility notes stand in a text of a document of `region`."""
    return lambda text: res.attribution.note_spans(text, region)


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


__all__ = ["extract_source", "rules_version"]
