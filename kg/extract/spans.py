"""Bounded searches around a position: clause and sentence limits, never scanning more
than WINDOW characters (a 1 MB line with no 。 must not make extraction quadratic)."""

from __future__ import annotations

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
