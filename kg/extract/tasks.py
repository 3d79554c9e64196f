"""Tasks: the numbering hierarchy of a document and the work items it carries.

Numbering styles (一、 （一） 1. 1、 （1） ① 第一章 第一节 第一条) are nested in the
order they first appear, so any mix works: a style already open closes everything
below it, a new style opens a level.  Restarts (1. under each （一）) follow.  A
section heading printed without its number, between numbered items, is given the
next number of its level.

The list ends at closing matter after its last item (施行说明：…, 附则, 本措施自…起施行,
下一步，…): it and what follows it belong to no item (`build_outline`).

Labelled sub-items: paragraphs of an item that open with a short label and a colon
(“一核”：…, 金融支持：…) are items of their own when at least two of them carry their own
responsibility note; the label is their number.

Which nodes are tasks: the lowest numbered level that carries a sentence (leaves),
plus any higher item that carries its own responsibility note; items that frame the
plan (指导思想, 基本原则, 形势, 蓝图 …) and their sub-items are not tasks.  Where notes
stand is decided by `kg.extract.attribution` (a :data:`NoteFinder`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kg import patterns as P
from kg.model import Line, Numbering, NumberStyle, Span, Task
from kg.numerals import cn_to_int, int_to_cn

_STYLE_PATTERNS = (
    (NumberStyle.CHAPTER, P.CHAPTER_RE),
    (NumberStyle.SECTION, P.SECTION_RE),
    (NumberStyle.ARTICLE, P.ARTICLE_RE),
    (NumberStyle.CN_PAREN, P.CN_PAREN_RE),
    (NumberStyle.ARABIC_PAREN, P.ARABIC_PAREN_RE),
    (NumberStyle.CN_DUN, P.CN_DUN_RE),
    (NumberStyle.ARABIC, P.ARABIC_RE),
    (NumberStyle.ARABIC_RPAREN, P.ARABIC_RPAREN_RE),
    (NumberStyle.CIRCLED, P.CIRCLED_RE),
)

#: The largest number that opens or continues a list on its own. Above it an item is read
#: only where it continues its list (at most MAX_ITEM_GAP after the previous item), up to
#: the three digits the numbering patterns allow: 260 items are 260 tasks, while a stray
#: `500.万元以上…` is text.
MAX_LIST_NUMBER = 200
MAX_ITEM_NUMBER = 999
MAX_ITEM_GAP = 5

#: Maximum length of an unnumbered section heading (squeezed characters).
MAX_BARE_HEADING = 40


def parse_number(text: str, limit: int = MAX_LIST_NUMBER) -> Numbering | None:
    """The numbering token at the start of `text` (numbers up to `limit`), or None."""
    for style, regex in _STYLE_PATTERNS:
        m = regex.match(text)
        if not m:
            continue
        raw = m.group(1)
        if style is NumberStyle.CIRCLED:
            value = ord(raw) - 0x2460 + 1
        else:
            value = cn_to_int(raw)
        if value is None or value <= 0 or value > limit:
            continue
        rest = text[m.end() :]
        if not rest.strip(P.SPACE):
            continue  # a bare number is not an item
        return Numbering(style, value, _label(style, raw, value), Span(0, m.end()))
    return None


def _label(style: NumberStyle, raw: str, value: int) -> str:
    if style is NumberStyle.CN_PAREN:
        return f"（{raw}）"
    if style is NumberStyle.ARABIC_PAREN:
        return f"（{value}）"
    if style is NumberStyle.CHAPTER:
        return f"第{raw}章"
    if style is NumberStyle.SECTION:
        return f"第{raw}节"
    if style is NumberStyle.ARTICLE:
        return f"第{raw}条"
    if style is NumberStyle.ARABIC_RPAREN:
        return f"{value})"
    return raw  # 一 / 1 / ①


def _synthetic_label(style: NumberStyle, value: int) -> str:
    cn = int_to_cn(value)
    return {
        NumberStyle.CHAPTER: f"第{cn}章",
        NumberStyle.SECTION: f"第{cn}节",
        NumberStyle.ARTICLE: f"第{cn}条",
        NumberStyle.CN_PAREN: f"（{cn}）",
        NumberStyle.ARABIC_PAREN: f"（{value}）",
        NumberStyle.CN_DUN: cn,
        NumberStyle.ARABIC: str(value),
        NumberStyle.ARABIC_RPAREN: f"{value})",
        NumberStyle.CIRCLED: chr(0x2460 + value - 1) if value <= 20 else str(value),
    }[style]


@dataclass
class Node:
    style: NumberStyle
    value: int
    label: str
    lines: list[Line] = field(default_factory=list)  # heading line first, then its own text
    children: list[Node] = field(default_factory=list)
    heading_len: int = 0  # length of the number token in the first line

    @property
    def label_text(self) -> str:
        """A labelled item's label as printed, quotes kept: “一核”."""
        m = P.LABELLED_ITEM_RE.match(self.lines[0].text)
        return m.group("label") if m else self.label

    @property
    def heading(self) -> str:
        return self.lines[0].text[self.heading_len :].strip(P.SPACE)

    @property
    def own_text(self) -> str:
        return "\n".join([self.heading] + [x.text for x in self.lines[1:]])

    def subtree_lines(self) -> list[Line]:
        out = list(self.lines)
        for c in self.children:
            out.extend(c.subtree_lines())
        return out


