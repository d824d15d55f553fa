"""A search that names a relative or caring is a caregiver's, and in it the illness named is
context: its other names weigh little, so the page listing them all does not win every such search."""
from pathlib import Path

import pytest

from mbcinfo.search import audience
from mbcinfo.search.analysis import LANGUAGES, words
from mbcinfo.search.documents import title_terms
from mbcinfo.search.engine import search
from mbcinfo.search.query import SYNONYM_WEIGHT, build_groups, page_wide_groups, parse, required_groups
from mbcinfo.search.synonyms import parse_synonyms
from mbcinfo.topics.models import Topic

SYNONYMS = parse_synonyms("- [stage 4, advanced, metastatic, mbc]\n- [family, wife, mother]\n"
                          "- [caregiver, carer]\n- [treatment, treatable]\n- [money, bills]\n"
                          "- [spread, metastasis]\n")
SPANISH_SYNONYMS = parse_synonyms("- [estadio 4, avanzado, metastásico]\n- [dinero, facturas]\n"
                                  "- [familia, esposa]\n", language="es")


def groups_of(text, synonyms=SYNONYMS, language="en"):
    return build_groups(parse(text, language), synonyms)


@pytest.mark.parametrize("text", [
    "my wife has stage 4 breast cancer", "caring for my mother", "caregiver", "cargiver",
    "looking after my dad", "care giver guide", "my best friend has mbc", "information for the family",
])
def test_searches_naming_a_relative_or_caring_are_caregivers(text):
    groups = groups_of(text)
    if text == "cargiver":  # as the speller corrects it
        groups = build_groups(parse(text), SYNONYMS, {"cargiver": "caregiver"})
    assert audience.is_caregivers(groups, "en")


@pytest.mark.parametrize("text", [
    "stage 4 breast cancer", "palliative care", "after treatment", "what care focuses on", "looking for trials",
])
def test_searches_that_name_no_one_are_not_caregivers(text):
    assert not audience.is_caregivers(groups_of(text), "en")


def test_spanish_caregivers_are_named_in_spanish_and_the_breast_is_no_mother():
    assert audience.is_caregivers(groups_of("mi esposa tiene cancer", SPANISH_SYNONYMS, "es"), "es")
    assert audience.is_caregivers(groups_of("cuidar a alguien", SPANISH_SYNONYMS, "es"), "es")
    assert not audience.is_caregivers(groups_of("cancer de mama metastasico", SPANISH_SYNONYMS, "es"), "es")


def test_in_a_caregivers_search_the_illness_keeps_its_name_typed_and_its_other_names_weigh_little():
    # "mean" asks something besides help, so the name typed keeps its weight.
    groups = groups_of("my mother has metastatic breast cancer what does it mean")
    scoring = audience.scoring_groups(groups, SYNONYMS, "en")
    illness = next(group for group in scoring if group.words == ("metastatic",))
    assert illness.alternatives[0] == (("metastat",), 1.0)
    assert {weight for _, weight in illness.alternatives[1:]} == {SYNONYM_WEIGHT * audience.OTHER_NAMES}
    # Still required, and every other group as it was.
    assert any(group is illness for group in required_groups(scoring))
    assert [group for group in scoring if group is not illness] == [group for group in groups if group.words != ("metastatic",)]


def test_a_search_that_names_no_one_is_scored_as_it_was():
    groups = groups_of("metastatic breast cancer")
    assert audience.scoring_groups(groups, SYNONYMS, "en") is groups


@pytest.fixture
def two_pages(db, settings, tmp_path):
    from mbcinfo.search import index

    synonyms = tmp_path / "synonyms.yaml"
    synonyms.write_text("- [stage 4, stage IV, advanced, metastatic, secondary, mbc]\n"
                        "- [family, loved ones, wife, mother, mum]\n")
    settings.SEARCH_SYNONYMS_FILE = synonyms
    pages = [
        ("names", "What is metastatic breast cancer?", "Other names",
         "Metastatic breast cancer is also called advanced, secondary, stage IV or stage 4 breast cancer, or MBC."),
        ("family", "Caring for someone with metastatic breast cancer", "For family",
         "Metastatic breast cancer brings challenges for family and loved ones. Here is how you can help."),
    ]
    for slug, title, heading, text in pages:
        Topic.objects.create(slug=slug, title=title, summary=text[:40], body=text,
                             sections=[{"anchor": "part", "heading": heading, "text": text}])
    index.rebuild()


