"""The build a server answers from (a *generation*): the exports' identity, whether a
build holds the folder, and the pinned copy of the store every worker of a generation
opens (see `kg.serve`)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Generations: the build a server answers from
# ---------------------------------------------------------------------------

#: What identifies the exports a build wrote: these change (new inode, size or
#: modification time) whenever a build replaces them.
_WATCHED = ("oxigraph", "graph.nt", "graph.html", "build.json")


def exports_identity(exports: Path) -> tuple:
    """(inode, size, mtime) of each export a generation is made of."""
    out = []
    for name in _WATCHED:
        try:
            st = (exports / name).stat()
            out.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((name, None))
    return tuple(out)


def build_running(exports: Path) -> bool:
    """Whether a build holds the output folder's lock (``OUT/.lock``, see `kg.lock`).
    Read from /proc/locks where there is one, so that looking never makes a build
    that starts at that instant fail; elsewhere a shared lock is tried and released."""
    lock = exports / ".lock"
    try:
        st = lock.stat()
    except OSError:
        return False
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            table = fh.read()
    except OSError:
        table = None
    if table is not None:
        for line in table.splitlines():
            fields = line.split()
            if "FLOCK" not in fields or "->" in fields:
                continue
            for f in fields:
                parts = f.split(":")
                if len(parts) == 3 and parts[2] == str(st.st_ino):
                    try:
                        if (int(parts[0], 16), int(parts[1], 16)) == (os.major(st.st_dev), os.minor(st.st_dev)):
                            return True
                    except ValueError:
                        continue
        return False
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # releases the shared lock, if taken
    return False


@dataclass
class Generation:
    """One build as served: its page and a pinned copy of its store."""

    number: int
    identity: tuple
    build_id: str  # a digest of build.json: names the build in X-KG-Build
    page: bytes | None  # graph.html, or None when the build has none
    root: Path  # a folder holding `oxigraph/` (or `graph.nt`) of this build, for the workers
    owned: bool = field(default=True, repr=False)  # `root` is a pin of ours, removed when done


def _pin(exports: Path, dest: Path) -> None:
    """A copy of the build's store in `dest` that no later build changes: the store's
    backup, whose immutable files are hard links (or graph.nt, hard-linked or copied)."""
    import pyoxigraph as ox

    from kg.query import STORE_DIR

    dest.mkdir(parents=True)
    store = exports / STORE_DIR
    if store.is_dir():
        ox.Store.read_only(str(store)).backup(str(dest / STORE_DIR))
        return
    try:
        os.link(exports / "graph.nt", dest / "graph.nt")
    except OSError:
        shutil.copyfile(exports / "graph.nt", dest / "graph.nt")


class Builds:
    """The generations of one export folder: the current one, and the next once a build
    has finished replacing the exports."""

    def __init__(self, exports: Path) -> None:
        self.exports = exports
        self.lock = threading.Lock()
        self.pins = self._pin_folder()
        self.count = 0
        generation = self._make()
        if generation is None:  # a build is running: serve what is there
            generation = self._make(force=True)
        assert generation is not None
        self.current = generation

    def _pin_folder(self) -> Path:
        """``OUT/.serve-PID-XXXX``, one per server (hard links need the same file
        system), else a temporary folder; pins of servers no longer running are removed."""
        for old in self.exports.glob(".serve-*"):
            try:
                os.kill(int(old.name.split("-")[1]), 0)
            except (ValueError, IndexError, ProcessLookupError):
                shutil.rmtree(old, ignore_errors=True)
            except PermissionError:
                pass
        try:
            return Path(tempfile.mkdtemp(prefix=f".serve-{os.getpid()}-", dir=self.exports))
        except OSError:
            return Path(tempfile.mkdtemp(prefix="kg-serve-"))

    def _make(self, force: bool = False) -> Generation | None:
        """Pin the exports as they are, unless a build is replacing them (then None)."""
        before = exports_identity(self.exports)
        if not force and build_running(self.exports):
            return None
        self.count += 1
        root = self.pins / str(self.count)
        shutil.rmtree(root, ignore_errors=True)
        try:
            _pin(self.exports, root)
            page = (self.exports / "graph.html").read_bytes() if (self.exports / "graph.html").exists() else None
            manifest = (self.exports / "build.json").read_bytes() if (self.exports / "build.json").exists() else b""
        except OSError:
            shutil.rmtree(root, ignore_errors=True)
            if force:
                raise
            return None
        if not force and (exports_identity(self.exports) != before or build_running(self.exports)):
            shutil.rmtree(root, ignore_errors=True)  # a build began meanwhile: not one build
            return None
        build_id = hashlib.sha256(manifest).hexdigest()[:16]
        return Generation(self.count, before, build_id, page, root)

    def refresh(self) -> tuple[Generation, Generation | None]:
        """The generation to answer from: the current one, or a new one when a build
        has replaced the exports and finished.  Also returns the generation replaced."""
        if exports_identity(self.exports) == self.current.identity:
            return self.current, None
        with self.lock:
            if exports_identity(self.exports) == self.current.identity:
                return self.current, None
            new = self._make()
            if new is None:
                return self.current, None
            old, self.current = self.current, new
            return new, old

    def discard(self, generation: Generation) -> None:
        if generation.owned:
            shutil.rmtree(generation.root, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.pins, ignore_errors=True)
