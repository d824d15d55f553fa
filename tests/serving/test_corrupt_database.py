"""A SQLite file that is not a database, swapped in under a running gunicorn and swapped back.

Every path answers with the 503 outage page while the file is broken (never the generic 500),
and every path is back to normal within seconds of the good file returning: each worker
thread's kept connection to the broken file is closed on the error, not kept for
CONN_MAX_AGE (60 s) as before.
"""
import concurrent.futures
import os
import shutil
import time

import pytest

from .servers import base_env, copy_site_content, gunicorn, manage, wait_for

pytestmark = pytest.mark.slow

# The admin with a session cookie: the session is looked up in the database.
PAGES = ["/", "/topics/treatment/", "/glossary/", "/search/?q=hospice", "/admin/", "/sitemap.xml"]
PATHS = PAGES + ["/healthz"]
SESSION = {"Cookie": "sessionid=0123456789abcdefghijklmnopqrstuv"}


def statuses(server, rounds=3):
    """The status of every path, asked `rounds` times, 8 at once, so every worker thread (each
    with its own database connection) is likely to answer some."""
    asks = PATHS * rounds
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda path: server.get(path, headers=SESSION if path == "/admin/" else None), asks))
    return list(zip(asks, answers))


def test_a_corrupt_sqlite_file_gives_the_outage_page_and_service_resumes_within_seconds(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = base_env(f"sqlite:///{database}", copy_site_content(tmp_path),
                   MBCINFO_SEARCH_INDEX_DIR=str(tmp_path / "index"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loadcontent")
    manage(env, "rebuild_index")
    good = tmp_path / "good.sqlite3"
    shutil.copy(database, good)

    with gunicorn(env, tmp_path / "logs") as server:
        assert all(answer[0] in (200, 302) for _, answer in statuses(server)), statuses(server)

        # Broken in place, as a bad copy or a disk fault leaves it: open connections see it too.
        size = database.stat().st_size
        with open(database, "r+b") as broken:
            broken.write(b"not a database. " * (size // 16))
        # Each worker trusts the content generation it read for a second (cached pages are
        # served meanwhile, as designed); after that every request asks the database.
        time.sleep(1.5)
        assert wait_for(lambda: all(answer[0] == 503 for _, answer in statuses(server, 1)), timeout=15), \
            [(path, answer[0]) for path, answer in statuses(server, 1)]
        for path, (status, headers, body) in statuses(server):
            assert status == 503, (path, status)
            if path != "/healthz":
                assert headers["Retry-After"] and "unavailable for a moment" in body, path
                assert "tel:+18774656636" in body and "Traceback" not in body
        assert '"database": {"status": "unreachable"' in server.get("/healthz")[2]

        # The good file back, as a new file (a restore renames it into place).
        os.replace(good, database)
        assert wait_for(lambda: all(answer[0] in (200, 302) for _, answer in statuses(server)), timeout=15), \
            [(path, answer[0]) for path, answer in statuses(server)]
        # And it stays back: no thread still holds a connection to the broken file.
        for _ in range(3):
            assert [(path, answer[0]) for path, answer in statuses(server) if answer[0] not in (200, 302)] == []
    assert "DatabaseError" in server.error_log.read_text()  # operators learn what broke
