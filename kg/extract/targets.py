"""Targets: quantified goals (metric, value, unit, comparator, deadline year).

Read per sentence: every quantity (Arabic or Chinese numerals, ranges, 万/亿, units as
written) in a sentence that states work to do, with its comparator (以上/突破 → >=,
左右/约 → ≈, 不超过 → <=, 倍增 with no number → x2) and deadline (到2025年 / 2023年底前,
carried to the following sentences of the paragraph, else the document's period).

Not targets: past statistics (截至2020年…, years before the plan), counts describing the
document (5个方面21项工作), numbers inside names (“111”工程, 《…》, 〔2021〕), ordinals
(第一批) and reward or subsidy amounts, which are kept as incentives.
"""

from __future__ import annotations

import re

from kg import patterns as P
from kg.extract.spans import end_at, start_after
from kg.model import Comparator, Incentive, Span, Target
from kg.numerals import cn_to_int

#: How far back (characters) a quantity's context is read: years, background words.
CONTEXT = 160
_SENTENCE_RE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_PROTECT_RE = re.compile(r"“[^”]*”|《[^》]*》|〔[^〕]*〕|「[^」]*」|\"[^\"]*\"")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_MONEY_UNITS = {"元", "万元", "亿元"}
_COUNT_UNITS = {
    "家",
    "个",
    "项",
    "人",
    "名",
    "件",
    "所",
    "座",
    "条",
    "台",
    "套",
    "户",
    "支",
    "种",
    "篇",
    "名(个)",
    "名（个）",
    "人次",
}
_LEAD_FILLER_RE = re.compile(
    r"^(?:其中|力争|争取|确保|全年|到\d{4}年(?:底)?|\d{4}年(?:底)?前|全市|全省|全区|累计|共|再|，|,|、|\s)+"
)
_METRIC_TAIL_RE = re.compile(r"(?:达到|达|为|突破|超过|不少于|不低于|增至|提高到|提升到|总数达到|总量突破|至|约|近)$")
_METRIC_SUFFIXES = ("数", "量", "率", "比重", "额", "总数", "总量", "规模", "强度", "占比", "比例", "增速", "数量")


