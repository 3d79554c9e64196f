"""A character trie: the longest dictionary entry starting at each position of a text.

Names in Chinese policy text are not delimited by spaces, so a lexicon is matched the
way a tokenizer's prefix dictionary is: walk the text character by character from a
start position and keep the longest entry that ends on a word.  ``spans`` returns every
non-overlapping longest match, left to right, as (start, end, values) triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

V = TypeVar("V")

_VALUES = "\0"  # key under which a node keeps the values of the entry ending there


class CharTrie(Generic[V]):
    """Maps strings to lists of values; finds the longest entry at a position."""

    def __init__(self) -> None:
        self._root: dict = {}
        self._size = 0

    def add(self, key: str, value: V) -> None:
        if not key:
            raise ValueError("empty key")
        node = self._root
        for ch in key:
            node = node.setdefault(ch, {})
        values = node.setdefault(_VALUES, [])
        if value not in values:
            values.append(value)
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def get(self, key: str) -> tuple[V, ...]:
        """The values stored under exactly `key` (empty when none)."""
        node = self._root
        for ch in key:
            node = node.get(ch)
            if node is None:
                return ()
        return tuple(node.get(_VALUES, ()))

    def prefixes_at(self, text: str, start: int = 0) -> Iterator[tuple[int, tuple[V, ...]]]:
        """Every entry that starts at `start`, shortest first: (end, values)."""
        node = self._root
        for i in range(start, len(text)):
            node = node.get(text[i])
            if node is None:
                return
            values = node.get(_VALUES)
            if values:
                yield i + 1, tuple(values)

    def longest_at(self, text: str, start: int = 0) -> tuple[int, tuple[V, ...]] | None:
        """The longest entry starting at `start`: (end, values), or None."""
        best = None
        for found in self.prefixes_at(text, start):
            best = found
        return best

    def spans(self, text: str) -> list[tuple[int, int, tuple[V, ...]]]:
        """Non-overlapping longest matches, left to right."""
        out = []
        root = self._root
        i = 0
        while i < len(text):
            if text[i] not in root:  # most characters begin no entry
                i += 1
                continue
            found = self.longest_at(text, i)
            if found is None:
                i += 1
                continue
            end, values = found
            out.append((i, end, values))
            i = end
        return out
