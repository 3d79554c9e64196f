"""Summary: what the corpus-wide tables need from one file's graph, read once when the
file's partition is made and kept with it in the build state; and the names of agencies
and regions in each group of shared lines, kept with the group.

Two export sections sum over every file: the alignment of targets across levels
(`kg.align`: target_alignment.csv and the page's table) and the task counts of
agencies.csv.  Both read only a file's *private* lines (its tasks, targets and
documents), so each file's share is a pure function of its partition: computed by the
worker that makes the partition, reused with the partition, and joined by the build
process without reading any file's lines again.  A rebuild after one edit reads one
file's lines, not the corpus's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.vocab import ONT, RDF, RDFS, Iris

if TYPE_CHECKING:
    from kg.align import LevelTarget

_LEAD, _SUPPORT = f"<{ONT}leadAgency>", f"<{ONT}supportAgency>"


@dataclass(frozen=True)
class FileSummary:
    """One file's share of the corpus-wide tables."""

    targets: tuple[LevelTarget, ...] = ()  # targets that can be aligned, by IRI
    led: tuple[tuple[str, int], ...] = ()  # (agency IRI, tasks it leads), by IRI
    supported: tuple[tuple[str, int], ...] = ()  # (agency IRI, tasks it supports), by IRI


EMPTY_SUMMARY = FileSummary()


def summarise(private: Sequence[str], iris: Iris) -> FileSummary:
    """The summary of a file's private lines."""
    from kg.align import read_targets
    from kg.extract.metric_concepts import load_metrics
    from kg.graph import parse_lines

    led: Counter[str] = Counter()
    supported: Counter[str] = Counter()
    roles = [line for line in private if _LEAD in line or _SUPPORT in line]
    for t in parse_lines(roles):
        (led if t.predicate.value == ONT + "leadAgency" else supported)[t.object.value] += 1
    return FileSummary(
        targets=tuple(read_targets(private, iris, load_metrics())),
        led=tuple(sorted(led.items())),
        supported=tuple(sorted(supported.items())),
    )


def corpus_targets(summaries: Iterable[FileSummary]) -> list[LevelTarget]:
    """Every file's alignable targets, by IRI (as `read_targets` over all the lines)."""
    return sorted((t for s in summaries for t in s.targets), key=lambda t: t.iri)


def task_counts(summaries: Iterable[FileSummary]) -> tuple[Counter[str], Counter[str]]:
    """Tasks led and supported per agency IRI, summed over files."""
    led: Counter[str] = Counter()
    supported: Counter[str] = Counter()
    for s in summaries:
        led.update(dict(s.led))
        supported.update(dict(s.supported))
    return led, supported


# ---------------------------------------------------------------------------
# Names in the shared lines
# ---------------------------------------------------------------------------

_TYPE = f"> <{RDF}type> <"
_NAMING = tuple(f"> <{p}> " for p in (RDFS + "label", ONT + "jurisdiction", ONT + "agencyKind", ONT + "regionCode"))


@dataclass(frozen=True)
class SharedNames:
    """The agencies and regions one group of shared lines describes (`kg.graph.SharedLines`
    keeps one per group, made when the group changes): what agencies.csv and the GraphML
    region names need, without reading every shared line of the corpus."""

    regions: tuple[tuple[str, str, str], ...] = ()  # (IRI, first label, first region code), by IRI
    agencies: tuple[tuple[str, str, str, str], ...] = ()  # (IRI, first label, first jurisdiction, first kind)


def shared_names(lines: Sequence[str]) -> SharedNames:
    """The agencies and regions of one group of sorted shared lines (a node's lines are
    all in one group)."""
    regions = {subject for subject, kind in _typed(lines) if kind == ONT + "Region"}
    agencies = {subject for subject, kind in _typed(lines) if kind == ONT + "Agency"}
    about = regions | agencies
    if not about:
        return SharedNames()
    from kg.graph import parse_lines

    wanted = [line for line in lines if line[1 : line.index(">")] in about and any(p in line for p in _NAMING)]
    first: dict[tuple[str, str], str] = {}
    for t in parse_lines(wanted):
        first.setdefault((t.subject.value, t.predicate.value), t.object.value)

    def one(node: str, prop: str) -> str:
        return first.get((node, prop), "")

    return SharedNames(
        regions=tuple((r, one(r, RDFS + "label"), one(r, ONT + "regionCode")) for r in sorted(regions)),
        agencies=tuple(
            (a, one(a, RDFS + "label"), one(a, ONT + "jurisdiction"), one(a, ONT + "agencyKind"))
            for a in sorted(agencies)
        ),
    )


def _typed(lines: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(subject, class IRI) of the rdf:type lines."""
    for line in lines:
        at = line.find(_TYPE)
        if at > 0:
            yield line[1:at], line[at + len(_TYPE) : line.rindex(">")]
