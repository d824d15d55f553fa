"""The index's life: atomic rebuilds, one writer, updates after commits, self-repair."""
import _thread
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from whoosh.query import Term

from mbcinfo.search import index
from mbcinfo.search.engine import search
from mbcinfo.search.fields import SEARCH_FIELD
from mbcinfo.search.scoring import W3LeafMatcher, _postings, _read_matcher, read_postings
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import ContentGeneration, Topic

from ..conftest import STATIC_COLLECTED_BY_PARENT
from ..shipped import live_document_count, live_topics, topics_mentioning

pytestmark = pytest.mark.django_db


def builds():
    return sorted(p.name for p in (index.index_root() / "builds").iterdir())


def test_rebuild_writes_a_build_and_points_readers_at_it(site_content):
    assert not index.index_status()["present"]
    report = index.rebuild()
    assert report.topics == live_topics() and report.documents > report.topics
    assert (index.index_root() / "CURRENT").read_text() == report.path.name
    status = index.index_status()
    assert status["present"] and status["up_to_date"]
    assert status["generation"] == status["current_generation"] == ContentGeneration.current()
    assert set(status) >= {"present", "generation", "current_generation", "up_to_date"}


def test_index_status_gives_short_reasons_and_no_paths(site_content):
    assert index.index_status()["error"] == "not built"
    index.rebuild()
    status = index.index_status()
    assert status["documents"] == live_document_count() and status["error"] is None
    index.forget_searcher()
    (index.index_root() / "CURRENT").write_text("no-such-build")
    status = index.index_status()
    assert status["error"] == "unreadable" and not status["present"]
    assert not any("/" in str(value) for value in status.values())


def test_a_reader_keeps_the_old_index_while_a_rebuild_replaces_it(site_index):
    old = index.open_searcher()
    Topic.objects.filter(slug="palliative-care").update(title="Comfort zebra care")
    new_report = index.rebuild()
    # The searcher opened before still answers from the old build, whole...
    assert old.searcher.document(id="palliative-care")["title"] == "Palliative care, end-of-life care and hospice"
    # ...and the next reader sees only the new one.
    current = index.open_searcher()
    assert current.name == new_report.path.name != old.name
    assert current.searcher.document(id="palliative-care")["title"] == "Comfort zebra care"


def test_only_the_current_and_previous_builds_are_kept(site_index):
    for _ in range(3):
        last = index.rebuild()
    assert len(builds()) == 2 and last.path.name in builds()


def test_a_failed_rebuild_leaves_the_working_index_untouched(site_index, monkeypatch):
    before = builds()

    def broken(slugs=None):
        yield from ()
        raise RuntimeError("database went away")

    monkeypatch.setattr("mbcinfo.search.index.live_documents", broken)
    with pytest.raises(RuntimeError):
        index.rebuild()
    assert builds() == before
    assert (index.index_root() / "CURRENT").read_text() == site_index.path.name
    assert search("hospice").source == "index"


def test_a_second_writer_waits_then_gives_up_with_a_clear_message(site_content):
    with index.writer_lock():
        with pytest.raises(index.IndexLocked) as raised:
            index.rebuild(timeout=0.2)
        message = str(raised.value)
        assert f"process {__import__('os').getpid()}" in message
        assert "did not finish within 0.2 s" in message and "try again" in message
        with pytest.raises(CommandError, match="is being written by"):
            call_command("rebuild_index", "--lock-timeout", "0.1")


def test_a_waiting_writer_proceeds_when_the_first_finishes(site_content):
    release = threading.Event()

    def hold():
        with index.writer_lock():
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        threading.Timer(0.3, release.set).start()
        report = index.rebuild(timeout=10)
    finally:
        holder.join()
    assert report.topics == live_topics()


@pytest.fixture
def own_content(tmp_path, settings):
    """A copy of the real content that tests may edit, loaded and indexed."""
    directory = tmp_path / "content"
    shutil.copytree(settings.BASE_DIR / "content", directory)
    assert load_directory(directory).ok
    index.rebuild()
    return directory


