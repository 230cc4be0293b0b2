"""The sequence form of a two-player game tree with perfect recall, and its equilibria.

A mixed strategy of the reduced normal form has exponentially many pure strategies; the
sequence form (von Stengel 1996; Koller, Megiddo and von Stengel 1996) describes the same
strategic possibilities by *realization plans*, one number per *sequence* of a player's own
moves, so that every size stays linear in the tree:

* player 1's sequences are the empty sequence and one ``(h, a)`` per information set ``h``
  and action ``a`` (perfect recall makes ``(h, a)`` name the whole sequence); a realization
  plan ``x >= 0`` satisfies ``E x = e``: ``x[empty] = 1`` and, at each information set,
  ``sum_a x[(h, a)] = x[parent(h)]``, where ``parent(h)`` is the sequence leading to ``h``;
  player 2 likewise with ``F y = f``;
* the payoff matrices ``A``, ``B`` have one entry per pair of sequences, the sum over the
  leaves those sequences lead to of (chance probability) * (payoff), so that ``x^T A y`` is
  player 1's expected payoff; only the leaves' entries are non-zero (sparse, linear size);
* a realization plan gives a behaviour strategy, ``beta(h, a) = x[(h, a)] / x[parent(h)]``,
  and back (Kuhn 1953; von Stengel 1996, section 4).

Equilibria:

* zero-sum (and constant-sum) trees: the LP of von Stengel (1996), Theorem 4.4 -- maximise
  ``f^T q`` subject to ``F^T q - A^T x <= 0``, ``E x = e``, ``x >= 0`` (``q`` free) -- with
  ``|S1| + |H2| + 1`` variables, solved by :func:`treaty._exact.lp.solve_lp`, and likewise
  for player 2; exact trees get their behaviour strategies rationalised and certified;
* general-sum trees: the linear complementarity problem of Koller, Megiddo and von Stengel
  (1996), section 4, with the payoffs shifted to be negative at every leaf,

      ``E^T p - A y >= 0  _|_  x >= 0``,   ``F^T q - B^T x >= 0  _|_  y >= 0``,
      ``E x = e``,   ``F y = f``   (``p``, ``q`` free),

  solved by Lemke's algorithm (Lemke 1965) with the covering vector of ones, the free dual
  variables written as differences of non-negative ones (each equation as two inequalities),
  in exact integer arithmetic (fraction-free pivoting, Edmonds 1967) with the lexicographic
  ratio test, so degenerate trees are handled and the result is exact.

Every equilibrium returned is certified on the tree itself: each player's best-response
payoff against the other's behaviour strategy is computed by backward induction over the
player's information sets (:func:`treaty.extensive.tree_regrets`, shared with
:func:`treaty.extensive.solve_tree`), and the regret is exactly 0 for exact trees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, GameTooLarge, SolverError
from ..results import Notebook
from ._model import CHANCE, DECISION, TERMINAL, TreeGame
from ._solve import tree_regrets

__all__ = ["SequenceForm", "SequenceEquilibrium", "sequence_form", "sequence_equilibrium",
           "tree_regrets", "behavior_from_plan", "plan_from_behavior"]

#: Float trees: an equilibrium is reported when every regret is at most this times
#: ``max(1, payoff range)``.
FLOAT_TOL = 1e-9


# -- the sequence form ----------------------------------------------------------------------
@dataclass(frozen=True)
class SequenceForm:
    """The sequence form of a two-player tree with perfect recall (von Stengel 1996).

    Attributes
    ----------
    tree : TreeGame
    sequences : tuple of two tuples
        Each player's sequences: ``None`` for the empty sequence (index 0), then
        ``(infoset, action index)`` pairs.
    index : tuple of two dicts
        ``(infoset, action index) -> sequence index`` per player.
    infosets : tuple of two tuples
        Each player's information sets, in the order of the constraint rows ``1, 2, ...``
        (row 0 is ``x[empty] = 1``).
    parent : dict
        ``infoset -> index of the sequence of its player that leads to it``.
    payoffs : tuple of two dicts
        Sparse ``A`` and ``B``: ``(s1, s2) -> sum over leaves of chance * payoff``.
    exact : bool
    """

    tree: TreeGame
    sequences: tuple[tuple[tuple[int, int] | None, ...], tuple[tuple[int, int] | None, ...]]
    index: tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]
    infosets: tuple[tuple[int, ...], tuple[int, ...]]
    parent: dict[int, int]
    payoffs: tuple[dict[tuple[int, int], Any], dict[tuple[int, int], Any]]
    exact: bool

    @property
    def sizes(self) -> tuple[int, int]:
        """Numbers of sequences ``(|S1|, |S2|)``."""
        return len(self.sequences[0]), len(self.sequences[1])

    def constraints(self, player: int) -> list[dict[int, int]]:
        """Rows of ``E`` (player 0) or ``F`` (player 1) as ``{sequence: coefficient}``.

        Row 0 is ``x[empty] = 1``; row ``1 + k`` is ``sum_a x[(h, a)] - x[parent(h)] = 0``
        for the ``k``-th information set ``h`` of the player.
        """
        rows: list[dict[int, int]] = [{0: 1}]
        for h in self.infosets[player]:
            row = {self.index[player][(h, a)]: 1
                   for a in range(len(self.tree.infosets[h].actions))}
            row[self.parent[h]] = -1
            rows.append(row)
        return rows


def _check_tree(tree: Any) -> TreeGame:
    if not isinstance(tree, TreeGame):
        raise GameError(f"expected a TreeGame, got {type(tree).__name__}")
    if tree.n_players != 2:
        raise GameError(f"the sequence form here is for 2-player trees; this one has "
                        f"{tree.n_players} players (use the reduced normal form)")
    tree.check_perfect_recall()
    return tree


def sequence_form(tree: TreeGame) -> SequenceForm:
    """The sequence form of a two-player tree with perfect recall.

    Parameters
    ----------
    tree : TreeGame
        Two players, perfect recall.

    Returns
    -------
    SequenceForm
        Linear in the tree: ``1 + sum_h |A(h)|`` sequences per player and one payoff entry
        per leaf at most.

    Raises
    ------
    GameError
        Not a tree of 2 players, or without perfect recall (naming the information set).

    Notes
    -----
    B. von Stengel, "Efficient computation of behavior strategies", Games and Economic
    Behavior 14 (1996) 220-246, sections 3-4; D. Koller, N. Megiddo and B. von Stengel,
    "Efficient computation of equilibria for extensive two-person games", Games and Economic
    Behavior 14 (1996) 247-259, section 2.

    Examples
    --------
    Entry deterrence: 3 sequences each (empty, and one per action).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["Entrant", "Incumbent"], [
    ...     Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4]),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> sf = sequence_form(t)
    >>> sf.sizes, sf.constraints(0)
    ((3, 3), [{0: 1}, {1: 1, 2: 1, 0: -1}])
    >>> sorted((k, str(v)) for k, v in sf.payoffs[0].items())
    [((1, 0), '0'), ((2, 1), '-1'), ((2, 2), '1')]
    """
    tree = _check_tree(tree)
    seqs: list[list[tuple[int, int] | None]] = [[None], [None]]
    index: list[dict[tuple[int, int], int]] = [{}, {}]
    own: list[list[int]] = [[], []]
    parent: dict[int, int] = {}
    # walk the tree depth first, carrying each player's last sequence and the chance weight
    pays: list[dict[tuple[int, int], Any]] = [{}, {}]
    stack: list[tuple[int, int, int, Any]] = [(0, 0, 0, Fraction(1))]
    while stack:
        k, s1, s2, w = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            for i in range(2):
                if w:
                    pays[i][(s1, s2)] = pays[i].get((s1, s2), 0) + w * nd.payoffs[i]
            continue
        if nd.kind == CHANCE:
            assert nd.probs is not None
            for c, p in zip(nd.children, nd.probs):
                stack.append((c, s1, s2, w * p))
            continue
        assert nd.infoset is not None and nd.player is not None
        h, i = nd.infoset, nd.player
        cur = s1 if i == 0 else s2
        if h not in parent:
            parent[h] = cur
            own[i].append(h)
            for a in range(len(nd.actions)):
                index[i][(h, a)] = len(seqs[i])
                seqs[i].append((h, a))
        for a, c in enumerate(nd.children):
            s = index[i][(h, a)]
            stack.append((c, s, s2, w) if i == 0 else (c, s1, s, w))
    # information sets never reached (a node of them exists, so each is reached above)
    return SequenceForm(tree, (tuple(seqs[0]), tuple(seqs[1])), (index[0], index[1]),
                        (tuple(own[0]), tuple(own[1])), parent, (pays[0], pays[1]), tree.exact)


# -- behaviour strategies and realization plans ------------------------------------------------
def behavior_from_plan(sf: SequenceForm, player: int, plan: Sequence[Any]) -> dict[int, tuple]:
    """Behaviour strategy of a realization plan: ``x[(h, a)] / x[parent(h)]``.

    At an information set the plan itself never reaches (``x[parent(h)] = 0``) any
    behaviour gives the same plan; the uniform one is returned there (the player's
    payoffs do not depend on it, and the other player never reaches it either).
    """
    out: dict[int, tuple] = {}
    for h in sf.infosets[player]:
        n = len(sf.tree.infosets[h].actions)
        par = plan[sf.parent[h]]
        if par:
            out[h] = tuple(plan[sf.index[player][(h, a)]] / par for a in range(n))
        else:
            out[h] = tuple(Fraction(1, n) if sf.exact else 1.0 / n for _ in range(n))
    return out


def plan_from_behavior(sf: SequenceForm, player: int, behavior: Mapping[int, Sequence[Any]]
                       ) -> list[Any]:
    """Realization plan of a behaviour strategy (von Stengel 1996, eq. (7)): the product of
    the player's own move probabilities along each sequence."""
    x: list[Any] = [Fraction(0)] * len(sf.sequences[player])
    x[0] = Fraction(1)
    for h in sf.infosets[player]:  # parents come before their information sets
        for a, p in enumerate(behavior[h]):
            x[sf.index[player][(h, a)]] = x[sf.parent[h]] * p
    return x


