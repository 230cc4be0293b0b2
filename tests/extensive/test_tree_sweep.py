"""treaty sweep on game trees: every grid point classified by its pure subgame-perfect
equilibria and their path, checked against treaty.extensive.solve_tree at the same point."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import treaty
from treaty.extensive import solve_tree
from treaty.extensive._threshold import outcome_label, pure_subgame_perfect
from treaty.sweep import grid_design

from .test_cli_tree import GAME, flat, run
from .test_tree_threshold import ENTRY


def _solve_tree_outcomes(tree) -> set[str]:
    """The paths (moves with positive probability on the path, as TreeProfile.describe writes
    them) of solve_tree's equilibria that play pure actions on their path: the pure
    subgame-perfect equilibria for perfect information (backward induction), the reduced
    normal form's Nash equilibria otherwise (whose behaviour off the path may be anything)."""
    out = set()
    for prof in solve_tree(tree):
        path = prof.describe().split(" (payoffs")[0]
        if " + " not in path:
            out.add(path)
    return out


def test_entry_sweep_matches_solve_tree(tmp_path):
    """c in {0, 1/2, 1, 3/2, ..., 3}: (out, fight) below c = 1, (in, accommodate) above, both
    at c = 1 (by hand, see test_tree_threshold)."""
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY)
    spec = treaty.read_spec(path)
    res = treaty.sweep(spec, grid_design(spec, {"c": (0, 3, 7)}))
    assert res.classifiers == ("outcome",)
    outcomes = res.columns["outcome"].tolist()
    assert outcomes == ["E out"] * 2 + ["E out | E in; I accommodate"] + \
        ["E in; I accommodate"] * 4
    assert res.columns["spe"].tolist() == [1, 1, 2, 1, 1, 1, 1]
    for j in range(res.n):
        tree = spec.instantiate(res.design.exact_point(j))
        assert set(outcomes[j].split(" | ")) == _solve_tree_outcomes(tree)
        assert res.columns["spe"][j] == len(solve_tree(tree))


def test_export_controls_sweep_matches_solve_tree():
    """By hand (as in test_tree_threshold): under controls China rents compute abroad iff
    17/2 e_cloud - 3/5 - c_cloud > 11/2 (its stacking value), and the US then gets
    3/10 (L (1 - e_cloud/2) - 2) + 7/10 (L (1 - e_cloud) - 1) = 87/10 - 17/2 e_cloud, so it
    keeps controls iff that is above r = 3/2 (e_cloud < 72/85); after stacking it gets 2 > 3/2."""
    spec = treaty.read_spec(GAME)
    res = treaty.sweep(spec, grid_design(spec, {"c_cloud": (0, 2, 5), "e_cloud": (F(1, 10), 1, 10)}))
    for j in range(res.n):
        x = res.design.exact_point(j)
        tree = spec.instantiate(x)
        label = res.columns["outcome"][j]
        # subgame-perfect paths are among the Nash equilibria's (imperfect information:
        # solve_tree lists the reduced normal form's Nash equilibria, a larger set)
        assert set(label.split(" | ")) <= _solve_tree_outcomes(tree), x
        assert res.columns["spe"][j] == len(pure_subgame_perfect(tree))
        cloud = F(17, 2) * x["e_cloud"] - F(3, 5) - x["c_cloud"] > F(11, 2)
        us_cloud = F(87, 10) - F(17, 2) * x["e_cloud"]  # the US's value when China rents
        want = "US impose; CN stacking" if not cloud else \
            "US impose; CN cloud; US sanction" if us_cloud > F(3, 2) else "US open"
        assert label == want, x
    # at c_cloud = 2, e_cloud = 9/10 a Nash equilibrium has the US open trade for fear of
    # cloud rental (it would get 87/10 - 153/20 = 21/20 < 3/2), a threat that is not credible:
    # under controls China stacks (11/2 > 153/20 - 3/5 - 2), so only controls are subgame perfect
    tree = spec.instantiate({"c_cloud": 2, "e_cloud": F(9, 10)})
    assert _solve_tree_outcomes(tree) == {"US open", "US impose; CN stacking"}
    assert [outcome_label(tree, p) for p in pure_subgame_perfect(tree)] == ["US impose; CN stacking"]
    assert set(res.columns["outcome"].tolist()) == {
        "US impose; CN stacking", "US impose; CN cloud; US sanction", "US open"}


def test_cli_sweep_on_a_tree():
    res = run("sweep", GAME, "--grid", "c_cloud=0:2:5")
    assert res.exit_code == 0, res.output
    out = flat(res.stdout)
    assert "spe=1, outcome=US impose; CN stacking 3 60.0%" in out
    assert "spe=1, outcome=US impose; CN cloud; US sanction 2 40.0%" in out
    res = run("sweep", GAME, "--grid", "c_cloud=0:2:5", "--grid", "r=0:3:4",
              "-c", "target:impose,cloud,sanction", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = res.stdout.strip().splitlines()
    assert rows[0] == "c_cloud,r,impose/cloud/sanction_spe"
    # cloud is subgame perfect iff c_cloud <= 7/10 and the US still imposes: r <= 19/10
    assert sum(r.endswith("true") for r in rows[1:]) == 4


@pytest.mark.parametrize("args, needle", [
    (["-c", "target:impose"], "gives 1 action for 3 information sets"),
    (["-c", "discount:x"], "needs a normal-form spec, not an extensive-form spec"),
    (["-c", "bogus"], "unknown classifier 'bogus'"),
])
def test_cli_sweep_tree_errors(args, needle):
    res = run("sweep", GAME, "--grid", "c_cloud=0:2:3", *args)
    assert res.exit_code == 2, res.output
    assert needle in res.output and len(res.output.strip().splitlines()) == 1