def test_a_committed_change_updates_the_index_without_a_rebuild(own_content, django_capture_on_commit_callbacks):
    page = own_content / "palliative-care.md"
    page.write_text(page.read_text().replace("The goal is also as much dignity as possible.",
                                             "The goal is also as much dignity as possible. Zebrafish."))
    build_before = builds()
    with django_capture_on_commit_callbacks(execute=True):
        report = load_directory(own_content)
    assert report.updated == ["palliative-care"]
    assert builds() == build_before  # updated in place, not rebuilt
    status = index.index_status()
    assert status["up_to_date"] and status["generation"] == report.generation
    result = search("zebrafish")
    assert result.source == "index" and result.total == 1
    assert result.hits[0].url == "/topics/palliative-care/#end-of-life-care-and-hospice"
    # The page's old documents are gone, not doubled.
    assert [hit.url.split("/")[2] for hit in search("dignity").hits].count("palliative-care") == 1
    assert len(search("hospice").hits) == search("hospice").total


def test_updates_keep_the_spelling_vocabulary_in_step(own_content, django_capture_on_commit_callbacks):
    page = own_content / "outlook.md"
    original = page.read_text()
    page.write_text(original.replace("Go at your own pace.", "Go at your own pace. Zebrafish."))
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(own_content).updated == ["outlook"]
    assert search("zebrafsh").did_you_mean == "zebrafish"
    page.write_text(original)
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(own_content).updated == ["outlook"]
    assert search("zebrafsh").did_you_mean is None
    speller = index.open_searcher().speller()
    assert "zebrafish" not in speller.vocabulary
    assert speller.vocabulary["pace"] == 1 and speller.vocabulary["cancer"] == topics_mentioning("cancer")


def test_a_removed_file_takes_its_page_out_of_the_index(own_content, django_capture_on_commit_callbacks):
    (own_content / "komen-research.md").unlink()
    for page in own_content.glob("*.md"):  # links to it would stop the load
        text = page.read_text()
        page.write_text(re.sub(r".*komen-research.*\n", "", text))
    with django_capture_on_commit_callbacks(execute=True):
        report = load_directory(own_content)
    assert "komen-research" in report.unpublished, report.problems
    assert not any("komen-research" in hit.url for hit in search("grants research").hits)
    assert index.index_status()["up_to_date"]


def test_an_update_that_missed_a_generation_rebuilds_instead(site_index):
    report = index.update(["treatment"], site_index.generation + 2)
    assert report.action == "rebuilt"


def test_the_content_listener_never_raises(site_index, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index, "update", broken)
    with caplog.at_level(logging.ERROR):
        index.on_content_changed(sender=Topic, slugs=["treatment"], generation=2)
    assert "disk full" in caplog.text


def test_a_save_does_not_wait_long_for_another_writer(site_index, monkeypatch, caplog):
    monkeypatch.setattr(index, "LISTENER_LOCK_TIMEOUT", 0.2)
    with index.writer_lock(), caplog.at_level(logging.WARNING):
        index.on_content_changed(sender=Topic, slugs=["treatment"], generation=site_index.generation + 1)
    assert f"not updated for generation {site_index.generation + 1}" in caplog.text and "did not finish within 0.2 s" in caplog.text


def test_a_stale_index_is_not_used_and_is_rebuilt_in_the_background(site_index, monkeypatch):
    started = []
    monkeypatch.setattr(index, "schedule_rebuild", lambda reason: started.append(reason))
    with __import__("django").db.transaction.atomic():
        ContentGeneration.bump()
    result = search("hospice")
    assert result.source == "database"
    assert result.hits[0].url.startswith("/topics/palliative-care/")
    generation = site_index.generation
    assert f"content generation {generation}, content is at {generation + 1}" in started[0]
    assert not index.index_status()["up_to_date"]


def load_without_index():
    """Committed content (whose listener builds the index), then the index taken away."""
    assert load_directory().ok
    assert index.index_status()["up_to_date"]
    index.forget_searcher()
    shutil.rmtree(index.index_root())


