import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link their CSS through the static manifest, as in production."""
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


# --- search (mbcinfo/search) ---
@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own search index directory: tests, and test processes, never share one."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.SEARCH_INDEX_DIR
# --- end search ---
