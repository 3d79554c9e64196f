"""Metric phrases: what a target counts, as a noun phrase an analyst can read on its own.

A quantity's clause is read by constructs (patterns named in `kg.patterns`):

- ``OBJECT``: verb + quantity + noun — 培育10个人工智能OPC生态社区 → 培育人工智能OPC生态社区数量
  (the verb is kept when it says what is done: 新增, 新建, 培育 …);
- ``SUBJECT``: noun + verb or comparator + quantity — 高新技术企业数量达到5000家 → 高新技术企业数量;
- ``PREDICATE``: quantity + noun + predicate with nothing before — 70%以上政务服务事项实现“一窗”
  受理 → 实现“一窗”受理的政务服务事项比例; 在22个城市开展试评价 → 开展试评价的城市数量;
- ``CARRIED``: a clause with no subject of its own continues the topic of the clause before —
  平均时间压减到50个工作日，2019年底前压减到45个工作日 → 平均时间 (twice); 数量倍增，达到210个;
- ``SHARE``: a part of a total just counted — 15个智创城，其中太原市2个 → 太原市智创城数量;
- ``REDUCTION``: 降低10% → …降幅, 压减三分之一 → …压减比例; ``GROWTH``: 年均增长5% → …增幅;
- ``TIME_LIMIT``: 一日办结 → 办结时限; 10分钟创业便利圈 → 创业便利圈通达时间.

Deadlines (到2025年, 五年内) and item numbers ((1), ①) are never part of a metric.  The
measure word follows the kind of quantity: 数量 (count), 金额 (money), 面积 (area), 比例
(percent), unless the phrase already ends in one (率, 额, 规模, 时间 …).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg import patterns as P
from kg.extract.quantities import Quantity, UnitKind

#: 将/把 marking the object of a verb: what is changed stands after it (…将企业开办时间压缩到…).
OBJECT_MARK_RE = re.compile(r"(?:将|把)(?![来要会])")
#: Words that open a clause before what is counted (力争, 到2025年, 其中, 全省 …).
LEAD_RE = re.compile(
    r"^(?:其中|力争|争取|努力|确保|预计|全年|全市|全省|全区|全县|我省|我市|我区|我县|累计|共|再|进一步|逐步|并|同时|"
    r"推动|实现|重点|要|将|(?:到|至)?\d{4}年(?:底|末)?(?:前)?|明年|今年|上半年|下半年|年内|\s|，|,|、)+"
)
#: Item numbers opening a clause: (1) （一） ① 1.
ITEM_NUMBER_RE = re.compile(
    r"^(?:[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[\u2460-\u2473]|\d{1,2}[.．、](?!\d))\s*"
)
#: Verbs and comparators closing the words before a quantity (达到, 超, 压缩到 …).
BEFORE_TAIL_RE = re.compile(
    r"(?:达到|达|为|突破|超过|超|不少于|不低于|不超过|至少|增至|提高到|提升到|提高至|提升至|至|到|约|近|"
    r"压缩|压减|降低|下降|降价|缩短|减少|消减|从平均\d+\S*|再|进一步|分别|将|实现|有|在|年均增长|增长|提高|提升|"
    r"分别布局|布局|(?:压缩|压减|降低|缩短|减少)(?:一半|[一二三四五六七八九十]分之[一二三四五六七八九十])(?:以上|左右)?)+$"
)
#: A decrease written before the quantity: 降低10%, 压减三分之一.
REDUCE_RE = re.compile(r"(?:压缩|压减|降低|下降|降价|缩短|减少|消减)$")
#: A quantity ending the text before a bracket: 5个, 2.5亿元 (the bracket holds its milestone).
QUANTITY_END_RE = re.compile(r"\d[\d.]*[^\d，,。；;、（(）)]{0,3}$")
#: A bracket right after a quantity, which is never the noun it counts: 5个（2024年2个）.
MILESTONE_AFTER_RE = re.compile(r"^[（(][^（）()]*[）)]")
#: Brackets left empty once the deadline they held is taken out: （2025年） → （）.
EMPTY_BRACKETS_RE = re.compile(r"[（(][\s]*[）)]")
#: An increase written before a percentage: 年均增长5%, 提高10%, 年均增长不低于15%.
GROWTH_RE = re.compile(r"(?:年均)?(?:增长|提高|提升|增加)(?:不低于|不少于|超过|达到|达|至少|在)?$")
#: Endings that already name a measure; nothing is appended to them.
MEASURE_SUFFIXES = (
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
    "增幅",
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
    "面积",
    "水平",
)
#: Bare measure words: a subject made of one of them names nothing without its topic.
BARE_MEASURES = ("总数", "总量", "总额", "数量", "规模", "金额", "总规模", "数", "总面积", "面积")
#: A noun phrase after the quantity: 10个[人工智能OPC生态社区]; stops at a clause end.
NOUN_MAX = 60
NOUN_AFTER_RE = re.compile(
    rf"^(?:以上|及以上|左右|以内|多|余)?(?:的)?(?![和及与、])([\u4e00-\u9fffA-Za-z0-9&＆“”()（）\-+·、]{{2,{NOUN_MAX}}})"
)
#: What follows a quantity up to the end of its item of a list: 以上、 / 和 / 个地市、.
ITEM_SEP_RE = re.compile(r"[^、，,；;和及与\d]{0,12}?[、和及与]")
#: Words that open a new clause even without punctuation (…“单项冠军”全年民营科技企业…).
MID_LEAD_RE = re.compile(r"(?<=[\u4e00-\u9fff”])(?:全年|全市|全省|全区|其中|力争|争取|确保)(?=[\u4e00-\u9fff]{2})")
#: The noun after a quantity's attributes: 10个以上、[总面积…](的)[OPC标杆社区] (groups 1, 2);
#: attributes with a verb of their own are another item (30家、总数达到91家的目标任务).
ATTRIBUTED_NOUN_RE = re.compile(r"^、([^，,。；;]{1,40})的([\u4e00-\u9fffA-Za-z0-9]{2,20})$")
#: A list separator inside a noun phrase that opens another counted item (…城市、3-5个…).
NEXT_ITEM_RE = re.compile(r"(?:和|及|与|并|、)(?=[^、，,]{0,6}?[\d一二三四五六七八九十百千两])")
#: A predicate after the noun of a quantity in subject position (2个地市实施…).
PREDICATE_RE = re.compile(r"(?:实施|开展|实现|参与|进入|纳入|入驻|获得|通过|接入|达到|完成|开通|提供)")
#: Heads that name the plan's wording, not what is counted (…1500亿元的目标任务).
GENERIC_HEADS = ("目标任务", "目标", "任务", "标准", "水平", "左右")
#: Verbs kept before the counted noun: they tell what is done to it.
OBJECT_VERB_RE = re.compile(
    r"(?:新增|新建|培育|培养|建成|建设|引进|认定|组建|打造|集聚|招引|遴选|发掘|挖掘|推广|上线|完成|解决|开展|举办|转化|突破|"
    r"开放|提供|引育|吸引|带动|服务|孵化|发布|培训|推动形成|形成|布局)$"
)
#: A place a total is shared out to (其中太原市2个, 其余各设区市1个).
PLACE_RE = re.compile(r"(?:^(?:其余|其他|各)|(?:省|市|县|区|州|盟|旗|示范区|新区|开发区|园区)$)")
#: How far back (characters) 其中 is looked for before a share of a total.
CONTEXT = 80
#: Verbs saying that what is counted is new (a flow, not a stock): kept in the metric.
FLOW_VERB_RE = re.compile(r"(?:新增|新建|新认定|新培育|新引进|新设立)")
#: Verbs opening a subject that says nothing of what is counted (培育推荐省级技术创新中心3个).
LEADING_VERB_RE = re.compile(
    r"^(?:(?:培育|推荐|建设|建成|打造|组建|支持|认定|布局|争创|创建|申报|引进|集聚|争取|推动|实现|获批|获得)[和及与、]?)+"
)
#: A verb that ends the topic of a clause (高新技术企业数量|实现倍增, 平均时间|压减到…).
TOPIC_END_RE = re.compile(
    r"分别|倍增|翻番|翻一番|实现|达到|达|增长|提高|提升|压减|压缩|降低|缩短|超过|突破|保持|控制|不低于|不少于|不超过|力争|进一步"
)
#: Words a carried topic never starts with: a prepositional phrase is no topic (在全国实现…).
NOT_TOPIC_START = ("在", "对", "向", "从", "由", "将", "把", "按", "为", "以", "通过", "依托")
#: Words of a place or space counted by area: 1万平方米[空间].
SPACE_HEAD_RE = re.compile(r"(?:空间|载体|场地|用房|社区|园区|基地|厂房|楼宇|集聚区|孵化器|面积)$")
#: A reach of a service area: 10分钟创业便利圈, 15分钟生活圈.
REACH_RE = re.compile(r"^[”\"]?([\u4e00-\u9fffA-Za-z]{0,10}圈)")
#: A digit: a carried topic holds none.
DIGIT_RE = re.compile(r"\d")
#: Words between a verb of reduction and its number: 压缩[到], 降低[至平均], 压减[三分之一].
REDUCTION_TAIL_RE = re.compile(r"(?:到|至|平均|再|进一步|以上|一半|[一二三四五六七八九十]分之[一二三四五六七八九十])+$")
#: Words bounding a number, before the noun it counts: 100家[以上]企业, 10[多]个.
BOUND_WORDS_RE = re.compile(r"^(?:及以上|以上|左右|以内|以下|之内|多|余)+")
#: Everything up to the first sentence stop: the sentence a metric's text starts after.
TO_FIRST_STOP_RE = re.compile(r"^.*?[。；;]")
#: A word of counting at the end of a measure: 企业[数量], 投资[总量].
COUNT_WORD_END_RE = re.compile(r"(?:数量|总数|总量)$")
#: Kinds of quantity that count a noun written after them (10个[社区], 1万平方米[空间]).
_NOUN_KINDS = (UnitKind.COUNT, UnitKind.MONEY, UnitKind.COMPUTE, UnitKind.ENERGY, UnitKind.AREA)


@dataclass(frozen=True)
class MetricPhrase:
    """A metric and the noun it counts (carried to the next quantity of the sentence)."""

    text: str
    noun: str = ""
    unit: str = ""
    base: str = ""  # the subject the metric is about (企业开办时间), carried to the next clause


def basis_of(metric: str) -> str:
    """ "flow" when the metric counts new ones (新增/新建/新认定…), else "level"."""
    return "flow" if FLOW_VERB_RE.match(metric) else "level"


def topic_of(clause: str) -> str:
    """The topic of a clause that states a goal: the words before its first verb
    (高新技术企业数量实现倍增 → 高新技术企业数量), or ''."""
    clause = _clean_start(clause)
    m = TOPIC_END_RE.search(clause)
    head = clause[: m.start()] if m else ""
    head = head.strip("，,、 的")
    if len(head) < 3 or DIGIT_RE.search(head) or head.startswith(NOT_TOPIC_START):
        return ""
    return head


def metric_of(
    sentence: str,
    q: Quantity,
    c_start: int,
    c_end: int,
    blanks: tuple[tuple[int, int], ...] = (),
    topic: str = "",
    previous: MetricPhrase | None = None,
    item_ends: tuple[int, ...] = (),
) -> MetricPhrase:
    """What the quantity `q` of `sentence` counts; its clause is [c_start, c_end).

    `blanks`: spans of the sentence that are never part of a metric (deadlines);
    `topic`: the topic of the clause before; `previous`: the last target of the sentence;
    `item_ends`: where the sentence's quantities end (an item of a list ends there)."""
    item = _item_start(sentence, c_start, q.start, item_ends)
    whole = _clean_start(without_spans(sentence, c_start, q.start, blanks))
    before = _clean_start(without_spans(sentence, item, q.start, blanks))
    if previous is not None and previous.unit == q.unit and _in_milestone(before):
        return previous  # 新建重点实验室5个（2024年2个）: a milestone of the same metric
    in_list = item > c_start
    if in_list:
        flow = FLOW_VERB_RE.match(whole)  # 新建A5个、B3个: B is new too
        if flow and not FLOW_VERB_RE.match(before) and not before.startswith(BARE_MEASURES):
            before = flow.group(0) + before
    before = MID_LEAD_RE.split(before)[-1]  # 培育更多“小巨人”全年民营科技企业突破100家
    # a deadline after the number is no noun it counts: 500家以上（2025年）
    after = sentence[q.end : c_end]
    for a, b in sorted(blanks, reverse=True):
        if q.end <= a and b <= c_end:
            after = after[: a - q.end] + after[b - q.end :]
    after = MILESTONE_AFTER_RE.sub("", EMPTY_BRACKETS_RE.sub("", after))
    reduction = bool(REDUCE_RE.search(REDUCTION_TAIL_RE.sub("", before)))
    growth = q.kind is UnitKind.PERCENT and bool(GROWTH_RE.search(before))
    subject = BEFORE_TAIL_RE.sub("", before).strip("，,、 的")
    if "，" in subject:  # a deadline stood there: …“单项冠军”[全年]民营科技企业突破100家
        parts = [BEFORE_TAIL_RE.sub("", x).strip("、 的") for x in subject.split("，")]
        subject = parts[-1] if len(parts[-1]) >= 2 else parts[0]
    object_mark = next(reversed(list(OBJECT_MARK_RE.finditer(subject))), None)
    if object_mark and len(subject) - object_mark.end() >= 2:
        subject = subject[object_mark.end() :]  # 各直辖市将[企业开办时间]压缩到…
    after = BOUND_WORDS_RE.sub("", after)
    noun, predicate = _noun_after(after, q) if q.kind in _NOUN_KINDS else ("", "")
    carried = (previous.base if previous and in_list else "") or topic or (previous.base if previous else "")
    if subject in BARE_MEASURES:
        base = previous.noun if previous and previous.noun else topic
        subject = base + subject if base else subject
    if q.kind is UnitKind.TIME:
        base = _time_base(subject, carried)
        return MetricPhrase(_tidy(_time_metric(base, subject, after, carried)), base=base)
    if q.kind in (UnitKind.FRACTION, UnitKind.PERCENT) and (reduction or growth):
        base = subject or noun or carried
        word = "增幅" if growth else "降幅" if q.kind is UnitKind.PERCENT else "压减比例"
        if growth and "年均" in before[-8:]:
            word = "年均增幅"
        return MetricPhrase(_tidy(_strip_measure(base) + word), base=base)
    if q.kind in (UnitKind.FRACTION, UnitKind.PERCENT) and not subject:
        share = _share_of(after)  # 70%以上政务服务事项实现… → …比例
        if share:
            return MetricPhrase(_tidy(share + "比例"), base=share)
    share_of_total = (
        subject
        and "其中" in sentence[c_start - CONTEXT if c_start > CONTEXT else 0 : q.start]
        and PLACE_RE.search(subject)
        and not noun
        and previous
        and previous.noun
        and previous.unit == q.unit
        and len(subject) <= 10
        and not subject.endswith(MEASURE_SUFFIXES)
        and not OBJECT_VERB_RE.search(subject)
    )
    if noun and predicate and not subject:
        metric = f"{predicate}的{noun}"  # PREDICATE: 2个地市实施… → 实施…的地市
    elif noun:
        verb = OBJECT_VERB_RE.search(subject)
        metric = (verb.group(0) if verb else "") + noun
    elif subject and not share_of_total:
        flow = FLOW_VERB_RE.match(subject)
        rest = LEADING_VERB_RE.sub("", subject[flow.end() :] if flow else subject)
        metric = (flow.group(0) if flow else "") + (rest if len(rest) >= 2 else subject)
        if len(rest) >= 2 and not rest.endswith(MEASURE_SUFFIXES):
            noun = rest  # what the subject counts: carried to 总数达到91家
    elif share_of_total:
        assert previous is not None
        noun = previous.noun
        metric = subject + noun  # SHARE: 其中太原市2个 (of 15个智创城)
    else:
        metric = subject or carried
    metric = _with_measure(_tidy(metric.strip("，,、 ")), q.kind)
    if len(metric) < 3 or metric in ("数量", "金额", "面积", "比例"):
        context = LEAD_RE.sub("", sentence[c_start : q.start]).strip("，,、 ")
        metric = _with_measure(_tidy((context or sentence[c_start:c_end].strip())[:30]), q.kind)
    return MetricPhrase(metric, noun, q.unit, subject or carried)


