from types import SimpleNamespace

import pytest

from mbcinfo.serving.pagecache import watch

from .servers import base_env, copy_site_content, manage, server_database


@pytest.fixture(autouse=True)
def fresh_generation_watch():
    """Each test's database starts over, so no process may remember an earlier generation."""
    watch.forget()


@pytest.fixture(autouse=True)
def rebuilds_started(monkeypatch):
    """Background index rebuilds asked for in this process, recorded instead of started: a
    thread with its own database connection would not see a test's uncommitted content."""
    started = []
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", started.append)
    return started


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """For real servers: a migrated, loaded database and a content directory of their own."""
    tmp = tmp_path_factory.mktemp("served")
    content = copy_site_content(tmp)
    with server_database(tmp) as url:
        env = base_env(url, content)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loadcontent")
        yield SimpleNamespace(env=env, content=content, tmp=tmp)
