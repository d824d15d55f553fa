"""The live index's segment files cut short while a real gunicorn is searching: no worker
dies (SIGBUS under a memory map killed them all before), no request is dropped, and every
search still answers, from the database until the index is rebuilt."""
import concurrent.futures
import itertools
import json
import os
import threading
import time
from pathlib import Path

import pytest

from .servers import base_env, copy_site_content, gunicorn, manage, wait_for

pytestmark = pytest.mark.slow

WORDS = ["hospice", "treatment", "pain", "family", "support", "trial", "money", "outlook", "care",
         "chemotherapy", "radiation", "bone", "liver", "brain", "lungs", "tired", "doctor", "help"]
PAIRS = list(itertools.permutations(WORDS, 2))
# Every search a different one: an answer kept in the result cache would not read the index.
QUERIES = (f"/search/?q={a}+{b}&page={n // len(PAIRS) + 1}" for n in itertools.count() for a, b in [PAIRS[n % len(PAIRS)]])


def workers(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def test_segment_files_cut_short_mid_run_kill_no_worker_and_drop_no_request(tmp_path):
    index_dir = tmp_path / "index"
    env = base_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", copy_site_content(tmp_path),
                   MBCINFO_SEARCH_INDEX_DIR=str(index_dir))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loadcontent")
    manage(env, "rebuild_index")
    build = index_dir / "builds" / (index_dir / "CURRENT").read_text().strip()

    with gunicorn(env, tmp_path / "logs") as server:
        queries = iter(QUERIES)
        lock = threading.Lock()

        def ask(_):
            with lock:
                path = next(queries)
            try:
                status, _, body = server.get(path)
            except Exception as error:  # a connection reset: the request was dropped
                return time.monotonic(), path, type(error).__name__
            return time.monotonic(), path, status

        # Every worker thread opens a searcher on the build's files.
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert {answer[2] for answer in pool.map(ask, range(40))} == {200}
        before = workers(server.process.pid)
        assert len(before) == 2

        answers, stop = [], threading.Event()

        def load():
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                while not stop.is_set():
                    answers.extend(pool.map(ask, range(16)))

        loader = threading.Thread(target=load)
        loader.start()
        try:
            time.sleep(1)
            for path in build.iterdir():
                os.truncate(path, path.stat().st_size // 3)
            cut = time.monotonic()
            time.sleep(5)
        finally:
            stop.set()
            loader.join()

        assert [answer for answer in answers if answer[2] != 200] == []
        assert sum(answer[0] > cut for answer in answers) > 32  # searches went on after the cut
        assert workers(server.process.pid) == before  # no worker died and was replaced
        # The servers rebuild the index themselves.
        assert wait_for(lambda: json.loads(server.get("/healthz")[2])["search"]["status"] == "ok", timeout=60)
    assert "Bus error" not in server.error_log.read_text()
    assert "SIGBUS" not in server.error_log.read_text()
