"""Sections: every export file is a header, one section per corpus file (in path
order), a section for what is shared across files, and a footer.

A section's bytes are a pure function of its key (the digest of the partition it
renders and the exporter's version), so a rebuild copies every unchanged section
from the previous export file (``os.copy_file_range``: in the kernel, no Python
copy) and renders only the sections of changed files.  The byte ranges of each
file's sections are recorded in ``OUT/.cache/sections.pickle``; a previous file whose
size or modification time differs from the record is not trusted and every section
is rendered again.  A clean build and an incremental one give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.cache import read_checked, write_checked

if TYPE_CHECKING:
    from kg.export.spool import SectionSpool, Spooled


@dataclass(frozen=True)
class Section:
    key: str
    render: Callable[[], bytes]


@dataclass
class Layout:
    """How one export file is put together; `sep` goes between non-empty sections.

    `sections` are the corpus files' sections; `tail` gives the sections that follow
    them (what files share, the links graph), which a build knows later: the files'
    sections are written while the corpus-wide stage still runs."""

    name: str
    header: bytes
    sections: list[Section]
    footer: bytes = b""
    sep: bytes = b""
    tail: Callable[[], list[Section]] | None = None
    rendered: int = field(default=0, compare=False)  # sections rendered (not copied)
    n_sections: int = field(default=0, compare=False)  # sections written so far

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        write_layout(self, buf, None)
        return buf.getvalue()


@lru_cache(maxsize=1)
def exporter_version() -> str:
    """Digest of the exporters' code and the page (template, style, script): part of every section key."""
    h = hashlib.sha256()
    pkg = resources.files("kg.export")
    for name in sorted(p.name for p in pkg.iterdir() if p.name.endswith(".py")):
        h.update(name.encode() + pkg.joinpath(name).read_bytes())
    static = pkg.joinpath("static")
    for name in sorted(p.name for p in static.iterdir() if p.name.startswith("page.")):
        h.update(name.encode() + static.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def section_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Placed:
    """Where a section's bytes sit in a written file."""

    key: str
    offset: int
    length: int


class SectionIndex:
    """The sections of the previous build's export files (``.cache/sections.pickle``):
    per file its size, modification time and each section's key, offset and length."""

    _MAGIC = b"policy-kg-sections-1\n"

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / ".cache" / "sections.pickle"
        data = read_checked(self.path, self._MAGIC)
        self.files: dict[str, tuple[int, int, tuple[str, ...], array, array]] = data if isinstance(data, dict) else {}

    def previous(self, name: str) -> tuple[Path, dict[str, Placed]] | None:
        """The previous file and its sections, when the file is exactly as recorded."""
        rec = self.files.get(name)
        path = self.out / name
        if not isinstance(rec, tuple) or len(rec) != 5:
            return None
        size, mtime_ns, keys, offsets, lengths = rec
        try:
            st = path.stat()
        except OSError:
            return None
        if st.st_size != size or st.st_mtime_ns != mtime_ns:
            return None
        return path, {k: Placed(k, off, n) for k, off, n in zip(keys, offsets, lengths)}

    def record(self, name: str, placed: list[Placed]) -> None:
        st = (self.out / name).stat()
        keys = tuple(p.key for p in placed)
        offsets, lengths = array("q", (p.offset for p in placed)), array("q", (p.length for p in placed))
        self.files[name] = (st.st_size, st.st_mtime_ns, keys, offsets, lengths)

    def save(self) -> None:
        write_checked(self.path, self._MAGIC, dict(sorted(self.files.items())))
        self.path.with_name("sections.json").unlink(missing_ok=True)  # (the index as earlier builds wrote it)


def write_layout(layout: Layout, fh: BinaryIO, previous: tuple[Path, dict[str, Placed]] | None) -> list[Placed]:
    """Write `layout` to `fh`, copying sections found in `previous`; the placements."""
    writer = LayoutWriter(layout, fh, previous)
    try:
        writer.add(layout.sections)
        writer.add(layout.tail() if layout.tail else [])
        return writer.finish()
    finally:
        writer.close()


class LayoutWriter:
    """Writes one layout in steps (header, then sections as they become known, then
    the footer), copying sections found in `previous`.  Consecutive copied sections
    (with the separators between them) are copied in one call."""

    def __init__(
        self,
        layout: Layout,
        fh: BinaryIO,
        previous: tuple[Path, dict[str, Placed]] | None,
        spool: SectionSpool | None = None,
    ) -> None:
        self.layout = layout
        self.fh = fh
        self.previous = previous
        self.spool = spool  # sections rendered into spool files (see `kg.export.spool`)
        self.placed: list[Placed] = []
        self.pending: list[int] = []  # [offset, length] of the copy not yet made
        self.src = open(previous[0], "rb") if previous else None  # noqa: SIM115 - closed in close()
        fh.write(layout.header)
        self.pos = len(layout.header)
        self.first = True

    def flush(self) -> None:
        """Make the copy still pending (the file then holds every section added so far)."""
        if self.pending:
            assert self.src is not None
            self.fh.flush()
            _copy(self.src.fileno(), self.fh.fileno(), self.pending[0], self.pending[1])
            self.fh.seek(0, os.SEEK_END)
            self.pending.clear()

    def add(self, sections: list[Section]) -> None:
        layout, pending = self.layout, self.pending
        for s in sections:
            layout.n_sections += 1
            old = self.previous[1].get(s.key) if self.previous else None
            data = None
            spooled = self.spool.get(s.key) if old is None and self.spool is not None else None
            if spooled is not None:
                layout.rendered += 1
                self._add_spooled(s.key, spooled)
                continue
            if old is None:
                data = s.render()
                layout.rendered += 1
            length = old.length if old is not None else len(data or b"")
            if length == 0:
                self.placed.append(Placed(s.key, self.pos, 0))
                continue
            sep = b"" if self.first else layout.sep
            self.first = False
            if data is None and pending and pending[0] + pending[1] + len(sep) == old.offset:  # type: ignore[union-attr]
                pending[1] += len(sep) + length  # the separator sits between them in the old file too
            else:
                self.flush()
                self.fh.write(sep)
                if data is None:
                    pending[:] = [old.offset, length]  # type: ignore[union-attr]
                else:
                    self.fh.write(data)
            self.pos += len(sep)
            self.placed.append(Placed(s.key, self.pos, length))
            self.pos += length

    def _add_spooled(self, key: str, spooled: Spooled) -> None:
        """A section rendered into a spool file: copied from there."""
        assert self.spool is not None
        if spooled.length == 0:
            self.placed.append(Placed(key, self.pos, 0))
            return
        sep = b"" if self.first else self.layout.sep
        self.first = False
        self.flush()
        self.fh.write(sep)
        self.fh.flush()
        _copy(self.spool.fd(spooled), self.fh.fileno(), spooled.offset, spooled.length)
        self.fh.seek(0, os.SEEK_END)
        self.pos += len(sep)
        self.placed.append(Placed(key, self.pos, spooled.length))
        self.pos += spooled.length

    def finish(self) -> list[Placed]:
        self.flush()
        self.fh.write(self.layout.footer)
        return self.placed

    def close(self) -> None:
        if self.src is not None:
            self.src.close()
            self.src = None


def _copy(src: int, dst: int, offset: int, length: int) -> None:
    """Append `length` bytes of `src` from `offset` to `dst` (in the kernel)."""
    done = 0
    while done < length:
        try:
            n = os.copy_file_range(src, dst, length - done, offset + done)
        except (AttributeError, OSError):
            n = 0
        if n <= 0:  # not supported here: copy through user space
            os.lseek(dst, 0, os.SEEK_END)
            chunk = os.pread(src, min(1 << 24, length - done), offset + done)
            if not chunk:
                raise OSError("source of a copied section is shorter than recorded")
            os.write(dst, chunk)
            n = len(chunk)
        done += n
