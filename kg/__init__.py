"""policy-kg: a knowledge graph of what Chinese government policy documents commit to.

In a notebook, ``kg.load("exports")`` opens a build (see `kg.api`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kg.api import PolicyGraph

__version__ = "0.1.0"


def load(exports: str | Path = "exports") -> PolicyGraph:
    """Open a build's exports folder: its store, tables and network (`kg.api.PolicyGraph`)."""
    from kg.api import load as _load

    return _load(exports)
