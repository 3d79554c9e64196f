"""Watch: rebuild when the corpus changes (polling, debounced) and say what changed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kg.pipeline import discover

Snapshot = dict[str, tuple[int, int]]
T = TypeVar("T")


def snapshot(corpus: Path) -> Snapshot:
    files, _ = discover(corpus)
    out: Snapshot = {}
    for path, rel in files:
        try:
            st = path.stat()
        except OSError:
            continue
        out[rel] = (st.st_size, st.st_mtime_ns)
    return out


@dataclass(frozen=True)
class Change:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    modified: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)

    def describe(self) -> str:
        parts = [f"+{p}" for p in self.added] + [f"-{p}" for p in self.removed] + [f"~{p}" for p in self.modified]
        return " ".join(parts)


def compare(old: Snapshot, new: Snapshot) -> Change:
    return Change(
        tuple(sorted(new.keys() - old.keys())),
        tuple(sorted(old.keys() - new.keys())),
        tuple(sorted(k for k in old.keys() & new.keys() if old[k] != new[k])),
    )


def changes(
    corpus: Path,
    interval: float = 1.0,
    debounce: float = 1.5,
    sleep: Callable[[float], None] = time.sleep,
    since: Snapshot | None = None,
) -> Iterator[Change]:
    """Yield each settled change of the corpus since the snapshot `since` (default: now):
    a change is reported once no file has moved for `debounce` seconds (editors save in
    several steps)."""
    current = snapshot(corpus) if since is None else since
    while True:
        sleep(interval)
        new = snapshot(corpus)
        if new == current:
            continue
        settled = new
        while True:
            sleep(debounce)
            latest = snapshot(corpus)
            if latest == settled:
                break
            settled = latest
        change = compare(current, settled)
        current = settled
        if change:
            yield change


def when_unlocked(
    build: Callable[[], T],
    sleep: Callable[[float], None] = time.sleep,
    wait: float = 0.5,
    longest: float = 5.0,
    on_wait: Callable[[str], None] | None = None,
) -> T:
    """Run `build`, again and again while another build holds the output folder's
    lock (`kg.lock`): that build ends, and the watcher's build must not be lost.
    `on_wait` hears the lock's message once; the wait doubles up to `longest` s."""
    from kg.lock import BuildLocked

    told = False
    while True:
        try:
            return build()
        except BuildLocked as exc:
            if on_wait is not None and not told:
                on_wait(str(exc))
                told = True
            sleep(wait)
            wait = min(longest, wait * 2)
