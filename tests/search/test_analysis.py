"""The fast word functions agree with the Whoosh analyzers the schema declares."""
import pytest

from mbcinfo.search.analysis import spelling_analyzer, stemming_analyzer, stems, word_starts, words
from mbcinfo.topics.models import Topic

TRICKY = [
    "Palliative care, end-of-life care and hospice",
    "Stage IV (stage 4) — 1-877 GO KOMEN (1-877-465-6636); 15q13.3 microdeletion",
    "Komen's $920 million; café naïve Ærø STRASSE straße",
    "a*b ?*? body:[a TO z] care^1000000000 x~9/0",
    "word" + "x" * 60 + " short",
]


@pytest.mark.parametrize("text", TRICKY)
def test_words_and_stems_match_the_whoosh_analyzers(text):
    assert words(text) == [token.text for token in spelling_analyzer(text)]
    assert stems(text) == [token.text for token in stemming_analyzer(text)]


@pytest.mark.django_db
def test_words_and_stems_match_the_whoosh_analyzers_on_every_page(site_content):
    for topic in Topic.objects.all():
        for section in topic.sections:
            text = f"{section['heading']} {section['text']}"
            assert stems(text) == [token.text for token in stemming_analyzer(text)], topic.slug


def test_tokens_never_keep_wildcards_and_overlong_words_are_dropped():
    assert words("pall*ative a*") == ["pall", "ative", "a"]
    assert words("x" * 41 + " ok") == ["ok"]


def test_autocomplete_indexes_word_starts_without_stop_words():
    assert word_starts("The Alliance") == ["al", "all", "alli", "allia", "allian", "allianc", "alliance"]
