"""Evaluating a Whoosh query tree in bulk: BM25 over the weighted `text` field.

Whoosh's matchers walk a tree of Python objects one posting at a time: 3–5 µs a posting, and a
common word has thousands, so a two-word search on the 2,802-page corpus took 25–40 ms before
any highlighting. Here each term's posting list is read once, block by block, into lists and
scored in one comprehension; And, Or and AndMaybe become dictionary intersections and unions.
Whoosh still does the rest: storage, the term dictionary, the posting lists with their
positions, and deletions. (Its Phrase matcher took 70 ms for "how long" on the corpus; checking
positions only in documents that hold every word of the phrase takes a few.)

Only Term, Phrase, And, Or and AndMaybe nodes are understood; anything else raises, so a
Wildcard, Prefix, range or fuzzy node could not run even if one were ever built.
"""
import math
from collections import OrderedDict
from itertools import accumulate

from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermsReader
from whoosh.filedb.structfile import BufferFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, Or, Phrase, Term
from whoosh.reading import TermNotFound

# The usual BM25 constants: term frequency saturates at K1, length normalisation B.
K1 = 1.2
B = 0.75


# How many postings' scores a searcher keeps between searches (about 100 bytes each).
CACHED_POSTINGS = 400_000


class UnsupportedQuery(TypeError):
    pass


class Statistics:
    """What scoring needs to know about every document, read once per searcher."""

    def __init__(self, searcher, field, languages=None, language=None):
        """`languages` is the language column (one code per document number, "" for the build
        record): only documents of `language` and the build record count in the number of
        documents, so another language's pages change no score of this one's."""
        reader = searcher.reader()
        total = reader.doc_count_all()
        lengths = [reader.doc_field_length(docnum, field) or 0 for docnum in range(total)]
        counted = [length for length in lengths if length] or [1]
        average = sum(counted) / len(counted)
        self.norms = [K1 * (1 - B + B * length / average) for length in lengths]
        if languages is None:
            self.documents = max(1, reader.doc_count())
        else:
            self.documents = max(1, sum(languages[docnum] in (language, "") for docnum in reader.all_doc_ids()))
        self.field = field
        self.decode_positions = searcher.schema[field].format.decode_positions
        # Each term's scores, kept for later searches up to a total number of postings.
        self.cache = OrderedDict()
        self.cached_postings = 0

    def remember(self, text, scores):
        self.cache[text] = scores
        self.cached_postings += len(scores)
        while self.cached_postings > CACHED_POSTINGS and len(self.cache) > 1:
            _, dropped = self.cache.popitem(last=False)
            self.cached_postings -= len(dropped)


def read_postings(searcher, field, text, values=False):
    """(docnums, weights, encoded positions or None) for one term across every segment, deleted
    documents left out."""
    docnums, weights, encoded = [], [], [] if values else None
    for reader, offset in searcher.reader().leaf_readers():
        matcher = _postings(reader, field, text)
        if matcher is None:
            continue
        deleted = frozenset()
        if isinstance(matcher, FilterMatcher):
            deleted, matcher = matcher._ids, matcher.child
        elif reader.has_deletions():
            deleted = reader.deleted_docs_set
        ids, found, positions = _read_matcher(matcher, values)
        if deleted:
            keep = [index for index, docnum in enumerate(ids) if docnum not in deleted]
            ids, found = [ids[i] for i in keep], [found[i] for i in keep]
            positions = [positions[i] for i in keep] if values else None
        docnums.extend([docnum + offset for docnum in ids] if offset else ids)
        weights.extend(found)
        if values:
            encoded.extend(positions)
    return docnums, weights, encoded


def _postings(reader, field, text):
    """A matcher over one segment's posting list of the term, or None if the segment lacks it.

    The term is looked up once (a `in` test and then postings() looked it up twice). The index
    is read, not memory-mapped (storage.py), and Whoosh's matcher reads a block's header with
    pickle.load() straight from the segment file, one small read per pickle opcode: about 1,500
    file reads a search on the corpus. So the term's whole posting list is read in one read and
    Whoosh's own matcher decodes it from memory."""
    try:
        info = reader.term_info(field, text)
    except TermNotFound:
        return None
    terms = getattr(reader, "_terms", None)
    if info.is_inlined() or type(terms) is not W3TermsReader:
        return reader.postings(field, text)
    start, length = info.extent()
    if isinstance(length, tuple):  # whoosh3 3.54 reads the length back as struct.unpack's 1-tuple
        (length,) = length
    return W3LeafMatcher(BufferFile(terms._postfile.get(start, length)), 0, length, reader.schema[field].format)


