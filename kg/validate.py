"""Validate: check an export against the SHACL shapes (``ontology/shapes.ttl``) with
pyshacl.  Violations break the public contract; warnings flag facts the text did not
state (a target with no deadline year)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.errors import ExportsNotFound

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[tuple[str, str, str]] = field(default_factory=list)  # (focus node, path, message)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self, limit: int = 10) -> list[str]:
        lines = [f"{len(self.violations)} violations, {len(self.warnings)} warnings"]
        for kind, items in (("violation", self.violations), ("warning", self.warnings)):
            for (msg, path), n in Counter((m, p) for _, p, m in items).most_common(limit):
                example = next(f for f, p, m in items if (m, p) == (msg, path))
                lines.append(f"  {kind}: {msg} [{path}] ×{n}, e.g. {example}")
        return lines


def shapes_text() -> str:
    return resources.files("kg.data").joinpath("shapes.ttl").read_text(encoding="utf-8")


def validate_graph(data) -> ValidationReport:
    """Validate an rdflib graph against the shapes."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    report = ValidationReport(bool(conforms))
    sh = rdflib.Namespace(SH)
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        item = (
            str(results.value(r, sh.focusNode)),
            str(results.value(r, sh.resultPath) or ""),
            str(results.value(r, sh.resultMessage) or results.value(r, sh.sourceConstraintComponent)),
        )
        severity = str(results.value(r, sh.resultSeverity))
        (report.violations if severity == SH + "Violation" else report.warnings).append(item)
    report.violations.sort()
    report.warnings.sort()
    return report


def validate_exports(exports: Path) -> ValidationReport:
    import rdflib

    nt = exports / "graph.nt"
    if not nt.exists():
        raise ExportsNotFound(f"no build found in {exports} (run `kg build CORPUS -o {exports}` first)")
    return validate_graph(rdflib.Graph().parse(nt, format="nt"))
