"""Discover: the files of a corpus folder, in a stable order, and the ones refused up
front — nothing outside the folder is ever read (see `discover`)."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import BuildError
from kg.ingest import SUPPORTED_SUFFIXES
from kg.model import Skipped

#: Files with these names are never corpus documents.
_IGNORED_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db", "README.md", "LICENSE"}


def discover(corpus: Path) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Corpus files in a stable order, and files refused up front (unsupported type,
    symlink loops, symbolic links that lead out of the corpus).  Hidden files and
    folders are ignored.  Nothing outside the corpus folder is read: a symbolic link
    is followed only to a file inside it; links to folders are not followed (each is
    reported, with where it leads)."""
    if not corpus.is_dir():
        raise BuildError(f"corpus folder not found: {corpus}")
    top = corpus.resolve()
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []

    def target(path: Path) -> Path | None:
        try:
            return path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None

    for root, dirs, files in os.walk(corpus, followlinks=False):
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            path = Path(root) / d
            if not path.is_symlink():
                kept.append(d)
                continue
            rel = path.relative_to(corpus).as_posix()
            real = target(path)
            if real is None:
                skipped.append(Skipped(rel, "broken or looping symbolic link"))
            elif not real.is_relative_to(top):
                skipped.append(Skipped(rel, "symbolic link to a folder outside the corpus; not followed"))
            else:
                where = real.relative_to(top).as_posix() or "."
                skipped.append(Skipped(rel, f"symbolic link to a folder of the corpus ({where}); read there, not here"))
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith(".") or name in _IGNORED_NAMES:
                continue
            path = Path(root) / name
            rel = path.relative_to(corpus).as_posix()
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append(Skipped(rel, f"unsupported file type {path.suffix!r}"))
                continue
            if path.is_symlink():
                real = target(path)
                if real is None:
                    skipped.append(Skipped(rel, "broken or looping symbolic link"))
                    continue
                if not real.is_relative_to(top):
                    skipped.append(Skipped(rel, "symbolic link to a file outside the corpus; not read"))
                    continue
            try:
                regular = path.is_file()
            except OSError:
                regular = False
            if not regular:
                skipped.append(Skipped(rel, "not a regular file (a pipe, socket or device)"))
                continue
            found.append((path, rel))
    return sorted(found, key=lambda x: x[1]), skipped
