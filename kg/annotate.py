"""Annotate a text once: its brackets (with nesting), quotations and lines as spans,
like spaCy's ``Doc`` carries tokens and entities.  Extractors read these spans instead of
re-walking the text with their own regular expressions.

Brackets of every kind policy texts print are paired: （） () 【】 〈〉 《》 〔〕 ［］ [] 「」 『』.
Half- and full-width parentheses pair with each other, as scraped texts mix them
(（市科技局)).  A closing bracket with no opener, or an opener never closed, is left
unpaired and recorded, so no extractor has to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kg.model import Span

#: Opening bracket → its family (the closers that end it).
_FAMILY = {
    "（": "paren",
    "(": "paren",
    "【": "lenticular",
    "〈": "angle",
    "《": "book",
    "〔": "tortoise",
    "［": "square",
    "[": "square",
    "「": "corner",
    "『": "white-corner",
    "｛": "curly",
    "{": "curly",
}
_CLOSER = {
    "）": "paren",
    ")": "paren",
    "】": "lenticular",
    "〉": "angle",
    "》": "book",
    "〕": "tortoise",
    "］": "square",
    "]": "square",
    "」": "corner",
    "』": "white-corner",
    "｝": "curly",
    "}": "curly",
}
#: Quotation marks: opening → closing.
_QUOTES = {"“": "”", "‘": "’"}
#: Any character `annotate` acts on: brackets and quotation marks (the rest is skipped).
_MARK_RE = re.compile("[" + re.escape("".join([*_FAMILY, *_CLOSER, *_QUOTES, *_QUOTES.values()])) + "]")


@dataclass(frozen=True)
class Bracket:
    """A matched pair: the opener at `open`, the closer at `close` (inclusive)."""

    open: int
    close: int
    depth: int  # 0 for a top-level bracket
    family: str  # paren, angle, book …

    @property
    def inner(self) -> Span:
        return Span(self.open + 1, self.close)

    @property
    def outer(self) -> Span:
        return Span(self.open, self.close + 1)


@dataclass(frozen=True)
class Annotated:
    """A text with its bracket pairs, quotations and lines."""

    text: str
    brackets: tuple[Bracket, ...]  # ordered by opener
    quotes: tuple[Span, ...]  # inner spans of “…” and ‘…’
    unpaired: tuple[int, ...]  # positions of brackets left unpaired

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        out = []
        pos = 0
        for raw in self.text.split("\n"):
            out.append(Span(pos, pos + len(raw)))
            pos += len(raw) + 1
        return tuple(out)

    def brackets_within(self, span: Span, family: str | None = None) -> list[Bracket]:
        """Brackets whose pair lies inside `span`, outermost first."""
        return [
            b
            for b in self.brackets
            if span.start <= b.open and b.close < span.end and (family is None or b.family == family)
        ]

    def top_level(self, span: Span | None = None, family: str | None = None) -> list[Bracket]:
        """The outermost brackets of `span` (of the whole text by default)."""
        span = span or Span(0, len(self.text))
        inside = self.brackets_within(span, family)
        out: list[Bracket] = []
        for b in inside:
            if out and b.open < out[-1].close:
                continue
            out.append(b)
        return out

    def enclosing(self, pos: int) -> Bracket | None:
        """The innermost bracket holding position `pos` (strictly inside it)."""
        best = None
        for b in self.brackets:
            if b.open < pos < b.close and (best is None or b.open > best.open):
                best = b
        return best


def annotate(text: str) -> Annotated:
    """Pair the brackets and quotation marks of `text`."""
    stack: list[tuple[int, str]] = []
    pairs: list[Bracket] = []
    unpaired: list[int] = []
    quotes: list[Span] = []
    open_quotes: dict[str, int] = {}
    for m in _MARK_RE.finditer(text):
        i, ch = m.start(), m.group()
        family = _FAMILY.get(ch)
        if family is not None:
            stack.append((i, family))
            continue
        family = _CLOSER.get(ch)
        if family is not None:
            # close the innermost opener of the same family; openers above it stay unpaired
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == family:
                    for pos, _ in stack[k + 1 :]:
                        unpaired.append(pos)
                    start = stack[k][0]
                    del stack[k:]
                    pairs.append(Bracket(start, i, len(stack), family))
                    break
            else:
                unpaired.append(i)
            continue
        if ch in _QUOTES:
            open_quotes[_QUOTES[ch]] = i
        elif ch in open_quotes.keys() and ch in _QUOTES.values():
            start = open_quotes.pop(ch)
            quotes.append(Span(start + 1, i))
    unpaired.extend(pos for pos, _ in stack)
    pairs.sort(key=lambda b: b.open)
    quotes.sort(key=lambda s: s.start)
    return Annotated(text, tuple(pairs), tuple(quotes), tuple(sorted(unpaired)))
