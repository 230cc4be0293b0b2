"""Run the docs' examples from the repository root, so paths like games/x.yaml work."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
