import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link their CSS through the static manifest, as in production.

    Collected on every run: a stylesheet changed since the last run must be the one tested.
    """
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: the content generation restarts in every test."""
    yield
    for alias in settings.CACHES:
        # A cache in the database is rolled back with each test's transaction.
        if not settings.CACHES[alias]["BACKEND"].endswith(".DatabaseCache"):
            caches[alias].clear()


# --- search (mbcinfo/search) ---
@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own search index directory: tests, and test processes, never share one."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.SEARCH_INDEX_DIR
# --- end search ---
