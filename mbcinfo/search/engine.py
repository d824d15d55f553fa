"""One search, start to finish: clean and parse, correct spelling, add synonyms, find the
documents with all the words (the illness named beside a need may be anywhere on the document's
page: audience.py), or, failing that, those with the most of them, put an exact title first,
group sections by page, and highlight the page of results shown. Answers from the database
whenever the index is missing, damaged or stale. Answers from the index are kept per
index generation (resultcache.py), so the same search again is not searched again.

Results are pages (topics), each linking to its best-matching section, with up to three more
matching sections of that page listed under it: ten hits from one long page would bury the
others. Grouping happens after scoring, on plain dictionaries (Whoosh's collapse made searches
two to five times slower on the large corpus).
"""
import heapq
import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from . import audience, fallback, index, resultcache, spelling
from .analysis import DEFAULT_LANGUAGE, language_of, words
from .documents import exact_key, title_terms
from .fields import EXACT_FIELD, snippet_text
from .highlight import snippet
from .query import (build_groups, clean, group_query, page_wide_groups, parse_safely, required_groups,
                    whoosh_query, within_budget)
from .scoring import Evaluation, read_postings
from .synonyms import current_synonyms, current_synonyms_stamp

logger = logging.getLogger(__name__)

PER_PAGE = 10
MORE_SECTIONS = 3


@dataclass
class Hit:
    title: str
    url: str
    section: str
    heading: str
    snippet: str
    more: list = field(default_factory=list)  # [(heading, url)]
    missing: list = field(default_factory=list)  # words typed that this page lacks


@dataclass
class SearchPage:
    query: str = ""
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    did_you_mean: str = None
    matched_all: bool = True
    source: str = "index"  # "index", "database", or "none" for an empty query
    left_out: list = field(default_factory=list)  # words of a long search not searched for

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_number(self):
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    def page_numbers(self, around=2):
        """Page numbers to link, with None where a run is left out: [1, None, 4, 5, 6, None, 9]."""
        keep = {1, self.pages} | set(range(self.page - around, self.page + around + 1))
        numbers, previous = [], 0
        for number in range(1, self.pages + 1):
            if number in keep:
                if number - previous > 1:
                    numbers.append(None)
                numbers.append(number)
                previous = number
        return numbers


def search(raw_query, page=1, per_page=PER_PAGE, language=DEFAULT_LANGUAGE):
    """One page of results among the pages of `language` ("en" or "es"; a regional code such as
    "es-mx" counts as its language, anything else as English): words are analysed, corrected and
    matched in that language only."""
    language = language_of(language).code
    text = clean(raw_query)
    parsed = parse_safely(text, language)
    if not parsed.clauses:
        return SearchPage(query=text, source="none" if not text else "index")
    synonyms = current_synonyms(language)
    opened = index.fresh_searcher()
    if opened is not None:
        cache_key = resultcache.key(parsed.text, page, per_page, opened.name, opened.generation,
                                    current_synonyms_stamp(language), language)
        cached = resultcache.get(cache_key)
        if cached is not None:
            return cached
        try:
            result = _search_index(opened, parsed, synonyms, page, per_page)
        except Exception:
            # A damaged index can open cleanly and fail mid-search: answer from the database now
            # and rebuild it for the next searcher.
            logger.exception("Search failed on the index; answering from the database.")
            index.forget_searcher()
            index.schedule_rebuild("a search failed on the index")
        else:
            resultcache.put(cache_key, result)
            return result
    groups = build_groups(parsed, synonyms)
    scoring, left_out = within_budget(
        audience.scoring_groups(groups, synonyms, language, words(text), title_terms(language)), parsed.unread)
    ranked, total, matched_all = fallback.ranked(scoring, exact_key(text), language)
    result = SearchPage(query=text, source="database", matched_all=matched_all, left_out=left_out)
    return _fill(result, ranked, total, page, per_page, groups, lambda document: document, language=language)


def _search_index(opened, parsed, synonyms, page, per_page):
    searcher = opened.searcher
    language = parsed.language
    found = spelling.corrections(parsed, opened.speller(language), synonyms)
    groups = build_groups(parsed, synonyms, found)
    named = _title_terms(language, opened.name, opened.generation)
    scoring, left_out = within_budget(audience.scoring_groups(groups, synonyms, language, words(parsed.text), named),
                                      parsed.unread)
    result = SearchPage(query=parsed.text, source="index", left_out=left_out)
    if found:
        result.did_you_mean = spelling.corrected_text(parsed.text, found)
    evaluation = Evaluation(searcher, opened.statistics(language))
    pages_with = _pages_with(evaluation, page_wide_groups(scoring), opened.slugs)
    scores = evaluation.evaluate(whoosh_query(scoring))
    if pages_with:
        scores = {docnum: score for docnum, score in scores.items()
                  if all(opened.slugs[docnum] in pages for _, pages in pages_with)}
    lacking = None
    if not scores:
        result.matched_all = False
        scores, lacking = _some_words(evaluation, scoring, pages_with, opened.slugs)
    exact = _exact_topic(opened, language, parsed.text, result.did_you_mean)
    total, ranked = _by_topic(opened.slugs, scores, page, per_page,
                              first=opened.slug_of(exact) if exact is not None else None)
    if exact is not None:
        slug = opened.slug_of(exact)
        ranked[slug] = [exact, *(docnum for docnum in ranked[slug] if docnum != exact)]
    return _fill(result, ranked, total, page, per_page, groups, opened.document, lacking, language)


