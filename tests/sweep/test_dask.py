"""Sweeps on Dask (treaty.sweep._dask): the distributed rows equal the in-process rows."""

from __future__ import annotations

import numpy as np
import pytest

import treaty
from treaty.errors import ParameterError
from treaty.sweep._dask import DaskExecutor, dask_executor

run = pytest.importorskip("treaty.sweep._run")
from treaty.sweep._design import grid_design  # noqa: E402

SPEC = "games/safety_pact.yaml"


def test_no_option_no_dask():
    with dask_executor() as ex:
        assert ex is None


def test_both_options_refused():
    with pytest.raises(ParameterError, match="not both"):
        with dask_executor("tcp://127.0.0.1:1", 2):
            pass


def test_workers_at_least_one():
    with pytest.raises(ParameterError, match="at least 1"):
        with dask_executor(workers=0):
            pass


def test_local_cluster_rows_equal_in_process():
    pytest.importorskip("dask.distributed")
    spec = treaty.read_spec(SPEC)
    design = grid_design(spec, {"p": (0, 1, 13), "S": (0, 12, 7)})
    here = run.sweep(spec, design, ["target:pact", "equilibria"], chunk_size=10)
    with dask_executor(workers=2, processes=False) as ex:
        assert isinstance(ex, DaskExecutor)
        there = run.sweep(spec, design, ["target:pact", "equilibria"], chunk_size=10, executor=ex)
    assert list(there.columns) == list(here.columns)
    for k in here.columns:
        assert np.array_equal(np.asarray(here.columns[k]), np.asarray(there.columns[k])), k
    assert there.rows() == here.rows()


@pytest.mark.slow
def test_scheduler_address_and_processes():
    dd = pytest.importorskip("dask.distributed")
    spec = treaty.read_spec(SPEC)
    design = grid_design(spec, {"p": (0, 1, 9)})
    here = run.sweep(spec, design, "target:pact", chunk_size=3)
    with dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster:
        with dask_executor(cluster.scheduler_address) as ex:
            there = run.sweep(spec, design, "target:pact", chunk_size=3, executor=ex)
    assert there.rows() == here.rows()


@pytest.mark.slow
def test_unreachable_scheduler_one_line():
    pytest.importorskip("dask.distributed")
    with pytest.raises(ParameterError, match="cannot reach"):
        with dask_executor("tcp://127.0.0.1:9"):
            pass


@pytest.mark.slow
def test_cli_workers_same_rows(tmp_path):
    pytest.importorskip("dask.distributed")
    from click.testing import CliRunner

    from treaty.cli import cli

    args = ["sweep", SPEC, "--grid", "p=0:1:7", "--grid", "S=0:12:3", "-c", "target:pact",
            "--chunk-size", "4", "-q", "-f", "csv"]
    here = CliRunner().invoke(cli, args)
    there = CliRunner().invoke(cli, [*args, "--workers", "2"])
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    assert here.output == there.output