# -- the result ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SequenceEquilibrium(Notebook):
    """A Nash equilibrium of a two-player tree in behaviour strategies, from the sequence form.

    Attributes
    ----------
    players : tuple of str
    infosets : tuple of str
        A name for every information set of the tree (its label, else ``"<player> #k"``).
    actions : tuple of tuple of str
        The actions at each information set.
    behavior : tuple of tuple
        The move probabilities at each information set (index as in ``tree.infosets``):
        Fractions when :attr:`exact`.
    realization : tuple of two tuples
        Each player's realization plan, one probability per sequence (empty sequence first).
    payoffs, regrets : tuple
        Per player, computed on the tree (:func:`tree_regrets`): regrets exactly 0 when exact.
    exact : bool
    method : {"lp", "lcp"}
        The zero-sum sequence-form LP or the general-sum LCP (Lemke's algorithm).
    sizes : tuple of int
        The number of sequences of each player.
    dimension : tuple of int
        ``(rows, columns)`` of the LP of player 1 or of the LCP: linear in the tree.
    value : Fraction, float or None
        The value of a zero-sum (constant-sum) tree to player 1.
    tolerance : float or None
        None for exact results; for float trees, the regret tolerance they were checked to.
    note : str

    Notes
    -----
    ``to_frame()`` gives the behaviour strategies as a table (needs pandas): one row per
    information set and action, columns ``information set``, ``player``, ``action``,
    ``probability``.
    """

    players: tuple[str, ...]
    infosets: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    infoset_players: tuple[int, ...]
    behavior: tuple[tuple[Any, ...], ...]
    realization: tuple[tuple[Any, ...], tuple[Any, ...]]
    payoffs: tuple[Any, ...]
    regrets: tuple[Any, ...]
    exact: bool
    method: str
    sizes: tuple[int, int]
    dimension: tuple[int, int]
    value: Any = None
    tolerance: float | None = None
    note: str = ""

    @property
    def regret(self) -> Any:
        """The largest regret (0 certifies a Nash equilibrium)."""
        return max(self.regrets)

    def behavior_at(self, infoset: int | str) -> dict[str, Any]:
        """``{action: probability}`` at an information set given by index or name."""
        if isinstance(infoset, str) and infoset in self.infosets:
            j = self.infosets.index(infoset)
        elif isinstance(infoset, int) and not isinstance(infoset, bool) and \
                0 <= infoset < len(self.infosets):
            j = infoset
        else:
            from ..errors import did_you_mean

            raise GameError(f"unknown information set {infoset!r} "
                            f"({did_you_mean(str(infoset), self.infosets)})")
        return dict(zip(self.actions[j], self.behavior[j]))

    def describe(self) -> str:
        def mix(j: int) -> str:
            parts = [f"{format_number(p)} {a}" if p != 1 else a
                     for a, p in zip(self.actions[j], self.behavior[j]) if p != 0]
            return " + ".join(parts)

        moves = "; ".join(f"{self.infosets[j]}: {mix(j)}" for j in range(len(self.infosets)))
        how = "exact, regret 0" if self.exact else f"floating point, regret <= {self.tolerance:g}"
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs))
        return f"behaviour strategies {moves} (payoffs {pays}; {how}; sequence-form {self.method})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "infosets": [
                {"name": self.infosets[j], "player": self.players[self.infoset_players[j]],
                 "behavior": {a: number_to_json(p) for a, p in zip(self.actions[j], self.behavior[j])}}
                for j in range(len(self.infosets))],
            "realization": [[number_to_json(v) for v in plan] for plan in self.realization],
            "payoffs": [number_to_json(v) for v in self.payoffs],
            "regrets": [number_to_json(v) for v in self.regrets],
            "exact": self.exact,
            "method": self.method,
            "sequences": list(self.sizes),
            "dimension": list(self.dimension),
            "value": None if self.value is None else number_to_json(self.value),
            "tolerance": self.tolerance,
            "note": self.note,
        }


