"""Progress on stderr (treaty._progress) and the commands' --quiet (issue 8: never silent).

No timings: progress is forced on with TREATY_PROGRESS=1 (or enabled=True), and the checks are
on where the text goes (stderr, never stdout) and when it is absent.
"""

from __future__ import annotations

import io
import itertools
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from treaty import _progress
from treaty._progress import Progress, phase, progress_enabled, quiet, set_quiet
from treaty.cli import cli
from treaty.coalitions import MembershipGame
from treaty.coalitions._models import ExpressionModel, PayoffModel, PublicGoodModel
from treaty.errors import GameTooLarge
from treaty.spec.expressions import Expression

ROOT = Path(__file__).resolve().parents[1]
EXPORT = str(ROOT / "games" / "export_controls.yaml")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _symmetric_spec(tmp_path: Path, n: int) -> str:
    """n identical countries in the public-good model (b = c = 1): stable pacts of 3 are
    exact ties for their members, so the scan has near-ties to decide exactly."""
    rows = "".join(f"  - {{name: C{i}, benefit: 1, cost: 1}}\n" for i in range(n))
    path = tmp_path / f"sym{n}.yaml"
    path.write_text("treaty: 1\nkind: membership\ntitle: symmetric\ncountries:\n" + rows
                    + "payoff:\n  model: public-good\n  benefit: benefit\n  cost: cost\n")
    return str(path)


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_progress.ENV, raising=False)
    set_quiet(False)


# -- the facility -----------------------------------------------------------------------------
def test_switches_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    term, pipe = FakeTerminal(), io.StringIO()
    assert progress_enabled(None, term) and not progress_enabled(None, pipe)
    monkeypatch.setenv(_progress.ENV, "1")
    assert progress_enabled(None, pipe)
    with quiet():
        assert not progress_enabled(None, term) and not progress_enabled(None, pipe)
        assert progress_enabled(True, pipe)  # an explicit argument wins
    assert progress_enabled(None, pipe)  # quiet() restores the previous state
    monkeypatch.setenv(_progress.ENV, "0")
    assert not progress_enabled(None, term)


def test_bar_and_phase_text_when_forced() -> None:
    out = io.StringIO()
    with phase("solving", enabled=True, stream=out) as stage:
        stage.update("support 2 of 3")
        with Progress(4, "scan", enabled=True, stream=out, unit="items") as bar:
            for _ in range(4):
                bar.update(1)
    text = out.getvalue()
    assert "solving ..." in text and "scan [" in text and "4/4 items" in text
    assert "100.0%" in text and "solving done" in text
    assert text.endswith("\n")


def test_nothing_when_not_a_terminal_or_quiet() -> None:
    pipe = io.StringIO()
    with phase("solving", stream=pipe):
        with Progress(10, "scan", stream=pipe) as bar:
            bar.update(10)
    assert pipe.getvalue() == ""
    term = FakeTerminal()
    with quiet():
        with phase("solving", stream=term), Progress(10, "scan", stream=term) as bar:
            bar.update(10)
    assert term.getvalue() == ""


def test_failed_phase_says_so() -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError), phase("nucleolus", enabled=True, stream=out):
        raise RuntimeError("boom")
    assert "nucleolus ... failed" in out.getvalue()


# -- the commands -----------------------------------------------------------------------------
def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, args, env=env)
    return res.exit_code, res.stdout, res.stderr


def test_coalitions_progress_on_stderr_only(tmp_path: Path) -> None:
    spec = _symmetric_spec(tmp_path, 8)
    code, out, err = _run(["coalitions", spec, "--top", "2"], env={"TREATY_PROGRESS": "1"})
    assert code == 0 and "Stable coalitions" in out
    for label in ("stability scan [", "near-ties, exact [", "certifying [",
                  "characteristic function, exact [", "least core (LP) ..."):
        assert label in err and label not in out
    code, out, err = _run(["coalitions", spec, "--top", "2", "--quiet"],
                          env={"TREATY_PROGRESS": "1"})
    assert code == 0 and "Stable coalitions" in out and err == ""
    code, out, err = _run(["coalitions", spec, "--top", "2"])  # CliRunner: not a terminal
    assert code == 0 and err == ""


