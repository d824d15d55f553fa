"""What someone typed → a small, bounded query tree → a Whoosh query.

Whoosh's QueryParser is not used at all: its syntax (fields, wildcards, ranges, boosts, fuzzy
terms) is a denial-of-service surface — `*` took 8 s, `a*` 16 s and `body:[a TO z]` 10 s on a
10,000-document index — and people looking for help type words and, now and then, "a phrase".
So the only syntax is the double quote. Everything else is a word, and the Whoosh tree built
here can only contain Term, Phrase, And, Or and AndMaybe nodes; tests assert exactly that, and
scoring.py refuses to run any other kind.

Parsing is total: any string gives a query (possibly an empty one), never an exception.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from whoosh.query import And, AndMaybe, Or, Phrase, Term

from .analysis import DEFAULT_LANGUAGE, LANGUAGES, stem_of, words
from .fields import search_field

MAX_QUERY_CHARS = 200
# The terms searched for, at most: a bound on what one search costs. A longer search has its
# words chosen (within_budget) from at most READ_TERMS terms read, so a need typed late ("... is
# there any help with lost pay") is not cut for the words before it.
MAX_TERMS = 12
READ_TERMS = 24
# The words typed rank above the editors' synonyms for them.
SYNONYM_WEIGHT = 0.6

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_QUOTED = re.compile(r'"([^"]*)"')


def clean(raw):
    """Normalise a query for searching and for showing back: NFKC, no control characters or lone
    surrogates, single spaces, at most 200 characters (cut at a space when there is one)."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    # Cut first so a megabyte of input costs no more than a short one.
    text = raw[:MAX_QUERY_CHARS * 4]
    text = text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)
        text = text[:cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS].rstrip()
    return text


@dataclass(frozen=True)
class Clause:
    """One thing to look for: a word, or a phrase the searcher put in quotes."""

    words: tuple   # as typed, lowercased (the spelling field's form)
    terms: tuple   # index terms (stemmed, stop words removed)
    phrase: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    unread: list = field(default_factory=list)  # words past the reading limit, as typed

    @property
    def terms(self):
        return [term for clause in self.clauses for term in clause.terms]


