"""target_alignment.csv and the page's alignment data: targets on one indicator set by a
region beside those its cities and counties set (`kg.align`).

Alignment is corpus-wide, so it is one section after the files' sections.  The build
computes the alignment from the targets each file's summary holds (`kg.summary`),
without reading any file's lines; the section is keyed by the digest of its rows, so
a build whose edits leave them as they were copies it (for the CSV and the page)."""

from __future__ import annotations

import threading

from kg.align import HEADER, Alignment, csv_rows
from kg.export.sections import Layout, Section, exporter_version, section_key
from kg.graph import BuiltGraph

#: Columns of the page's alignment rows (a compact list per row).
PAGE_COLUMNS = [
    "indicator",
    "year",
    "basis",
    "parent_region",
    "parent_value",
    "unit",
    "child_region",
    "child_level",
    "child_value",
    "share",
    "equal_share",
    "children_sum",
    "flag",
    "reason",
    "parent_target",
    "child_target",
]


class CorpusAlignment:
    """The alignment of one build's targets, computed once on first use."""

    def __init__(self, view: BuiltGraph) -> None:
        self.view = view
        self._rows: list[Alignment] | None = None
        self._lock = threading.Lock()

    def key(self, kind: str) -> str:
        """The key of a section of `kind`: a function of the rows alone (their digest,
        `kg.summary.TotalsKeys`) and the base."""
        from kg.assemble import graph_version

        # (`kg.align` renders the rows, and is part of the graph's code, not the exporters')
        digest = self.view.totals_keys().alignment
        base = self.view.corpus.index.iris.base
        return section_key(exporter_version(), graph_version(), "alignment", kind, base, digest)

    def rows(self) -> list[Alignment]:
        with self._lock:
            if self._rows is None:
                from kg.partition import corpus_alignment

                view = self.view
                self._rows = (
                    view.alignment
                    if view.alignment is not None
                    else corpus_alignment(view.corpus_totals(), view.corpus.gaz)
                )
            return self._rows

    def csv_section(self) -> bytes:
        import csv
        import io

        rows = csv_rows(self.rows())
        if not rows:
            return b""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue().encode("utf-8")

    def page_rows(self, base: str) -> list[list[object]]:
        def short(iri: str) -> str:
            return iri[len(base) :] if iri.startswith(base) else iri

        return [
            [
                a.label,
                a.year,
                a.basis.value,
                a.parent_region,
                a.parent.value,
                a.parent.unit,
                a.child_region,
                a.child_level,
                round(a.child_value, 6),
                None if a.share is None else round(a.share, 4),
                None if a.equal_share is None else round(a.equal_share, 4),
                None if a.children_sum is None else round(a.children_sum, 6),
                a.flag.value,
                a.reason,
                short(a.parent.iri),
                short(a.child.iri),
            ]
            for a in self.rows()
        ]


def layout(alignment: CorpusAlignment) -> Layout:
    """target_alignment.csv: the header, then one corpus-wide section."""
    header = ("\ufeff" + ",".join(HEADER) + "\n").encode("utf-8")

    def tail() -> list[Section]:
        return [Section(alignment.key("csv"), alignment.csv_section)]

    return Layout("target_alignment.csv", header, [], tail=tail)