def _in_milestone(before: str) -> bool:
    """Whether a quantity stands in a bracket opened right after another quantity
    (5个（2024年2个）): the bracket gives a milestone of the same metric."""
    k = max(before.rfind("（"), before.rfind("("))
    return k > 0 and not any(c in before[k:] for c in "）)") and bool(QUANTITY_END_RE.search(before, 0, k))


def without_spans(sentence: str, start: int, end: int, blanks: tuple[tuple[int, int], ...]) -> str:
    """sentence[start:end] with the blank spans cut out (a clause break in their place)."""
    out, pos = [], start
    for a, b in sorted(blanks):
        if b <= pos or a >= end:
            continue
        out.append(sentence[pos : max(pos, a)])
        out.append("，")
        pos = max(pos, b)
    out.append(sentence[pos:end])
    text = "".join(out)
    return TO_FIRST_STOP_RE.sub("", text)


def _clean_start(text: str) -> str:
    """Without the item number and opening words of a clause: （1）2018年将… → …"""
    prev = None
    while prev != text:
        prev = text
        text = LEAD_RE.sub("", ITEM_NUMBER_RE.sub("", text.lstrip(P.SPACE + "，,、")))
    return text


def _item_start(sentence: str, c_start: int, pos: int, item_ends: tuple[int, ...]) -> int:
    """Where the item of a list holding `pos` starts: after the last quantity of the clause
    followed by a list separator (…15个、[7个工作日], …3个和[省级联盟2个]), else the clause's start."""
    k = bisect.bisect_left(item_ends, pos) - 1  # item_ends are sorted
    while k >= 0 and item_ends[k] >= c_start:
        m = ITEM_SEP_RE.match(sentence, item_ends[k])
        if m and m.end() <= pos:
            return m.end()
        k -= 1
    return c_start


