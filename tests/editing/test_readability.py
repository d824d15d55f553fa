"""Readability scores, checked against words, sentences and syllables counted by hand."""
import pytest

from mbcinfo.editing import readability
from mbcinfo.editing.readability import Counts, count, flesch_kincaid_grade, score, szigriszt_pazos

# Each example: the text, then the counts written out by hand.
ENGLISH = [
    # The(1) cat(1) sat(1) on(1) the(1) mat(1): 6 words, 6 syllables, 1 sentence.
    ("The cat sat on the mat.", Counts(words=6, sentences=1, syllables=6)),
    # Your(1) doctor(2) can(1) help(1). | Ask(1) treatment(2) options(2) today(2)!
    # 8 words, 12 syllables, 2 sentences.
    ("Your doctor can help. Ask treatment options today!", Counts(8, 2, 12)),
    # Hormone(2) therapy(3) blocks(1) the(1) hormones(2) that(1) help(1) some(1) cancers(2) grow(1).
    # 10 words, 15 syllables, 1 sentence.
    ("Hormone therapy blocks the hormones that help some cancers grow.", Counts(10, 1, 15)),
    # A follow-up(3, one word) visit(2)? | I(1) don't(1, one word) know(1). | It(1) costs(1) 3.5(1,
    # one word) dollars(2): 3 sentences (the last has no stop), 10 words, 14 syllables.
    ("A follow-up visit? I don't know. It costs 3.5 dollars", Counts(10, 3, 14)),
]


@pytest.mark.parametrize("text, counts", ENGLISH)
def test_english_counts_match_hand_counts(text, counts):
    assert count(text, "en") == counts


@pytest.mark.parametrize("text, counts, grade", [
    # 0.39 × 6/1 + 11.8 × 6/6 − 15.59 = 2.34 + 11.8 − 15.59 = −1.45
    (*ENGLISH[0], -1.45),
    # 0.39 × 8/2 + 11.8 × 12/8 − 15.59 = 1.56 + 17.7 − 15.59 = 3.67
    (*ENGLISH[1], 3.67),
    # 0.39 × 10/1 + 11.8 × 15/10 − 15.59 = 3.9 + 17.7 − 15.59 = 6.01
    (*ENGLISH[2], 6.01),
])
def test_flesch_kincaid_grade_matches_hand_arithmetic(text, counts, grade):
    assert flesch_kincaid_grade(counts) == pytest.approx(grade)
    assert score(text, "en") == pytest.approx(round(grade, 1))


def test_spanish_counts_and_szigriszt_pazos_match_hand_counts():
    # El(1) cáncer(2) de(1) mama(2) puede(2) tratarse(3). | Hable(2) con(1) su(1) médico(3).
    # 10 words, 18 syllables, 2 sentences.
    text = "El cáncer de mama puede tratarse. Hable con su médico."
    assert count(text, "es") == Counts(10, 2, 18)
    # 206.835 − 62.3 × 18/10 − 10/2 = 206.835 − 112.14 − 5 = 89.695
    assert szigriszt_pazos(Counts(10, 2, 18)) == pytest.approx(89.695)
    assert score(text, "es") == 89.7


def test_a_stop_inside_a_quote_or_a_number_is_handled():
    # "Rest now." ends with the quote; 2.5 is one number; so: 2 sentences, 7 words.
    assert count('She said "rest now." Take 2.5 doses.').sentences == 2
    assert count('She said "rest now." Take 2.5 doses.').words == 7


def test_the_stop_of_an_initial_does_not_end_a_sentence():
    assert count("Susan G. Komen funds research in the U.S. every year. It helps.").sentences == 2


def test_text_without_words_has_no_score():
    assert score("") is None and score(None) is None and score(" — … ") is None


def test_each_language_names_a_pyphen_dictionary_and_a_formula():
    import pyphen

    for language in readability.LANGUAGES.values():
        assert language.dictionary in pyphen.LANGUAGES
        assert callable(language.formula)
