"""State: what one build leaves for the next in ``OUT/.cache``, so that an
incremental build touches only what changed.

- ``state.pickle``: the links partition, the shared lines in their groups and how
  many files hold each, and per corpus file the name of its record, in parts (see
  `_state_parts`; its lines as UTF-8, one group at a time).  Written atomically with a
  checksum, under the rules, graph and exporter versions and the
  base IRI; anything else reads as "no state" and the build starts from the
  per-file result cache.
- ``records/<di>/<digest>.pickle``: per corpus file its content hash, slim result (what
  resolution and linking read) and partition without its lines (trace, digest, line
  hashes, summary; see `kg.partition`), named by the digest of its bytes, written by
  the worker process that makes the file's partition.  A rebuild
  after an edit writes the edited files' records only, not the whole corpus's again;
  a missing or damaged record leaves its file out of the state (its partition is
  made again from the result cache).
- ``parts/<digest>.pickle``: a partition's lines, private and shared (loaded only
  for changed sections, the store update, the counts of a changed file's old
  partition and the rare exact-duplicate check).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import compress
from pathlib import Path

from kg.cache import read_checked, read_checked_parts, write_checked, write_checked_parts
from kg.graph import EMPTY_SHARED, SharedLines, group_lines
from kg.model import DocResult
from kg.partition import Partition

_MAGIC = b"policy-kg-state-5\n"
RECORDS = "records"  # folder of the per-file records, in the cache folder


@dataclass
class FileState:
    sha256: str
    slim: DocResult
    partition: Partition  # without its private lines
    tasks: int  # number of tasks in the file (the slim result keeps only some)
    key: str | None = field(default=None, repr=False, compare=False)  # its file's name (digest of its bytes)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "key"}


@dataclass
class BuildState:
    version: str  # rules version + exporter version + base
    files: dict[str, FileState] = field(default_factory=dict)
    links: Partition | None = None
    shared: SharedLines = EMPTY_SHARED
    counts: dict[str, int] = field(default_factory=dict)  # shared line → files holding it (kg.partition.count_shared)
    headers: str = ""  # digest of every document's header (see kg.assemble.headers_digest)


def load_state(cache: Path, version: str) -> BuildState:
    """The last build's state; an empty state when there is none that fits."""
    parts = read_checked_parts(cache / "state.pickle", _MAGIC)
    if parts is None:
        return BuildState(version)
    try:
        head = next(parts)
        if not isinstance(head, dict) or head.get("version") != version or not isinstance(head.get("files"), dict):
            return BuildState(version)
        links, shared, counts = _read_lines(head, parts)
    except Exception:  # noqa: BLE001 - a state that does not read back is no state
        return BuildState(version)
    files = {}
    folder = cache / RECORDS
    for path, key in head["files"].items():
        record = _read_record(folder, key)
        if record is not None:
            files[path] = record
    return BuildState(version, files, links, shared, counts, head["headers"])


def _state_parts(state: BuildState, names: dict[str, str]) -> Iterator[object]:
    """What ``state.pickle`` holds, in parts (`kg.cache.write_checked_parts`): a head
    (version, records' names, the links partition without its lines, the shared groups'
    digests and names), then each shared group's lines with, for each line, how many
    files hold it and whether the links graph holds it, then the counted and links lines
    that are not shared lines.

    Lines go as UTF-8 bytes the state encodes itself: a pickler given the strings keeps
    their UTF-8 form in every one it writes (CPython caches it in the string), which
    would hold the build's lines twice while its exports are written."""
    links = state.links.shared or () if state.links is not None else ()
    yield {
        "version": state.version,
        "files": names,
        "headers": state.headers,
        "links": state.links.without_lines() if state.links is not None else None,
        "digests": tuple(digest for digest, _ in state.shared.buckets),
        "names": state.shared.names,
    }
    in_links = group_lines(links)  # bucket → its links lines, in order (sorted)
    counted = 0
    linked = 0
    for n, (_, lines) in enumerate(state.shared.buckets):
        counts = array("I", (state.counts.get(line, 0) for line in lines))
        counted += sum(1 for c in counts if c)
        flags = _flags(lines, in_links.get(n, ()))
        linked += sum(flags)
        yield _encoded(lines), counts.tobytes(), flags
    extra_counts = {}
    if counted < len(state.counts):  # counted lines that are not shared (a file's private line too)
        extra_counts = {_utf8(line): n for line, n in state.counts.items() if line not in state.shared}
    extra_links = [_utf8(line) for line in links if line not in state.shared] if linked < len(links) else []
    yield extra_counts, extra_links