def _infoset_names(tree: TreeGame) -> tuple[str, ...]:
    names = []
    count = [0] * tree.n_players
    for h in tree.infosets:
        count[h.player] += 1
        names.append(h.label or f"{tree.players[h.player]} #{count[h.player]}")
    # labels may repeat across players: make them distinct
    seen: dict[str, int] = {}
    out = []
    for nm in names:
        seen[nm] = seen.get(nm, 0) + 1
        out.append(nm if seen[nm] == 1 else f"{nm} ({seen[nm]})")
    return tuple(out)


def _result(sf: SequenceForm, behavior: dict[int, tuple], *, exact: bool, method: str,
            dimension: tuple[int, int], value: Any = None, note: str = "",
            tolerance: float | None = None) -> SequenceEquilibrium:
    tree = sf.tree
    payoffs, regrets = tree_regrets(tree, behavior)
    plans = tuple(tuple(plan_from_behavior(sf, i, behavior)) for i in range(2))
    if not exact:
        behavior = {h: tuple(float(p) for p in b) for h, b in behavior.items()}
        plans = tuple(tuple(float(v) for v in p) for p in plans)
        payoffs = tuple(float(v) for v in payoffs)
        regrets = tuple(max(0.0, float(v)) for v in regrets)
        value = None if value is None else float(value)
    return SequenceEquilibrium(
        tree.players, _infoset_names(tree), tuple(h.actions for h in tree.infosets),
        tuple(h.player for h in tree.infosets),
        tuple(behavior[j] for j in range(len(tree.infosets))), (plans[0], plans[1]),
        payoffs, regrets, exact, method, sf.sizes, dimension, value, tolerance, note)


