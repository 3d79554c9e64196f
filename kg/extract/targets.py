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

from kg import patterns as P
from kg.extract.deadlines import Deadline, DeadlineScope, DocTime
from kg.extract.metric_phrase import LEAD_RE, MetricPhrase, basis_of, metric_of, topic_of, without_spans
from kg.extract.quantities import Quantity, find_quantities
from kg.extract.spans import SpanIndex, start_after
from kg.extract.target_classes import (
    CLAUSE_SEPS,
    CONTEXT,
    NAME_SPAN_RE,
    QUOTE_RE,
    SENTENCE_RE,
    QuantityClass,
    classify_sentence,
    clause_of,
    comparator_of,
    stated_years,
)
from kg.model import Comparator, Incentive, Span, Target


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
        for sm in SENTENCE_RE.finditer(line):
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
                    clause = clause_of(sentence, q.start)
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
    c_start, c_end = clause_of(sentence, q.start)
    before = sentence[c_start : q.start]
    after = sentence[q.end : c_end]
    year = _year(sentence, q.start, c_start, deadlines, carried, period)
    item_start = max(c_start, sentence.rfind("、", c_start, q.start) + 1)
    comp = P.BOUND_AFTER_RE.match(after)
    blanks = tuple((d.start, d.end) for d in deadlines)
    prev_start = start_after(sentence, max(0, c_start - 1), CLAUSE_SEPS, CONTEXT * 2)
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


def _year(
    sentence: str,
    pos: int,
    c_start: int,
    deadlines: list[Deadline],
    carried: int | None,
    period: tuple[int, int] | None,
) -> int | None:
    stated = stated_years(deadlines, pos)
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
    out: list[Target] = []
    found = list(P.DOUBLE_RE.finditer(sentence))
    if not found:
        return out
    names = SpanIndex([(m.start(), m.end()) for m in (*NAME_SPAN_RE.finditer(sentence), *QUOTE_RE.finditer(sentence))])
    for dm in found:
        if names.holds(dm.start()):
            continue
        c_start, c_end = clause_of(sentence, dm.start())
        nxt = sentence[c_end : c_end + 12]
        if find_quantities(sentence[c_start:c_end]) or P.VALUE_NEXT_RE.match(nxt):
            continue
        if P.BACKGROUND_RE.search(sentence[max(0, c_start - CONTEXT) : c_end]):
            continue
        year = _year(sentence, dm.start(), c_start, deadlines, carried, period)
        metric = P.DOUBLING_METRIC_TAIL_RE.sub("", LEAD_RE.sub("", sentence[c_start : dm.start()]))
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
