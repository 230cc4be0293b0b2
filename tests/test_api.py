"""The public surface of ``treaty``: a curated ``__all__``, lazy loading, no shadowed subpackage."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types

import pytest

import treaty

#: libraries that ``import treaty`` must not pull in (each is needed only by some solvers)
HEAVY = ("scipy", "networkx", "cdd", "click", "matplotlib")

#: the names the README and docs use, which must stay public
DOCUMENTED = ("load", "loads", "read_spec", "equilibria", "pure_equilibria", "iterated_elimination",
              "solve_zero_sum", "Game", "threshold", "analyze", "critical_discount", "repeated_settings",
              "MembershipGame", "TreatyError", "SpecError", "ParameterError", "GameError", "GameTooLarge",
              "SolverError")


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def test_dir_is_all() -> None:
    assert dir(treaty) == sorted(treaty.__all__)
    assert len(set(treaty.__all__)) == len(treaty.__all__)


def test_dir_is_all_in_a_fresh_interpreter_after_use() -> None:
    # importing submodules binds them as attributes; dir() must still list only the public names
    code = ("import treaty, treaty.nash, treaty.coalitions, treaty.mechanics.repeated\n"
            "treaty.equilibria; treaty.MembershipGame\n"
            "print(dir(treaty) == sorted(treaty.__all__))")
    assert _run(code) == "True"


@pytest.mark.parametrize("name", treaty.__all__)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(treaty, name)
    assert not isinstance(value, types.ModuleType), f"treaty.{name} is a module"
    assert inspect.isclass(value) or callable(value)
    # from-import works as well (PEP 562 __getattr__)
    namespace: dict[str, object] = {}
    exec(f"from treaty import {name}", namespace)  # test code, constant string
    assert namespace[name] is value


def test_documented_names_are_public() -> None:
    missing = [n for n in DOCUMENTED if n not in treaty.__all__]
    assert not missing


def test_unknown_name_is_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        treaty.nope  # noqa: B018
    assert not hasattr(treaty, "_LAZY_nope")


def test_private_helpers_not_in_dir() -> None:
    for leaked in ("Any", "TYPE_CHECKING", "_LAZY", "importlib", "annotations"):
        assert leaked not in dir(treaty)


def test_no_public_name_shadows_a_module() -> None:
    modules = {m.name for m in pkgutil.iter_modules(treaty.__path__)}
    assert {"nash", "spec", "mechanics", "coalitions", "report", "cli"} <= modules
    assert not modules & set(treaty.__all__)


@pytest.mark.parametrize("sub", ["nash", "spec", "mechanics", "coalitions", "report", "cli"])
def test_import_as_binds_the_subpackage(sub: str) -> None:
    code = (f"import treaty.{sub} as m\n"
            f"import types\n"
            f"print(isinstance(m, types.ModuleType), m.__name__)")
    assert _run(code) == f"True treaty.{sub}"


def test_equilibria_is_the_function_after_importing_nash() -> None:
    code = ("import treaty.nash as n, treaty\n"
            "print(callable(treaty.equilibria), treaty.equilibria is n.equilibria,"
            " type(treaty.equilibria).__name__)")
    assert _run(code) == "True True function"


def test_import_is_light() -> None:
    code = ("import sys, treaty\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    assert _run(code) == "[]"


def test_errors_are_eager_and_the_rest_lazy() -> None:
    code = ("import sys, treaty\n"
            "print('treaty.errors' in sys.modules, 'treaty.coalitions' in sys.modules,"
            " 'treaty.mechanics' in sys.modules)")
    assert _run(code) == "True False False"


def test_py_typed_ships() -> None:
    spec = importlib.util.find_spec("treaty")
    assert spec is not None and spec.submodule_search_locations
    from pathlib import Path

    assert (Path(next(iter(spec.submodule_search_locations))) / "py.typed").is_file()


def test_lazy_table_matches_all() -> None:
    from treaty import errors

    lazy = set(treaty._LAZY)
    eager = {n for n in treaty.__all__ if n not in lazy}
    assert lazy <= set(treaty.__all__)
    assert eager == {n for n in errors.__all__ if n != "did_you_mean"}


@pytest.mark.slow
def test_mypy_passes_under_the_project_configuration() -> None:
    """``mypy treaty`` with the [tool.mypy] section of pyproject.toml (the ``dev`` extra)."""
    pytest.importorskip("mypy", reason="mypy is in the dev extra")
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-m", "mypy", "treaty"], cwd=root, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]
