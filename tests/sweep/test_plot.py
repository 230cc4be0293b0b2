"""Regime maps (treaty.sweep._plot): files written, regimes and boundaries right (not pixels).

Expected values from the theory of the safety pact game (games/safety_pact.yaml), derived by
hand: with verification, a pact member's covert deviation gains (1 - p) g - p S against the
pact's false-alarm and monitoring terms, so ``pact`` is a pure equilibrium exactly when
p (g + S) >= g - (a h + ...); at the spec's values this is p >= 31 / (10 (S + 3)) (31/90 at
S = 6 as the docs derive, 31/40 at S = 1, linear in 1/(S + 3)); the open race stops paying
at S = 17/20 when c = 5 and never pays when c = 10 (g - c/2 < 0).
Mutual open racing is an equilibrium when s exceeds c/2 less the pact's own false-alarm and
monitoring costs (V - c >= V - s - c/2 - ...), so at the spec's s = 4, c = 5 the pact is never
unique; at c = 10 it is unique wherever it holds.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("matplotlib")
run = pytest.importorskip("treaty.sweep._run")

import treaty  # noqa: E402
from treaty.errors import ParameterError  # noqa: E402
from treaty.sweep._design import grid_design  # noqa: E402
from treaty.sweep._plot import plot_sweep, regime_grid  # noqa: E402

SPEC = "games/safety_pact.yaml"


def covert_boundary(S: float) -> float:
    """p at which the covert deviation stops paying (see the module docstring)."""
    return 31 / (10 * (S + 3))


@pytest.fixture(scope="module")
def spec():
    return treaty.read_spec(SPEC)


@pytest.mark.parametrize("suffix", [".png", pytest.param(".svg", marks=pytest.mark.slow),
                                    pytest.param(".pdf", marks=pytest.mark.slow)])
def test_two_parameter_map_written_with_regimes_and_exact_curve(spec, tmp_path, suffix):
    res = run.sweep(spec, grid_design(spec, {"p": (0, 1, 11), "S": (0, 12, 7)}), "target:pact",
                    params={"c": 10})
    out = tmp_path / f"map{suffix}"
    m = plot_sweep(res, out, spec=spec, params={"c": 10}, curve_points=30)
    assert out.exists() and out.stat().st_size > 1000
    assert m.kind == "map" and m.parameters == ("p", "S")
    assert set(m.labels) == {"pact is not an equilibrium", "pact is the unique equilibrium"}
    g = m.grid
    assert g is not None and g.index.shape == (7, 11)
    # every cell agrees with the hand-derived condition p >= 31 / (10 (S + 3))
    for i, S in enumerate(g.ys):
        for j, p in enumerate(g.xs):
            want = "pact is the unique equilibrium" if p >= covert_boundary(S) - 1e-12 \
                else "pact is not an equilibrium"
            assert g.labels[g.index[i, j]] == want, (p, S)
    # the exact curve lies on p = 31 / (10 (S + 3)) (no staircase)
    exact = [c for c in m.curves if c.kind == "exact"]
    assert exact
    for c in exact:
        ok = ~(np.isnan(c.x) | np.isnan(c.y))
        assert ok.sum() > 5
        np.testing.assert_allclose(c.x[ok], [covert_boundary(S) for S in c.y[ok]], rtol=1e-9)


def test_default_parameters_pact_never_unique(spec, tmp_path):
    res = run.sweep(spec, grid_design(spec, {"p": (0, 1, 6), "S": (0, 12, 5)}), "target:pact")
    m = plot_sweep(res, tmp_path / "m.png", spec=spec, boundaries=False)
    assert "pact is the unique equilibrium" not in m.labels
    assert "pact is an equilibrium (not unique)" in m.labels
    assert m.curves == ()


def test_regime_grid_label_at(spec):
    res = run.sweep(spec, grid_design(spec, {"p": (0, 1, 5), "S": (0, 12, 5)}), "target:pact")
    g = regime_grid(res)
    assert g.label_at(1.0, 12.0) == "pact is an equilibrium (not unique)"
    assert g.label_at(0.0, 0.0) == "pact is not an equilibrium"


def test_bisected_boundary_of_uniqueness(spec, tmp_path):
    # over (p, s) at S = 6: the pact stops being unique where mutual open racing becomes an
    # equilibrium; that end point comes independently from treaty.threshold on race/race
    th = treaty.threshold(spec, "s", "race,race", {"p": Fraction(3, 4), "S": 6}, repeated=False)
    (iv,) = th.intervals
    edge = float(iv.lower.value)
    assert 0 < edge < 5
    res = run.sweep(spec, grid_design(spec, {"p": (Fraction(1, 2), 1, 3), "s": (0, 5, 6)}),
                    "target:pact")
    m = plot_sweep(res, tmp_path / "m.png", spec=spec, curve_points=10, bisect_steps=30)
    bis = [c for c in m.curves if c.kind == "bisection"]
    assert bis
    for c in bis:
        np.testing.assert_allclose(c.y, edge, atol=1e-6)


def test_one_parameter_plot(spec, tmp_path):
    res = run.sweep(spec, grid_design(spec, {"p": (0, 1, 11)}), "target:pact")
    m = plot_sweep(res, tmp_path / "line.svg", spec=spec)
    assert m.kind == "line" and (tmp_path / "line.svg").exists()
    assert m.labels == ("pact is not an equilibrium", "pact is an equilibrium (not unique)")


def test_bad_suffix(spec, tmp_path):
    res = run.sweep(spec, grid_design(spec, {"p": (0, 1, 3)}), "target:pact")
    with pytest.raises(ParameterError, match="png"):
        plot_sweep(res, tmp_path / "x.gif", spec=spec)


@pytest.mark.slow  # a sweep and two drawings through the CLI
def test_cli_plot_redraws_saved_sweep(tmp_path):
    from click.testing import CliRunner

    from treaty.cli import cli

    csv = tmp_path / "s.csv"
    runner = CliRunner()
    r = runner.invoke(cli, ["sweep", SPEC, "--grid", "p=0:1:5", "--grid", "S=0:12:3", "-c",
                            "target:pact", "-o", str(csv), "-q"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "m.svg"
    r = runner.invoke(cli, ["plot", str(csv), "-o", str(out), "--spec", SPEC])
    assert r.exit_code == 0, r.output
    assert out.exists() and "2 regimes over p, S" in r.output
    r = runner.invoke(cli, ["plot", str(csv), "-o", str(tmp_path / "m.gif"), "--spec", SPEC])
    assert r.exit_code == 2


@pytest.mark.slow  # a sweep and a drawing through the CLI
def test_cli_sweep_plot_option(tmp_path):
    from click.testing import CliRunner

    from treaty.cli import cli

    out = tmp_path / "map.pdf"
    r = CliRunner().invoke(cli, ["sweep", SPEC, "--grid", "p=0:1:5", "--grid", "S=0:12:3", "-c",
                                 "target:pact", "--plot", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert out.exists()
    bad = CliRunner().invoke(cli, ["sweep", SPEC, "--grid", "p=0:1:5", "--plot", "x.gif", "-q"])
    assert bad.exit_code == 2 and "png" in bad.output
