"""The search fields, declared once: what each field of a document (documents.Document) is for.

This list drives the Whoosh schema (schema.py), the analysis of a document into weighted terms
(documents.index_fields), what the index stores and gives back, the snippet text and the
autocomplete labels (engine.py, suggest.py), and the database fallback's scoring (fallback.py).
Add, drop or re-weight a field here and nowhere else; the schema version (schema.SCHEMA_VERSION)
is derived from this list, so a change rebuilds every index.

The names of the fields the index adds of its own (the weighted words, the spelling
vocabulary, autocomplete word starts, exact titles) are here too, so that building the index
imports no query parsing.
"""
from dataclasses import dataclass

# How a field is indexed.
KEYWORD = "keyword"  # the whole value is one term, for looking documents up (never scored)
WORDS = "words"      # analysed into words (analysis.py) and added to SEARCH_FIELD with `boost`
STORED_ONLY = None   # kept to show in results, not searched


@dataclass(frozen=True)
class SearchField:
    name: str
    analyzer: str = STORED_ONLY
    # How much one word counts here (WORDS fields): a title word counts as four body words.
    boost: float = 0.0
    stored: bool = True
    unique: bool = False      # KEYWORD: one document per value (replaced on update)
    column: bool = False      # KEYWORD: kept as a per-document column, read for every hit
    highlight: bool = False   # part of a result's snippet, matching words marked
    # The kind of document ("topic" or "section") this field labels in autocomplete.
    autocomplete: str = ""


# Title > heading > summary > body: tuned on tests/search/relevance.yaml (the tuning set).
FIELDS = (
    SearchField("id", KEYWORD, unique=True),
    SearchField("kind", KEYWORD),
    SearchField("slug", KEYWORD, column=True),
    # "en" or "es": every search, suggestion and spelling answer keeps to one language.
    SearchField("language", KEYWORD, column=True),
    SearchField("anchor"),
    SearchField("title", WORDS, boost=4.0, autocomplete="topic"),
    SearchField("heading", WORDS, boost=3.0, autocomplete="section"),
    SearchField("summary", WORDS, boost=1.5, highlight=True),
    SearchField("body", WORDS, boost=1.0, highlight=True),
    SearchField("section"),
)

# The searched fields, in the order their words are laid out in SEARCH_FIELD.
WEIGHTED = tuple(field for field in FIELDS if field.analyzer == WORDS)

# Fields the index derives from the ones above.
SEARCH_FIELD = "text"            # every WORDS field's terms, each weighted by its field's boost
                                 # (English; another language's terms are in search_field(code))
SPELL_FIELD = "spell"            # the vocabulary document's words, for spelling suggestions
VOCABULARY_WORDS_FIELD = "words"  # the same words stored with the number of topics using each
AUTOCOMPLETE_FIELD = "autocomplete"  # word starts of each document's autocomplete label
EXACT_FIELD = "exact"            # a topic's title typed exactly (documents.title_keys)
META_FIELD = "meta"              # the build record

# Ids of the two bookkeeping documents every build holds besides the content's.
META_ID = "__meta__"
VOCABULARY_ID = "__vocabulary__"


def search_field(language):
    """The weighted-words field of one language's documents: "text" for English, "text_es" for
    Spanish. Each language's terms sit in a field of their own, so a Spanish search can only
    match Spanish pages, and each language's word frequencies (BM25's inverse document
    frequency) are its own: the Spanish pages change no English score."""
    return SEARCH_FIELD if language == "en" else f"{SEARCH_FIELD}_{language}"


def vocabulary_id(language):
    """The id of one language's vocabulary document (the spelling words)."""
    return VOCABULARY_ID if language == "en" else f"{VOCABULARY_ID}{language}"


def snippet_text(document):
    """The text a result's snippet is cut from: its highlighted fields that are not empty."""
    return " ".join(value for field in FIELDS if field.highlight and (value := getattr(document, field.name)))


def label(document):
    """What autocomplete shows for a document: a topic's title, a section's heading."""
    for field in FIELDS:
        if field.autocomplete == document.kind:
            return getattr(document, field.name)
    return ""


def fingerprint():
    """The declaration as text, for the schema version."""
    return ";".join(f"{f.name}:{f.analyzer}:{f.boost:g}:{f.stored:d}{f.unique:d}{f.column:d}:{f.autocomplete}"
                    for f in FIELDS)
