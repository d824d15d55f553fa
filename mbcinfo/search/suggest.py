"""Autocomplete: titles and section headings whose words start with what has been typed.

Kept apart from full-text search: it looks only at titles and headings, through a field of word
starts ("pal", "pall", …), so there is no Prefix query to blow up on a one-letter word.
"""
import logging

from whoosh.query import And, Term

from . import index
from .analysis import AUTOCOMPLETE_MAX, AUTOCOMPLETE_MIN, DEFAULT_LANGUAGE, language_of, word_starts, words
from .documents import documents_for, live_topics
from .fallback import text_contains
from .fields import AUTOCOMPLETE_FIELD, label
from .query import clean

logger = logging.getLogger(__name__)

MAX_SUGGESTIONS = 8
MAX_TYPED_CHARS = 100
MAX_WORDS = 6


def typed_prefixes(raw, language=DEFAULT_LANGUAGE):
    typed = words(clean(raw)[:MAX_TYPED_CHARS])[:MAX_WORDS]
    stop_words = language_of(language).stop_words
    return [word[:AUTOCOMPLETE_MAX] for word in typed
            if len(word) >= AUTOCOMPLETE_MIN and word not in stop_words]


def suggestions(raw, limit=MAX_SUGGESTIONS, language=DEFAULT_LANGUAGE):
    """[{"label", "url", "context"}]: page titles first, then section headings, of the pages in
    `language` only (accents need not be typed: "pronos" finds "Pronóstico")."""
    language = language_of(language).code
    prefixes = typed_prefixes(raw, language)
    if not prefixes:
        return []
    opened = index.fresh_searcher()
    if opened is not None:
        try:
            return _from_index(opened, prefixes, limit, language)
        except Exception:
            logger.exception("Autocomplete failed on the index; answering from the database.")
            index.forget_searcher()
    return _from_database(prefixes, limit, language)


def _suggestion(document):
    context = document.section if document.kind == "topic" else document.title
    return {"label": label(document), "url": document.url, "context": context}


def _ordered(documents, limit):
    topics = [d for d in documents if d.kind == "topic"]
    sections = [d for d in documents if d.kind == "section"]
    chosen, seen = [], set()
    for document in topics + sections:
        item = _suggestion(document)
        if item["url"] in seen or not item["label"]:
            continue
        seen.add(item["url"])
        chosen.append(item)
        if len(chosen) >= limit:
            break
    return chosen


def _from_index(opened, prefixes, limit, language):
    query = And([Term(AUTOCOMPLETE_FIELD, prefix) for prefix in prefixes] + [Term("language", language)])
    results = opened.searcher.search(query, limit=limit * 4)
    documents = [opened.document(results.docnum(i)) for i in range(results.scored_length())]
    return _ordered(documents, limit)


def _from_database(prefixes, limit, language):
    documents = []
    candidates = live_topics(language).filter(text_contains(prefixes[0], language))
    for topic in candidates.distinct()[:200]:
        for document in documents_for(topic):
            if set(prefixes) <= set(word_starts(label(document), language)):
                documents.append(document)
    documents.sort(key=lambda d: (len(label(d)), d.id))
    return _ordered(documents, limit)