def pages_found(query):
    return [hit.url.split("#")[0] for hit in search(query).hits]


def test_a_caregivers_search_finds_the_page_for_families_not_the_page_listing_the_names(two_pages):
    assert pages_found("my mum has metastatic breast cancer")[0] == "/topics/family/"


def test_a_search_for_the_illness_alone_still_finds_the_page_listing_its_names(two_pages):
    assert pages_found("metastatic breast cancer")[0] == "/topics/names/"


def required_words(groups):
    return {word for group in required_groups(groups) for word in group.words}


@pytest.mark.parametrize("text, need", [
    ("is my wife's cancer treatable", "treatable"), ("caregiver cant work and the bills are piling up", "bills"),
])
def test_in_a_caregivers_search_a_named_need_is_required_and_the_relation_and_other_words_are_not(text, need):
    scoring = audience.scoring_groups(groups_of(text), SYNONYMS, "en")
    assert required_words(scoring) == {need}
    relation = next(group for group in scoring if group.words[0] in ("wife", "caregiver"))
    assert len(relation.alternatives) > 1 and not any(group is relation for group in required_groups(scoring))
    assert all(weight <= SYNONYM_WEIGHT * audience.OTHER_NAMES for _, weight in relation.alternatives[1:])


def test_a_spanish_caregivers_search_naming_a_need_is_decided_by_the_need_too():
    scoring = audience.scoring_groups(groups_of("mi esposa no puede pagar las facturas", SPANISH_SYNONYMS, "es"),
                                      SPANISH_SYNONYMS, "es")
    assert required_words(scoring) == {"facturas"}


def test_a_caregivers_search_naming_no_need_keeps_the_caregiver_words_required():
    scoring = audience.scoring_groups(groups_of("caregiver for my mom stage 4"), SYNONYMS, "en")
    assert "caregiver" in required_words(scoring)


def test_the_illness_spreading_is_context_not_a_need():
    scoring = audience.scoring_groups(groups_of("what can the family do when breast cancer spreads"), SYNONYMS, "en")
    assert {"family", "breast", "cancer", "spreads"} <= required_words(scoring)


def test_a_search_naming_no_one_and_no_need_keeps_every_word_required():
    groups = groups_of("is the cancer curable")
    assert audience.scoring_groups(groups, SYNONYMS, "en") is groups
    assert required_words(groups) == {"cancer", "curable"}


def page_wide_words(groups):
    return {word for group in page_wide_groups(groups) for word in group.words}


@pytest.mark.parametrize("text, need, illness", [
    ("is the cancer treatable", {"treatable"}, {"cancer"}),
    ("help with bills stage 4 breast cancer", {"bills"}, {"stage", "4", "breast", "cancer"}),
    ("mbc treatment", {"treatment"}, {"mbc"}),
    # In a caregiver's search the words around a need are context already ("breast", "cancer").
    ("my wife has metastatic breast cancer and the bills are piling up", {"bills"}, {"metastatic"}),
])
def test_beside_a_need_the_illness_is_asked_of_the_page_not_of_the_section(text, need, illness):
    scoring = audience.scoring_groups(groups_of(text), SYNONYMS, "en")
    assert required_words(scoring) == need
    assert page_wide_words(scoring) == illness
    assert all(group.soft for group in page_wide_groups(scoring))


def test_a_spanish_need_asks_the_illness_of_the_page_too():
    scoring = audience.scoring_groups(groups_of("facturas cancer de mama metastasico", SPANISH_SYNONYMS, "es"),
                                      SPANISH_SYNONYMS, "es")
    assert required_words(scoring) == {"facturas"}
    assert page_wide_words(scoring) == {"cancer", "mama", "metastasico"}


