"""Hostile spec files: each is refused with a one-line, located error, quickly and in bounded memory.

Every case runs in a fresh subprocess with a hard timeout and an address-space cap
(``RLIMIT_AS``), so a regression that hangs or balloons fails the test instead of the machine.
No timing is asserted here (machines are noisy): ``benchmarks/bench_hostile.py`` measures each
case's time and peak memory.  The cases come from the hostile-input part of issue 7: alias bombs
("billion laughs"), deep nesting, huge powers, huge integers and exponents, a 10 MB string, a
million strategy names and a hundred thousand parameters, through ``treaty.load`` and through
``treaty validate`` / ``treaty solve``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from treaty.spec import _limits

TIMEOUT = 20  # seconds: generous, a hang fails the test
MEMORY = 1 << 30  # bytes of address space for the child process

_GAME = """\
players:
  - {{name: A, strategies: [x, y]}}
  - {{name: B, strategies: [x, y]}}
{extra}payoffs:
  A: [[1, 2], [3, {pay}]]
  B: [[1, 2], [3, 4]]
"""


def _game(pay: str = "4", extra: str = "") -> str:
    return _GAME.format(pay=pay, extra=extra)


def _billion_laughs(levels: int = 9) -> str:
    """Level 0 is nine strings; each next level is nine aliases of the one before: 9**(levels+1)
    strings once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return "\n".join(lines) + "\n" + _game()


def _nested_lists(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


def _nested_maps(depth: int) -> str:
    return "x: " + "{a: " * depth + "1" + "}" * depth + "\n"


def _many_names_yaml(n: int) -> str:
    names = ", ".join(f"s{i}" for i in range(n))
    return f"players:\n  - {{name: A, strategies: [{names}]}}\n  - {{name: B, strategies: [x]}}\n" \
           "payoffs: {A: [[1]], B: [[1]]}\n"


def _many_names_json(n: int) -> str:
    return json.dumps({"players": [{"name": "A", "strategies": [f"s{i}" for i in range(n)]},
                                   {"name": "B", "strategies": ["x"]}],
                       "payoffs": {"A": [[1]], "B": [[1]]}})


def _many_params(n: int) -> str:
    return "parameters:\n" + "".join(f"  p{i}: {i}\n" for i in range(n)) + _game()


#: name -> (file name, text maker, words the one-line error must contain)
CASES: dict[str, tuple[str, Callable[[], str], tuple[str, ...]]] = {
    "billion-laughs": ("bomb.yaml", _billion_laughs, ("MAX_NODES", "alias")),
    "nested-lists-1e5": ("deep.yaml", lambda: _nested_lists(100_000), ("MAX_DEPTH",)),
    "nested-maps-1e5": ("deep.yaml", lambda: _nested_maps(100_000), ("MAX_DEPTH",)),
    "nested-json-1e5": ("deep.json", lambda: '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
                        ("MAX_DEPTH",)),
    "power-tower": ("pow.yaml", lambda: _game("10**10**10"), ("MAX_POWER_BITS",)),
    "power-2^2^2^20": ("pow.yaml", lambda: _game("2**(2**(2**20))"), ("MAX_POWER_BITS",)),
    "power-of-powers": ("pow.yaml", lambda: _game("(10**1000)**(10**1000)"), ("MAX_POWER_BITS",)),
    "exp-overflow": ("exp.yaml", lambda: _game("exp(10**6)"), ("float range",)),
    "integer-1e6-digits": ("int.yaml", lambda: _game("1" * 1_000_000), ("MAX_SCALAR_CHARS",)),
    "integer-5000-digits": ("int.yaml", lambda: _game("7" * 5000), ("MAX_NUMBER_DIGITS",)),
    "exponent-1e999999999": ("exp.yaml", lambda: _game("1e999999999"), ("MAX_NUMBER_DIGITS",)),
    "beyond-float-range": ("big.yaml", lambda: _game("1e1000"), ("float range",)),
    "exponent-in-expression": ("exp.yaml", lambda: _game("'2 * 1e999999999'"), ("MAX_NUMBER_DIGITS",)),
    "string-10MB": ("big.yaml", lambda: "title: " + "x" * 10_000_000 + "\n" + _game(),
                    ("MAX_SPEC_BYTES",)),
    "strategies-1e6-yaml": ("names.yaml", lambda: _many_names_yaml(1_000_000), ("MAX_SPEC_BYTES",)),
    "strategies-1e6-json": ("names.json", lambda: _many_names_json(1_000_000), ("MAX_SPEC_BYTES",)),
    "strategies-1e6-short": ("short.yaml", lambda: "players:\n  - {name: A, strategies: ["
                             + ",".join(["a"] * 1_000_000) + "]}\n  - {name: B, strategies: [x]}\n"
                             "payoffs: {A: [[1]], B: [[1]]}\n", ("MAX_NODES", "1,000,0")),
    "strategies-count-1e6": ("count.yaml", lambda: "players:\n  - {name: A, strategies: 1000000}\n"
                             "  - {name: B, strategies: 2}\npayoffs: {A: [[1]], B: [[1]]}\n",
                             ("1,000,000 strategies", f"{_limits.MAX_STRATEGIES:,}")),
    "parameters-1e5": ("params.yaml", lambda: _many_params(100_000),
                       ("'parameters' has 100,000 keys", "MAX_MAPPING_KEYS")),
    "parameters-5000": ("params.yaml", lambda: _many_params(5000),
                        ("5,000 parameters", f"{_limits.MAX_PARAMETERS:,}")),
}


def _limit_memory() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.pop("TREATY_DEBUG", None)
    try:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd,
                              timeout=TIMEOUT, preexec_fn=_limit_memory, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args[-2:])}: still running after {TIMEOUT} s")


