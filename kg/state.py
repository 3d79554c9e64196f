"""State: what one build leaves for the next in ``OUT/.cache``, so that an
incremental build touches only what changed.

- ``state.pickle``: the links partition, the shared lines in their groups and how
  many files hold each, and per corpus file the name of its record, in parts (see
  `_state_parts`; its lines as UTF-8, one group at a time).  Written atomically with a
  checksum, under the rules, graph and exporter versions and the
  base IRI; anything else reads as "no state" and the build starts from the
  per-file result cache.
- ``records/<di>/<digest>.pickle``: per corpus file its content hash, its slim result's
  header (what resolution reads), its slim result pickled (what the links graph reads:
  unpickled only when the links graph is made again), its partition without its lines
  (trace, digest, line hashes; see `kg.partition`) and the partition's share of the
  corpus's totals pickled apart (summary, alt labels, clusters: unpickled only when the
  totals are summed again), named by the digest of its bytes, written by
  the worker process that makes the file's partition.  A rebuild
  after an edit writes the edited files' records only, not the whole corpus's again;
  a missing or damaged record leaves its file out of the state (its partition is
  made again from the result cache).
- ``parts/<digest>.pickle``: a partition's lines, private and shared (see
  `kg.partstore`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import compress, repeat
from pathlib import Path

from kg.cache import read_checked_parts, write_checked_parts
from kg.graph import EMPTY_SHARED, SharedLines, group_lines
from kg.link import Claims, FileLinks, defined_programs
from kg.model import DocResult
from kg.partition import Partition, header
from kg.summary import FileSummary, TotalsKeys

_MAGIC = b"policy-kg-state-8\n"
RECORDS = "records"  # folder of the per-file records, in the cache folder


@dataclass
class FileState:
    sha256: str
    head: DocResult  # the slim result's header (`kg.partition.header`): what resolution reads
    partition: Partition  # without its private lines and its share of the totals
    tasks: int  # number of tasks in the file (the slim result keeps only some)
    # the slim result (`kg.partition.slim`), pickled and compressed: only the links graph
    # reads it, and a rebuild whose links graph still holds reads the edited files' only
    # (compressed, a record is a quarter smaller to read and check)
    linking: bytes = field(repr=False)
    claims: Claims = ()  # the programs its documents define (`kg.link.defined_programs`)
    # the partition's share of the corpus's totals (`Share`), pickled: a rebuild whose
    # totals hold reads the edited files' only
    totals: bytes = field(default=b"", repr=False)
    key: str | None = field(default=None, repr=False, compare=False)  # its file's name (digest of its bytes)

    @classmethod
    def of(cls, sha256: str, slim: DocResult, partition: Partition, tasks: int, key: str | None = None) -> FileState:
        """The record of a file whose slim result is `slim` and whose partition (its
        share of the totals included) is `partition`."""
        blob = zlib.compress(pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL), 1)
        share = pickle.dumps(Share.of(partition), protocol=pickle.HIGHEST_PROTOCOL)
        return cls(sha256, header(slim), partition.without_totals(), tasks, blob, defined_programs(slim), share, key)

    @cached_property
    def slim(self) -> DocResult:
        """The file's slim result (unpickled when first asked for)."""
        return pickle.loads(zlib.decompress(self.linking))

    @cached_property
    def share(self) -> Share:
        """The partition's share of the totals (unpickled when first asked for)."""
        return pickle.loads(self.totals)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("key", "slim", "share")}


@dataclass(frozen=True)
class Share:
    """A partition's share of the corpus's totals (`kg.summary.CorpusTotals`)."""

    summary: FileSummary
    alt_labels: tuple[tuple[str, str], ...]
    clusters: tuple[str, ...]

    @classmethod
    def of(cls, part: Partition) -> Share:
        return cls(part.summary, part.alt_labels, part.clusters)