@pytest.mark.django_db(transaction=True)
def test_a_missing_index_answers_from_the_database_until_the_background_rebuild_is_done():
    load_without_index()
    result = search("palliative care")
    assert result.source == "database"
    assert result.hits[0].url.startswith("/topics/palliative-care/")
    assert index.wait_for_rebuild(60)
    assert index.index_status()["up_to_date"]
    assert search("palliative care").source == "index"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", ["pointer to nowhere", "garbage segments", "garbage pointer"])
def test_a_damaged_index_answers_from_the_database_and_is_rebuilt(damage):
    assert load_directory().ok
    report = index.rebuild()
    index.forget_searcher()
    if damage == "pointer to nowhere":
        (index.index_root() / "CURRENT").write_text("no-such-build")
    elif damage == "garbage pointer":
        (index.index_root() / "CURRENT").write_bytes(b"\xff\xfe../../etc")
    else:
        for path in report.path.iterdir():
            path.write_bytes(b"\x00garbage" * 50)
    result = search("hospice")
    assert result.source == "database" and result.hits
    assert index.wait_for_rebuild(60)
    assert search("hospice").source == "index"
    assert index.index_status()["up_to_date"]


@pytest.mark.django_db(transaction=True)
def test_a_background_rebuild_defers_to_a_process_already_writing(caplog):
    load_without_index()
    with index.writer_lock():
        # The site's LOGGING keeps mbcinfo's messages off the root logger; listen on it directly.
        with caplog.at_level(logging.INFO, logger="mbcinfo.search.index"):
            logging.getLogger("mbcinfo.search.index").addHandler(caplog.handler)
            assert search("hospice").source == "database"
            assert index.wait_for_rebuild(30)
            logging.getLogger("mbcinfo.search.index").removeHandler(caplog.handler)
    assert "Another process is writing the search index" in caplog.text
    assert not index.index_status()["present"]


def test_the_fast_posting_reader_agrees_with_whoosh_matchers(site_index):
    searcher = index.open_searcher().searcher
    reader = searcher.reader()
    for term in ("care", "palli", "cancer", "4", "hospic"):
        fast = read_postings(searcher, SEARCH_FIELD, term, values=True)
        matcher = reader.postings(SEARCH_FIELD, term)
        slow = ([], [], [])
        while matcher.is_active():
            slow[0].append(matcher.id())
            slow[1].append(matcher.weight())
            slow[2].append(matcher.value())
            matcher.next()
        assert fast == slow, term
        assert _read_matcher(reader.postings(SEARCH_FIELD, term), False)[0] == slow[0]
    # The block path must be the one taken: if Whoosh renamed its leaf matcher, reading would
    # fall back to the generic path, still agree, and only be slower.
    leaf = next(leaf for leaf, _ in reader.leaf_readers() if (SEARCH_FIELD, "care") in leaf)
    assert type(leaf.postings(SEARCH_FIELD, "care")) is W3LeafMatcher
    assert type(_postings(leaf, SEARCH_FIELD, "care")) is W3LeafMatcher  # read in one piece


def test_the_fast_posting_reader_leaves_out_documents_an_update_deleted(site_index):
    generation = ContentGeneration.bump()
    assert index.update(["treatment"], generation).action == "updated"
    searcher = index.open_searcher().searcher
    reader = searcher.reader()
    assert any(leaf.has_deletions() for leaf, _ in reader.leaf_readers())
    for term in ("care", "treatment", "pain"):
        fast = read_postings(searcher, SEARCH_FIELD, term)[0]
        slow = [docnum for docnum in searcher.docs_for_query(Term(SEARCH_FIELD, term))]
        assert fast == slow, term


def test_searches_read_the_content_version_once_a_window_not_once_a_search(site_index, settings):
    settings.PAGE_CACHE_GENERATION_SECONDS = 3600
    index._version["read_at"] = None
    with CaptureQueriesContext(connection) as first:
        assert search("hospice").source == "index"
    with CaptureQueriesContext(connection) as second:
        assert search("pain").source == "index"
    assert any("contentgeneration" in query["sql"] for query in first.captured_queries)
    assert second.captured_queries == []


