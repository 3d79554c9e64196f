"""Bounded searches around a position: clause and sentence limits, never scanning more
than WINDOW characters (a 1 MB line with no 。 must not make extraction quadratic)."""

from __future__ import annotations

import bisect

from kg.patterns.chars import LPAREN, RPAREN

WINDOW = 300


def start_after(text: str, pos: int, seps: str, window: int = WINDOW) -> int:
    """Index after the last separator before `pos` (or the window's start)."""
    lo = max(0, pos - window)
    found = max((text.rfind(c, lo, pos) for c in seps), default=-1)
    return found + 1 if found >= 0 else lo


def end_at(text: str, pos: int, seps: str, window: int = WINDOW) -> int:
    """Index of the first separator at or after `pos` (or the window's end)."""
    hi = min(len(text), pos + window)
    found = [i for i in (text.find(c, pos, hi) for c in seps) if i >= 0]
    return min(found) if found else hi


def sentence_around(text: str, start: int, end: int, seps: str = "。；;\n") -> str:
    """The sentence holding text[start:end], bounded to the window on each side."""
    s = start_after(text, start, seps)
    e = end_at(text, end, seps)
    return text[s : e + 1].strip()


class SpanIndex:
    """Non-overlapping spans with a logarithmic "is this position inside one?" (a text
    with 40,000 quantities on one line must not make lookups quadratic)."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.spans: list[tuple[int, int]] = sorted(spans or [])

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def holds(self, pos: int) -> bool:
        k = bisect.bisect_right(self.spans, (pos, float("inf"))) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]


def list_items(names: str) -> list[str]:
    """The items of a list of names, split at 、 and ， outside brackets: a separator in a
    bracket belongs to the name (各县（市、区）人民政府、梅州高新区管委会 → two items)."""
    out = []
    depth = start = 0
    for k, ch in enumerate(names):
        if ch in LPAREN:
            depth += 1
        elif ch in RPAREN:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、，":
            out.append(names[start:k])
            start = k + 1
    out.append(names[start:])
    return out