@dataclass
class BuildState:
    version: str  # rules version + exporter version + base
    files: dict[str, FileState] = field(default_factory=dict)
    links: Partition | None = None
    shared: SharedLines = EMPTY_SHARED
    counts: dict[str, int] = field(default_factory=dict)  # shared line → files holding it (kg.partition.count_shared)
    headers: str = ""  # digest of every document's header (see kg.assemble.headers_digest)
    file_links: FileLinks = field(default_factory=FileLinks)  # each file's lines in the links graph
    link_groups: tuple[str, ...] | None = None  # digests of the links lines' TriG groups (`kg.graph.LinkGroups`)
    keys: TotalsKeys | None = None  # the digests keying the corpus-wide sections (`kg.summary.TotalsKeys`)
    # what the state this one was made from held as read from disk, and the lines whose
    # counts changed since (None: unknown): saving writes again only what changed
    stored: Stored | None = field(default=None, repr=False, compare=False)
    recounted: set[str] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Stored:
    """A loaded state's shared groups and links places as they were read (see
    `_state_parts`): a later save copies a group's bytes when its lines (the very
    tuple), their counts and which of them the links graph holds are unchanged."""

    links: Partition | None
    groups: tuple[tuple[tuple[str, ...], bytes, bytes, bytes], ...]  # per group: lines, UTF-8, counts, flags
    file_links: FileLinks
    places: tuple[dict[str, tuple[str, bytes]], bytes | None]  # (`_link_places`)


def load_state(cache: Path, version: str) -> BuildState:
    """The last build's state; an empty state when there is none that fits."""
    parts = read_checked_parts(cache / "state.pickle", _MAGIC)
    if parts is None:
        return BuildState(version)
    try:
        head = next(parts)
        if not isinstance(head, dict) or head.get("version") != version or not isinstance(head.get("files"), dict):
            return BuildState(version)
        links, shared, counts, groups = _read_lines(head, parts)
    except Exception:  # noqa: BLE001 - a state that does not read back is no state
        return BuildState(version)
    files = {}
    folder = cache / RECORDS
    for path, key in head["files"].items():
        record = _read_record(folder, key)
        if record is not None:
            files[path] = record
    file_links = _file_links(head, links)
    stored = Stored(links, groups, file_links, (head.get("link_files", {}), head.get("link_totals")))
    return BuildState(
        version, files, links, shared, counts, head["headers"], file_links, head.get("link_groups"),
        head.get("totals_keys"), stored,
    )  # fmt: skip


def _file_links(head: dict, links: Partition | None) -> FileLinks:
    """Each file's lines in the links graph and those written from the totals, from
    their places in its (sorted) lines."""
    lines = links.shared or () if links is not None else ()
    files = {}
    for path, (sha, places) in head.get("link_files", {}).items():
        files[path] = (sha, tuple(lines[i] for i in array("I", places)))
    places = head.get("link_totals")
    totals = tuple(lines[i] for i in array("I", places)) if places is not None else None
    return FileLinks(head.get("link_context", ""), files, totals)


def _link_places(state: BuildState) -> tuple[dict[str, tuple[str, bytes]], bytes | None]:
    """`state.file_links` as the places of each file's lines among the links lines (a
    file whose lines are not all there is left out: the next build writes them again),
    and those of the lines written from the totals; those read with the state when
    neither changed."""
    stored = state.stored
    if stored is not None and stored.links is state.links and stored.file_links is state.file_links:
        return stored.places
    lines = state.links.shared or () if state.links is not None else ()
    at = dict(zip(lines, range(len(lines))))

    def places(own: tuple[str, ...]) -> bytes | None:
        try:
            return array("I", map(at.__getitem__, own)).tobytes()
        except KeyError:
            return None

    out = {}
    for path, (sha, own) in state.file_links.files.items():
        kept = places(own)
        if kept is not None:
            out[path] = (sha, kept)
    totals = state.file_links.totals
    return out, places(totals) if totals is not None else None


