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
            for reading in classify_sentence(sentence, deadlines, carried, background, period):
                q = reading.quantity
                span = Span(offset + s_off + q.start, offset + s_off + q.end)
                if reading.cls is QuantityClass.INCENTIVE:
                    clause = _clause(sentence, q.start)
                    incentives.append(
                        Incentive(q.value, q.value_max, q.unit, sentence[clause[0] : clause[1]].strip(), span)
                    )
                elif reading.cls is QuantityClass.TARGET:
                    target = _target(sentence, q, deadlines, carried, period, span)
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
    names = SpanIndex([(m.start(), m.end()) for m in _NAME_SPAN_RE.finditer(sentence)])
    quotes = SpanIndex([(m.start(), m.end()) for m in _QUOTE_RE.finditer(sentence)])
    times = SpanIndex([(d.start, d.end) for d in deadlines])
    goal = bool(P.GOAL_VERB_RE.search(sentence))
    out = []
    for q in find_quantities(sentence):
        if times.holds(q.start):
            continue  # 五年内, 2018年底前: a deadline, not a quantity
        out.append(Reading(q, *_classify(sentence, q, names, quotes, deadlines, background, period, goal)))
    return out


def _classify(
    sentence: str,
    q: Quantity,
    names: SpanIndex,
    quotes: SpanIndex,
    deadlines: list[Deadline],
    background: bool,
    period: tuple[int, int] | None,
    goal: bool,
) -> tuple[QuantityClass, str]:
    c_start, c_end = _clause(sentence, q.start)
    before = sentence[max(c_start, q.start - CONTEXT) : q.start]
    after = sentence[q.end : c_end]
    unit_after = q.unit[-1:] + after if q.unit else after
    if names.holds(q.start):
        return QuantityClass.NONE, "inside a title or document number"
    if quotes.holds(q.start) and q.kind is not UnitKind.TIME:
        return QuantityClass.NONE, "inside a quoted name"
    if before.endswith(("第", "首批", "统", "唯", "同")):
        return QuantityClass.NONE, "an ordinal"
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
    if q.kind is UnitKind.MONEY and re.match(r"^(?:及以上|以上|以下)[\u4e00-\u9fff]", after):
        return QuantityClass.THRESHOLD, "the size of what is counted (亿元以上项目)"
    if q.kind in _TERMS and not P.QUALIFIED_AFTER_RE.match(after):
        found = _incentive(sentence, q, before, after, c_start, c_end)
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
    past_context = P.BACKGROUND_RE.search(sentence[max(0, c_start - CONTEXT) : c_end])
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


def _incentive(sentence: str, q: Quantity, before: str, after: str, c_start: int, c_end: int) -> str | None:
    """Why an amount, share, area or time is the term of an incentive, or None: a word of
    a grant in its clause (给予, 补贴, 券 …); a share of something paid (按…的30%); a rate
    per person or month (每月1200元); a cap (不超过50万元); or, in a clause with no verb
    of a goal, a grant elsewhere in the sentence (…给予补贴，补贴比例不超过50%)."""
    clause = sentence[c_start:c_end]
    comparator = comparator_of(before, after, q)
    if comparator is Comparator.GE:
        return None  # 不少于2000卡时: a floor the government commits to, not a grant's term
    for regex in (P.INCENTIVE_RE, P.PROPORTION_BEFORE_RE, P.PER_UNIT_BEFORE_RE):
        m = regex.search(clause if regex is P.INCENTIVE_RE else before)
        if m:
            return m.group(0)
    if q.kind is UnitKind.MONEY and comparator is Comparator.LE:
        return "a cap"
    m = P.INCENTIVE_RE.search(sentence)
    if m and not P.GOAL_VERB_RE.search(clause):
        return m.group(0)
    return None


def _listed_count(sentence: str, pos: int, c_start: int) -> bool:
    """三项 after a list (A、B和C三项): the count of the listed items, not a goal."""
    head = sentence[c_start:pos]
    if not head or head[-1] in "、和及与":
        return False  # the number opens an item of the list (一站通办、一日办结)
    last = max(head.rfind("、"), head.rfind("和"), head.rfind("与"), head.rfind("及"))
    return "、" in head and last >= 0 and not P.GOAL_VERB_RE.search(head[last:])


def _time_limit(before: str, after: str) -> bool:
    """A time to reach (压缩到8.5个工作日, 一天办结, 10分钟…圈) rather than a duration
    of something else (试行两年)."""
    return bool(
        P.REDUCE_TO_BEFORE_RE.search(before)
        or re.search(r"(?:压缩|压减|缩短|控制|减少|降低|提速|办结|办理|审查|审批)", before[-12:] + after[:6])
        or re.match(
            r"^(?:以内|内)?(?:办结|办理|完成|审结|到达|通达|送达|创业便利圈|生活圈|服务圈|交通圈|经济圈)", after
        )
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
) -> Target:
    c_start, c_end = _clause(sentence, q.start)
    before = sentence[c_start : q.start]
    after = sentence[q.end : c_end]
    year = _year(sentence, q.start, c_start, deadlines, carried, period)
    item_start = max(c_start, sentence.rfind("、", c_start, q.start) + 1)
    comp = re.match(r"^(?:及以上|以上|左右|以内|以下|之内)", after)
    return Target(
        metric=metric_of(sentence, q, c_start, c_end),
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        comparator=comparator_of(before, after, q),
        year=year,
        text=sentence[item_start : q.end].strip(P.SPACE + "，,") + (comp.group(0) if comp else ""),
        span=span,
        evidence=sentence.strip(),
        kind=q.kind.value,
    )


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