@dataclass
class Outline:
    roots: list[Node]
    preamble: list[Line]  # lines before the first numbered item
    closing: list[Line] = field(default_factory=list)  # closing matter and what follows it


def build_outline(lines: list[Line] | tuple[Line, ...]) -> Outline:
    """Nest numbered lines into a tree.  After the last numbered line, closing matter
    (`P.CLOSING_MATTER_RE`: 施行说明：…, 附则, 本措施自…起施行, 下一步，…) ends every open
    item: it and the lines after it belong to no item."""
    roots: list[Node] = []
    preamble: list[Line] = []
    closing: list[Line] = []
    stack: list[Node] = []
    numbers = [parse_number(line.text, MAX_ITEM_NUMBER) for line in lines]
    last_numbered = max((i for i, num in enumerate(numbers) if num is not None), default=len(lines))
    for i, line in enumerate(lines):
        if closing or (i > last_numbered and stack and P.CLOSING_MATTER_RE.match(P.squeeze(line.text))):
            closing.append(line)
            continue
        num = numbers[i]
        if num is not None and num.value > MAX_LIST_NUMBER and not _continues(num, stack):
            num = None
        if num is None and stack and _is_bare_heading(line, lines[i + 1] if i + 1 < len(lines) else None, stack):
            top = stack[0]
            siblings = roots
            value = siblings[-1].value + 1 if siblings else 1
            num = Numbering(top.style, value, _synthetic_label(top.style, value), Span(0, 0))
        if num is None:
            (stack[-1].lines if stack else preamble).append(line)
            continue
        node = Node(num.style, num.value, num.label, [line], heading_len=num.span.end)
        styles = [n.style for n in stack]
        if num.style in styles:
            del stack[styles.index(num.style) :]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return Outline(roots, preamble, closing)


def _continues(num: Numbering, stack: list[Node]) -> bool:
    """Whether a large item number continues the open list of its style."""
    prev = next((n for n in reversed(stack) if n.style is num.style), None)
    return prev is not None and prev.value < num.value <= prev.value + MAX_ITEM_GAP


def _is_bare_heading(line: Line, nxt: Line | None, stack: list[Node]) -> bool:
    """An unnumbered section heading between numbered items (its number was lost)."""
    text = P.squeeze(line.text)
    if len(stack) < 2 or nxt is None or not text or len(text) > MAX_BARE_HEADING:
        return False
    if text[-1] in "。；;：:，,.!！?？）)" or "。" in text or P.LABELLED_ITEM_RE.match(text):
        return False
    if text[0] in "（(【[〔<《“":  # a heading opens with words, not a bracket or a label in 【】
        return False
    nnum = parse_number(nxt.text)
    if nnum is None or nnum.style is stack[0].style:
        return False
    return nnum.style in {n.style for n in stack[1:]}


#: Where the responsibility notes of a text stand (spans of their whole extent).
NoteFinder = Callable[[str], list[Span]]


def _no_notes(text: str) -> list[Span]:
    return []


