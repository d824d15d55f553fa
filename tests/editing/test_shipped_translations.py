"""The shipped Spanish edition (content/es/): complete, linked to real English pages, with every
figure as in English, plain to read, English titles marked, and no promise the source does not
make."""
import re

import pytest
from django.conf import settings

from mbcinfo.editing import lint, readability, translations
from mbcinfo.topics.rendering import render_body

SPANISH_DIR = settings.CONTENT_DIR / "es"
ENGLISH = translations.read_edition(settings.CONTENT_DIR)
SPANISH = translations.read_edition(SPANISH_DIR)
PAIRS = sorted(((source, ENGLISH.pages.get(translations.field_of(source, "translation_of")))
                for source in SPANISH.pages.values()), key=lambda pair: pair[0].slug)
SPANISH_PAGES = [source for source, _ in PAIRS]


def slug_of(value):
    return getattr(value, "slug", None)


def test_the_spanish_files_read_without_problems():
    assert ENGLISH.problems == [] and SPANISH.problems == []
    assert len(SPANISH.pages) == len(list(SPANISH_DIR.glob("*.md")))


def test_every_english_page_has_exactly_one_translation():
    translated = sorted(translations.field_of(source, "translation_of") for source in SPANISH_PAGES)
    assert translated == sorted(ENGLISH.pages)


@pytest.mark.parametrize("source, original", PAIRS, ids=slug_of)
def test_translation_of_names_a_real_english_page_and_the_slug_is_spanish(source, original):
    assert original is not None, f"{source.path}: translation_of names no English page"
    assert source.slug not in ENGLISH.pages


@pytest.mark.parametrize("source", SPANISH_PAGES, ids=slug_of)
def test_related_pages_are_spanish_pages_that_exist(source):
    related = source.meta.get("related") or []
    assert related and all(slug in SPANISH.pages for slug in related), related


@pytest.mark.parametrize("source", SPANISH_PAGES, ids=slug_of)
def test_links_to_other_pages_go_to_spanish_pages_that_exist(source):
    targets = re.findall(r"\]\((/[^)\s]*)\)", source.body)
    assert all(re.fullmatch(r"/es/temas/[a-z0-9-]+/(#[a-z0-9-]+)?", target) for target in targets), targets
    assert all(target.split("/")[3] in SPANISH.pages for target in targets), targets


@pytest.mark.parametrize("source, original", PAIRS, ids=slug_of)
def test_every_figure_is_as_in_english_none_lost_none_added(source, original):
    english_figures = translations.figures(translations.source_text(original))
    assert translations.figures(translations.source_text(source)) == english_figures
    # Summaries on their own too: they are shown without the body (search, the home page).
    assert translations.figures(source.meta["summary"]) == translations.figures(original.meta["summary"])


def test_glossary_and_site_facts_have_every_figure_as_in_english():
    assert translations.site_facts_drift(ENGLISH.site, SPANISH.site) == []
    assert sorted(translations.flatten(SPANISH.site)) == sorted(translations.flatten(ENGLISH.site))
    assert SPANISH.site["helpline"]["number"] == ENGLISH.site["helpline"]["number"]
    assert SPANISH.site["helpline"]["display"] == ENGLISH.site["helpline"]["display"]


@pytest.mark.parametrize("source, original", PAIRS, ids=slug_of)
def test_no_shipped_translation_is_outdated(source, original):
    # translated_from pins the English text the translation was made from; when the English
    # page changes, this fails until the translation is brought in line and pinned again
    # (manage.py pintranslations).
    assert translations.field_of(source, "translated_from") == translations.english_text_hash(original), (
        f"{source.path} is outdated: '{original.slug}' changed since it was translated")


def test_the_whole_translation_check_finds_nothing_to_fix():
    found = translations.check_translation(ENGLISH, SPANISH, translations.english_text_hash)
    assert [str(finding) for finding in found] == []


def test_every_glossary_entry_is_translated_once():
    translated = sorted(entry["translation_of"] for entry in SPANISH.glossary)
    assert translated == sorted(entry["slug"] for entry in ENGLISH.glossary)


@pytest.mark.parametrize("entry", SPANISH.glossary, ids=lambda entry: entry["slug"])
def test_glossary_quotes_are_in_the_source_word_for_word(entry, seed_text):
    quotes = entry["from_source"] if isinstance(entry["from_source"], list) else [entry["from_source"]]
    assert quotes and translations.quotes_not_in(seed_text, quotes) == []


# --- plain Spanish ------------------------------------------------------------------------------

@pytest.mark.parametrize("source", SPANISH_PAGES, ids=slug_of)
def test_every_page_reads_plainly_in_spanish(source):
    paragraphs = render_body(source.body).paragraphs
    body, summary = lint.reading_scores(paragraphs, source.meta["summary"], "es")
    assert body >= lint.INFLESZ_BODY_MINIMUM, (source.slug, body)
    assert summary >= lint.INFLESZ_SUMMARY_MINIMUM, (source.slug, summary)
    assert [str(finding) for finding in lint.long_sentences(paragraphs)] == []
    assert all(len(readability.words(sentence)) <= lint.SENTENCE_WORD_LIMIT
               for sentence in readability.sentences(source.meta["summary"]))


# --- what the Spanish must not say ----------------------------------------------------------------

def spanish_texts():
    yield from ((source.path, translations.source_text(source)) for source in SPANISH_PAGES)
    yield from ((f"glossary {entry['slug']}", f"{entry['term']}\n{entry['definition']}") for entry in SPANISH.glossary)
    yield from ((f"site.yaml {key}", text) for key, text in translations.flatten(SPANISH.site).items())


@pytest.mark.parametrize("where, text", list(spanish_texts()), ids=lambda value: str(value)[:40])
def test_the_helpline_is_never_said_to_answer_in_spanish(where, text):
    assert translations.helpline_language_claims(text) == [], where


def english_resource_titles(seed_text):
    """The titles of the source's English-language pages: the Komen resources it lists, the
    publication it names, and the page itself as the English pages cite it."""
    listed = seed_text.split("Komen resources", 1)[1]
    titles = {line.strip() for line in listed.splitlines() if line.strip()}
    assert "please read the Research Fast Facts" in " ".join(seed_text.split())
    titles.add("Research Fast Facts")
    titles.update(source["title"] for page in ENGLISH.pages.values() for source in page.meta.get("sources") or ())
    return titles


def test_the_english_titles_found_include_the_listed_resources(seed_text):
    titles = english_resource_titles(seed_text)
    assert {"Managing Pain", "How to Find Financial Assistance", "Research Fast Facts",
            "Metastatic Breast Cancer"} <= titles


@pytest.mark.parametrize("source", SPANISH_PAGES, ids=slug_of)
def test_english_titles_are_marked_en_ingles(source, seed_text):
    titles = english_resource_titles(seed_text)
    cited = "\n".join(item["title"] for item in source.meta.get("sources") or ())
    assert translations.unmarked_english_titles(f"{translations.source_text(source)}\n{cited}", titles) == []