@pytest.mark.parametrize("text", [
    "metastatic breast cancer", "what is stage 4 breast cancer", "breast cancer survivors",
    "caregiver for my mom stage 4", "what can the family do when breast cancer spreads",
])
def test_without_a_need_the_illness_stays_required_of_the_section(text):
    """A word search has no other name for ("survivors") is not a need it knows: the section
    must still name the illness beside it, or "last" in "is stage 4 the last stage" would find
    any page that says "last"."""
    assert not page_wide_groups(audience.scoring_groups(groups_of(text), SYNONYMS, "en"))


# --- Every relation, declared once per language ---

CONTENT = Path(__file__).resolve().parents[2] / "content"
SHIPPED = parse_synonyms((CONTENT / "synonyms.yaml").read_text())
SHIPPED_ES = parse_synonyms((CONTENT / "es" / "synonyms.yaml").read_text(), language="es")


@pytest.mark.parametrize("text", [
    "what can i do for a coworker with mbc", "my colleague has stage 4", "my nan has secondary breast cancer",
    "how can i help my girlfriend", "teenager here my mom has mbc", "parent with advanced cancer",
    "my grandma has mbc", "my boyfriends mum", "my best friend has mbc", "my other half has mbc",
    "my big sis has mets", "my hubby has stage 4", "my mother in law has mbc", "my flatmate has mets",
    "helping my godmother with mets",
])
def test_every_kind_of_relation_makes_a_caregivers_search_and_is_never_required(text):
    groups = groups_of(text, SHIPPED)
    assert audience.is_caregivers(groups, "en")
    relations = [group for group in groups if audience._names_caring(group.words, "en")]
    assert relations and all(group.soft for group in relations)


@pytest.mark.parametrize("text", [
    "mi suegra tiene cancer", "mi nieta pregunta", "mi companero de trabajo tiene cancer", "mi novio tiene cancer",
])
def test_every_kind_of_relation_makes_a_spanish_caregivers_search_and_is_never_required(text):
    groups = groups_of(text, SHIPPED_ES, "es")
    assert audience.is_caregivers(groups, "es")
    relations = [group for group in groups if audience._names_caring(group.words, "es")]
    assert relations and all(group.soft for group in relations)


def test_the_relations_are_words_search_knows_tied_to_the_pages_words_for_family():
    # A relation in the synonyms is a word the speller never "corrects" ("nan" became "non").
    assert {"nan", "coworker", "girlfriend", "family", "sis", "hubby", "other", "half"} <= SHIPPED.vocabulary
    assert {"suegra", "novio", "colega", "familia"} <= SHIPPED_ES.vocabulary
    assert ("famili",) in SHIPPED.alternatives(("nan",))
    # Not the breast of "cancer de mama", nor "woman".
    assert not {"mama", "mujer"} & LANGUAGES["es"].person_words


def test_when_a_caregiver_asks_only_for_help_the_illness_and_question_words_weigh_as_context():
    groups = groups_of("what can i do for my mother with metastatic breast cancer")
    scoring = audience.scoring_groups(groups, SYNONYMS, "en")
    illness = next(group for group in scoring if group.words == ("metastatic",))
    assert illness.alternatives[0] == (("metastat",), audience.OTHER_NAMES)
    assert all(weight <= SYNONYM_WEIGHT * audience.OTHER_NAMES ** 2 for _, weight in illness.alternatives[1:])
    assert any(group is illness for group in required_groups(scoring))
    what = next(group for group in scoring if group.words == ("what",))
    assert what.soft and what.alternatives == [(("what",), audience.OTHER_NAMES)]
    mother = next(group for group in scoring if group.words == ("mother",))
    assert mother == next(group for group in groups if group.words == ("mother",))


