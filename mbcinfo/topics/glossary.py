"""The glossary: reading `glossary.yaml`, and linking a page's first use of each term to it.

The file is checked with the pages (phase one of the loader) and reported the same way,
`file:line: what is wrong`, so a broken glossary stores nothing and costs nothing already stored.

Linking happens on the stored, sanitised HTML, not on Markdown: it only ever wraps text it
found in a text node in a link whose address it builds from a checked slug, so it cannot undo
the sanitiser's work, and it is cheap enough to do per request (and memoised: see `link_terms`).
"""
import difflib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

import yaml

from .frontmatter import SLUG_PATTERN, Problem, compose_and_construct, excerpt, yaml_error_line, yaml_problem

FILE_NAME = "glossary.yaml"
FIELDS = ("term", "slug", "definition", "from_source", "matches", "see_also", "translation_of")
REQUIRED = ("term", "slug", "definition", "from_source", "matches")
# Ids the glossary page already uses for other things.
RESERVED_SLUGS = {"main", "glossary-index", "helpline-heading"}
# No link inside these: a link in a link is invalid, a heading or code is not prose, and a
# quotation keeps its speaker's words as they were.
NO_LINK_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr", "blockquote"}


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    definition: str
    from_source: tuple
    matches: tuple
    see_also: tuple = ()
    line: int = 1
    translation_of: str = ""  # the English entry's slug, in a translated glossary


@dataclass
class Glossary:
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def _line(node):
    return node.start_mark.line + 1