def _noun_after(after: str, q: Quantity) -> tuple[str, str]:
    """The noun a quantity counts (10个[人工智能OPC生态社区]) and the predicate that follows
    it in the clause, if any (2个地市[实施…]; also after a list: 2个地市、10个县区实施…)."""
    m = NOUN_AFTER_RE.match(after)
    if not m:
        attributed = ATTRIBUTED_NOUN_RE.match(after)  # 10个以上、总面积不低于100万平方米的[OPC标杆社区]
        if (
            attributed
            and not attributed.group(2).startswith(GENERIC_HEADS)
            and not PREDICATE_RE.search(attributed.group(1))
        ):
            return attributed.group(2), ""
        return "", ""
    words = m.group(1)
    if "等" in words and len(words) - words.rfind("等") > 2:
        words = words[words.rfind("等") + 1 :]  # 20个A、B、C等[国家级创新平台]: the category counted
    elif len(words) == NOUN_MAX and "、" in words:
        words = words[: words.find("、")]  # a list longer than a name: its first item
    noun = _balanced(NEXT_ITEM_RE.split(words)[0]).strip("、")
    predicate = ""
    pm = PREDICATE_RE.search(words, 2)
    if pm:
        predicate = words[pm.start() :]
        if pm.start() < len(noun):
            noun = noun[: pm.start()]
    if "的" in noun:
        head, tail = noun.rsplit("的", 1)
        noun = tail if len(tail) >= 3 else head  # 具有影响力的[创新平台]; [企业家]的加入
    if noun.startswith(GENERIC_HEADS):
        return "", ""
    if q.kind is UnitKind.AREA and not SPACE_HEAD_RE.search(noun):
        return "", ""
    return noun.strip('、“”"'), predicate.rstrip("、")


