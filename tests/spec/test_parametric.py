"""The parametric spec layer: read once, instantiate anywhere, evaluate over arrays."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import treaty
import treaty.spec.loader as loader
from treaty.errors import GameError, ParameterError, SpecError, TreatyError
from treaty.game import Game
from treaty.mechanics.analysis import analyze
from treaty.mechanics.thresholds import threshold
from treaty.mechanics.verification import Mechanism, MechanismError, add_verification
from treaty.spec import read_spec, read_spec_text
from treaty.spec._limits import (
    MAX_COUNTRIES,
    MAX_PARAMETERS,
    MAX_PLAYERS,
    MAX_PROFILES,
    MAX_STRATEGIES,
)

GAMES = Path(__file__).resolve().parents[2] / "games"

# A covert violation gains d and costs b when caught with probability p: A complies iff
# (1 - p) d - p b <= 0, i.e. p >= d / (d + b) (Avenhaus, von Stengel and Zamir 2002).
INSPECT = """\
parameters:
  d: {value: 3, min: 0}
  b: {value: 1, min: 0}
  p: {value: 1/2, min: 0, max: 1}
players: {A: [comply, violate], B: [x]}
payoffs:
  A: [[0], ["(1 - p)*d - p*b"]]
  B: [[0], [0]]
targets: {ok: [comply, x]}
"""


@pytest.fixture
def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = loader._read_text

    def counting(path: object) -> tuple[str, str]:
        calls.append(str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_read_text", counting)
    return calls


def test_instantiate_does_not_read_the_file_again(count_reads: list[str]) -> None:
    spec = read_spec(GAMES / "safety_pact.yaml")
    # reading it also reads export_controls.yaml once (its negotiation's disagreement game)
    assert count_reads.count(str(GAMES / "safety_pact.yaml")) == 1
    reads = len(count_reads)
    for p in ("0", "1/3", "1"):
        g = spec.instantiate({"p": p})
        assert g.info.parameters["p"] == F(p) and g.spec is spec
    assert len(count_reads) == reads


def test_analyze_reads_the_file_once(count_reads: list[str]) -> None:
    rep = analyze(GAMES / "export_controls.yaml")
    assert rep.targets and all(t.thresholds for t in rep.targets)
    assert len(count_reads) == 1


def test_threshold_of_a_loaded_game_uses_its_spec_not_its_file(tmp_path: Path) -> None:
    path = tmp_path / "inspect.yaml"
    path.write_text(INSPECT)
    game = treaty.load(path)
    path.unlink()  # the old code re-read game.info.file
    th = threshold(game, "p", "ok")
    assert th.intervals[0].lower is not None and th.intervals[0].lower.value == F(3, 4)


def test_threshold_accepts_a_spec_object() -> None:
    spec = read_spec_text(INSPECT, file="inspect.yaml")
    th = threshold(spec, "p", "ok")
    assert [iv.text() for iv in th.intervals] == ["[3/4, 1]"]


def test_payoffs_over_arrays_match_the_formulas() -> None:
    spec = read_spec(GAMES / "export_controls.yaml")
    e = np.linspace(0, 1, 11)
    K = np.linspace(1, 30, 11)
    pay = spec.payoffs({"e_cloud": e, "K": K})
    assert pay.shape == (11, 2, 3, 4)
    us = spec.players.index("US")
    cn = spec.players.index("CN")
    # profile (open, cloud): US gets L*(1 - e_cloud), CN gets K*e_cloud - c_cloud (L=10, c_cloud=1)
    np.testing.assert_allclose(pay[:, us, 0, 1], 10 * (1 - e))
    np.testing.assert_allclose(pay[:, cn, 0, 1], K * e - 1)
    # the same numbers as instantiating point by point
    for j in (0, 4, 10):
        g = spec.instantiate({"e_cloud": float(e[j]), "K": float(K[j])})
        np.testing.assert_allclose(pay[j], g.float_payoffs)


def test_payoffs_with_verification_point_by_point() -> None:
    spec = read_spec(GAMES / "safety_pact.yaml")
    pts = np.array([0.0, 0.5, 1.0])
    pay = spec.payoffs({"p": pts})
    for j, p in enumerate(pts):
        np.testing.assert_allclose(pay[j], spec.instantiate({"p": float(p)}).float_payoffs)


def test_structure_errors_at_read_time() -> None:
    bad = INSPECT.replace("(1 - p)*d - p*b", "(1 - q)*d")
    with pytest.raises(SpecError) as info:
        read_spec_text(bad, file="s.yaml")
    assert "unknown parameter 'q'" in str(info.value) and info.value.line == 7


def test_value_errors_at_instantiate_time_located() -> None:
    text = (GAMES / "safety_pact.yaml").read_text().replace("  detection: p\n",
                                                             "  detection: 2*p\n")
    file = str(GAMES / "v.yaml")  # beside the games: its negotiation names export_controls.yaml
    spec = read_spec_text(text, file=file)  # fine: 2*p is a probability for p <= 1/2
    spec.instantiate({"p": "1/2"})
    with pytest.raises(SpecError) as info:
        spec.instantiate({"p": "3/4"})
    err = info.value
    line = text.splitlines().index("  detection: 2*p") + 1
    assert "probability in [0, 1], got 3/2" in str(err) and (err.file, err.line) == (file, line)
    with pytest.raises(ParameterError):
        spec.instantiate({"p": 2})  # outside the declared bounds [0, 1]


def test_one_rule_check_located_or_not() -> None:
    g = Game.from_arrays([[0]], [[0]], players=["A", "B"], strategies=[["pact"], ["pact"]])
    with pytest.raises(MechanismError) as raw:
        add_verification(g, Mechanism(commitment="pact", detection=F(3, 2)))
    assert isinstance(raw.value, GameError) and raw.value.key == "detection"
    text = "players: {A: [pact], B: [pact]}\npayoffs: {A: [[0]], B: [[0]]}\n" \
           "verification: {commitment: pact, gain: 1, detection: 3/2}\n"
    with pytest.raises(SpecError) as located:
        treaty.loads(text, file="m.yaml")
    assert raw.value.args[0] in str(located.value) and located.value.line == 3


def test_game_fields_replace_runtime_attributes() -> None:
    g = treaty.load(GAMES / "safety_pact_repeated.yaml")
    assert g.repeated is not None and not hasattr(g, "_treaty_repeated")
    v = treaty.load(GAMES / "safety_pact.yaml")
    assert v.verification is not None and not hasattr(v, "_treaty_verification")
    plain = Game(v.payoffs, players=v.players, strategies=v.strategies)
    assert plain != v  # same payoffs, but one carries a mechanism
    assert v.with_payoffs(v.payoffs).verification == v.verification
    assert g == treaty.load(GAMES / "safety_pact_repeated.yaml")


def test_game_misuse_is_game_error() -> None:
    g = treaty.load(GAMES / "safety_pact.yaml")
    with pytest.raises(GameError) as info:
        g.profile_index(["pakt", "pact"])
    assert not str(info.value).startswith("<spec>") and not isinstance(info.value, SpecError)
    with pytest.raises(GameError):
        g.player_index("UK")


def test_nfg_files_analyze_and_threshold(tmp_path: Path) -> None:
    from treaty.spec.nfg import write_nfg

    path = tmp_path / "g.nfg"
    path.write_text(write_nfg(treaty.load(GAMES / "race_or_pact.yaml")))
    rep = analyze(path)
    assert rep.game == treaty.load(path)
    with pytest.raises(ParameterError, match="unknown parameter 'p'"):
        threshold(path, "p", "pact,pact")


def test_threshold_on_a_membership_spec_is_one_line() -> None:
    path = GAMES / "ai_safety_pact_members.yaml"
    with pytest.raises(TreatyError) as info:
        threshold(path, "scale", "x")
    assert "normal-form" in str(info.value) and "\n" not in str(info.value)


# -- size limits, checked before work -------------------------------------------------------
def _refused(text: str, needle: str) -> SpecError:
    with pytest.raises(SpecError) as info:
        read_spec_text(text, file="big.yaml")
    err = info.value
    assert needle in str(err) and err.line is not None and "\n" not in str(err), str(err)
    return err


def test_strategy_count_refused_before_labels() -> None:
    _refused("players: {A: 1000000, B: 1}\npayoffs: {}\n",
             f"1,000,000 strategies, more than the limit {MAX_STRATEGIES:,}")


def test_strategy_list_too_long() -> None:
    n = MAX_STRATEGIES + 1
    _refused("players: {A: [" + ", ".join(f"s{k}" for k in range(n)) + "], B: 1}\n",
             f"{n:,} strategies")


def test_too_many_players() -> None:
    n = MAX_PLAYERS + 1
    _refused("players: {" + ", ".join(f"P{k}: 1" for k in range(n)) + "}\n", f"{n:,} players")


def test_too_many_profiles() -> None:
    # 3 players of 200 strategies each: 8,000,000 profiles
    _refused("players: {A: 200, B: 200, C: 200}\npayoffs: {}\n",
             f"8,000,000 pure profiles (200 x 200 x 200), more than the limit {MAX_PROFILES:,}")


def test_too_many_parameters() -> None:
    n = MAX_PARAMETERS + 1
    _refused("parameters: {" + ", ".join(f"x{k}: 1" for k in range(n)) + "}\n"
             "players: {A: 1, B: 1}\npayoffs: {A: [[0]], B: [[0]]}\n", f"{n:,} parameters")


def test_too_many_countries() -> None:
    n = MAX_COUNTRIES + 1
    _refused("kind: membership\ncountries: [" + ", ".join(
        f"{{name: C{k}, benefit: 1, cost: 1}}" for k in range(n)) + "]\npayoff: {model: public-good}\n",
        f"{n:,} countries")
