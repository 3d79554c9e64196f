"""The grammar of one responsibility note (see `kg.extract.attribution`): clauses, lists
of names (shared prefixes and bodies, names run together), labels and role words."""

from __future__ import annotations

from dataclasses import replace

from kg import patterns as P
from kg.annotate import Annotated
from kg.extract.notes import (
    LEAD,
    RESPONSIBLE,
    SUPPORT,
    WITH_WORDS,
    Conventions,
    Mention,
    Note,
    NoteClause,
    NoteName,
    RoleWords,
    Site,
    Where,
)
from kg.extract.spans import list_items
from kg.lexicon.bodies import BodyKind
from kg.lexicon.recognise import NameRecogniser, Recognition, Verdict
from kg.model import Role, Span


class NoteGrammar:
    """Reading notes: the half of `AttributionReader` that turns a note into mentions."""

    names: NameRecogniser
    words: RoleWords

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
        if note.role is not None and clauses and not any(c.label or c.role for c in clauses):
            clauses[-1] = replace(clauses[-1], role=note.role)  # a subject's role word later in its sentence
        # recognise names, with shared prefixes and bodies written once
        read: list[list[tuple[NoteName, Recognition]]] = []
        last_prefix: Recognition | None = None
        for clause in clauses:
            row: list[tuple[NoteName, Recognition]] = []
            for name in clause.names:
                for rec in self._read(name.text, ctx):
                    rec, last_prefix = self._inherit(rec, last_prefix, ctx)
                    row.append((name, rec))
            read.append(self._share_bodies(row, ctx))
        return self._assign(note, clauses, read, conventions)

    def _assign(
        self,
        note: Note,
        clauses: list[NoteClause],
        read: list[list[tuple[NoteName, Recognition]]],
        conv: Conventions,
    ) -> list[Mention]:
        roles: list[list[tuple[Role | None, str]]] = [[(None, "")] * len(r) for r in read]
        lead_named = False  # a lead named by a lead word or label (牵头, 牵头单位：)
        pending: list[tuple[int, int]] = []
        label: tuple[str, str] | None = None
        any_word = any(c.label or c.role for c in clauses)

        def give(i: int, j: int, kind: str, why: str) -> None:
            role = Role.LEAD if kind == LEAD or (kind == RESPONSIBLE and not lead_named) else Role.SUPPORT
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
            if kind == LEAD and read[i]:
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
            lead_marked = any(read[i][j][0].mark[1] == LEAD for i, j in marked)  # type: ignore[index]
            for i, row in enumerate(read):
                for j, (name, _) in enumerate(row):
                    if name.mark:
                        word, kind = name.mark
                        roles[i][j] = (Role.SUPPORT if kind == SUPPORT else Role.LEAD, f"marked {word}")
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
    def _clauses(self, content: str, offset: int, ann: Annotated) -> list[NoteClause]:
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
        cuts = self._label_starts(body, protected)
        # (and after one followed by a space, where a scraped page lost the comma: A牵头 B配合)
        role_ends = {
            k for k in range(1, len(body)) if body[k] in P.NOTE_LIST_SEPS + P.SPACE and self.words.role_at_end(body[:k])
        }
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

    def _label_starts(self, body: str, protected: list[bool]) -> set[int]:
        """Where labels start in a note (after its first character), read left to right:
        a label inside a longer one is none (主要责任单位： holds 责任单位：)."""
        out = set()
        k = 0
        while k < len(body):
            found = self.words.label_at(body[k:]) if not protected[k] else None
            if found is None:
                k += 1
                continue
            if k > 0:
                out.add(k)
            k += found[2]
        return out

    def _clause(self, raw: str, offset: int, protected: list[bool]) -> NoteClause | None:
        lead = len(raw) - len(raw.lstrip(P.SPACE))
        s = raw.strip(P.SPACE)
        if not s or P.NOTE_TIME_CLAUSE_RE.search(s):
            return None  # (a clause that says when: 2023年底前完成, 完成时限：…)
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
        with_word = next((w for w in WITH_WORDS if s.startswith(w)), None)
        if with_word:  # ，会同B: the names of this clause work with the lead
            s, pos, prot = s[len(with_word) :], pos + len(with_word), prot[len(with_word) :]
        role = self.words.role_at_end(s)
        if role is not None:
            s, prot = s[: -len(role[0])], prot[: -len(role[0])]
        names = self._names(s, pos, prot)
        if with_word:
            names = [replace(n, mark=(with_word, SUPPORT)) for n in names]
        # A会同B、C: every name after 会同 works with the lead
        first = next((i for i, n in enumerate(names) if n.mark and n.mark[0] in WITH_WORDS), None)
        if first is not None:
            names = names[:first] + [replace(n, mark=n.mark or names[first].mark) for n in names[first:]]
        if not names and label is None and role is None:
            return None
        return NoteClause(tuple(names), label, role)  # type: ignore[arg-type]

    def _names(self, s: str, pos: int, protected: list[bool]) -> list[NoteName]:
        out: list[NoteName] = []
        start = 0
        for k, ch in enumerate(s + "、"):
            if k < len(s) and (protected[k] or ch not in P.NOTE_LIST_SEPS):
                continue
            out.extend(self._joined(s[start:k], pos + start))
            start = k + 1
        return out

    def _joined(self, part: str, pos: int) -> list[NoteName]:
        """One list item, split at 和/及/与/会同 where a name ends, and at 等."""
        lead = len(part) - len(part.lstrip(P.SPACE))
        part, pos = part.strip(P.SPACE), pos + lead
        if not part:
            return []
        star = part[0] in P.LEAD_STAR
        if star:
            part, pos = part[1:], pos + 1
        out: list[NoteName] = []
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
            return [self._marked(NoteName(part, Span(pos, pos + len(part)), star))]
        for m in P.NOTE_JOINER_RE.finditer(part):
            left, right = part[: m.start()], part[m.end() :]
            if not left or not right:
                continue
            first = self.names.recognise(left)
            second = self.names.recognise(right)
            # the left part a body (not a bare region: 内蒙古和林格尔新区) or a collective
            body = first.verdict is Verdict.AGENCY and lex.suffix_of(left) is not None
            if (body or first.verdict is Verdict.COLLECTIVE) and second.verdict is not Verdict.REJECTED:
                head = NoteName(left, Span(pos, pos + len(left)), star)
                rest = self._joined(right, pos + m.end())
                if m.group(0) in WITH_WORDS:  # A会同B: B works with the lead
                    rest = [replace(n, mark=(m.group(0), SUPPORT)) for n in rest]
                return [head, *rest]
        return [self._marked(NoteName(part, Span(pos, pos + len(part)), star))]

    def _marked(self, name: NoteName) -> NoteName:
        found = self.words.mark_at_end(name.text)
        if found is None:
            return name
        text = name.text[: -found[2]].rstrip(P.SPACE)
        return NoteName(text, Span(name.span.start, name.span.start + len(text)), name.star, found[:2])

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

    def _share_bodies(self, row: list[tuple[NoteName, Recognition]], ctx: Where) -> list[tuple[NoteName, Recognition]]:
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
        for clause in list_items(names):
            for name in self._joined(clause, 0):
                out.extend(self._read(name.text, ctx))
        return out
