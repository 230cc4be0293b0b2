"""`treaty new KIND` templates, and the pre-commit hook that runs `treaty validate`."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.spec import read_spec
from treaty.spec.lint import lint

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("kind", ["normal-form", "membership"])
def test_new_writes_a_template_that_validates_cleanly(tmp_path: Path, kind: str) -> None:
    f = tmp_path / "game.yaml"
    runner = CliRunner()
    res = runner.invoke(cli, ["new", kind, str(f)])
    assert res.exit_code == 0, res.output
    text = f.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 8  # commented
    spec = read_spec(f)
    assert spec.kind == kind and lint(spec) == ()
    res = runner.invoke(cli, ["validate", "--strict", str(f)])
    assert res.exit_code == 0 and res.stderr == ""
    # standard output gives the same text
    assert runner.invoke(cli, ["new", kind]).stdout == text


def test_the_normal_form_template_solves_to_the_stag_hunt_it_describes(tmp_path: Path) -> None:
    f = tmp_path / "g.yaml"
    CliRunner().invoke(cli, ["new", "normal-form", str(f)])
    game = treaty.load(f)
    # V=10, g=1, s=3, c=5: (pact, pact) 10, (race, pact) 10+1-5/2 = 17/2 for the racer and
    # 10-3-5/2 = 9/2 for the other, (race, race) 5.  Pact is kept with q where
    # 10q + 9/2(1-q) = 17/2 q + 5(1-q): q = 1/4; payoff 9/2 + 11/2 * 1/4 = 47/8.
    eqs = treaty.equilibria(game)
    pure = sorted(e.describe() for e in eqs if e.is_pure)
    assert pure == ["US: pact; CN: pact", "US: race; CN: race"]
    mixed = [e for e in eqs if not e.is_pure]
    assert len(mixed) == 1 and mixed[0].strategy("US") == (Fraction(1, 4), Fraction(3, 4))
    assert mixed[0].payoffs == (Fraction(47, 8), Fraction(47, 8))
    # the pact holds iff 10 >= 10 + g - c/2, i.e. g <= 5/2
    th = treaty.threshold(game, "g", "pact")
    assert th.contains(Fraction(5, 2)) and not th.contains(Fraction(26, 10))


def test_the_membership_template_scans(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    CliRunner().invoke(cli, ["new", "membership", str(f)])
    res = CliRunner().invoke(cli, ["coalitions", str(f), "--no-tu"])
    assert res.exit_code == 0, res.output


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    f = tmp_path / "g.yaml"
    f.write_text("keep me", encoding="utf-8")
    res = CliRunner().invoke(cli, ["new", "normal-form", str(f)])
    assert res.exit_code == 2 and "exists" in res.stderr and f.read_text() == "keep me"
    res = CliRunner().invoke(cli, ["new", "normal-form", str(f), "--force"])
    assert res.exit_code == 0 and f.read_text().startswith("#")
    assert CliRunner().invoke(cli, ["new", "nfg"]).exit_code == 2


def test_the_pre_commit_hook_runs_validate_on_spec_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "treaty-validate")
    assert hook["entry"].split()[:2] == ["treaty", "validate"] and hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def picked(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert all(picked(p.relative_to(ROOT).as_posix()) for p in (ROOT / "games").glob("*.yaml"))
    assert picked("specs/pact.json") and picked("sub/games/x.nfg")
    assert not picked(".pre-commit-config.yaml") and not picked(".github/workflows/ci.yml")
    assert not picked("games/treaty-spec.schema.json")
    # the hook's command line works on the shipped games
    args = hook["entry"].split()[1:] + [str(p) for p in sorted((ROOT / "games").glob("*.yaml"))]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""
