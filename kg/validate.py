"""Validate: check an export against the SHACL shapes (``ontology/shapes.ttl``).
Violations break the public contract; warnings flag facts the text did not state (a
target with no deadline year).

The build and `kg validate` run the shapes compiled to SPARQL on the build's Oxigraph
store (`kg.shacl`: milliseconds per constraint, no re-reading of the graph, at any
size); pyshacl remains the reference (`kg validate --engine pyshacl`, and the tests
compare the two)."""

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


def validate_store(store) -> ValidationReport:  # noqa: ANN001 - a pyoxigraph Store
    """Validate the default graph of an Oxigraph store with the shapes compiled to SPARQL."""
    from kg.shacl import project_checks, run_checks

    violations, warnings = set(), set()
    for check, focus in run_checks(store, project_checks()):
        (warnings if check.severity == "Warning" else violations).add((focus, check.path, check.message))
    return ValidationReport(not violations, sorted(violations), sorted(warnings))


def validate_exports(exports: Path, engine: str = "sparql") -> ValidationReport:
    """Validate a build: its store with the compiled shapes, or graph.nt with pyshacl."""
    if engine == "pyshacl":
        import rdflib

        nt = exports / "graph.nt"
        if not nt.exists():
            raise ExportsNotFound(f"no build found in {exports} (run `kg build CORPUS -o {exports}` first)")
        return validate_graph(rdflib.Graph().parse(nt, format="nt"))
    from kg.query import open_store

    return validate_store(open_store(exports))