def test_analyze_and_threshold_phases(tmp_path: Path) -> None:
    code, out, err = _run(["analyze", EXPORT], env={"TREATY_PROGRESS": "1"})
    assert code == 0 and "equilibria ..." in err and "thresholds of target" in err
    assert "equilibria ..." not in out and "thresholds of target" not in out
    code, out, err = _run(["analyze", EXPORT, "-q"], env={"TREATY_PROGRESS": "1"})
    assert code == 0 and err == ""
    code, out, err = _run(["analyze", EXPORT])
    assert code == 0 and err == ""


@pytest.mark.parametrize("command", ["solve", "analyze", "threshold", "coalitions", "convert"])
def test_every_long_command_has_quiet(command: str) -> None:
    code, out, _ = _run([command, "--help"])
    assert code == 0 and "--quiet" in out


# -- limits name what is feasible -------------------------------------------------------------
def test_farsighted_refusal_names_a_feasible_size() -> None:
    game = MembershipGame.public_good([f"c{i}" for i in range(12)], [1] * 12, [1] * 12)
    with pytest.raises(GameTooLarge) as info:
        game.farsighted(max_players=6)
    msg = str(info.value)
    assert "16,777,216 pairs" in msg and "up to 8 countries" in msg
    assert "max_players=12" in msg and "memory" in msg


def test_coalition_scan_refusal_names_the_limit(tmp_path: Path) -> None:
    code, _, err = _run(["coalitions", _symmetric_spec(tmp_path, 8), "--max-players", "6"])
    assert code == 2 and "2^6 = 64" in err and "--max-players 8" in err


# -- the faster exact tie decisions give the definitions' values --------------------------------
def _flips_by_definition(model: PayoffModel, inside: list[bool]) -> tuple[tuple, tuple]:
    return PayoffModel.exact_payoffs_and_flips(model, inside)


def test_exact_flips_match_the_definition() -> None:
    rng = random.Random(8)
    n = 5
    b = [Fraction(rng.randint(1, 6), rng.randint(1, 3)) for _ in range(n)]
    c = [Fraction(rng.randint(1, 6), rng.randint(1, 3)) for _ in range(n)]
    pg = PublicGoodModel(b, c)
    expr = ExpressionModel(Expression.parse("b * sum_b * sum_b / c - member * k * c + links"),
                           attributes={"b": b, "c": c},
                           adjacency=np.array([[i != j and (i + j) % 2 == 0 for j in range(n)]
                                               for i in range(n)]))
    for model in (pg, expr):
        for bits in itertools.product([False, True], repeat=n):
            inside = list(bits)
            assert model.exact_payoffs_and_flips(inside) == _flips_by_definition(model, inside)
    # the cache of equal environments: tied countries share entries, values unchanged
    tied = ExpressionModel(Expression.parse("b * sum_b - member * b * k / 3"),
                           attributes={"b": [2] * 6})
    for bits in itertools.product([False, True], repeat=6):
        assert tied.exact_payoffs_and_flips(list(bits)) == _flips_by_definition(tied, list(bits))


def test_farsighted_preference_masks_by_ranks() -> None:
    from treaty.coalitions._farsighted import _better_masks

    rng = random.Random(3)
    for n in (1, 2, 3):
        pay = [tuple(Fraction(rng.randint(-2, 2), rng.randint(1, 2)) for _ in range(n))
               for _ in range(1 << n)]
        got = _better_masks(pay, n)
        for a, e in itertools.product(range(1 << n), repeat=2):
            want = sum(1 << i for i in range(n) if pay[e][i] > pay[a][i])
            assert got[a, e] == want
