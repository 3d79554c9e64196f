"""Targets: each quantity of a text (`kg.extract.quantities`) classified by the clause it
stands in, with the reason recorded — a target to reach, an incentive (subsidy, reward,
cap, voucher), a threshold or definition, a background statistic, a count of the plan's
own parts, or no quantity of a goal (a name, an ordinal, a rate per unit).

A target gets its comparator (以上/不少于/超/多 → ≥, 以内/不超过 → ≤, 左右/约 → ≈),
its deadline (`kg.extract.deadlines`: stated, carried from earlier in the paragraph, else
the plan's last year; none for a rate per year) and its metric — a noun phrase of what
is counted (`培育10个人工智能OPC生态社区` → 人工智能OPC生态社区数量, `应用率达70%` →
应用率, `电价平均降低10%` → 电价平均降幅).  倍增/翻番 with no number is a target x2.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum

from kg import patterns as P
from kg.extract.deadlines import Deadline, DeadlineScope, DocTime
from kg.extract.metric_phrase import LEAD_RE, MetricPhrase, basis_of, metric_of, topic_of, without_spans
from kg.extract.quantities import Quantity, UnitKind, find_quantities
from kg.extract.spans import SpanIndex, end_at, start_after
from kg.model import Comparator, Incentive, Span, Target

_SENTENCE_RE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
#: Spans whose numbers belong to a name: 《…》, 〔…〕, 「…」, quotes.
_NAME_SPAN_RE = re.compile(r"《[^》]*》|〔[^〕]*〕|「[^」]*」")
_QUOTE_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
#: Clause separators inside a sentence.
_CLAUSE_SEPS = "，,：:；;"
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


def _stated(deadlines: list[Deadline], pos: int) -> list[int]:
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


def extract_targets(
    text: str,
    offset: int,
    period: tuple[int, int] | None,
    headline_len: int = 0,
    doc_year: int | None = None,
    limit: int | None = None,
) -> tuple[list[Target], list[Incentive]]:
    """Targets and incentives of `text` (its first character at `offset`).

    `headline_len`: length of the task headline at the start of `text`; a quantity in the
    headline repeated in the body is read once, from the body."""
    when = DocTime(doc_year or (period[0] if period else None), period)
    targets: list[tuple[Target, bool]] = []
    incentives: list[Incentive] = []
    pos = 0
    for line in text.split("\n"):
        if limit is not None and len(targets) >= limit:
            break  # more than a unit may hold: the rest is not read
        scope = DeadlineScope(when)
        background = False
        for sm in _SENTENCE_RE.finditer(line):
            sentence = sm.group(0)
            s_off = pos + sm.start()
            carried = scope.carried
            deadlines = scope.deadlines(sentence)
            previous: MetricPhrase | None = None
            readings = classify_sentence(sentence, deadlines, carried, background, period)
            ends = tuple(r.quantity.end for r in readings)
            for reading in readings:
                if limit is not None and len(targets) >= limit:
                    break
                q = reading.quantity
                span = Span(offset + s_off + q.start, offset + s_off + q.end)
                if reading.cls is QuantityClass.INCENTIVE:
                    clause = _clause(sentence, q.start)
                    incentives.append(
                        Incentive(q.value, q.value_max, q.unit, sentence[clause[0] : clause[1]].strip(), span)
                    )
                elif reading.cls is QuantityClass.TARGET:
                    target, previous = _target(sentence, q, deadlines, carried, period, span, previous, ends)
                    targets.append((target, s_off + q.start < headline_len))
            for target in _doublings(sentence, deadlines, carried, period, offset + s_off):
                targets.append((target, False))
            past = period is not None and any(d.year < period[0] for d in deadlines)
            if P.BACKGROUND_RE.search(sentence) or past:
                background = True
            if deadlines and (period is None or deadlines[-1].year >= period[0]):
                background = False
        pos += len(line) + 1
    body = {(t.value, t.unit) for t, head in targets if not head}
    return [t for t, head in targets if not (head and (t.value, t.unit) in body)], incentives


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
    spans = _SentenceSpans.of(sentence, deadlines)
    out = []
    for q in find_quantities(sentence):
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
            SpanIndex([(m.start(), m.end()) for m in _NAME_SPAN_RE.finditer(sentence)]),
            SpanIndex([(m.start(), m.end()) for m in _QUOTE_RE.finditer(sentence)]),
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
    c_start, c_end = _clause(sentence, q.start)
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
    if q.kind is UnitKind.COUNT and q.value == 1 and re.search(r"每[\u4e00-\u9fff]{0,3}$", before):
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
    if (q.chinese or before.endswith("每")) and re.match(r"^(?:拥有|口|均|人口|发明)", after):
        return QuantityClass.NONE, "the denominator of a rate (万人拥有, 每万人口)"
    if q.chinese and P.IN_PROGRAM_NAME_AFTER_RE.match(after):
        return QuantityClass.NONE, "part of a program's name"
    if q.unit.endswith("条") and P.POLICY_COUNT_BEFORE_RE.search(before):
        return QuantityClass.SELF_COUNT, "counts a policy's articles"
    if re.match(r"^级", after):
        return QuantityClass.NONE, "a scale class (千亿元级, 百亿级)"
    clause_before = sentence[c_start : q.start]
    if clause_before.startswith("对") and "的" not in clause_before and "的" in after:
        return QuantityClass.THRESHOLD, "who qualifies (对…突破1亿元的企业)"
    if re.search(r"(?:现有|已有|原有|目前)[^，,。；;]{0,4}$", before):
        return QuantityClass.BACKGROUND, "what exists now (现有1300多项…)"
    if q.kind in _SIZES and re.match(r"^(?:及以上|以上|及以下|以下)[\u4e00-\u9fff]", after):
        return QuantityClass.THRESHOLD, "the size of what is meant (亿元以上项目, 4.5吨及以下货车)"
    if after.rstrip(P.SPACE).endswith("的") and spans.incentive_from(c_end):
        return QuantityClass.THRESHOLD, "a condition of a grant (…达到100个的，给予…)"
    if "的" in after and spans.incentive_from(c_end) and not _goal_verb(clause_before):
        return QuantityClass.THRESHOLD, "qualifies what a grant is for (被超过3家企业购买的数据产品…发放)"
    rate = P.GRANT_RATE_BEFORE_RE.search(clause_before)
    if rate and q.kind in _TERMS and not re.search(r"完成|实现|达到|建成|力争", rate.group(0)):
        return QuantityClass.INCENTIVE, f"the rate or base of a grant ({rate.group(0)})"
    if q.kind in _TERMS and not P.QUALIFIED_AFTER_RE.match(after):
        found = _incentive(sentence, q, before, after, c_start, c_end, spans.incentive_from(0))
        if found:
            return QuantityClass.INCENTIVE, f"the terms of a subsidy, reward or cap ({found})"
    if P.QUALIFIED_AFTER_RE.match(after) or P.THRESHOLD_RE.search(sentence[max(c_start, q.start - 12) : q.start]):
        return QuantityClass.THRESHOLD, "qualifies what is meant (…以上的企业, 是指, 一般不超过)"
    if before.endswith("等") or (q.chinese and _listed_count(sentence, q.start, c_start)):
        return QuantityClass.NONE, "counts the items just listed (A、B等3项)"
    if (
        re.search(r"[一二三四五六七八九十百千]+[省市县区届]$", before)
        or before.endswith("届")
        or re.match(r"^(?:全体会议|全会|会议|常务会议)", after)
    ):
        return QuantityClass.NONE, "part of a name (十省百家, 四届十次全会)"
    if re.search(r"(?:从|由)(?:平均)?$", before) or re.match(
        r"^[\u4e00-\u9fff]{0,12}?(?:压减|压缩|降低|减少|缩减)[\u4e00-\u9fff]{0,4}?(?:至|到)?(?:平均)?[0-9一二三四五六七八九十百千两半]",
        after,
    ):
        return QuantityClass.NONE, "the baseline of a reduction (从22个工作日压缩至…)"
    if before.endswith("每") and q.kind in (UnitKind.MONEY, UnitKind.PERCENT):
        return QuantityClass.INCENTIVE, "a rate per unit (每…)"
    stated = _stated(deadlines, q.start)
    future = bool(stated) and (period is None or stated[-1] >= period[0])
    if stated and not future:
        return QuantityClass.BACKGROUND, f"reached by {stated[-1]}, before the plan"
    # the past is told in the quantity's clause or the one before (…，共建成5个), or for the
    # whole sentence by its opening (“十三五”以来，…，…占全国60%左右)
    prev_start = start_after(sentence, c_start - 1, _CLAUSE_SEPS, CONTEXT) if c_start > 0 else c_start
    past_context = P.BACKGROUND_RE.search(sentence[prev_start:c_end]) or P.PAST_OPENING_RE.search(
        sentence[: end_at(sentence, 0, _CLAUSE_SEPS, CONTEXT)]
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
        or re.search(r"(?:压缩|压减|缩短|控制|减少|降低|提速|办结|办理|审查|审批)", before[-12:] + after[:6])
        or P.SERVICE_TIME_RE.match(after)
        or re.match(r"^(?:以内|内)?(?:到达|通达|送达|创业便利圈|生活圈|服务圈|交通圈|经济圈)", after)
        or re.search(r"(?:圈|办结)", after[:8])
    )


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`, never more than a window each side (a 1 MB line with no
    punctuation must not make reading quadratic)."""
    return start_after(sentence, pos, _CLAUSE_SEPS, CONTEXT * 2), end_at(
        sentence, pos, _CLAUSE_SEPS + "。", CONTEXT * 2
    )


