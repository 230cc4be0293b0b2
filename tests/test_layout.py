"""The layout the package promises (README, "Layout"), checked on the source itself.

Each test names a finding of the redesign (issue 7) that it keeps from coming back: schema
readers outside ``treaty/spec``, rendering outside ``treaty/report``, LP calls outside the one
wrapper, settings attached to games at run time, command registration that swallows import
errors, and files that cite documents outside this repository.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "treaty"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _calls(path: Path) -> set[str]:
    """Names of the functions and methods called in a module (``x.f(...)`` gives ``f``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute):
                names.add(f.attr)
            elif isinstance(f, ast.Name):
                names.add(f.id)
    return names


def _where(predicate) -> list[str]:  # type: ignore[no-untyped-def]
    return [_rel(p) for p in _modules() if predicate(p)]


def test_schema_readers_live_in_spec() -> None:
    # check_keys validates a spec mapping's keys: only the spec readers may call it
    outside = _where(lambda p: "check_keys" in _calls(p) and not _rel(p).startswith("treaty/spec/"))
    assert outside == []


def test_no_reader_found_by_module_name() -> None:
    # the spec layer dispatches with plain functions, not "module:function" strings
    offenders = _where(lambda p: bool(re.search(r"\"treaty\.[a-z_.]+:[a-z_]+\"",
                                                 p.read_text(encoding="utf-8"))))
    assert offenders == []
    assert _where(lambda p: "import_module" in _calls(p)
                  and _rel(p).startswith(("treaty/spec/", "treaty/cli/"))) == []


def test_rendering_lives_in_report() -> None:
    renderers = {"render_table", "render", "to_json", "render_analysis", "render_equilibria"}
    outside = _where(lambda p: bool(renderers & _calls(p) - {"render"})
                     and not _rel(p).startswith(("treaty/report/", "treaty/cli/")))
    assert outside == []
    # json.dumps belongs to the JSON renderer and the spec writer (text <-> model) only
    dumps = _where(lambda p: "dumps" in _calls(p) and not _rel(p).startswith("treaty/report/"))
    assert dumps == ["treaty/spec/writer.py"]


def test_one_lp_wrapper() -> None:
    assert _where(lambda p: "linprog" in p.read_text(encoding="utf-8")) == ["treaty/_exact/lp.py"]


def test_no_settings_attached_at_run_time() -> None:
    # a game's verification and repeated settings are declared fields of Game, not attributes
    # set on an instance after construction
    pattern = re.compile(r"_treaty_(verification|repeated)")
    assert _where(lambda p: bool(pattern.search(p.read_text(encoding="utf-8")))) == []
    from treaty.game import Game

    assert {"verification", "repeated"} <= set(Game.__init__.__code__.co_varnames)


def test_commands_registered_explicitly() -> None:
    from treaty.cli import cli

    assert sorted(cli.commands) == ["analyze", "coalitions", "convert", "diff", "negotiate", "new",
                                    "plot", "robust", "schema", "solve", "sweep", "threshold",
                                    "tree", "validate"]
    for path in (PACKAGE / "cli").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name):
                assert node.type.id != "ImportError", f"{_rel(path)} swallows an ImportError"


def test_nothing_cites_files_outside_the_repository() -> None:
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    pattern = re.compile(r"\.\./shared|REFERENCES\.md|article\.txt")
    me = _rel(Path(__file__))
    offenders = [f for f in files if f != me and (ROOT / f).is_file()
                 and f.endswith((".py", ".md", ".yaml", ".yml", ".json", ".nfg", ".toml", ".txt"))
                 and pattern.search((ROOT / f).read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []
