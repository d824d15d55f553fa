"""Queries are total: any input becomes a small, bounded query of words and phrases."""
import pytest
from whoosh.query import And, AndMaybe, Or, Phrase, Term

from mbcinfo.search.query import (
    MAX_QUERY_CHARS, MAX_TERMS, READ_TERMS, build_groups, clean, node_types, parse, parse_safely, required_groups,
    whoosh_query, within_budget,
)
from mbcinfo.search.synonyms import Synonyms, parse_synonyms

HOSTILE = {
    "star": "*",
    "letter star": "a*",
    "question stars": "?*?*?*",
    "field range": "body:[a TO z]",
    "empty field": "title:",
    "fuzzy and division": "x~9/0",
    "3,000 brackets": "(" * 3000,
    "20,000 words": " ".join(["care"] * 20_000),
    "10,000-letter word": "a" * 10_000,
    "NUL bytes": "care\x00\x00 plan",
    "lone surrogate": "care \ud800 plan",
    "boost": "care^1000000000",
    "operators only": "AND OR NOT",
    "unbalanced quote": '"unbalanced',
    "regex": "/ab+c/",
    "wildcard in word": "pall*ative",
    "control characters": "\x1b[31mcare\x7f",
}
ALLOWED_NODES = {And, AndMaybe, Or, Phrase, Term}
FORBIDDEN_NAMES = {"Wildcard", "Prefix", "TermRange", "NumericRange", "FuzzyTerm", "Regex", "Every"}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_queries_become_small_trees_of_terms_and_phrases_only(text):
    parsed = parse_safely(clean(text))
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert len(parsed.terms) <= READ_TERMS
    if not parsed.clauses:
        return
    searched, _ = within_budget(build_groups(parsed, Synonyms()), parsed.unread)
    assert sum(len(group.alternatives[0][0]) for group in searched) <= MAX_TERMS
    tree = whoosh_query(searched)
    types = node_types(tree)
    assert types <= ALLOWED_NODES
    assert not {t.__name__ for t in types} & FORBIDDEN_NAMES
    for node in _leaves(tree):
        assert "*" not in "".join(node.words if isinstance(node, Phrase) else [node.text])
        assert len(node.text if isinstance(node, Term) else " ".join(node.words)) <= 200


def _leaves(node):
    if isinstance(node, (Term, Phrase)):
        return [node]
    return [leaf for child in node.children() for leaf in _leaves(child)]


def test_wildcards_and_field_syntax_are_searched_as_plain_words():
    assert parse(clean("body:[a TO z]")).terms == ["bodi", "z"]
    assert parse(clean("title:")).terms == ["titl"]
    assert parse(clean("care^1000000000")).terms == ["care", "1000000000"]
    assert parse(clean("pall*ative")).terms == ["pall", "ativ"]


def test_clean_normalises_and_strips_what_cannot_be_typed():
    assert clean("ｓｔａｇｅ　４") == "stage 4"  # full-width forms, NFKC
    assert clean("care\x00plan") == "care plan"
    assert clean("care\ud800plan") == "careplan"
    assert clean("  many   spaces\n\tand lines ") == "many spaces and lines"
    assert clean(None) == ""


def test_long_queries_are_cut_at_a_word_under_200_characters():
    text = clean("palliative " * 100)
    assert len(text) <= MAX_QUERY_CHARS
    assert text.endswith("palliative")


def test_at_most_twenty_four_terms_are_read_and_twelve_searched_and_the_rest_named():
    parsed = parse(clean(" ".join(f"word{i}" for i in range(30))))
    assert len(parsed.terms) == READ_TERMS
    assert parsed.unread == [f"word{i}" for i in range(READ_TERMS, 30)]
    searched, left_out = within_budget(build_groups(parsed, Synonyms()), parsed.unread)
    assert [group.words[0] for group in searched] == [f"word{i}" for i in range(MAX_TERMS)]
    assert left_out == [f"word{i}" for i in range(MAX_TERMS, 30)]
    short = parse(clean("two words"))
    assert within_budget(build_groups(short, Synonyms()), short.unread)[1] == []


def test_a_quoted_phrase_past_the_reading_limit_is_cut_and_its_last_words_named():
    parsed = parse(clean('"' + " ".join(f"w{i}" for i in range(30)) + '"'))
    assert [clause.phrase for clause in parsed.clauses] == [True]
    assert len(parsed.terms) == READ_TERMS and parsed.unread == [f"w{i}" for i in range(READ_TERMS, 30)]


def test_twelve_terms_are_searched_and_thirteen_are_not():
    for count, left in ((MAX_TERMS, []), (MAX_TERMS + 1, [f"word{MAX_TERMS}"])):
        parsed = parse(clean(" ".join(f"word{i}" for i in range(count))))
        searched, left_out = within_budget(build_groups(parsed, Synonyms()), parsed.unread)
        assert (len(searched), left_out) == (min(count, MAX_TERMS), left)


def test_a_long_search_keeps_words_with_synonyms_then_required_words_then_question_words():
    synonyms = parse_synonyms("- [pay, wages, income]\n")
    text = "how why when where who what one two three four five six seven eight nine ten eleven pay"
    parsed = parse(clean(text))
    searched, left_out = within_budget(build_groups(parsed, synonyms), parsed.unread)
    kept = [group.words[0] for group in searched]
    assert kept[-1] == "pay" and kept[0] == "one" and len(kept) == MAX_TERMS
    assert set(left_out) == {"how", "why", "when", "where", "who", "what"}


