"""Walk through the scenario's argument with treaty, end to end, and print the findings.

The argument (../shared/scenario/article.txt): containment of China's AI development by
export controls is failing because of cloud rental abroad, chip stacking and distillation;
deployment matters more than a few months of raw lead; a verified global safety pact may be
the better objective.  Each step loads one of the games in games/ and asks it a question.

Run from the repository root:  python examples/scenario_walkthrough.py
"""

from __future__ import annotations

from pathlib import Path

import treaty
from treaty._exact.numbers import format_number
from treaty.mechanics.repeated import critical_discount, repeated_settings
from treaty.mechanics.thresholds import threshold

GAMES = Path(__file__).resolve().parent.parent / "games"


def show(x) -> str:
    return format_number(x)


def step1_containment() -> None:
    print("1. Containment versus circumvention (games/export_controls.yaml)")
    path = GAMES / "export_controls.yaml"
    game = treaty.load(path)
    for eq in treaty.equilibria(game):
        print(f"   equilibrium: {eq.describe()}")
        cn = dict(zip(game.strategies[1], eq.strategies[1], strict=True))
        print(f"   China imports with probability {show(cn['import'])}; it distils with "
              f"probability {show(cn['distillation'])} and stacks chips with probability "
              f"{show(cn['stacking'])}")
    th = threshold(path, "e_distill", "containment")
    print(f"   containment (controls, China imports what gets through): {th.describe()}")
    th = threshold(path, "K", "containment")
    print(f"   it would hold only if China valued the frontier little: {th.describe()}")


def step2_deployment() -> None:
    print("2. The race to deployment (games/deployment_race.yaml)")
    path = GAMES / "deployment_race.yaml"
    game = treaty.load(path)
    print("   equilibria: " + "; ".join(e.describe() for e in treaty.equilibria(game)))
    th = threshold(path, "persist", "deployment")
    print(f"   {th.describe()}")


def step3_pact() -> None:
    print("3. The safety pact with verification (games/safety_pact.yaml)")
    path = GAMES / "safety_pact.yaml"
    game = treaty.load(path)
    p = game.info.parameters["p"]
    print(f"   at today's detection probability p = {show(p)} the equilibria are:")
    for eq in treaty.equilibria(game):
        print(f"     {eq.describe()}")
    th = threshold(path, "p", "pact")
    print(f"   {th.describe()}")
    low = th.intervals[0].lower
    print(f"   -> the pact becomes an equilibrium at detection probability {low.text} "
          f"(about {float(low.value):.3f})")
    th = threshold(path, "S", "pact")
    print(f"   or, keeping p = {show(p)}, with a sanction: {th.describe()}")


def step4_repeated() -> None:
    print("4. How patient must the powers be? (games/safety_pact_repeated.yaml)")
    game = treaty.load(GAMES / "safety_pact_repeated.yaml")
    s = repeated_settings(game)
    perfect = critical_discount(game, "pact")
    imperfect = critical_discount(game, "pact", detection=s.detection, discount=s.discount)
    print(f"   perfect monitoring: critical discount factor {show(perfect.critical_discount)}")
    print(f"   detection probability {show(s.detection)} per round: critical discount factor "
          f"{show(imperfect.critical_discount)}")
    print(f"   {imperfect.describe()}")


if __name__ == "__main__":
    step1_containment()
    step2_deployment()
    step3_pact()
    step4_repeated()
