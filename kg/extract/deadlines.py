"""Deadlines: the year by which a quantity is to be reached, resolved against the
document's date and period.

Constructs (patterns in `kg.patterns`):

- ``BY``: 到2025年, 至2023年底, 力争到2028年;
- ``YEAR_END``: 2023年底前, 2025年前, 2019年上半年, 2020年底;
- ``CLAUSE_YEAR``: a year opening a clause — 2018年，… / 2019年将…;
- ``RELATIVE``: 明年 (the document's year + 1), 今年 / 年内 / 全年 (its year), 上半年 /
  下半年 (the year in force, else the document's), 五年内 (its year + 5);
- ``PLAN_END``: “十四五”末 (2025).

A deadline holds for the quantities after it in its sentence and for the following
sentences of its paragraph, until another is stated (`DeadlineScope`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kg import patterns as P
from kg.numerals import cn_to_int


class DeadlineKind(Enum):
    BY = "by"
    YEAR_END = "year-end"
    CLAUSE_YEAR = "clause-year"
    RELATIVE = "relative"
    PLAN_END = "plan-end"


@dataclass(frozen=True)
class Deadline:
    year: int
    kind: DeadlineKind
    start: int
    end: int


@dataclass(frozen=True)
class DocTime:
    """What deadlines are resolved against: the document's year and its plan period."""

    year: int | None = None  # of the document's date, else its period's start
    period: tuple[int, int] | None = None


def find_deadlines(text: str, when: DocTime, current: int | None = None) -> list[Deadline]:
    """The deadlines stated in `text` (a sentence), left to right; `current` is the
    year in force before it (for 上半年 with no year)."""
    out: list[Deadline] = []
    if "年" not in text and "五" not in text:
        return out  # every deadline names a year (年) or the end of a five-year plan (十四五末)
    taken: list[tuple[int, int]] = []

    def add(year: int | None, kind: DeadlineKind, start: int, end: int) -> None:
        if year is None or any(a < end and start < b for a, b in taken):
            return
        out.append(Deadline(year, kind, start, end))
        taken.append((start, end))

    for m in P.YEAR_END_RE.finditer(text):
        lead = P.DEADLINE_LEAD_RE.search(text, max(0, m.start() - 6), m.start())
        add(int(m.group(1)), DeadlineKind.YEAR_END, lead.start() if lead else m.start(), m.end())
    for m in P.BY_YEAR_RE.finditer(text):
        add(int(m.group(1)), DeadlineKind.BY, m.start(), m.end())
    for m in P.PLAN_END_RE.finditer(text):
        n = "一二三四五六七八九".index(m.group(1)) + 11
        add(1966 + 5 * (n - 3) + 4, DeadlineKind.PLAN_END, m.start(), m.end())
    for m in P.CLAUSE_YEAR_RE.finditer(text):
        before = text[: m.start()].rstrip()
        if (
            before
            and before[-1] not in "，,。；;：:、（()）"
            and not before.endswith(("力争", "争取", "预计", "确保", "其中"))
        ):
            continue  # 比2020年 …, 较2018年: a year inside a clause compares, it sets no deadline
        if P.BACKGROUND_RE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        add(int(m.group(1)), DeadlineKind.CLAUSE_YEAR, m.start(), m.end())
    for m in P.RELATIVE_YEAR_RE.finditer(text):
        stated = [d.year for d in out if d.start < m.start()]
        year = _relative(m, when, stated[-1] if stated else current)
        add(year, DeadlineKind.RELATIVE, m.start(), m.end())
        current = year if year is not None else current
    out.sort(key=lambda d: d.start)
    return out


def _relative(m, when: DocTime, current: int | None) -> int | None:  # noqa: ANN001
    base = when.year
    if m.group("next"):
        return base + 1 if base else None
    if m.group("this"):
        return base
    if m.group("half"):
        return current or base
    n = cn_to_int(m.group("n"))
    return base + n - 1 if base and n else None  # 三年内 from 2022: 2022, 2023 and 2024


@dataclass
class DeadlineScope:
    """The deadline in force while a paragraph is read, sentence by sentence."""

    when: DocTime
    carried: int | None = None  # the last deadline of the paragraph so far

    def deadlines(self, sentence: str) -> list[Deadline]:
        found = find_deadlines(sentence, self.when, self.carried)
        if found:
            self.carried = found[-1].year
        return found

    def year_at(self, found: list[Deadline], pos: int, before_sentence: int | None) -> int | None:
        """The deadline of a quantity at `pos` in a sentence with deadlines `found`;
        `before_sentence` is the deadline carried from earlier sentences."""
        stated = [d.year for d in found if d.start < pos]
        if stated:
            return stated[-1]
        return before_sentence

    def new_paragraph(self) -> None:
        self.carried = None
