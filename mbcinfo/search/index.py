"""The Whoosh index's life: built, kept in step with content, repaired, reported on.

(Its fields are declared in fields.py, its schema made in schema.py, its documents in
documents.py; its files and lock are in storage.py, open searchers in searchers.py.)
A full rebuild writes a new build directory and only then points CURRENT at it, so a reader sees
the old index or the new one, never half of each. Updates for a few changed topics are written
into the current build in one Whoosh commit, which is atomic too. Every build holds a record of
the content generation it reflects; a missing, unreadable or stale index is rebuilt in the
background while search answers from the database (see engine.py).
"""
import logging
import os
import re
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.db import connection
from whoosh import index as whoosh_index

from mbcinfo import progress
from mbcinfo.topics.models import ContentGeneration

from .analysis import DEFAULT_LANGUAGE, LANGUAGES
from .documents import (
    analysed, index_fields, live_documents, live_topics, meta_fields, vocabulary_fields, words_of_stored,
)
from .fields import VOCABULARY_WORDS_FIELD, vocabulary_id
from .schema import SCHEMA_VERSION, codec, make_schema
# Also used by other modules, tests and commands through this one: the index's public face.
from .searchers import forget_searcher, open_searcher  # noqa: F401
from .storage import (  # noqa: F401
    IndexLocked, IndexUnavailable, builds_dir, index_root, open_current_index, remove_old_builds,
    safe_current_name, switch_to, writer_lock,
)

logger = logging.getLogger(__name__)

# Rebuilding is throttled so a broken disk cannot make every search start a new rebuild.
REBUILD_RETRY_SECONDS = 10
# A content save (an editor's request, a loadcontent run) waits at most this long for another
# writer; after that the index is left stale and repaired in the background.
LISTENER_LOCK_TIMEOUT = 5
# More changed topics than this are indexed by a full rebuild: deleting and re-adding most of
# the index in one commit is slower than building it afresh (the 2,802-page corpus: minutes
# against seconds) and leaves the deleted documents behind.
UPDATE_MAX_TOPICS = 100
# Documents handed to a build process at a time.
BUILD_BATCH = 100


@dataclass
class BuildReport:
    generation: int
    topics: int
    documents: int
    seconds: float
    path: Path
    action: str = "rebuilt"

    def summary(self):
        return (f"Search index {self.action}: {self.topics} topics, {self.documents} documents, "
                f"content generation {self.generation}, in {self.seconds:.1f} s ({self.path}).")


def rebuild(timeout=None):
    """Build a complete new index from the database and switch readers to it atomically."""
    with writer_lock(timeout):
        return _rebuild_locked()


def _rebuild_locked():
    started = time.monotonic()
    # Read the generation before the topics: a change committed meanwhile leaves this build
    # marked older than the content, so it is caught as stale rather than missed.
    generation, database = ContentGeneration.version()
    name = f"{generation}-{time.time_ns()}-{os.getpid()}"
    path = builds_dir() / name
    path.mkdir(parents=True)
    try:
        ix = whoosh_index.create_in(str(path), make_schema())
        processes = build_processes()
        if processes > 1:
            # Whoosh's MpWriter: the documents are indexed by `processes` forked processes, each
            # writing its own segment, kept as they are (merging them costs more than it saves).
            writer = ix.writer(procs=processes, batchsize=BUILD_BATCH, multisegment=True, limitmb=128,
                               codec=codec())
        else:
            writer = ix.writer(limitmb=256, codec=codec())
        try:
            topics, documents, vocabularies = add_topics(writer)
            progress.line(f"indexed {topics} pages ({documents} documents) in {time.monotonic() - started:.1f} s")
            for language, vocabulary in vocabularies.items():
                writer.add_document(**vocabulary_fields(vocabulary, language))
            writer.add_document(**meta_fields(generation, database))
        except BaseException:
            writer.cancel()
            raise
        # One optimised segment per process: many small segments made searches several times
        # slower.
        committing = time.monotonic()
        writer.commit(optimize=processes == 1)
        # A worker process that died would silently leave its documents out.
        with ix.searcher() as searcher:
            expected = documents + len(vocabularies) + 1
            if searcher.doc_count() != expected:
                raise RuntimeError(f"the new index holds {searcher.doc_count()} documents, not {expected}")
        progress.line(f"wrote and checked the index in {time.monotonic() - committing:.1f} s")
        ix.close()
        previous = safe_current_name()
        switch_to(name)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    remove_old_builds(keep={name, previous})
    return BuildReport(generation, topics, documents, time.monotonic() - started, path)