def _payoff_range(tree: TreeGame) -> float:
    vals = [float(v) for nd in tree.nodes if nd.kind == TERMINAL for v in nd.payoffs or ()]
    return max(vals) - min(vals) if vals else 0.0


def _constant_sum(tree: TreeGame) -> Any:
    """The constant ``u1 + u2`` at every leaf, or None."""
    sums = {nd.payoffs[0] + nd.payoffs[1] for nd in tree.nodes  # type: ignore[index]
            if nd.kind == TERMINAL}
    if len(sums) == 1:
        return sums.pop()
    if not tree.exact and sums and max(sums) - min(sums) <= 1e-12 * max(1.0, _payoff_range(tree)):
        return sum(sums) / len(sums)
    return None


# -- the zero-sum LP -------------------------------------------------------------------------
def sequence_lp(sf: SequenceForm, player: int) -> tuple[np.ndarray, float, tuple[int, int]]:
    """Optimal realization plan of *player* in a zero-sum tree, by the sequence-form LP.

    Player 1 (``player=0``): maximise ``f^T q`` subject to ``F^T q - A^T x <= 0``,
    ``E x = e``, ``x >= 0``, ``q`` free (von Stengel 1996, Theorem 4.4; Koller, Megiddo and
    von Stengel 1996, section 3); player 2 the same with the roles (and the sign of ``A``)
    exchanged.  The LP has ``|S_i| + |H_j| + 1`` variables (the player's sequences and the
    other player's constraint rows) and as many constraints as the other player's sequences
    plus the player's own rows, stored sparse: linear in the tree.

    Returns
    -------
    plan : ndarray
        The float realization plan.
    value : float
        The value of the game to *player*.
    shape : (int, int)
        ``(rows, columns)`` of the LP.
    """
    from scipy.sparse import coo_matrix

    from .._exact.lp import solve_lp

    other = 1 - player
    ns, no = len(sf.sequences[player]), len(sf.sequences[other])
    E, F = sf.constraints(player), sf.constraints(other)
    mi, mo = len(E), len(F)
    pay = sf.payoffs[player]
    # columns: own sequences (ns), then the other player's rows' duals (mo); rows: one per
    # sequence t of the other player: sum_h F[h, t] q_h - sum_s U[s, t] x_s <= 0
    r, c, v = [], [], []
    for (s1, s2), u in pay.items():
        s, t = (s1, s2) if player == 0 else (s2, s1)
        r.append(t)
        c.append(s)
        v.append(-float(u))
    for h, row in enumerate(F):
        for t, coef in row.items():
            r.append(t)
            c.append(ns + h)
            v.append(float(coef))
    a_ub = coo_matrix((v, (r, c)), shape=(no, ns + mo)).tocsr()
    r, c, v = [], [], []
    for h, row in enumerate(E):
        for s, coef in row.items():
            r.append(h)
            c.append(s)
            v.append(float(coef))
    a_eq = coo_matrix((v, (r, c)), shape=(mi, ns + mo)).tocsr()
    b_eq = np.zeros(mi)
    b_eq[0] = 1.0
    cost = np.zeros(ns + mo)
    cost[ns] = -1.0  # maximise q_0 (f = e_0)
    sol = solve_lp(cost, a_ub=a_ub, b_ub=np.zeros(no), a_eq=a_eq, b_eq=b_eq,
                   bounds=[(0, None)] * ns + [(None, None)] * mo, method="highs-ds",
                   what=f"sequence-form LP of {sf.tree.players[player]}")
    return np.maximum(sol.x[:ns], 0.0), -sol.fun, (no + mi, ns + mo)


