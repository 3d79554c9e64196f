"""Resolve: corpus-wide identity of documents (and, through `kg.graph`, of every
other node) computed from the per-file results.

A document is identified by its document number, else by its normalised title
(quotes, brackets, spaces and 印发…的通知 wrappers removed), else by its file and
key.  The same document read from two files is one node; a cited title or number
that matches a corpus document points at that node.

Identity looks at content too: files whose documents share a number or title but
not their words (a revised version, a copy with other figures) are *versions*. The
newest (by date, else the last file by path) keeps the document's IRI, which
citations resolve to; each other version gets the IRI with ``-v`` and its content
digest, ``dcterms:isVersionOf`` the current one, and the current one
``dcterms:replaces`` the versions its date shows are older. The build says which
version is taken as current and why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg import patterns as P
from kg.lexicon.gazetteer import Gazetteer
from kg.model import DocResult, Document
from kg.vocab import Iris


def title_key(title: str) -> str:
    """The identity form of a title: no draft marker, punctuation or spaces."""
    return P.comparable(P.DRAFT_MARK_RE.sub("", P.squeeze(title)))


#: Full-width forms of ASCII letters, digits and signs written inside titles (＋, ２０２５,
#: ＡＩ), and their ASCII forms; the CJK punctuation of the full-width block stays.
_WIDE = (
    "＋＆＃％＝＠"
    + "".join(chr(c) for c in range(0xFF10, 0xFF1A))
    + "".join(chr(c) for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)])
)
_NARROW = str.maketrans(_WIDE, "".join(chr(ord(c) - 0xFEE0) for c in _WIDE))


def display_title(title: str) -> str:
    """The one form written for a title that several documents cite or name in their own
    ways: ASCII letters, digits and signs narrow (“人工智能＋”行动 → “人工智能+”行动), a span of
    years with one dash (2026-2027年 → 2026—2027年), plain double quotes curly ("人工智能+" →
    “人工智能+”)."""
    title = P.YEAR_SPAN_DASH_RE.sub(r"\1—\2", title.translate(_NARROW))
    if title.count('"') % 2 == 0:
        parts = title.split('"')
        title = "".join(p if k % 2 == 0 else f"“{p}”" for k, p in enumerate(parts))
    return title


def unwrapped_key(title: str) -> str:
    """The identity form of the document a 关于印发《X》的通知 title carries (X)."""
    t = P.squeeze(title).strip("《》")
    m = P.UNWRAP_TITLE_RE.match(t)
    return title_key(m.group(1)) if m else title_key(t)


@dataclass
class DocIndex:
    """Every corpus document's IRI, and lookups by number and by title.

    A title that names no place (关于印发科技创新三年行动方案的通知) identifies a document
    only together with its jurisdiction: two cities may issue notices of that title."""

    iris: Iris
    by_ref: dict[tuple[str, str], str] = field(default_factory=dict)  # (file, key) → IRI
    version_of: dict[str, str] = field(default_factory=dict)  # older version's IRI → current IRI
    replaces: dict[str, tuple[str, ...]] = field(default_factory=dict)  # current IRI → older versions (by date)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, what was decided about versions)
    by_number: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)  # key → [(region, IRI)]

    def iri(self, path: str, key: str) -> str:
        return self.by_ref[(path, key)]

    def find(self, title: str | None, number: str | None, region: str | None = None) -> str | None:
        """The corpus document cited by `title` or `number` (from a document of `region`)."""
        if number and number in self.by_number:
            return self.by_number[number]
        if not title:
            return None
        cands = self.by_title.get(title_key(title)) or self.by_title.get(unwrapped_key(title)) or []
        iris = sorted({iri for _, iri in cands})
        if len(iris) == 1:
            return iris[0]
        same = sorted({iri for r, iri in cands if r == region})
        return same[0] if len(same) == 1 else None

    def cited_iri(self, title: str | None, number: str | None, region: str | None = None) -> str:
        """The node of a cited document: the corpus one, or one minted from the citation."""
        return self.find(title, number, region) or self.minted_iri(title, number)

    def minted_iri(self, title: str | None, number: str | None) -> str:
        """The node minted for a cited document the corpus does not hold."""
        if number:
            return self.iris.doc(number)
        return self.iris.doc(title_key(title or "") or "untitled")


def identity_key(title: str, region: str | None, gaz: Gazetteer) -> str:
    """A document's title key, qualified by its jurisdiction when the title names no place."""
    key = title_key(title)
    if key and region and not gaz.names_place(title):
        return f"{key}@{region}"
    return key


