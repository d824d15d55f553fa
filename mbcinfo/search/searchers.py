"""Open searchers: one per thread, kept between requests, reopened only when the index changed.

Each open searcher holds about 1.5× the index in memory, and opening one cost 7–9 ms a search
on the large corpus, so a thread keeps its searcher until the build or its segments change.
"""
import threading
from dataclasses import dataclass, field

from .analysis import DEFAULT_LANGUAGE
from .documents import Document
from .fields import search_field
from .schema import SCHEMA_VERSION
from .scoring import Statistics
from .spelling import Speller
from .storage import IndexUnavailable, current_build_name, index_root, open_current_index

# Stored documents kept decoded per searcher.
DOCUMENT_CACHE = 5000


@dataclass
class OpenIndex:
    """One open searcher, kept for the life of a thread and reopened only when the index changed
    (each searcher holds about 1.5× the index in memory)."""

    name: str
    ix: object
    searcher: object
    meta: dict
    _columns: dict = field(default_factory=dict, repr=False)
    _statistics: dict = field(default_factory=dict, repr=False)  # per language
    _spellers: dict = field(default_factory=dict, repr=False)    # per language
    _documents: dict = field(default_factory=dict, repr=False)

    @property
    def generation(self):
        return self.meta["generation"]

    def column(self, name):
        """A column field's value for every document, by document number (read once per searcher).

        Read segment by segment, each at its own offset. The whole reader's column_reader()
        leaves out a segment that has no slug at all (an update that rewrote only the build
        record and vocabulary writes one), which shifted every later document's slug: the wrong
        topic, or an IndexError past the end."""
        if name not in self._columns:
            reader = self.searcher.reader()
            values = [""] * reader.doc_count_all()
            for leaf, offset in reader.leaf_readers():
                if leaf.has_column(name):
                    column = list(leaf.column_reader(name))
                    values[offset:offset + len(column)] = column
            self._columns[name] = values
        return self._columns[name]

    @property
    def slugs(self):
        """The topic of every document, by document number."""
        return self.column("slug")

    def slug_of(self, docnum):
        return self.slugs[docnum]

    def statistics(self, language=DEFAULT_LANGUAGE):
        """One language's per-document scoring figures, read once per searcher (scoring.Statistics)."""
        if language not in self._statistics:
            self._statistics[language] = Statistics(self.searcher, search_field(language),
                                                    self.column("language"), language)
        return self._statistics[language]

    def speller(self, language=DEFAULT_LANGUAGE):
        if language not in self._spellers:
            self._spellers[language] = Speller(self.searcher, language)
        return self._spellers[language]

    def document(self, docnum):
        """The stored document (remembered: the same pages come up again and again)."""
        if docnum not in self._documents:
            if len(self._documents) >= DOCUMENT_CACHE:
                self._documents.clear()
            stored = self.searcher.stored_fields(docnum)
            self._documents[docnum] = Document(**{name: stored.get(name, "") for name in Document.__dataclass_fields__})
        return self._documents[docnum]

    def staleness(self, version):
        """Why this index does not reflect `version` (ContentGeneration.version()), or None."""
        generation, database = version
        if self.meta.get("schema") != SCHEMA_VERSION:
            return f"index has schema {self.meta.get('schema')}, this code uses {SCHEMA_VERSION}"
        if self.generation != generation:
            return f"index reflects content generation {self.generation}, content is at {generation}"
        if self.meta.get("database") != database:
            return f"index was built from another database at the same content generation {generation}"
        return None

    def close(self):
        try:
            self.searcher.close()
            self.ix.close()
        except Exception:  # closing a damaged index must not hide the real error
            pass


_local = threading.local()


def open_searcher():
    """The thread's searcher on the current build, reopened if the build or its segments changed.
    Never uses Searcher.refresh(): in whoosh-reloaded 2.7.5 and whoosh3 3.54 it returns deleted
    documents."""
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
        raise IndexUnavailable("no search index has been built yet", reason="not built")
    ix, meta = open_current_index()
    try:
        searcher = ix.searcher()
    except Exception as error:  # damaged since open_current_index() read it
        ix.close()
        raise IndexUnavailable(f"cannot open a searcher on build {name}: {error!r}") from error
    opened = OpenIndex(name=name, ix=ix, searcher=searcher, meta=meta)
    _local.opened = (root, opened)
    return opened


def forget_searcher():
    """Drop this thread's searcher (after an error while searching with it)."""
    cached = getattr(_local, "opened", None)
    if cached is not None:
        cached[1].close()
        _local.opened = None