# ---------------------------------------------------------------------------
# Targets: comparator, deadline, metric
# ---------------------------------------------------------------------------


def _target(
    sentence: str,
    q: Quantity,
    deadlines: list[Deadline],
    carried: int | None,
    period: tuple[int, int] | None,
    span: Span,
    previous: MetricPhrase | None = None,
    item_ends: tuple[int, ...] = (),
) -> tuple[Target, MetricPhrase]:
    """A target read from quantity `q`, and its metric phrase (for the next quantity)."""
    c_start, c_end = _clause(sentence, q.start)
    before = sentence[c_start : q.start]
    after = sentence[q.end : c_end]
    year = _year(sentence, q.start, c_start, deadlines, carried, period)
    item_start = max(c_start, sentence.rfind("、", c_start, q.start) + 1)
    comp = re.match(r"^(?:及以上|以上|左右|以内|以下|之内)", after)
    blanks = tuple((d.start, d.end) for d in deadlines)
    prev_start = start_after(sentence, max(0, c_start - 1), _CLAUSE_SEPS, CONTEXT * 2)
    topic = topic_of(without_spans(sentence, prev_start, max(prev_start, c_start - 1), blanks)) if c_start else ""
    phrase = metric_of(sentence, q, c_start, c_end, blanks, topic, previous, item_ends)
    target = Target(
        metric=phrase.text,
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        comparator=comparator_of(before, after, q),
        year=year,
        text=sentence[item_start : q.end].strip(P.SPACE + "，,") + (comp.group(0) if comp else ""),
        span=span,
        evidence=sentence.strip(),
        kind=q.kind.value,
        basis=basis_of(phrase.text),
    )
    return target, phrase


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


