"""treaty sweep: files, interruption and resume, the command line, sizes and sampled designs."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import treaty
import treaty.sweep._run as run_module
from treaty.cli import cli
from treaty.errors import GameTooLarge, ParameterError
from treaty.sweep import (
    MAX_SWEEP_POINTS,
    SweepInterrupted,
    grid_design,
    read_sweep,
    sample_design,
    write_sweep,
)

PACT = "games/safety_pact.yaml"
GRID = ["--grid", "p=0:1:9", "--grid", "S=0:12:5"]


@pytest.fixture(scope="module")
def spec() -> treaty.Spec:
    return treaty.read_spec(PACT)


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, k: int) -> None:
    real = run_module.run_chunk
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if calls["n"] == k:
            raise KeyboardInterrupt
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "run_chunk", flaky)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_file_round_trip(spec: treaty.Spec, tmp_path: Path, suffix: str) -> None:
    result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 5), "S": (0, 12, 3)}),
                          ["target:pact", "equilibria"])
    path = write_sweep(result, tmp_path / f"rows{suffix}")
    back = read_sweep(path)
    assert back.design.names == ("p", "S")
    assert list(back.columns) == list(result.columns)
    for k, col in result.columns.items():
        assert back.columns[k].tolist() == col.tolist(), k
    assert back.regimes() == result.regimes()


def test_parquet_round_trip_or_one_line_error(spec: treaty.Spec, tmp_path: Path) -> None:
    result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 3)}), "target:pact")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(treaty.GameError, match=r"treaty\[parquet\]"):
            write_sweep(result, tmp_path / "rows.parquet")
        return
    back = read_sweep(write_sweep(result, tmp_path / "rows.parquet"))
    for k, col in result.columns.items():
        assert back.columns[k].tolist() == col.tolist()


def test_json_output_follows_the_schema(spec: treaty.Spec) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema
    from treaty.report.sweep import render_sweep

    result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 3)}), ["target:pact", "discount:pact"],
                          params={"c": 6})
    doc = json.loads(render_sweep(result, "json"))
    jsonschema.validate(doc, output_schema())
    assert doc["command"] == "sweep" and doc["game"]["parameters"]["c"] == "6"
    assert doc["result"]["columns"] == ["p", "pact_equilibrium", "pact_unique", "pact_discount"]


def test_interrupted_then_resumed_equals_one_run(spec: treaty.Spec, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    design = grid_design(spec, {"p": (0, 1, 9), "S": (0, 12, 5)})
    whole = treaty.sweep(spec, design, "target:pact", chunk_size=7)
    with monkeypatch.context() as m:
        _interrupt_after(m, 3)
        with pytest.raises(SweepInterrupted) as info:
            treaty.sweep(spec, design, "target:pact", chunk_size=7)
    partial = info.value.result
    assert not partial.complete and partial.n == 21
    assert partial.columns["p"].tolist() == whole.columns["p"][:21].tolist()
    path = write_sweep(partial, tmp_path / "rows.csv")
    resumed = treaty.sweep(spec, design, "target:pact", chunk_size=7, resume=read_sweep(path))
    assert resumed.complete
    for k, col in whole.columns.items():
        assert resumed.columns[k].tolist() == col.tolist(), k
    one = write_sweep(whole, tmp_path / "one.csv").read_bytes()
    assert write_sweep(resumed, tmp_path / "two.csv").read_bytes() == one


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_cli_interrupt_writes_rows_and_resume_finishes_the_same_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    runner = CliRunner()
    one = tmp_path / f"one{suffix}"
    args = ["sweep", PACT, *GRID, "-c", "target:pact", "--chunk-size", "4", "-q"]
    assert runner.invoke(cli, [*args, "-o", str(one)]).exit_code == 0
    part = tmp_path / f"part{suffix}"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        out = runner.invoke(cli, [*args, "-o", str(part)])
    assert out.exit_code == 130
    assert "interrupted: 8 of 45 points" in out.stderr
    assert len(read_sweep(part).columns["p"]) == 8
    out = runner.invoke(cli, [*args, "-o", str(part), "--resume"])
    assert out.exit_code == 0, out.output
    assert part.read_bytes() == one.read_bytes()


def test_cli_summary_csv_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["sweep", PACT, "--grid", "p=0:1:11", "-c", "target:pact"])
    assert out.exit_code == 0, out.output
    assert "regime" in out.output and "63.6%" in out.output  # 7 of 11 points: p >= 31/90
    out = runner.invoke(cli, ["sweep", PACT, "--grid", "p=0:1:3", "-c", "target:pact", "-f", "csv"])
    assert out.output.splitlines() == ["p,pact_equilibrium,pact_unique", "0.0,false,false",
                                       "0.5,true,false", "1.0,true,false"]
    for bad, needle in [
        (["--grid", "p=0:2:3"], "outside the declared range"),
        (["--grid", "q=0:1:3"], "unknown parameter 'q'"),
        (["--grid", "p=0:1"], "NAME=START:STOP:STEPS"),
        (["--grid", "p=0:1:3", "-c", "target:nope"], "unknown target 'nope'"),
        (["--grid", "p=0:1:3", "-c", "wat"], "unknown classifier"),
        (["--samples", "100", "--method", "sobol", "--over", "p"], "use 64 or 128"),
        (["--samples", "10", "--over", "S"], "--range S=LO:HI"),
        ([], "nothing to sweep"),
        (["--grid", "p=0:1:3", "--resume"], "--resume continues an --output file"),
        (["--grid", "p=0:1:3", "-o", str(tmp_path / "x.txt")], "suffix"),
        (["--grid", "p=0:1:10000", "--grid", "S=0:1:10000"], "MAX_SWEEP_POINTS"),
    ]:
        out = runner.invoke(cli, ["sweep", PACT, *bad])
        assert out.exit_code == 2, (bad, out.output)
        assert needle in out.stderr and len(out.stderr.strip().splitlines()) == 1, (bad, out.stderr)


def test_cli_samples_reproducible(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["sweep", PACT, "--samples", "64", "--over", "p", "--range", "S=0:20", "-c",
            "target:pact", "-f", "csv"]
    a = runner.invoke(cli, [*args, "--method", "lhs", "--seed", "3"])
    b = runner.invoke(cli, [*args, "--method", "lhs", "--seed", "3"])
    c = runner.invoke(cli, [*args, "--method", "lhs", "--seed", "4"])
    assert a.exit_code == 0 and a.output == b.output != c.output
    assert a.output.splitlines()[0] == "p,S,pact_equilibrium,pact_unique"


def test_size_checked_before_work(spec: treaty.Spec) -> None:
    with pytest.raises(GameTooLarge, match=f"{MAX_SWEEP_POINTS + 1:,}|10,000,001"):
        grid_design(spec, {"p": (0, 1, MAX_SWEEP_POINTS + 1)})
    with pytest.raises(GameTooLarge, match="MAX_SWEEP_POINTS"):
        sample_design(spec, MAX_SWEEP_POINTS + 1, names=["p"])


@pytest.mark.parametrize("method", ["uniform", "lhs", "sobol"])
def test_sample_designs_stay_in_the_box_and_are_balanced(spec: treaty.Spec, method: str) -> None:
    d = sample_design(spec, 256, method, seed=1, ranges={"S": (0, 20)}, names=["p"])
    assert d.names == ("p", "S") and d.n == 256 and d.method == method and d.seed == 1
    assert 0 <= d.points["p"].min() and d.points["p"].max() <= 1
    assert 0 <= d.points["S"].min() and d.points["S"].max() <= 20
    if method in ("lhs", "sobol"):  # one point in each of the 256 strata of [0, 1]
        strata = np.floor(d.points["p"] * 256).astype(int)
        assert len(set(strata.tolist())) == 256
    again = sample_design(spec, 256, method, seed=1, ranges={"S": (0, 20)}, names=["p"])
    assert again.points["S"].tolist() == d.points["S"].tolist()


def test_grid_values_exact_end_points(spec: treaty.Spec) -> None:
    d = grid_design(spec, {"p": ("1/3", 1, 3), "S": (2, 2, 1)})
    assert d.shape == (3, 1) and d.n == 3
    assert [d.exact_point(i)["p"] for i in range(3)] == [Fraction(1, 3), Fraction(2, 3), 1]
    assert d.points["p"].tolist() == [1 / 3, 2 / 3, 1.0]
    with pytest.raises(ParameterError, match="at least 1"):
        grid_design(spec, {"p": (0, 1, 0)})


def test_fixed_parameters_and_frame(spec: treaty.Spec) -> None:
    design = grid_design(spec, {"p": (0, 1, 11)})
    base = treaty.sweep(spec, design, "target:pact")
    # a larger sanction lowers the detection probability needed (S enters the covert gain)
    harsher = treaty.sweep(spec, design, "target:pact", params={"S": 12})
    assert harsher.columns["pact_equilibrium"].sum() > base.columns["pact_equilibrium"].sum()
    # (the overrides are passed again: treaty.threshold re-reads the spec at its defaults)
    th = treaty.threshold(treaty.load(PACT, {"S": 12}), "p", "pact", {"S": 12})
    t = th.intervals[0].lower.value
    assert t == Fraction(31, 150)
    expect = [Fraction(k, 10) >= t for k in range(11)]
    assert harsher.columns["pact_equilibrium"].tolist() == expect
    pd = pytest.importorskip("pandas")
    frame = harsher.to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(harsher.columns)


def test_progress_bar_on_stderr_only_when_asked(spec: treaty.Spec, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    design = grid_design(spec, {"p": (0, 1, 30)})
    monkeypatch.setenv("TREATY_PROGRESS", "1")
    treaty.sweep(spec, design, "target:pact", chunk_size=10)
    err = capsys.readouterr().err
    assert "sweep [" in err and "30/30 points" in err
    from treaty._progress import quiet

    with quiet():
        treaty.sweep(spec, design, "target:pact", chunk_size=10)
    assert capsys.readouterr().err == ""


def test_parquet_without_pyarrow_is_one_line_naming_the_extra(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    monkeypatch.setattr(run_module, "run_chunk", None)  # refused before any work
    out = CliRunner().invoke(cli, ["sweep", PACT, "--grid", "p=0:1:3", "-c", "target:pact",
                                   "-o", str(tmp_path / "rows.parquet")])
    assert out.exit_code == 2
    assert 'pip install "treaty[parquet]"' in out.stderr and len(out.stderr.splitlines()) == 1