def test_a_content_change_made_by_this_process_is_searched_at_once_despite_the_window(site_index, settings,
                                                                                   monkeypatch):
    settings.PAGE_CACHE_GENERATION_SECONDS = 3600
    monkeypatch.setattr(index, "schedule_rebuild", lambda reason: False)
    index._version["read_at"] = None
    assert search("hospice").source == "index"
    ContentGeneration.objects.filter(pk=1).update(number=site_index.generation + 5)  # no signal: remembered
    assert search("pain").source == "index"
    index.on_content_changed(None)  # what the signal does first, with nothing to index
    assert search("treatment").source == "database"  # the index is now behind: the database answers


def test_an_index_newer_than_the_remembered_version_is_not_called_stale(site_index, settings, monkeypatch):
    # Another process brought the shared index up to date while this one still trusts an older
    # version: it asks the database again rather than rebuilding a current index.
    settings.PAGE_CACHE_GENERATION_SECONDS = 3600
    wanted = []
    monkeypatch.setattr(index, "schedule_rebuild", wanted.append)
    generation, database = ContentGeneration.version()
    index._version.update(value=(generation - 1, database), read_at=time.monotonic())
    assert index.fresh_searcher() is not None and wanted == []
    assert index.content_version() == (generation, database)


def test_an_index_built_from_another_database_at_the_same_generation_is_stale(site_index):
    """A database restored or recreated under a server that kept its index can reach the same
    generation number with different content: the index must not pass for current."""
    assert index.index_status()["up_to_date"]
    ContentGeneration.objects.filter(pk=1).update(database=uuid.uuid4())
    assert ContentGeneration.current() == site_index.generation
    status = index.index_status()
    assert status["generation"] == status["current_generation"] and not status["up_to_date"]
    # The next change rebuilds it, rather than updating only the changed pages.
    generation = ContentGeneration.bump()
    assert index.update(["treatment"], generation).action == "rebuilt"
    assert index.index_status()["up_to_date"]


def test_an_update_of_many_topics_rebuilds_instead(site_index, monkeypatch):
    monkeypatch.setattr(index, "UPDATE_MAX_TOPICS", 2)
    generation = ContentGeneration.bump()
    report = index.update(["treatment", "outlook", "palliative-care"], generation)
    assert report.action == "rebuilt" and report.generation == generation
    assert index.index_status()["up_to_date"]


QUERIES = ["zebrafish", "zebrafish care", "treatment", "hospice", "outlook prognosis", '"end of life"',
           "paliative", "clinical trials", "bone"]


@pytest.fixture
def only_this_thread():
    """Index builds fork only from a process with no other thread (index.py). Upload tests earlier
    in the run leave the image conversion thread waiting for work; end it (the executor starts a
    new one at the next upload)."""
    from mbcinfo.editing import uploads

    uploads.converter.shutdown(wait=True)
    uploads.converter = type(uploads.converter)(max_workers=uploads.CONVERSION_THREADS,
                                                thread_name_prefix="image-conversion")
    assert threading.active_count() == 1, [thread.name for thread in threading.enumerate()]


def test_a_build_in_several_processes_answers_like_a_build_in_one(site_content, settings, monkeypatch,
                                                                   only_this_thread):
    if index.running_threads() > 1:
        # A pytest-xdist worker runs a thread of its own, so it never forks to build: this test
        # runs again, alone, in a fresh pytest process.
        node = "tests/search/test_index.py::test_a_build_in_several_processes_answers_like_a_build_in_one"
        alone = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
                               cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600,
                               env={**os.environ, STATIC_COLLECTED_BY_PARENT: "1"})
        assert alone.returncode == 0 and "1 passed" in alone.stdout, alone.stdout + alone.stderr
        return
    # Small batches, so each process gets documents and writes its own segment.
    monkeypatch.setattr(index, "BUILD_BATCH", 10)
    settings.SEARCH_BUILD_PROCESSES = 1
    one_process = index.rebuild()
    assert len(index.open_searcher().searcher.reader().leaf_readers()) == 1
    answers = [[(hit.url, hit.title, hit.snippet) for hit in search(q).hits] for q in QUERIES]
    settings.SEARCH_BUILD_PROCESSES = 2
    two_processes = index.rebuild()
    assert len(index.open_searcher().searcher.reader().leaf_readers()) == 2
    assert two_processes.documents == one_process.documents
    assert [[(hit.url, hit.title, hit.snippet) for hit in search(q).hits] for q in QUERIES] == answers
    assert index.open_searcher().speller().vocabulary["cancer"] == topics_mentioning("cancer")