def test_a_word_typed_again_is_kept_once_and_spends_no_more_of_the_twelve():
    text = "everyone asks how she is and nobody asks how im doing im her brother is there a group for family"
    parsed = parse(clean(text))
    words = [clause.words[0] for clause in parsed.clauses]
    assert words.count("asks") == words.count("how") == words.count("im") == 1
    assert words[-2:] == ["group", "family"] and not parsed.unread


def test_quoted_phrases_are_kept_as_phrases_and_stop_words_are_dropped_inside_them():
    parsed = parse(clean('"end of life" care'))
    assert [(c.terms, c.phrase) for c in parsed.clauses] == [(("end", "life"), True), (("care",), False)]
    tree = whoosh_query(build_groups(parsed, Synonyms()))
    assert any(isinstance(node, Phrase) and node.words == ["end", "life"] for node in _leaves(tree))


def test_an_unbalanced_quote_is_ignored():
    parsed = parse(clean('"palliative care'))
    assert [c.phrase for c in parsed.clauses] == [False, False]


def test_numbers_and_meaningful_short_words_are_kept():
    # The stock Whoosh analyzer drops "4" and stops "can" and "not".
    assert parse(clean("can stage 4 not be cured")).terms == ["can", "stage", "4", "not", "cure"]


def test_all_words_are_required_except_question_words():
    groups = build_groups(parse(clean("where does cancer spread")), Synonyms())
    tree = whoosh_query(groups)
    assert isinstance(tree, AndMaybe)
    assert str(tree.a) == "(text:cancer AND text:spread)"
    assert str(tree.b) == "text:where"


def test_pronouns_are_dropped_and_how_many_or_got_are_not_required():
    groups = build_groups(parse(clean("how many years has she got left")), Synonyms())
    assert [group.words for group in required_groups(groups)] == [("years",), ("left",)]
    assert parse(clean("is this her scan or his")).terms == ["scan"]


def test_a_query_of_only_question_words_requires_them():
    tree = whoosh_query(build_groups(parse(clean("how")), Synonyms()))
    assert tree == Term("text", "how")


def test_synonyms_add_alternatives_that_weigh_less_than_the_words_typed():
    synonyms = parse_synonyms("- [stage 4, stage IV, secondary]\n")
    groups = build_groups(parse(clean("secondary breast cancer")), synonyms)
    assert len(groups) == 3
    alternatives = dict(groups[0].alternatives)
    assert alternatives[("secondari",)] == 1.0
    assert alternatives[("stage", "4")] < 1.0 and alternatives[("stage", "iv")] < 1.0


def test_multi_word_synonyms_are_matched_in_the_query():
    synonyms = parse_synonyms("- [end of life, hospice]\n")
    groups = build_groups(parse(clean("end of life care")), synonyms)
    assert [g.words for g in groups] == [("end", "life"), ("care",)]
    assert ("hospic",) in dict(groups[0].alternatives)


def test_spelling_corrections_replace_the_typed_word_before_synonyms_apply():
    synonyms = parse_synonyms("- [hospice, palliative]\n")
    groups = build_groups(parse(clean("hospise")), synonyms, {"hospise": "hospice"})
    assert set(dict(groups[0].alternatives)) == {("hospic",), ("palli",)}


def test_any_parser_error_falls_back_to_plain_words(monkeypatch):
    def broken(text):
        raise RecursionError("parser bug")

    monkeypatch.setattr("mbcinfo.search.query.parse", broken)
    parsed = parse_safely(clean('"hospice care" (costs'))
    assert [c.words for c in parsed.clauses] == [("hospice",), ("care",), ("costs",)]
    assert not any(c.phrase for c in parsed.clauses)


def test_the_person_asked_for_is_scored_through_its_synonyms_but_not_required():
    # "my mum's cancer": a page on curing cancer answers it though it never says "mum".
    synonyms = parse_synonyms("- [family, loved ones, mum, wife]\n")
    groups = build_groups(parse(clean("can my mum's cancer be cured")), synonyms)
    assert [group.words for group in required_groups(groups)] == [("cancer",), ("cured",)]
    person = next(group for group in groups if group.words == ("mum",))
    assert ("famili",) in dict(person.alternatives)
    assert "text:famili" in str(whoosh_query(groups).b)


def test_help_is_scored_but_not_required():
    groups = build_groups(parse(clean("emotional help for the family")), Synonyms())
    assert [group.words for group in required_groups(groups)] == [("emotional",), ("family",)]


@pytest.mark.parametrize("text, helper", [
    ("i dont know how to cope", "dont"), ("caregiver cant work", "cant"), ("im scared", "im"),
    ("she doesnt eat", "doesnt"), ("caregiver information", "information"), ("caregiving tips", "tips"),
])
def test_contractions_without_apostrophes_and_words_asking_for_information_are_not_required(text, helper):
    groups = build_groups(parse(text), parse_synonyms(""))
    required = required_groups(groups)
    assert helper not in {word for group in required for word in group.words}
    assert required  # the other words still are
