"""One result protocol: immutable results with to_dict() (no arguments) and describe()."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest

import treaty
from treaty.results import Result

ROOT = Path(__file__).resolve().parents[2]
RACE = ROOT / "games" / "race_or_pact.yaml"
MEMBERS = ROOT / "games" / "ai_safety_pact_members.yaml"

# The public result classes: (module, class name); each must follow the protocol.
PUBLIC_RESULTS = [
    ("treaty.nash", "Equilibrium"),
    ("treaty.nash", "EquilibriumSet"),
    ("treaty.nash._dominance", "DominanceResult"),
    ("treaty.nash._zerosum", "ZeroSumResult"),
    ("treaty.mechanics.analysis", "Analysis"),
    ("treaty.mechanics.analysis", "TargetReport"),
    ("treaty.mechanics.thresholds", "Threshold"),
    ("treaty.mechanics.repeated", "Sustainability"),
    ("treaty.mechanics.repeated", "MinmaxValue"),
    ("treaty.mechanics.repeated", "PlayerCondition"),
    ("treaty.coalitions", "StabilityResult"),
    ("treaty.coalitions", "Coalition"),
    ("treaty.coalitions", "GrandCoalition"),
    ("treaty.coalitions", "TransferScheme"),
    ("treaty.coalitions", "TUSolutions"),
    ("treaty.coalitions", "FarsightedResult"),
    ("treaty.coalitions._results", "LeastCore"),
    ("treaty.coalitions._results", "Nucleolus"),
    ("treaty.coalitions._results", "CoalitionReport"),
]


def _cls(module: str, name: str) -> type:
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


@pytest.mark.parametrize("module,name", PUBLIC_RESULTS, ids=[n for _, n in PUBLIC_RESULTS])
def test_every_public_result_class_follows_the_protocol(module: str, name: str) -> None:
    cls = _cls(module, name)
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, name  # type: ignore[attr-defined]
    for method in ("to_dict", "describe"):
        fn = getattr(cls, method, None)
        assert callable(fn), f"{name}.{method} is missing"
        params = list(inspect.signature(fn).parameters)
        assert params == ["self"], f"{name}.{method} takes {params[1:]}: the protocol has none"
    assert not hasattr(cls, "summary"), f"{name} still has summary(); the protocol says describe()"


def test_no_to_dict_in_the_package_takes_an_argument() -> None:
    """Scan every module: a to_dict() that needs an argument breaks the one renderer."""
    offenders = []
    for mod in pkgutil.walk_packages(treaty.__path__, "treaty."):
        if mod.name.endswith("__main__"):
            continue
        m = importlib.import_module(mod.name)
        for name, cls in inspect.getmembers(m, inspect.isclass):
            if cls.__module__ != m.__name__ or "to_dict" not in cls.__dict__:
                continue
            required = [p for p in inspect.signature(cls.to_dict).parameters.values()
                        if p.name != "self" and p.default is inspect.Parameter.empty]
            if required:
                offenders.append(f"{m.__name__}.{name}")
    assert offenders == []


def _instances() -> list[Any]:
    from treaty.mechanics.analysis import analyze

    game = treaty.load(RACE)
    eqs = treaty.equilibria(game)
    pd = treaty.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    pennies = treaty.Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    rep = analyze(ROOT / "games" / "safety_pact_repeated.yaml")
    sus = rep.targets[0].sustainability[0]
    members = treaty.load(MEMBERS)
    stab = members.stability()
    tu = members.tu_solutions()
    from treaty.coalitions._results import CoalitionReport

    small = treaty.MembershipGame.public_good(["A", "B", "C"], [3, 2, 2], [2, 2, 2])
    out = [eqs, eqs[0], treaty.iterated_elimination(pd), treaty.solve_zero_sum(pennies), rep,
           rep.targets[0], rep.targets[0].thresholds[0], sus, sus.conditions[0], rep.minmax[0],
           stab, stab.stable[0], stab.grand, tu, tu.least_core, tu.nucleolus,
           small.farsighted(), small.transfer_scheme(["A", "B"]),
           CoalitionReport(members, stab, tu, None, 3)]
    return out


def test_every_result_instance_is_a_result_with_json_and_a_sentence() -> None:
    seen = set()
    for obj in _instances():
        assert isinstance(obj, Result), type(obj).__name__
        data = obj.to_dict()
        assert isinstance(data, dict)
        json.dumps(data)  # JSON-ready as it is
        text = obj.describe()
        assert isinstance(text, str) and text.strip() and "\n" not in text.strip()
        seen.add(type(obj).__name__)
    assert {n for _, n in PUBLIC_RESULTS} <= seen
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.top = 1  # type: ignore[misc]


# -- EquilibriumSet ------------------------------------------------------------------------
def test_replace_keeps_the_equilibria() -> None:
    """Was a dataclass on a list subclass: dataclasses.replace returned an empty set."""
    eqs = treaty.equilibria(treaty.load(RACE))
    noted = dataclasses.replace(eqs, note="checked by hand")
    assert len(noted) == len(eqs) == 3
    assert list(noted) == list(eqs) and noted.note == "checked by hand"
    assert noted.method == eqs.method and noted.components == eqs.components


def test_equilibrium_set_is_an_immutable_sequence() -> None:
    # battle of the sexes: (0,1)x(0,1), (2/3,1/3)x(1/3,2/3), (1,0)x(1,0), derived by hand
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    eqs = treaty.equilibria(g)
    assert len(eqs) == 3 and bool(eqs) and not treaty.EquilibriumSet()
    assert eqs[1].strategies == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))
    assert eqs[-1] is eqs.equilibria[2] and eqs[0:2] == eqs.equilibria[:2]
    assert [e for e in eqs] == list(eqs.equilibria) and eqs[1] in eqs
    assert eqs == treaty.equilibria(g) and hash(eqs) == hash(treaty.equilibria(g))
    assert not isinstance(eqs, list)
    with pytest.raises(dataclasses.FrozenInstanceError):
        eqs.note = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        eqs.equilibria[0] = eqs[1]  # type: ignore[index]
    assert isinstance(eqs.components, tuple) and isinstance(eqs.nash_subsets, tuple)


def test_more_than_two_players_says_incomplete() -> None:
    pay = [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]
    g = treaty.Game.from_arrays(pay, pay, pay)  # type: ignore[arg-type]
    eqs = treaty.equilibria(g, method="pure")
    assert eqs.method == "pure" and eqs.complete is False and "pure equilibria only" in eqs.note
    assert treaty.equilibria(g).complete  # support enumeration: every isolated equilibrium


# -- analysis --------------------------------------------------------------------------------
def test_target_report_to_dict_needs_no_argument() -> None:
    """Was TargetReport.to_dict(players): the report now stores its players."""
    from treaty.mechanics.analysis import analyze

    rep = analyze(ROOT / "games" / "deployment_race.yaml", thresholds=False)
    t = rep.targets[0]
    d = t.to_dict()
    assert d["name"] == "deployment" and list(d["profile"]) == list(rep.game.players)
    assert d["is_equilibrium"] is True and d["profitable_deviations"] == []
    assert rep.to_dict()["targets"][0] == d
    assert rep.to_dict()["equilibria"] == rep.equilibria.to_dict()


# -- enums -----------------------------------------------------------------------------------
def test_method_and_tie_rule_are_string_enums() -> None:
    import enum

    from treaty.coalitions import TieRule
    from treaty.nash import Method
    from treaty.nash._zerosum import ZeroSumMethod

    for cls in (Method, TieRule, ZeroSumMethod):
        assert issubclass(cls, enum.Enum) and issubclass(cls, str)
    assert Method("vertex") is Method.VERTEX and Method.VERTEX == "vertex"
    assert f"{Method.PURE}" == "pure" and json.dumps([Method.AUTO]) == '["auto"]'
    assert TieRule.ALL == (TieRule.STAY_JOIN, TieRule.STAY_OUT, TieRule.LEAVE_JOIN,
                           TieRule.LEAVE_OUT)
    assert TieRule.DEFAULT is TieRule.STAY_JOIN and TieRule.canonical("barrett") == "stay-join"
    assert TieRule.parse(TieRule.STAY_OUT) == (True, False)
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert treaty.equilibria(g, "vertex") == treaty.equilibria(g, Method.VERTEX)
    with pytest.raises(treaty.TreatyError, match="did you mean 'vertex'"):
        treaty.equilibria(g, "vertx")
