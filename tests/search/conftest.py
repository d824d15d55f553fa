import pytest

from mbcinfo.search import index, misses


@pytest.fixture(autouse=True)
def fresh_search_state():
    """No test inherits another's background rebuild, its retry pause, or an open searcher."""
    index.wait_for_rebuild(30)
    index._rebuild["last_start"] = float("-inf")
    index._version["read_at"] = None
    index.forget_searcher()
    yield
    index.wait_for_rebuild(30)
    index.forget_searcher()


@pytest.fixture(autouse=True)
def fresh_miss_allowance():
    """Each test's searches start with a full hourly allowance for their client."""
    misses._allowance.forget()

