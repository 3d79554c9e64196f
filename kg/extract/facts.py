"""Facts of one text unit (a task, or a line outside any task): each kind of extractor
lives in its own module under ``kg/extract/``; this module runs them in order."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import lru_cache

from kg.annotate import annotate
from kg.extract.agencies import extract_agencies
from kg.extract.attribution import AttributionReader, Conventions
from kg.extract.citations import extract_citations
from kg.extract.clusters import Vocabulary, extract_clusters, load_vocabulary
from kg.extract.metric_concepts import MetricVocabulary, load_metrics
from kg.extract.parents import extract_parent_plans
from kg.extract.programs import extract_programs
from kg.extract.targets import extract_targets
from kg.lexicon.bodies import Lexicon, load_lexicon
from kg.lexicon.gazetteer import Gazetteer, load_gazetteer
from kg.lexicon.recognise import NameRecogniser
from kg.lexicon.resolve import AgencyResolver
from kg.model import Body, Facts, Span
from kg.tokens import Segmenter, load_word_classes


@dataclass(frozen=True)
class Resources:
    """Everything extraction reads besides the file: built once per process."""

    gaz: Gazetteer
    lexicon: Lexicon
    attribution: AttributionReader
    agencies: AgencyResolver
    segmenter: Segmenter
    industries: Vocabulary
    metrics: MetricVocabulary


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """The bundled gazetteer, agency table, industry vocabulary and tokeniser."""
    from kg.cache import user_cache_dir

    gaz = load_gazetteer()
    lexicon = load_lexicon()
    industries = load_vocabulary()
    words = set(industries.labels) | lexicon.known_forms()
    words.update(("工程", "计划", "行动", "专项行动", "行动计划", "产业集群"))
    reader = AttributionReader(NameRecogniser(lexicon, gaz))
    segmenter = Segmenter(words, user_cache_dir(), load_word_classes())
    return Resources(gaz, lexicon, reader, AgencyResolver(gaz, lexicon), segmenter, industries, load_metrics())


#: Facts of one kind read from one unit at most (one more than kept: `kg.extract._capped`
#: then knows there were more); a 450,000-line task must not be read to its end.
MAX_READ = 301


@dataclass(frozen=True)
class FactContext:
    """What extractors may know about the document a text belongs to."""

    region: str | None  # jurisdiction region code
    period: tuple[int, int] | None
    doc_title: str
    res: Resources
    conventions: Conventions = Conventions()  # how the document says its notes are read
    issuer: str | None = None  # official name of the document's issuing body
    doc_year: int | None = None  # the year of the document's date (明年, 年内 are read against it)

    @property
    def gaz(self) -> Gazetteer:
        return self.res.gaz


def extract_facts(
    text: str,
    offset: int,
    ctx: FactContext,
    headline_len: int = 0,
    task: bool = True,
    cells: tuple[tuple[str, Span], ...] = (),
) -> Facts:
    """Facts of `text`, whose first character is at `offset` in the source text; who is
    responsible is read for a task only (`task`), never for a document's other text."""
    ann = annotate(text)
    found = (
        extract_agencies(
            ann, offset, ctx.region, ctx.res.attribution, ctx.res.agencies, ctx.conventions, ctx.issuer, cells
        )
        if task
        else None
    )
    targets, incentives = extract_targets(text, offset, ctx.period, headline_len, ctx.doc_year, MAX_READ)
    targets = [replace(t, concept=ctx.res.metrics.concept_of(t.metric, t.text, kind=t.kind or "")) for t in targets]
    return Facts(
        agencies=found.agencies if found else (),
        collective=found.collective if found else (),
        rejected=found.rejected if found else (),
        targets=tuple(targets),
        incentives=tuple(incentives),
        programs=tuple(extract_programs(text, offset, ctx.res.segmenter, headline_len)),
        clusters=tuple(extract_clusters(text, offset, ctx.res.segmenter, ctx.res.industries, ctx.res.gaz)),
        citations=tuple(extract_citations(text, offset, ctx.doc_title)),
        strategies=tuple(extract_parent_plans(text, offset, ctx.region, ctx.res.gaz)),
    )


def resolve_body(res: Resources, name: str, region: str | None) -> Body | None:
    """A body named outside a note (an issuer: 科技部 → 科学技术部), or None when the
    words are no body's name."""
    from kg.lexicon.recognise import Verdict

    recs = res.attribution.names.read(name, region)
    if len(recs) != 1 or recs[0].verdict is not Verdict.AGENCY or recs[0].parse is None:
        return None
    agency = res.agencies.resolve(recs[0].parse, region)
    return Body(agency.name, agency.region, agency.kind.value, agency.labels)


def merge_facts(parts: list[Facts]) -> Facts:
    """Concatenate the facts of several units, field by field."""
    merged = {f.name: tuple(x for p in parts for x in getattr(p, f.name)) for f in fields(Facts)}
    return Facts(**merged)
