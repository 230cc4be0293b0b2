"""Shared test configuration.

Oracle libraries (pygambit, coopgame-py, nashpy) are test extras. A test that compares against
one of them asks for it through a fixture below, so only that test is skipped when the library
is missing; every other test in the module still runs.
"""

from __future__ import annotations

import os
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
#: the quick run (``-m "not slow"``): fewer examples per property; the full suite keeps "dev"
settings.register_profile("quick", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("markexpr", "") == "not slow" and "HYPOTHESIS_PROFILE" not in os.environ \
            and not os.environ.get("CI"):
        settings.load_profile("quick")


@pytest.fixture(scope="session")
def gambit() -> ModuleType:
    """pygambit, the oracle for Nash equilibria and the .nfg format (skips the test without it)."""
    return pytest.importorskip("pygambit")


@pytest.fixture(scope="session")
def coopgame() -> ModuleType:
    """coopgame-py, the oracle for TU solutions (skips the test without it)."""
    return pytest.importorskip("coopgame")


@pytest.fixture(scope="session")
def nashpy() -> ModuleType:
    """nashpy, compared against in the support-enumeration test (skips the test without it)."""
    return pytest.importorskip("nashpy")
