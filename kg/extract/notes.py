"""Responsibility notes: the records the grammar reads and writes (where a note stands,
a mention and its role, a document's conventions) and the words of roles and labels
(`kg/data/roles.tsv`). The grammar is described in `kg.extract.attribution`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from importlib import resources

from kg import patterns as P
from kg.lexicon.recognise import Recognition
from kg.model import Role, Span

#: Bracket families that hold notes: （…） 【…】 ［…］ 〔…〕.
NOTE_BRACKETS = ("paren", "lenticular", "square", "tortoise")
#: Words after which the names support the names before them (A会同B, A联合B).
WITH_WORDS = ("会同", "联合")
#: Longest run of names read in running text (characters).
MAX_NAMES = 60
#: How much of a task's text is searched for the subjects of its sentences (characters).
MAX_SUBJECT_TEXT = 3000


#: Characters a field label starts with (its first character, or 【).
LABEL_STARTS = "责牵配主协参实落【"


class Site(Enum):
    BRACKET = "bracket"
    FIELD = "field"
    INLINE = "inline"
    SUBJECT = "subject"
    CELL = "cell"  # a cell of a task table, read as a field with its column's label


@dataclass(frozen=True)
class Note:
    site: Site
    span: Span  # the note's content in the task text
    text: str
    # the role word of a subject that stands later in its sentence, after a predicate of
    # its own (市科技局加强统筹协调，牵头做好…: the note is 市科技局, the role 牵头)
    role: tuple[str, str] | None = None
    evidence: str = ""  # the words that give the role, when more than the note's


#: Role words that, opening a clause of their own, give the sentence's subject its role
#: (…，牵头做好…; …，负责推动…; …，配合做好…): the roles the ontology names.
SHARED_SUBJECT_ROLES = ("牵头", "负责", "配合")


@dataclass(frozen=True)
class Mention:
    """A name in a note with the role it was given and why."""

    recognition: Recognition
    span: Span  # in the task text
    role: Role
    reason: str  # the construct that gave the role: "role word 牵头", "label 配合单位：" …
    note: Note


@dataclass(frozen=True)
class Where:
    """What reading a name needs to know of its document."""

    region: str | None  # region code of the document's jurisdiction
    issuer: str | None = None  # official name of the document's issuing body (工业和信息化部)


@dataclass(frozen=True)
class Conventions:
    """How a document says its lists without role words are to be read (stated once)."""

    first_clause_leads: bool = False  # 第一个逗号前为牵头单位
    first_listed_leads: bool = False  # 列第一位的为牵头单位
    star_leads: bool = False  # 带*的为牵头单位


def read_conventions(text: str) -> Conventions:
    """The conventions a document states anywhere in its text."""
    return Conventions(
        first_clause_leads=bool(P.FIRST_CLAUSE_LEADS_RE.search(text)),
        first_listed_leads=bool(P.FIRST_LISTED_LEADS_RE.search(text)),
        star_leads=bool(P.STAR_LEADS_RE.search(text)),
    )


# ---------------------------------------------------------------------------
# Role words and labels (data)
# ---------------------------------------------------------------------------

LEAD, SUPPORT, RESPONSIBLE = "lead", "support", "responsible"


@dataclass(frozen=True)
class RoleWords:
    labels: tuple[tuple[str, str], ...]  # (label, role), longest first
    roles: tuple[tuple[str, str], ...]  # (role word, role), longest first
    subject: tuple[str, ...]  # words after a clause's subject, longest first
    duty: tuple[str, ...]  # of which the words of a duty (要, 负责)

    def label_at(self, text: str) -> tuple[str, str, int] | None:
        """The field label `text` starts with — 牵头单位： or 【牵头单位】 — as (label, role,
        length with its colon or brackets)."""
        if not text:
            return None
        bracketed = text[0] == "【"
        for word, role in self._labels_by_first.get(text[1:2] if bracketed else text[0], ()):
            if not bracketed and text.startswith(word) and len(text) > len(word) and text[len(word)] in P.LABEL_COLON:
                return word, role, len(word) + 1
            if bracketed and text.startswith("【" + word + "】"):
                n = len(word) + 2
                return word, role, n + (1 if text[n : n + 1] in P.LABEL_COLON and text[n : n + 1] else 0)
        return None

    @cached_property
    def _labels_by_first(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """The labels by their first character, longest first."""
        out: dict[str, list[tuple[str, str]]] = {}
        for word, role in self.labels:
            out.setdefault(word[0], []).append((word, role))
        return {k: tuple(v) for k, v in out.items()}

    def mark_at_end(self, name: str) -> tuple[str, str, int] | None:
        """A role written in brackets after a name — 市发改委（牵头） — as (word, role, length)."""
        if not name or name[-1] not in "）)":
            return None
        for opener in "（(":
            k = name.rfind(opener)
            if k > 0:
                inner = name[k + 1 : -1].strip(P.SPACE)
                for word, role in self.roles + self.labels:
                    if inner == word:
                        return word, role, len(name) - k
        return None

    def role_at_end(self, text: str) -> tuple[str, str] | None:
        for word, role in self.roles:
            if text.endswith(word):
                return word, role
        return None

    def has_role_word(self, text: str) -> bool:
        return any(word in text for word, _ in self.roles)


@lru_cache(maxsize=1)
def load_role_words() -> RoleWords:
    text = resources.files("kg.data").joinpath("roles.tsv").read_text(encoding="utf-8")
    found: dict[str, list[tuple[str, str]]] = {}
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for cls, word, role in rows[1:]:
        found.setdefault(cls, []).append((word, role))

    def by_len(cls: str) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(found.get(cls, []), key=lambda p: -len(p[0])))

    subject = by_len("subject")
    return RoleWords(
        by_len("label"), by_len("role"), tuple(w for w, _ in subject), tuple(w for w, r in subject if r == "duty")
    )


@dataclass(frozen=True)
class NoteName:
    text: str
    span: Span  # in the task text
    star: bool
    mark: tuple[str, str] | None = None  # a role in brackets after the name: 市发改委（牵头）


@dataclass(frozen=True)
class NoteClause:
    names: tuple[NoteName, ...]
    label: tuple[str, str] | None  # (label, role) written before the names
    role: tuple[str, str] | None  # (role word, role) closing the clause
