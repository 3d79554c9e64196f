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
  body opens with, before a subject word (``科技部成立…工作小组``, ``国务院办公厅和各部门要…``),
  or before a predicate of their own when a later clause of the sentence opens with a
  role word and names nobody (``市科技局加强统筹协调，牵头做好…``: 市科技局 leads).

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

from kg.extract.note_grammar import NoteGrammar
from kg.extract.note_sites import NoteSites
from kg.extract.notes import (
    MAX_NAMES,
    MAX_SUBJECT_TEXT,
    Conventions,
    Mention,
    Note,
    RoleWords,
    Site,
    Where,
    load_role_words,
    read_conventions,
)
from kg.lexicon.recognise import NameRecogniser

__all__ = [
    "MAX_NAMES",
    "MAX_SUBJECT_TEXT",
    "AttributionReader",
    "Conventions",
    "Mention",
    "Note",
    "RoleWords",
    "Site",
    "Where",
    "load_role_words",
    "read_conventions",
]


class AttributionReader(NoteSites, NoteGrammar):
    """Reads the responsibility notes of task texts (one per process; holds no state):
    where notes stand (`kg.extract.note_sites`) and what each says (`kg.extract.note_grammar`)."""

    def __init__(self, recogniser: NameRecogniser) -> None:
        self.names = recogniser
        self.words = load_role_words()
