"""The error hierarchy: one meaning per class, and misuse of a public function raises a
:class:`~treaty.errors.TreatyError` subclass that is also a :class:`ValueError`.

Each case below is a misuse a person can make from Python; none may surface as a bare
``ValueError``/``KeyError``/``TypeError`` or as a :class:`SpecError` pretending to come from a
spec file (``"<spec>: ..."``).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treaty
from treaty import errors
from treaty.errors import GameError, GameTooLarge, ParameterError, SolverError, SpecError, TreatyError

GAMES = Path(__file__).resolve().parent.parent / "games"

# ------------------------------------------------------------------------------------------------
# the hierarchy itself


def test_hierarchy_is_shallow_with_one_meaning_per_class() -> None:
    assert issubclass(SpecError, TreatyError) and issubclass(SpecError, ValueError)
    assert issubclass(ParameterError, SpecError)
    assert issubclass(GameError, TreatyError) and issubclass(GameError, ValueError)
    assert issubclass(GameTooLarge, TreatyError) and issubclass(GameTooLarge, ValueError)
    assert issubclass(SolverError, TreatyError) and issubclass(SolverError, RuntimeError)
    assert not issubclass(SolverError, ValueError)
    # distinct meanings: no class derives from a sibling
    for a, b in [(GameError, SpecError), (GameTooLarge, SpecError), (GameTooLarge, GameError),
                 (SpecError, GameError)]:
        assert not issubclass(a, b)
    for cls in (TreatyError, SpecError, ParameterError, GameError, GameTooLarge, SolverError):
        assert cls.__doc__ and len(cls.__doc__.split()) > 8, f"{cls.__name__} needs its meaning documented"


def test_errors_are_public() -> None:
    for name in ("TreatyError", "SpecError", "ParameterError", "GameError", "GameTooLarge", "SolverError"):
        assert getattr(treaty, name) is getattr(errors, name)


def test_spec_error_location_format() -> None:
    e = SpecError("unknown strategy 'pakt'", file="pact.yaml", line=14, column=9, hint="did you mean 'pact'?")
    assert str(e) == "pact.yaml:14:9: unknown strategy 'pakt' (did you mean 'pact'?)"
    assert "\n" not in str(SpecError("two\nlines", file="f.yaml"))


#: Bare built-in raises that are allowed, each caught before it reaches a caller or part of a
#: protocol: the expression helpers' errors become located SpecErrors in Expression.evaluate;
#: ParameterSet.__getitem__ is a mapping lookup; Node.__iter__ guards a programming error; the
#: private exact kernel's conversions are validated by their callers.
ALLOWED_BARE = {
    ("spec/expressions.py", "ValueError"),
    ("spec/_params.py", "KeyError"),
    ("spec/_nodes.py", "TypeError"),
    ("_exact/numbers.py", "ValueError"),
    ("_exact/numbers.py", "TypeError"),
    ("_exact/_backend.py", "ValueError"),
}


def test_no_bare_builtin_or_base_class_raise_in_the_package() -> None:
    import ast

    root = Path(treaty.__file__).resolve().parent
    bad = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                    and isinstance(node.exc.func, ast.Name):
                name = node.exc.func.id
                if name == "TreatyError" or (
                        name in ("ValueError", "KeyError", "TypeError", "IndexError", "RuntimeError")
                        and (rel, name) not in ALLOWED_BARE):
                    bad.append(f"{rel}:{node.lineno}: raise {name}(...)")
    assert not bad, "raise a specific TreatyError subclass instead:\n" + "\n".join(bad)


# ------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def game() -> treaty.Game:
    return treaty.load(GAMES / "race_or_pact.yaml")


@pytest.fixture(scope="module")
def three_player() -> treaty.Game:
    a = np.arange(8).reshape(2, 2, 2)
    return treaty.Game.from_arrays(a, -a, a % 3, players=["A", "B", "C"])


@pytest.fixture(scope="module")
def membership() -> treaty.MembershipGame:
    return treaty.MembershipGame.public_good(["A", "B", "C"], benefit=[1, 1, 1], cost=[2, 2, 2])


def _misuse(call: Callable[[], Any], cls: type[TreatyError] = GameError) -> TreatyError:
    """Run *call*, which must fail with *cls*; return the error for further checks."""
    with pytest.raises(TreatyError) as info:
        call()
    err = info.value
    assert isinstance(err, cls), f"{type(err).__name__} raised, {cls.__name__} expected: {err}"
    assert isinstance(err, ValueError)
    assert "\n" not in str(err)
    if not isinstance(err, SpecError):
        # API misuse does not pretend to come from a spec file
        assert not str(err).startswith("<spec>")
    return err


# ------------------------------------------------------------------------------------------------
# Game


def test_game_payoffs_of_wrong_shape() -> None:
    _misuse(lambda: treaty.Game.from_arrays([[1, 2]], [[1, 2, 3]]))
    _misuse(lambda: treaty.Game.from_arrays([[1, 2]]))
    _misuse(lambda: treaty.Game(np.zeros((2, 2))))
    _misuse(lambda: treaty.Game(np.zeros((2, 2, 2, 2))))


def test_game_bad_names() -> None:
    a = np.zeros((2, 2))
    _misuse(lambda: treaty.Game.from_arrays(a, a, players=["A"]))
    _misuse(lambda: treaty.Game.from_arrays(a, a, players=["A", "A"]))
    _misuse(lambda: treaty.Game.from_arrays(a, a, strategies=[["x", "x"], ["y", "z"]]))
    _misuse(lambda: treaty.Game.from_arrays(a, a, strategies=[["x"], ["y", "z"]]))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", None, object()])
def test_game_non_numeric_payoffs(bad: Any) -> None:
    a = np.array([[1, bad], [0, 0]], dtype=object)
    _misuse(lambda: treaty.Game.from_arrays(a, a))


def test_game_unknown_player_strategy_profile(game: treaty.Game) -> None:
    err = _misuse(lambda: game.player_index("UK"))
    assert "UK" in str(err)
    _misuse(lambda: game.player_index(5))
    err = _misuse(lambda: game.strategy_index("US", "pakt"))
    assert "did you mean 'pact'" in str(err)
    _misuse(lambda: game.strategy_index("US", 7))
    _misuse(lambda: game.payoff(("pact",)))
    _misuse(lambda: game.payoff(("pact", "nope")))
    _misuse(lambda: game.profile_index({"US": "pact"}))
    _misuse(lambda: game.profile_index({"US": "pact", "CN": "pact", "UK": "race"}))


# ------------------------------------------------------------------------------------------------
# Nash solvers


def test_equilibria_unknown_method(game: treaty.Game) -> None:
    err = _misuse(lambda: treaty.equilibria(game, method="nope"))
    assert "nope" in str(err)
    err = _misuse(lambda: treaty.equilibria(game, method="vertx"))
    assert "vertex" in str(err)


def test_vertex_needs_two_players(three_player: treaty.Game) -> None:
    _misuse(lambda: treaty.equilibria(three_player, method="vertex"))


def test_solve_zero_sum_misuse(game: treaty.Game, three_player: treaty.Game) -> None:
    err = _misuse(lambda: treaty.solve_zero_sum(game))
    assert "zero-sum" in str(err)
    _misuse(lambda: treaty.solve_zero_sum(three_player))


def test_array_solvers_reject_bad_input() -> None:
    from treaty.nash._dominance import iterated_elimination as eliminate
    from treaty.nash._vertex import extreme_equilibria
    from treaty.nash._zerosum import solve_zero_sum as solve_matrix

    _misuse(lambda: extreme_equilibria(np.zeros((2, 2)), np.zeros((3, 2)), exact=True))
    _misuse(lambda: extreme_equilibria(np.array([[np.nan]]), np.array([[0.0]]), exact=False))
    _misuse(lambda: solve_matrix(np.zeros((0, 2)), exact=True))
    _misuse(lambda: solve_matrix(np.array([[np.inf, 0.0]]), exact=False))
    _misuse(lambda: eliminate(np.zeros((2, 2)), exact=False))
    _misuse(lambda: eliminate(np.array([[[np.nan]], [[0.0]]]), exact=False))


def test_equilibrium_unknown_player(game: treaty.Game) -> None:
    eq = treaty.equilibria(game)[0]
    _misuse(lambda: eq.strategy("UK"))
    _misuse(lambda: eq.payoff(9))


# ------------------------------------------------------------------------------------------------
# spec readers


def test_load_unknown_parameter_and_bad_value() -> None:
    err = _misuse(lambda: treaty.load(GAMES / "race_or_pact.yaml", params={"gg": 1}), ParameterError)
    assert "did you mean 'g'" in str(err)
    _misuse(lambda: treaty.load(GAMES / "race_or_pact.yaml", params={"g": "abc"}), ParameterError)
    _misuse(lambda: treaty.load(GAMES / "race_or_pact.yaml", params={"g": -1}), ParameterError)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TreatyError):
        treaty.load(tmp_path / "missing.yaml")


def test_loads_bad_text() -> None:
    _misuse(lambda: treaty.loads("players: [\n"), SpecError)
    _misuse(lambda: treaty.loads("treaty: 1\nkind: nope\n"), SpecError)


# ------------------------------------------------------------------------------------------------
# treaty mechanics


def test_verification_misuse(game: treaty.Game) -> None:
    _misuse(lambda: treaty.add_verification(game, treaty.Mechanism(commitment="nope")))
    _misuse(lambda: treaty.add_verification(game, treaty.Mechanism(commitment="pact", detection=2)))
    _misuse(lambda: treaty.deterrence_threshold(1, -2))


def test_repeated_misuse(game: treaty.Game) -> None:
    _misuse(lambda: treaty.critical_discount(game, "nope"))
    _misuse(lambda: treaty.critical_discount(game, ("pact", "pact"), periods=0))
    _misuse(lambda: treaty.critical_discount(game, ("pact", "pact"), discount=3))
    _misuse(lambda: treaty.critical_discount(game, ("pact", "pact"), detection=2))
    _misuse(lambda: treaty.critical_discount(game, ("pact", "pact"), reversion=("nope", "race")))


def test_threshold_misuse(game: treaty.Game) -> None:
    path = GAMES / "race_or_pact.yaml"
    _misuse(lambda: treaty.threshold(path, "gg", "pact"), SpecError)
    _misuse(lambda: treaty.threshold(path, "g", "nope"))
    _misuse(lambda: treaty.threshold(path, "g", "pact", bounds=(3, 1)))
    _misuse(lambda: treaty.threshold(path, "g", "pact", bounds=("a", 1)))
    _misuse(lambda: treaty.threshold(game, "g", "pact", bounds=(None,)))
    # an unknown override is named, not swallowed into "cannot be built for any value"
    err = _misuse(lambda: treaty.threshold(game, "g", "pact", params={"zz": 1}), ParameterError)
    assert "zz" in str(err)


def test_analyze_wrong_kind() -> None:
    _misuse(lambda: treaty.analyze(GAMES / "ai_safety_pact_members.yaml"))


# ------------------------------------------------------------------------------------------------
# coalitions


def test_membership_game_misuse() -> None:
    _misuse(lambda: treaty.MembershipGame.public_good(["A", "B"], benefit=[1], cost=[1, 1]))
    _misuse(lambda: treaty.MembershipGame.public_good(["A", "A"], benefit=[1, 1], cost=[1, 1]))
    _misuse(lambda: treaty.MembershipGame.public_good(["A", "B"], benefit=[1, 1], cost=[0, 1]))
    _misuse(lambda: treaty.MembershipGame.public_good([], benefit=[], cost=[]))


def test_coalition_masks_and_rules(membership: treaty.MembershipGame) -> None:
    err = _misuse(lambda: membership.mask(["A", "Z"]))
    assert "Z" in str(err)
    _misuse(lambda: membership.mask(8))
    _misuse(lambda: membership.mask(-1))
    _misuse(lambda: membership.mask([5]))
    _misuse(lambda: membership.stability(rule="nope"))


def test_transfer_scheme_bad_mask(membership: treaty.MembershipGame) -> None:
    from treaty.coalitions import transfer_scheme

    _misuse(lambda: membership.transfer_scheme(0))
    _misuse(lambda: membership.transfer_scheme(1 << 5))
    _misuse(lambda: membership.transfer_scheme(["A", "B"], weights=[1]))
    _misuse(lambda: membership.transfer_scheme(["A", "B"], weights=[2, -1]))
    _misuse(lambda: transfer_scheme(membership.model, membership.players, 0))
    _misuse(lambda: transfer_scheme(membership.model, membership.players, 1 << 5))


def test_tu_functions_reject_wrong_length() -> None:
    from treaty.coalitions import shapley_value

    _misuse(lambda: shapley_value(np.zeros(3)))


def test_too_large_is_its_own_class() -> None:
    players = [f"c{i}" for i in range(30)]
    big = treaty.MembershipGame.public_good(players, benefit=[1] * 30, cost=[2] * 30)
    _misuse(lambda: big.stability(max_players=10), GameTooLarge)


# ------------------------------------------------------------------------------------------------
# random junk into public entry points: only TreatyError subclasses come out
#
# Junk values are of the annotated type (a str or int where a name is expected, a mapping where
# params are expected, anything where the annotation is Any): every wrong *value* must give a
# TreatyError.  An argument of the wrong Python type (None where a sequence is annotated) may
# raise TypeError, as it does throughout Python.

SCALAR = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
          | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8)
          | st.fractions(max_denominator=100))
JUNK = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=6,
)
NAME = st.text(max_size=8) | st.integers(-3, 5) | st.sampled_from(["US", "CN", "pact", "race", "A", "B"])
PROFILE = st.lists(NAME, max_size=3) | st.dictionaries(NAME.filter(lambda x: isinstance(x, str)), NAME,
                                                       max_size=3)
NUMBER_ISH = SCALAR | st.sampled_from(["1/2", "0.3", "x"])
MATRIX = st.lists(st.lists(SCALAR | st.integers(-3, 3), min_size=0, max_size=3), max_size=3)

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _only_treaty_errors(call: Callable[[], Any]) -> None:
    try:
        call()
    except TreatyError:
        pass


@FUZZ
@given(name=NAME, profile=PROFILE, method=st.text(max_size=8) | JUNK)
def test_fuzz_game_lookups(game: treaty.Game, name: Any, profile: Any, method: Any) -> None:
    _only_treaty_errors(lambda: game.player_index(name))
    _only_treaty_errors(lambda: game.strategy_index(0, name))
    _only_treaty_errors(lambda: game.strategy_index(name, 0))
    _only_treaty_errors(lambda: game.payoff(list(profile)))
    _only_treaty_errors(lambda: game.profile_index(profile))
    _only_treaty_errors(lambda: treaty.equilibria(game, method=method))
    _only_treaty_errors(lambda: treaty.critical_discount(game, list(profile)))


@FUZZ
@given(a=MATRIX, b=MATRIX, junk=JUNK)
def test_fuzz_game_construction(a: Any, b: Any, junk: Any) -> None:
    _only_treaty_errors(lambda: treaty.Game.from_arrays(a, b))
    _only_treaty_errors(lambda: treaty.Game([a, b]))
    _only_treaty_errors(lambda: treaty.Game(junk))


@FUZZ
@given(a=NUMBER_ISH, b=NUMBER_ISH, c=NUMBER_ISH)
def test_fuzz_closed_forms(game: treaty.Game, a: Any, b: Any, c: Any) -> None:
    _only_treaty_errors(lambda: treaty.deterrence_threshold(a, b))
    _only_treaty_errors(lambda: treaty.grim_trigger_threshold(a, b, c))
    _only_treaty_errors(lambda: treaty.min_detection(a, b, c, Fraction(1, 2)))
    _only_treaty_errors(lambda: treaty.critical_discount(game, "pact", discount=a))
    _only_treaty_errors(lambda: treaty.critical_discount(game, "pact", detection=b))


@FUZZ
@given(coalition=st.integers(-4, 20) | st.lists(NAME, max_size=4), rule=st.text(max_size=8),
       values=st.lists(SCALAR, min_size=0, max_size=3))
def test_fuzz_coalitions(membership: treaty.MembershipGame, coalition: Any, rule: str, values: Any) -> None:
    _only_treaty_errors(lambda: membership.mask(coalition))
    _only_treaty_errors(lambda: membership.transfer_scheme(coalition))
    _only_treaty_errors(lambda: membership.transfer_scheme(["A", "B"], weights=values))
    _only_treaty_errors(lambda: membership.stability(rule=rule))
    _only_treaty_errors(lambda: treaty.MembershipGame.public_good(["A", "B"], benefit=values, cost=[1, 1]))


@FUZZ
@given(junk=JUNK, params=st.dictionaries(st.text(max_size=3) | st.sampled_from(["g", "c"]), JUNK, max_size=3))
def test_fuzz_parameters(junk: Any, params: Any) -> None:
    _only_treaty_errors(lambda: treaty.load(GAMES / "race_or_pact.yaml", params={"g": junk}))
    _only_treaty_errors(lambda: treaty.load(GAMES / "race_or_pact.yaml", params=params))
