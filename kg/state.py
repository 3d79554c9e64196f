"""State: what one build leaves for the next in ``OUT/.cache``, so that an
incremental build touches only what changed.

- ``state.pickle``: per corpus file its content hash, slim result (what resolution
  and linking read) and partition (trace, digest, shared lines; see
  `kg.partition`), the links partition and the shared lines.  Written atomically
  with a checksum, under the rules and exporter versions and the base IRI; anything
  else reads as "no state" and the build starts from the per-file result cache.
- ``parts/<digest>.pickle``: a partition's private lines (loaded only for changed
  sections, the store update and the rare exact-duplicate check).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import read_checked, write_checked
from kg.graph import EMPTY_SHARED, SharedLines
from kg.model import DocResult
from kg.partition import Partition

_MAGIC = b"policy-kg-state-2\n"


@dataclass
class FileState:
    sha256: str
    slim: DocResult
    partition: Partition  # without its private lines
    tasks: int  # number of tasks in the file (the slim result keeps only some)
    blob: bytes | None = field(default=None, repr=False, compare=False)  # this record, pickled

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "blob"}

    def pickled(self) -> bytes:
        if self.blob is None:
            self.blob = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        return self.blob


@dataclass
class BuildState:
    version: str  # rules version + exporter version + base
    files: dict[str, FileState] = field(default_factory=dict)
    links: Partition | None = None
    shared: SharedLines = EMPTY_SHARED
    headers: str = ""  # digest of every document's header (see kg.assemble.headers_digest)


def load_state(cache: Path, version: str) -> BuildState:
    """The last build's state (each file's record stays pickled too, so that saving an
    unchanged record costs nothing); an empty state when there is none that fits."""
    raw = read_checked(cache / "state.pickle", _MAGIC)
    if not isinstance(raw, dict) or raw.get("version") != version or not isinstance(raw.get("shared"), SharedLines):
        return BuildState(version)
    files = {}
    for path, blob in raw["files"].items():
        record = pickle.loads(blob)
        record.blob = blob
        files[path] = record
    return BuildState(version, files, raw["links"], raw["shared"], raw.get("headers", ""))


def save_state(cache: Path, state: BuildState) -> None:
    files = {path: record.pickled() for path, record in state.files.items()}
    raw = {
        "version": state.version,
        "files": files,
        "links": state.links,
        "shared": state.shared,
        "headers": state.headers,
    }
    write_checked(cache / "state.pickle", _MAGIC, raw)


class PartStore:
    """Private lines of partitions by digest, in `folder` (or only in memory when it
    is None: a build without cache); a corrupt or missing entry is None."""

    _MAGIC = b"policy-kg-part-1\n"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memo: dict[str, tuple[str, ...]] = {}

    def _path(self, digest: str) -> Path:
        assert self.folder is not None
        return self.folder / digest[:2] / f"{digest}.pickle"

    def put(self, part: Partition) -> None:
        assert part.private is not None
        self.memo[part.digest] = part.private
        if self.folder is not None and not self._path(part.digest).exists():
            write_checked(self._path(part.digest), self._MAGIC, part.private)

    def has(self, part: Partition) -> bool:
        return part.digest in self.memo or (self.folder is not None and self._path(part.digest).is_file())

    def get(self, part: Partition) -> tuple[str, ...] | None:
        if part.private is not None:
            return part.private
        if part.digest in self.memo:
            return self.memo[part.digest]
        if self.folder is None:
            return None
        lines = read_checked(self._path(part.digest), self._MAGIC)
        if not isinstance(lines, tuple) or len(lines) != part.n_private:
            return None
        self.memo[part.digest] = lines
        return lines

    def prune(self, keep: set[str]) -> None:
        if self.folder is None:
            return
        for entry in self.folder.glob("*/*.pickle"):
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)
