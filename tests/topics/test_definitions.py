"""One rule for explaining words (README, "Explaining words"; glossary.yaml's header): a word is
explained only where the source explains it. Words the source uses without explaining get no
glossary entry and no explanation in any page's text; the everyday words people search with
live in the search synonyms, which no page shows."""
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from mbcinfo.topics.claims import site_sentences
from mbcinfo.topics.glossary import read_glossary

# Words the source uses but never explains.
# (It does explain, for example, metastatic and so metastasis: "has spread beyond the breast…";
# financial counselors and patient navigators: "with experience in the financial issues of
# cancer care".)
UNEXPLAINED = ["prognosis", "oncologist", "clinical trial", "anxiety", "depression", "underserved",
               "lethal", "pharmaceutical", "outcomes", "therapies", "therapy", "landscape analysis",
               "financial assistance"]


def definitions_of(word, text):
    """The ways `text` could explain `word`: "X is/are/means …", "… is called X", "(X)" beside
    another word, "X (…)", "An X is"."""
    w = rf"{re.escape(word)}s?"
    patterns = [
        rf"\b{w}\s+(?:is|are|means?)\s+(?!not\b|still\b|being\b|true\b)\w+",  # "Clinical trials are research studies"
        rf"\b(?:called|known as|also called|is short for)\s+(?:your\s+|the\s+)?{w}\b",  # "also called your prognosis"
        rf"\w\s+\({w}\)",  # "deep sadness (depression)"
        rf"\b{w}(?:\s+\w+)?\s+\((?!\d)[^)]*\)",  # "oncologist (a cancer doctor)", "X companies (…)"
        rf"\b(?:an?|the)\s+{w}\s+is\b",  # "An oncologist is a cancer doctor"
    ]
    return [m.group() for p in patterns for m in re.finditer(p, text, re.IGNORECASE)]


def test_the_detector_finds_the_definitions_the_site_once_had():
    once = {
        "anxiety": "social support can ease worry and fear (anxiety)",
        "depression": "deep sadness (depression)",
        "clinical trial": "Clinical trials are research studies.",
        "oncologist": "Dr. Wendy Chen is a breast medical oncologist. An oncologist is a cancer doctor.",
        "prognosis": "Your outlook is also called your prognosis.",
        "pharmaceutical": "5 pharmaceutical companies (companies that make medicines)",
    }
    for word, text in once.items():
        assert definitions_of(word, text), (word, text)
    # Using a word is not explaining it.
    assert not definitions_of("oncologist", "Your oncologist should know about local help with money.")
    assert not definitions_of("prognosis", "This is true whatever the prognosis.")


@pytest.mark.parametrize("word", UNEXPLAINED)
def test_no_page_summary_glossary_entry_or_site_text_explains_a_word_the_source_does_not(word):
    for sentence in site_sentences():
        assert not definitions_of(word, sentence.text), f"{sentence.where()}: {sentence.text}"


def test_a_word_the_source_does_not_explain_has_no_glossary_entry():
    path = Path(settings.CONTENT_DIR) / "glossary.yaml"
    terms = read_glossary(path, path.read_bytes())
    assert terms.entries and not terms.problems
    named = {entry.term.casefold() for entry in terms.entries} | {
        match.casefold() for entry in terms.entries for match in entry.matches}
    for word in UNEXPLAINED:
        assert word not in named and word + "s" not in named, word


def test_only_a_title_may_pair_an_everyday_word_with_the_sources_word():
    """The title exception: "Outlook (prognosis)" names the page; no page text equates them."""
    for path in sorted(Path(settings.CONTENT_DIR).glob("*.md")):
        front = yaml.safe_load(path.read_text().split("---")[1])
        for word in UNEXPLAINED:
            assert not definitions_of(word, front["summary"]), path.name
    assert not any("outlook (prognosis)" in s.text.casefold() for s in site_sentences())


def test_the_everyday_words_people_search_with_are_search_synonyms_of_the_sources_words():
    groups = [{word.casefold() for word in group}
              for group in yaml.safe_load(Path(settings.SEARCH_SYNONYMS_FILE).read_text())]

    def together(a, b):
        return any(a in group and b in group for group in groups)

    assert together("oncologist", "cancer doctor")
    assert together("anxiety", "worry") and together("anxiety", "fear")
    assert together("depression", "sad") and together("depression", "sadness")
    assert together("prognosis", "outlook")
    assert together("trial", "study")
