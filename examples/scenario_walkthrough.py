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
    seq = treaty.threshold(GAMES / "export_controls_sequence.yaml", "c_cloud", None)
    print(f"   played in sequence (games/export_controls_sequence.yaml): {seq.describe()}")
    print(f"   -> under controls China stops renting compute abroad, and stacks chips instead, once "
          f"renting costs it c_cloud >= {seq.intervals[0].lower.text}")


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


def _names(members: tuple[str, ...] | list[str]) -> str:
    return ", ".join(members)


def step6_many_countries() -> None:
    print("6. Designing the pact for many countries (games/ai_supply_chain.yaml, "
          "games/ai_safety_pact_members.yaml)")
    chain = treaty.load(GAMES / "ai_supply_chain.yaml")
    scan = chain.stability()
    stable_pacts = (f"{scan.n_stable} of the {2 ** len(chain.players)} coalitions are stable pacts"
                    if scan.n_stable else
                    f"none of the {2 ** len(chain.players)} coalitions is a stable pact")
    print(f"   a compute-governance pact of the supply chain: {stable_pacts} without a "
          "participation clause")
    sea = chain.players.index("SEA")
    by_members = treaty.smallest_clause(chain, including="SEA")
    print(f"   the smallest clause by members that brings in SEA: {by_members.describe()}")
    pay = ", ".join(f"{pl} {by_members.payoffs[chain.players.index(pl)]}" for pl in by_members.members)
    print(f"   -> its members get {pay}; without the pact SEA gets {by_members.no_pact[sea]}")
    by_share = treaty.smallest_clause(chain, weights="compute", including="SEA")
    print(f"   -> or in force once members hold a share of the world's compute of at least "
          f"{by_share.threshold} (more than the US and China's 60/100 alone): "
          f"{{{_names(by_share.members)}}}, holding {by_share.share}")
    costly = treaty.load(GAMES / "ai_supply_chain.yaml", params={"host_cost": "5/2"})
    dear = treaty.smallest_clause(costly, including="SEA")
    print(f"   -> if SEA's monitoring cost rises to 5/2, the smallest clause asks for "
          f"{dear.threshold} members: {{{_names(dear.members)}}}, SEA gets {dear.payoffs[sea]}")

    members = treaty.load(GAMES / "ai_safety_pact_members.yaml")
    open_scan = members.stability()
    print("   a safety pact of twelve countries, open membership: stable pacts "
          + "; ".join(f"{{{_names(c.members)}}}" for c in open_scan.stable))
    club = members.stability(membership="exclusive")
    print(f"   exclusive membership (members refuse entrants): {club.n_stable} stable pacts")
    for c in club.stable:
        refused = f", refusing {_names(c.refused)}" if c.refused else ""
        print(f"     {{{_names(c.members)}}}{refused}")
    n_ps = club.counts["potentially_stable"]
    best = max(club.potentially_stable, key=lambda c: c.total)
    print(f"   with transfers: {n_ps} pacts are potentially stable, the largest of "
          f"{max(len(c.members) for c in club.potentially_stable)} countries; the best by the "
          f"world's total payoff is {{{_names(best.members)}}} (total {best.total}, surplus {best.surplus})")
    rule = best.sharing
    print("   -> its sharing rule (outside option plus an equal share of the surplus): "
          + ", ".join(f"{pl} {x}" for pl, x in zip(rule.members, rule.shares)))
    print(f"   -> {rule.describe()}")
    west, east = ["US", "UK", "EU", "JP", "NL", "KR", "TW"], ["CN", "SG", "MY"]
    world = members.structures(blocs={"West": west, "East": east}).evaluated
    verdict = {True: "stable", False: "not stable"}
    print(f"   two blocs, the West {{{_names(west)}}} and the East {{{_names(east)}}}: "
          f"{verdict[world.nash_stable]} under open membership (Nash), "
          f"{verdict[world.individually_stable]} under exclusive membership (individually)")
    print("   -> would leave its bloc to stand alone: "
          + ", ".join(f"{m.country} (gains {m.gain})" for m in world.moves if m.alone))
    refusers: dict[tuple[str, ...], list[str]] = {}
    for m in world.moves:
        if m.blocked_by:
            refusers.setdefault(m.blocked_by, [])
            if m.country not in refusers[m.blocked_by]:
                refusers[m.blocked_by].append(m.country)
    print("   -> every move into another bloc is refused: "
          + "; ".join(f"{_names(by)} refuse{'s' if len(by) == 1 else ''} {_names(movers)}"
                      for by, movers in refusers.items()))
    us = next(m for m in world.moves if m.country == "US")
    print(f"   -> the US would gain {us.gain} in the {us.target_name} bloc, which refuses it")


if __name__ == "__main__":
    step1_containment()
    step2_deployment()
    step3_pact()
    step4_repeated()
    step5_negotiation()
    step6_many_countries()
