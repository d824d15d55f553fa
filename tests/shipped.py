"""Counts of the shipped content (content/) as loaded in the test database.

Tests compare with these rather than with written-down numbers, so adding or removing a page
changes what they expect instead of breaking them.
"""
import re

from mbcinfo.search import documents
from mbcinfo.search.documents import live_documents


def live_topics():
    """How many topics the public sees, in every language (and the index holds)."""
    return documents.live_topics().count()


def live_document_count():
    """How many documents the index should hold: one for each live topic (in every language) and
    each of its sections."""
    return sum(1 for _ in live_documents())


def topics_mentioning(word, language="en"):
    """How many live topics of `language` use `word` in the text they are searched by."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return len({document.slug for document in live_documents(language=language)
                if pattern.search(" ".join((document.title, document.heading, document.summary, document.body)))})
