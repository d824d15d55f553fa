"""Two gunicorn servers on one PostgreSQL, with the 2,802-page corpus: while one server's change
is being indexed by the other, the other stays in service. Its /healthz never answers 503 (a
stale index is "degraded", 200), every search answers 200 (from the database meanwhile), and
the health report says the index is current again once the rebuild has caught up."""
import json
import shutil
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings

from .servers import base_env, copy_site_content, gunicorn, manage, server_database, wait_for

pytestmark = pytest.mark.slow

PAGE = "15q13-3-microdeletion"
# Generous deadlines, not timings: a corpus build takes 15-30 s on a quiet 2-core machine and
# several times that on a busy one. They only stop a broken run from hanging.
BUILD_DEADLINE = 900
# How long a server trusts the content generation it last read (MBCINFO_PAGE_CACHE_GENERATION_SECONDS):
# content changed on another server is searched at most this long after the change.
GENERATION_WINDOW = 1.0


@pytest.fixture(scope="module")
def on_postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("two servers on one database need PostgreSQL, as in production: run with "
                    "DATABASE_URL=postgres://... (.ci/postgres start DIR gives one)")


@pytest.fixture(scope="module")
def corpus_site(on_postgresql, corpus_dir, tmp_path_factory):
    """A database holding the corpus, loaded through server one's environment (so server one's
    index is built by the load, as on the server an editor loads through)."""
    tmp = tmp_path_factory.mktemp("corpus-health")
    corpus = tmp / "corpus"
    shutil.copytree(corpus_dir, corpus)
    with server_database(tmp) as url:
        env = base_env(url, copy_site_content(tmp))
        envs = {name: {**env, "MBCINFO_SEARCH_INDEX_DIR": str(tmp / f"index-{name}"),
                       "MBCINFO_PAGE_CACHE_GENERATION_SECONDS": str(GENERATION_WINDOW)}
                for name in ("one", "two")}
        manage(envs["one"], "migrate", "--noinput", "-v0")
        manage(envs["one"], "loadcontent", "--path", str(corpus), "--allow-extra-fields")
        yield tmp, corpus, envs


def get(server, path):
    """(status, body). A slow answer is waited for: the machine may be busy; 503 is an answer."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=300) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def found(body):
    """The changed page is among the search results (a page without results lists every topic)."""
    return f'<h2><a href="/topics/{PAGE}/' in body


class Watch:
    """Polls a server's /healthz and then a search, again and again, until stopped. Each search
    is paired with the health report just before it, and with the time that report came back."""

    def __init__(self, server, query):
        self.server, self.query = server, query
        self.health, self.searches = [], []  # (status, report) and (status, body), pairwise
        self.answered = []  # time.monotonic() when each health report came back
        self.error = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            while not self.stopping.is_set():
                status, body = get(self.server, "/healthz")
                self.health.append((status, json.loads(body)))
                self.answered.append(time.monotonic())
                self.searches.append(get(self.server, f"/search/?q={self.query}"))
        except Exception as error:  # no answer at all (the server died?): the test stops with it
            self.error = error

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()

    def current(self):
        """The last health report says the index reflects the current content."""
        if self.error:
            raise AssertionError(f"{self.server.url} stopped answering: {self.error!r}")
        if not self.health:
            return False
        report = self.health[-1][1]
        return report["status"] == "ok" and report["search"]["generation"] == report["search"]["current_generation"]


def test_a_server_indexing_a_change_from_another_never_fails_health_checks_or_searches(corpus_site):
    tmp, corpus, envs = corpus_site
    word = "zq" + uuid.uuid4().hex[:10]
    with gunicorn(envs["one"], tmp / "logs-one") as one, gunicorn(envs["two"], tmp / "logs-two") as two:
        # Server two starts with no index: it serves, degraded, while it builds its first one.
        with Watch(two, word) as first:
            assert wait_for(first.current, timeout=BUILD_DEADLINE, interval=1), first.health[-1:]
        assert first.health[0][1]["status"] == "degraded"
        before = first.health[-1][1]["search"]["generation"]

        page = corpus / f"{PAGE}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\nA sentence with the word {word}.\n", encoding="utf-8")
        with Watch(two, word) as watch:
            # An editor's change, loaded through server one: server two's index is now behind.
            manage(envs["one"], "loadcontent", "--path", str(corpus), "--allow-extra-fields")
            assert wait_for(lambda: watch.current() and watch.health[-1][1]["search"]["generation"] > before,
                            timeout=BUILD_DEADLINE, interval=1), watch.health[-1:]

        statuses = [status for status, _ in watch.health]
        assert 503 not in statuses and set(statuses) == {200}, statuses
        assert {status for status, _ in watch.searches} == {200}
        # The watch saw server two behind and rebuilding, so it really polled during the indexing.
        behind = [report for _, report in watch.health if report["search"]["status"] == "stale"]
        assert behind and all(report["status"] == "degraded" for report in behind)
        # Every search made a generation window after the change was in the database found it: from
        # the database while the index was behind, then from server two's own rebuilt index.
        # (Within the window the server may still trust the generation it read before the change.)
        seen = next(at for at, (_, report) in zip(watch.answered, watch.health)
                    if report["search"]["current_generation"] > before)
        after_change = [body for at, (_, body) in zip(watch.answered, watch.searches)
                        if at >= seen + GENERATION_WINDOW]
        assert after_change and all(found(body) for body in after_change)
        status, body = get(two, f"/search/?q={word}")
        assert status == 200 and found(body)
        assert json.loads(get(one, "/healthz")[1])["status"] == "ok"
