"""System checks for what search needs from the machine: editors' synonyms that parse, and an
index directory this user may write. Registered in SearchConfig.ready().

A broken synonyms file does not break search (it is logged and ignored), but it silently
loses every synonym, so a deploy should stop on it. The checks take about 7 ms.
"""
import os
from django.core.checks import Error

from .analysis import LANGUAGES
from .storage import index_root
from .synonyms import SynonymsError, parse_synonyms, synonyms_file


def check_synonyms(app_configs=None, **kwargs):
    """Every language's synonyms file."""
    return [error for language in LANGUAGES for error in _check_synonyms_file(language)]


def _check_synonyms_file(language):
    path = synonyms_file(language)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []  # optional: no file, no synonyms
    except (OSError, UnicodeDecodeError) as error:
        return [Error(f"{path}: cannot be read ({error}).", id="search.E001")]
    try:
        parse_synonyms(text, str(path), language)
    except SynonymsError as error:
        return [Error(str(error), hint="Until it is fixed, search runs without any synonyms.",
                      id="search.E001")]
    return []


def check_index_directory(app_configs=None, **kwargs):
    """The index directory, or the nearest folder above it that exists (the first build makes
    the rest), must be a directory this user may write."""
    root = index_root()
    existing = root
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and os.access(existing, os.W_OK | os.X_OK):
        return []
    problem = "is not a directory" if existing.exists() and not existing.is_dir() else "is not writable"
    return [Error(f"{root}: the search index directory cannot be written ({existing} {problem}).",
                  hint="Set MBCINFO_SEARCH_INDEX_DIR to a directory this user may write; each "
                       "server keeps its own.", id="search.E002")]
