"""Snippets with the matching words marked: escaped text, `<mark>` around matches.

Whoosh's highlighter re-tokenises and stems every word of every hit, which cost 28 ms a query on
the 2,802-page corpus. Here a regular expression finds the few words that could match (those
starting like one of the query's stems) and only those are stemmed to check. The text is escaped
piece by piece; nothing stored is ever marked safe as it is.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from whoosh.support.charset import accent_map

from .analysis import DEFAULT_LANGUAGE, fold, stem_of

SNIPPET_CHARS = 220
_UNPUNCTUATED_END = re.compile(r"(?<=[\w)”’\"'])\n")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str


@lru_cache(maxsize=512)
def _candidates(terms):
    """A regex for words that may stem to one of `terms` (a sorted tuple)."""
    prefixes = set()
    for term in terms:
        # Porter stems are prefixes of their words, except a final "i" for "y" ("studi" ← "study");
        # Snowball's Spanish ones too, except "-ente" for "-encia" ("pacient" ← "paciencia").
        prefixes.add(re.escape(term[:-1] if len(term) > 3 else term))
    alternation = "|".join(sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})\w*(?:\.\w+)*", re.IGNORECASE)


def find_matches(text, terms, limit=500, language=DEFAULT_LANGUAGE):
    """Where words of `text` stem to one of `terms`, in order (at most `limit`)."""
    if not text or not terms:
        return []
    wanted = frozenset(terms)
    found = []
    # Terms are folded ("higad" for "hígado"): look for them in the text folded the same way, which
    # keeps every character's place (each accented letter folds to one letter).
    folded = text.translate(accent_map)
    for candidate in _candidates(tuple(sorted(wanted))).finditer(folded):
        term = stem_of(fold(candidate.group()), language)
        if term in wanted:
            found.append(Match(candidate.start(), candidate.end(), term))
            if len(found) >= limit:
                break
    return found


def _best_window(matches, width):
    """Start of the window of `width` characters holding the most different matched terms."""
    best, best_key = matches[0].start, (0, 0)
    for index, first in enumerate(matches[:100]):
        inside = [m for m in matches[index:index + 50] if m.end <= first.start + width]
        key = (len({m.term for m in inside}), len(inside))
        if key > best_key:
            best, best_key = first.start, key
    return best


def snippet(text, terms, width=SNIPPET_CHARS, language=DEFAULT_LANGUAGE):
    """An escaped excerpt of `text` around the best cluster of matches, matches in `<mark>`."""
    text = as_one_line(text or "")
    matches = find_matches(text, terms, language=language)
    start = 0
    if matches:
        # A little context before the best cluster, but never leave the window half empty.
        anchor = _best_window(matches, width)
        start = _start_near(text, max(0, min(anchor - width // 4, len(text) - width)))
    end = _end_near(text, start + width)
    pieces = ["…" if start > 0 else ""]
    position = start
    for match in matches:
        if match.start < start or match.end > end:
            continue
        pieces.append(escape(text[position:match.start]))
        pieces.append(f"<mark>{escape(text[match.start:match.end])}</mark>")
        position = match.end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    # Every piece of stored text above went through escape(); only our own <mark> tags are HTML.
    return mark_safe("".join(pieces))


def as_one_line(text):
    """Section text keeps paragraphs and list items on separate lines; in a one-line excerpt a
    line that ends without punctuation (a list item, a subheading) is closed with a semicolon."""
    return _UNPUNCTUATED_END.sub("; ", text).replace("\n", " ")


def _start_near(text, position):
    """Move back to a sentence start within 60 characters, else forward to a word start."""
    if position <= 0:
        return 0
    sentence = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position))
    if sentence != -1 and position - sentence <= 60:
        return sentence + (2 if text[sentence] == "." else 1)
    word = text.find(" ", position)
    return word + 1 if word != -1 and word - position < 30 else position


def _end_near(text, position):
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > position - 40 else position
