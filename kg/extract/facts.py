"""Facts of one text unit (a task, or a line outside any task): the kinds of
extractor run in order, each in its own module under ``kg/extract/``."""

from __future__ import annotations

from dataclasses import dataclass, fields

from kg.model import Facts
from kg.regions import Gazetteer


@dataclass(frozen=True)
class FactContext:
    """What extractors may know about the document a text belongs to."""

    region: str | None  # jurisdiction region code
    period: tuple[int, int] | None
    doc_title: str
    gaz: Gazetteer


def extract_facts(text: str, offset: int, ctx: FactContext) -> Facts:
    """Facts of `text`, whose first character is at `offset` in the source text."""
    return Facts()


def merge_facts(parts: list[Facts]) -> Facts:
    """Concatenate the facts of several units, field by field."""
    merged = {f.name: tuple(x for p in parts for x in getattr(p, f.name)) for f in fields(Facts)}
    return Facts(**merged)
