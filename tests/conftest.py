import dataclasses
import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from mbcinfo.topics.loader import load_directory

from .pages import page_text
from .shared_files import corpus_dir, seed_text  # noqa: F401 — fixtures for every test


STATIC_COLLECTED_BY_PARENT = "MBCINFO_TEST_STATIC_COLLECTED"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """Pages link their CSS through the static manifest, as in production.

    Collected on every run: a stylesheet changed since the last run must be the one tested.
    Collected once, before pytest-xdist starts its workers (tryfirst), which find it done: each
    collecting into the same directory would race, and it takes seconds. So does a pytest that a
    test starts (STATIC_COLLECTED_BY_PARENT): the run that started it collected them, and its
    other workers are reading them.
    """
    if not hasattr(session.config, "workerinput") and not os.environ.get(STATIC_COLLECTED_BY_PARENT):
        call_command("collectstatic", interactive=False, verbosity=0)


def clear_caches():
    for alias in settings.CACHES:
        # A cache in the database is rolled back with each test's transaction.
        if not settings.CACHES[alias]["BACKEND"].endswith(".DatabaseCache"):
            caches[alias].clear()


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: the content generation restarts in every test."""
    yield
    clear_caches()


# --- search (mbcinfo/search) ---
@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own search index directory: tests, and test processes, never share one."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.SEARCH_INDEX_DIR
# --- end search ---


# --- the shipped content (content/): loaded, or loaded and indexed ---
@pytest.fixture
def site_content(db):
    """The shipped content loaded into the test database, with no search index; the load's report."""
    report = load_directory()
    assert report.ok, [str(problem) for problem in report.problems]
    return report


@pytest.fixture(scope="session")
def shipped_index_build(django_db_setup, django_db_blocker, tmp_path_factory):
    """The shipped content's search index, built once per test run (once per process under
    xdist) in a transaction that is then rolled back: (build report, content version).
    site_index copies it, as building it for each test cost most of a second."""
    from mbcinfo.search import index
    from mbcinfo.topics.models import ContentGeneration

    root = tmp_path_factory.mktemp("shipped-index") / "search-index"
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=root), transaction.atomic():
        report = load_directory()
        assert report.ok, [str(problem) for problem in report.problems]
        build = index.rebuild()
        version = ContentGeneration.version()
        transaction.set_rollback(True)
    index.forget_searcher()
    clear_caches()
    return build, version


@pytest.fixture
def site_index(site_content, shipped_index_build, search_index_dir):
    """The shipped content loaded and indexed, as `make run` leaves it; the index's build report.

    The index is a copy of the one built once for the run. It records the content version it
    was built from (generation, and the database's identity); this database holds the same
    content at the same generation, so it takes that identity and the copy is up to date."""
    from mbcinfo.search import index, storage
    from mbcinfo.topics.models import ContentGeneration

    build, (generation, database) = shipped_index_build
    if search_index_dir.exists():
        # The load was committed (a test with a live server, or transaction=True), and the
        # commit brought the index up to date already.
        status = index.index_status()
        assert status["up_to_date"], status
        return dataclasses.replace(build, path=storage.builds_dir() / storage.current_build_name(), action="updated")
    assert ContentGeneration.version()[0] == generation, "the shipped content loaded at another generation"
    ContentGeneration.objects.filter(pk=1).update(database=database)
    shutil.copytree(build.path.parent.parent, search_index_dir)
    return dataclasses.replace(build, path=search_index_dir / "builds" / build.path.name)
# --- end shipped content ---


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


# --- topic files ---
@pytest.fixture
def content_dir(tmp_path):
    """A directory with two good pages; tests add or break files in it."""
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "first.md").write_text(page_text("first", related="[second]"))
    (directory / "second.md").write_text(page_text("second", order=20, body="## Part\n\nSee [the first page](/topics/first/).\n"))
    return directory
# --- end topic files ---
