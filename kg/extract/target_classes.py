"""Classifying quantities: each quantity of a sentence read as a target, an incentive,
a threshold or definition, a background statistic, a count of the plan's own parts, or
no goal at all — from the clause it stands in, with the reason recorded (see
`kg.extract.targets`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum

from kg import patterns as P
from kg.extract.deadlines import Deadline
from kg.extract.quantities import Quantity, UnitKind, find_quantities
from kg.extract.spans import SpanIndex, end_at, start_after
from kg.model import Comparator

SENTENCE_RE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
#: Spans whose numbers belong to a name: 《…》, 〔…〕, 「…」, quotes.
NAME_SPAN_RE = re.compile(r"《[^》]*》|〔[^〕]*〕|「[^」]*」")
QUOTE_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
#: Clause separators inside a sentence.
CLAUSE_SEPS = "，,：:；;"
#: How far back (characters) a quantity's clause context is read.
CONTEXT = 80


#: Kinds of quantity that state the terms of an incentive (amounts, shares, areas, times).
_TERMS = (UnitKind.MONEY, UnitKind.PERCENT, UnitKind.TIME, UnitKind.AREA, UnitKind.COMPUTE)
#: Kinds of quantity that can state the size of what is meant (亿元以上项目, 4.5吨及以下货车).
_SIZES = (
    UnitKind.MONEY,
    UnitKind.AREA,
    UnitKind.LENGTH,
    UnitKind.MASS,
    UnitKind.ENERGY,
    UnitKind.COMPUTE,
    UnitKind.VOLUME,
)


class QuantityClass(Enum):
    TARGET = "target"
    INCENTIVE = "incentive"
    THRESHOLD = "threshold"
    BACKGROUND = "background"
    SELF_COUNT = "self-count"
    NONE = "none"


def stated_years(deadlines: list[Deadline], pos: int) -> list[int]:
    """The years of the deadlines written before `pos` (deadlines sorted by position)."""
    k = bisect.bisect_left([d.start for d in deadlines], pos)
    return [d.year for d in deadlines[max(0, k - 3) : k]]


@dataclass(frozen=True)
class Reading:
    """A quantity of a sentence with the class it was given and why."""

    quantity: Quantity
    cls: QuantityClass
    reason: str


@dataclass(frozen=True)
class _Context:
    sentence: str
    clause_start: int
    clause_end: int
    deadlines: list[Deadline]
    carried: int | None  # deadline carried from earlier sentences of the paragraph
    background: bool  # the paragraph is describing the past


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


def classify_sentence(
    sentence: str,
    deadlines: list[Deadline],
    carried: int | None = None,
    background: bool = False,
    period: tuple[int, int] | None = None,
) -> list[Reading]:
    """Every quantity of a sentence with its class and the reason."""
    quantities = find_quantities(sentence)
    if not quantities:
        return []
    spans = _SentenceSpans.of(sentence, deadlines)  # asked only of a sentence with quantities
    out = []
    for q in quantities:
        if spans.times.holds(q.start):
            continue  # 五年内, 2018年底前: a deadline, not a quantity
        out.append(Reading(q, *_classify(sentence, q, spans, deadlines, background, period)))
    return out


@dataclass(frozen=True)
class _SentenceSpans:
    """What the classifier asks of a whole sentence, found once (a sentence of 40,000
    quantities must not be searched again for each)."""

    names: SpanIndex  # 《…》, 〔…〕, 「…」
    quotes: SpanIndex
    times: SpanIndex  # deadlines
    parens: list[tuple[int, int]]  # one level of （…）, sorted
    goal: bool  # a verb of a goal anywhere
    incentive_starts: list[int]  # where words of a grant start, sorted
    definition_at: int | None  # where a definition's word (所称, 是指 …) first stands

    @classmethod
    def of(cls, sentence: str, deadlines: list[Deadline]) -> _SentenceSpans:
        definition = P.DEFINITION_RE.search(sentence)
        return cls(
            SpanIndex([(m.start(), m.end()) for m in NAME_SPAN_RE.finditer(sentence)]),
            SpanIndex([(m.start(), m.end()) for m in QUOTE_RE.finditer(sentence)]),
            SpanIndex([(d.start, d.end) for d in deadlines]),
            [(m.start(), m.end()) for m in P.PAREN_SPAN_RE.finditer(sentence)],
            bool(P.GOAL_VERB_RE.search(sentence)),
            [m.start() for m in P.INCENTIVE_RE.finditer(sentence)],
            definition.start() if definition else None,
        )

    def incentive_from(self, pos: int) -> bool:
        """Whether words of a grant start at or after `pos`."""
        return bool(self.incentive_starts) and self.incentive_starts[-1] >= pos

    def paren_at(self, sentence: str, pos: int) -> str:
        """The parenthesis (one level) that holds `pos`, or ''."""
        k = bisect.bisect_right(self.parens, (pos, float("inf"))) - 1
        if k >= 0 and self.parens[k][0] < pos < self.parens[k][1]:
            return sentence[self.parens[k][0] : self.parens[k][1]]
        return ""


def _classify(
    sentence: str,
    q: Quantity,
    spans: _SentenceSpans,
    deadlines: list[Deadline],
    background: bool,
    period: tuple[int, int] | None,
) -> tuple[QuantityClass, str]:
    names, quotes, goal = spans.names, spans.quotes, spans.goal
    c_start, c_end = clause_of(sentence, q.start)
    before = sentence[max(c_start, q.start - CONTEXT) : q.start]
    after = sentence[q.end : c_end]
    unit_after = q.unit[-1:] + after if q.unit else after
    if names.holds(q.start):
        return QuantityClass.NONE, "inside a title or document number"
    if quotes.holds(q.start) and q.kind is not UnitKind.TIME:
        return QuantityClass.NONE, "inside a quoted name"
    if q.chinese and q.value == 1 and P.INDEFINITE_BEFORE_RE.search(before):
        return QuantityClass.NONE, "an indefinite article (是…的一项重大任务)"
    if before.endswith(P.ORDINAL_BEFORE):
        return QuantityClass.NONE, "an ordinal or part of a word (第一, 单一)"
    if q.kind is UnitKind.COUNT and q.value == 1 and P.RATE_UNIT_BEFORE_RE.search(before):
        return QuantityClass.NONE, "the unit of a rate (每新增一项)"
    paren = spans.paren_at(sentence, q.start)
    if paren and P.INCLUDES_RE.match(paren):
        return QuantityClass.NONE, "what something contains (含…)"
    if paren and spans.incentive_from(0) and not P.GOAL_VERB_RE.search(paren):
        return QuantityClass.THRESHOLD, "qualifies who gets a grant (…（订单量100-10000件）…给予)"
    if spans.definition_at is not None and spans.definition_at < q.start:
        return QuantityClass.THRESHOLD, "in a definition (所称, 是指, 泛指)"
    if P.SELF_COUNT_AFTER_RE.match(unit_after) or P.SELF_COUNT_AFTER_RE.match(after):
        return QuantityClass.SELF_COUNT, f"counts the plan's own parts ({q.unit}{after[:4]})"
    if (q.chinese or before.endswith("每")) and P.DENOMINATOR_AFTER_RE.match(after):
        return QuantityClass.NONE, "the denominator of a rate (万人拥有, 每万人口)"
    if q.chinese and P.IN_PROGRAM_NAME_AFTER_RE.match(after):
        return QuantityClass.NONE, "part of a program's name"
    if P.NUMERAL_TERM_RE.match(sentence, q.start):
        return QuantityClass.NONE, "part of a fixed term (三次产业)"
    if q.unit.endswith("条") and P.POLICY_COUNT_BEFORE_RE.search(before):
        return QuantityClass.SELF_COUNT, "counts a policy's articles"
    if P.SCALE_CLASS_AFTER_RE.match(after):
        return QuantityClass.NONE, "a scale class (千亿元级, 百亿级)"
    clause_before = sentence[c_start : q.start]
    if (
        P.CONDITION_OPENING_RE.match(clause_before)
        and "的" not in clause_before
        and "的" in after + _next_clause(sentence, c_end)
    ):
        return QuantityClass.THRESHOLD, "who qualifies (对…突破1亿元的企业)"
    if P.EXISTING_BEFORE_RE.search(before):
        return QuantityClass.BACKGROUND, "what exists now (现有1300多项…)"
    if q.kind in _SIZES and P.SIZE_CLASS_AFTER_RE.match(after):
        return QuantityClass.THRESHOLD, "the size of what is meant (亿元以上项目, 4.5吨及以下货车)"
    if after.rstrip(P.SPACE).endswith("的") and spans.incentive_from(c_end):
        return QuantityClass.THRESHOLD, "a condition of a grant (…达到100个的，给予…)"
    if "的" in after and spans.incentive_from(c_end) and not _goal_verb(clause_before):
        return QuantityClass.THRESHOLD, "qualifies what a grant is for (被超过3家企业购买的数据产品…发放)"
    rate = P.GRANT_RATE_BEFORE_RE.search(clause_before)
    if rate and q.kind in _TERMS and not P.RATE_GOAL_VERB_RE.search(rate.group(0)):
        return QuantityClass.INCENTIVE, f"the rate or base of a grant ({rate.group(0)})"
    if q.kind in _TERMS and not P.QUALIFIED_AFTER_RE.match(after):
        found = _incentive(sentence, q, before, after, c_start, c_end, spans.incentive_from(0))
        if found:
            return QuantityClass.INCENTIVE, f"the terms of a subsidy, reward or cap ({found})"
    if P.QUALIFIED_AFTER_RE.match(after) or P.THRESHOLD_RE.search(sentence[max(c_start, q.start - 12) : q.start]):
        return QuantityClass.THRESHOLD, "qualifies what is meant (…以上的企业, 是指, 一般不超过)"
    if before.endswith("等") or (q.chinese and _listed_count(sentence, q.start, c_start)):
        return QuantityClass.NONE, "counts the items just listed (A、B等3项)"
    if P.NUMBERED_NAME_BEFORE_RE.search(before) or before.endswith("届") or P.MEETING_AFTER_RE.match(after):
        return QuantityClass.NONE, "part of a name (十省百家, 四届十次全会)"
    if P.REDUCED_FROM_BEFORE_RE.search(before) or P.REDUCED_FROM_AFTER_RE.match(after):
        return QuantityClass.NONE, "the baseline of a reduction (从22个工作日压缩至…)"
    if before.endswith("每") and q.kind in (UnitKind.MONEY, UnitKind.PERCENT):
        return QuantityClass.INCENTIVE, "a rate per unit (每…)"
    stated = stated_years(deadlines, q.start)
    future = bool(stated) and (period is None or stated[-1] >= period[0])
    if stated and not future:
        return QuantityClass.BACKGROUND, f"reached by {stated[-1]}, before the plan"
    # the past is told in the quantity's clause or the one before (…，共建成5个), or for the
    # whole sentence by its opening (“十三五”以来，…，…占全国60%左右)
    prev_start = start_after(sentence, c_start - 1, CLAUSE_SEPS, CONTEXT) if c_start > 0 else c_start
    past_context = P.BACKGROUND_RE.search(sentence[prev_start:c_end]) or P.PAST_OPENING_RE.search(
        sentence[: end_at(sentence, 0, CLAUSE_SEPS, CONTEXT)]
    )
    if not future and (background or past_context):
        return (
            QuantityClass.BACKGROUND,
            f"describes the past ({past_context.group(0) if past_context else 'paragraph'})",
        )
    comparator = comparator_of(before, after, q) is not Comparator.EQ
    if not (future or comparator or goal):
        return QuantityClass.NONE, "no verb, deadline or comparator of a goal"
    if q.kind is UnitKind.TIME and not _time_limit(before, after):
        return QuantityClass.NONE, "a duration that is no time limit to reach"
    return QuantityClass.TARGET, "a quantity to reach"


def _incentive(
    sentence: str, q: Quantity, before: str, after: str, c_start: int, c_end: int, granted: bool
) -> str | None:
    """Why an amount, share, area or time is the term of an incentive, or None: a word of
    a grant in its clause (给予, 补贴, 券 …); a share of something paid (按…的30%); a rate
    per person or month (每月1200元); a cap (不超过50万元); or, in a clause with no verb
    of a goal, a grant elsewhere in the sentence (…给予补贴，补贴比例不超过50%)."""
    clause = sentence[c_start:c_end]
    comparator = comparator_of(before, after, q)
    if comparator is Comparator.GE and not P.INCENTIVE_RE.search(before):
        return None  # 不少于2000卡时: a floor the government commits to, not a grant's term
    for regex in (P.INCENTIVE_RE, P.PROPORTION_BEFORE_RE, P.PER_UNIT_BEFORE_RE):
        m = regex.search(clause if regex is P.INCENTIVE_RE else before)
        if m:
            return m.group(0)
    if q.kind is UnitKind.MONEY and comparator is Comparator.LE:
        return "a cap"
    if granted and not P.GOAL_VERB_RE.search(clause):
        return "a grant elsewhere in the sentence"
    return None


def _next_clause(sentence: str, c_end: int) -> str:
    """The clause after the one that ends at `c_end` (a 对… phrase may run on past a
    comma: 对月销售额未超过10万元，季度销售额未超过30万元的小规模纳税人)."""
    if c_end >= len(sentence) or sentence[c_end] not in "，,":
        return ""
    return sentence[c_end + 1 : end_at(sentence, c_end + 1, CLAUSE_SEPS, CONTEXT)]


def _goal_verb(text: str) -> bool:
    """Whether `text` holds a verb of a goal (comparators such as 超过 are none)."""
    return bool(P.GOAL_VERB_RE.search(P.COMPARATOR_WORDS_RE.sub("", text)))


def _listed_count(sentence: str, pos: int, c_start: int) -> bool:
    """三项 after a list (A、B和C三项): the count of the listed items, not a goal."""
    head = sentence[c_start:pos]
    if not head or head[-1] in "、和及与":
        return False  # the number opens an item of the list (一站通办、一日办结)
    last = max(head.rfind("、"), head.rfind("和"), head.rfind("与"), head.rfind("及"))
    if P.COUNTED_ITEM_RE.search(head):
        return False  # 国家级中心1个、省级中心四个: each item of the list has its own count
    return "、" in head and last >= 0 and not P.GOAL_VERB_RE.search(head[last:])


def _time_limit(before: str, after: str) -> bool:
    """A time to reach (压缩到8.5个工作日, 一天办结, 10分钟…圈) rather than a duration
    of something else (试行两年)."""
    return bool(
        P.REDUCE_TO_BEFORE_RE.search(before)
        or P.TIME_LIMIT_WORD_RE.search(before[-12:] + after[:6])
        or P.SERVICE_TIME_RE.match(after)
        or P.REACH_TIME_AFTER_RE.match(after)
        or P.CIRCLE_OR_DONE_RE.search(after[:8])
    )


def clause_of(sentence: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`, never more than a window each side (a 1 MB line with no
    punctuation must not make reading quadratic)."""
    return start_after(sentence, pos, CLAUSE_SEPS, CONTEXT * 2), end_at(sentence, pos, CLAUSE_SEPS + "。", CONTEXT * 2)


def comparator_of(before: str, after: str, q: Quantity) -> Comparator:
    if P.LE_AFTER_RE.match(after) or P.LE_BEFORE_RE.search(before):
        return Comparator.LE
    if P.APPROX_AFTER_RE.match(after) or P.APPROX_BEFORE_RE.search(before):
        return Comparator.APPROX
    if P.GE_AFTER_RE.match(after) or q.more:
        return Comparator.GE
    if P.GE_BEFORE_RE.search(before):
        tail = after.lstrip(P.SPACE)
        # 突破100家 (exceed) vs 突破30项关键技术 (achieve breakthroughs in)
        if not before.endswith("突破") or not tail or tail[0] in "，,。；;、）)":
            return Comparator.GE
    return Comparator.EQ
