"""Topics → the documents the index holds: one for each topic and one for each of its h2 sections,
and what the index is handed for each (its fields, the words already analysed).

Documents are plain data, so the index, the database fallback and the benchmark's SQLite
baseline all search exactly the same documents. Their fields are described in fields.py.
"""
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import reduce
from operator import or_

from mbcinfo.topics.models import Topic

from . import fields
from .analysis import DEFAULT_LANGUAGE, LANGUAGES, stem_of, stems, word_starts, words
from .schema import SCHEMA_VERSION

# Only what search needs from a topic: the rendered HTML and the Markdown stay in the database.
TOPIC_FIELDS = ("slug", "title", "summary", "section", "sections", "language")
# Where a topic of each language is read (the addresses topics/urls.py gives them).
TOPIC_ADDRESSES = {"en": "/topics/{slug}/", "es": "/es/temas/{slug}/"}


@dataclass(frozen=True)
class Document:
    id: str          # "slug" for the topic, "slug#anchor" for a section
    kind: str        # "topic" or "section"
    slug: str
    anchor: str      # "" for the topic itself
    title: str       # the topic's title, on every document of the topic
    heading: str     # the section's heading ("" for the topic)
    summary: str     # the topic's summary (topic document only)
    body: str        # plain text: the introduction for the topic, the section's text otherwise
    section: str     # the topic's group on the home page, shown in the breadcrumb
    language: str = DEFAULT_LANGUAGE  # "en" or "es"
    # (How each is indexed, weighted, stored and shown: fields.FIELDS, one entry per field here.)

    @property
    def url(self):
        base = TOPIC_ADDRESSES.get(self.language, TOPIC_ADDRESSES[DEFAULT_LANGUAGE]).format(slug=self.slug)
        return f"{base}#{self.anchor}" if self.anchor else base


def slug_of_url(url):
    """The topic slug of a result's address, in any language ("/es/temas/pronostico/#parte")."""
    return url.split("#")[0].rstrip("/").rsplit("/", 1)[-1]


def title_keys(topic_title, slug):
    """Ways of typing a topic's exact title: "Outlook (prognosis)" → "outlook prognosis",
    "outlook", and the address "outlook". A query equal to one of them puts the topic first."""
    variants = {topic_title, re.sub(r"\([^)]*\)", " ", topic_title), slug.replace("-", " ")}
    return sorted({key for key in map(exact_key, variants) if key})


def exact_key(text):
    """Lowercase words joined by single spaces: punctuation, case and spacing do not count."""
    return " ".join(re.findall(r"\w+", text.lower()))


def documents_for(topic, link_titles=frozenset()):
    """The documents for one topic: itself (title, summary, introduction) and each h2 section.

    A line that is nothing but another page's title (`link_titles` holds their exact keys) is a
    link in a "Learn more" list: it is left out, or this page would answer searches for that
    page's words. A section left with no text is not a document."""
    sections = [dict(part, text=_without_links(part.get("text", ""), link_titles))
                for part in topic.sections or []]
    intro = next((s["text"] for s in sections if not s.get("anchor")), "")
    language = topic_language(topic)
    yield Document(id=topic.slug, kind="topic", slug=topic.slug, anchor="", title=topic.title,
                   heading="", summary=topic.summary, body=intro, section=topic.section, language=language)
    seen = set()
    for part in sections:
        anchor = part.get("anchor") or ""
        if not anchor or anchor in seen or not part["text"]:
            continue
        seen.add(anchor)
        yield Document(id=f"{topic.slug}#{anchor}", kind="section", slug=topic.slug, anchor=anchor,
                       title=topic.title, heading=part.get("heading", ""), summary="",
                       body=part["text"], section=topic.section, language=language)


def _without_links(text, link_titles):
    if not link_titles or not text:
        return text
    return "\n".join(line for line in text.split("\n") if exact_key(line) not in link_titles)


def topic_language(topic):
    """The topic's language, if search has an analysis for it; English otherwise."""
    language = getattr(topic, "language", "") or DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def live_topics(language=None):
    """The live topics of one language, or of every language search knows."""
    languages = [language] if language else list(LANGUAGES)
    return reduce(or_, (Topic.objects.live(code) for code in languages))


def live_title_keys(language=DEFAULT_LANGUAGE):
    return frozenset(exact_key(title) for title in live_topics(language).values_list("title", flat=True))


def title_terms(language=DEFAULT_LANGUAGE):
    """The index terms that one live topic's title uses and no other's: what names that page
    ("allianc", "prognosi"), where "metastat", in many titles, names none."""
    uses = Counter(term for title in live_topics(language).values_list("title", flat=True)
                   for term in set(stems(title, language)))
    return frozenset(term for term, count in uses.items() if count == 1)


def live_documents(slugs=None, language=None):
    """The documents of all live topics (of one language, or of all), or of those in `slugs`."""
    titles = {code: live_title_keys(code) for code in ([language] if language else LANGUAGES)}
    topics = live_topics(language).only(*TOPIC_FIELDS).order_by("pk")
    if slugs is not None:
        topics = topics.filter(slug__in=list(slugs))
    for topic in topics.iterator(chunk_size=200):
        yield from documents_for(topic, titles[topic_language(topic)] - {exact_key(topic.title)})


# --- what the index is handed ---

# Positions left empty between the WORDS fields, so no phrase spans two of them.
FIELD_GAP = 100


def analysed(document):
    """(weighted terms for the search field, the set of words): each text is tokenised once."""
    terms, spelled, position = [], set(), 0
    language = document.language
    for field in fields.WEIGHTED:
        for word in words(getattr(document, field.name)):
            spelled.add(word)
            term = stem_of(word, language)
            if term:
                terms.append((term, position, field.boost))
                position += 1
        position += FIELD_GAP
    return terms, spelled


def index_fields(document, terms):
    """The Whoosh fields of one document, `terms` being analysed(document)[0]."""
    found = {field.name: getattr(document, field.name) for field in fields.FIELDS
             if field.stored or field.analyzer == fields.KEYWORD}
    found[fields.search_field(document.language)] = terms
    found[fields.AUTOCOMPLETE_FIELD] = word_starts(fields.label(document), document.language)
    if document.kind == "topic":
        found[fields.EXACT_FIELD] = ",".join(title_keys(document.title, document.slug))
    return found


def words_of_stored(stored_documents):
    """The set of words of a topic's documents as stored in the index."""
    found = set()
    for stored in stored_documents:
        for field in fields.WEIGHTED:
            found.update(words(stored.get(field.name, "")))
    return found


def vocabulary_fields(vocabulary, language=DEFAULT_LANGUAGE):
    """One language's vocabulary document: {word: number of topics using it}."""
    counts = {word: topics for word, topics in vocabulary.items() if topics > 0}
    return {"id": fields.vocabulary_id(language), "kind": "vocabulary", "language": language,
            fields.SPELL_FIELD: counts, fields.VOCABULARY_WORDS_FIELD: counts}


def meta_fields(generation, database):
    """The build record: the content it reflects and the schema it was built with."""
    return {"id": fields.META_ID, "kind": "meta", fields.META_FIELD: {
        "generation": generation, "database": database, "schema": SCHEMA_VERSION,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }}
