"""Search straight from the database, for the moments when the index is missing, damaged or
being rebuilt. Slower than the index and without spelling suggestions, but it answers with the
same documents, the same synonyms, the same "all words first" rule and the same highlighting.
"""
import math
import re
from functools import reduce
from operator import or_

from django.db.models import Q

from mbcinfo.topics.models import Topic

from .analysis import DEFAULT_LANGUAGE
from .documents import TOPIC_FIELDS, documents_for, exact_key, live_title_keys, live_topics, title_keys
from .fields import WEIGHTED
from .highlight import find_matches
from .query import page_wide_groups, required_groups

# A broad word could pull in thousands of pages; this is a stopgap, so it reads at most these.
MAX_CANDIDATE_TOPICS = 1000
# Letters an unaccented letter of a (folded) term may stand for in Spanish text.
_ACCENTED = {"a": "aáàä", "e": "eéèë", "i": "iíìï", "o": "oóòö", "u": "uúùü", "n": "nñ", "c": "cç"}


def _prefixes(groups):
    for group in groups:
        for terms, _ in group.alternatives:
            for term in terms:
                yield term[:-1] if len(term) > 3 else term


def text_contains(prefix, language=DEFAULT_LANGUAGE):
    """A condition: the topic's text holds `prefix`, case aside (and, outside English, accents aside:
    the terms are folded, the stored text is not)."""
    if language == DEFAULT_LANGUAGE:
        return Q(title__icontains=prefix) | Q(summary__icontains=prefix) | Q(body__icontains=prefix)
    pattern = "".join(f"[{_ACCENTED[c]}]" if c in _ACCENTED else re.escape(c) for c in prefix)
    return Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(body__iregex=pattern)


def ranked(groups, exact, language=DEFAULT_LANGUAGE):
    """({slug: [Document, best first]} in rank order, number of topics, whether all words matched)."""
    prefixes = sorted(set(_prefixes(groups)))
    if not prefixes:
        return {}, 0, True
    condition = reduce(or_, (text_contains(p, language) for p in prefixes))
    topics = live_topics(language).filter(condition).only(*TOPIC_FIELDS)[:MAX_CANDIDATE_TOPICS]
    scored, exact_slug = [], None
    titles = live_title_keys(language)
    page_wide = page_wide_groups(groups)
    for topic in topics:
        if exact and exact in title_keys(topic.title, topic.slug):
            exact_slug = topic.slug
        on_page, found = set(), []
        for document in documents_for(topic, titles - {exact_key(topic.title)}):
            matched, score, held = _score(document, groups, language)
            on_page |= held
            if score:  # optional words alone count, when no document has a required one
                found.append((matched, score, document))
        # A group asked of the page counts for each of its documents when any of them holds it.
        scored += [(matched + len(on_page), score, document) for matched, score, document in found]
    needed = len(required_groups(groups)) + len(page_wide)
    matched_all = any(matched == needed for matched, _, _ in scored)
    if matched_all:
        scored = [item for item in scored if item[0] == needed]
    elif any(matched for matched, _, _ in scored):
        scored = [item for item in scored if item[0]]
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    order = {}
    for _, _, document in scored:
        order.setdefault(document.slug, []).append(document)
    if exact_slug:
        best = order.pop(exact_slug, [])
        topic_first = sorted(best, key=lambda document: document.kind != "topic")
        order = {exact_slug: topic_first or list(documents_for(Topic.objects.get(slug=exact_slug)))[:1], **order}
    return order, len(order), matched_all


def _score(document, groups, language=DEFAULT_LANGUAGE):
    """(required groups matched, score, positions of the page-wide groups held) for one
    document: each group's best alternative in its best field, weighted as the index weights
    that field (fields.WEIGHTED)."""
    texts = [(getattr(document, field.name), field.boost) for field in WEIGHTED]
    required = required_groups(groups)
    matched, score, held = 0, 0.0, set()
    for position, group in enumerate(groups):
        best = 0.0
        for terms, weight in group.alternatives:
            for text, boost in texts:
                hits = find_matches(text, terms, language=language)
                if hits and {m.term for m in hits} >= set(terms):
                    best = max(best, weight * boost * (1 + math.log(len(hits))))
        if best and group.page_wide:
            # Counted for the page, not scored: without the index's weighting by rarity,
            # "breast" and "cancer" in a section outweighed the need. Not scoring them found 32
            # more of the relevance sets' searches first (the index, which does weigh them by
            # rarity, found 3 fewer that way).
            held.add(position)
        elif best:
            matched += any(group is other for other in required)
            score += best
    return matched, score, held