def test_a_spanish_caregiver_asking_only_for_help_weighs_the_illness_as_context_too():
    groups = groups_of("como ayudar a mi esposa con cancer metastasico", SPANISH_SYNONYMS, "es")
    scoring = audience.scoring_groups(groups, SPANISH_SYNONYMS, "es")
    illness = next(group for group in scoring if group.words == ("metastasico",))
    assert illness.alternatives[0][1] == audience.OTHER_NAMES
    asking_what = audience.scoring_groups(groups_of("mi esposa tiene cancer metastasico que es", SPANISH_SYNONYMS, "es"),
                                          SPANISH_SYNONYMS, "es")
    assert next(group for group in asking_what if group.words == ("metastasico",)).alternatives[0][1] == 1.0


@pytest.mark.parametrize("text", ["my mum told me stage four what is it", "my mum has mbc what is that"])
def test_a_caregiver_asking_something_besides_help_keeps_the_illness_name_typed_at_its_weight(text):
    scoring = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en")
    illness = next(group for group in scoring if group.words in (("stage", "four"), ("mbc",)))
    assert illness.alternatives[0][1] == 1.0


def test_a_caregivers_help_search_finds_the_page_for_families_even_where_the_other_says_the_name_typed(two_pages):
    assert pages_found("how can i help my wife with stage 4 breast cancer")[0] == "/topics/family/"
    assert pages_found("what is stage 4 breast cancer")[0] == "/topics/names/"


@pytest.mark.parametrize("text, need, alternative", [
    ("unpaid leave to look after my wife", ("unpaid", "leave"), ("work",)),
    ("how rare is it", ("how", "rare"), ("common",)),
    ("her treatment choices", ("choices",), ("option",)),
    ("what to expect near the end", ("near", "end"), ("hospic",)),
])
def test_a_need_in_its_own_words_reaches_the_words_the_pages_use(text, need, alternative):
    group = next(group for group in groups_of(text, SHIPPED) if group.words == need)
    assert alternative in [terms for terms, _ in group.alternatives]
    assert not group.soft


@pytest.mark.parametrize("text, required", [
    ("what are her treatment choices now", {"treatment", "choices"}),
    ("teenager here my mom has mbc", {"mbc"}),
    ("help my girlfriend through stage 4", {"stage", "4"}),
])
def test_words_placing_the_asker_are_optional(text, required):
    assert required_words(groups_of(text, SHIPPED)) == required


@pytest.mark.django_db
def test_a_relation_the_pages_never_say_is_not_corrected_into_another_word(site_index):
    assert search("my nan has secondary breast cancer").did_you_mean is None
    assert search("my big sis has mets").did_you_mean is None  # "sis" became "six"
    assert search("what are the chances she sees christmas").did_you_mean is None  # "chances" became "cancer"
    assert search("how to help fiance").did_you_mean is None  # "fiance" became "face"
    assert search("grieving before shes gone").did_you_mean is None  # "shes" became "she"


@pytest.mark.parametrize("text, phrasing", [
    ("how do i support my wife with mbc", {"support"}),
    ("best way to help a neighbour with secondary breast cancer", {"best", "way"}),
    ("my best friend has mbc what help is there for her and the people around her", {"people", "around"}),
])
def test_in_a_caregivers_question_its_own_words_outside_the_sites_vocabulary_are_context(text, phrasing):
    # Words no synonym names, no relation and not the illness: how the question is asked. They
    # still score, at the context weight, but no page has to contain them, so the page for
    # those caring is not passed over for the one page that says "best" or "way".
    scoring = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en")
    asked = [group for group in scoring if set(group.words) & phrasing]
    assert asked and all(group.soft for group in asked)
    assert all(weight <= audience.OTHER_NAMES for group in asked for _, weight in group.alternatives)
    assert not phrasing & required_words(scoring)


