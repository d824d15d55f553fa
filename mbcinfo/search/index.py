"""The Whoosh index: its schema, where it lives, how it is built and kept in step with content.

Layout under settings.SEARCH_INDEX_DIR:

    CURRENT        the name of the build that readers use (replaced atomically)
    writer.lock    held by the one process that is writing (flock: freed if that process dies)
    builds/NAME/   one complete index each

A full rebuild writes a new build directory and only then points CURRENT at it, so a reader sees
the old index or the new one, never half of each. Updates for a few changed topics are written
into the current build in one Whoosh commit, which is atomic too. Every build holds a record of
the content generation it reflects; a missing, unreadable or stale index is rebuilt in the
background while search answers from the database (see engine.py).
"""
import fcntl
import logging
import os
import shutil
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.db import connection
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from mbcinfo.topics.models import ContentGeneration

from .analysis import spelling_analyzer, stem_of, stemming_analyzer, word_starts, words
from .documents import Document, live_documents, title_keys
from .query import FIELD_BOOSTS, SEARCH_FIELD
from .scoring import Statistics
from .spelling import Speller

logger = logging.getLogger(__name__)

# Bump when the schema or the analysis changes: older builds are then stale and rebuilt. The
# field weights are part of it because they are written into the index (see WeightedText).
SCHEMA_VERSION = "3:" + ",".join(f"{name}={boost:g}" for name, boost in FIELD_BOOSTS.items())
META_ID = "__meta__"
# Rebuilding is throttled so a broken disk cannot make every search start a new rebuild.
REBUILD_RETRY_SECONDS = 10
# Stored documents kept decoded per searcher.
DOCUMENT_CACHE = 5000
# Positions left empty between title, heading, summary and body, so no phrase spans two of them.
FIELD_GAP = 100


class WeightedText(TEXT):
    """One searchable field for title, heading, summary and body, each word weighted by where it
    stands (FIELD_BOOSTS): a word in the title counts as four in the body.

    This is BM25F proper — weights added before the score saturates — and it means one posting
    list, one matcher, per query word. Four separate fields made every word four matchers, and
    Whoosh, in pure Python, spent most of each search creating and advancing them (p95 over
    400 ms against 35 ms for FTS5 on the 2,802-page corpus). The value is already analysed:
    a list of (term, position, weight)."""

    def __init__(self):
        super().__init__(analyzer=stemming_analyzer, phrase=True)

    def index(self, value, **kwargs):
        positions, weights = defaultdict(list), defaultdict(float)
        for term, position, weight in value:
            positions[term].append(position)
            weights[term] += weight
        for term, places in positions.items():
            yield term.encode("utf-8"), len(places), weights[term], self.format.encode(places)


def make_schema():
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        slug=ID(stored=True, sortable=True),
        text=WeightedText(),
        # Shown in results, not searched (the words are in `text`).
        title=STORED(), heading=STORED(), summary=STORED(), body=STORED(),
        anchor=STORED(), section=STORED(),
        # Unstemmed words, only for spelling suggestions, once per topic on its topic document:
        # a word's frequency is then the number of topics that use it.
        spell=TEXT(analyzer=spelling_analyzer, phrase=False),
        # Starts of words of titles and headings (analysis.word_starts), for autocomplete
        # without Prefix queries.
        autocomplete=TEXT(analyzer=spelling_analyzer, phrase=False),
        exact=KEYWORD(commas=True),
        meta=STORED(),
    )


def analysed(document):
    """(weighted terms for `text`, the set of words): each text is tokenised once."""
    terms, spelled, position = [], set(), 0
    for name, weight in FIELD_BOOSTS.items():
        for word in words(getattr(document, name)):
            spelled.add(word)
            term = stem_of(word)
            if term:
                terms.append((term, position, weight))
                position += 1
        position += FIELD_GAP
    return terms, spelled


class IndexUnavailable(Exception):
    """The index is missing or cannot be read."""


class IndexLocked(Exception):
    """Another process is writing the index and did not finish in time."""


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


# --- where the index lives ---

def index_root():
    return Path(settings.SEARCH_INDEX_DIR)


def _pointer():
    return index_root() / "CURRENT"


def _builds():
    return index_root() / "builds"


def current_build_name():
    try:
        name = _pointer().read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise IndexUnavailable(f"cannot read {_pointer()}: {error}") from error
    # The pointer names a directory under builds/, nothing else.
    if not name or "/" in name or name.startswith("."):
        raise IndexUnavailable(f"{_pointer()} does not name a build")
    return name


@contextmanager
def writer_lock(timeout=None):
    """Hold the one-writer lock, waiting up to `timeout` seconds for another writer."""
    timeout = settings.SEARCH_LOCK_TIMEOUT if timeout is None else timeout
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / "writer.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexLocked(
                        f"The search index at {root} is being written by {holder}, which did not "
                        f"finish within {timeout:g} s. Wait for it to finish and try again "
                        "(the lock is released automatically if that process stops).") from None
                time.sleep(0.05)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- writing ---