def _year(
    sentence: str,
    pos: int,
    c_start: int,
    deadlines: list[Deadline],
    carried: int | None,
    period: tuple[int, int] | None,
) -> int | None:
    stated = _stated(deadlines, pos)
    if stated:
        return stated[-1]
    if P.PER_YEAR_RE.search(sentence[max(0, pos - CONTEXT) : pos]):
        return None  # 每年遴选…: a rate, not a goal by a year
    if carried is not None:
        return carried
    return period[1] if period else None


# ---------------------------------------------------------------------------
# Doubling with no number
# ---------------------------------------------------------------------------


def _doublings(
    sentence: str, deadlines: list[Deadline], carried: int | None, period: tuple[int, int] | None, offset: int
) -> list[Target]:
    out = []
    names = SpanIndex(
        [(m.start(), m.end()) for m in (*_NAME_SPAN_RE.finditer(sentence), *_QUOTE_RE.finditer(sentence))]
    )
    for dm in P.DOUBLE_RE.finditer(sentence):
        if names.holds(dm.start()):
            continue
        c_start, c_end = _clause(sentence, dm.start())
        nxt = sentence[c_end : c_end + 12]
        if find_quantities(sentence[c_start:c_end]) or re.match(r"^[，,]\s*达到", nxt):
            continue
        if P.BACKGROUND_RE.search(sentence[max(0, c_start - CONTEXT) : c_end]):
            continue
        year = _year(sentence, dm.start(), c_start, deadlines, carried, period)
        metric = re.sub(r"(?:实现|力争|努力|数量|\d+年)+$", "", LEAD_RE.sub("", sentence[c_start : dm.start()]))
        out.append(
            Target(
                metric.strip("，,、 ") or "倍增",
                None,
                None,
                None,
                Comparator.DOUBLE,
                year,
                sentence[c_start:c_end].strip(),
                Span(offset + dm.start(), offset + dm.end()),
                sentence.strip(),
            )
        )
    return out