# -- the general-sum LCP by Lemke's algorithm --------------------------------------------------
def _pivot(T: np.ndarray, r: int, c: int, D: int) -> tuple[np.ndarray, int]:
    """Fraction-free pivot on ``T[r, c]`` (any sign); the tableau is renormalised so that the
    scale ``D`` stays positive (``T = D * B^{-1}[...]`` may be negated as a whole)."""
    from ..nash._reverse import pivot

    el = int(T[r, c])
    if el == 0:  # pragma: no cover - the setup pivots are on non-singular triangular blocks
        raise SolverError("sequence-form LCP: zero pivot while setting up the start")
    out = pivot(T, r, c, D)
    return (out, el) if el > 0 else (-out, -el)


def lemke_sequence(sf: SequenceForm, default: int = 0, *, max_pivots: int | None = None
                   ) -> tuple[list[Fraction], list[Fraction]] | None:
    """Realization plans of an equilibrium by Lemke's algorithm on the sequence-form LCP.

    The LCP of Koller, Megiddo and von Stengel (1996), section 4,

        ``w_x = E^T p - A y + d_x z0 >= 0 _|_ x >= 0``,
        ``w_y = F^T q - B^T x + d_y z0 >= 0 _|_ y >= 0``,  ``E x = e``, ``F y = f``,

    with ``p``, ``q`` free and always basic, is solved by Lemke's algorithm (Lemke 1965)
    started, as in von Stengel, van den Elzen and Talman (2002), from a pure strategy
    profile: the covering vector ``d`` is 0 on the sequences that play the *default* action
    (index) at every information set and 1 elsewhere, so that for large ``z0`` (a penalty
    ``z0`` on every other action) the default profile is the equilibrium; the path then
    lowers the penalty to 0.  The plans ``x``, ``y`` stay in their bounded polytopes along
    the path (the equations carry no ``z0``), and a ray would need the duals ``p`` (or
    ``q``) to grow without bound at fixed plans, which complementarity at the played
    sequences rules out; so the path ends at an equilibrium.

    Exact throughout: rows scaled to integers, fraction-free pivoting (Edmonds 1967) with
    the scale kept positive, and the lexicographic ratio test with respect to the starting
    basis (perturbation ``B_0 (eps, eps^2, ...)``), so degenerate trees are handled and no
    basis repeats.  Returns None on a ray or after *max_pivots* pivots.
    """
    tree = sf.tree
    n1, n2 = sf.sizes
    nc = n1 + n2
    cons = (sf.constraints(0), sf.constraints(1))
    m1, m2 = len(cons[0]), len(cons[1])
    m = m1 + m2
    R = nc + m
    # variables: w (nc), z = (x, y) (nc), p (m1), q (m2), z0, artificials (m)
    W, Z, P, Z0, ART = 0, nc, 2 * nc, 2 * nc + m, 2 * nc + m + 1
    ncol = 1 + ART + m
    defaults: list[set[int]] = [set(), set()]
    for i in range(2):
        for h in sf.infosets[i]:
            k = min(default, len(tree.infosets[h].actions) - 1)
            defaults[i].add(sf.index[i][(h, k)])
        defaults[i].add(0)
    rows: list[dict[int, Fraction]] = [dict() for _ in range(R)]
    rhs = [Fraction(0)] * R
    for (s1, s2), u in sf.payoffs[0].items():
        if u:
            rows[s1][Z + n1 + s2] = Fraction(u)          # + (A y)_s
    for (s1, s2), u in sf.payoffs[1].items():
        if u:
            rows[n1 + s2][Z + s1] = Fraction(u)          # + (B^T x)_t
    for i, off, dual in ((0, 0, P), (1, n1, P + m1)):
        for h, row in enumerate(cons[i]):
            for s, coef in row.items():
                rows[off + s][dual + h] = Fraction(-coef)        # - (E^T p)_s
                rows[nc + (0 if i == 0 else m1) + h][Z + off + s] = Fraction(coef)
            rhs[nc + (0 if i == 0 else m1) + h] = Fraction(1 if h == 0 else 0)
        for s in range(len(sf.sequences[i])):
            if s not in defaults[i]:
                rows[off + s][Z0] = Fraction(-1)                 # - d_s z0
    T = np.zeros((R, ncol), dtype=object)
    T[:, :] = 0
    for r in range(R):
        den = lcm(rhs[r].denominator, *(v.denominator for v in rows[r].values()))
        T[r, 0] = int(rhs[r] * den)
        for v, val in rows[r].items():
            T[r, 1 + v] = int(val * den)
        T[r, 1 + (W + r if r < nc else ART + r - nc)] = 1  # slack w'_r = den * w_r, artificial
    basis = [W + r if r < nc else ART + r - nc for r in range(R)]
    D = 1
    # set up the start: default sequences into the equations, duals into the default rows
    for i, off, eq in ((0, 0, nc), (1, n1, nc + m1)):
        order = [0] + [sf.index[i][(h, min(default, len(tree.infosets[h].actions) - 1))]
                       for h in sf.infosets[i]]
        for h, s in enumerate(order):
            T, D = _pivot(T, eq + h, 1 + Z + off + s, D)
            basis[eq + h] = Z + off + s
        dual = P if i == 0 else P + m1
        for h, s in enumerate(order):
            T, D = _pivot(T, off + s, 1 + dual + h, D)
            basis[off + s] = dual + h
    free = {r for r in range(R) if P <= basis[r] < Z0}
    lex_cols = [1 + v for v in basis]
    z0c = 1 + Z0
    cand = [r for r in range(R) if r not in free and T[r, z0c] != 0]
    neg = [r for r in cand if T[r, 0] < 0]
    if not neg:  # the default profile is an equilibrium
        r_first = None
    else:
        r_first = min(cand, key=lambda r: (Fraction(int(T[r, 0]), -int(T[r, z0c])), -r))
    if r_first is not None:
        leaving = basis[r_first]
        T, D = _pivot(T, r_first, z0c, D)
        basis[r_first] = Z0
        entering = leaving + nc if leaving < nc else leaving - nc
        cap = max_pivots if max_pivots is not None else 50 * R + 1000
        from ..nash._reverse import lex_min_row

        for _ in range(cap):
            c = 1 + entering
            ok = [r for r in range(R) if r not in free and T[r, c] > 0]
            if not ok:
                return None  # a ray (excluded by the argument above)
            r = lex_min_row(T, c, ok, lex_cols)
            leaving = basis[r]
            T, D = _pivot(T, r, c, D)
            basis[r] = entering
            if leaving == Z0:
                break
            if leaving >= 2 * nc:  # pragma: no cover - free variables never leave
                return None
            entering = leaving + nc if leaving < nc else leaving - nc
        else:
            return None
    z = [Fraction(0)] * nc
    for r, v in enumerate(basis):
        if Z <= v < Z + nc:
            z[v - Z] = Fraction(int(T[r, 0]), D)
    return z[:n1], z[n1:]


