"""How text becomes index terms. The same functions serve the index, the queries, the
highlighter and the database fallback, so all four agree on what a word is.

Two behaviours of Whoosh (whoosh-reloaded 2.7.5 and whoosh3 3.54 alike) shape this module:
its default tokenizer keeps `*` inside tokens, so we use our own expression (and index plain
text, never Markdown); and the stock StemmingAnalyzer drops one-character tokens and stops
"can", "not", "will", "may", so "stage 4" would match stage-3 text and "can it be cured" would
lose its verb. We keep every token of one or more characters and stop only a short list of
words that never carry meaning in a health question.

`words()` and `stem_of()` do in plain Python what the Whoosh analyzers below do (a test pins
that they agree): Whoosh's chain of generators spent more time per word than the rest of
indexing put together. The analyzers stay on the schema so the index describes itself.
"""
import re
from functools import lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
# Longer "words" are noise (a pasted hash, a hostile 10,000-letter string): never indexed or searched.
MAX_TOKEN_LENGTH = 40
STOP_WORDS = frozenset("""
a an the and or of to in on at for with by from as is are am was were be been do does did
has have had it its this that these those i me my we our you your s t
he him his she her hers they them their
""".split())
# Question words and helpers: kept and scored, but a page need not contain them to match
# ("where does it spread" must find a page that never says "where").
SOFT_WORDS = frozenset("""
what where when why who which how can could should would will shall may might must there
get got about any near many much help
""".split())
# Who the searcher is asking for ("my wife", "my mum's cancer"): kept and scored (synonyms.yaml
# ties them to the pages' "family" and "loved ones"), but a page need not contain them, or a
# page that answers "can my mum's cancer be cured" would be passed over for one that says "family".
PERSON_WORDS = frozenset("""
wife wives husband partner spouse mother mum mom mummy mommy father dad daddy parent daughter son
sister brother grandmother grandma nan gran aunt auntie
""".split())
AUTOCOMPLETE_MIN, AUTOCOMPLETE_MAX = 2, 15


def _tokens():
    return RegexTokenizer(expression=TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


# The schema's analyzers, equivalent to words() and stems() below.
spelling_analyzer = _tokens() | StopFilter(stoplist=(), minsize=1, maxsize=MAX_TOKEN_LENGTH)
stemming_analyzer = _tokens() | StopFilter(stoplist=STOP_WORDS, minsize=1, maxsize=MAX_TOKEN_LENGTH) | StemFilter()


def words(text):
    """The words of `text`, lowercased and with accents folded, as the spelling field holds them."""
    folded = map(fold, _TOKEN.findall(text or ""))
    return [word for word in folded if len(word) <= MAX_TOKEN_LENGTH]


# Cached: the same few thousand tokens make up most text, and folding each again was a third
# of the corpus index build's time spent in this process (profiled; bench/RESULTS.md).
@lru_cache(maxsize=100_000)
def fold(token):
    """One token as a word: lowercase, accents folded."""
    return token.lower().translate(accent_map)


@lru_cache(maxsize=100_000)
def stem_of(word):
    """The index term for one word from words(), or "" for a stop word."""
    return "" if word in STOP_WORDS else stem(word)


def stems(text):
    """The index terms of `text`, in order."""
    return [term for term in map(stem_of, words(text)) if term]


def word_starts(text):
    """What autocomplete indexes for a title or heading: the first 2 to 15 letters of each word
    that is not a stop word ("pa", "pal", … "palliative")."""
    starts = []
    for word in words(text):
        if word not in STOP_WORDS:
            starts.extend(word[:size] for size in range(AUTOCOMPLETE_MIN, min(len(word), AUTOCOMPLETE_MAX) + 1))
    return starts
