"""Editors' word equivalences (content/synonyms.yaml, and content/es/synonyms.yaml for Spanish
searches), applied to queries, never to the index.

Applying them at query time means an editor's change works on the next search with no rebuild.
Entries are compared as index terms (stemmed), so "bill" in the file covers "bills" in a query.
"""
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

import yaml
from django.conf import settings

from mbcinfo.topics.frontmatter import (SafeYAMLLoader, UnreadableFile, excerpt, printable, read_regular_file,
                                        yaml_error_line, yaml_problem)

from .analysis import DEFAULT_LANGUAGE, stems

logger = logging.getLogger(__name__)
MAX_ENTRY_WORDS = 4


class SynonymsError(ValueError):
    pass


@dataclass
class Synonyms:
    # term sequence (tuple of stems) -> every term sequence it stands for, itself first
    groups: dict = field(default_factory=dict)
    longest: int = 0
    # Every word the file names, so spelling correction does not "fix" "mets" or "insurance".
    vocabulary: frozenset = frozenset()

    def alternatives(self, terms):
        return self.groups.get(tuple(terms), [tuple(terms)])

    def match_at(self, terms, start):
        """The longest entry that starts at terms[start]: (length, alternatives) or (1, None)."""
        for length in range(min(self.longest, len(terms) - start), 0, -1):
            key = tuple(terms[start:start + length])
            if key in self.groups:
                return length, self.groups[key]
        return 1, None


def synonyms_file(language=DEFAULT_LANGUAGE):
    """The synonyms file of one language's searches (settings.SEARCH_SYNONYMS_FILE for English,
    SEARCH_SYNONYMS_FILE_ES for Spanish)."""
    suffix = "" if language == DEFAULT_LANGUAGE else f"_{language.upper()}"
    return Path(getattr(settings, f"SEARCH_SYNONYMS_FILE{suffix}"))


def parse_synonyms(text, path="synonyms.yaml", language=DEFAULT_LANGUAGE):
    """Check and compile the file's text; raise SynonymsError naming the line and what to fix."""
    try:
        document = yaml.compose(text, Loader=SafeYAMLLoader)
    except yaml.YAMLError as error:
        line = yaml_error_line(error, text)
        raise SynonymsError(f"{path}:{line}: {yaml_problem(error).removeprefix('is ')}") from error
    if document is None:
        return Synonyms()
    if not isinstance(document, yaml.SequenceNode):
        raise SynonymsError(f"{path}:{document.start_mark.line + 1}: must be a list of groups, "
                            "each written like '- [hospice, palliative, comfort care]'.")
    groups, vocabulary = {}, set()
    for group_node in document.value:
        line = group_node.start_mark.line + 1
        if not isinstance(group_node, yaml.SequenceNode) or len(group_node.value) < 2:
            raise SynonymsError(f"{path}:{line}: each group must be a list of two or more "
                                "words or phrases, like '- [trial, study, research]'.")
        members = []
        for entry_node in group_node.value:
            entry = entry_node.value if isinstance(entry_node, yaml.ScalarNode) else None
            if not isinstance(entry, str) or not entry.strip():
                raise SynonymsError(f"{path}:{entry_node.start_mark.line + 1}: entries must be "
                                    "words or short phrases, not lists or empty values.")
            terms = tuple(stems(entry, language))
            if not terms:
                raise SynonymsError(f"{path}:{line}: '{excerpt(entry)}' has only very common words "
                                    "(like 'the' or 'of'), which search ignores. Remove it.")
            if len(entry.split()) > 1 and len(terms) == 1:
                # "caring for" would stand for "care", a word on nearly every page.
                raise SynonymsError(f"{path}:{line}: '{excerpt(entry)}' is searched as the one word "
                                    f"'{terms[0]}' (search ignores the other words), so it would stand "
                                    "for every page with that word. Write that word alone if you mean it, "
                                    "or use a phrase that keeps two words.")
            if len(entry.split()) > MAX_ENTRY_WORDS:
                raise SynonymsError(f"{path}:{line}: '{excerpt(entry)}' is longer than {MAX_ENTRY_WORDS} "
                                    "words. Use shorter phrases.")
            vocabulary.update(word.lower() for word in entry.split())
            if terms not in members:
                members.append(terms)
        for terms in members:
            merged = groups.setdefault(terms, [terms])
            merged.extend(other for other in members if other not in merged)
    longest = max((len(key) for key in groups), default=0)
    return Synonyms(groups=groups, longest=longest, vocabulary=frozenset(vocabulary))


_cache = {}  # language -> {"key": which version of the file, "value": Synonyms}
_cache_lock = Lock()


def current_synonyms(language=DEFAULT_LANGUAGE):
    """One language's synonyms, re-read when the file changes. A broken file never breaks search: it is
    logged (and `manage.py check` reports it: systemchecks.check_synonyms) and no synonyms
    apply meanwhile."""
    path = synonyms_file(language)
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), None, None)
    cached = _cache.get(language)
    if cached is not None and cached["key"] == key:
        return cached["value"]
    with _cache_lock:
        cached = _cache.get(language)
        if cached is None or cached["key"] != key:
            _cache[language] = cached = {"key": key, "value": load_synonyms(path, language)}
    return cached["value"]


def current_synonyms_stamp(language=DEFAULT_LANGUAGE):
    """Which version of the file current_synonyms() last read (for keys of cached results)."""
    current_synonyms(language)
    return _cache[language]["key"]


def load_synonyms(path, language=DEFAULT_LANGUAGE):
    if not os.path.lexists(path):
        return Synonyms()
    try:
        text = read_regular_file(path).decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError) as error:
        logger.error("%s: %s Searching without synonyms.", printable(path), printable(error))
        return Synonyms()
    try:
        return parse_synonyms(text, str(path), language)
    except SynonymsError as error:
        logger.error("%s Searching without synonyms until it is fixed.", error)
        return Synonyms()
