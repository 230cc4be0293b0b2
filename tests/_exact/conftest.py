import pytest

from treaty._exact import _backend


@pytest.fixture(params=_backend.BACKENDS)
def backend(request):
    """Run the test once on each backend of the exact kernel (flint skipped if missing)."""
    if request.param == "flint" and _backend.flint is None:
        pytest.skip("python-flint is not installed")
    with _backend.use_backend(request.param):
        yield request.param
