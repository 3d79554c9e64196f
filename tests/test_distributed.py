"""Extraction on a Dask cluster (a LocalCluster of processes) gives the same graph."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main


def test_dask_executor_matches_local_build(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        runner = CliRunner()
        local, remote = tmp_path / "local", tmp_path / "dask"
        assert (
            runner.invoke(
                main, ["build", str(ROOT / "corpus"), "-o", str(local), "--no-cache", "--no-validate"]
            ).exit_code
            == 0
        )
        (tmp_path / "corpus").mkdir()
        for f in (ROOT / "corpus").glob("*.txt"):
            (tmp_path / "corpus" / f.name).write_bytes(f.read_bytes())
        (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
        result = runner.invoke(
            main,
            ["build", str(tmp_path / "corpus"), "-o", str(remote), "--no-cache", "--no-validate",
             "--executor", "dask", "--scheduler", cluster.scheduler_address],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "skipped empty.txt: file is empty" in result.output
        for name in ("graph.ttl", "graph.trig", "graph.html"):
            assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    finally:
        cluster.close()


def test_unreachable_scheduler_is_a_clean_error(tmp_path):
    pytest.importorskip("dask.distributed")
    result = CliRunner().invoke(
        main,
        ["build", str(ROOT / "corpus"), "-o", str(tmp_path / "o"), "--no-cache", "--executor", "dask",
         "--scheduler", "tcp://127.0.0.1:1"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Dask scheduler" in result.output
