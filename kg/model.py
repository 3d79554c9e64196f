"""Typed records passed between pipeline stages.

Every record is immutable.  Character offsets (`Span`) always point into the
decoded, newline-normalised text of one corpus file (`SourceText.text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` into a source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class FileFormat(Enum):
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"


@dataclass(frozen=True)
class SourceText:
    """One corpus file after decoding."""

    path: str  # relative to the corpus folder, with forward slashes
    text: str  # decoded text, line endings normalised to "\n"
    sha256: str  # hash of the raw bytes
    encoding: str
    fmt: FileFormat


@dataclass(frozen=True)
class Line:
    """A non-empty line: `text` is the stripped content at `span`."""

    index: int
    span: Span
    text: str


class LineKind(Enum):
    CONTENT = "content"
    NOISE = "noise"  # web-page navigation, footers, share buttons …
    METADATA = "metadata"  # 索引号 / 发文机关 / 成文日期 … key-value lines
    TOC = "toc"  # table of contents entries


class NumberStyle(Enum):
    """Numbering styles of Chinese policy documents, in no particular order."""

    CHAPTER = "第X章"
    SECTION = "第X节"
    ARTICLE = "第X条"
    CN_DUN = "一、"
    CN_PAREN = "（一）"
    ARABIC = "1."
    ARABIC_PAREN = "（1）"
    ARABIC_RPAREN = "1)"
    CIRCLED = "①"
    LABEL = "X："  # a labelled sub-item: “一核”：… / 金融支持：…


@dataclass(frozen=True)
class Numbering:
    style: NumberStyle
    value: int  # 1-based ordinal
    label: str  # the label written in a path: 一, （一）, 1, （1）, ①, 第二章
    span: Span  # the number token as printed, including its punctuation


class Role(Enum):
    LEAD = "lead"
    SUPPORT = "support"


@dataclass(frozen=True)
class AgencyRef:
    """An agency named as responsible for a task."""

    surface: str  # as written: 市科技局
    name: str | None  # canonical full name: 忻州市科学技术局; None for collective references
    region: str | None  # region code of the body's jurisdiction
    role: Role
    span: Span
    evidence: str
    labels: tuple[str, ...] = ()  # other names of the body (the surface, a district-only form)
    known: bool = True  # the lexicon knows the body (False: recognised by the shape of its name)
    kind: str = ""  # gov, party, national, academic … (kg.lexicon.bodies.BodyKind)


@dataclass(frozen=True)
class Body:
    """A body named outside a responsibility note (a document's issuer), resolved."""

    name: str  # official full name
    region: str | None
    kind: str
    labels: tuple[str, ...] = ()  # as written


@dataclass(frozen=True)
class RejectedName:
    """Words of a responsibility note that are not a body's name, with the recogniser's reason."""

    surface: str
    reason: str
    span: Span


class Comparator(Enum):
    EQ = "="
    GE = ">="
    LE = "<="
    APPROX = "≈"
    DOUBLE = "x2"


@dataclass(frozen=True)
class Target:
    metric: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: Comparator
    year: int | None
    text: str  # the clause the target was read from
    span: Span
    evidence: str
    kind: str = ""  # count, money, percent, time, fraction … (kg.extract.quantities.UnitKind)
    concept: str | None = None  # the metric concept (kg/data/metrics.ttl) it measures, when one fits
    basis: str = "level"  # "level" to reach (达到5000家) or "flow" of new ones (新增500家)


@dataclass(frozen=True)
class Incentive:
    """A subsidy or reward amount (给予200万元奖励): kept, never a target."""

    value: float
    value_max: float | None
    unit: str
    text: str
    span: Span


@dataclass(frozen=True)
class ProgramRef:
    name: str  # surface form as written (quotes normalised to “”)
    key: str  # identity key: name without quotes, spaces and generic suffixes
    defined_here: bool
    span: Span
    evidence: str


@dataclass(frozen=True)
class ClusterRef:
    name: str
    concept: str | None  # id of the SKOS concept in the industry vocabulary
    span: Span
    evidence: str


class CitationKind(Enum):
    CITES = "cites"
    BASED_ON = "basedOn"
    IMPLEMENTS = "implements"


@dataclass(frozen=True)
class Citation:
    title: str | None  # without 《》
    doc_number: str | None  # normalised 〔〕 form
    kind: CitationKind
    span: Span
    evidence: str


@dataclass(frozen=True)
class StrategyRef:
    """A higher-level strategy or plan named without 《》 (parent-policy evidence)."""

    name: str
    region_level: str | None  # "province", "national" … of the strategy's owner
    span: Span
    evidence: str


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one text unit (a task, or a document's own text)."""

    agencies: tuple[AgencyRef, ...] = ()
    collective: tuple[str, ...] = ()  # 市直有关单位 … kept as text
    rejected: tuple[RejectedName, ...] = ()  # words of a note that name no body
    targets: tuple[Target, ...] = ()
    incentives: tuple[Incentive, ...] = ()
    programs: tuple[ProgramRef, ...] = ()
    clusters: tuple[ClusterRef, ...] = ()
    citations: tuple[Citation, ...] = ()
    strategies: tuple[StrategyRef, ...] = ()


@dataclass(frozen=True)
class Task:
    path: tuple[str, ...]  # numbering labels from the top: ("三", "（一）", "2")
    label: str  # headline: the text up to the first 。
    text: str  # the whole item (evidence)
    span: Span
    facts: Facts = field(default_factory=Facts)
    fields: tuple[tuple[str, Span], ...] = ()  # cells of a task table read as labelled fields: (牵头单位, span)


@dataclass(frozen=True)
class Document:
    key: str  # "main" for the substantive document, "wrapper1" … for carriers
    title: str
    doc_number: str | None
    issuers: tuple[str, ...]  # as printed
    date: str | None  # ISO yyyy-mm-dd
    region: str | None  # region code of the jurisdiction
    period: tuple[int, int] | None
    draft: bool
    span: Span
    wrapped_in: str | None  # key of the carrying document in the same file
    tasks: tuple[Task, ...] = ()
    facts: Facts = field(default_factory=Facts)  # facts outside any task
    preamble: str = ""  # text before the first numbered item (purpose statement)
    issuer_bodies: tuple[Body, ...] = ()  # the issuers resolved (科技部 → 科学技术部)
    content: str = ""  # digest of the document's own words (punctuation, spaces, page chrome aside)


@dataclass(frozen=True)
class Quality:
    """What an analyst checks first in one file's extraction (see `kg.quality`)."""

    tasks: int = 0
    tasks_without_body: int = 0  # no agency and no collective reference
    tasks_collective_only: int = 0  # only collective references (各县（市、区）政府 …)
    agency_mentions: int = 0
    by_shape: tuple[str, ...] = ()  # agency names the lexicon does not know, read by their shape
    rejected: tuple[tuple[str, str], ...] = ()  # (words of a note, why they are no body's name)
    undated: tuple[str, ...] = ()  # titles of documents without a date
    no_jurisdiction: tuple[str, ...] = ()  # titles of documents without a jurisdiction
    targets: int = 0
    targets_without_year: int = 0
    targets_without_concept: int = 0
    unlinked_metrics: tuple[str, ...] = ()  # metrics of targets no metric concept fits


@dataclass(frozen=True)
class DocResult:
    """The per-file result: a pure function of the file's bytes and the rules."""

    source: SourceText
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()
    quality: Quality = field(default_factory=Quality)

    @property
    def main(self) -> Document | None:
        for d in self.documents:
            if d.key == "main":
                return d
        return None


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent: str | None

    @property
    def short(self) -> str:
        """Name without its administrative suffix: 忻州市 → 忻州, 内蒙古自治区 → 内蒙古."""
        from kg.patterns import strip_region_suffix

        return strip_region_suffix(self.name)