def _lcp_equilibrium(sf: SequenceForm) -> tuple[dict[int, tuple], tuple[int, int]]:
    """Exact behaviour profile from the sequence-form LCP (floats taken at their exact binary
    values); SolverError if Lemke's algorithm ends on a ray."""
    from ..spec._limits import MAX_SEQUENCES

    n1, n2 = sf.sizes
    m1, m2 = 1 + len(sf.infosets[0]), 1 + len(sf.infosets[1])
    size = n1 + n2 + m1 + m2
    if n1 + n2 > MAX_SEQUENCES:
        raise GameTooLarge(f"the sequence-form LCP would have {size:,} rows ({n1 + n2:,} "
                           f"sequences, more than the limit {MAX_SEQUENCES:,}, MAX_SEQUENCES)")
    plans = lemke_sequence(sf)
    if plans is None:  # pragma: no cover - see lemke_sequence
        plans = lemke_sequence(sf, default=10**9)  # start from the last actions instead
    if plans is None:  # pragma: no cover
        raise SolverError("sequence-form LCP: Lemke's algorithm ended on a ray "
                          "(use the reduced normal form)")
    x, y = plans
    for i, plan in enumerate((x, y)):
        for k, row in enumerate(sf.constraints(i)):
            lhs = sum((coef * plan[s] for s, coef in row.items()), Fraction(0))
            if lhs != (1 if k == 0 else 0) or min(plan) < 0:
                raise SolverError("sequence-form LCP: the solution is not a realization plan")
    behavior = {**behavior_from_plan(sf, 0, x), **behavior_from_plan(sf, 1, y)}
    return behavior, (size, 2 * size + 1)


