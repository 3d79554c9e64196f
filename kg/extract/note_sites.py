"""Where responsibility notes stand in a task's text (see `kg.extract.attribution`):
field labels, brackets read as notes, assignments in running text (由A牵头), and the
subjects of sentences when a task has no note."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import patterns as P
from kg.annotate import Annotated, Bracket, annotate
from kg.extract.notes import (
    LABEL_STARTS,
    MAX_NAMES,
    MAX_SUBJECT_TEXT,
    NOTE_BRACKETS,
    SHARED_SUBJECT_ROLES,
    SUPPORT,
    WITH_WORDS,
    Note,
    RoleWords,
    Site,
    Where,
)
from kg.lexicon.recognise import PREFIXED_SHAPE, NameRecogniser, Recognition, Verdict
from kg.model import Span

#: The first character of a field label (牵头单位：, 【责任单位】): where `_field_spans` looks.
_LABEL_START_RE = re.compile("[" + re.escape(LABEL_STARTS) + "]")
#: 由, which opens an assignment in running text (由A牵头).
_BY_RE = re.compile("由")
#: Where a clause ends: names run up to it, never past it.
_CLAUSE_END_RE = re.compile("[，,。；;\n]")


@lru_cache(maxsize=16)
def _starts_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Every position where one of `words` starts (a lookahead, so overlapping starts
    are all found): the places `_names_before` tries."""
    return re.compile("(?=" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")")


def _clause_stop(text: str, start: int) -> int:
    """Where the clause that `start` is in ends, looking MAX_NAMES characters ahead (or
    the text's end)."""
    m = _CLAUSE_END_RE.search(text, start, start + MAX_NAMES + 1)
    return m.start() if m else len(text)


class NoteSites:
    """Finding notes: the half of `AttributionReader` that locates them."""

    names: NameRecogniser
    words: RoleWords

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
            if any(t.start <= b.open < t.end for t in taken) or b.family not in NOTE_BRACKETS:
                continue
            content = text[b.inner.start : b.inner.end]
            if self._reads_as_note(content, ann, b, ctx):
                notes.append(Note(Site.BRACKET, b.inner, content))
                taken.append(b.outer)
        if not running_text:
            return sorted(notes, key=lambda n: n.span.start)
        for k in (m.start() for m in _BY_RE.finditer(text)):
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
        starts = [m.start() + 1 for m in _CLAUSE_END_RE.finditer(text, 0, min(len(text), MAX_SUBJECT_TEXT) - 1)]
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
        out.extend(self._shared_subjects(ann, ctx, taken, starts))
        return out

    def _shared_subjects(self, ann: Annotated, ctx: Where, taken: list[Span], starts: list[int]) -> list[Note]:
        """A clause that opens with a role word and names nobody (市科技局加强统筹协调，牵头
        做好…) gives the role to the subject its sentence opens with: the bodies before
        the sentence's first predicate."""
        text = ann.text
        out: list[Note] = []
        for k in starts:
            if text[k - 1] not in "，," or ann.enclosing(k) is not None:
                continue
            role = self._opening_role(text, k)
            if role is None:
                continue
            s = max(text.rfind(c, 0, k) for c in "。；;\n") + 1
            while s < k and text[s] in P.SPACE:
                s += 1
            if s >= k or ann.enclosing(s) is not None or any(t.start <= s < t.end for t in taken):
                continue
            end = self._opening_names(text, s, ctx)
            if end is None:
                continue
            span = Span(s, end)
            out.append(Note(Site.SUBJECT, span, text[s:end], role=role, evidence=text[s : k + len(role[0])]))
            taken.append(span)
        return out

    def _opening_role(self, text: str, k: int) -> tuple[str, str] | None:
        """The role word (of `SHARED_SUBJECT_ROLES`) a clause opens with at `k`."""
        if not text.startswith(SHARED_SUBJECT_ROLES, k) or P.NOT_SUBJECT_WORD_RE.match(text[k : k + 3]):
            return None
        return next(((w, r) for w, r in self.words.roles if text.startswith(w, k)), None)

    def _opening_names(self, text: str, start: int, ctx: Where) -> int | None:
        """The end of the names a clause opens with, a predicate after them (市科技局加强
        统筹协调 → 市科技局): the longest reading whose names are all bodies or
        collectives, one of them a body that says whose it is or is known."""
        for k in range(min(_clause_stop(text, start), start + MAX_NAMES), start + 1, -1):
            recs = self._recognise_all(text[start:k], ctx)
            if (
                recs
                and all(r.verdict is not Verdict.REJECTED for r in recs)
                and any(r.verdict is Verdict.AGENCY and r.score >= PREFIXED_SHAPE for r in recs)
            ):
                return k
        return None

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
        role = next((w for w, _ in self.words.roles if text.startswith(w, k)), "")
        if len(role) > len(word):
            word = role  # the whole role word a subject word opens (牵头 → 牵头负责)
        if P.NOT_ASSIGNMENT_AFTER_RE.match(text[k + len(word) : k + len(word) + 4]):
            return None
        end = k + len(word) if self.words.role_at_end(word) else k
        j = k + len(word)
        if word in WITH_WORDS:
            more = self._names_after(text, j, ctx)
            return Span(start, more if more is not None else end)
        # a second clause: ，会同B… / 、B配合 / ，B参与
        if j < len(text) and text[j] in "，,、":
            after = j + 1
            for w in WITH_WORDS:
                if text.startswith(w, after):
                    more = self._names_after(text, after + len(w), ctx)
                    return Span(start, more if more is not None else end)
            support = tuple(w for w, role in self.words.roles if role == SUPPORT)
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
        if not followers:
            return None
        last = min(_clause_stop(text, start), start + MAX_NAMES)  # the last place a follower may start
        best: tuple[float, int, list[Recognition]] | None = None
        longest = max(map(len, followers), default=0)
        for m in _starts_re(followers).finditer(text, start + 2, last + 1 + longest):
            k = m.start()
            if k > last:
                break
            if P.NOT_SUBJECT_WORD_RE.match(text[k : k + 3]):
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
        for k in range(min(_clause_stop(text, start), start + MAX_NAMES), start + 1, -1):
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
        if _LABEL_START_RE.search(text) is None:
            return out
        for n, line in enumerate(ann.lines):
            for m in _LABEL_START_RE.finditer(text, line.start, line.end):
                i = m.start()
                if not (i == line.start or text[i - 1] in "。；;" + P.SPACE):
                    continue
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
