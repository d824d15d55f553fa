import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from .shared_files import corpus_dir, seed_text  # noqa: F401 — fixtures for every test


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


# --- the developer's own site stays untouched (see tests/developer_site.py) ---
@pytest.fixture(scope="session", autouse=True)
def developer_site_untouched():
    """Fails the run if any test wrote to this checkout's db.sqlite3, var/search-index or media/.
    (A server of your own running from this checkout during the tests would also show here.)"""
    from .developer_site import changes, snapshot

    before = snapshot()
    yield
    changed = changes(before, snapshot())
    assert not changed, f"the tests wrote to the developer's own site: {changed[:10]}"
# --- end developer site ---