def _read_lines(head: dict, parts: Iterator[object]) -> tuple[Partition | None, SharedLines, dict[str, int]]:
    """The links partition, shared lines and counts from the parts after the head."""
    buckets = []
    counts: dict[str, int] = {}
    linked: list[str] = []
    for digest in head["digests"]:
        blob, counted, flags = next(parts)  # type: ignore[misc]
        lines = tuple(blob.decode("utf-8", "surrogatepass").split("\n")) if blob else ()
        buckets.append((digest, lines))
        counts.update((line, c) for line, c in zip(lines, array("I", counted)) if c)
        linked.extend(compress(lines, flags))
    extra_counts, extra_links = next(parts)  # type: ignore[misc]
    counts.update((line.decode("utf-8", "surrogatepass"), c) for line, c in extra_counts.items())
    linked.extend(line.decode("utf-8", "surrogatepass") for line in extra_links)
    links = head["links"]
    if links is not None:
        links = replace(links, shared=tuple(sorted(linked)))
    return links, SharedLines(tuple(buckets), tuple(head["names"])), counts


def _utf8(line: str) -> bytes:
    return line.encode("utf-8", "surrogatepass")


def _encoded(lines: tuple[str, ...]) -> bytes:
    return b"\n".join(_utf8(line) for line in lines)


def _flags(lines: tuple[str, ...], marked: list[str] | tuple[str, ...]) -> bytes:
    """One byte per line of `lines` (sorted): 1 for those of `marked` (sorted), else 0."""
    flags = bytearray(len(lines))
    at = 0
    for line in marked:
        at = bisect_left(lines, line, at)
        if at < len(lines) and lines[at] == line:
            flags[at] = 1
    return bytes(flags)


def _record_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.pickle"


def _read_record(folder: Path, key: str) -> FileState | None:
    """A file's record, or None when it is missing or its bytes are not those named."""
    try:
        blob = _record_path(folder, key).read_bytes()
    except OSError:
        return None
    try:
        record = pickle.loads(blob) if hashlib.sha256(blob).hexdigest()[:32] == key else None
    except Exception:  # noqa: BLE001 - any unpickling failure is a miss
        record = None
    if not isinstance(record, FileState):
        _record_path(folder, key).unlink(missing_ok=True)  # written again when the state is saved
        return None
    record.key = key
    return record


def write_record(folder: Path, record: FileState) -> str:
    """Write a file's record into the records `folder` (unless one of the same bytes is
    there) and return its name, the digest of its bytes.  The worker process that makes
    a file's partition writes its record (see `kg.assemble`); `save_state` writes those
    it is given without a name."""
    blob = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    key = hashlib.sha256(blob).hexdigest()[:32]
    target = _record_path(folder, key)
    if not target.exists():
        # not flushed to disk one by one: a record lost to a crash is a miss (its name
        # is its digest), and state.pickle is flushed after them
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.stem}.{os.getpid()}.tmp")  # (workers write side by side)
        tmp.write_bytes(blob)
        os.replace(tmp, target)
    return key


def save_state(cache: Path, state: BuildState) -> None:
    """Write the state: the records not written yet, then ``state.pickle`` naming them;
    then remove every record it does not name."""
    folder = cache / RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for path, record in state.files.items():
        if record.key is None:  # a record this build made (a loaded one has its file)
            record.key = write_record(folder, record)
        names[path] = record.key
    write_checked_parts(cache / "state.pickle", _MAGIC, _state_parts(state, names))
    keep = set(names.values())
    # (every record not named: the replaced state's, and those a build that did not
    # finish wrote where its partitions were made)
    stale = [entry for entry in folder.glob("*/*") if entry.name.split(".")[0] not in keep]
    for entry in stale:
        entry.unlink(missing_ok=True)


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