def _value(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        n = cn_to_int(text)
        return float(n) if n is not None else None


def _protected(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PROTECT_RE.finditer(sentence)]


def _clause_bounds(sentence: str, pos: int, seps: str = "，,：:") -> tuple[int, int]:
    return start_after(sentence, pos, seps), end_at(sentence, pos, seps + "。；;")


def _listed_count(sentence: str, pos: int) -> bool:
    """三项 after a list (A、B和C三项重点建设): the count of listed items, not a goal."""
    c_start, _ = _clause_bounds(sentence, pos)
    head = sentence[c_start:pos]
    last = max(head.rfind("、"), head.rfind("和"), head.rfind("与"), head.rfind("及"))
    return "、" in head and last >= 0 and not P.VERB_HINT_RE.search(head[last:])


def _comparator(before: str, after: str) -> Comparator:
    if P.LE_BEFORE_RE.search(before) or P.LE_AFTER_RE.match(after):
        return Comparator.LE
    if P.APPROX_BEFORE_RE.search(before) or P.APPROX_AFTER_RE.match(after):
        return Comparator.APPROX
    if P.GE_AFTER_RE.match(after):
        return Comparator.GE
    if P.GE_BEFORE_RE.search(before):
        tail = after.lstrip(P.SPACE)
        # 突破100家 (exceed) vs 突破30项关键技术 (achieve breakthroughs in).
        if not before.endswith("突破") or not tail or tail[0] in "，,。；;、）)":
            return Comparator.GE
    return Comparator.EQ


def _metric(before: str, after: str, unit: str) -> str:
    after_noun = re.match(r"^[\u4e00-\u9fffA-Za-z&＆“”()（）\-]+", after)
    noun = after_noun.group(0) if after_noun else ""
    for word in ("以上", "左右", "及以上", "多", "余", "以内"):
        noun = noun.removeprefix(word)
    head = _LEAD_FILLER_RE.sub("", before)
    if len(noun) >= 2 and not noun.startswith(("的目标", "的", "以上", "左右")):
        metric = head.rstrip("约近超过") + noun
    else:
        metric = _METRIC_TAIL_RE.sub("", head)
    metric = metric.strip("，,、 ")
    if unit in _COUNT_UNITS and metric and not metric.endswith(_METRIC_SUFFIXES):
        metric += "数量"
    return metric or "数量"


def extract_targets(
    text: str, offset: int, period: tuple[int, int] | None, headline_len: int = 0
) -> tuple[list[Target], list[Incentive]]:
    """Targets and incentives of `text` (its first character at `offset`).

    `headline_len`: length of the task headline at the start of `text`; a quantity in the
    headline repeated in the body is read once, from the body."""
    targets: list[tuple[Target, bool]] = []  # (target, in headline)
    incentives: list[Incentive] = []
    pos = 0
    for line in text.split("\n"):
        carry: int | None = None
        background = False  # the paragraph is describing the past (截至2020年 …)
        for sm in _SENTENCE_RE.finditer(line):
            sentence = sm.group(0)
            s_off = pos + sm.start()
            protected = _protected(sentence)
            deadlines = [(m.start(), int(m.group(1) or m.group(2))) for m in P.DEADLINE_RE.finditer(sentence)]
            has_verb = bool(P.VERB_HINT_RE.search(sentence))
            for qm in P.QUANTITY_RE.finditer(sentence):
                start, end = qm.start(), qm.end()
                if any(a <= start < b for a, b in protected):
                    continue
                unit = qm.group("unit")
                raw_num = qm.group("num")
                before_all = sentence[max(0, start - CONTEXT) : start]  # bounded: no quadratic scans
                after = sentence[end:]
                if before_all.endswith(("第", "首批", "同", "统", "唯", "等")) or P.NOT_TARGET_AFTER_RE.match(
                    unit + after
                ):
                    continue
                if P.PROGRAM_SUFFIX_RE.match(
                    re.sub(r"^[\u4e00-\u9fff]{0,10}?(?=工程|计划|行动)", "", after)
                ) and re.match(r"^[\u4e00-\u9fff]{1,10}(?:工程|计划|行动)", after):
                    continue  # a number inside a program name: 千名民营企业家培养行动
                chinese = raw_num[0] in "零〇一二两三四五六七八九十百千万"
                if chinese and raw_num in ("一", "两") and unit not in ("个", "家", "项"):
                    continue
                if chinese and _listed_count(sentence, start):
                    continue
                if unit == "条" and P.POLICY_COUNT_BEFORE_RE.search(before_all):
                    continue
                if raw_num[0] in "零〇一二两三四五六七八九十百千万" and (
                    (raw_num == "一" and unit in ("批", "些", "支", "种", "条"))
                    or after.startswith(("拥有", "口"))
                    or before_all.endswith("每")
                    or unit in ("万人",)
                ):
                    continue
                if unit == "万人" and after.startswith(("拥有", "口")):
                    continue
                value = _value(raw_num)
                vmax = _value(qm.group("max"))
                if value is None:
                    continue
                mult = qm.group("mult")
                if mult and unit == "元":
                    unit = mult + unit
                elif mult:
                    factor = 10_000 if mult == "万" else 100_000_000
                    value, vmax = value * factor, vmax * factor if vmax else None
                c_start, c_end = _clause_bounds(sentence, start)
                clause = sentence[c_start:c_end]
                span = Span(offset + s_off + start, offset + s_off + end)
                if unit in _MONEY_UNITS | {"%", "％"} and P.INCENTIVE_RE.search(clause):
                    incentives.append(Incentive(value, vmax, unit, clause.strip(), span))
                    continue
                year = next((y for p, y in reversed(deadlines) if p < start), None)
                future = year is not None and (period is None or year >= period[0])
                if not future and (background or P.BACKGROUND_RE.search(sentence[max(0, c_start - CONTEXT) : c_end])):
                    continue
                if not has_verb:
                    continue
                years_before = [int(y) for y in _YEAR_RE.findall(before_all)]
                if period and any(y < period[0] for y in years_before) and not future:
                    continue
                if year is None:
                    year = carry
                if year is None and period and not P.PER_YEAR_RE.search(clause):
                    year = period[1]
                item_start = max(c_start, sentence.rfind("、", max(c_start, start - CONTEXT), start) + 1)
                before = sentence[item_start:start]
                if item_start > c_start and not P.VERB_HINT_RE.search(before):
                    # an enumeration item (省级重点实验室2个) inherits the clause's verb
                    verb = P.VERB_HINT_RE.search(sentence[c_start:start])
                    before = (verb.group(0) if verb else "") + before
                comp = re.match(r"^(?:及以上|以上|左右|以内|以下|多|余)", after)
                comp_after = comp.group(0) if comp else ""
                target = Target(
                    metric=_metric(before, after, unit),
                    value=value,
                    value_max=vmax,
                    unit=unit,
                    comparator=_comparator(sentence[c_start:start], after),
                    year=year,
                    text=sentence[item_start:end].strip(P.SPACE + "，,") + comp_after,
                    span=span,
                    evidence=sentence.strip(),
                )
                targets.append((target, s_off + start < headline_len))
            for dm in P.DOUBLE_RE.finditer(sentence):
                if any(a <= dm.start() < b for a, b in protected):
                    continue
                c_start, c_end = _clause_bounds(sentence, dm.start())
                nxt = sentence[c_end : c_end + 12]
                if P.QUANTITY_RE.search(sentence[c_start:c_end]) or re.match(r"^[，,]\s*达到", nxt):
                    continue
                if P.BACKGROUND_RE.search(sentence[max(0, c_start - CONTEXT) : c_end]):
                    continue
                year = next((y for p, y in reversed(deadlines) if p < dm.start()), carry)
                if year is None and period:
                    year = period[1]
                metric = re.sub(
                    r"(?:实现|力争|努力|数量|\d+年)+$", "", _LEAD_FILLER_RE.sub("", sentence[c_start : dm.start()])
                )
                span = Span(offset + s_off + dm.start(), offset + s_off + dm.end())
                targets.append(
                    (
                        Target(
                            metric.strip("，,、 ") or "倍增",
                            None,
                            None,
                            None,
                            Comparator.DOUBLE,
                            year,
                            sentence[c_start:c_end].strip(),
                            span,
                            sentence.strip(),
                        ),
                        False,
                    )
                )
            if deadlines:
                carry = deadlines[-1][1]
            past = [int(y) for y in _YEAR_RE.findall(sentence) if period and int(y) < period[0]]
            if P.BACKGROUND_RE.search(sentence) or past:
                background = True
            if deadlines and (period is None or deadlines[-1][1] >= period[0]):
                background = False
        pos += len(line) + 1
    body = {(t.value, t.unit) for t, head in targets if not head}
    return [t for t, head in targets if not (head and (t.value, t.unit) in body)], incentives
