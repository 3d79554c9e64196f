"""Quality: the figures an analyst checks first in a build, and watches on documents
without gold — words of responsibility notes that name no body (with the reason),
agency names the lexicon does not know, tasks without any responsible body, documents
without a date or jurisdiction, targets without a year or a metric concept.

`file_quality` is a pure function of one file's result (computed with it and cached
with it); `QualityReport` adds up the files of a build for the build summary,
``build.json`` and `kg stats`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.model import DocResult, Document, Quality, Skipped

#: Most examples of each kind kept per file and shown in a summary.
MAX_EXAMPLES = 20


def file_quality(documents: tuple[Document, ...]) -> Quality:
    tasks = without = collective_only = mentions = 0
    targets = no_year = no_concept = 0
    unlinked: list[str] = []
    by_shape: list[str] = []
    rejected: list[tuple[str, str]] = []
    for doc in documents:
        units = [t.facts for t in doc.tasks] + [doc.facts]
        for n, facts in enumerate(units):
            is_task = n < len(doc.tasks)
            if is_task:
                tasks += 1
                if not facts.agencies:
                    if facts.collective:
                        collective_only += 1
                    else:
                        without += 1
            mentions += len(facts.agencies)
            by_shape += [a.name for a in facts.agencies if not a.known and a.name]
            rejected += [(r.surface, r.reason) for r in facts.rejected]
            targets += len(facts.targets)
            no_year += sum(1 for t in facts.targets if t.year is None)
            no_concept += sum(1 for t in facts.targets if t.concept is None)
            unlinked += [t.metric for t in facts.targets if t.concept is None]
    return Quality(
        tasks=tasks,
        tasks_without_body=without,
        tasks_collective_only=collective_only,
        agency_mentions=mentions,
        by_shape=tuple(dict.fromkeys(by_shape))[:MAX_EXAMPLES],
        rejected=tuple(dict.fromkeys(rejected))[:MAX_EXAMPLES],
        undated=tuple(d.title for d in documents if not d.date),
        no_jurisdiction=tuple(d.title for d in documents if d.region is None),
        targets=targets,
        targets_without_year=no_year,
        targets_without_concept=no_concept,
        unlinked_metrics=tuple(dict.fromkeys(unlinked))[:MAX_EXAMPLES],
    )


def quality_json(q: Quality) -> dict[str, object]:
    return {
        "tasks": q.tasks,
        "tasks_without_responsible_body": q.tasks_without_body,
        "tasks_with_collective_reference_only": q.tasks_collective_only,
        "agency_mentions": q.agency_mentions,
        "agencies_named_by_shape_only": list(q.by_shape),
        "rejected_names": [{"text": t, "reason": r} for t, r in q.rejected],
        "documents_without_date": list(q.undated),
        "documents_without_jurisdiction": list(q.no_jurisdiction),
        "targets": q.targets,
        "targets_without_year": q.targets_without_year,
        "targets_without_metric_concept": q.targets_without_concept,
        "metrics_without_concept": list(q.unlinked_metrics),
    }


@dataclass
class QualityReport:
    """The quality figures of a whole build."""

    tasks: int = 0
    tasks_without_body: int = 0
    tasks_collective_only: int = 0
    agency_mentions: int = 0
    documents: int = 0
    by_shape: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (file, words, reason)
    undated: list[tuple[str, str]] = field(default_factory=list)  # (file, title)
    no_jurisdiction: list[tuple[str, str]] = field(default_factory=list)
    targets: int = 0
    targets_without_year: int = 0
    targets_without_concept: int = 0
    unlinked_metrics: Counter[str] = field(default_factory=Counter)

    def add(self, path: str, q: Quality, documents: int) -> None:
        self.documents += documents
        self.tasks += q.tasks
        self.tasks_without_body += q.tasks_without_body
        self.tasks_collective_only += q.tasks_collective_only
        self.agency_mentions += q.agency_mentions
        self.by_shape.update(q.by_shape)
        self.rejected += [(path, t, r) for t, r in q.rejected]
        self.undated += [(path, t) for t in q.undated]
        self.no_jurisdiction += [(path, t) for t in q.no_jurisdiction]
        self.targets += q.targets
        self.targets_without_year += q.targets_without_year
        self.targets_without_concept += q.targets_without_concept
        self.unlinked_metrics.update(q.unlinked_metrics)

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "tasks": self.tasks,
            "tasks_without_responsible_body": self.tasks_without_body,
            "tasks_with_collective_reference_only": self.tasks_collective_only,
            "agency_mentions": self.agency_mentions,
            "agencies_named_by_shape_only": len(self.by_shape),
            "rejected_names": len(self.rejected),
            "documents_without_date": len(self.undated),
            "documents_without_jurisdiction": len(self.no_jurisdiction),
            "targets": self.targets,
            "targets_without_year": self.targets_without_year,
            "targets_without_metric_concept": self.targets_without_concept,
        }

    @classmethod
    def from_json(cls, files: list[dict], totals: dict | None = None) -> QualityReport:
        """The report of a build's ``build.json`` (its files' quality entries)."""
        report = cls()
        for f in files:
            q = f.get("quality")
            if not q:
                continue
            report.add(
                f["path"],
                Quality(
                    tasks=q["tasks"],
                    tasks_without_body=q["tasks_without_responsible_body"],
                    tasks_collective_only=q["tasks_with_collective_reference_only"],
                    agency_mentions=q["agency_mentions"],
                    by_shape=tuple(q["agencies_named_by_shape_only"]),
                    rejected=tuple((x["text"], x["reason"]) for x in q["rejected_names"]),
                    undated=tuple(q["documents_without_date"]),
                    no_jurisdiction=tuple(q["documents_without_jurisdiction"]),
                    targets=q.get("targets", 0),
                    targets_without_year=q.get("targets_without_year", 0),
                    targets_without_concept=q.get("targets_without_metric_concept", 0),
                    unlinked_metrics=tuple(q.get("metrics_without_concept", ())),
                ),
                int(f.get("documents", 0)),
            )
        return report

    def lines(self, examples: int = 3) -> list[str]:
        """The summary printed by `kg build` and `kg stats`."""

        def some(items: list[str]) -> str:
            shown = "; ".join(items[:examples])
            return f": {shown}" + (" …" if len(items) > examples else "") if items else ""

        out = [
            f"quality: {self.tasks_without_body} of {self.tasks} tasks without a responsible body, "
            f"{self.tasks_collective_only} with collective references only; {self.agency_mentions} agency mentions"
        ]
        out.append(
            f"quality: {len(self.rejected)} words of responsibility notes name no body"
            + some([f"{t!r} ({r}) [{p}]" for p, t, r in self.rejected])
        )
        out.append(
            f"quality: {len(self.by_shape)} agency names the lexicon does not know (read by their shape)"
            + some([n for n, _ in self.by_shape.most_common()])
        )
        out.append(
            f"quality: {len(self.undated)} of {self.documents} documents without a date"
            + some([f"{t} [{p}]" for p, t in self.undated])
        )
        out.append(
            f"quality: {len(self.no_jurisdiction)} of {self.documents} documents without a jurisdiction"
            + some([f"{t} [{p}]" for p, t in self.no_jurisdiction])
        )
        out.append(
            f"quality: {self.targets_without_year} of {self.targets} targets without a year, "
            f"{self.targets_without_concept} without a metric concept"
            + some([m for m, _ in self.unlinked_metrics.most_common()])
        )
        return out


def build_manifest(
    rules: str,
    base: str,
    results: list[tuple[DocResult, int]],
    skipped: list[Skipped],
    triples: int,
    quality: QualityReport,
    named_graphs: tuple[int, int] | None = None,
) -> bytes:
    """``build.json``: every file read (its digest, encoding, documents, tasks, warnings
    and quality figures), every file skipped and why, the statements of the union graph
    (`triples`), the named graphs and the triples in them (`named_graphs`: what
    ``graph.trig`` holds, and `kg stats` reports when the store does not keep them),
    and the corpus's quality report."""
    import json

    data = {
        "rules_version": rules,
        "base": base,
        "files": [
            {
                "path": r.source.path,
                "sha256": r.source.sha256,
                "encoding": r.source.encoding,
                "documents": len(r.documents),
                "tasks": n_tasks,
                "warnings": list(r.warnings),
                "quality": quality_json(r.quality),
            }
            for r, n_tasks in sorted(results, key=lambda x: x[0].source.path)
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in sorted(skipped, key=lambda s: s.path)],
        "triples": triples,
        "quality": quality.to_json(),
    }
    if named_graphs is not None:
        data["named_graphs"] = {"graphs": named_graphs[0], "triples": named_graphs[1]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
