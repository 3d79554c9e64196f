"""Character classes: Han ideographs, numerals, brackets, spaces, punctuation."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

#: Han ideographs (CJK Unified Ideographs and Extension A).
HANZI = "\u3400-\u4dbf\u4e00-\u9fff"

#: Chinese numerals used in numbering and quantities (两 = 2, 〇/零 = 0).
CN_DIGITS = "零〇一二两三四五六七八九十百千万"

#: Opening and closing parentheses, half- and full-width.
LPAREN = "(（"
RPAREN = ")）"

#: Brackets printed around the year of a document number: 〔2021〕 [2021] （2021）.
DOCNUM_LBR = "〔［\\[(（【"
DOCNUM_RBR = "〕］\\])）】"

#: Whitespace including the ideographic space and no-break space.
SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"

#: Zero-width characters that hide inside scraped names.
ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

#: Sentence-final punctuation.
SENTENCE_END = "。！？!?"

#: Punctuation stripped when comparing texts (quotes, brackets, separators).
PUNCT_RE = re.compile(r"[\s\u3000，,。．.、；;：:！!？?“”\"‘’'《》〈〉「」『』【】〔〕（）()\[\]［］{}—\-－~～·•…/|]")
