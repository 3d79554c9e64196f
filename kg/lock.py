"""One build at a time per output folder: an exclusive, non-blocking ``flock`` on
``OUT/.lock``, released by the kernel even when the build is killed.  Worker
processes forked during the build close their inherited copy of the lock's file
descriptor, so that a worker outliving a killed build does not keep the folder locked."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from kg.errors import KgError


class BuildLocked(KgError):
    """Another build is writing the same output folder."""


class BuildLock:
    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            finally:
                os.close(fd)
            raise BuildLocked(
                f"another build (pid {holder}) is writing {self.path.parent}; wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        os.register_at_fork(after_in_child=self._forget_in_child)
        return self

    def _forget_in_child(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