def test_in_a_caregivers_question_a_word_naming_one_page_is_what_is_asked():
    # "alliance" is in one page's title: the question is about that page, not how it is asked.
    text = "what is the metastatic breast cancer alliance can it help my family"
    named = frozenset({"allianc", "help"})
    scoring = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en", words(text), named)
    assert "alliance" in required_words(scoring)
    # Without the page's name it is phrasing; and a word asking for help is never a page's name.
    assert "alliance" not in required_words(audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en", words(text)))
    assert "help" not in required_words(scoring)


@pytest.mark.django_db
def test_the_words_naming_one_page_come_from_the_titles_of_the_live_pages(site_content):
    named = title_terms("en")
    assert {"allianc", "prognosi", "hospic"} <= named
    assert "metastat" not in named and "cancer" not in named  # in many titles
    assert "alianz" in title_terms("es")  # Spanish titles, in Spanish terms


def test_a_caregivers_words_without_a_question_are_what_is_asked():
    # "carer support" asks for support for carers: with no question word, "support" is the need.
    scoring = audience.scoring_groups(groups_of("carer support", SHIPPED), SHIPPED, "en")
    assert "support" in required_words(scoring)


def test_a_caregivers_question_naming_a_need_keeps_the_need_required():
    scoring = audience.scoring_groups(groups_of("what are the chances my mother in law sees another christmas",
                                                SHIPPED), SHIPPED, "en")
    assert required_words(scoring) == {"chances"}


def test_a_relation_the_synonyms_do_not_list_stands_for_the_pages_words_for_family():
    stepmother = next(group for group in groups_of("my stepmother has mbc", SHIPPED) if group.words == ("stepmother",))
    assert {("famili",), ("love", "on")} <= {terms for terms, _ in stepmother.alternatives}
    assert stepmother.soft and stepmother.alternatives[0] == (("stepmoth",), 1.0)
    madrastra = next(group for group in groups_of("mi madrastra tiene cancer", SHIPPED_ES, "es")
                     if group.words == ("madrastra",))
    assert ("famili",) in {terms for terms, _ in madrastra.alternatives}


def test_a_caregivers_question_with_nothing_else_to_require_requires_the_people_it_is_about():
    # Every other word is how help is asked for; requiring them all found one page that said "ways".
    scoring = audience.scoring_groups(groups_of("ways to help my dad care for mum", SHIPPED), SHIPPED, "en")
    assert required_words(scoring) == {"dad", "mum"}


def test_with_a_need_named_the_illness_and_the_words_around_the_need_are_context():
    scoring = audience.scoring_groups(groups_of("partner has advanced breast cancer and im not coping", SHIPPED),
                                      SHIPPED, "en")
    assert required_words(scoring) == {"coping"}
    assert page_wide_words(scoring) == {"advanced"}  # the illness still named some way, on the page
    context = [group for group in scoring if set(group.words) & {"advanced", "breast", "cancer", "not"}]
    assert all(weight <= audience.OTHER_NAMES for group in context for _, weight in group.alternatives)


def test_what_do_i_do_asks_for_help_though_do_is_a_word_search_drops():
    text = "boyfriends mum has stage 4 what do i do"
    asking = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en", words(text))
    illness = next(group for group in asking if group.words == ("stage", "4"))
    assert illness.alternatives[0][1] == audience.OTHER_NAMES
    # Without the words as typed, "what" alone asks what the illness is.
    plain = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en")
    assert next(group for group in plain if group.words == ("stage", "4")).alternatives[0][1] == 1.0


@pytest.mark.parametrize("text", ["how can i help her", "what can i do to help", "how do i support him"])
def test_a_search_asking_only_how_to_help_looks_for_the_pages_words_for_family(text):
    scoring = audience.scoring_groups(groups_of(text, SHIPPED), SHIPPED, "en", words(text))
    assert required_words(scoring) == {"family"}


@pytest.mark.parametrize("text", ["where can i get help", "how can you help me", "help"])
def test_asking_for_help_for_oneself_is_not_asking_how_to_help(text):
    groups = groups_of(text, SHIPPED)
    scoring = audience.scoring_groups(groups, SHIPPED, "en", words(text))
    assert "family" not in required_words(scoring)


def test_someone_asking_how_to_help_finds_the_page_for_families(two_pages):
    assert pages_found("how can i help her")[0] == "/topics/family/"


@pytest.mark.django_db
def test_a_misspelt_relation_is_corrected_to_the_relation_though_no_page_says_it(site_index):
    assert search("goddauhgter has stage 4").did_you_mean == "goddaughter has stage 4"
    assert audience.is_caregivers(groups_of("goddaughter has stage 4", SHIPPED), "en")