def update(slugs, generation, timeout=None):
    """Bring the index up to content `generation`, re-indexing only `slugs` when the index is
    exactly one generation behind, and rebuilding it otherwise."""
    with writer_lock(timeout):
        started = time.monotonic()
        try:
            ix, meta = open_current_index()
        except IndexUnavailable:
            return _rebuild_locked()
        database = ContentGeneration.version()[1]
        if (meta.get("schema") != SCHEMA_VERSION or meta.get("generation", -1) < generation - 1
                or meta.get("database") != database or len(slugs) > UPDATE_MAX_TOPICS):
            ix.close()
            return _rebuild_locked()
        path = Path(ix.storage.folder)
        if meta["generation"] >= generation:
            ix.close()
            return BuildReport(meta["generation"], 0, 0, 0.0, path, action="already up to date")
        with ix.searcher() as searcher:
            vocabularies = {language: Counter((searcher.document(id=vocabulary_id(language)) or {})
                                              .get(VOCABULARY_WORDS_FIELD, {}))
                            for language in LANGUAGES}
            for slug in slugs:
                for language, stored in groupby(searcher.documents(slug=slug), key=stored_language):
                    vocabularies[language].subtract(words_of_stored(stored))
        writer = ix.writer(codec=codec())
        try:
            for slug in slugs:
                writer.delete_by_term("slug", slug)
            topics, documents, added = add_topics(writer, slugs)
            for language, vocabulary in vocabularies.items():
                vocabulary.update(added.get(language, {}))
                writer.update_document(**vocabulary_fields(vocabulary, language))
            writer.update_document(**meta_fields(generation, database))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        return BuildReport(generation, topics, documents, time.monotonic() - started, path, action="updated")


def add_topics(writer, slugs=None):
    """Write the documents of all live topics (or those in `slugs`).
    Returns (topics, documents, {language: {word: number of those topics using it}}), with a
    vocabulary for every language, empty or not."""
    topics = documents = 0
    vocabularies = {language: Counter() for language in LANGUAGES}
    pages = groupby(live_documents(slugs), key=lambda document: document.slug)
    total = len(slugs) if slugs is not None else live_topics().count()
    for _, group in progress.each(pages, "indexing", total=total, unit="page"):
        topic_words, language = set(), None
        for document in group:
            terms, spelled = analysed(document)
            topic_words |= spelled
            language = document.language
            writer.add_document(**index_fields(document, terms))
            topics += document.kind == "topic"
            documents += 1
        if language:
            vocabularies[language].update(topic_words)
    return topics, documents, vocabularies


def stored_language(stored):
    return stored.get("language") or DEFAULT_LANGUAGE


def build_processes():
    """How many processes a full build uses: settings.SEARCH_BUILD_PROCESSES, but only one in a
    process running other threads (a web server's, or a background rebuild's): forking copies
    just the calling thread, and a lock another thread held stays locked in the copy forever."""
    return max(1, settings.SEARCH_BUILD_PROCESSES) if running_threads() == 1 else 1


