"""examples/scenario_walkthrough.py runs on the public API and prints numbers that theory gives.

Each expected number is computed here from a closed form and the parameters written in the
game files, never from the program's output:

* the pact threshold of the inspection game, p* = (g + a h) / (g + S), and the sanction that
  deters at a given p, S* = ((1 - p) g + a h) / p (Avenhaus, von Stengel and Zamir 2002);
* the critical discount factor of grim trigger, delta* = (T - R) / (T - P) under perfect
  monitoring (Friedman 1971) and (T - R) / (T - R + p (R - P)) when a violation is detected
  with probability p per round;
* the tree threshold of the export-control sequence: renting compute abroad under controls and
  sanctions is worth K e_cloud (1 - p_cloud kyc) - c_cloud - p_cloud S to China against
  K e_stack - c_stack for stacking;
* step 6 (pact design): every stability notion decided here from its definition on payoffs
  written out from the spec (the supply-chain pact's ``benefit * s - cost`` and
  ``(benefit + rent) * s``; the public-good game's ``q_i = B_S / c_i`` and
  ``b_i Q - c_i q_i^2 / 2``; the partition function ``b_i Q - B_T^2 / (2 c_i)``), by exhaustive
  scans in exact arithmetic that share nothing with treaty's vectorised ones.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "scenario_walkthrough.py"


def parameters(name: str) -> dict[str, Fraction]:
    """The default parameter values written in a game file (plain numbers in these files)."""
    doc = yaml.safe_load((ROOT / "games" / name).read_text())
    out = {}
    for key, spec in doc["parameters"].items():
        value = spec["value"] if isinstance(spec, dict) else spec
        out[key] = Fraction(str(value))
    return out


@pytest.fixture(scope="module")
def out() -> str:
    """The walkthrough's printed output (the script runs once for the whole module)."""
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def printed(pattern: str, text: str) -> Fraction:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in the output:\n{text}"
    return Fraction(match.group(1))


