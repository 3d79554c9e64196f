"""Tokens: jieba word segmentation with the project's own dictionary.

A :class:`Segmenter` owns a ``jieba.Tokenizer`` (never jieba's global one) loaded with
the project's vocabularies (agency short forms, industry terms, program suffixes), and
keeps 《…》 titles, 〔…〕 years and “…” quoted names whole: they are cut out before the
tokeniser sees the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Spans never split by the tokeniser: titles, document-number years, quoted names.
PROTECTED_RE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》|〔[^〕]*〕|“[^”]{1,30}”|「[^」]{1,30}」")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


class Segmenter:
    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._words = sorted(set(words))
        self._ready = False

    def _init(self) -> None:
        if not self._ready:
            self._tokenizer.initialize()
            for word in self._words:
                self._tokenizer.add_word(word, freq=2000)
            self._ready = True

    def tokens(self, text: str) -> list[Token]:
        """Tokens with offsets; protected spans are single tokens."""
        self._init()
        out: list[Token] = []
        pos = 0
        for m in PROTECTED_RE.finditer(text):
            out.extend(self._cut(text[pos : m.start()], pos))
            out.append(Token(m.start(), m.end(), m.group(0)))
            pos = m.end()
        out.extend(self._cut(text[pos:], pos))
        return out

    def _cut(self, text: str, offset: int) -> list[Token]:
        out = []
        pos = 0
        for word in self._tokenizer.cut(text, HMM=True):
            out.append(Token(offset + pos, offset + pos + len(word), word))
            pos += len(word)
        return out

    def lcut(self, text: str) -> list[str]:
        """Plain word list (the benchmark's floor is jieba's own lcut)."""
        self._init()
        return self._tokenizer.lcut(text)