_LOAD = """
import sys, treaty
try:
    treaty.load(sys.argv[1])
except treaty.TreatyError as exc:
    print(type(exc).__name__)
    print(exc)
    sys.exit(3)
print("loaded")
"""


#: the cases the issue names run in the quick run; the variants of each run in the full suite
QUICK = {"billion-laughs", "nested-lists-1e5", "power-tower", "integer-1e6-digits",
         "exponent-1e999999999", "string-10MB", "strategies-1e6-yaml", "strategies-count-1e6"}


@pytest.fixture(params=[pytest.param(name, marks=() if name in QUICK else pytest.mark.slow)
                        for name in sorted(CASES)])
def case(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    name, make, words = CASES[request.param]
    path = tmp_path / name
    path.write_text(make(), encoding="utf-8")
    return path, words


def _check_one_line(text: str, words: tuple[str, ...]) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text[:2000]
    line = lines[0]
    assert "Traceback" not in line and len(line) < 1000, line[:2000]
    for word in words:
        assert word in line, line
    return line


def test_load(case: tuple[Path, tuple[str, ...]]) -> None:
    path, words = case
    proc = _run(["-c", _LOAD, str(path)], path.parent)
    assert proc.returncode == 3, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    kind, message = proc.stdout.strip().split("\n", 1)
    assert kind in ("SpecError", "ParameterError", "GameTooLarge"), proc.stdout
    line = _check_one_line(message, words)
    assert line.startswith(str(path)), line  # located in the file


@pytest.mark.slow  # every case is also read in a subprocess by test_load above
@pytest.mark.parametrize("command, code", [("validate", 1), ("solve", 2)])
def test_cli(case: tuple[Path, tuple[str, ...]], command: str, code: int) -> None:
    """``solve`` exits 2 on a spec error; ``validate`` reports the invalid file and exits 1."""
    path, words = case
    proc = _run(["-m", "treaty.cli", command, str(path)], path.parent)
    assert proc.returncode == code, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    line = _check_one_line(proc.stderr, words)
    assert line.startswith(str(path)), line


@pytest.mark.parametrize("value, words", [
    ("1e999999999", ("MAX_NUMBER_DIGITS",)),
    ("9" * 100_000, ("MAX_NUMBER_DIGITS",)),
    ("1" * 5000 + "/3", ("MAX_NUMBER_DIGITS",)),
])
def test_cli_param_override(tmp_path: Path, value: str, words: tuple[str, ...]) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("parameters: {c: 4}\n" + _game("c"), encoding="utf-8")
    proc = _run(["-m", "treaty.cli", "solve", str(path), "--param", f"c={value}"], tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    line = _check_one_line(proc.stderr, words)
    assert "'c'" in line


def test_limits_fit_a_realistic_game(tmp_path: Path) -> None:
    """A 2-player 300x300 game in array form (the largest realistic spec) is within every
    limit, and a file with aliases under the budget is expanded, not refused."""
    from treaty.spec._nodes import parse_document

    n = 300
    rows = "\n".join("    - [" + ", ".join(str((i * j) % 97 - 48) for j in range(n)) + "]"
                     for i in range(n))
    names = ", ".join(f"s{i}" for i in range(n))
    text = (f"players:\n  - {{name: A, strategies: [{names}]}}\n  - {{name: B, strategies: [{names}]}}\n"
            f"payoffs:\n  A:\n{rows}\n  B:\n{rows}\n")
    assert len(text.encode()) < _limits.MAX_SPEC_BYTES
    root = parse_document(text, "big.yaml")
    assert len(root.value["payoffs"].value["B"].value[299].value) == n
    # five levels expand to 9**5 strings: under MAX_NODES, so read (the aliases share nodes)
    doc = parse_document(_billion_laughs(4), "ok.yaml")
    stack, leaves = [doc.value["a4"]], 0
    while stack:
        node = stack.pop()
        if node.kind == "seq":
            stack.extend(node.value)
        else:
            assert node.value == "lol"
            leaves += 1
    assert leaves == 9**5 < _limits.MAX_NODES


@pytest.mark.parametrize("name", ["billion-laughs", "nested-lists-1e5", "nested-maps-1e5",
                                  "nested-json-1e5", "exponent-1e999999999", "integer-1e6-digits"])
def test_pure_python_reader_has_the_same_limits(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the reader falls back to PyYAML's own parser: same limits, same errors."""
    import yaml

    from treaty.errors import SpecError
    from treaty.spec import _nodes

    monkeypatch.setattr(_nodes, "_yaml_loader", lambda: yaml.SafeLoader)
    fname, make, words = CASES[name]
    with pytest.raises(SpecError) as exc:
        _nodes.parse_document(make(), fname)
    _check_one_line(str(exc.value), words)
    assert exc.value.file == fname and exc.value.line is not None


def test_small_aliases_are_expanded_and_bad_ones_located(tmp_path: Path) -> None:
    import treaty
    from treaty.errors import SpecError
    from treaty.spec._nodes import parse_document

    path = tmp_path / "alias.yaml"
    path.write_text("players:\n  - {name: A, strategies: &s [x, y]}\n  - {name: B, strategies: *s}\n"
                    "payoffs:\n  A: &rows [[1, 2], [3, 4]]\n  B: *rows\n", encoding="utf-8")
    game = treaty.load(path)
    assert game.payoff(("y", "x")) == (3, 3)  # B's table is A's, by the alias
    for text, where, words in [
        ("a: *nope\n", (1, 4), "*nope is not defined"),
        ("a: &r [1, *r]\n", (1, 11), "contains it"),
        ("a: &r 1\nb: &r 2\n", (2, 4), "&r is defined twice"),
        ("a: &m {x: 1}\nb:\n  <<: *m\n", (3, 3), "merge keys"),
        ("a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
        ("? [a, b]\n: 1\n", (1, 3), "plain name"),
    ]:
        with pytest.raises(SpecError) as exc:
            parse_document(text, "f.yaml")
        assert (exc.value.line, exc.value.column) == where and words in str(exc.value), str(exc.value)