def _share_of(after: str) -> str:
    """What a share in subject position is a share of: 70%以上[政务服务事项实现“一窗”受理]."""
    m = NOUN_AFTER_RE.match(after)
    if not m:
        return ""
    words = _balanced(m.group(1)).strip("、")
    if "的" in words:
        head, tail = words.rsplit("的", 1)
        words = head if len(tail) < 3 else words
    return words if len(words) >= 3 else ""


def _balanced(text: str) -> str:
    """`text` cut before a bracket or quote it opens and does not close."""
    for left, right in (("(", ")"), ("（", "）"), ("“", "”")):
        i = text.rfind(left)
        if i >= 0 and right not in text[i:]:
            text = text[:i]
    return text


def _time_base(subject: str, carried: str) -> str:
    if subject.endswith(MEASURE_SUFFIXES):
        return subject
    return carried if carried.endswith(MEASURE_SUFFIXES) else ""


def _time_metric(base: str, subject: str, after: str, carried: str) -> str:
    """A time limit: of a service (一日办结 → 办结时限), of a reach (10分钟创业便利圈 →
    创业便利圈通达时间), else of what the clause is about (企业开办时间)."""
    reach = REACH_RE.match(after)
    if reach and reach.group(1):
        return reach.group(1) + "通达时间"
    service = P.SERVICE_TIME_RE.match(after)
    if service and not base:
        return service.group(1) + "时限"
    return base or subject or carried or "时限"


def _tidy(metric: str) -> str:
    """Without a quote or bracket the metric does not both open and close."""
    if metric.count("“") != metric.count("”"):
        metric = metric.replace("“", "").replace("”", "")
    for left, right in (("(", ")"), ("（", "）")):
        i = metric.rfind(left)
        if i >= 0 and right not in metric[i:]:
            metric = metric[:i]
        j = metric.find(right)
        if j >= 0 and left not in metric[:j]:
            metric = metric[j + 1 :]
    return metric.strip("，,、 ")


def _strip_measure(text: str) -> str:
    return COUNT_WORD_END_RE.sub("", text) if text else text


def _with_measure(metric: str, kind: UnitKind) -> str:
    if not metric or metric.endswith(MEASURE_SUFFIXES):
        return metric
    suffix = {
        UnitKind.COUNT: "数量",
        UnitKind.MONEY: "金额",
        UnitKind.AREA: "面积",
        UnitKind.PERCENT: "比例",
    }.get(kind, "")
    return metric + suffix
