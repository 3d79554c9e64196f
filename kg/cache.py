"""Cache of per-file extraction results, keyed by the file's content hash and the
rules version.  Entries are written atomically (temp file + rename) and carry a
checksum; a corrupt or foreign entry reads as a miss and is rebuilt."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg.model import DocResult

_MAGIC = b"policy-kg-cache-1\n"


class ResultCache:
    def __init__(self, folder: Path, rules_version: str) -> None:
        self.folder = folder
        self.rules_version = rules_version
        self.used: set[Path] = set()

    def __getstate__(self) -> dict:
        """Sent to a worker (which writes entries): the folder and rules, not what this
        build has used so far (`prune` keeps the entries of every file still in the corpus)."""
        return {"folder": self.folder, "rules_version": self.rules_version, "used": set()}

    def _path(self, sha256: str) -> Path:
        key = hashlib.sha256(f"{self.rules_version}:{sha256}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def empty(self) -> bool:
        """Has the cache no entry at all (a first build into a new folder)?"""
        return next(self.folder.glob("*/*.pickle"), None) is None

    def get(self, sha256: str, rel: str) -> DocResult | None:
        """The cached result for content `sha256`, re-labelled with path `rel`."""
        path = self._path(sha256)
        self.used.add(path)
        result = read_checked(path, _MAGIC)
        if not isinstance(result, DocResult) or result.source.sha256 != sha256:
            return None
        if result.source.path != rel:
            from dataclasses import replace

            result = replace(result, source=replace(result.source, path=rel))
        return result

    def put(self, result: DocResult) -> None:
        path = self._path(result.source.sha256)
        self.used.add(path)
        # not flushed to disk one by one: an entry a crash cuts short fails its digest
        # check and reads as a miss
        write_checked(path, _MAGIC, result, durable=False)

    def prune(self, keep: set[str] | None = None) -> int:
        """Delete entries this build did not use (older rules, removed files); `keep`:
        content hashes of files still in the corpus (used without being read)."""
        removed = 0
        used = self.used | {self._path(sha) for sha in keep or ()}
        for entry in self.folder.glob("*/*.pickle"):
            if entry not in used:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def user_cache_dir() -> Path:
    """Where caches shared by every build of this user live (the tokeniser's prefix
    dictionary): ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/policy-kg``, else
    ``~/.cache/policy-kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "policy-kg"


def _checked(path: Path, magic: bytes) -> bytes | None:
    """The bytes of a file `write_checked` or `write_checked_parts` wrote, once its
    magic line and digest are checked; None when missing, foreign or corrupt."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(magic) or len(blob) < len(magic) + 32:
        return None
    # a view, not a copy: the state of a large corpus is tens of megabytes
    with memoryview(blob) as payload:
        if hashlib.sha256(payload[len(magic) + 32 :]).digest() != blob[len(magic) : len(magic) + 32]:
            return None
    return blob


def read_checked(path: Path, magic: bytes) -> object | None:
    """A pickle written by `write_checked`; None when missing, foreign or corrupt."""
    blob = _checked(path, magic)
    if blob is None:
        return None
    try:
        with memoryview(blob) as payload:
            return pickle.loads(payload[len(magic) + 32 :])
    except Exception:  # noqa: BLE001 - any unpickling failure is a miss
        return None


def read_checked_parts(path: Path, magic: bytes) -> Iterator[object] | None:
    """The objects `write_checked_parts` wrote, unpickled one at a time as the iterator
    is read; None when the file is missing, foreign or corrupt (an object that does not
    unpickle raises while iterating)."""
    blob = _checked(path, magic)
    return None if blob is None else _unpickled(blob, len(magic) + 32)


def _unpickled(blob: bytes, start: int) -> Iterator[object]:
    stream = io.BytesIO(blob)
    stream.seek(start)
    while stream.tell() < len(blob):
        yield pickle.load(stream)


class _HashingWriter:
    """A file's `write` that also feeds what it writes to a SHA-256."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.sha = fh, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.fh.write(data)


