"""Walk through the scenario's argument with treaty, end to end, and print the findings.

The argument (summarised in docs/scenario.md): containment of China's AI development by
export controls is failing because of compute rented abroad, chip stacking and distillation;
deployment matters more than a few months of raw lead; a verified global safety pact may be
the better objective.  Each step loads one of the games in games/ and asks it a question.
Only the public API is used (``import treaty``).

Run from the repository root:  python examples/scenario_walkthrough.py
"""

from __future__ import annotations

from pathlib import Path

import treaty

GAMES = Path(__file__).resolve().parent.parent / "games"


def step1_containment() -> None:
    print("1. Containment versus circumvention (games/export_controls.yaml)")
    path = GAMES / "export_controls.yaml"
    game = treaty.load(path)
    for eq in treaty.equilibria(game):
        print(f"   equilibrium: {eq.describe()}")
        cn = dict(zip(game.strategies[1], eq.strategies[1]))
        print(f"   China imports with probability {cn['import']}; it distils with "
              f"probability {cn['distillation']} and stacks chips with probability "
              f"{cn['stacking']}")
    th = treaty.threshold(path, "e_distill", "containment")
    print(f"   containment (controls, China imports what gets through): {th.describe()}")
    th = treaty.threshold(path, "K", "containment")
    print(f"   it would hold only if China valued the frontier little: {th.describe()}")


def step2_deployment() -> None:
    print("2. The race to deployment (games/deployment_race.yaml)")
    path = GAMES / "deployment_race.yaml"
    game = treaty.load(path)
    print("   equilibria: " + "; ".join(e.describe() for e in treaty.equilibria(game)))
    th = treaty.threshold(path, "persist", "deployment")
    print(f"   {th.describe()}")


def step3_pact() -> None:
    print("3. The safety pact with verification (games/safety_pact.yaml)")
    path = GAMES / "safety_pact.yaml"
    game = treaty.load(path)
    p = game.info.parameters["p"]
    print(f"   at today's detection probability p = {p} the equilibria are:")
    for eq in treaty.equilibria(game):
        print(f"     {eq.describe()}")
    th = treaty.threshold(path, "p", "pact")
    print(f"   {th.describe()}")
    low = th.intervals[0].lower
    print(f"   -> the pact becomes an equilibrium at detection probability {low.text} "
          f"(about {float(low.value):.3f})")
    th = treaty.threshold(path, "S", "pact")
    print(f"   or, keeping p = {p}, with a sanction: {th.describe()}")
    if th.intervals:
        print(f"   -> at p = {p} the pact needs a sanction S of at least "
              f"{th.intervals[0].lower.text}")


def step4_repeated() -> None:
    print("4. How patient must the powers be? (games/safety_pact_repeated.yaml)")
    game = treaty.load(GAMES / "safety_pact_repeated.yaml")
    s = treaty.repeated_settings(game)
    perfect = treaty.critical_discount(game, "pact")
    print(f"   perfect monitoring: critical discount factor {perfect.critical_discount}")
    if s is None:
        return
    imperfect = treaty.critical_discount(game, "pact", detection=s.detection, discount=s.discount)
    print(f"   detection probability {s.detection} per round: critical discount factor "
          f"{imperfect.critical_discount}")
    print(f"   {imperfect.describe()}")


def step5_negotiation() -> None:
    print("5. Which terms would both powers sign? (the negotiation section of games/safety_pact.yaml)")
    path = GAMES / "safety_pact.yaml"
    game = treaty.load(path)
    d = treaty.disagreement_point(game, **game.negotiation.disagreement_arguments())
    print(f"   outside option (no pact: containment and circumvention): {d.describe()}")
    for term in ("p", "S"):
        zone = treaty.zone_of_agreement(path, [term])
        print(f"   zone of agreement over {term}: {zone.describe()}")
        if zone.intervals:
            print(f"   -> both powers sign and keep the pact for {term} from "
                  f"{zone.intervals[0].lower.text}")
    grid = treaty.zone_of_agreement(path, steps=11)
    print(f"   over S and p together: {grid.describe()}")
    p_in = "1/2"
    deal = treaty.negotiate(path, params={"p": p_in})
    print(f"   at detection probability {p_in}: {deal.describe()}")
    agreed = deal.enforceable or deal.cooperative
    if agreed is not None:
        gains = ", ".join(f"{pl} gains {g}" for pl, g in zip(agreed.players, agreed.gains))
        print(f"   -> {gains}; shares of the gain "
              + ", ".join(f"{pl} {sh}" for pl, sh in zip(agreed.players, agreed.shares)))
    print(f"   mediator: {deal.mediation.describe()}")
    rd = treaty.selection_threshold(path, "p", "pact", ("race", "race"))
    print(f"   which equilibrium: {rd.describe()}")


if __name__ == "__main__":
    step1_containment()
    step2_deployment()
    step3_pact()
    step4_repeated()
    step5_negotiation()
