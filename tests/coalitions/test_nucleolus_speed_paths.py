"""The warm-started nucleolus LP sequence: theory, hand cases, and coopgame-py as the oracle.

Both LP backends are checked: ``auto`` (highspy, one HiGHS model warm-started between solves)
and ``scipy`` (every solve from scratch through solve_lp).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from treaty._exact.lp import LPSession, solve_lp
from treaty.coalitions import least_core, nucleolus
from treaty.errors import SolverError

from .test_nucleolus_exact import _talmud  # the Talmud rule by hand, checked there

BACKENDS = ["auto", "scipy"]


def _bits(n: int) -> np.ndarray:
    return ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)


def _game(seed: int, n: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    bits = _bits(n)
    sizes = bits.sum(axis=1)
    if kind == "random":
        v = rng.random(1 << n) * 10 + 3 * sizes ** 1.5
    elif kind == "integer":  # small integers: degenerate LPs, many tied excesses
        v = rng.integers(0, 4, size=1 << n).astype(float) + sizes
    elif kind == "convex":  # (sum of weights)^2 is supermodular
        return np.asarray((bits @ rng.integers(1, 10, n).astype(float)) ** 2)
    elif kind == "symmetric":  # v depends on |S| only
        v = _symmetric(seed, n)
        v[-1] = max(v[-1], n * v[1]) + 1  # imputations exist
        return v
    else:  # pragma: no cover
        raise AssertionError(kind)
    v[0] = 0.0
    v[-1] = max(v[-1], sum(v[1 << i] for i in range(n))) + 2 * n  # imputations exist
    return v


def _symmetric(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    by_size = np.concatenate([[0.0], np.cumsum(rng.integers(0, 6, n))]).astype(float)
    return np.asarray(by_size[_bits(n).sum(axis=1).astype(int)])


# --- hand cases and theory -----------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("estate", [100, 200, 300, 400, 550])
def test_bankruptcy_nucleolus_is_the_talmud_rule(estate: int, backend: str) -> None:
    # Aumann and Maschler (1985): the nucleolus of v(S) = max(0, E - d(N - S)) is the Talmud
    # rule; claims 100, 200, 300 are the Talmud's own example (E = 100, 200, 300 give
    # (33 1/3 each), (50, 75, 75), (50, 100, 150)).
    claims = [100, 200, 300]
    n = 3
    v = np.array([max(0, estate - sum(claims[i] for i in range(n) if not m >> i & 1))
                  for m in range(1 << n)], dtype=float)
    want = [float(a) for a in _talmud([Fraction(d) for d in claims], Fraction(estate))]
    assert nucleolus(v, backend=backend).point == pytest.approx(want, abs=1e-7)
    # bankruptcy games are convex: the nucleolus lies in the core, so it is the prenucleolus
    assert nucleolus(v, imputation=False, backend=backend).point == pytest.approx(want, abs=1e-7)


@pytest.mark.parametrize("backend", BACKENDS)
def test_three_player_hand_cases(backend: str) -> None:
    # glove game (one left glove, two right): the core is the single point (1, 0, 0)
    glove = np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float)
    assert nucleolus(glove, backend=backend).point == pytest.approx((1, 0, 0), abs=1e-9)
    # 2-of-3 majority: empty core, symmetric, so (1/3, 1/3, 1/3); least core eps = 1/3
    majority = np.array([0, 0, 0, 1, 0, 1, 1, 1], dtype=float)
    nu = nucleolus(majority, backend=backend)
    assert nu.point == pytest.approx((1 / 3,) * 3, abs=1e-9)
    assert nu.levels[0] == pytest.approx(1 / 3, abs=1e-9)
    # v({0,1}) = 0.8, v({0,2}) = 0.4, v({1,2}) = 0, v(N) = 1, singletons 0.  Excesses:
    # -x_i, {0,1}: x2 - 0.2, {0,2}: x1 - 0.6, {1,2}: x0 - 1.  Level 1: max(-x2, x2 - 0.2) >=
    # -0.1 with equality only at x2 = 0.1.  Level 2 (x0 + x1 = 0.9): the largest remaining
    # excesses are 0.3 - x0 (of {0,2}) and x0 - 0.9 (of {1}), equal at x0 = 0.6: level -0.3.
    v = np.zeros(8)
    v[0b011], v[0b101], v[0b110], v[0b111] = 0.8, 0.4, 0.0, 1.0
    nu = nucleolus(v, backend=backend)
    assert nu.point == pytest.approx((0.6, 0.3, 0.1), abs=1e-9)
    assert nu.levels[0] == pytest.approx(-0.1, abs=1e-9)
    assert nu.levels[-1] == pytest.approx(-0.3, abs=1e-9)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", range(4))
def test_symmetric_games_split_equally(seed: int, backend: str) -> None:
    # the nucleolus is unique and symmetric: on a game depending on |S| only it is v(N)/n
    n = 4 + seed
    v = _symmetric(seed, n)
    nu = nucleolus(v, imputation=False, backend=backend)
    assert nu.point == pytest.approx([v[-1] / n] * n, abs=1e-7)


@pytest.mark.parametrize("seed", range(4))
def test_convex_nucleolus_is_in_the_core_and_first_level_is_least_core(seed: int) -> None:
    n = 6 + seed
    v = _game(seed, n, "convex")
    nu = nucleolus(v)
    x = np.array(nu.point)
    xs = _bits(n) @ x
    assert x.sum() == pytest.approx(v[-1])
    assert np.all(xs >= v - 1e-7 * np.abs(v).max())  # in the core (convex: core non-empty)
    assert nu.levels[0] == pytest.approx(least_core(v).epsilon, abs=1e-7)
    assert nu.levels[0] == pytest.approx(float(np.max((v - xs)[1:-1])), abs=1e-7)


def test_empty_imputation_set_is_refused() -> None:
    v = np.array([0, 2, 2, 3], dtype=float)  # v(1) + v(2) = 4 > v(N) = 3
    with pytest.raises(SolverError, match="imputation set is empty"):
        nucleolus(v)
    assert nucleolus(v, imputation=False).point == pytest.approx((1.5, 1.5))


# --- coopgame-py as the oracle -------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", ["random", "integer", "convex", "symmetric"])
@pytest.mark.parametrize("seed", range(5))
def test_matches_coopgame(coopgame, seed: int, kind: str, backend: str) -> None:
    n = 3 + (seed * 2 + len(kind)) % 7
    v = _game(seed, n, kind)
    g = coopgame.Game(list(v[1:]))
    scale = max(1.0, float(np.abs(v).max()))
    ref = coopgame.nucleolus(g)["allocation"]
    assert nucleolus(v, backend=backend).point == pytest.approx(ref, abs=1e-7 * scale)
    pre = coopgame.prenucleolus(g)["allocation"]
    assert nucleolus(v, imputation=False, backend=backend).point == pytest.approx(
        pre, abs=1e-7 * scale)


@pytest.mark.parametrize("kind", ["convex", "integer", "random"])
def test_matches_coopgame_n12(coopgame, kind: str) -> None:
    v = _game(12, 12, kind)
    ref = coopgame.nucleolus(coopgame.Game(list(v[1:])))["allocation"]
    scale = max(1.0, float(np.abs(v).max()))
    assert nucleolus(v).point == pytest.approx(ref, abs=1e-7 * scale)


@pytest.mark.slow
@pytest.mark.parametrize("n", [14, 16])
def test_matches_coopgame_convex_large(coopgame, n: int) -> None:
    rng = np.random.default_rng(n)
    v = np.asarray((_bits(n) @ (rng.random(n) * 9 + 1)) ** 2)
    ref = coopgame.nucleolus(coopgame.Game(list(v[1:])))["allocation"]
    assert nucleolus(v).point == pytest.approx(ref, abs=1e-9 * np.abs(v).max())


# --- the LP session ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_lp_session_matches_cold_solves(seed: int) -> None:
    """Rows added, re-bounded and re-weighted one step at a time give the optimum of the
    same LP solved from scratch by solve_lp, with both backends."""
    rng = np.random.default_rng(seed)
    k = 4
    sessions = [LPSession(np.append(np.zeros(k), 1.0), np.full(k + 1, -10.0),
                          np.full(k + 1, 10.0), backend=b) for b in BACKENDS]
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    for step in range(5):
        a = np.hstack([rng.integers(0, 2, (3, k)).astype(float), np.ones((3, 1))])
        b = rng.random(3) * 5
        rows.extend(a)
        rhs.extend(b)
        for s in sessions:
            s.add_rows(a, b, np.full(3, np.inf))
        if step == 3:  # change a row: drop its eps coefficient and make it an equality
            rows[0] = rows[0].copy()
            rows[0][k] = 0.0
            for s in sessions:
                s.set_coefficient(0, k, 0.0)
                s.set_row_bounds([0], [rhs[0] / 4], [rhs[0] / 4])
        a_all = np.array(rows)
        ineq = [i for i in range(len(rows)) if not (step >= 3 and i == 0)]
        cold = solve_lp(np.append(np.zeros(k), 1.0), a_ub=-a_all[ineq],
                        b_ub=-np.array(rhs)[ineq],
                        a_eq=a_all[:1] if step >= 3 else None,
                        b_eq=[rhs[0] / 4] if step >= 3 else None, bounds=[(-10, 10)] * (k + 1))
        for s in sessions:
            sol = s.solve()
            assert sol.fun == pytest.approx(cold.fun, abs=1e-9)
            assert len(sol.ineq_marginals) == len(rows)
            assert np.all(sol.ineq_marginals[1 if step >= 3 else 0:] >= -1e-9)


def test_lp_session_prints_nothing(capfd) -> None:
    # highspy.Highs() prints HiGHS's banner on stdout when constructed; JSON output would break
    s = LPSession([1.0], [0.0], [np.inf])
    s.add_rows(np.array([[1.0]]), [1.0], [np.inf])
    assert s.solve().x[0] == pytest.approx(1.0)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_lp_session_reports_infeasible_and_bad_backend() -> None:
    for backend in BACKENDS:
        s = LPSession([1.0], [0.0], [1.0], backend=backend, what="a test LP")
        s.add_rows(np.array([[1.0]]), [2.0], [np.inf])
        with pytest.raises(SolverError, match="a test LP"):
            s.solve()
    with pytest.raises(SolverError, match="unknown LP backend"):
        LPSession([1.0], [0.0], [1.0], backend="glpk")


def test_warm_model_trouble_falls_back_to_cold_solves(monkeypatch) -> None:
    """A SolverError in the warm-started model (numerical trouble) redoes the sequence with
    cold scipy solves instead of failing; with backend="scipy" the error is the answer."""
    real = LPSession.solve

    def failing(self: LPSession) -> object:
        if self.warm:
            raise SolverError("nucleolus LP: the LP solver found no optimum (simulated)")
        return real(self)

    monkeypatch.setattr(LPSession, "solve", failing)
    v = np.zeros(8)
    v[0b011], v[0b101], v[0b110], v[0b111] = 0.8, 0.4, 0.0, 1.0
    assert nucleolus(v).point == pytest.approx((0.6, 0.3, 0.1), abs=1e-9)
    if LPSession([1.0], [0.0], [1.0]).warm:
        with pytest.raises(SolverError, match="simulated"):
            nucleolus(v, backend="highspy")
