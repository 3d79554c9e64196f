"""Tokens: jieba word segmentation with the project's own dictionary.

A :class:`Segmenter` owns a ``jieba.Tokenizer`` (never jieba's global one) loaded with
the project's vocabularies (agency short forms, industry terms, program suffixes), and
keeps 《…》 titles, 〔…〕 years and “…” quoted names whole: they are cut out before the
tokeniser sees the text.  It also knows each word's class as jieba's dictionary gives
it (the ICTCLAS tags: v verb, p preposition, ns place name …; `Segmenter.word_class`),
which the name readers use to tell a name's words from the verb that governs it.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Spans never split by the tokeniser: titles, document-number years, quoted names.
PROTECTED_RE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》|〔[^〕]*〕|“[^”]{1,30}”|「[^」]{1,30}」")


#: Word classes (jieba's dictionary, ICTCLAS tags, by their first letter) that govern a
#: name or stand outside it: verbs (not verbal nouns, vn), prepositions, conjunctions,
#: adverbs, particles (了 ul, 的 uj …), numerals, measure words, pronouns, locative,
#: place and time words; and place names (ns).
GOVERNING_INITIALS = frozenset("vpcdumqrfst")
#: Classes of words that modify a head and cannot name a thing alone (大型 b, 新型 b).
MODIFIER_CLASSES = frozenset({"a", "b"})
#: Classes of nouns (专项 before one modifies it: 专项信贷产品).
NOUN_CLASSES = frozenset({"n", "vn", "nz", "ng", "an"})


def governs(word_class: str | None) -> bool:
    """Whether a word of this class governs a name or stands outside it."""
    if not word_class:
        return False
    return word_class == "ns" or (word_class[0] in GOVERNING_INITIALS and word_class != "vn")


#: Texts whose tokens a segmenter remembers before it starts again.
TOKEN_MEMO_SIZE = 50_000


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def import_jieba():  # noqa: ANN201 - the jieba module
    """jieba, imported without pkg_resources.  jieba reads its bundled model files
    through pkg_resources when that is installed (importing it takes 0.1 s) and
    straight from its own folder otherwise: the same files.  `pkg_resources` is
    hidden only while jieba is imported, and only if nothing imported it before."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment] - `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        if hide:
            sys.modules.pop("pkg_resources", None)
    return jieba


def _grouped(freq: dict[str, int] | dict[str, str]) -> dict[str, bytes]:
    """A dictionary of words (jieba's prefix dictionary, the words' classes) split by
    first character, each part marshalled."""
    parts: dict[str, dict] = {}
    for word, n in freq.items():
        parts.setdefault(word[0], {})[word] = n
    return {ch: marshal.dumps(part) for ch, part in parts.items()}


def load_word_classes() -> dict[str, str]:
    """The genre's words and their classes (``kg/data/word_classes.tsv``)."""
    from importlib import resources

    text = resources.files("kg.data").joinpath("word_classes.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {word: cls for word, cls in rows[1:]}


#: Frequency given to the project's own words (jieba's default for a user word is lower).
WORD_FREQ = 2000
_PREFIX_MAGIC = b"policy-kg-prefix-dict-3\n"


def _dictionary_classes(tokenizer: object) -> dict[str, str]:
    """Each word's class (the third column of jieba's dictionary: ``制造 3316 v``)."""
    out: dict[str, str] = {}
    with tokenizer.get_dict_file() as fh:  # type: ignore[attr-defined]
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out


class Segmenter:
    """jieba with the project's words.  `cache_dir`: where the finished prefix
    dictionary (jieba's ~500k entries plus the project's words) is kept, grouped by
    first character: a new process loads only the groups of the characters in the
    texts it cuts (a document needs about 40% of the entries), instead of jieba's own
    cache (0.5 s) plus adding the words.  jieba looks up only substrings of the text
    it cuts, so the tokens are the same."""

    def __init__(
        self, words: Iterable[str] = (), cache_dir: Path | None = None, classes: dict[str, str] | None = None
    ) -> None:
        """`words`: the project's words (names: no class); `classes`: words with the class
        they have in the genre (`load_word_classes`), over jieba's."""
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._own_classes = dict(sorted((classes or {}).items()))
        self._words = sorted(set(words) | set(self._own_classes))
        self._cache_dir = cache_dir
        self._ready = False
        self._groups: dict[str, bytes] | None = None  # first character → its entries (marshal), not yet loaded
        self._class_groups: dict[str, bytes] = {}  # first character → its words' classes (marshal), not yet loaded
        self._classes: dict[str, str] = {}  # word → class, for the characters loaded
        # the tokens of a text, remembered: the name extractors cut the same clause once
        # for each name that ends in it (emptied when full)
        self._memo: dict[str, tuple[Token, ...]] = {}

    def _cache_file(self) -> Path | None:
        if self._cache_dir is None:
            return None
        jieba = import_jieba()
        key = hashlib.sha256(f"{jieba.__version__}:{WORD_FREQ}:".encode())
        key.update("\n".join(self._words).encode("utf-8"))
        key.update("\n".join(f"{w}\t{c}" for w, c in self._own_classes.items()).encode("utf-8"))
        return self._cache_dir / f"jieba-prefix-{key.hexdigest()[:20]}.pickle"

    def _init(self) -> None:
        if self._ready:
            return
        from kg.cache import read_checked, write_checked

        tk = self._tokenizer
        cache = self._cache_file()
        cached = read_checked(cache, _PREFIX_MAGIC) if cache else None
        if isinstance(cached, tuple) and len(cached) == 3 and isinstance(cached[0], dict):
            # what jieba's own initialize() sets from its cache, with our words in it;
            # the entries themselves are loaded by first character, as texts need them
            self._groups, tk.total, self._class_groups = cached
            tk.FREQ = {}
            tk.initialized = True
        else:
            tk.initialize()
            for word in self._words:
                tk.add_word(word, freq=WORD_FREQ)
            classes = _dictionary_classes(tk)
            for word in self._words:
                classes.pop(word, None)  # the project's words are names, whatever jieba calls them
            classes.update(self._own_classes)
            self._class_groups = _grouped(classes)
            if cache is not None:
                try:
                    write_checked(cache, _PREFIX_MAGIC, (_grouped(tk.FREQ), tk.total, self._class_groups))
                except OSError:
                    pass  # a read-only home: build it each time, as jieba would
        self._ready = True

    def word_class(self, word: str) -> str | None:
        """The class jieba's dictionary gives `word` (v, p, ns, n …); None for a word it
        does not hold or one of the project's own words."""
        self._init()
        if word and word[0] in self._class_groups:
            self._classes.update(marshal.loads(self._class_groups.pop(word[0])))
        return self._classes.get(word)

    def _load_for(self, text: str) -> None:
        """Load the dictionary entries that begin with a character of `text`."""
        groups = self._groups
        if not groups:
            return
        freq = self._tokenizer.FREQ
        for ch in [c for c in set(text) if c in groups]:  # (set.intersection would walk all of `groups`)
            freq.update(marshal.loads(groups.pop(ch)))

    def tokens(self, text: str) -> list[Token]:
        """Tokens with offsets; protected spans are single tokens."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= TOKEN_MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = tuple(self._tokens(text))
        return list(found)

    def _tokens(self, text: str) -> list[Token]:
        self._init()
        self._load_for(text)
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
        self._load_for(text)
        return self._tokenizer.lcut(text)
