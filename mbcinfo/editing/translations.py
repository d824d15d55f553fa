"""Checks that a translation says what its English page says: the same figures, English titles
marked as English, no promise the source does not make, and a pin to the English text it was
made from.

The rules are pure functions over strings, so `checkcontent`, `pintranslations` and the tests
share one definition of each; `read_edition` and `check_translation` apply them to a content
directory's files (English in content/, a translation in content/<language code>/).
Readability targets for Spanish live in lint.py beside the English ones.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mbcinfo.editing import readability
from mbcinfo.topics import glossary
from mbcinfo.topics.frontmatter import SafeYAMLLoader
from mbcinfo.topics.loader import read_directory
from mbcinfo.topics.models import text_hash

# A figure: digits, with the separators inside it ignored, so "40,000" and "40.000" are one
# figure and a phone number is one figure whatever its dashes ("1-877-465-6636"). A separator
# counts only between digits: "13, 2013" is two figures, as "13 de octubre de 2013" is.
FIGURE = re.compile(r"\d+(?:[,.\-‐‑–\u00a0\u202f]\d+)*")
ENGLISH_MARK = "(en inglés)"
# A sentence about the helpline that says it works in Spanish (or has interpreters): the source
# does not say so, and a reader who calls on the strength of it may find no one who can help.
HELPLINE = re.compile(r"helpline|l[ií]nea de ayuda|1-877|GO KOMEN", re.IGNORECASE)
IN_SPANISH = re.compile(r"espa[nñ]ol|spanish|biling[uü]e|bilingual|int[eé]rprete", re.IGNORECASE)


def figures(text):
    """The set of figures in `text`, each as its digits alone ("$40,000" → "40000")."""
    return frozenset(re.sub(r"\D", "", found) for found in FIGURE.findall(text or ""))


@dataclass(frozen=True)
class FigureDrift:
    """Figures one text has and its translation has not (`lost`), and the other way (`added`)."""
    where: str
    lost: frozenset
    added: frozenset

    def __str__(self):
        return f"{self.where}: {self.message}"

    @property
    def message(self):
        parts = []
        if self.lost:
            parts.append(f"lost {', '.join(sorted(self.lost, key=_figure_order))} (in the English, "
                         "not in the translation)")
        if self.added:
            parts.append(f"added {', '.join(sorted(self.added, key=_figure_order))} (in the "
                         "translation, not in the English)")
        return f"figures differ: {'; '.join(parts)}. Every figure must be as in English."


def _figure_order(figure):
    return (len(figure), figure)


def figure_drift(where, english, translation):
    """A FigureDrift when the two texts' figures differ, else None."""
    original, translated = figures(english), figures(translation)
    if original == translated:
        return None
    return FigureDrift(where, original - translated, translated - original)


def page_text(title, summary, body):
    """The text of a page whose figures must match: what the text hash covers too."""
    return "\n".join((title or "", summary or "", body or ""))


def flatten(facts, prefix=""):
    """{"helpline.note": text, …} from nested site facts, for comparing key by key."""
    flat = {}
    for key, value in facts.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = "" if value is None else str(value)
    return flat


def site_facts_drift(english, translation):
    """FigureDrifts between two site.yaml mappings, key by key, plus keys one lacks."""
    english, translation = flatten(english), flatten(translation)
    drifts = [figure_drift(f"site.yaml {key}", english.get(key, ""), translation.get(key, ""))
              for key in sorted(english.keys() | translation.keys())]
    return [drift for drift in drifts if drift]


def unmarked_english_titles(text, titles):
    """Titles of English-language pages used in `text` without "(en inglés)" right after them.

    A title inside a longer English name is not a use of it ("Metastatic Breast Cancer" in
    "Metastatic Breast Cancer Alliance")."""
    remaining = text or ""
    for title in sorted(titles, key=len, reverse=True):
        remaining = remaining.replace(f"{title} {ENGLISH_MARK}", " ")
    return sorted(title for title in titles
                  if re.search(rf"(?<![\w-]){re.escape(title)}(?![\w-]|\s+[A-Z])", remaining))


def helpline_language_claims(text):
    """Sentences of `text` that say the helpline works in Spanish."""
    return [sentence for sentence in readability.sentences(" ".join((text or "").split()))
            if HELPLINE.search(sentence) and IN_SPANISH.search(sentence)]


def normalised_quote(text):
    """A quotation compared with the source: curly apostrophes and line breaks do not count."""
    return " ".join((text or "").replace("’", "'").split())


def quotes_not_in(source, quotes):
    """The quotes that are not word for word in `source`."""
    haystack = normalised_quote(source)
    return [quote for quote in quotes if normalised_quote(quote) not in haystack]


# --- the content files of an edition and its translation --------------------------------------

@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning", as in lint.py
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.level}: {self.message}"


@dataclass
class Edition:
    """One language's content files: pages by slug, glossary entries, site facts."""
    pages: dict
    glossary: list
    site: dict
    problems: list


def read_edition(directory):
    directory = Path(directory)
    sources, problems, _ = read_directory(directory, allow_extra_fields=True)
    pages = {source.slug: source for source in sources if not source.problems}
    # The glossary and site facts as plain YAML: their own readers check them field by field
    # when they load; here only the texts and the translation links matter.
    return Edition(pages, _yaml(directory / glossary.FILE_NAME) or [], _yaml(directory / "site.yaml") or {},
                   problems)


def _yaml(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeYAMLLoader) if path.exists() else None