def headline(text: str, notes: NoteFinder = _no_notes) -> str:
    """The item's headline: text up to the first 。, without a responsibility note."""
    text = text.strip(P.SPACE)
    cut = min((text.find(c) for c in P.SENTENCE_END if c in text), default=-1)
    head = text[:cut] if cut >= 0 else text
    for span in sorted(notes(head), key=lambda s: -s.start):
        if span.start > 0:
            head = head[: span.start] + head[span.end :]
    head = head.strip(P.SPACE + "：:；;，,")
    close = head.find("】") if head[:1] == "【" else -1
    if close > 1 and "【" not in head[1:close]:
        head = head[1:close].strip(P.SPACE)  # 第四条 【建设OPC特色孵化空间】…: the heading in its brackets
    return head


#: A framing heading is a short noun phrase (发展基础, 确立创新生态建设新蓝图); a longer
#: headline that mentions 背景 or 形势 is a task's sentence.
MAX_FRAMING_HEADING = 16


def is_framing(node: Node) -> bool:
    head = P.squeeze(headline(node.heading))
    if len(head) <= MAX_FRAMING_HEADING and P.FRAMING_HEADING_RE.search(head):
        return True
    if not node.children and P.BOILERPLATE_ITEM_RE.search(P.squeeze(node.heading)):
        return True
    if not node.children and P.GOAL_HEADING_RE.match(head):
        return True
    labels = {m.group(1) for m in P.FRAMING_LABEL_RE.finditer("\n".join(x.text for x in node.subtree_lines()))}
    return len(labels) >= 2


@dataclass(frozen=True)
class TaskUnit:
    """A task before fact extraction, with the outline node's lines."""

    task: Task
    lines: tuple[Line, ...]


def labelled_items(node: Node, notes: NoteFinder) -> None:
    """Give an item the labelled sub-items of its text (“一核”：…, 金融支持：…) as children,
    when at least two labelled paragraphs carry a note of their own."""
    if node.children or len(node.lines) < 3:
        return
    starts = []
    for k, line in enumerate(node.lines[1:], 1):
        m = P.LABELLED_ITEM_RE.match(line.text)
        if m and not P.NOT_ITEM_LABEL_RE.match(m.group("label")):
            starts.append((k, m))
    if sum(1 for k, _ in starts if notes(node.lines[k].text)) < 2:
        return
    keep = node.lines[: starts[0][0]]
    for n, (k, m) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(node.lines)
        label = m.group("label").strip('“”"')
        child = Node(NumberStyle.LABEL, n + 1, label, list(node.lines[k:end]), heading_len=0)
        node.children.append(child)
    node.lines = keep


def select_tasks(outline: Outline, text: str, notes: NoteFinder = _no_notes) -> tuple[list[TaskUnit], list[Line]]:
    """Tasks in document order, and the lines that belong to no task."""
    tasks: list[TaskUnit] = []
    other: list[Line] = list(outline.preamble)
    other_after: list[Line] = list(outline.closing)

    def visit(node: Node, path: tuple[str, ...]) -> None:
        path = path + (node.label,)
        if is_framing(node):
            other.extend(node.subtree_lines())
            return
        labelled_items(node, notes)
        own = node.lines
        has_note = bool(notes("\n".join(x.text for x in own)))
        section = P.SECTION_ONLY_HEADING_RE.match(P.squeeze(headline(node.heading)))
        is_task = (not node.children and not section) or has_note
        if is_task:
            unit_lines = own if node.children else node.subtree_lines()
            span = Span(unit_lines[0].span.start, unit_lines[-1].span.end)
            body = text[span.start : span.end]
            if node.style is NumberStyle.LABEL:
                label = node.label_text
            else:
                label = headline(node.heading, notes) or headline(body, notes)
            tasks.append(TaskUnit(Task(path=path, label=label, text=body, span=span), tuple(unit_lines)))
        else:
            other.extend(own)
        for child in node.children:
            visit(child, path)

    for root in outline.roots:
        visit(root, ())
    return _dedupe(tasks), other + other_after


def _dedupe(tasks: list[TaskUnit]) -> list[TaskUnit]:
    """A heading repeated with no body (a table of contents missed by its header) is
    not a second task: keep, per path and label, the unit with the most text."""
    best: dict[tuple[tuple[str, ...], str], TaskUnit] = {}
    order: list[tuple[tuple[str, ...], str]] = []
    for unit in tasks:
        key = (unit.task.path, P.comparable(unit.task.label))
        if key not in best:
            order.append(key)
            best[key] = unit
        elif len(unit.task.text) > len(best[key].task.text):
            best[key] = unit
    return [best[k] for k in order]
