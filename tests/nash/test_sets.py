"""Components and maximal Nash subsets as reported by treaty.equilibria (derived by hand)."""

import treaty


def _by_profile(result):
    return {tuple(e.support(i)[0] if e.is_pure else None for i in range(2)): k
            for k, e in enumerate(result)}


def test_continuum_game():
    # A = B = [[1, 1], [1, 0]]: (x, u), (x, v), (y, u) are equilibria; any mix of x, y against u
    # and x against any mix of u, v are too (each player is indifferent there), so the
    # equilibrium set is two segments meeting at (x, u): one component, two Nash subsets.
    g = treaty.Game.from_arrays([[1, 1], [1, 0]], [[1, 1], [1, 0]],
                                strategies=[["x", "y"], ["u", "v"]])
    res = treaty.equilibria(g)
    idx = _by_profile(res)
    assert set(idx) == {("x", "u"), ("x", "v"), ("y", "u")}
    assert len(res.components) == 1
    assert sorted(sorted(s) for s in res.nash_subsets) == sorted(
        [sorted([idx["x", "u"], idx["y", "u"]]), sorted([idx["x", "u"], idx["x", "v"]])])


def test_isolated_equilibria_are_their_own_subsets():
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = treaty.equilibria(g)
    assert len(res) == 3 and len(res.components) == 3
    assert sorted(res.nash_subsets) == [(0,), (1,), (2,)]


def test_json_lists_subsets_by_index(tmp_path):
    import json

    from treaty.report import render_equilibria

    g = treaty.Game.from_arrays([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    data = json.loads(render_equilibria(g, treaty.equilibria(g), "json"))
    assert sorted(len(s) for s in data["result"]["nash_subsets"]) == [2, 2]
    assert {e["component"] for e in data["result"]["equilibria"]} == {1}