def write_checked(path: Path, magic: bytes, obj: object, durable: bool = True) -> None:
    """Pickle `obj` atomically after a magic line and the payload's SHA-256.  The
    pickle is streamed to the file (in the pickler's frames) and hashed on the way,
    never held whole in memory: a large corpus's state is hundreds of megabytes.
    `durable=False` leaves flushing to disk to the system (see `atomic_file`): for
    cache entries, which a reader checks (`read_checked`) and makes again if need be."""
    with atomic_file(path, durable) as fh:
        fh.write(magic + bytes(32))  # the digest goes here once the payload is written
        out = _HashingWriter(fh)
        pickle.dump(obj, out, protocol=pickle.HIGHEST_PROTOCOL)
        fh.seek(len(magic))
        fh.write(out.sha.digest())


def write_checked_parts(path: Path, magic: bytes, parts: Iterable[object]) -> None:
    """`write_checked` for objects pickled one after another, each with a pickler of its
    own: a large whole written in parts is never held (nor its pickler's memo of every
    object it wrote) at once; `read_checked_parts` reads them back."""
    with atomic_file(path) as fh:
        fh.write(magic + bytes(32))
        out = _HashingWriter(fh)
        for part in parts:
            pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
        fh.seek(len(magic))
        fh.write(out.sha.digest())


@contextmanager
def atomic_file(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A new file to write that replaces `path` when the block ends, flushed to disk
    (readers see the old or the new file, never half); removed if the block fails.
    `durable=False` does not wait for the disk: after a crash of the system the file
    may be cut short (an fsync costs milliseconds, per file of the corpus for caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(path: Path, *data: bytes) -> None:
    """Write `data` (one or more pieces, one after the other) to `path` atomically
    (see `atomic_file`)."""
    with atomic_file(path) as fh:
        for piece in data:
            fh.write(piece)


class StatIndex:
    """The content hash of each corpus file at its last build, with its size and
    modification time: a file whose size and mtime have not changed is not read again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            import json

            self.entries: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.seen: dict[str, list] = {}

    def sha256(self, file: Path, rel: str) -> str | None:
        """The file's content hash, from the index (or this build's reading of it) when
        its size and mtime match."""
        key = self.stat(file)
        if key is None:
            return None
        for old in (self.seen.get(rel), self.entries.get(rel)):
            if old and old[:2] == key and isinstance(old[2], str):
                self.seen[rel] = old
                return old[2]
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            return None
        self.seen[rel] = [*key, digest]
        return digest

    def stat(self, file: Path) -> list[int] | None:
        """The file's size and mtime, as the index keeps them (None: no such file)."""
        try:
            st = file.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def note(self, rel: str, stat: list[int] | None, digest: str) -> None:
        """Keep a content hash another process read (an extraction worker's), with the
        size and mtime the file had before it was read: if it changed since, the next
        build reads it again."""
        if stat is not None:
            self.seen[rel] = [*stat, digest]

    def previous(self, rel: str) -> str | None:
        """The file's content hash at the last build."""
        old = self.entries.get(rel)
        return old[2] if old and isinstance(old[2], str) else None

    def save(self) -> None:
        import json

        atomic_write(self.path, json.dumps(self.seen, sort_keys=True).encode("utf-8"))


class SpillFile:
    """Objects pickled into an unnamed temporary file in `folder`, each read back by its
    key (`put`, `get`): what a build reads once much later (each file's slim result,
    read by the links graph) waits on disk instead of in memory.  The file has no name,
    so it is gone when closed or when the process ends, however it ends."""

    def __init__(self, folder: Path) -> None:
        self._fh = tempfile.TemporaryFile(dir=folder, prefix=".spill-")  # noqa: SIM115 - closed by close()
        self._end = 0
        self._at: dict[str, tuple[int, int]] = {}

    def put(self, key: str, obj: object) -> None:
        blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        os.pwrite(self._fh.fileno(), blob, self._end)
        self._at[key] = (self._end, len(blob))
        self._end += len(blob)

    def get(self, key: str) -> object:
        at, size = self._at[key]
        return pickle.loads(os.pread(self._fh.fileno(), size, at))

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> SpillFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
