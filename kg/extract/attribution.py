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
from kg.lexicon.recognise import NameRecogniser, Recognition, Verdict
from kg.model import Role, Span


class Site(Enum):
    BRACKET = "bracket"
    FIELD = "field"
    INLINE = "inline"
    SUBJECT = "subject"


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
    subject: tuple[str, ...]  # words after a sentence's subject, longest first

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

    return RoleWords(by_len("label"), by_len("role"), tuple(w for w, _ in by_len("subject")))


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
    def find_notes(self, ann: Annotated, context: str | None) -> list[Note]:
        text = ann.text
        notes: list[Note] = []
        taken: list[Span] = []
        for start, end in self._field_spans(ann):
            notes.append(Note(Site.FIELD, Span(start, end), text[start:end]))
            taken.append(Span(start, end))
        for b in ann.top_level():
            if any(t.start <= b.open < t.end for t in taken) or b.family not in (
                "paren",
                "lenticular",
                "square",
                "tortoise",
            ):
                continue
            content = text[b.inner.start : b.inner.end]
            if self._reads_as_note(content, ann, b, context):
                notes.append(Note(Site.BRACKET, b.inner, content))
                taken.append(b.outer)
        for m in P.ASSIGNED_BY_RE.finditer(text):
            if any(t.start <= m.start() < t.end for t in taken) or ann.enclosing(m.start()) is not None:
                continue
            if P.NOT_ASSIGNMENT_AFTER_RE.match(text[m.end() :]):
                continue
            names = m.group(1) + ("、" + m.group(3) if m.group(3) else "")
            if all(r.verdict is not Verdict.REJECTED for r in self._recognise_all(names, context)):
                span = Span(m.start(1), m.end(4) if m.group(4) else m.end(2))
                notes.append(Note(Site.INLINE, span, text[span.start : span.end]))
                taken.append(span)
        if not notes:
            notes.extend(self._subjects(ann, context))
        notes.sort(key=lambda n: n.span.start)
        return notes

    def _subjects(self, ann: Annotated, context: str | None) -> list[Note]:
        """Bodies a sentence of the task's body opens with, before a subject word."""
        text = ann.text
        out = []
        starts = [m for m in range(1, len(text)) if text[m - 1] in "。；;\n"]
        for start in starts:
            while start < len(text) and text[start] in P.SPACE:
                start += 1
            if ann.enclosing(start) is not None:
                continue
            stop = min((text.find(c, start) for c in "，,。；;\n" if text.find(c, start) >= 0), default=len(text))
            best: tuple[float, int] | None = None
            for k in range(start + 2, min(stop, start + 40) + 1):
                if not text.startswith(self.words.subject, k) or P.NOT_ASSIGNMENT_AFTER_RE.match(text[k + 2 : k + 6]):
                    continue
                recs = self._recognise_all(text[start:k], context)
                agencies = [r.score for r in recs if r.verdict is Verdict.AGENCY]
                if agencies and all(r.verdict is not Verdict.REJECTED for r in recs):
                    score = min(agencies)
                    if best is None or score > best[0]:
                        best = (score, k)
            if best is not None:
                out.append(Note(Site.SUBJECT, Span(start, best[1]), text[start : best[1]]))
        return out

    def _field_spans(self, ann: Annotated) -> list[tuple[int, int]]:
        """Field labels outside brackets: from the label to the end of its line."""
        text = ann.text
        out = []
        for line in ann.lines:
            i = line.start
            while i < line.end:
                if text[i] in "责牵配主协参实落【" and (i == line.start or text[i - 1] in "。；;" + P.SPACE):
                    found = self.words.label_at(text[i : line.end])
                    if found and ann.enclosing(i) is None:
                        end = line.end
                        while end > i and text[end - 1] in "。；;" + P.SPACE:
                            end -= 1
                        out.append((i, end))
                        break
                i += 1
        return out

    def _reads_as_note(self, content: str, ann: Annotated, b: Bracket, context: str | None) -> bool:
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
        recognised = [r for n in names for r in self.names.read(n.text, context)]
        if any(r.verdict is Verdict.REJECTED for r in recognised):
            return False
        if not any(r.verdict is Verdict.AGENCY for r in recognised) and not any(c.role for c in clauses):
            return False
        if any(c.role for c in clauses):
            return True
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

    def note_spans(self, text: str, context: str | None = None) -> list[Span]:
        """Where the bracketed and labelled notes of `text` stand (their whole extent:
        brackets and label included); in-text assignments are part of a sentence, not notes."""
        ann = annotate(text)
        out = []
        for note in self.find_notes(ann, context):
            if note.site is Site.BRACKET:
                out.append(Span(note.span.start - 1, note.span.end + 1))
            elif note.site is Site.FIELD:
                out.append(note.span)
        return out

    # -- reading a note ----------------------------------------------------
    def read(self, text: str, ann: Annotated, context: str | None, conventions: Conventions) -> list[Mention]:
        """Every name of every note of a task text, with its role."""
        out: list[Mention] = []
        for note in self.find_notes(ann, context):
            out.extend(self.read_note(note, ann, context, conventions))
        return out

    def read_note(self, note: Note, ann: Annotated, context: str | None, conventions: Conventions) -> list[Mention]:
        clauses = self._clauses(note.text, note.span.start, ann)
        # recognise names, with shared prefixes and bodies written once
        read: list[list[tuple[_Name, Recognition]]] = []
        last_prefix: Recognition | None = None
        for clause in clauses:
            row: list[tuple[_Name, Recognition]] = []
            for name in clause.names:
                for rec in self.names.read(name.text, context):
                    rec, last_prefix = self._inherit(rec, last_prefix, context)
                    row.append((name, rec))
            read.append(self._share_bodies(row, context))
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
        role = self.words.role_at_end(s)
        if role is not None:
            s, prot = s[: -len(role[0])], prot[: -len(role[0])]
        names = self._names(s, pos, prot)
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
                return [head, *self._joined(right, pos + m.end())]
        return [self._marked(_Name(part, Span(pos, pos + len(part)), star))]

    def _marked(self, name: _Name) -> _Name:
        found = self.words.mark_at_end(name.text)
        if found is None:
            return name
        text = name.text[: -found[2]].rstrip(P.SPACE)
        return _Name(text, Span(name.span.start, name.span.start + len(text)), name.star, found[:2])

    # -- shared prefixes and bodies ---------------------------------------
    def _inherit(
        self, rec: Recognition, last: Recognition | None, context: str | None
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

    def _share_bodies(
        self, row: list[tuple[_Name, Recognition]], context: str | None
    ) -> list[tuple[_Name, Recognition]]:
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
                joined = self.names.recognise(bare.text + parse.body, context)
                if joined.verdict is Verdict.AGENCY:
                    out[j] = (bare, replace(joined, surface=bare.text))
                j -= 1
        return out

    def _recognise_all(self, names: str, context: str | None) -> list[Recognition]:
        out = []
        for clause in names.replace("，", "、").split("、"):
            for name in self._joined(clause, 0):
                out.extend(self.names.read(name.text, context))
        return out
