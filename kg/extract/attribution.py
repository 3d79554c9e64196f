"""Responsibility: who leads and who supports a task, read with one grammar.

**Where notes stand** (:class:`Site`), found in this order, each span read once:

- ``FIELD``: a field label outside brackets, up to the end of its line —
  ``责任单位：市科技局、市工信局，各开发区管委会`` on a line of its own under the task,
  or after its last sentence;
- ``BRACKET``: a bracket of any kind anywhere in the task whose content reads as a
  note — it holds a field label, or a role word closing names, or (at the end of a
  sentence or line) only names of bodies: ``（省发展改革委牵头负责，…配合）``,
  ``（责任单位：市数据局、市经信局）``, ``〔市科技局〕``; several per task;
- ``INLINE``: an assignment in the running text: ``由市人社局牵头…``;
- ``SUBJECT``: in a task with no note of the kinds above, the bodies a sentence of its
  body opens with, before a subject word (``科技部成立…工作小组``, ``国务院办公厅和各部门要…``).

**The grammar of a note**::

    note    := clause (，|,|；|; clause)*
    clause  := [label ：] [由] names [role]
    names   := name ((、|和|及|以及|与|会同) name)*      (和 … only where a name ends)
    name    := [*] words [等 collective]

A nested bracket that is an aside (〈含开发区…，下同〉, （以下简称…）) is dropped; one that
belongs to a name stays with it (市委组织部（人才办）).  A list writes a shared prefix once
(省工业和信息化厅、财政厅 → 省财政厅) and a shared body once (广州、深圳市政府 → 广州市政府).

**Roles** (words in ``kg/data/roles.tsv``): a role word closing a clause (牵头, 负责, 配合 …)
covers every name back to the previous role word; a label (牵头单位：, 配合单位：) covers
the names after it up to the next label.  ``responsible`` words (负责, 按职责分工负责,
责任单位) mean lead, unless a lead was named before them in the same note, and then
support.  Names no role word or label covers lead — unless a lead was named, and then
they support — and in a note with no role words at all a document's stated convention
decides (:class:`Conventions`: 第一个逗号前为牵头单位, 列第一位的为牵头单位, *).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from importlib import resources

from kg import patterns as P
from kg.annotate import Annotated, Bracket, annotate
from kg.lexicon.bodies import BodyKind
from kg.lexicon.recognise import PREFIXED_SHAPE, NameRecogniser, Recognition, Verdict
from kg.model import Role, Span

#: Bracket families that hold notes: （…） 【…】 ［…］ 〔…〕.
_NOTE_BRACKETS = ("paren", "lenticular", "square", "tortoise")
#: Words after which the names support the names before them (A会同B, A联合B).
_WITH_WORDS = ("会同", "联合")
#: Longest run of names read in running text (characters).
MAX_NAMES = 60
#: How much of a task's text is searched for the subjects of its sentences (characters).
MAX_SUBJECT_TEXT = 3000


#: Characters a field label starts with (its first character, or 【).
_LABEL_STARTS = "责牵配主协参实落【"


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

_LEAD, _SUPPORT, _RESPONSIBLE = "lead", "support", "responsible"


@dataclass(frozen=True)
class RoleWords:
    labels: tuple[tuple[str, str], ...]  # (label, role), longest first
    roles: tuple[tuple[str, str], ...]  # (role word, role), longest first
    subject: tuple[str, ...]  # words after a clause's subject, longest first
    duty: tuple[str, ...]  # of which the words of a duty (要, 负责)

    def label_at(self, text: str) -> tuple[str, str, int] | None:
        """The field label `text` starts with — 牵头单位： or 【牵头单位】 — as (label, role,
        length with its colon or brackets)."""
        for word, role in self.labels:
            if text.startswith(word) and len(text) > len(word) and text[len(word)] in P.LABEL_COLON:
                return word, role, len(word) + 1
            if text.startswith("【" + word + "】"):
                n = len(word) + 2
                return word, role, n + (1 if text[n : n + 1] in P.LABEL_COLON and text[n : n + 1] else 0)
        return None

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


# ---------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    text: str
    span: Span  # in the task text
    star: bool
    mark: tuple[str, str] | None = None  # a role in brackets after the name: 市发改委（牵头）


@dataclass(frozen=True)
class _Clause:
    names: tuple[_Name, ...]
    label: tuple[str, str] | None  # (label, role) written before the names
    role: tuple[str, str] | None  # (role word, role) closing the clause


class AttributionReader:
    """Reads the responsibility notes of task texts (one per process; holds no state)."""

    def __init__(self, recogniser: NameRecogniser) -> None:
        self.names = recogniser
        self.words = load_role_words()

    # -- finding notes -----------------------------------------------------
    def find_notes(self, ann: Annotated, region: str | None, issuer: str | None = None) -> list[Note]:
        """The notes of an annotated task text, in document order."""
        return self._find_notes(ann, Where(region, issuer))

    def _find_notes(self, ann: Annotated, ctx: Where, running_text: bool = True) -> list[Note]:
        text = ann.text
        notes: list[Note] = []
        taken: list[Span] = []
        for span in self._field_spans(ann):
            notes.append(Note(Site.FIELD, span, text[span.start : span.end]))
            taken.append(span)
        for b in ann.top_level():
            if any(t.start <= b.open < t.end for t in taken) or b.family not in _NOTE_BRACKETS:
                continue
            content = text[b.inner.start : b.inner.end]
            if self._reads_as_note(content, ann, b, ctx):
                notes.append(Note(Site.BRACKET, b.inner, content))
                taken.append(b.outer)
        if not running_text:
            return sorted(notes, key=lambda n: n.span.start)
        for k in (i for i, ch in enumerate(text) if ch == "由"):
            if any(t.start <= k < t.end for t in taken) or ann.enclosing(k) is not None:
                continue
            span = self._assignment(ann, k + 1, ctx, by=True)
            if span is not None:
                notes.append(Note(Site.INLINE, span, text[span.start : span.end]))
                taken.append(span)
        if not any(n.site in (Site.BRACKET, Site.FIELD) for n in notes):
            notes.extend(self._subjects(ann, ctx, taken))
        notes.sort(key=lambda n: n.span.start)
        return notes

    def _subjects(self, ann: Annotated, ctx: Where, taken: list[Span]) -> list[Note]:
        """In a task with no bracketed or labelled note: the bodies a clause of its body
        opens with — before a duty word (要, 负责, 会同) in every clause, before an act
        (成立, 将) only in the first clause that has a subject."""
        text = ann.text
        out: list[Note] = []
        seen_subject = False
        starts = [k for k in range(1, min(len(text), MAX_SUBJECT_TEXT)) if text[k - 1] in "。；;，,\n"]
        for k in starts:
            start = k
            while start < len(text) and text[start] in P.SPACE:
                start += 1
            if ann.enclosing(start) is not None or any(t.start <= start < t.end for t in taken):
                continue
            found = self._names_before(text, start, self.words.subject, ctx)
            if found is None:
                continue
            end, _ = found
            word = next(w for w in self.words.subject if text.startswith(w, end))
            if word in self.words.duty or not seen_subject:
                span = self._assignment(ann, start, ctx, by=False)
                if span is not None:
                    out.append(Note(Site.SUBJECT, span, text[span.start : span.end]))
                    taken.append(span)
            seen_subject = True
        return out

    def _assignment(self, ann: Annotated, start: int, ctx: Where, by: bool) -> Span | None:
        """The extent of an assignment whose names start at `start`: names, a role word
        or subject word, and the names after 会同/联合 or a second role clause
        (由A牵头，会同B…; A会同B、C建立…; 由A牵头、B配合)."""
        text = ann.text
        followers = self.words.subject + tuple(w for w, _ in self.words.roles) if by else self.words.subject
        found = self._names_before(text, start, followers, ctx)
        if found is None:
            return None
        k, recs = found
        # in running text a name must say whose body it is or be known (not only a shape)
        if not any(r.verdict is Verdict.AGENCY and r.score >= PREFIXED_SHAPE for r in recs):
            return None
        word = next(w for w in sorted(followers, key=len, reverse=True) if text.startswith(w, k))
        if P.NOT_ASSIGNMENT_AFTER_RE.match(text[k + len(word) : k + len(word) + 4]):
            return None
        end = k + len(word) if self.words.role_at_end(word) else k
        j = k + len(word)
        if word in _WITH_WORDS:
            more = self._names_after(text, j, ctx)
            return Span(start, more if more is not None else end)
        # a second clause: ，会同B… / 、B配合 / ，B参与
        if j < len(text) and text[j] in "，,、":
            after = j + 1
            for w in _WITH_WORDS:
                if text.startswith(w, after):
                    more = self._names_after(text, after + len(w), ctx)
                    return Span(start, more if more is not None else end)
            support = tuple(w for w, role in self.words.roles if role == _SUPPORT)
            second = self._names_before(text, after, support, ctx)
            if second is not None:
                k2, _ = second
                w2 = next(w for w in sorted(support, key=len, reverse=True) if text.startswith(w, k2))
                return Span(start, k2 + len(w2))
        return Span(start, end)

    def _names_before(
        self, text: str, start: int, followers: tuple[str, ...], ctx: Where
    ) -> tuple[int, list[Recognition]] | None:
        """Names from `start` up to one of `followers` in the same clause: the reading whose
        weakest name scores best (市委组织部牵头 is 市委组织部, not 市委)."""
        stop = min(
            (i for i in (text.find(c, start, start + MAX_NAMES + 1) for c in "，,。；;\n") if i >= 0), default=len(text)
        )
        best: tuple[float, int, list[Recognition]] | None = None
        for k in range(start + 2, min(stop, start + MAX_NAMES) + 1):
            if not text.startswith(followers, k) or P.NOT_SUBJECT_WORD_RE.match(text[k : k + 3]):
                continue
            recs = self._recognise_all(text[start:k], ctx)
            if not recs or any(r.verdict is Verdict.REJECTED for r in recs):
                continue
            score = min((r.score for r in recs if r.verdict is Verdict.AGENCY), default=0.0)
            if best is None or score > best[0]:
                best = (score, k, recs)
        return (best[1], best[2]) if best else None

    def _names_after(self, text: str, start: int, ctx: Where) -> int | None:
        """The end of the longest list of names from `start` (会同B、C设立… → B、C)."""
        stop = min(
            (i for i in (text.find(c, start, start + MAX_NAMES + 1) for c in "，,。；;\n") if i >= 0), default=len(text)
        )
        for k in range(min(stop, start + MAX_NAMES), start + 1, -1):
            recs = self._recognise_all(text[start:k], ctx)
            if recs and all(r.verdict is not Verdict.REJECTED for r in recs):
                return k
        return None

    def _field_spans(self, ann: Annotated) -> list[Span]:
        """Field labels outside brackets: from the label to the end of its line; labels on
        the lines right after it (牵头单位：… / 配合单位：…) are the same note."""
        text = ann.text
        out: list[Span] = []
        last_line = -2
        for n, line in enumerate(ann.lines):
            i = line.start
            while i < line.end:
                if text[i] in _LABEL_STARTS and (i == line.start or text[i - 1] in "。；;" + P.SPACE):
                    found = self.words.label_at(text[i : line.end])
                    if found and ann.enclosing(i) is None:
                        end = line.end
                        while end > i and text[end - 1] in "。；;" + P.SPACE:
                            end -= 1
                        between = text[out[-1].end : i] if out else ""
                        if out and i == line.start and last_line >= n - 3 and not between.strip(P.SPACE + "\n"):
                            out[-1] = Span(out[-1].start, end)
                        else:
                            out.append(Span(i, end))
                        last_line = n
                        break
                i += 1
        return out

    def _reads_as_note(self, content: str, ann: Annotated, b: Bracket, ctx: Where) -> bool:
        body = P.squeeze(content)
        if not body or P.NOTE_ASIDE_RE.search(body[:6]):
            return False
        inner = b.inner
        clauses = self._clauses(content, inner.start, ann)
        if any(c.label for c in clauses):
            return True
        names = [n for c in clauses for n in c.names]
        if not names:
            return False
        if any(c.role for c in clauses):
            # names closed by a role word: a note, though a clause of it may be an aside
            # (…按职责分工负责，地方各级人民政府落实属地管理责任)
            with_role = [n for c in clauses if c.role for n in c.names]
            return any(r.verdict is not Verdict.REJECTED for n in with_role for r in self._read(n.text, ctx))
        recognised = [r for n in names for r in self._read(n.text, ctx)]
        if any(r.verdict is Verdict.REJECTED for r in recognised):
            return False
        if not any(r.verdict is Verdict.AGENCY for r in recognised):
            return False
        return self._closes_sentence(ann, b)

    def _closes_sentence(self, ann: Annotated, b: Bracket) -> bool:
        """A note without role words stands after a sentence or at the end of a line."""
        text = ann.text
        before = text[: b.open].rstrip(P.SPACE)
        if not before or before[-1] in "。；;.!！?？":
            return True
        j = b.close + 1
        while j < len(text) and text[j] in P.SPACE + "。；;.，,":
            j += 1
        return j >= len(text) or text[j] == "\n" or text[j] in "（(【"

    def note_spans(self, text: str, region: str | None = None, issuer: str | None = None) -> list[Span]:
        """Where the bracketed and labelled notes of `text` stand (their whole extent:
        brackets and label included); in-text assignments are part of a sentence, not notes."""
        ann = annotate(text)
        out = []
        for note in self._find_notes(ann, Where(region, issuer), running_text=False):
            if note.site is Site.BRACKET:
                out.append(Span(note.span.start - 1, note.span.end + 1))
            elif note.site is Site.FIELD:
                out.append(note.span)
        return out

    # -- reading a note ----------------------------------------------------
    def read(
        self,
        text: str,
        ann: Annotated,
        region: str | None,
        conventions: Conventions,
        issuer: str | None = None,
        cells: tuple[tuple[str, Span], ...] = (),
    ) -> list[Mention]:
        """Every name of every note of a task text, with its role, in a document of
        jurisdiction `region` issued by `issuer` (its official name).  A task of a task
        table brings its `cells` (column label, span in `text`): they are its notes."""
        ctx = Where(region, issuer)
        out: list[Mention] = []
        if cells:
            for label, span in cells:
                found = self.words.label_at(label + "：")
                note = Note(Site.CELL, span, text[span.start : span.end])
                out.extend(self.read_note(note, ann, ctx, conventions, found[:2] if found else None))
            return out
        for note in self._find_notes(ann, ctx):
            out.extend(self.read_note(note, ann, ctx, conventions))
        return out

    def read_note(
        self,
        note: Note,
        ann: Annotated,
        ctx: Where,
        conventions: Conventions,
        label: tuple[str, str] | None = None,
    ) -> list[Mention]:
        clauses = self._clauses(note.text, note.span.start, ann)
        if label is not None and clauses and clauses[0].label is None:
            clauses[0] = replace(clauses[0], label=label)  # a table cell: its column's label
        # recognise names, with shared prefixes and bodies written once
        read: list[list[tuple[_Name, Recognition]]] = []
        last_prefix: Recognition | None = None
        for clause in clauses:
            row: list[tuple[_Name, Recognition]] = []
            for name in clause.names:
                for rec in self._read(name.text, ctx):
                    rec, last_prefix = self._inherit(rec, last_prefix, ctx)
                    row.append((name, rec))
            read.append(self._share_bodies(row, ctx))
        return self._assign(note, clauses, read, conventions)

    def _assign(
        self,
        note: Note,
        clauses: list[_Clause],
        read: list[list[tuple[_Name, Recognition]]],
        conv: Conventions,
    ) -> list[Mention]:
        roles: list[list[tuple[Role | None, str]]] = [[(None, "")] * len(r) for r in read]
        lead_named = False  # a lead named by a lead word or label (牵头, 牵头单位：)
        pending: list[tuple[int, int]] = []
        label: tuple[str, str] | None = None
        any_word = any(c.label or c.role for c in clauses)

        def give(i: int, j: int, kind: str, why: str) -> None:
            role = Role.LEAD if kind == _LEAD or (kind == _RESPONSIBLE and not lead_named) else Role.SUPPORT
            roles[i][j] = (role, why)

        for i, clause in enumerate(clauses):
            if clause.label is not None:
                label = clause.label
            here = [(i, j) for j in range(len(read[i]))]
            if clause.role is not None:
                word, kind = clause.role
                for a, b in pending + here:
                    give(a, b, kind, f"role word {word}")
                pending = []
            elif label is not None:
                word, kind = label
                for a, b in here:
                    give(a, b, kind, f"label {word}")
            else:
                pending.extend(here)
            kind = (clause.role or label or ("", ""))[1]
            if kind == _LEAD and read[i]:
                lead_named = True
        if pending:
            if any(r[0] is Role.LEAD for row in roles for r in row):
                for a, b in pending:
                    roles[a][b] = (Role.SUPPORT, "after the lead, no role word")
            elif not any_word and conv.star_leads and any(read[a][b][0].star for a, b in pending):
                for a, b in pending:
                    star = read[a][b][0].star
                    roles[a][b] = (Role.LEAD, "starred") if star else (Role.SUPPORT, "not starred")
            elif not any_word and conv.first_clause_leads and len(clauses) > 1:
                for a, b in pending:
                    roles[a][b] = (
                        (Role.LEAD, "before the first comma") if a == 0 else (Role.SUPPORT, "after the first comma")
                    )
            elif not any_word and conv.first_listed_leads:
                for k, (a, b) in enumerate(pending):
                    roles[a][b] = (Role.LEAD, "listed first") if k == 0 else (Role.SUPPORT, "not listed first")
            else:
                for a, b in pending:
                    roles[a][b] = (Role.LEAD, "no role word")
        marked = [(i, j) for i, row in enumerate(read) for j, (name, _) in enumerate(row) if name.mark]
        if marked:
            # 市发改委（牵头）、市财政局: the marked name leads, the names no role word covers support
            lead_marked = any(read[i][j][0].mark[1] == _LEAD for i, j in marked)  # type: ignore[index]
            for i, row in enumerate(read):
                for j, (name, _) in enumerate(row):
                    if name.mark:
                        word, kind = name.mark
                        roles[i][j] = (Role.SUPPORT if kind == _SUPPORT else Role.LEAD, f"marked {word}")
                    elif lead_marked and not roles[i][j][1].startswith("role word"):
                        roles[i][j] = (Role.SUPPORT, "not marked as lead")
        out = []
        for i, row in enumerate(read):
            for j, (name, rec) in enumerate(row):
                role, why = roles[i][j]
                assert role is not None
                out.append(Mention(rec, name.span, role, why, note))
        return out

    # -- clauses and names -------------------------------------------------
    def _clauses(self, content: str, offset: int, ann: Annotated) -> list[_Clause]:
        """Clauses of a note whose content starts at `offset` in the task text."""
        text = ann.text
        masked = list(content)
        protected = [False] * len(content)  # inside a nested bracket: never a separator
        for b in ann.brackets_within(Span(offset, offset + len(content))):
            if self.words.label_at(text[b.open : b.close + 2]):
                continue  # 【配合单位】 opens a clause: it is no part of a name
            lo, hi = b.open - offset, b.close - offset + 1
            inner = text[b.open + 1 : b.close]
            if P.NOTE_ASIDE_RE.search(P.squeeze(inner)[:6]) or P.NOTE_ASIDE_RE.search(inner):
                for k in range(lo, hi):
                    masked[k] = " "
            for k in range(lo, hi):
                protected[k] = True
        body = "".join(masked)
        # a clause also ends before a label written with no separator (…市科技局 配合单位：…)
        # and after a role word closing names in a list (由A牵头、B配合)
        cuts = {k for k in range(1, len(body)) if not protected[k] and self.words.label_at(body[k:])}
        role_ends = {k for k in range(1, len(body)) if body[k] in P.NOTE_LIST_SEPS and self.words.role_at_end(body[:k])}
        clauses = []
        start = 0
        for k, ch in enumerate(body + "，"):
            sep = k == len(body) or (not protected[k] and (ch in P.NOTE_CLAUSE_SEPS or k in role_ends))
            if not sep and k not in cuts:
                continue
            clause = self._clause(body[start:k], offset + start, protected[start:k])
            if clause is not None:
                clauses.append(clause)
            start = k + 1 if sep else k
        return clauses

    def _clause(self, raw: str, offset: int, protected: list[bool]) -> _Clause | None:
        lead = len(raw) - len(raw.lstrip(P.SPACE))
        s = raw.strip(P.SPACE)
        if not s:
            return None
        pos = offset + lead
        prot = protected[lead : lead + len(s)]
        found = self.words.label_at(s)
        label = found[:2] if found else None
        if found is not None:
            cut = found[2]
            s, pos, prot = s[cut:], pos + cut, prot[cut:]
            stripped = len(s) - len(s.lstrip(P.SPACE))
            s, pos, prot = s[stripped:], pos + stripped, prot[stripped:]
        if s.startswith("由"):
            s, pos, prot = s[1:], pos + 1, prot[1:]
        with_word = next((w for w in _WITH_WORDS if s.startswith(w)), None)
        if with_word:  # ，会同B: the names of this clause work with the lead
            s, pos, prot = s[len(with_word) :], pos + len(with_word), prot[len(with_word) :]
        role = self.words.role_at_end(s)
        if role is not None:
            s, prot = s[: -len(role[0])], prot[: -len(role[0])]
        names = self._names(s, pos, prot)
        if with_word:
            names = [replace(n, mark=(with_word, _SUPPORT)) for n in names]
        # A会同B、C: every name after 会同 works with the lead
        first = next((i for i, n in enumerate(names) if n.mark and n.mark[0] in _WITH_WORDS), None)
        if first is not None:
            names = names[:first] + [replace(n, mark=n.mark or names[first].mark) for n in names[first:]]
        if not names and label is None and role is None:
            return None
        return _Clause(tuple(names), label, role)  # type: ignore[arg-type]

    def _names(self, s: str, pos: int, protected: list[bool]) -> list[_Name]:
        out: list[_Name] = []
        start = 0
        for k, ch in enumerate(s + "、"):
            if k < len(s) and (protected[k] or ch not in P.NOTE_LIST_SEPS):
                continue
            out.extend(self._joined(s[start:k], pos + start))
            start = k + 1
        return out

    def _joined(self, part: str, pos: int) -> list[_Name]:
        """One list item, split at 和/及/与/会同 where a name ends, and at 等."""
        lead = len(part) - len(part.lstrip(P.SPACE))
        part, pos = part.strip(P.SPACE), pos + lead
        if not part:
            return []
        star = part[0] in P.LEAD_STAR
        if star:
            part, pos = part[1:], pos + 1
        out: list[_Name] = []
        if "等" in part:
            k = part.index("等")
            head, tail = part[:k], part[k + 1 :]
            out.extend(self._joined(head, pos) if head else [])
            if tail.strip(P.SPACE):
                out.extend(self._joined(tail, pos + k + 1))
            return [replace(out[0], star=star), *out[1:]] if out else out
        lex = self.names.lex
        whole = self.names.recognise(part)
        if whole.verdict is Verdict.AGENCY and whole.score >= 1.0:
            return [self._marked(_Name(part, Span(pos, pos + len(part)), star))]
        for m in P.NOTE_JOINER_RE.finditer(part):
            left, right = part[: m.start()], part[m.end() :]
            if not left or not right:
                continue
            first = self.names.recognise(left)
            second = self.names.recognise(right)
            # the left part a body (not a bare region: 内蒙古和林格尔新区) or a collective
            body = first.verdict is Verdict.AGENCY and lex.suffix_of(left) is not None
            if (body or first.verdict is Verdict.COLLECTIVE) and second.verdict is not Verdict.REJECTED:
                head = _Name(left, Span(pos, pos + len(left)), star)
                rest = self._joined(right, pos + m.end())
                if m.group(0) in _WITH_WORDS:  # A会同B: B works with the lead
                    rest = [replace(n, mark=(m.group(0), _SUPPORT)) for n in rest]
                return [head, *rest]
        return [self._marked(_Name(part, Span(pos, pos + len(part)), star))]

    def _marked(self, name: _Name) -> _Name:
        found = self.words.mark_at_end(name.text)
        if found is None:
            return name
        text = name.text[: -found[2]].rstrip(P.SPACE)
        return _Name(text, Span(name.span.start, name.span.start + len(text)), name.star, found[:2])

    # -- shared prefixes and bodies ---------------------------------------
    def _inherit(
        self, rec: Recognition, last: Recognition | None, ctx: Where
    ) -> tuple[Recognition, Recognition | None]:
        """A name written without the level word or region of the name before it takes
        them (省工业和信息化厅、财政厅 → 省财政厅)."""
        parse = rec.parse
        if rec.verdict is not Verdict.AGENCY or parse is None:
            return rec, last
        if parse.national_body is not None or parse.kind in (BodyKind.NATIONAL,):
            return rec, last
        if parse.region is not None or parse.level is not None:
            return rec, rec
        if last is None or last.parse is None or not parse.body_types:
            return rec, last  # only a body the lexicon knows is written without its prefix
        inherited = replace(parse, region=last.parse.region, level=last.parse.level, inherited=True)
        return replace(rec, parse=inherited), last

    def _share_bodies(self, row: list[tuple[_Name, Recognition]], ctx: Where) -> list[tuple[_Name, Recognition]]:
        """Bare region names before a region + body (广州、深圳市政府) take that body."""
        out = list(row)
        for k, (_name, rec) in enumerate(row):
            parse = rec.parse
            if rec.verdict is not Verdict.AGENCY or parse is None or parse.region is None or not parse.body:
                continue
            region = self.names.gaz.get(parse.region)
            if region is None:
                continue
            j = k - 1
            while (
                j >= 0
                and out[j][1].parse is not None
                and out[j][1].parse.kind is BodyKind.SEAT
                and not out[j][1].parse.body
            ):
                bare = out[j][0]
                joined = self.names.recognise(bare.text + parse.body, ctx.region)
                if joined.verdict is Verdict.AGENCY:
                    out[j] = (bare, replace(joined, surface=bare.text))
                j -= 1
        return out

    def _read(self, name: str, ctx: Where) -> list[Recognition]:
        """The names in `name`; a document's reference to its own issuer (我部) or to one
        of the issuer's departments (部科技司) is read as the issuer's name."""
        own = self.names.lex.self_reference(P.squeeze(name), ctx.issuer)
        if own is not None:
            return [replace(r, surface=name) for r in self.names.read(own, ctx.region)]
        return self.names.read(name, ctx.region)

    def _recognise_all(self, names: str, ctx: Where) -> list[Recognition]:
        out = []
        for clause in names.replace("，", "、").split("、"):
            for name in self._joined(clause, 0):
                out.extend(self._read(name.text, ctx))
        return out