def test_example_uses_only_the_public_api() -> None:
    tree = ast.parse(SCRIPT.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name == "treaty" or not name.startswith("treaty"), name
    assert "treaty._" not in SCRIPT.read_text()
    assert "treaty.mechanics" not in SCRIPT.read_text()


def test_example_prints_the_theoretical_numbers(out: str) -> None:

    # the verified pact: compliance 'pact' against a covert violation (the binding deviation)
    sp = parameters("safety_pact.yaml")
    g, a, h, s, p = sp["g"], sp["a"], sp["h"], sp["S"], sp["p"]
    p_star = (g + a * h) / (g + s)
    assert p_star == Fraction(31, 90)
    assert printed(r"equilibrium at detection probability (\S+)", out) == p_star
    s_star = ((1 - p) * g + a * h) / p
    assert (p, s_star) == (Fraction(1, 4), Fraction(47, 5))
    assert printed(r"needs a sanction S of at least (\S+)", out) == s_star

    # negotiation (step 5): against containment as the outside option, the zone of agreement
    # starts where the pact becomes an equilibrium (participation does not bind: the pact pays
    # each power more than containment), at the same p* and S* as above
    assert printed(r"keep the pact for p from (\S+)", out) == p_star
    assert printed(r"keep the pact for S from (\S+)", out) == s_star
    # at p = 1/2 the agreement is the pact itself: each power's payoff is V - m - a h (its
    # monitoring cost and the expected cost of a false accusation), its gain that minus its
    # disagreement payoff, its share the gain over the total gain
    pact_payoff = sp["V"] - sp["m"] - a * h
    d_us = printed(r"Disagreement point US (\S+),", out)
    d_cn = printed(r"Disagreement point US \S+, CN ([^:\s]+):", out)
    # (the outside option itself is checked against nashpy below)
    gain_us, gain_cn = pact_payoff - d_us, pact_payoff - d_cn
    assert printed(r"US gains (\S+),", out) == gain_us
    assert printed(r"CN gains (\S+);", out) == gain_cn
    assert printed(r"shares of the gain US (\S+),", out) == gain_us / (gain_us + gain_cn)
    # the pact maximises the total payoff at p = 1/2, so no correlated equilibrium beats it
    assert "A mediator adds nothing" in out

    # the repeated pact: stage payoffs of the prisoners' dilemma in the spec's assumptions
    rp = parameters("safety_pact_repeated.yaml")
    reward = rp["V"] - rp["m"]
    temptation = rp["V"] + rp["g"] - rp["c"] / 2
    punishment = rp["V"] - rp["c"]
    perfect = (temptation - reward) / (temptation - punishment)
    assert perfect == Fraction(3, 11)
    assert printed(r"perfect monitoring: critical discount factor (\S+)", out) == perfect
    det = rp["p"]
    imperfect = (temptation - reward) / (temptation - reward + det * (reward - punishment))
    assert (det, imperfect) == (Fraction(1, 2), Fraction(3, 7))
    assert printed(rf"detection probability {det} per round: critical discount factor (\S+)",
                   out) == imperfect

    # deployment: deviating to the frontier pays L persist - f against D, so deploying holds
    # for persist <= (D + f) / L
    dr = parameters("deployment_race.yaml")
    persist = (dr["D"] + dr["f"]) / dr["L"]
    assert persist == Fraction(4, 5)
    assert printed(r"bind at persist = (\S+)", out) == persist


def test_outside_option_is_nashpys_only_equilibrium(out: str) -> None:
    # the outside option of step 5 is the only equilibrium of export_controls.yaml, found
    # independently by nashpy's vertex enumeration
    nashpy = pytest.importorskip("nashpy")
    import treaty

    d_us = printed(r"Disagreement point US (\S+),", out)
    d_cn = printed(r"Disagreement point US \S+, CN ([^:\s]+):", out)
    ec = treaty.load(ROOT / "games" / "export_controls.yaml")
    A, B = ec.float_payoffs
    eqs = list(nashpy.Game(A, B).vertex_enumeration())
    assert len(eqs) == 1
    x, y = eqs[0]
    assert abs(x @ A @ y - float(d_us)) < 1e-9 and abs(x @ B @ y - float(d_cn)) < 1e-9


def test_tree_threshold_in_step_1(out: str) -> None:
    # under controls and a sanction of every detected violation, renting abroad is worth
    # K e_cloud (1 - p_cloud kyc) - c_cloud - p_cloud S, stacking K e_stack - c_stack: China
    # stops renting once c_cloud reaches the difference
    v = parameters("export_controls_sequence.yaml")
    cloud = v["K"] * v["e_cloud"] * (1 - v["p_cloud"] * v["kyc"]) - v["p_cloud"] * v["S"]
    c_star = cloud - (v["K"] * v["e_stack"] - v["c_stack"])
    assert c_star == Fraction(7, 10)
    assert printed(r"once renting costs it c_cloud >= (\S+)", out) == c_star


# ---------------------------------------------------------------------------------------------
# step 6: pact design, every notion from its definition

Payoffs = Callable[[frozenset[str]], dict[str, Fraction]]


def step6(out: str) -> str:
    return out[out.index("6. Designing the pact"):]


def names(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(","))


def spec_value(value: object, params: dict[str, Fraction]) -> Fraction:
    """A country attribute of the spec: a number, a parameter, or a product of them (no eval)."""
    out = Fraction(1)
    for factor in str(value).split("*"):
        factor = factor.strip()
        out *= params[factor] if factor in params else Fraction(factor)
    return out


def countries(name: str, params: dict[str, Fraction] | None = None) -> dict[str, dict[str, Fraction]]:
    doc = yaml.safe_load((ROOT / "games" / name).read_text())
    values = parameters(name) | (params or {})
    return {c["name"]: {k: spec_value(v, values) for k, v in c.items() if k != "name"}
            for c in doc["countries"]}


def coalitions(players: Sequence[str], min_size: int = 0) -> list[frozenset[str]]:
    return [frozenset(c) for r in range(min_size, len(players) + 1)
            for c in itertools.combinations(players, r)]


def cached(pay: Payoffs) -> Payoffs:
    memo: dict[frozenset[str], dict[str, Fraction]] = {}

    def f(s: frozenset[str]) -> dict[str, Fraction]:
        if s not in memo:
            memo[s] = pay(s)
        return memo[s]
    return f


def internal(pay: Payoffs, s: frozenset[str]) -> bool:
    """No member gains strictly by leaving (an indifferent member stays)."""
    return all(pay(s)[i] >= pay(s - {i})[i] for i in s)


def joiners(pay: Payoffs, s: frozenset[str], players: Sequence[str]) -> list[str]:
    """Outsiders that would join (stay-join: an indifferent outsider joins)."""
    return [j for j in players if j not in s and pay(s | {j})[j] >= pay(s)[j]]


def stable(pay: Payoffs, s: frozenset[str], players: Sequence[str]) -> bool:
    return internal(pay, s) and not joiners(pay, s, players)


def supply_chain(params: dict[str, Fraction] | None = None) -> tuple[list[str], dict, Payoffs]:
    """games/ai_supply_chain.yaml: a member gets benefit s - cost, an outsider (benefit + rent) s."""
    cs = countries("ai_supply_chain.yaml", params)
    total = sum(c["compute"] for c in cs.values())

    def pay(s: frozenset[str]) -> dict[str, Fraction]:
        share = sum(cs[i]["compute"] for i in s) / total
        return {i: c["benefit"] * share - c["cost"] if i in s else (c["benefit"] + c["rent"]) * share
                for i, c in cs.items()}
    return list(cs), cs, cached(pay)


def clause_game(pay: Payoffs, in_force: Callable[[frozenset[str]], bool]) -> Payoffs:
    """The clause game: below the threshold the pact is not in force (everyone gets pi(empty))."""
    return cached(lambda s: pay(s) if in_force(s) else pay(frozenset()))


def smallest_clause_by_hand(players: list[str], pay: Payoffs, thresholds: Sequence[object],
                            in_force: Callable[[object, frozenset[str]], bool]
                            ) -> tuple[object, frozenset[str]]:
    """The first threshold under which a pact (2+ members) including SEA is stable, and the largest
    such pact (ties: the larger total payoff)."""
    with_sea = [s for s in coalitions(players, 2) if "SEA" in s]
    for t in thresholds:
        game = clause_game(pay, lambda s, t=t: in_force(t, s))
        found = [s for s in with_sea if in_force(t, s) and stable(game, s, players)]
        if found:
            return t, max(found, key=lambda s: (len(s), sum(game(s)[i] for i in s)))
    raise AssertionError("no clause")


def test_step6_supply_chain_clause(out: str) -> None:
    text = step6(out)
    players, cs, pay = supply_chain()
    assert sum(c["compute"] for c in cs.values()) == 100
    # without a clause no pact (2+ members) is stable
    assert not any(stable(pay, s, players) for s in coalitions(players, 2))
    assert "supply chain: none of the 1024 coalitions is a stable pact" in text

    # a member of a pact at the threshold compares its payoff with the no-pact payoff 0: SEA
    # (benefit 3, cost 2) stays iff 3 s - 2 >= 0, s >= 2/3. Its best partner pair holds 40 + 20
    # percent (72 in all); without China at most 40 + 9 (61): only {US, CN, SEA} qualifies,
    # and no pair with SEA (at most 52 percent)
    sea = cs["SEA"]
    need = sea["cost"] / sea["benefit"]
    assert need == Fraction(2, 3)
    other = {k: c["compute"] for k, c in cs.items() if k != "SEA"}
    best_pairs = sorted((a + b for a, b in itertools.combinations(other.values(), 2)), reverse=True)
    assert (sea["compute"] + best_pairs[0]) / 100 == Fraction(18, 25) >= need
    assert (sea["compute"] + best_pairs[1]) / 100 == Fraction(61, 100) < need
    assert (sea["compute"] + max(other.values())) / 100 < need
    k, pact = smallest_clause_by_hand(players, pay, range(2, len(players) + 1),
                                      lambda k, s: len(s) >= k)
    assert (k, pact) == (3, frozenset({"US", "CN", "SEA"}))
    assert printed(r"a clause requiring (\d+) members", text) == k
    s = Fraction(18, 25)
    hand = {pl: cs[pl]["benefit"] * s - cs[pl]["cost"] for pl in ("US", "CN", "SEA")}
    assert hand == {"US": Fraction(21, 5), "CN": Fraction(16, 5), "SEA": Fraction(4, 25)}
    got = re.search(r"members get US (\S+), CN (\S+), SEA (\S+);", text)
    assert got and tuple(map(Fraction, got.groups())) == (hand["US"], hand["CN"], hand["SEA"])
    assert printed(r"without the pact SEA gets (\S+)", text) == 0

    # by compute share: SEA is pivotal iff the US and China alone (60 percent) fall below the
    # threshold, so it must exceed 3/5; the smallest share a coalition holds above that is 61/100
    held = {c: sum(cs[i]["compute"] for i in c) / 100 for c in coalitions(players)}
    shares = sorted(set(held.values()) - {0})
    t, pact = smallest_clause_by_hand(players, pay, shares, lambda t, c: held[c] >= t)
    assert t == min(x for x in shares if x > Fraction(3, 5)) == Fraction(61, 100)
    assert pact == frozenset({"US", "CN", "SEA"})
    assert printed(r"compute of at least (\S+)", text) == t
    assert printed(r"\{US, CN, SEA\}, holding (\S+)", text) == s

    # SEA's cost 5/2: s >= 5/6, beyond any pact of 4 with SEA (72 + 9 = 81 percent)
    players, cs, pay = supply_chain({"host_cost": Fraction(5, 2)})
    assert cs["SEA"]["cost"] / cs["SEA"]["benefit"] == Fraction(5, 6)
    assert (cs["SEA"]["compute"] + sum(sorted(other.values())[-3:])) / 100 < Fraction(5, 6)
    k, pact = smallest_clause_by_hand(players, pay, range(2, len(players) + 1),
                                      lambda k, s: len(s) >= k)
    assert k == 5
    got = re.search(r"cost rises to 5/2, the smallest clause asks for (\d+) members: \{([^}]*)\}, "
                    r"SEA gets (\S+)", text)
    assert got and int(got.group(1)) == k and names(got.group(2)) == pact
    assert Fraction(got.group(3)) == pay(pact)["SEA"] == 3 * Fraction(87, 100) - Fraction(5, 2)


def public_good() -> tuple[list[str], dict, Payoffs]:
    """games/ai_safety_pact_members.yaml: members set q_i = B_S / c_i, outsiders b_j / c_j, and
    i gets b_i Q - c_i q_i^2 / 2."""
    cs = countries("ai_safety_pact_members.yaml")

    def pay(s: frozenset[str]) -> dict[str, Fraction]:
        b_s = sum(cs[i]["benefit"] for i in s)
        q = {i: (b_s if i in s else c["benefit"]) / c["cost"] for i, c in cs.items()}
        total = sum(q.values())
        return {i: c["benefit"] * total - c["cost"] * q[i] ** 2 / 2 for i, c in cs.items()}
    return list(cs), cs, cached(pay)


def test_step6_membership_rules_and_transfers(out: str) -> None:
    import treaty

    text = step6(out)
    players, cs, pay = public_good()
    game = treaty.load(ROOT / "games" / "ai_safety_pact_members.yaml")
    assert list(game.players) == players
    for s in (frozenset(players), frozenset({"US", "IN", "SG", "MY"})):  # the spec, transcribed
        assert tuple(game.payoffs(sorted(s))) == tuple(pay(s)[i] for i in players)
    pacts = coalitions(players, 2)

    # open membership
    open_stable = [s for s in pacts if stable(pay, s, players)]
    assert open_stable == [frozenset({"US", "CN"})]
    got = re.search(r"open membership: stable pacts (.*)", text)
    assert got and [names(x.strip(" {}")) for x in got.group(1).split(";")] == open_stable

    # exclusive: every outsider that would join is refused by a member it would leave worse off
    club: dict[frozenset[str], frozenset[str]] = {}
    for s in pacts:
        if not internal(pay, s):
            continue
        want = joiners(pay, s, players)
        if all(any(pay(s | {j})[i] < pay(s)[i] for i in s) for j in want):
            club[s] = frozenset(want)
    assert len(club) == 6
    assert printed(r"exclusive membership \(members refuse entrants\): (\d+) stable", text) == 6
    listed = {}
    for line in re.findall(r"^     \{([^}]*)\}(?:, refusing (.*))?$", text, re.M):
        listed[names(line[0])] = names(line[1]) if line[1] else frozenset()
    assert listed == club

    # transfers: PIS when the joint payoff covers the outside options; potentially stable when
    # no enlargement by one country is PIS (Carraro, Eyckmans and Finus 2006)
    def surplus(s: frozenset[str]) -> Fraction:
        return sum((pay(s)[i] - pay(s - {i})[i] for i in s), Fraction(0))

    pis = {s for s in pacts if surplus(s) >= 0}
    ps = [s for s in pis if not any(s | {j} in pis for j in players if j not in s)]
    assert printed(r"with transfers: (\d+) pacts are potentially stable", text) == len(ps) == 201
    assert printed(r"the largest of (\d+) countries", text) == max(map(len, ps)) == 4
    # the best for the world: the largest total payoff of all twelve countries
    best = max(ps, key=lambda s: sum(pay(s).values()))
    got = re.search(r"best by the world's total payoff is \{([^}]*)\} \(total (\S+), surplus ([^)]+)\)",
                    text)
    assert got and names(got.group(1)) == best
    assert Fraction(got.group(2)) == sum(pay(best).values())
    assert Fraction(got.group(3)) == surplus(best)
    # the optimal sharing rule with equal shares: x_i = pi_i(S - i) + surplus / |S|
    x = {i: pay(best - {i})[i] + surplus(best) / len(best) for i in best}
    got = re.search(r"equal share of the surplus\): (.*)", text)
    assert got
    shares = dict(item.split() for item in got.group(1).split(", "))
    assert {k: Fraction(v) for k, v in shares.items()} == x
    assert sum(x.values()) == sum(pay(best)[i] for i in best)       # budget balanced
    got = re.search(r"transfers holding \{[^}]*\} \(surplus [^)]*\): (.*)", text)
    assert got
    for item in got.group(1).split(", "):
        country, verb, amount = item.split()
        sign = 1 if verb == "receives" else -1
        assert sign * Fraction(amount) == x[country] - pay(best)[country], item


def test_step6_two_blocs(out: str) -> None:
    text = step6(out)
    players, cs, _ = public_good()
    west = frozenset({"US", "UK", "EU", "JP", "NL", "KR", "TW"})
    east = frozenset({"CN", "SG", "MY"})
    start = [west, east] + [frozenset({i}) for i in players if i not in west | east]

    def pay(blocs: Sequence[frozenset[str]]) -> dict[str, Fraction]:
        # every bloc T sets q_i = B_T / c_i: Q = sum_T B_T sum_{i in T} 1/c_i, and a member
        # gets b_i Q - B_T^2 / (2 c_i)
        b = {t: sum(cs[i]["benefit"] for i in t) for t in blocs}
        q = sum(b[t] * sum(1 / cs[i]["cost"] for i in t) for t in blocs)
        return {i: cs[i]["benefit"] * q - b[t] ** 2 / (2 * cs[i]["cost"]) for t in blocs for i in t}

    before = pay(start)
    alone: dict[str, Fraction] = {}
    refused: dict[frozenset[str], set[str]] = {}
    us_gain = {}
    for t in start:
        for i in t:
            targets = [u for u in start if u != t] + ([frozenset()] if len(t) > 1 else [])
            for u in targets:
                after_blocs = [v for v in start if v not in (t, u)] + [u | {i}]
                if len(t) > 1:
                    after_blocs.append(t - {i})
                after = pay(after_blocs)
                gain = after[i] - before[i]
                if gain <= 0:
                    continue
                losers = frozenset(k for k in u if after[k] < before[k])
                if not u:
                    alone[i] = gain
                elif losers:
                    refused.setdefault(losers, set()).add(i)
                    if i == "US":
                        us_gain[u] = gain
                else:
                    raise AssertionError(f"{i} may join {set(u)}")
    # moves pay (not Nash stable), and leaving needs nobody's consent (not individually stable)
    assert "not stable under open membership (Nash), not stable under exclusive" in text
    got = re.search(r"would leave its bloc to stand alone: (.*)", text)
    assert got
    leavers = {m.group(1): Fraction(m.group(2)) for m in re.finditer(r"(\w+) \(gains (\S+)\)", got.group(1))}
    assert leavers == alone and set(alone) == (west | east) - {"US", "CN"}
    assert alone["SG"] == Fraction(233, 10)
    got = re.search(r"every move into another bloc is refused: (.*)", text)
    assert got
    listed = {}
    for part in got.group(1).split("; "):
        by, movers = re.split(r" refuses? ", part)
        listed[names(by)] = names(movers)
    assert listed == {k: frozenset(v) for k, v in refused.items()}
    assert us_gain == {east: Fraction(1117, 160)}
    assert printed(r"the US would gain (\S+) in the East bloc", text) == us_gain[east]
    assert math.isclose(float(us_gain[east]), 6.98125)
