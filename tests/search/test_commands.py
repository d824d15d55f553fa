import re
import shutil
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mbcinfo.exitcodes import ExitCode
from mbcinfo.search import index
from mbcinfo.topics.models import ContentGeneration

from ..shipped import live_topics

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("rebuild_index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_index_reports_what_it_built(site_content):
    output = run()
    generation = ContentGeneration.version()[0]
    assert f"Search index rebuilt: {live_topics()} topics" in output and f"content generation {generation}" in output
    assert index.index_status()["up_to_date"]


def test_if_stale_skips_an_index_that_is_up_to_date(site_content):
    run()
    before = (index.index_root() / "CURRENT").read_text()
    assert "up to date" in run("--if-stale")
    assert (index.index_root() / "CURRENT").read_text() == before


class Terminal(StringIO):
    def isatty(self):
        return True


def test_if_stale_rebuilds_an_index_behind_the_content(site_content):
    assert "Search index rebuilt" in run()
    ContentGeneration.bump()  # content changed through another server: this index is behind
    output = run("--if-stale")
    assert "Search index rebuilt" in output and f"content generation {ContentGeneration.version()[0]}" in output
    assert index.index_status()["up_to_date"]


def test_if_stale_builds_a_missing_index(site_content):
    assert f"Search index rebuilt: {live_topics()} topics" in run("--if-stale")


def test_rebuild_index_prints_its_phases_and_is_silent_with_v0(site_content):
    output = run()
    assert re.search(rf"^indexed {live_topics()} pages \(\d+ documents\) in \d+\.\d s$", output, re.M), output
    assert "\r" not in output
    out = StringIO()
    call_command("rebuild_index", verbosity=0, stdout=out)
    call_command("rebuild_index", "--if-stale", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_rebuild_index_shows_a_progress_bar_on_a_terminal(site_content):
    out = Terminal()
    call_command("rebuild_index", stdout=out)
    assert "indexing:" in out.getvalue() and f"/{live_topics()} " in out.getvalue()


def test_rebuild_index_exits_5_while_another_process_writes_the_index(site_content):
    with index.writer_lock():
        with pytest.raises(CommandError) as failure:
            call_command("rebuild_index", "--lock-timeout", "0", stdout=StringIO())
    assert failure.value.returncode == ExitCode.BUSY == 5
    assert "being written by process" in str(failure.value)


# Real commits: the index listens for content changes only once they have committed.
@pytest.mark.django_db(transaction=True)
def test_loadcontent_says_it_updated_the_search_index(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, directory)
    out = StringIO()
    call_command("loadcontent", path=str(directory), stdout=out)
    lines = out.getvalue().splitlines()
    # One "stored" line per language, then the index.
    stored = max(number for number, line in enumerate(lines) if line.startswith("stored "))
    assert re.fullmatch(rf"indexed {live_topics()} pages \(\d+ documents\) in \d+\.\d s", lines[stored + 1]), lines
    assert re.fullmatch(r"wrote and checked the index in \d+\.\d s", lines[stored + 2]), lines
    # (English and Spanish pages are stored in one load: the generation is the load's last.)
    loaded = ContentGeneration.version()[0]
    assert re.fullmatch(rf"Search index rebuilt: {live_topics()} topics, \d+ documents, content generation {loaded}, in \d+\.\d s \(.*\)\.",
                        lines[stored + 3]), lines
    page = directory / "outlook.md"
    page.write_text(page.read_text().replace("## ", "## Changed ", 1))
    out = StringIO()
    call_command("loadcontent", path=str(directory), stdout=out)
    assert re.search(rf"^Search index updated: 1 topics, \d+ documents, content generation {loaded + 1}", out.getvalue(), re.M)


@pytest.mark.django_db(transaction=True)
def test_make_setup_builds_the_index_once_loadcontent_then_if_stale_does_nothing():
    call_command("loadcontent", verbosity=0)
    built = (index.index_root() / "CURRENT").read_text()
    assert "up to date" in run("--if-stale")
    assert (index.index_root() / "CURRENT").read_text() == built


def test_a_progress_bar_leaves_no_thread_behind_so_builds_still_fork(site_content):
    """A thread left running (tqdm's monitor) would make every later build use one process."""
    from tqdm._monitor import TMonitor

    call_command("rebuild_index", stdout=Terminal())
    assert not [thread for thread in threading.enumerate() if isinstance(thread, TMonitor)]