def field_of(source, name):
    """A front-matter field, whether the loader knows it or keeps it as an extra field."""
    return source.meta.get(name, source.extra.get(name))


def source_text(source):
    return page_text(source.meta.get("title"), source.meta.get("summary"), source.body)


def check_translation(english, translated, text_hash=None):
    """Findings for a translated Edition against the English one.

    Errors: a translation of no English page, a related page that is not in the translation, a
    slug an English page already has, figures that differ, a helpline said to work in Spanish.
    Warnings: an English page with no translation, and (given `text_hash`, the English text's
    hash as the model computes it) a translation made from an older English text."""
    found = []
    translated_of = {}
    for slug, source in sorted(translated.pages.items()):
        where = source.path
        original_slug = field_of(source, "translation_of")
        original = english.pages.get(original_slug)
        if slug in english.pages:
            found.append(Finding("error", where, f"the slug '{slug}' is an English page's; give the "
                                                 "translation a slug in its own language."))
        if original is None:
            found.append(Finding("error", where, f"'translation_of' names '{original_slug}', but no "
                                                 "English page has that slug."))
            continue
        translated_of.setdefault(original_slug, []).append(slug)
        found += [Finding("error", where, f"'related' names '{related}', but no translated page has "
                                          "that slug (list the translations' slugs).")
                  for related in source.meta.get("related") or () if related not in translated.pages]
        drift = figure_drift(where, source_text(original), source_text(source))
        if drift:
            found.append(Finding("error", where, drift.message))
        found += [Finding("error", where, f"says the helpline works in Spanish; the source does not "
                                          f"say so. Give the number only: “{claim}”")
                  for claim in helpline_language_claims(source_text(source))]
        if text_hash is not None:
            pinned, current = field_of(source, "translated_from"), text_hash(original)
            if pinned != current:
                found.append(Finding("warning", where, f"outdated: '{original_slug}' changed since it "
                                                       "was translated (translated_from no longer matches). "
                                                       "Update the translation, then its translated_from."))
    for slug, source in sorted(english.pages.items()):
        if slug not in translated_of:
            found.append(Finding("warning", source.path, "no translation yet."))
        elif len(translated_of[slug]) > 1:
            found.append(Finding("error", source.path, f"translated twice: {', '.join(translated_of[slug])}."))
    found += _glossary_findings(english, translated)
    found += [Finding("error", drift.where, drift.message)
              for drift in site_facts_drift(english.site, translated.site)]
    found += [Finding("error", f"site.yaml {key}", "says the helpline works in Spanish; the source does not say so.")
              for key, text in flatten(translated.site).items() if helpline_language_claims(text)]
    return found


def _glossary_findings(english, translated):
    found = []
    originals = {entry.get("slug"): entry for entry in english.glossary}
    translated_slugs = set()
    for entry in translated.glossary:
        where = f"glossary.yaml {entry.get('slug')}"
        original = originals.get(entry.get("translation_of"))
        if original is None:
            found.append(Finding("error", where, f"'translation_of' names '{entry.get('translation_of')}', "
                                                 "but no English glossary entry has that slug."))
            continue
        translated_slugs.add(original["slug"])
        if _quotes(entry) != _quotes(original):
            found.append(Finding("error", where, "'from_source' must keep the English entry's source "
                                                 f"quotes ('{original['slug']}'), word for word."))
        drift = figure_drift(where, _entry_text(original), _entry_text(entry))
        if drift:
            found.append(Finding("error", where, drift.message))
    found += [Finding("warning", f"glossary.yaml {slug}", "no translation yet.")
              for slug in sorted(set(originals) - translated_slugs)]
    return found


def _quotes(entry):
    quotes = entry.get("from_source") or []
    return sorted(normalised_quote(quote) for quote in ([quotes] if isinstance(quotes, str) else quotes))


def _entry_text(entry):
    return f"{entry.get('term', '')}\n{entry.get('definition', '')}"


def english_text_hash(source):
    """The text hash of an English page's file: the model's, so a file and the page loaded from
    it give the same value for `translated_from`."""
    return text_hash(source.meta["title"], source.meta["summary"], source.body)


TRANSLATED_FROM_LINE = re.compile(r"^translated_from:.*$", re.MULTILINE)
TRANSLATION_OF_LINE = re.compile(r"^translation_of:.*$", re.MULTILINE)


def pin(content_dir, language, slugs=None):
    """Set `translated_from` in each translation file of `language` (or of the pages `slugs`) to
    its English page's current text hash. Only that line changes. Returns (path, old, new) for
    each file whose pin changed.

    Run it once a translation says what the English page now says: the pin records that."""
    content_dir = Path(content_dir)
    english = read_edition(content_dir)
    changed = []
    for slug, source in sorted(read_edition(content_dir / language).pages.items()):
        original = english.pages.get(field_of(source, "translation_of"))
        if original is None or (slugs and slug not in slugs):
            continue
        old, new = field_of(source, "translated_from"), english_text_hash(original)
        if old == new:
            continue
        path = Path(source.path)
        text = path.read_text(encoding="utf-8")
        front_end = text.index("\n---", 3)
        front, rest = text[:front_end], text[front_end:]
        if TRANSLATED_FROM_LINE.search(front):
            front = TRANSLATED_FROM_LINE.sub(f"translated_from: {new}", front, count=1)
        else:
            front = TRANSLATION_OF_LINE.sub(lambda match: f"{match.group(0)}\ntranslated_from: {new}", front, count=1)
        path.write_text(front + rest, encoding="utf-8")
        changed.append((source.path, old, new))
    return changed