def _read_matcher(matcher, values):
    ids, weights, encoded = [], [], [] if values else None
    if type(matcher) is W3LeafMatcher:
        # Whole blocks at a time (whoosh3's block layout, the same as Whoosh 2.7's; the version
        # is locked, and a test checks that this path is taken and agrees with the one below).
        # A block's ids are stored as differences: accumulate() undoes that in C, where
        # _read_ids() did it in a Python generator.
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            ids.extend(accumulate(matcher._data[0]))
            matcher._read_weights()
            weights.extend(matcher._weights)
            if values:
                matcher._read_values()
                encoded.extend(matcher._values)
            matcher._next_block()
        return ids, weights, encoded
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            encoded.append(matcher.value())
        matcher.next()
    return ids, weights, encoded


class Evaluation:
    """One search's evaluation, remembering each term's scores so trying the words again in
    another combination costs no second read."""

    def __init__(self, searcher, statistics):
        self.searcher = searcher
        self.statistics = statistics
        self._positions = {}
        self._read = {}  # {term: (docnums, encoded positions)} read by this search

    def term(self, text):
        """{docnum: BM25 score} for one term of the statistics' field."""
        statistics = self.statistics
        scores = statistics.cache.get(text)
        if scores is None:
            # The positions come in the same pickled blocks as the rest: kept for this search,
            # a phrase of the word does not read its postings again.
            docnums, weights, encoded = read_postings(self.searcher, statistics.field, text, values=True)
            self._read[text] = (docnums, encoded)
            frequency = len(docnums)
            factor = math.log(1 + (statistics.documents - frequency + 0.5) / (frequency + 0.5)) * (K1 + 1)
            norms = statistics.norms
            scores = {docnum: factor * weight / (weight + norms[docnum]) for docnum, weight in zip(docnums, weights)}
            statistics.remember(text, scores)
        else:
            statistics.cache.move_to_end(text)
        return scores

    def positions(self, text):
        """{docnum: encoded positions} for one term (decoded only where a phrase may be)."""
        if text not in self._positions:
            docnums, encoded = self._read.pop(text, None) or read_postings(
                self.searcher, self.statistics.field, text, values=True)[::2]
            self._positions[text] = dict(zip(docnums, encoded))
        return self._positions[text]

    def phrase(self, words):
        """Documents where the words stand side by side, scored as the sum of the words' scores.
        Only documents holding every word are checked, by their stored positions."""
        parts = [self.term(word) for word in words]
        candidates = set(min(parts, key=len))
        for part in parts:
            candidates.intersection_update(part)
        if not candidates:
            return {}
        decode = self.statistics.decode_positions
        where = [self.positions(word) for word in words]
        found = {}
        for docnum in candidates:
            starts = set(decode(where[0][docnum]))
            for offset, places in enumerate(where[1:], start=1):
                starts &= {position - offset for position in decode(places[docnum])}
                if not starts:
                    break
            if starts:
                found[docnum] = sum(part[docnum] for part in parts)
        return found

    def evaluate(self, node):
        """{docnum: score} for a query tree."""
        if isinstance(node, Term):
            if node.fieldname != self.statistics.field:
                raise UnsupportedQuery(f"terms of field {node.fieldname!r} cannot be scored")
            scores = self.term(node.text)
        elif isinstance(node, Phrase):
            if node.fieldname != self.statistics.field:
                raise UnsupportedQuery(f"phrases of field {node.fieldname!r} cannot be scored")
            scores = self.phrase(node.words)
        elif isinstance(node, AndMaybe):
            required, optional = self.evaluate(node.a), self.evaluate(node.b)
            scores = {docnum: score + optional.get(docnum, 0.0) for docnum, score in required.items()}
        elif isinstance(node, And):
            parts = sorted((self.evaluate(child) for child in node.subqueries), key=len)
            scores = dict(parts[0])
            for part in parts[1:]:
                scores = {docnum: score + part[docnum] for docnum, score in scores.items() if docnum in part}
        elif isinstance(node, Or):
            parts = sorted((self.evaluate(child) for child in node.subqueries), key=len, reverse=True)
            scores = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                for docnum, score in part.items():
                    scores[docnum] = scores.get(docnum, 0.0) + score
        else:
            raise UnsupportedQuery(f"{type(node).__name__} queries are not supported")
        boost = getattr(node, "boost", 1.0)
        if boost != 1.0:
            scores = {docnum: score * boost for docnum, score in scores.items()}
        return scores
