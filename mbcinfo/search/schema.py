"""What the index holds: the Whoosh schema, made from the field list in fields.py.

One document per topic (title, summary, introduction) and one per h2 section (documents.py).
Words are analysed once, in plain Python (analysis.py), and handed to Whoosh already analysed.
"""
from collections import defaultdict

from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from . import fields
from .analysis import LANGUAGES, spelling_analyzer, stemming_analyzer_for

# Bump the number when the analysis changes: older builds are then stale and rebuilt. The field
# list (names, weights, what is stored) is part of it: the weights are written into the index
# (see WeightedText).
SCHEMA_VERSION = "6:" + ",".join(LANGUAGES) + ":" + fields.fingerprint()


class WeightedText(TEXT):
    """One searchable field for every WORDS field of fields.FIELDS (title, heading, summary,
    body), each word weighted by where it stands: a word in the title counts as four in the body.

    This is BM25F proper — weights added before the score saturates — and it means one posting
    list, one matcher, per query word. Four separate fields made every word four matchers, and
    Whoosh, in pure Python, spent most of each search creating and advancing them (p95 over
    400 ms against 35 ms for FTS5 on the 2,802-page corpus). The value is already analysed:
    a list of (term, position, weight)."""

    def __init__(self, language="en"):
        super().__init__(analyzer=stemming_analyzer_for(language), phrase=True)

    def index(self, value, **kwargs):
        positions, weights = defaultdict(list), defaultdict(float)
        for term, position, weight in value:
            positions[term].append(position)
            weights[term] += weight
        for term, places in positions.items():
            yield term.encode("utf-8"), len(places), weights[term], self.format.encode(places)


class Vocabulary(TEXT):
    """The spelling field: every word of the live content, unstemmed, on one document, weighted
    by the number of topics that use it. The value is a {word: topics} dict.

    One posting per word instead of one per word per page: on the corpus, 27,000 postings
    instead of 730,000, a third of everything Whoosh had to sort and write."""

    def __init__(self):
        super().__init__(analyzer=spelling_analyzer, phrase=False)

    def index(self, value, **kwargs):
        for word, topics in value.items():
            yield word.encode("utf-8"), topics, float(topics), pack_uint(topics)


def make_schema():
    schema = Schema()
    for field in fields.FIELDS:
        if field.analyzer == fields.KEYWORD:
            schema.add(field.name, ID(stored=field.stored, unique=field.unique, sortable=field.column))
        elif field.stored:
            # Shown in results; a WORDS field's words are searched through SEARCH_FIELD.
            schema.add(field.name, STORED())
    for language in LANGUAGES:
        schema.add(fields.search_field(language), WeightedText(language))
    # Unstemmed words for spelling suggestions, on the vocabulary document only: searchable
    # (for Whoosh's edit-distance automaton) and stored as {word: topics}.
    schema.add(fields.SPELL_FIELD, Vocabulary())
    schema.add(fields.VOCABULARY_WORDS_FIELD, STORED())
    # Starts of words of autocomplete labels (analysis.word_starts), without Prefix queries.
    schema.add(fields.AUTOCOMPLETE_FIELD, TEXT(analyzer=spelling_analyzer, phrase=False))
    schema.add(fields.EXACT_FIELD, KEYWORD(commas=True))
    schema.add(fields.META_FIELD, STORED())
    return schema


def codec():
    # Whoosh's default, compressed posting blocks. Uncompressed ones made searches on the corpus
    # about a fifth faster at the median (the same at p95) for an index and a searcher's memory
    # nearly twice the size (71 against 39 MiB on disk, 134 against 70 MiB resident).
    return W3Codec()