def running_threads():
    """The threads this process runs, those `threading` did not start too: pytest-xdist's worker
    runs one of its own that threading.active_count() does not see, and forking beside it made
    Python 3.12 and later warn. Read from /proc where there is one, else threading's count."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
        return int(re.search(r"^Threads:\s*(\d+)", status, re.MULTILINE).group(1))
    except (OSError, AttributeError, ValueError):
        return threading.active_count()


def on_content_changed(sender, slugs=(), generation=None, **kwargs):
    """Keep the index in step after content commits. Never raises: saving content must not fail
    because of the index. If the update cannot run, the index stays stale, search answers from
    the database, and the next search starts a rebuild."""
    _version["read_at"] = None  # this process changed content: its next search asks again
    if generation is None:
        return
    try:
        report = update(list(slugs), generation, timeout=min(LISTENER_LOCK_TIMEOUT, settings.SEARCH_LOCK_TIMEOUT))
        logger.info(report.summary())
        progress.line(report.summary())
    except IndexLocked as error:
        logger.warning("Search index not updated for generation %s: %s", generation, error)
        progress.line("Search index not updated (another process is writing it); the next search or health check brings it up to date.")
    except Exception:
        logger.exception("Search index not updated for generation %s; it will be rebuilt.", generation)
        progress.line("Search index not updated (see the error log); the next search or health check rebuilds it.")


def fresh_searcher():
    """An OpenIndex that reflects the current content, or None (and a rebuild is started)."""
    try:
        opened = open_searcher()
    except IndexUnavailable as error:
        schedule_rebuild(str(error))
        return None
    stale = opened.staleness(content_version())
    if stale:
        # The remembered version may be older than the index (another process brought it up
        # to date): ask the database before calling the index stale.
        stale = opened.staleness(content_version(fresh=True))
    if stale:
        schedule_rebuild(stale)
        return None
    return opened


# The content version (ContentGeneration.version()) as this process last read it, and when.
_version = {"value": None, "read_at": None}


def content_version(fresh=False):
    """ContentGeneration.version(), trusted for settings.PAGE_CACHE_GENERATION_SECONDS after it
    was read, as rendered pages trust the generation (serving/pagecache.py): reading it was one
    database query on every search, about a tenth of a search's time on the corpus. Content
    changed on another server is searched at most that long after it changed; a change made by
    this process is seen at its next search (on_content_changed)."""
    now = time.monotonic()
    read_at = _version["read_at"]
    if fresh or read_at is None or now - read_at >= settings.PAGE_CACHE_GENERATION_SECONDS:
        _version["value"], _version["read_at"] = ContentGeneration.version(), now
    return _version["value"]


# --- automatic rebuilding ---

_rebuild = {"thread": None, "last_start": float("-inf")}
_rebuild_guard = threading.Lock()


def schedule_rebuild(reason):
    """Start a rebuild in a background thread unless one is running or started moments ago.
    If another process holds the writer lock, that process is already writing: do nothing."""
    with _rebuild_guard:
        thread = _rebuild["thread"]
        if thread is not None and thread.is_alive():
            return False
        if time.monotonic() - _rebuild["last_start"] < REBUILD_RETRY_SECONDS:
            return False
        _rebuild["last_start"] = time.monotonic()
        logger.warning("Rebuilding the search index in the background: %s", reason)
        thread = threading.Thread(target=_background_rebuild, name="search-index-rebuild", daemon=True)
        _rebuild["thread"] = thread
        thread.start()
        return True


def _background_rebuild():
    try:
        logger.info(rebuild(timeout=0).summary())
    except IndexLocked:
        logger.info("Another process is writing the search index; not rebuilding here.")
    except Exception:
        logger.exception("Background rebuild of the search index failed.")
    finally:
        connection.close()


def wait_for_rebuild(timeout=None):
    """Wait for a background rebuild started by this process (tests wait for one before they
    check its result or start the next test)."""
    thread = _rebuild["thread"]
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def rebuild_in_progress():
    thread = _rebuild["thread"]
    return thread is not None and thread.is_alive()


def index_status(repair=False):
    """What /healthz and the admin need to know: is there an index, and does it match content?
    Nothing in it names a path or a query: /healthz may be public.

    With `repair`, a missing or stale index is rebuilt in the background, as a search would
    do (/healthz asks for it). Content changed through another server leaves this server's
    index behind, and a load balancer that has taken the server out sends it no searches,
    only health checks: without repair, it would report itself failing until someone searched."""
    version = ContentGeneration.version()
    status = {"present": False, "generation": None, "current_generation": version[0],
              "up_to_date": False, "documents": None, "built": None, "error": None}
    try:
        opened = open_searcher()
    except IndexUnavailable as error:
        status["error"] = error.reason
        if repair:
            schedule_rebuild(str(error))
    else:
        stale = opened.staleness(version)
        if stale and repair:
            schedule_rebuild(stale)
        status.update(present=True, generation=opened.generation, up_to_date=stale is None,
                      documents=opened.searcher.doc_count() - len(LANGUAGES) - 1, built=opened.meta.get("built"))
    status["rebuilding"] = rebuild_in_progress()
    return status