def _state_parts(state: BuildState, names: dict[str, str]) -> Iterator[object]:
    """What ``state.pickle`` holds, in parts (`kg.cache.write_checked_parts`): a head
    (version, records' names, the links partition without its lines, the shared groups'
    digests and names, each file's lines in the links graph as their places among its
    lines), then each shared group's lines with, for each line, how many
    files hold it and whether the links graph holds it, then the counted and links lines
    that are not shared lines.

    Lines go as UTF-8 bytes the state encodes itself: a pickler given the strings keeps
    their UTF-8 form in every one it writes (CPython caches it in the string), which
    would hold the build's lines twice while its exports are written."""
    links = state.links.shared or () if state.links is not None else ()
    link_files, link_totals = _link_places(state)
    yield {
        "version": state.version,
        "files": names,
        "headers": state.headers,
        "links": state.links.without_lines() if state.links is not None else None,
        "digests": tuple(digest for digest, _ in state.shared.buckets),
        "names": state.shared.names,
        "link_context": state.file_links.context,
        "link_files": link_files,
        "link_totals": link_totals,
        "link_groups": state.link_groups,
        "totals_keys": state.keys,
    }
    stored = state.stored
    # the groups holding a line whose count or links flag may have changed (None: all)
    dirty = None
    in_links: set[str] | None = None
    if stored is not None and state.recounted is not None:
        changed = set(state.recounted)
        if stored.links is not state.links:
            in_links = set(links)
            changed |= in_links.symmetric_difference(stored.links.shared or () if stored.links is not None else ())
        dirty = set(group_lines(changed))
    counted = 0
    linked = 0
    for n, (_, lines) in enumerate(state.shared.buckets):
        old = stored.groups[n] if stored is not None and n < len(stored.groups) else None
        if dirty is not None and n not in dirty and old is not None and old[0] is lines:
            blob, counts, flags = old[1:]  # as the last save wrote them
        else:
            if in_links is None:
                in_links = set(links)
            blob = _encoded(lines)
            counts = array("I", map(state.counts.get, lines, repeat(0))).tobytes()
            flags = bytes(map(in_links.__contains__, lines))  # 1 for a line the links graph holds
        counted += len(lines) - array("I", counts).count(0)
        linked += flags.count(1)
        yield blob, counts, flags
    extra_counts = {}
    if counted < len(state.counts):  # counted lines that are not shared (a file's private line too)
        extra_counts = {_utf8(line): n for line, n in state.counts.items() if line not in state.shared}
    extra_links = [_utf8(line) for line in links if line not in state.shared] if linked < len(links) else []
    yield extra_counts, extra_links


def _read_lines(head: dict, parts: Iterator[object]) -> tuple[Partition | None, SharedLines, dict[str, int], tuple]:
    """The links partition, shared lines and counts from the parts after the head, and
    each group as read (see `Stored`)."""
    buckets = []
    groups = []
    counts: dict[str, int] = {}
    linked: list[str] = []
    for digest in head["digests"]:
        blob, counted, flags = next(parts)  # type: ignore[misc]
        lines = tuple(blob.decode("utf-8", "surrogatepass").split("\n")) if blob else ()
        buckets.append((digest, lines))
        groups.append((lines, blob, counted, flags))
        held = array("I", counted)
        counts.update(compress(zip(lines, held), held))  # (the lines some file holds, with their counts)
        linked.extend(compress(lines, flags))
    extra_counts, extra_links = next(parts)  # type: ignore[misc]
    counts.update((line.decode("utf-8", "surrogatepass"), c) for line, c in extra_counts.items())
    linked.extend(line.decode("utf-8", "surrogatepass") for line in extra_links)
    links = head["links"]
    if links is not None:
        links = replace(links, shared=tuple(sorted(linked)))
    return links, SharedLines(tuple(buckets), tuple(head["names"])), counts, tuple(groups)


def _utf8(line: str) -> bytes:
    return line.encode("utf-8", "surrogatepass")


def _encoded(lines: tuple[str, ...]) -> bytes:
    """The lines (no line holds a line break) joined by line breaks, as UTF-8."""
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _record_file(folder: Path, key: str) -> str:
    """Where a record is, as text (a rebuild reads every record, and pathlib's objects
    cost more than the read)."""
    return os.path.join(folder, key[:2], f"{key}.pickle")


def _record_path(folder: Path, key: str) -> Path:
    return Path(_record_file(folder, key))


def _read_record(folder: Path, key: str) -> FileState | None:
    """A file's record, or None when it is missing or its bytes are not those named."""
    try:
        with open(_record_file(folder, key), "rb") as fh:
            blob = fh.read()
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
