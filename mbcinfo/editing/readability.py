"""Readability scores: count words, sentences and syllables, then apply a language's formula.

Each language is a pyphen hyphenation dictionary (to count syllables) and a formula over the
counts. English uses the Flesch–Kincaid US grade; Spanish the Szigriszt-Pazos perspicuity that the
INFLESZ scale reads. Another language is one more `Language`.

Syllables are pyphen's hyphenation points plus one, per word. A hyphenation dictionary never
splits off a single letter at either end of a word and skips some vowel pairs, so it counts a few
words short ("area" and "idea" as one syllable, Spanish "ayuda" as two): the score errs a little
on the easy side, the same way for every page, and the same way textstat (which the checks used
before) counted.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

# A word: a number ("3.5", "2,802"), or letters and digits with inner apostrophes or hyphens
# ("don't" and "follow-up" are one word each).
WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:['’-]\w+)*")
NUMBER = re.compile(r"\d[\d.,]*")
# A sentence ends at . ! or ? (then any closing quote or bracket) before a space or the end,
# but not at the stop of an initial ("Susan G. Komen", "the U.S."): one capital letter before it.
SENTENCE_END = re.compile(r"(?:[!?]|(?<!\b[A-Z])\.)[.!?]*[\"”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    syllables: int


@dataclass(frozen=True)
class Language:
    dictionary: str  # the pyphen dictionary
    formula: Callable[[Counts], float]
    score_name: str


def flesch_kincaid_grade(counts):
    """US school grade (Kincaid et al., 1975): 0.39 words/sentence + 11.8 syllables/word − 15.59."""
    return (0.39 * counts.words / counts.sentences
            + 11.8 * counts.syllables / counts.words - 15.59)


def szigriszt_pazos(counts):
    """Perspicuity, 0 (hardest) to 100 (easiest), read on the INFLESZ scale (Szigriszt Pazos,
    1993): 206.835 − 62.3 syllables/word − words/sentence."""
    return 206.835 - 62.3 * counts.syllables / counts.words - counts.words / counts.sentences


LANGUAGES = {
    "en": Language("en_US", flesch_kincaid_grade, "Flesch–Kincaid grade"),
    "es": Language("es", szigriszt_pazos, "Szigriszt-Pazos (INFLESZ)"),
}


@cache
def _hyphenator(dictionary):
    # Imported here: importing pyphen is about a tenth of a second, and every manage.py command
    # and server start imports this module through the checks, not only the checks themselves.
    import pyphen

    return pyphen.Pyphen(lang=dictionary)


def word_syllables(word, language="en"):
    """Syllables in one word: each hyphen-joined part counts on its own, a number as one, and
    an apostrophe adds none ("don't" is one syllable)."""
    hyphenator = _hyphenator(LANGUAGES[language].dictionary)
    total = 0
    for part in re.sub(r"['’]", "", word.lower()).split("-"):
        if NUMBER.fullmatch(part):
            total += 1
        elif part:
            total += len(hyphenator.positions(part)) + 1
    return total


def words(text):
    return WORD.findall(text or "")


def sentences(text):
    """The sentences of `text`, each with at least one word. Text after the last stop is a
    sentence too."""
    return [piece.strip() for piece in SENTENCE_END.split(text or "") if WORD.search(piece)]


def count(text, language="en"):
    """Words, sentences and syllables in `text`."""
    found = words(text)
    return Counts(len(found), len(sentences(text)), sum(word_syllables(w, language) for w in found))


def score(text, language="en"):
    """The language's readability score of `text`, to one decimal, or None with no words."""
    counts = count(text, language)
    if not counts.words:
        return None
    return round(LANGUAGES[language].formula(counts), 1)
