"""Part store: the lines of each partition (private and shared), by digest, in
``OUT/.cache/parts/<di>/<digest>.pickle`` (or in memory for a build without a cache).

A build keeps only the shared lines in memory; a partition's private lines (≈ 90% of
the graph) are read from the folder when an export section, the store update, the
counts of a changed file's old partition or the rare exact-duplicate check asks for
them, so the build's memory does not grow with the corpus.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from kg.cache import read_checked, write_checked
from kg.partition import Partition

#: Partitions whose private lines a part store keeps after reading them.
RECENT_PARTS = 4


class PartStore:
    """The lines of partitions by digest (private and shared), in `folder` (or only in
    memory when it is None); a corrupt or missing entry is None.

    With a folder, only the shared lines stay in memory (every build step reads them);
    a partition's private lines (≈ 90% of the graph) are read from the folder each time
    they are asked for, so the build's memory does not grow with the corpus.  A worker
    process that made a partition writes it (`put`) and hands back the partition
    without its private lines (`in_folder`)."""

    _MAGIC = b"policy-kg-part-2\n"

    def __init__(self, folder: Path | None, keep_reads: bool = False) -> None:
        self.folder = folder
        # a rebuild after a few edits keeps every partition it reads (the corpus-wide
        # tables read each file's lines, once each then); a full build keeps none
        self.keep_reads = keep_reads
        self.memo: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {}
        # one string per distinct shared line: files share most of theirs (the same
        # regions and agencies described), and the memo holds every file's
        self.canonical: dict[str, str] = {}
        # the last few partitions read from the folder: every export asks for a corpus
        # file's lines in turn (see `ExportWriter`), so it is read once, not once each
        self.recent: OrderedDict[str, tuple[tuple[str, ...], tuple[str, ...]]] = OrderedDict()

    def _path(self, digest: str) -> Path:
        assert self.folder is not None
        return self.folder / digest[:2] / f"{digest}.pickle"

    def put(self, part: Partition) -> None:
        """Keep `part`'s lines; a partition without its private lines must be in the folder."""
        assert part.shared is not None
        if self.folder is None:
            assert part.private is not None
            self.memo[part.digest] = (part.private, part.shared)
            return
        if not self._path(part.digest).exists():
            if part.private is None:
                raise LookupError(f"partition of {part.path} is not in {self.folder}")
            write_checked(self._path(part.digest), self._MAGIC, (part.private, part.shared), durable=False)
        self.memo[part.digest] = (None, self._shared(part.shared))

    def write(self, part: Partition) -> None:
        """Write `part`'s lines into the folder and keep nothing of them: what a worker
        process making partitions does (the build process keeps the shared lines when
        the partition comes back, `put`); with no folder, nothing (the partition comes
        back with its lines)."""
        if self.folder is not None and not self._path(part.digest).exists():
            assert part.private is not None and part.shared is not None
            write_checked(self._path(part.digest), self._MAGIC, (part.private, part.shared), durable=False)

    def _shared(self, lines: tuple[str, ...]) -> tuple[str, ...]:
        """`lines` made of the strings already held for equal lines."""
        canonical = self.canonical
        return tuple([canonical.setdefault(line, line) for line in lines])

    def in_folder(self, part: Partition) -> Partition:
        """`part` as a worker hands it back once `put`: its private lines are in the folder."""
        return replace(part, private=None) if self.folder is not None else part

    def has(self, part: Partition) -> bool:
        return part.digest in self.memo or (self.folder is not None and self._path(part.digest).is_file())

    def _load(self, part: Partition) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        held = self.memo.get(part.digest)
        if held is not None and held[0] is not None:
            return held  # type: ignore[return-value]
        if part.digest in self.recent:
            self.recent.move_to_end(part.digest)
            return self.recent[part.digest]
        if self.folder is None:
            return None
        entry = read_checked(self._path(part.digest), self._MAGIC)
        if not (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], tuple)
            and isinstance(entry[1], tuple)
            and len(entry[0]) == part.n_private
            and len(entry[1]) == part.n_shared
        ):
            return None
        entry = (entry[0], self._shared(entry[1]))
        if self.keep_reads:
            self.memo[part.digest] = entry
            return entry
        self.memo[part.digest] = (None, entry[1])
        self.recent[part.digest] = entry
        if len(self.recent) > RECENT_PARTS:
            self.recent.popitem(last=False)
        return entry

    def get(self, part: Partition) -> tuple[str, ...] | None:
        """The partition's private lines."""
        if part.private is not None:
            return part.private
        entry = self._load(part)
        return entry[0] if entry else None

    def get_shared(self, part: Partition) -> tuple[str, ...] | None:
        """The partition's shared lines."""
        if part.shared is not None:
            return part.shared
        held = self.memo.get(part.digest)
        if held is not None:
            return held[1]
        entry = self._load(part)
        return entry[1] if entry else None

    def prune(self, keep: set[str]) -> None:
        if self.folder is None:
            return
        for entry in self.folder.glob("*/*.pickle"):
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)