def parse(text, language=DEFAULT_LANGUAGE):
    """Split cleaned text into clauses, reading at most READ_TERMS terms."""
    parsed = ParsedQuery(text=text, language=language)
    budget = READ_TERMS
    seen = set()  # the single words kept
    position = 0
    pieces = []
    for match in _QUOTED.finditer(text):
        pieces.append((text[position:match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    pieces.append((text[position:].replace('"', " "), False))  # an unbalanced quote is ignored
    for piece, quoted in pieces:
        typed = words(piece)
        if quoted:
            terms = tuple(filter(None, (stem_of(word, language) for word in typed)))
            if len(terms) > 1:
                if len(terms) > budget:
                    parsed.unread.extend(typed[budget:])
                    terms, typed = terms[:budget], typed[:budget]
                if len(terms) > 1:
                    parsed.clauses.append(Clause(tuple(typed), terms, phrase=True))
                    budget -= len(terms)
                    continue
        for word in typed:
            term = stem_of(word, language)
            if not term or word in seen:
                # A word typed again ("everyone asks how she is, nobody asks how i am") adds
                # nothing to find and would spend the budget a later word needs.
                continue
            if budget <= 0:
                parsed.unread.append(word)
                continue
            parsed.clauses.append(Clause((word,), (term,)))
            seen.add(word)
            budget -= 1
    return parsed


def plain_words(text, language=DEFAULT_LANGUAGE):
    """The last resort when parsing fails: plain words, no phrases."""
    parsed = ParsedQuery(text=text, language=language)
    for word in words(text)[:MAX_TERMS]:
        term = stem_of(word, language)
        if term:
            parsed.clauses.append(Clause((word,), (term,)))
    return parsed


def parse_safely(text, language=DEFAULT_LANGUAGE):
    try:
        return parse(text, language)
    except Exception:  # parsing must never cost the searcher an answer
        return plain_words(text, language)


@dataclass
class Group:
    """Clauses that must match together (AND), each satisfied by any of its alternatives.

    `alternatives` is a list of (terms, weight): one term is a word, several are a phrase."""

    alternatives: list
    words: tuple = ()
    # A question word ("how", "where"): it adds to the score but is not required.
    soft: bool = False
    language: str = DEFAULT_LANGUAGE
    # Required of the page, not of the section (soft too: on the index a section scores higher
    # for having it). Set for the illness named beside a need (audience.py).
    page_wide: bool = False

    @property
    def marked_terms(self):
        """Terms worth marking in a snippet: the words typed, and one-word synonyms. (The words
        of a phrase synonym, like "comfort" of "comfort care", mean little on their own.)"""
        own = self.alternatives[0][0]
        return set(own) | {terms[0] for terms, _ in self.alternatives if len(terms) == 1}


def build_groups(parsed, synonyms, corrections=None):
    """Apply spelling corrections ({typed word: corrected word}) and synonyms to the clauses."""
    corrections = corrections or {}
    language = parsed.language
    groups = []
    pending = []  # consecutive single-word clauses, matched against multi-word synonyms

    def flush():
        terms = [term for _, term in pending]
        start = 0
        while start < len(terms):
            length, alternatives = synonyms.match_at(terms, start)
            typed = tuple(word for word, _ in pending[start:start + length])
            own = tuple(terms[start:start + length])
            if alternatives is None:
                alternatives = [own]
                if own[0] in PERSON_TERMS[language] and length == 1:
                    # A relation the synonyms file does not list ("stepmother", "hubby") stands
                    # for the pages' words for family, as the ones it lists do.
                    alternatives += synonyms.alternatives((FAMILY_TERMS[language],))
            groups.append(_group(own, alternatives, typed, language))
            start += length
        pending.clear()

    for clause in parsed.clauses:
        if clause.phrase:
            flush()
            typed = tuple(corrections.get(word, word) for word in clause.words)
            terms = tuple(filter(None, (stem_of(word, language) for word in typed)))
            groups.append(_group(terms, synonyms.alternatives(terms), typed, language))
        else:
            word = corrections.get(clause.words[0], clause.words[0])
            term = stem_of(word, language) or clause.terms[0]
            pending.append((word, term))
    flush()
    return groups


# As index terms, so "mums" and "mum's" count as "mum" (and "hijos" as "hijo").
PERSON_TERMS = {code: frozenset(stem_of(word, code) for word in language.person_words)
                for code, language in LANGUAGES.items()}
FAMILY_TERMS = {code: stem_of(language.family_word, code) for code, language in LANGUAGES.items()}


def _group(own, alternatives, typed, language):
    weighted = [(own, 1.0)] + [(terms, SYNONYM_WEIGHT) for terms in alternatives if terms != own]
    # A phrase of synonyms.yaml naming a person starts or ends with one ("best friend",
    # "compañero de trabajo"), or is one ("other half").
    soft = ((len(typed) == 1 and len(weighted) == 1 and typed[0] in LANGUAGES[language].soft_words)
            or own[0] in PERSON_TERMS[language] or own[-1] in PERSON_TERMS[language]
            or typed in LANGUAGES[language].person_phrases)
    return Group(alternatives=weighted, words=typed, soft=soft, language=language)


def within_budget(groups, unread=()):
    """(the groups searched, the words left out): at most MAX_TERMS terms. A longer search keeps
    first the words search knows other names for (a synonyms entry: a need, the illness, a
    relation) and phrases typed in quotes, then the other words, then question words, each in the
    order typed. What a page is asked for is more often in the words the site has a vocabulary
    for than in the first twelve: "a colleague is caring for his wife with metastatic breast
    cancer and has used up all his leave, is there any help with lost pay"."""
    if sum(len(group.alternatives[0][0]) for group in groups) <= MAX_TERMS and not unread:
        return groups, []

    def rank(group):
        known = len(group.alternatives) > 1 or len(group.alternatives[0][0]) > 1
        return 0 if known else 2 if group.soft else 1

    budget, kept = MAX_TERMS, set()
    for position in sorted(range(len(groups)), key=lambda position: rank(groups[position])):
        size = len(groups[position].alternatives[0][0])
        if size <= budget:
            kept.add(position)
            budget -= size
    searched = [group for position, group in enumerate(groups) if position in kept]
    left_out = [" ".join(group.words) for position, group in enumerate(groups) if position not in kept]
    return searched, [*left_out, *unread]


def required_groups(groups):
    """The groups a document must match: all but the question words and the groups asked of its
    page, unless that is all there is."""
    return [group for group in groups if not group.soft] or groups


def page_wide_groups(groups):
    """The groups a document's page must match somewhere, whether the document does or not."""
    return [group for group in groups if group.page_wide]


class UnionOr(Or):
    """Or, always as a tree of union matchers. Whoosh's default picks, for indexes under 5,000
    documents, a matcher that preloads arrays the size of the index for every Or: with one Or
    per word and field that made small-site searches slower than large ones."""

    matcher_type = Or.DEFAULT_MATCHER


def group_query(group):
    """Any of the group's alternatives (scores add up: a page naming the thing two ways is a
    better answer). Whoosh's DisjunctionMax, which would keep only the best, ignores its
    tiebreak in 2.7.5 and can drop matches when skipping blocks, so it is not used."""
    field_name = search_field(group.language)
    subqueries = [Term(field_name, terms[0], boost=weight) if len(terms) == 1
                  else Phrase(field_name, list(terms), boost=weight)
                  for terms, weight in group.alternatives]
    return subqueries[0] if len(subqueries) == 1 else UnionOr(subqueries)


def whoosh_query(groups):
    """All of the groups (each word, or a synonym of it). Question words are optional: they
    only add to the scores of pages that have them."""
    required = required_groups(groups)
    optional = [group_query(group) for group in groups if not any(group is r for r in required)]
    parts = [group_query(group) for group in required]
    core = parts[0] if len(parts) == 1 else And(parts)
    if not optional:
        return core
    return AndMaybe(core, optional[0] if len(optional) == 1 else UnionOr(optional))


def node_types(query):
    """Every node class in a Whoosh query tree (tests use this to pin what can reach Whoosh)."""
    found = {type(query)}
    for child in query.children():
        found |= node_types(child)
    return found