def _text_list(value):
    """A field that may be one string or a list of strings → tuple of stripped strings, or None."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(" ".join(v.split()) for v in value)


def read_glossary(path, data, translation=False):
    """Parse and check the glossary file's bytes. Returns a Glossary (entries or problems).

    A `translation` (content/<language>/glossary.yaml) names each entry's English entry in
    `translation_of`; the English glossary has no such field."""
    result = Glossary()
    problem = lambda line, message: result.problems.append(Problem(str(path), line, message))  # noqa: E731
    try:
        text = data.decode("utf-8")
        root, items = compose_and_construct(text)
    except UnicodeDecodeError:
        problem(1, "is not UTF-8 text. Save it as UTF-8.")
        return result
    except yaml.YAMLError as error:
        problem(yaml_error_line(error, text), yaml_problem(error))
        return result
    if items is None:
        return result
    if not isinstance(items, list):
        problem(1, "must be a list of entries, each starting with '- term: ...'.")
        return result
    seen_slugs, seen_matches = {}, {}
    for item, node in zip(items, root.value):
        entry = _check_entry(item, node, problem, translation)
        if entry is None:
            continue
        if entry.slug in seen_slugs:
            problem(entry.line, f"slug '{excerpt(entry.slug)}' is also used by the entry on line "
                                f"{seen_slugs[entry.slug]}. Each entry needs its own slug.")
            continue
        seen_slugs[entry.slug] = entry.line
        for phrase in entry.matches:
            key = phrase.casefold()
            if key in seen_matches:
                problem(entry.line, f"'{excerpt(phrase)}' already links to '{excerpt(seen_matches[key])}'. A phrase "
                                    "can link to one entry only.")
            seen_matches[key] = entry.slug
        result.entries.append(entry)
    for entry in result.entries:
        for slug in entry.see_also:
            if slug not in seen_slugs:
                problem(entry.line, f"'see_also' names '{excerpt(slug)}', but no entry has that slug.")
    if result.problems:
        result.entries = []
    return result


def _check_entry(item, node, problem, translation=False):
    line = _line(node)
    if not isinstance(item, dict):
        problem(line, "each entry must be 'field: value' lines starting with '- term: ...'.")
        return None
    lines = {str(key.value): _line(value) for key, value in node.value}
    ok = True
    for key in item:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Known fields: {', '.join(FIELDS)}."
            problem(lines.get(str(key), line), f"unknown field '{excerpt(key)}'.{hint}")
            ok = False
    for key in REQUIRED:
        if key not in item:
            problem(line, f"entry is missing '{key}'.")
            ok = False
    if translation and "translation_of" not in item:
        problem(line, "entry is missing 'translation_of' (the English entry's slug).")
        ok = False
    if not translation and "translation_of" in item:
        problem(lines["translation_of"], "'translation_of' belongs in a translated glossary "
                                         "(content/<language>/glossary.yaml), not the English one. Remove it.")
        ok = False
    if not ok:
        return None
    term, slug, definition = item["term"], item["slug"], item["definition"]
    for key, value in (("term", term), ("definition", definition)):
        if not isinstance(value, str) or not value.strip():
            problem(lines[key], f"'{key}' must be text and not empty.")
            ok = False
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        problem(lines["slug"], f"slug '{excerpt(slug)}' must be lowercase letters, digits and single hyphens, "
                               f"e.g. 'palliative-care' (and not one of {', '.join(sorted(RESERVED_SLUGS))}).")
        ok = False
    from_source, matches = _text_list(item["from_source"]), _text_list(item["matches"])
    if from_source is None:
        problem(lines["from_source"], "'from_source' must quote the source sentence(s) the "
                                      "definition comes from, as text or a list of texts.")
        ok = False
    if matches is None:
        problem(lines["matches"], "'matches' must list the phrases that link here, e.g. '- palliative care'.")
        ok = False
    see_also = item.get("see_also") or []
    if not isinstance(see_also, list) or not all(isinstance(s, str) for s in see_also):
        problem(lines.get("see_also", line), "'see_also' must list entry slugs.")
        ok = False
    translation_of = item.get("translation_of", "")
    if translation and (not isinstance(translation_of, str) or not SLUG_PATTERN.match(translation_of)):
        problem(lines.get("translation_of", line), "'translation_of' must be the English entry's slug, e.g. 'palliative-care'.")
        ok = False
    if not ok:
        return None
    return Entry(slug=slug, term=" ".join(term.split()), definition=" ".join(definition.split()),
                 from_source=from_source, matches=matches, see_also=tuple(see_also), line=line,
                 translation_of=translation_of)


def _phrase_pattern(phrase):
    """A phrase as written, except that its first letter may be capitalised (a sentence start).

    Matching is otherwise exact, so "Metastatic Breast Cancer Alliance", a name, is not taken
    for the common term "metastatic breast cancer".
    """
    words = [re.escape(word) for word in phrase.split()]
    first = phrase[0]
    if first.isalpha():
        words[0] = f"[{first.lower()}{first.upper()}]{words[0][1:]}"
    return r"\s+".join(words)


@lru_cache(maxsize=16)
def _matcher(terms):
    """terms: ((slug, (phrase, ...)), ...) → (compiled regex, {group name: slug})."""
    alternatives, slugs = [], {}
    # Longest phrases first, so "metastatic breast cancer" wins over "metastatic".
    phrases = sorted(((phrase, slug) for slug, matches in terms for phrase in matches),
                     key=lambda pair: -len(pair[0]))
    for number, (phrase, slug) in enumerate(phrases):
        alternatives.append(f"(?P<t{number}>{_phrase_pattern(phrase)})")
        slugs[f"t{number}"] = slug
    if not alternatives:
        return None, {}
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"), slugs


def _part_of_a_name(match, text):
    """"Metastatic Breast Cancer Alliance": a capitalised match followed by a capitalised word."""
    return match.group()[0].isupper() and re.match(r"\s+[A-Z]", text[match.end():]) is not None


class _Linker(HTMLParser):
    def __init__(self, pattern, slugs, url):
        super().__init__(convert_charrefs=True)
        self.pattern, self.slugs, self.url = pattern, slugs, url
        self.out, self.linked, self.skip_depth = [], set(), 0

    def handle_starttag(self, tag, attrs):
        if tag in NO_LINK_INSIDE:
            self.skip_depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in NO_LINK_INSIDE and self.skip_depth:
            self.skip_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(html.escape(data, quote=False))
            return
        position = 0
        for match in self.pattern.finditer(data):
            slug = self.slugs[match.lastgroup]
            if slug in self.linked or _part_of_a_name(match, data):
                continue
            self.linked.add(slug)
            self.out.append(html.escape(data[position:match.start()], quote=False))
            self.out.append(f'<a class="glossary-term" href="{self.url}#{slug}">'
                            f'{html.escape(match.group(), quote=False)}'
                            '<span class="visually-hidden"> (what this means)</span></a>')
            position = match.end()
        self.out.append(html.escape(data[position:], quote=False))


@lru_cache(maxsize=256)
def link_terms(body_html, terms, glossary_url="/glossary/"):
    """Link the first use of each glossary term in `body_html` to its entry on the glossary page.

    `terms` is a hashable ((slug, (phrase, ...)), ...). Results are memoised on the HTML text
    itself, so a page is linked once per process and per glossary, not once per request.
    """
    pattern, slugs = _matcher(terms)
    if pattern is None:
        return body_html
    linker = _Linker(pattern, slugs, glossary_url)
    linker.feed(body_html)
    linker.close()
    return "".join(linker.out)