@lru_cache(maxsize=8)
def _title_terms(language, build, generation):
    """documents.title_terms, read again only when the index reflects other content."""
    return title_terms(language)


def _pages_with(evaluation, groups, slugs):
    """[(group, the slugs of the pages holding it somewhere)] for the groups asked of a page."""
    return [(group, {slugs[docnum] for docnum in evaluation.evaluate(group_query(group))}) for group in groups]


def _some_words(evaluation, groups, pages_with, slugs):
    """When no document has every word: documents with the most of them first, then by score;
    those with two or more fewer than the best are left out. A group asked of the page counts as
    matched when the document's page holds it. Returns ({docnum: (words matched, score)}, a
    function giving the words a document lacks)."""
    required = required_groups(groups)
    per_group = [evaluation.evaluate(group_query(group)) for group in required]
    extra = [evaluation.evaluate(group_query(group)) for group in groups if not any(group is r for r in required)]
    counts = Counter()
    for part in per_group:
        counts.update(part.keys())
    if not counts:
        return _optional_words_only(required, extra)
    for docnum in counts:
        counts[docnum] += sum(slugs[docnum] in pages for _, pages in pages_with)
    enough = max(1, max(counts.values()) - 1)
    scores = {}
    for docnum, matched in counts.items():
        if matched >= enough:
            score = sum(part.get(docnum, 0.0) for part in per_group) + sum(part.get(docnum, 0.0) for part in extra)
            scores[docnum] = (matched, score)

    def lacking(docnum):
        return ([" ".join(group.words) for group, part in zip(required, per_group) if docnum not in part]
                + [" ".join(group.words) for group, pages in pages_with if slugs[docnum] not in pages])

    return scores, lacking


def _optional_words_only(required, extra):
    """No document has any required word, but some may have the optional ones (a relative, a
    question word): those documents, by score, lacking every required word, rather than an
    empty page for someone who typed words the pages use."""
    scores = Counter()
    for part in extra:
        scores.update(part)
    if not scores:
        return {}, None
    words = [" ".join(group.words) for group in required]
    return {docnum: (0, score) for docnum, score in scores.items()}, lambda docnum: words


def _by_topic(slugs, scores, page, per_page, first=None):
    """(number of topics, {slug: [docnums, best first]}) from {docnum: sortable score}: the
    topics up to the end of the page of results asked for (a page past the last shows the last),
    best first, with the topic `first` (an exact title) first whether it scored or not.

    Only the topics up to that page are put in order, with a bounded heap, and only their
    sections are gathered: a common word matches thousands of sections, and sorting them all
    cost more than scoring them."""
    # (score, docnum), best last: a section's topic is ranked by its best section, ties going to
    # the higher document number, as sorting each topic's sections did.
    ordered = sorted(zip(scores.values(), scores))
    best = {slugs[docnum]: score for score, docnum in ordered}
    total = len(best) + (first is not None and first not in best)
    count = min(max(1, page), max(1, math.ceil(total / per_page))) * per_page
    if first is not None:
        best.pop(first, None)
        count -= 1
    order = heapq.nlargest(count, best, key=lambda slug: (best[slug], slug))
    if first is not None:
        order.insert(0, first)
    members = {slug: [] for slug in order}
    for _, docnum in reversed(ordered):
        found = members.get(slugs[docnum])
        if found is not None:
            found.append(docnum)
    return total, members


def _exact_topic(opened, language, *texts):
    """The document of the topic titled exactly as typed (or as corrected), or None: the first
    in index order, as Whoosh's document_number() gave it, read with the bulk posting reader."""
    languages = opened.column("language")
    for text in texts:
        if text:
            docnums, _, _ = read_postings(opened.searcher, EXACT_FIELD, exact_key(text))
            for docnum in docnums:
                if languages[docnum] == language:
                    return docnum
    return None


def _fill(result, ranked, total, page, per_page, groups, load, lacking=None, language=DEFAULT_LANGUAGE):
    """Cut the page of topics to show and describe each one."""
    result.total, result.per_page = total, per_page
    result.page = min(max(1, page), result.pages)
    terms = frozenset().union(*(group.marked_terms for group in groups)) if groups else frozenset()
    start = (result.page - 1) * per_page
    for refs in islice(ranked.values(), start, start + per_page):
        best = load(refs[0])
        hit = Hit(title=best.title, url=best.url, section=best.section, heading=best.heading,
                  snippet=snippet(snippet_text(best), terms, language=language), missing=lacking(refs[0]) if lacking else [])
        for ref in refs[1:]:
            if len(hit.more) >= MORE_SECTIONS:
                break
            other = load(ref)
            if other.kind == "section" and other.url != hit.url:
                hit.more.append((other.heading, other.url))
        result.hits.append(hit)
    return result
