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

from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import read_checked, write_checked
from kg.model import DocResult
from kg.partition import Partition

_MAGIC = b"policy-kg-state-1\n"


@dataclass
class FileState:
    sha256: str
    slim: DocResult
    partition: Partition  # without its private lines
    tasks: int  # number of tasks in the file (the slim result keeps only some)


@dataclass
class BuildState:
    version: str  # rules version + exporter version + base
    files: dict[str, FileState] = field(default_factory=dict)
    links: Partition | None = None
    shared: list[str] = field(default_factory=list)


def load_state(cache: Path, version: str) -> BuildState:
    state = read_checked(cache / "state.pickle", _MAGIC)
    if isinstance(state, BuildState) and state.version == version:
        return state
    return BuildState(version)


def save_state(cache: Path, state: BuildState) -> None:
    write_checked(cache / "state.pickle", _MAGIC, state)


class PartStore:
    """Private lines of partitions by digest; a corrupt or missing entry is None."""

    _MAGIC = b"policy-kg-part-1\n"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.memo: dict[str, tuple[str, ...]] = {}

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.pickle"

    def put(self, part: Partition) -> None:
        assert part.private is not None
        self.memo[part.digest] = part.private
        path = self._path(part.digest)
        if not path.exists():
            write_checked(path, self._MAGIC, part.private)

    def has(self, part: Partition) -> bool:
        return part.digest in self.memo or self._path(part.digest).is_file()

    def get(self, part: Partition) -> tuple[str, ...] | None:
        if part.private is not None:
            return part.private
        if part.digest in self.memo:
            return self.memo[part.digest]
        lines = read_checked(self._path(part.digest), self._MAGIC)
        if not isinstance(lines, tuple) or len(lines) != part.n_private:
            return None
        self.memo[part.digest] = lines
        return lines

    def prune(self, keep: set[str]) -> None:
        for entry in self.folder.glob("*/*.pickle"):
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)
