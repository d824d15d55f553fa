"""`make test` leaves the developer's own site alone: what the tests and the processes they
start write goes to temporary directories, never under the checkout."""
from pathlib import Path

from django.conf import settings

from .developer_site import BASE_DIR, changes, snapshot
from .serving.servers import base_env


def inside_checkout(path):
    return Path(path).resolve().is_relative_to(BASE_DIR.resolve())


def test_the_suites_search_index_and_old_upload_directory_are_outside_the_checkout():
    """The old upload directory is read by the migration that moves its files into the database."""
    import os

    import tests.settings

    assert not inside_checkout(tests.settings.SEARCH_INDEX_DIR)
    assert not inside_checkout(os.environ["DJANGO_MEDIA_ROOT"])
    assert not inside_checkout(settings.SEARCH_INDEX_DIR)  # this test's own directory


def test_servers_and_commands_the_tests_start_write_beside_their_content_copy(tmp_path):
    env = base_env("sqlite:///unused.sqlite3", tmp_path / "content")
    for variable in ("MBCINFO_SEARCH_INDEX_DIR", "DJANGO_MEDIA_ROOT"):
        assert Path(env[variable]).is_relative_to(tmp_path), variable


def test_the_guard_sees_a_file_written_into_a_watched_directory(tmp_path):
    """The session check in conftest.py can fail: a new build directory is a change."""
    watched = tmp_path / "search-index"
    (watched / "builds").mkdir(parents=True)
    before = snapshot([watched, tmp_path / "db.sqlite3"])
    (watched / "builds" / "CURRENT").write_text("1-2-3")
    assert changes(before, snapshot([watched, tmp_path / "db.sqlite3"])) == [
        str(watched / "builds"), str(watched / "builds" / "CURRENT")]