def _whoosh_fields(document, terms):
    fields = {
        "id": document.id, "kind": document.kind, "slug": document.slug, "text": terms,
        "anchor": document.anchor, "section": document.section, "title": document.title,
        "heading": document.heading, "summary": document.summary, "body": document.body,
        "autocomplete": word_starts(document.title if document.kind == "topic" else document.heading),
    }
    if document.kind == "topic":
        fields["exact"] = ",".join(title_keys(document.title, document.slug))
    return fields


def _add_topics(writer, slugs=None):
    """Write the documents of all live topics (or those in `slugs`); return (topics, documents)."""
    topics = documents = 0
    for _, group in groupby(live_documents(slugs), key=lambda document: document.slug):
        analysed_group = [(document, *analysed(document)) for document in group]
        vocabulary = set().union(*(spelled for _, _, spelled in analysed_group))
        for document, terms, _ in analysed_group:
            fields = _whoosh_fields(document, terms)
            if document.kind == "topic":
                fields["spell"] = sorted(vocabulary)
                topics += 1
            writer.add_document(**fields)
            documents += 1
    return topics, documents


def _codec():
    # Posting blocks uncompressed: decompressing them was a tenth of the time of a search, for
    # an index a third larger.
    return W3Codec(compression=0)


def _meta_fields(generation):
    return {"id": META_ID, "kind": "meta", "meta": {
        "generation": generation, "schema": SCHEMA_VERSION,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }}


def rebuild(timeout=None):
    """Build a complete new index from the database and switch readers to it atomically."""
    with writer_lock(timeout):
        return _rebuild_locked()


def _rebuild_locked():
    started = time.monotonic()
    # Read the generation before the topics: a change committed meanwhile leaves this build
    # marked older than the content, so it is caught as stale rather than missed.
    generation = ContentGeneration.current()
    name = f"{generation}-{time.time_ns()}-{os.getpid()}"
    path = _builds() / name
    path.mkdir(parents=True)
    try:
        ix = whoosh_index.create_in(str(path), make_schema())
        writer = ix.writer(limitmb=256, codec=_codec())
        try:
            topics, documents = _add_topics(writer)
            writer.add_document(**_meta_fields(generation))
        except BaseException:
            writer.cancel()
            raise
        # One optimised segment: many small segments made searches several times slower.
        writer.commit(optimize=True)
        ix.close()
        previous = _safe_current_name()
        _switch_to(name)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _remove_old_builds(keep={name, previous})
    return BuildReport(generation, topics, documents, time.monotonic() - started, path)


def _safe_current_name():
    try:
        return current_build_name()
    except IndexUnavailable:
        return None