def index_documents(results: list[DocResult], iris: Iris, gaz: Gazetteer) -> DocIndex:
    """Mint document IRIs for the whole corpus (independent of file order)."""
    index = DocIndex(iris)
    minted: dict[str, str] = {}  # identity key → IRI
    for result in sorted(results, key=lambda r: r.source.path):
        numbers_in_file: dict[str, list[Document]] = {}
        for doc in result.documents:
            if doc.doc_number:
                numbers_in_file.setdefault(doc.doc_number, []).append(doc)
        for doc in result.documents:
            tkey = title_key(doc.title)
            ident = identity_key(doc.title, doc.region, gaz)
            # A number shared by a notice and the document it issues names the latter.
            owners = numbers_in_file.get(doc.doc_number or "", [])
            owns_number = bool(doc.doc_number) and (
                len(owners) == 1 or doc.key == "main" or not any(o.key == "main" for o in owners)
            )
            if owns_number and doc.doc_number in index.by_number:
                iri = index.by_number[doc.doc_number]
            elif ident and ident in minted:
                iri = minted[ident]
            elif owns_number:
                iri = iris.doc(doc.doc_number or "")
            elif ident:
                iri = iris.doc(ident.replace("@", "-"))
            else:
                iri = iris.doc(f"{result.source.path}-{doc.key}")
            index.by_ref[(result.source.path, doc.key)] = iri
            if owns_number and doc.doc_number:
                index.by_number.setdefault(doc.doc_number, iri)
            if ident:
                minted.setdefault(ident, iri)
            if tkey and (doc.region, iri) not in index.by_title.get(tkey, []):
                index.by_title.setdefault(tkey, []).append((doc.region, iri))
    _versions(index, results)
    return index


def _versions(index: DocIndex, results: list[DocResult]) -> None:
    """Keep documents that share an identity but not their words apart (see the module)."""
    docs = {(r.source.path, d.key): d for r in results for d in r.documents}
    groups: dict[str, list[tuple[str, str]]] = {}
    for ref in sorted(index.by_ref):
        groups.setdefault(index.by_ref[ref], []).append(ref)
    for iri, refs in groups.items():
        by_content: dict[str, list[tuple[str, str]]] = {}
        for ref in refs:  # the same words issued on another date are another version too
            d = docs[ref]
            digest = d.content if not d.date else hashlib.sha256(f"{d.content}@{d.date}".encode()).hexdigest()[:16]
            by_content.setdefault(digest, []).append(ref)
        if len(by_content) < 2:
            continue
        # oldest first: by date (undated ones first), then by the first file's path
        versions = sorted(by_content.items(), key=lambda kv: (max(docs[r].date or "" for r in kv[1]), kv[1][0]))
        (_, current_refs) = versions[-1]
        current_date = max(docs[r].date or "" for r in current_refs)
        older = []
        for digest, vrefs in versions[:-1]:
            viri = f"{iri}-v{digest[:8]}"
            for ref in vrefs:
                index.by_ref[ref] = viri
            index.version_of[viri] = iri
            date = max(docs[r].date or "" for r in vrefs)
            if date and current_date and date < current_date:
                older.append(viri)
            why = (
                f"dated {current_date}, after {date}"
                if date and current_date and date < current_date
                else "no dates tell them apart: the last file by path"
            )
            for ref in vrefs:
                index.notes.append(
                    (
                        ref[0],
                        f"{docs[ref].title!r} differs in content from the same document in "
                        f"{current_refs[0][0]}, taken as the current version ({why}); kept as {viri}",
                    )
                )
        if older:
            index.replaces[iri] = tuple(sorted(older))