def test_a_process_running_other_threads_builds_in_one_process(settings):
    """Forking copies only the calling thread: a web server (threads) must never fork."""
    settings.SEARCH_BUILD_PROCESSES = 2
    assert index.build_processes() == (2 if index.running_threads() == 1 else 1)
    started, finish = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (started.set(), finish.wait(10)))
    other.start()
    try:
        started.wait(10)
        assert index.build_processes() == 1
    finally:
        finish.set()
        other.join()


def test_threads_that_threading_did_not_start_count_too(settings):
    # As pytest-xdist's worker thread, or a C library's: threading.active_count() misses them.
    settings.SEARCH_BUILD_PROCESSES = 2
    before = index.running_threads()
    started, finish = threading.Event(), threading.Event()
    _thread.start_new_thread(lambda: (started.set(), finish.wait(10)), ())
    try:
        started.wait(10)
        assert index.running_threads() == before + 1
        assert index.build_processes() == 1
    finally:
        finish.set()
        for _ in range(500):  # the thread ends, so later tests see this process as it was
            if index.running_threads() == before:
                break
            time.sleep(0.01)


def test_an_index_of_several_segments_with_deletions_ranks_like_a_fresh_one(own_content, django_capture_on_commit_callbacks):
    for name, old, new in [("treatment.md", "Treatment is not the only kind of care.", "Treatment is not the only kind of care. Zebrafish."),
                           ("outlook.md", "Go at your own pace.", "Go at your own pace. Zebrafish care.")]:
        page = own_content / name
        page.write_text(page.read_text().replace(old, new))
        with django_capture_on_commit_callbacks(execute=True):
            assert load_directory(own_content).updated
    searcher = index.open_searcher().searcher
    assert len(searcher.reader().leaf_readers()) > 1 and searcher.reader().has_deletions()
    queries = ["zebrafish", "zebrafish care", "treatment", "hospice", "outlook prognosis", '"end of life"']
    updated = [[hit.url for hit in search(q).hits] for q in queries]
    index.rebuild()
    fresh = [[hit.url for hit in search(q).hits] for q in queries]
    assert updated == fresh


def test_whoosh_is_imported_only_by_the_search_app():
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root)) for path in root.glob("mbcinfo/**/*.py")
        if "search" not in path.relative_to(root).parts[:2]
        and re.search(r"^\s*(from|import)\s+whoosh", path.read_text(), re.M)
    ]
    assert offenders == []


def test_a_glossary_only_change_then_a_page_change_keeps_every_result_on_its_own_page(
        own_content, django_capture_on_commit_callbacks):
    """A glossary change alone rewrites only the build record and vocabulary: a segment with no
    slug in it. Reading the slugs through the whole reader skipped that segment, so every
    document of a later segment took the slug two places on: results on the wrong page, and an
    IndexError (answered from the database, and a rebuild each time) for the last two."""
    glossary = own_content / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("Breast cancer that has spread past", "Breast cancer that has spread beyond", 1))
    with django_capture_on_commit_callbacks(execute=True):
        report = load_directory(own_content)
    assert report.glossary_changed and not report.changed_slugs
    page = own_content / "treatment.md"
    page.write_text(page.read_text().replace("Treatment is not the only kind of care.",
                                             "Treatment is not the only kind of care. Zebrafish."))
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(own_content).updated == ["treatment"]
    opened = index.open_searcher()
    reader = opened.searcher.reader()
    assert any(not leaf.has_column("slug") for leaf, _ in reader.leaf_readers())  # the shape that broke
    for docnum in reader.all_doc_ids():
        assert opened.slug_of(docnum) == reader.stored_fields(docnum).get("slug", ""), docnum
    result = search("zebrafish")
    assert result.source == "index" and [hit.url.split("#")[0] for hit in result.hits] == ["/topics/treatment/"]