def _switch_to(name):
    pointer = _pointer()
    temporary = pointer.with_name(f"CURRENT.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, pointer)


def _remove_old_builds(keep):
    # The previous build stays: another process may still be reading it.
    for child in _builds().iterdir():
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def update(slugs, generation, timeout=None):
    """Bring the index up to content `generation`, re-indexing only `slugs` when the index is
    exactly one generation behind, and rebuilding it otherwise."""
    with writer_lock(timeout):
        started = time.monotonic()
        try:
            ix, meta = _open_current_index()
        except IndexUnavailable:
            return _rebuild_locked()
        if meta.get("schema") != SCHEMA_VERSION or meta.get("generation", -1) < generation - 1:
            ix.close()
            return _rebuild_locked()
        path = Path(ix.storage.folder)
        if meta["generation"] >= generation:
            ix.close()
            return BuildReport(meta["generation"], 0, 0, 0.0, path, action="already up to date")
        writer = ix.writer(codec=_codec())
        try:
            for slug in slugs:
                writer.delete_by_term("slug", slug)
            topics, documents = _add_topics(writer, slugs)
            writer.update_document(**_meta_fields(generation))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        return BuildReport(generation, topics, documents, time.monotonic() - started, path, action="updated")


def on_content_changed(sender, slugs=(), generation=None, **kwargs):
    """Keep the index in step after content commits. Never raises: saving content must not fail
    because of the index. If the update cannot run, the index stays stale, search answers from
    the database, and the next search starts a rebuild."""
    if generation is None:
        return
    try:
        report = update(list(slugs), generation)
        logger.info(report.summary())
    except IndexLocked as error:
        logger.warning("Search index not updated for generation %s: %s", generation, error)
    except Exception:
        logger.exception("Search index not updated for generation %s; it will be rebuilt.", generation)


# --- reading ---

def _open_current_index():
    name = current_build_name()
    if name is None:
        raise IndexUnavailable("no search index has been built yet")
    path = _builds() / name
    try:
        ix = whoosh_index.open_dir(str(path))
    except Exception as error:  # a damaged index raises many kinds of error
        raise IndexUnavailable(f"cannot open {path}: {error!r}") from error
    try:
        with ix.searcher() as searcher:
            meta = (searcher.document(id=META_ID) or {}).get("meta")
    except Exception as error:
        ix.close()
        raise IndexUnavailable(f"cannot read {path}: {error!r}") from error
    if not isinstance(meta, dict) or not isinstance(meta.get("generation"), int):
        ix.close()
        raise IndexUnavailable(f"{path} has no build record")
    return ix, meta


@dataclass
class OpenIndex:
    """One open searcher, kept for the life of a thread and reopened only when the index changed
    (each searcher holds about 1.5× the index in memory)."""

    name: str
    ix: object
    searcher: object
    meta: dict
    _slugs: list = field(default=None, repr=False)
    _statistics: object = field(default=None, repr=False)
    _speller: object = field(default=None, repr=False)
    _documents: dict = field(default_factory=dict, repr=False)

    @property
    def generation(self):
        return self.meta["generation"]

    @property
    def slugs(self):
        """The topic of every document, by document number (read once per searcher)."""
        if self._slugs is None:
            self._slugs = list(self.searcher.reader().column_reader("slug"))
        return self._slugs

    def slug_of(self, docnum):
        return self.slugs[docnum]

    @property
    def statistics(self):
        """Per-document scoring figures, read once per searcher (scoring.Statistics)."""
        if self._statistics is None:
            self._statistics = Statistics(self.searcher, SEARCH_FIELD)
        return self._statistics

    @property
    def speller(self):
        if self._speller is None:
            self._speller = Speller(self.searcher)
        return self._speller

    def document(self, docnum):
        """The stored document (remembered: the same pages come up again and again)."""
        if docnum not in self._documents:
            if len(self._documents) >= DOCUMENT_CACHE:
                self._documents.clear()
            stored = self.searcher.stored_fields(docnum)
            self._documents[docnum] = Document(**{name: stored.get(name, "") for name in Document.__dataclass_fields__})
        return self._documents[docnum]

    def reflects(self, generation):
        return self.meta.get("schema") == SCHEMA_VERSION and self.generation == generation

    def close(self):
        try:
            self.searcher.close()
            self.ix.close()
        except Exception:  # closing a damaged index must not hide the real error
            pass


_local = threading.local()


def open_searcher():
    """The thread's searcher on the current build, reopened if the build or its segments changed.
    Never uses Searcher.refresh(): in whoosh-reloaded 2.7.5 it returns deleted documents."""
    root = str(index_root())
    cached = getattr(_local, "opened", None)
    name = current_build_name()
    if cached is not None:
        same = cached[0] == root and cached[1].name == name
        try:
            if same and cached[1].searcher.up_to_date():
                return cached[1]
        except Exception:
            pass
        cached[1].close()
        _local.opened = None
    if name is None:
        raise IndexUnavailable("no search index has been built yet")
    ix, meta = _open_current_index()
    opened = OpenIndex(name=name, ix=ix, searcher=ix.searcher(), meta=meta)
    _local.opened = (root, opened)
    return opened


def clear_caches():
    """Forget what this thread's searcher remembers between searches (term scores, stored
    documents, spelling answers), as if every query were new. For benchmarks."""
    cached = getattr(_local, "opened", None)
    if cached is not None:
        opened = cached[1]
        opened._documents.clear()
        if opened._statistics is not None:
            opened._statistics.cache.clear()
            opened._statistics.cached_postings = 0
        if opened._speller is not None:
            opened._speller._known.clear()


def forget_searcher():
    """Drop this thread's searcher (after an error while searching with it)."""
    cached = getattr(_local, "opened", None)
    if cached is not None:
        cached[1].close()
        _local.opened = None


def fresh_searcher():
    """An OpenIndex that reflects the current content, or None (and a rebuild is started)."""
    try:
        opened = open_searcher()
    except IndexUnavailable as error:
        schedule_rebuild(str(error))
        return None
    current = ContentGeneration.current()
    if not opened.reflects(current):
        schedule_rebuild(f"index reflects content generation {opened.generation}, content is at {current}")
        return None
    return opened


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
    """Wait for a background rebuild started by this process (used by tests and commands)."""
    thread = _rebuild["thread"]
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def rebuild_in_progress():
    thread = _rebuild["thread"]
    return thread is not None and thread.is_alive()


def index_status():
    """What /healthz and the admin need to know: is there an index, and does it match content?"""
    current = ContentGeneration.current()
    status = {"present": False, "generation": None, "current_generation": current,
              "up_to_date": False, "path": str(index_root()), "documents": None, "built": None,
              "error": None, "rebuilding": rebuild_in_progress()}
    try:
        opened = open_searcher()
    except IndexUnavailable as error:
        status["error"] = str(error)
        return status
    status.update(present=True, generation=opened.generation, up_to_date=opened.reflects(current),
                  documents=opened.searcher.doc_count() - 1, built=opened.meta.get("built"))
    return status
