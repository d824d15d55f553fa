"""Spelling: "Did you mean …?" corrections for words the index has never seen.

Suggestions come from an unstemmed field (against stems, "paliative car" became "palli care"),
one edit away first and two only for longer words: most typing slips are one edit, and short
words have too many neighbours two edits away. Among equally close words the one used by the
most topics wins. A word under SAME_START_BELOW letters is only corrected to a word with the
same first letter: slips rarely hit the first letter, and a short word one edit from a word of
the pages is more often another real word the pages do not use ("wife" is not "life", "told"
is not "bold").

One edit away is found by trying every one-edit variant against the word list (a few hundred
set lookups); two edits away uses Whoosh's edit-distance automaton over the spelling field,
which costs several milliseconds a word. Answers are remembered per searcher: the same slips
come back.

The words of the synonyms file count as words of the pages, one edit away: "cargiver" is one
edit from "caregiver", a word the editors gave search, but the pages only say "caregivers", two
edits away and a worse guess. Question words and helpers (the language's soft words, "dont" and
"cant" among them) are never corrected: "cant" made "can", the opposite of what was typed.

Nor is a word in everyday use in the language, though no page uses it: "trying" is not a slip of
"crying", nor "state" of "stage", "home" of "hope" or "car" of "care". Over the relevance sets,
30 of 42 such corrections changed what was asked and 2 were right, and they wrecked long searches:
"trying" made a question about helping a sister into one about crying. Which
words are everyday comes from pyspellchecker's word-frequency lists (drawn from subtitles,
English and Spanish), cut at EVERYDAY_FROM uses. The price: a real word typed for another
("trail" for "trial") is left as typed; the other words of the search still find the page.
"""
import re
import string
from functools import lru_cache

from spellchecker import SpellChecker

from .analysis import DEFAULT_LANGUAGE, LANGUAGES, stem_of, words
from .fields import SPELL_FIELD, VOCABULARY_WORDS_FIELD, search_field, vocabulary_id

SAME_START_BELOW = 6
# Two edits away only for words at least this long. Spanish words run longer and are richly
# inflected: a real verb form the pages do not use is often two edits from a word they do
# ("dieron" from "dinero", "esposa" from "estos"), so Spanish waits one letter more.
TWO_EDITS_FROM = {"en": 6, "es": 7}
_LETTERS = string.ascii_lowercase + string.digits
# Uses in pyspellchecker's lists for a word to count as everyday: about 19,000 English and 10,000
# Spanish words. 100 to 10,000 scored the same on every relevance set; the lists' rarer entries
# include misspellings ("brest").
EVERYDAY_FROM = 1000


class Speller:
    """Corrections against one searcher's vocabulary in one language: {word: number of topics
    using it}. A Spanish word is only ever corrected to a word of the Spanish pages."""

    def __init__(self, searcher, language=DEFAULT_LANGUAGE):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.language = language
        self.field = search_field(language)
        stored = searcher.document(id=vocabulary_id(language)) or {}
        self.vocabulary = stored.get(VOCABULARY_WORDS_FIELD, {})
        self._known = {}

    def is_known(self, word, synonyms):
        if len(word) < 3 or word.isdigit() or word in self.vocabulary or word in synonyms.vocabulary:
            return True
        language = LANGUAGES[self.language]
        if word in language.soft_words or word in language.person_words or word in everyday_words(self.language):
            # Words search knows the meaning of, whether or not a page uses them ("fiance" is no
            # misspelt "face"), and words people use every day.
            return True
        term = stem_of(word, self.language)
        return not term or (self.field, term) in self.reader

    def suggest(self, word, extra=frozenset()):
        """The closest known word: a word of the pages one edit away, else a word of `extra` (the
        synonyms' words) one edit away, else (for longer words) a word of the pages two away."""
        key = (word, extra)
        if key not in self._known:
            candidates = self._one_edit(word)
            if len(word) < SAME_START_BELOW:
                candidates = {candidate for candidate in candidates if candidate[:1] == word[:1]}
            found = self._best(candidates) or min(candidates & extra, default=None)
            if not found and len(word) >= TWO_EDITS_FROM.get(self.language, 6):
                found = self._best(self._two_edits(word))
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[key] = found
        return self._known[key]

    def _best(self, candidates):
        """The candidate most topics use (alphabetical among equals), or None."""
        known = sorted(word for word in candidates if word in self.vocabulary)
        return max(known, key=self.vocabulary.get) if known else None

    @staticmethod
    def _one_edit(word):
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        candidates = {a + b[1:] for a, b in splits if b}
        candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        candidates |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        candidates |= {a + c + b for a, b in splits for c in _LETTERS}
        candidates.discard(word)
        return candidates

    def _two_edits(self, word):
        # Most slips leave the first letter alone, and requiring it makes the search far shorter.
        # (The spelling field holds every language's words; _best keeps this language's.)
        found = set()
        for reader, _ in self.reader.leaf_readers():
            found.update(reader.terms_within(SPELL_FIELD, word, 2, prefix=1))
        found.discard(word)
        return found


def corrections(parsed, speller, synonyms):
    """{typed word: suggested word} for each unknown word that has a close known neighbour."""
    found = {}
    extra = known_words(synonyms, speller.language)
    for clause in parsed.clauses:
        for word in clause.words:
            if word in found or speller.is_known(word, synonyms):
                continue
            suggestion = speller.suggest(word, extra)
            if suggestion:
                found[word] = suggestion
    return found


def known_words(synonyms, language=DEFAULT_LANGUAGE):
    """Words a misspelling may be corrected to though no page uses them, as the spelling field
    holds words (lowercase, accents folded): the synonyms' words and the language's relations
    ("goddauhgter" is a goddaughter)."""
    return _known(synonyms.vocabulary, language)


@lru_cache(maxsize=8)
def _known(vocabulary, language):
    return frozenset(words(" ".join(sorted(vocabulary)))) | LANGUAGES[language].person_words


@lru_cache(maxsize=None)
def everyday_words(language=DEFAULT_LANGUAGE):
    """The language's words in everyday use, as the spelling field holds words (lowercase,
    accents folded): read once per process, about 0.2 s."""
    frequencies = SpellChecker(language=language, distance=1).word_frequency
    return frozenset(words(" ".join(word for word, uses in frequencies.items() if uses >= EVERYDAY_FROM)))


def read_word_lists():
    """Read every language's everyday words now. A web server worker calls this as it starts
    (gunicorn.conf.py), so that its first reader's search does not wait for them."""
    for language in LANGUAGES:
        everyday_words(language)


def corrected_text(text, found):
    """The query as typed with each corrected word replaced."""
    for word, suggestion in found.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, text, flags=re.IGNORECASE)
    return text
