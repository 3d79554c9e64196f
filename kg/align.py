"""Target alignment across levels: for one indicator (a metric concept), the target a
region sets beside the targets its cities and counties set for the same year.

A target takes part when it is linked to a metric concept (`ont:metricConcept`) and its
document has a jurisdiction.  Targets are grouped by concept, year and basis — a *level*
to reach (高新技术企业达到5000家) or a *flow* of new ones (新增高新技术企业500家) never mix —
and by the dimension of their unit (亿元 and 万元 compare; 家 and % do not).  In a group,
each region's target is paired with the target of its nearest ancestor region that set
one (a county's with its city's, else its province's); where a region has several (two
plans, two years' versions), the one of the most recent document stands for it.

For an indicator that adds up (counts, amounts; ``ont:additive``) each child's value is
compared with its **equal share** — the parent's value divided by the number of regions
at the child's level under the parent in the gazetteer — and the children's sum with the
parent's value.  For one that does not (rates, shares, durations) each child's value is
compared with the parent's: higher is more ambitious, unless the target is a ceiling
(≤) or a time to cut (时间, 时限, 周期), where lower is.  Every flag carries its reason.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

from kg.extract.metric_concepts import MetricVocabulary
from kg.lexicon.gazetteer import Gazetteer
from kg.vocab import DCTERMS, ONT, PROV, Iris

#: How far (relative) a value may stray from its equal share and still be "at" it.
TOLERANCE = 0.1
#: Endings of a metric whose target is a time to cut: lower is more ambitious.
TIME_ENDINGS = ("时间", "时限", "周期", "天数")
#: Multipliers written before a unit (10万件, 1500亿元) when the whole is not in the table.
MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3}


class Basis(Enum):
    LEVEL = "level"  # a level to reach by the year (高新技术企业达到5000家)
    FLOW = "flow"  # new ones by the year (新增高新技术企业500家)


class Flag(Enum):
    BELOW_SHARE = "below-share"
    AT_SHARE = "at-share"
    ABOVE_SHARE = "above-share"
    EXCEEDS_PARENT = "exceeds-parent"
    LESS_AMBITIOUS = "less-ambitious"
    SAME = "same-as-parent"
    MORE_AMBITIOUS = "more-ambitious"


@dataclass(frozen=True)
class Unit:
    base: str  # the unit values are compared in (元, 个, 平方米, 天, %)
    factor: float  # one written unit in base units


@dataclass(frozen=True)
class LevelTarget:
    """A target linked to an indicator, with its region and document."""

    iri: str
    concept: str  # metric concept id (kg/data/metrics.ttl)
    year: int | None
    basis: Basis
    region: str  # region code of the document's jurisdiction
    value: float  # as written
    unit: str  # as written
    comparator: str
    metric: str
    document: str
    title: str
    issued: str  # the document's date (ISO), '' when unknown

    def base_value(self, units: dict[str, Unit]) -> tuple[str, float] | None:
        u = unit_of(self.unit, units)
        return (u.base, self.value * u.factor) if u else None


@dataclass(frozen=True)
class Alignment:
    """One child region's target beside its parent region's, with the flag and why."""

    concept: str
    label: str
    additive: bool
    year: int | None
    basis: Basis
    parent: LevelTarget
    child: LevelTarget
    parent_region: str  # full names: 山西省, 忻州市, 杭州市余杭区
    child_region: str
    child_level: str
    child_value: float  # in the parent's unit
    share: float | None  # child / parent (additive indicators)
    equal_share: float | None  # 1 / regions at the child's level under the parent
    regions_at_level: int
    children: int  # regions at this level under the parent that set a target
    children_sum: float | None  # their sum in the parent's unit (additive indicators)
    flag: Flag
    reason: str


@lru_cache(maxsize=1)
def load_units() -> dict[str, Unit]:
    """The unit table (kg/data/units.tsv): unit → its base unit and factor."""
    text = resources.files("kg.data").joinpath("units.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {row[0]: Unit(row[2], float(row[3])) for row in rows[1:] if len(row) >= 4}


def unit_of(unit: str, units: dict[str, Unit]) -> Unit | None:
    """A written unit with its base (万元 → 元 x 10⁴; 10万件's 万件 → 个 x 10⁴)."""
    if unit in units:
        return units[unit]
    if unit[:1] in MULTIPLIERS and unit[1:] in units:
        u = units[unit[1:]]
        return Unit(u.base, u.factor * MULTIPLIERS[unit[:1]])
    return None


# ---------------------------------------------------------------------------
# Reading targets from the graph
# ---------------------------------------------------------------------------

_TARGET_PROPS = {
    ONT + "metricConcept": "concept",
    ONT + "targetYear": "year",
    ONT + "value": "value",
    ONT + "unit": "unit",
    ONT + "comparator": "comparator",
    ONT + "metric": "metric",
    ONT + "targetBasis": "basis",
    PROV + "wasDerivedFrom": "doc",
}
_DOC_PROPS = {ONT + "jurisdiction": "region", DCTERMS + "title": "title", DCTERMS + "issued": "issued"}
_WANTED = {f"<{p}>" for p in (*_TARGET_PROPS, *_DOC_PROPS)}


def read_targets(lines: Iterable[str], iris: Iris, metrics: MetricVocabulary) -> list[LevelTarget]:
    """The targets of N-Triples `lines` that can be aligned: linked to a concept, with a
    value, and derived from a document that has a jurisdiction in the same lines."""
    from kg.graph import parse_lines

    concept_of = {iris.metric(c): c for c in metrics.concepts}
    region_prefix = iris.region("")
    props: dict[str, dict[str, str]] = defaultdict(dict)
    wanted = []
    for line in lines:
        at = line.find(" ")  # the predicate stands between the first two spaces (no IRI holds one)
        if line[at + 1 : line.find(" ", at + 1)] in _WANTED:
            wanted.append(line)
    for t in parse_lines(wanted):
        key = _TARGET_PROPS.get(t.predicate.value) or _DOC_PROPS.get(t.predicate.value)
        if key is not None:
            props[t.subject.value].setdefault(key, t.object.value)
    out = []
    for iri, p in props.items():
        concept = concept_of.get(p.get("concept", ""))
        doc = props.get(p.get("doc", ""), {})
        region = doc.get("region", "")
        if concept is None or "value" not in p or not region.startswith(region_prefix):
            continue
        metric = p.get("metric", "")
        out.append(
            LevelTarget(
                iri=iri,
                concept=concept,
                year=int(p["year"]) if "year" in p else None,
                basis=Basis(p.get("basis", "level")),
                region=region[len(region_prefix) :],
                value=float(p["value"]),
                unit=p.get("unit", ""),
                comparator=p.get("comparator", "="),
                metric=metric,
                document=p["doc"],
                title=doc.get("title", ""),
                issued=doc.get("issued", ""),
            )
        )
    return sorted(out, key=lambda t: t.iri)


# ---------------------------------------------------------------------------
# Alignment
# ---------------------------------------------------------------------------


def align(
    targets: Iterable[LevelTarget], gaz: Gazetteer, metrics: MetricVocabulary, units: dict[str, Unit] | None = None
) -> list[Alignment]:
    """Every child region's target beside its nearest ancestor's, group by group."""
    units = load_units() if units is None else units
    groups: dict[tuple, dict[str, LevelTarget]] = defaultdict(dict)
    for t in targets:
        bv = t.base_value(units)
        if bv is None or gaz.get(t.region) is None:
            continue
        key = (t.concept, t.year, t.basis, bv[0])
        held = groups[key].get(t.region)
        if held is None or _newer(t, held):
            groups[key][t.region] = t
    out: list[Alignment] = []
    for (concept, year, basis, _), by_region in sorted(groups.items(), key=lambda kv: _group_order(kv[0])):
        c = metrics.concepts[concept]
        children_of: dict[str, list[LevelTarget]] = defaultdict(list)
        for code, t in by_region.items():
            parent = next((a for a in gaz.ancestors(code) if a in by_region), None)
            if parent is not None:
                children_of[parent].append(t)
        for parent_code, kids in sorted(children_of.items()):
            parent = by_region[parent_code]
            out.extend(_pairs(parent, kids, c.label, c.additive, year, basis, gaz, units))
    return out


def _pairs(
    parent: LevelTarget,
    kids: list[LevelTarget],
    label: str,
    additive: bool,
    year: int | None,
    basis: Basis,
    gaz: Gazetteer,
    units: dict[str, Unit],
) -> list[Alignment]:
    p_unit = unit_of(parent.unit, units)
    assert p_unit is not None
    out = []
    by_level: dict[str, list[LevelTarget]] = defaultdict(list)
    for k in kids:
        by_level[gaz.by_code[k.region].level].append(k)
    for level, same_level in sorted(by_level.items()):
        n = _regions_at(gaz, parent.region, level)
        values = {k.iri: _in_unit(k, p_unit, units) for k in same_level}
        total = sum(values.values()) if additive else None
        for k in sorted(same_level, key=lambda t: (t.region, t.iri)):
            v = values[k.iri]
            share = v / parent.value if additive and parent.value else None
            equal = 1 / n if additive and n else None
            flag, reason = _flag(parent, k, v, share, equal, additive)
            out.append(
                Alignment(
                    concept=k.concept,
                    label=label,
                    additive=additive,
                    year=year,
                    basis=basis,
                    parent=parent,
                    child=k,
                    parent_region=gaz.full_name(parent.region),
                    child_region=gaz.full_name(k.region),
                    child_level=level,
                    child_value=v,
                    share=share,
                    equal_share=equal,
                    regions_at_level=n,
                    children=len(same_level),
                    children_sum=total,
                    flag=flag,
                    reason=reason,
                )
            )
    return out


def _flag(
    parent: LevelTarget, child: LevelTarget, value: float, share: float | None, equal: float | None, additive: bool
) -> tuple[Flag, str]:
    if additive:
        if value > parent.value:
            return Flag.EXCEEDS_PARENT, f"{_fmt(value)} is more than the whole {_fmt(parent.value)}"
        if share is None or equal is None:
            return Flag.AT_SHARE, "no share to compare with"
        text = f"{share:.1%} of the parent's target; an equal share is {equal:.1%}"
        if share < equal * (1 - TOLERANCE):
            return Flag.BELOW_SHARE, text
        if share > equal * (1 + TOLERANCE):
            return Flag.ABOVE_SHARE, text
        return Flag.AT_SHARE, text
    lower_better = parent.comparator == "<=" or parent.metric.endswith(TIME_ENDINGS)
    direction = "lower" if lower_better else "higher"
    if abs(value - parent.value) <= 1e-9 * max(1.0, abs(parent.value)):
        return Flag.SAME, f"the same as the parent's {_fmt(parent.value)}"
    better = value < parent.value if lower_better else value > parent.value
    text = f"{_fmt(value)} against the parent's {_fmt(parent.value)} ({direction} is more ambitious)"
    return (Flag.MORE_AMBITIOUS if better else Flag.LESS_AMBITIOUS), text


def _in_unit(t: LevelTarget, unit: Unit, units: dict[str, Unit]) -> float:
    own = unit_of(t.unit, units)
    assert own is not None and own.base == unit.base
    return t.value * own.factor / unit.factor


def _regions_at(gaz: Gazetteer, code: str, level: str) -> int:
    """How many regions of `level` lie under `code` in the gazetteer."""
    n, stack = 0, [code]
    while stack:
        for r in gaz.children(stack.pop()):
            if r.level == level:
                n += 1
            else:
                stack.append(r.code)
    return n


def _newer(a: LevelTarget, b: LevelTarget) -> bool:
    """Whether `a` stands for its region rather than `b`: the more recent document, then
    the larger value, then the IRI (deterministic)."""
    return (a.issued, a.value, a.iri) > (b.issued, b.value, b.iri)


def _group_order(key: tuple) -> tuple:
    concept, year, basis, base = key
    return (concept, year is None, year or 0, basis.value, base)


def _fmt(x: float) -> str:
    """12.5 → 12.5, 4000.0 → 4000, 1000000.0 → 1000000 (never an exponent)."""
    return f"{x:.6f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

HEADER = [
    "indicator",
    "concept",
    "additive",
    "year",
    "basis",
    "parent_region",
    "parent_value",
    "unit",
    "child_region",
    "child_level",
    "child_value",
    "child_value_as_written",
    "share",
    "equal_share",
    "children_with_targets",
    "regions_at_level",
    "children_sum",
    "flag",
    "reason",
    "parent_metric",
    "child_metric",
    "parent_document",
    "child_document",
    "parent_target",
    "child_target",
]


def csv_rows(rows: list[Alignment]) -> list[list[str]]:
    def num(x: float | None, pct: bool = False) -> str:
        if x is None:
            return ""
        return f"{x:.4f}" if pct else _fmt(round(x, 6))

    return [
        [
            a.label,
            a.concept,
            "true" if a.additive else "false",
            "" if a.year is None else str(a.year),
            a.basis.value,
            a.parent_region,
            num(a.parent.value),
            a.parent.unit,
            a.child_region,
            a.child_level,
            num(a.child_value),
            f"{_fmt(a.child.value)}{a.child.unit}",
            num(a.share, True),
            num(a.equal_share, True),
            str(a.children),
            str(a.regions_at_level),
            num(a.children_sum),
            a.flag.value,
            a.reason,
            a.parent.metric,
            a.child.metric,
            a.parent.title,
            a.child.title,
            a.parent.iri,
            a.child.iri,
        ]
        for a in rows
    ]


def to_csv(rows: list[Alignment]) -> bytes:
    """target_alignment.csv: UTF-8 with a BOM (Excel reads the Chinese text)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(csv_rows(rows))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
