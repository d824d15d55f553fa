"""Every sentence a reader can see, with the file and line it comes from: page summaries and
bodies, glossary definitions, `site.yaml` and the public templates' own words.

The claims register (claims.py) reads what this gives; so does the rule on explaining words
(tests/topics/test_definitions.py). Headings are left out: they are labels, and the text under
them carries any fact. So are questions, quotations' attributions aside, and list items that
are only a link ("Learn more").
"""
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import frontmatter, glossary

# Not the end of a sentence: "Dr. Wendy Chen", "Susan G. Komen", "the U.S. …".
ABBREVIATION_END = re.compile(r"(?:\bDr|\b[A-Z]|\bU\.S|\bSt|\be\.g|\bi\.e)\.$")
SENTENCE_BREAK = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
ONLY_A_LINK = re.compile(r"^\[[^\]]*\]\([^)]*\)\.?$")


@dataclass(frozen=True)
class Sentence:
    """One sentence where a reader sees it. `page` is the page's slug ("" for site-wide text);
    `place` says which part of the site shows it (a page's "summary" or "body", "glossary",
    "site.yaml", or a template's path)."""

    path: str
    line: int
    page: str
    place: str
    text: str

    def where(self):
        return f"{self.path}:{self.line}"


def plain(text):
    """Markdown inline text → the words a reader sees, on one line."""
    text = LINK.sub(r"\1", text)
    text = EMPHASIS.sub("", text)
    return " ".join(text.split())


def split_sentences(text):
    """One paragraph's plain text → its sentences (abbreviations do not end one)."""
    pieces, current = [], ""
    for piece in SENTENCE_BREAK.split(text):
        current = f"{current} {piece}" if current else piece
        if not ABBREVIATION_END.search(current):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _blocks(body, first_line):
    """A Markdown body → (line, plain text, is a list item) of each paragraph, list item and
    quotation."""
    block, start = [], 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or LIST_ITEM.match(line) or stripped.startswith(">"):
            if block:
                yield start, " ".join(block), False
                block = []
            if stripped.startswith("#") or not stripped:
                if stripped.startswith("#"):
                    yield number, "", False  # a heading ends a list
                continue
            item = LIST_ITEM.sub("", line).strip() if LIST_ITEM.match(line) else stripped.lstrip(">").strip()
            if not ONLY_A_LINK.match(item):
                yield number, item, bool(LIST_ITEM.match(line))
            continue
        if not block:
            start = number
        block.append(stripped)
    if block:
        yield start, " ".join(block), False


def _body_sentences(body, first_line):
    """(line, sentence) of a body. A list introduced by a sentence ending in ":" is one sentence
    with it ("The most common places are: the bones; the lungs; …"): an item means nothing alone."""
    lead = None  # [line, text] of a sentence ending in ":" that is collecting its list
    for line, text, is_item in _blocks(body, first_line):
        if is_item and lead is not None and not plain(text).endswith((".", "!", "?")):
            lead[1] += (" " if lead[1].endswith(":") else "; ") + plain(text)
            continue
        if lead is not None:
            yield tuple(lead)
            lead = None
        if not text:
            continue
        sentences = split_sentences(plain(text))
        if sentences and sentences[-1].endswith(":") and not is_item:
            lead = [line, sentences.pop()]
        for sentence in sentences:
            yield line, sentence
    if lead is not None:
        yield tuple(lead)


def page_sentences(source):
    """A parsed content file (frontmatter.SourceFile) → its summary's and body's sentences."""
    slug = source.meta.get("slug", "")
    summary_line = next((n for n, line in enumerate(source.raw.split("\n"), start=1)
                         if line.startswith("summary:")), 1)
    for text in split_sentences(plain(source.meta.get("summary", ""))):
        yield Sentence(source.path, summary_line, slug, "summary", text)
    for line, text in _body_sentences(source.body, source.body_line):
        yield Sentence(source.path, line, slug, "body", text)


def topic_sentences(topic):
    """A stored page's summary and body sentences; lines are the body's own (1 is its first)."""
    for text in split_sentences(plain(topic.summary)):
        yield Sentence(topic.slug, 0, topic.slug, "summary", text)
    for line, text in _body_sentences(topic.body, 1):
        yield Sentence(topic.slug, line, topic.slug, "body", text)


def glossary_sentences(path):
    if not path.exists():
        return
    terms = glossary.read_glossary(path, path.read_bytes())
    for entry in terms.entries:
        for text in split_sentences(entry.definition):
            yield Sentence(shown_path(path), entry.line, "", "glossary", text)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def site_yaml_sentences(path):
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=frontmatter.SafeYAMLLoader) or {}
    lines = text.split("\n")
    for value in _strings(data):
        if value.startswith("+") or not re.search(r"[A-Za-z]{2}", value):
            continue  # a dialling number, not words
        line = next((n for n, row in enumerate(lines, start=1) if value[:30] in row), 1)
        for sentence in split_sentences(value):
            yield Sentence(shown_path(path), line, "", "site.yaml", sentence)


TEMPLATE_CODE = re.compile(r"\{#.*?#\}|\{%.*?%\}|<script.*?</script>|<style.*?</style>", re.S)
TEMPLATE_VARIABLE = re.compile(r"\{\{.*?\}\}", re.S)
TAG = re.compile(r"<[^>]+>")


# {% translate "…" %} (or trans): the words are the tag's argument, and a reader sees them.
TRANSLATE_TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(?:"([^"]*)"|'([^']*)')[^%]*%\}""")


def template_sentences(path, root):
    """A template's own words (the English of its translated strings included): its tags,
    variables and comments taken out, line by line."""
    text = TRANSLATE_TAG.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                             path.read_text(encoding="utf-8"))
    text = TEMPLATE_CODE.sub(lambda m: "\n" * m.group().count("\n"), text)
    text = TEMPLATE_VARIABLE.sub("…", text)
    # Tags go before the text is split into lines: a tag's attributes (a script's messages) may
    # span lines, and are not the page's prose.
    text = TAG.sub(lambda m: " " + "\n" * m.group().count("\n"), text)
    name = str(path.relative_to(root)) if root in path.parents else str(path)
    for number, line in enumerate(text.split("\n"), start=1):
        words = " ".join(TAG.sub(" ", line).split())
        if re.search(r"[A-Za-z]{2}", words):
            for sentence in split_sentences(words):
                yield Sentence(name, number, "", name, sentence)


def content_sentences(directory, sources):
    """Every sentence of the pages (`sources`, parsed content files), the glossary and site.yaml."""
    directory = Path(directory)
    for source in sources:
        yield from page_sentences(source)
    yield from glossary_sentences(directory / glossary.FILE_NAME)
    yield from site_yaml_sentences(directory / "site.yaml")


def shown_path(path):
    """A file's path as messages give it: from the project's root when it is inside it."""
    from django.conf import settings

    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def read_sources(directory):
    """The content directory's pages, parsed (files that do not parse are left to loadcontent)."""
    sources = []
    for path in sorted(Path(directory).glob("*.md")):
        source = frontmatter.parse(shown_path(path), path.read_bytes(), allow_extra_fields=True)
        if source.meta.get("slug"):
            sources.append(source)
    return sources