def sequence_equilibrium(tree: TreeGame) -> SequenceEquilibrium:
    """A Nash equilibrium of a two-player tree with perfect recall, by the sequence form.

    Parameters
    ----------
    tree : TreeGame
        Two players, perfect recall, imperfect information allowed.

    Returns
    -------
    SequenceEquilibrium
        Behaviour strategies at every information set, realization plans, payoffs and
        regrets computed on the tree: exactly 0 for exact trees (certified), at most
        ``FLOAT_TOL * max(1, payoff range)`` for float trees (stated in ``tolerance``).

    Raises
    ------
    GameError
        Not 2 players, or no perfect recall (naming the information set).
    GameTooLarge
        The LCP would exceed ``MAX_SEQUENCES`` sequences (checked before any work).
    SolverError
        Lemke's algorithm ended on a ray, or a float result misses the tolerance.

    Notes
    -----
    Zero-sum (constant-sum) trees: the sequence-form LP of each player (von Stengel 1996,
    Theorem 4.4), ``|S_i| + |H_j| + 1`` variables, solved by HiGHS; for exact trees the
    behaviour strategies are rationalised (small denominators first,
    :func:`treaty._exact.rational.rational_simplex`) and kept when the regrets on the tree
    are exactly 0 (then the pair is optimal and the value certified); otherwise the exact
    LCP below.  General-sum trees: the LCP of Koller, Megiddo and von Stengel (1996) solved
    by Lemke's algorithm in exact arithmetic (:func:`lemke`), the equilibrium at the end of
    its path (one equilibrium, not all).

    Examples
    --------
    Entry deterrence: Lemke's path starts from the first actions (out, fight) and ends there
    at once, since that is a Nash equilibrium (fighting is never tested; it is not subgame
    perfect, see :func:`treaty.extensive.subgame_perfect`).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["Entrant", "Incumbent"], [
    ...     Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4]),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> eq = sequence_equilibrium(t)
    >>> eq.behavior_at("Entrant #1"), eq.payoffs, eq.regret, eq.method
    ({'out': Fraction(1, 1), 'in': Fraction(0, 1)}, (Fraction(0, 1), Fraction(2, 1)), \
Fraction(0, 1), 'lcp')

    Matching pennies played in sequence, the second mover not seeing the first move (one
    information set): zero-sum, so the LP gives the value 0 and (1/2, 1/2) for both.

    >>> mp = TreeGame.from_nodes(["A", "B"], [
    ...     Node.decision(0, ["H", "T"], [1, 2]),
    ...     Node.decision(1, ["h", "t"], [3, 4], infoset=1),
    ...     Node.decision(1, ["h", "t"], [5, 6], infoset=1),
    ...     Node.terminal([1, -1]), Node.terminal([-1, 1]),
    ...     Node.terminal([-1, 1]), Node.terminal([1, -1])])
    >>> eq = sequence_equilibrium(mp)
    >>> [str(p) for p in eq.behavior[0] + eq.behavior[1]], eq.value, eq.method
    (['1/2', '1/2', '1/2', '1/2'], Fraction(0, 1), 'lp')
    """
    sf = sequence_form(tree)
    tree = sf.tree
    if not any(nd.kind == DECISION for nd in tree.nodes):
        return _result(sf, {}, exact=tree.exact, method="lp", dimension=(0, 0),
                       tolerance=None if tree.exact else FLOAT_TOL)
    const = _constant_sum(tree)
    tol = FLOAT_TOL * max(1.0, _payoff_range(tree))
    if const is not None:
        x, v, shape = sequence_lp(sf, 0)
        y, _, _ = sequence_lp(sf, 1)
        bx, by = behavior_from_plan(sf, 0, list(x)), behavior_from_plan(sf, 1, list(y))
        if not tree.exact:
            behavior = {**bx, **by}
            res = _result(sf, behavior, exact=False, method="lp", dimension=shape,
                          value=v, tolerance=tol,
                          note="zero-sum: the value and optimal strategies of the LP")
            if res.regret > tol:
                raise SolverError(f"sequence-form LP: regret {res.regret:.3g} above the "
                                  f"tolerance {tol:.3g}")
            return res
        from .._exact.rational import DENOMINATOR_BOUNDS, rational_simplex

        for den in DENOMINATOR_BOUNDS:
            cand: dict[int, tuple] = {}
            for h, b in {**bx, **by}.items():
                r = rational_simplex(b, den)
                if r is None:
                    break
                cand[h] = tuple(r)
            else:
                _, regrets = tree_regrets(tree, cand)
                if all(g == 0 for g in regrets):
                    res = _result(sf, cand, exact=True, method="lp", dimension=shape)
                    return _with_value(res, res.payoffs[0], "zero-sum: the LP's optimal "
                                       "strategies, rationalised; certified by exact 0 regret")
        behavior, dim = _lcp_equilibrium(sf)
        res = _result(sf, behavior, exact=True, method="lcp", dimension=dim)
        return _with_value(res, res.payoffs[0], "zero-sum: the LP's rounding did not certify; "
                           "exact solution of the LCP (an equilibrium is an optimal pair)")
    behavior, dim = _lcp_equilibrium(sf)
    if tree.exact:
        res = _result(sf, behavior, exact=True, method="lcp", dimension=dim)
        if any(g != 0 for g in res.regrets):  # pragma: no cover - Lemke's end is an equilibrium
            raise SolverError("sequence-form LCP: the behaviour profile has positive regret")
        return res
    res = _result(sf, behavior, exact=False, method="lcp", dimension=dim, tolerance=tol,
                  note="float payoffs solved exactly at their binary values")
    if res.regret > tol:  # pragma: no cover - the exact solution has regret ~ rounding
        raise SolverError(f"sequence-form LCP: regret {res.regret:.3g} above {tol:.3g}")
    return res


def _with_value(res: SequenceEquilibrium, value: Any, note: str) -> SequenceEquilibrium:
    from dataclasses import replace

    return replace(res, value=value, note=note)
