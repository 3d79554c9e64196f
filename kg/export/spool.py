"""Spooling export sections where a file's partition is made.

A corpus file's section of every export is a pure function of its partition (see
`kg.export.sections`).  The process that makes the partition holds its lines: it
renders the sections there, appends their bytes to a spool file of its own and
sends back only where they sit (`Spooled`).  The export writer then copies each
section from the spool into its export file in the kernel (as it copies unchanged
sections from the previous files), and the store's bulk load reads each file's
N-Quads from the spool: the build process neither reads the partitions again nor
forks render workers, and nothing but placements crosses between processes.

Only sections the previous export files lack are spooled.  The spool lives in the
export writer's staging folder and goes with it.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.export.sections import section_key

if TYPE_CHECKING:
    from kg.graph import BuiltGraph
    from kg.partition import Partition


@dataclass(frozen=True)
class Spooled:
    """Where a rendered section sits in a spool file."""

    key: str
    file: str  # the spool file's name in the spool folder
    offset: int
    length: int


#: What the key of a file's N-Quads for the store starts with (section keys are hexadecimal).
STORE_PREFIX = "store:"


def store_key(part: Partition) -> str:
    """The key of a file's N-Quads for the store's bulk load (see `kg.export.store`)."""
    return STORE_PREFIX + section_key("store-nquads", part.graph, part.digest)


def named_nquads(lines: Iterable[str], graph: str) -> bytes:
    """N-Triples lines as N-Quads of the named graph `graph` (any order: the store sorts
    what it loads)."""
    lines = list(lines)
    if not lines:
        return b""
    tail = f"<{graph}> .\n"  # each '<s> <p> <o> .' becomes '<s> <p> <o> <g> .'
    return (tail.join([line[:-1] for line in lines]) + tail).encode("utf-8")


def store_nquads(view: BuiltGraph, part: Partition, named: bool = False) -> bytes:
    """A corpus file's part of the store: its private lines in the default graph (the
    shared lines go there once, at the end), and, when the store keeps `named` graphs,
    its named graph (private and shared lines)."""
    from kg.graph import nt_bytes

    private = view.private(part)
    default = nt_bytes(private)
    return named_nquads((*private, *view.shared_of(part)), part.graph) + default if named else default


class SectionSpool:
    """Renders corpus files' export sections into spool files (one per process that
    renders: forked workers inherit this object and open their own) and keeps, in the
    build process, where each was put (`add`, then `get`)."""

    def __init__(self, folder: Path, base: str, have: set[str], store: bool, named: bool = False) -> None:
        self.folder, self.base, self.have, self.store = folder, base, have, store
        self.named = named  # the store keeps the named graphs (see `store_nquads`)
        self.placed: dict[str, Spooled] = {}
        self.store_keys: queue.SimpleQueue[Spooled | None] | None = None  # store N-Quads as they are added (`listen`)
        self._out: tuple[int, BinaryIO] | None = None  # (pid, the spool file this process appends to)
        self._read: dict[str, int] = {}  # spool file → descriptor, to copy from
        self._lock = threading.Lock()

    def _file(self) -> BinaryIO:
        pid = os.getpid()
        if self._out is None or self._out[0] != pid:  # a forked worker: its own file
            self.folder.mkdir(parents=True, exist_ok=True)
            self._out = (pid, open(self.folder / f"{pid}.spool", "ab"))  # noqa: SIM115 - kept for the process's life
        return self._out[1]

    def render(self, view: BuiltGraph, part: Partition) -> list[Spooled]:
        """Render `part`'s sections that the previous exports lack (and its store
        N-Quads when the store is written afresh); append them to this process's
        spool file; where they are.  `view` holds `part`'s lines."""
        from kg.export import file_sections

        todo = [(s.key, s.render) for _, s in file_sections(view, part, self.base) if s.key not in self.have]
        if self.store:
            todo.append((store_key(part), lambda: store_nquads(view, part, self.named)))
        fh = self._file()
        name = Path(fh.name).name
        out = []
        for key, render in todo:
            data = render()
            out.append(Spooled(key, name, fh.tell(), len(data)))
            fh.write(data)
        fh.flush()  # read by other processes next
        return out

    def listen(self) -> Iterator[Spooled]:
        """The store N-Quads added from now on (see `render`), as they are added, until
        `end_listening`: for a reader in another thread."""
        self.store_keys = queue.SimpleQueue()
        return iter(self.store_keys.get, None)

    def end_listening(self) -> None:
        if self.store_keys is not None:
            self.store_keys.put(None)
            self.store_keys = None

    def add(self, placed: Iterable[Spooled]) -> None:
        listener = self.store_keys
        for s in placed:
            self.placed[s.key] = s
            if listener is not None and s.key.startswith(STORE_PREFIX):
                listener.put(s)

    def get(self, key: str) -> Spooled | None:
        return self.placed.get(key)

    def fd(self, spooled: Spooled) -> int:
        """A descriptor of `spooled`'s file, to read or copy from (positional reads only)."""
        with self._lock:  # (the export files and the store are written by different threads)
            fd = self._read.get(spooled.file)
            if fd is None:
                fd = self._read[spooled.file] = os.open(self.folder / spooled.file, os.O_RDONLY)
            return fd

    def read(self, spooled: Spooled) -> bytes:
        data = os.pread(self.fd(spooled), spooled.length, spooled.offset)
        if len(data) != spooled.length:
            raise OSError(f"spool file {spooled.file} is shorter than recorded")
        return data

    def __getstate__(self) -> dict[str, object]:
        raise TypeError("a SectionSpool is inherited by forked workers, never pickled")

    def close(self) -> None:
        for fd in self._read.values():
            os.close(fd)
        self._read.clear()
        if self._out is not None and self._out[0] == os.getpid():
            self._out[1].close()
        self._out = None
