"""Agencies of a task: the responsibility notes read by `kg.extract.attribution`, each
name recognised by `kg.lexicon.recognise` and resolved to the body it denotes by
`kg.lexicon.resolve` (市科技局 in a 太仓 document → 太仓市科学技术局).

What is not one body's name never becomes an agency: collective references (市直有关单位,
各县（市、区）政府) are kept as text, and words the recogniser rejects are kept with the
reason, for the build's quality report.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.annotate import Annotated
from kg.extract.attribution import AttributionReader, Conventions
from kg.lexicon.recognise import SEAT, Verdict
from kg.lexicon.resolve import AgencyResolver
from kg.model import AgencyRef, RejectedName, Role, Span


@dataclass(frozen=True)
class TaskAgencies:
    agencies: tuple[AgencyRef, ...]
    collective: tuple[str, ...]  # 市直有关单位 …, as written
    rejected: tuple[RejectedName, ...]


def extract_agencies(
    ann: Annotated,
    offset: int,
    region: str | None,
    reader: AttributionReader,
    resolver: AgencyResolver,
    conventions: Conventions,
    issuer: str | None = None,
    cells: tuple[tuple[str, Span], ...] = (),
) -> TaskAgencies:
    """Responsible agencies of one task text whose first character is at `offset`, in a
    document of jurisdiction `region` issued by `issuer` (its official name)."""
    by_body: dict[tuple[str, str | None], AgencyRef] = {}
    collective: list[str] = []
    rejected: list[RejectedName] = []
    local = tuple((label, Span(s.start - offset, s.end - offset)) for label, s in cells)
    for mention in reader.read(ann.text, ann, region, conventions, issuer, local):
        rec = mention.recognition
        span = Span(offset + mention.span.start, offset + mention.span.end)
        if rec.verdict is Verdict.COLLECTIVE:
            if rec.surface not in collective:
                collective.append(rec.surface)
            continue
        if rec.verdict is Verdict.REJECTED or rec.parse is None:
            rejected.append(RejectedName(rec.surface, rec.reason, span))
            continue
        agency = resolver.resolve(rec.parse, region, issuer)
        key = (agency.name, agency.region)
        ref = AgencyRef(
            surface=rec.surface,
            name=agency.name,
            region=agency.region,
            role=mention.role,
            span=span,
            evidence=mention.note.evidence or mention.note.text,
            labels=agency.labels,
            known=rec.score >= SEAT,
            kind=agency.kind.value,
        )
        old = by_body.get(key)
        if old is None or (old.role is Role.SUPPORT and ref.role is Role.LEAD):
            by_body[key] = ref
    refs = sorted(by_body.values(), key=lambda r: r.span.start)
    return TaskAgencies(tuple(refs), tuple(collective), tuple(rejected))
