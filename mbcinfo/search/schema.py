"""What the index holds: its schema, and topics turned into Whoosh documents.

One document per topic (title, summary, introduction) and one per h2 section, from
documents.py. Words are analysed once, in plain Python (analysis.py), and handed to Whoosh
already analysed.
"""
from collections import Counter, defaultdict
from datetime import datetime, timezone
from itertools import groupby

from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from mbcinfo import progress
from mbcinfo.topics.models import Topic

from .analysis import spelling_analyzer, stem_of, stemming_analyzer, word_starts, words
from .documents import live_documents, title_keys
from .query import FIELD_BOOSTS

# Bump when the schema or the analysis changes: older builds are then stale and rebuilt. The
# field weights are part of it because they are written into the index (see WeightedText).
SCHEMA_VERSION = "4:" + ",".join(f"{name}={boost:g}" for name, boost in FIELD_BOOSTS.items())
META_ID = "__meta__"
VOCABULARY_ID = "__vocabulary__"
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
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        slug=ID(stored=True, sortable=True),
        text=WeightedText(),
        # Shown in results, not searched (the words are in `text`).
        title=STORED(), heading=STORED(), summary=STORED(), body=STORED(),
        anchor=STORED(), section=STORED(),
        # Unstemmed words for spelling suggestions, on the vocabulary document only: searchable
        # (for Whoosh's edit-distance automaton) and stored as {word: topics}.
        spell=Vocabulary(), words=STORED(),
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


def whoosh_fields(document, terms):
    fields = {
        "id": document.id, "kind": document.kind, "slug": document.slug, "text": terms,
        "anchor": document.anchor, "section": document.section, "title": document.title,
        "heading": document.heading, "summary": document.summary, "body": document.body,
        "autocomplete": word_starts(document.title if document.kind == "topic" else document.heading),
    }
    if document.kind == "topic":
        fields["exact"] = ",".join(title_keys(document.title, document.slug))
    return fields


def add_topics(writer, slugs=None):
    """Write the documents of all live topics (or those in `slugs`).
    Returns (topics, documents, {word: number of those topics using it})."""
    topics = documents = 0
    vocabulary = Counter()
    pages = groupby(live_documents(slugs), key=lambda document: document.slug)
    total = len(slugs) if slugs is not None else Topic.objects.live().count()
    for _, group in progress.each(pages, "indexing", total=total, unit="page"):
        topic_words = set()
        for document in group:
            terms, spelled = analysed(document)
            topic_words |= spelled
            writer.add_document(**whoosh_fields(document, terms))
            topics += document.kind == "topic"
            documents += 1
        vocabulary.update(topic_words)
    return topics, documents, vocabulary


def words_of_stored(stored_documents):
    """The set of words of a topic's documents as stored in the index."""
    found = set()
    for stored in stored_documents:
        for name in FIELD_BOOSTS:
            found.update(words(stored.get(name, "")))
    return found


def vocabulary_fields(vocabulary):
    counts = {word: topics for word, topics in vocabulary.items() if topics > 0}
    return {"id": VOCABULARY_ID, "kind": "vocabulary", "spell": counts, "words": counts}


def codec():
    # Whoosh's default, compressed posting blocks. Uncompressed ones made searches on the corpus
    # about a fifth faster at the median (the same at p95) for an index and a searcher's memory
    # nearly twice the size (71 against 39 MiB on disk, 134 against 70 MiB resident).
    return W3Codec()


def meta_fields(generation, database):
    return {"id": META_ID, "kind": "meta", "meta": {
        "generation": generation, "database": database, "schema": SCHEMA_VERSION,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }}
