"""Library errors.  The CLI turns every :class:`KgError` into a clean message."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error the library reports to a user."""


class IngestError(KgError):
    """A corpus file could not be read as a policy document."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class BuildError(KgError):
    """The build as a whole could not produce a graph."""


class ExportsNotFound(KgError):
    """A command that reads a finished build found no build."""