#: Words that open a clause before what is counted (力争, 到2025年, 其中 …).
_LEAD_RE = re.compile(
    r"^(?:其中|力争|争取|确保|预计|全年|全市|全省|全区|累计|共|再|进一步|逐步|并|同时|推动|实现|重点|"
    r"(?:到|至)?\d{4}年(?:底|末)?(?:前)?|明年|今年|上半年|下半年|年内|\s|，|,|、)+"
)
#: Verbs and comparators closing the words before a quantity (达到, 超, 压缩到 …).
_BEFORE_TAIL_RE = re.compile(
    r"(?:达到|达|为|突破|超过|超|不少于|不低于|不超过|至少|增至|提高到|提升到|总数达到|总量突破|至|到|约|近|"
    r"压缩|压减|降低|下降|降价|缩短|减少|消减|从平均\d+\S*|再|进一步|分别|将|实现)+$"
)
_REDUCE_RE = re.compile(r"(?:压缩|压减|降低|下降|降价|缩短|减少|消减)$")
_METRIC_SUFFIXES = (
    "数",
    "量",
    "率",
    "比重",
    "额",
    "总数",
    "总量",
    "规模",
    "强度",
    "占比",
    "比例",
    "增速",
    "数量",
    "时间",
    "周期",
    "时限",
    "幅",
    "降幅",
    "成本",
    "投入",
    "产值",
    "收入",
)
#: A noun phrase after the quantity: 10个[人工智能OPC生态社区]; stops at a clause end or a verb.
_NOUN_AFTER_RE = re.compile(r"^(?:以上|及以上|左右|以内|多|余)?(?:的)?([\u4e00-\u9fffA-Za-z0-9&＆“”()（）\-+·]{2,30})")


def metric_of(sentence: str, q: Quantity, c_start: int, c_end: int) -> str:
    """What is counted, as a noun phrase."""
    after = sentence[q.end : c_end]
    before = sentence[c_start : q.start]
    before = re.sub(r"^.*?[。；;]", "", before)
    subject = _LEAD_RE.sub("", before)
    reduction = bool(_REDUCE_RE.search(re.sub(r"(?:到|至|平均|再|进一步)+$", "", subject)))
    subject = _BEFORE_TAIL_RE.sub("", subject).strip("，,、 的")
    noun = ""
    after = re.sub(r"^(?:及以上|以上|左右|以内|以下|之内|多|余)+", "", after)
    m = _NOUN_AFTER_RE.match(after)
    if m and q.kind in (UnitKind.COUNT, UnitKind.MONEY, UnitKind.COMPUTE, UnitKind.ENERGY, UnitKind.AREA):
        noun = m.group(1)
        noun = re.split(r"(?:和|及|与|并|，|、)", noun)[0]
        if "的" in noun:
            noun = noun.rsplit("的", 1)[1]
    if q.kind is UnitKind.FRACTION or (q.kind is UnitKind.PERCENT and reduction):
        base = subject or noun
        return (base + ("降幅" if q.kind is UnitKind.PERCENT else "压减比例")).strip() or "降幅"
    if noun and len(noun) >= 2:
        # the verb before the quantity tells what is done to the thing counted
        verb = re.search(
            r"(?:新增|新建|培育|建成|建设|引进|认定|组建|打造|集聚|招引|遴选|发掘|挖掘|推广|上线|完成|解决|开展|举办|转化|突破)$",
            subject,
        )
        head = verb.group(0) if verb else ""
        metric = head + noun
    else:
        metric = subject
    metric = metric.strip("，,、 ")
    if q.kind is UnitKind.COUNT and metric and not metric.endswith(_METRIC_SUFFIXES):
        metric += "数量"
    if q.kind is UnitKind.MONEY and metric and not metric.endswith(_METRIC_SUFFIXES):
        metric += "金额"
    if not metric or len(metric) < 3 or metric in ("数量", "金额"):
        context = _LEAD_RE.sub("", sentence[c_start : q.start]).strip("，,、 ")
        metric = (context or sentence[c_start:c_end].strip())[:30]
        if q.kind is UnitKind.COUNT and not metric.endswith(_METRIC_SUFFIXES):
            metric += "数量"
    return metric


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
        metric = re.sub(r"(?:实现|力争|努力|数量|\d+年)+$", "", _LEAD_RE.sub("", sentence[c_start : dm.start()]))
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
