"""Shared fixtures: small real excerpts of the sample documents and texts written for
the genre, plus paths to the bundled corpus and the gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = ROOT.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def gaz():
    from kg.lexicon.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read


def extract_text(text: str, name: str = "doc.txt"):
    from kg.extract import extract_source
    from kg.ingest import decode_source

    return extract_source(decode_source(text.encode("utf-8"), name, ".txt"))


def build_files(tmp_path, files: dict[str, str], *options: str):
    """Build a corpus of the given files' texts with `kg build`: (exports folder, output)."""
    from click.testing import CliRunner

    from kg.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="session")
def bundled(tmp_path_factory):
    """One build of the bundled corpus shared by the tests that only read it:
    (exports folder, the command's output)."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("bundled")
    result = CliRunner().invoke(main, ["build", str(ROOT / "corpus"), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    return out, result.output
