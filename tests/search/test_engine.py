"""Search behaviour on the real content: ranking rules, spelling, snippets, grouping."""
import pytest

from mbcinfo.search import index
from mbcinfo.search.engine import search
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db


def first_page(result):
    return result.hits[0].url.split("/")[2] if result.hits else None


def test_an_exact_title_puts_its_page_first_linking_to_the_top(site_index):
    result = search("Outlook (prognosis)")
    assert result.hits[0].url == "/topics/outlook/"
    result = search("how common is metastatic breast cancer?")
    assert result.hits[0].url == "/topics/how-common/"


def test_pages_with_all_the_words_come_before_pages_with_some(site_index):
    result = search("komen helpline money")
    assert result.matched_all
    assert first_page(result) in {"financial-help", "emotional-support"}
    assert all(not hit.missing for hit in result.hits)


def test_when_no_page_has_every_word_pages_with_most_of_them_answer(site_index):
    result = search("palliative care zebra")
    assert not result.matched_all
    assert first_page(result) == "palliative-care"
    assert result.hits[0].missing == ["zebra"]


def test_a_quoted_phrase_must_appear_as_written(site_index):
    assert search("hospice comfort").total > 0
    assert search('"hospice comfort"').total == 0
    assert first_page(search('"end of life"')) == "palliative-care"


def test_a_misspelt_word_is_corrected_and_offered_as_did_you_mean(site_index):
    result = search("paliative care")
    assert result.did_you_mean == "palliative care"
    assert first_page(result) == "palliative-care"


def test_did_you_mean_uses_whole_words_not_stems(site_index):
    result = search("hospise")
    assert result.did_you_mean == "hospice"


def test_correctly_spelt_and_synonym_words_are_not_corrected(site_index):
    for query in ("mets", "insurance", "counselling", "stage 4"):
        assert search(query).did_you_mean is None, query


def test_a_short_word_is_only_corrected_to_a_word_with_the_same_first_letter(site_index):
    # "wife" is one edit from "life" and "told" from "bold": real words the pages do not use.
    for query in ("my wife", "told", "dying"):
        assert search(query).did_you_mean is None, query
    assert search("pian").did_you_mean == "pain"  # a slip that keeps the first letter
    assert search("ospice").did_you_mean == "hospice"  # six letters or more: any slip


def test_synonyms_find_pages_that_use_other_words(site_index):
    assert first_page(search("secondary breast cancer")) == "what-is-metastatic-breast-cancer"
    assert first_page(search("help paying bills")) == "financial-help"


def test_results_link_to_the_best_section_and_list_other_matching_sections(site_index):
    result = search("hospice")
    hit = result.hits[0]
    assert hit.url == "/topics/palliative-care/#end-of-life-care-and-hospice"
    assert hit.heading == "End-of-life care and hospice"
    assert hit.section == "Treatment and care"
    assert all(url.startswith("/topics/palliative-care/#") for _, url in hit.more)


def test_each_page_appears_once_however_many_of_its_sections_match(site_index):
    result = search("metastatic breast cancer")
    urls = [hit.url.split("#")[0] for hit in result.hits]
    assert len(urls) == len(set(urls))
    assert len(urls) == min(result.total, 10)
    assert result.total <= Topic.objects.live().count()


def test_snippets_mark_the_matching_words(site_index):
    hit = search("hospice").hits[0]
    assert "<mark>hospice</mark>" in hit.snippet


def test_snippets_mark_one_word_synonyms_but_not_loose_words_of_phrase_synonyms(site_index):
    snippets = " ".join(hit.snippet for hit in search("palliative").hits)
    assert "<mark>hospice</mark>" in snippets  # a synonym of palliative
    assert "<mark>comfort</mark>" not in snippets  # only part of the synonym "comfort care"


def test_snippets_escape_stored_text(site_index):
    topic = Topic.objects.get(slug="palliative-care")
    topic.sections[1]["text"] = 'Palliative <script>alert("x")</script> & "comfort" care.'
    topic.save()
    index.rebuild()
    snippets = " ".join(hit.snippet for hit in search("palliative").hits)
    assert "<script>" not in snippets
    assert "&lt;script&gt;" in snippets
    assert "&amp;" in snippets


def test_stop_words_alone_find_nothing_and_do_not_fail(site_index):
    result = search("the of and")
    assert result.total == 0 and result.query == "the of and"


def test_an_empty_query_is_not_a_search(site_index):
    result = search("   ")
    assert result.query == "" and result.source == "none" and not result.hits


def test_pages_beyond_the_last_show_the_last(site_index):
    result = search("cancer", page=999)
    assert result.page == result.pages
    assert result.hits


def test_pagination_counts_pages_of_ten(site_index):
    result = search("cancer", per_page=3)
    assert result.total >= 7
    assert result.pages == -(-result.total // 3)
    second = search("cancer", page=2, per_page=3)
    assert {h.url for h in result.hits}.isdisjoint({h.url for h in second.hits})
    assert second.first_number == 4
    assert None not in second.page_numbers()[:2]


def test_withdrawn_and_draft_pages_are_never_found(site_index):
    Topic.objects.filter(slug="palliative-care").update(status=Topic.Status.DRAFT)
    Topic.objects.filter(slug="financial-help").update(withdrawn=True)
    index.rebuild()
    urls = [hit.url for hit in search("hospice palliative money bills").hits]
    urls += [hit.url for hit in search("hospice").hits]
    # The page's own address, not an anchor: another page's "#palliative-care-…" section may match.
    assert not {url.split("/")[2] for url in urls} & {"palliative-care", "financial-help"}


def test_stage_4_does_not_match_stage_3(db, settings, tmp_path):
    settings.SEARCH_SYNONYMS_FILE = tmp_path / "none.yaml"
    for slug, text in [("three", "Cancer at stage 3 is treated differently."),
                       ("four", "Cancer at stage 4 has spread.")]:
        Topic.objects.create(slug=slug, title=slug.title(), summary="A page.", body="-",
                             sections=[{"anchor": "part", "heading": "Part", "text": text}])
    index.rebuild()
    assert [hit.url for hit in search("stage 4").hits] == ["/topics/four/#part"]
    assert [hit.url for hit in search("stage 3").hits] == ["/topics/three/#part"]


def test_a_word_one_edit_from_a_word_of_the_synonyms_is_corrected_to_it(site_index):
    # The pages say "caregivers", two edits from "cargiver"; the synonyms say "caregiver", one.
    result = search("cargiver")
    assert result.did_you_mean == "caregiver"
    assert first_page(result) == "caring-for-someone"


def test_words_in_everyday_use_are_never_corrected_to_words_of_the_pages(site_index):
    # Each was "corrected" before: to "crying", "stage", "hope", "care", "talking", "site".
    for query in ("trying to help my sister", "out of state", "home", "car", "taking care of her", "sit down"):
        assert search(query).did_you_mean is None, query
    assert search("trying hospise").did_you_mean == "trying hospice"


def test_spanish_words_in_everyday_use_are_never_corrected_either(site_index):
    assert search("dieron", language="es").did_you_mean is None  # not "dinero"
    assert search("ospicio", language="es").did_you_mean == "hospicio"


def test_a_long_search_keeps_the_words_search_knows_and_names_those_left_out(site_index):
    # Twenty-two words: the need ("leave", "pay", words of the synonyms) comes after the twelfth.
    text = "a colleague is caring for his wife with metastatic breast cancer and has used up all his leave is there any help with lost pay"
    result = search(text)
    assert first_page(result) == "financial-help"
    assert result.left_out and set(result.left_out) <= set(text.split()) - {"leave", "pay"}
    assert not search("help with lost pay").left_out


def test_question_words_and_contractions_without_apostrophes_are_never_corrected(site_index):
    # "cant" one edit from "can" turned "can't work" into "can work".
    for query in ("caregiver cant work", "i dont know", "shall i call", "im scared"):
        assert search(query).did_you_mean is None, query


def test_when_no_page_has_a_required_word_pages_with_the_optional_words_answer(site_index):
    result = search("my mum xqzvbk")
    assert result.hits and not result.matched_all
    assert all(hit.missing == ["xqzvbk"] for hit in result.hits)
    assert search("xqzvbk").total == 0


def test_the_database_fallback_also_answers_with_the_optional_words_alone(site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    result = search("my mum xqzvbk")
    assert result.source == "database"
    assert result.hits and not result.matched_all
    assert search("xqzvbk").total == 0


@pytest.fixture
def need_and_illness(db, settings, tmp_path):
    """A page whose support-group section does not name the illness (its page does), a money
    page whose one section names the need and the illness, and a page that never names it."""
    synonyms = tmp_path / "synonyms.yaml"
    synonyms.write_text("- [metastatic, secondary, mbc]\n- [support group, counselling]\n")
    settings.SEARCH_SYNONYMS_FILE = synonyms
    pages = {
        "feelings": ("Emotional support", [
            ("living", "Living with it", "Metastatic breast cancer can bring fear and sadness."),
            ("groups", "Support groups", "A support group lets you talk. Ask your team for a support group."),
        ]),
        "money": ("Money", [
            ("counselors", "Financial counselors",
             "Financial counselors help with the costs of metastatic breast cancer, and may know of a support "
             "group for money worries, among the many other kinds of help a hospital can offer its patients."),
        ]),
        "elsewhere": ("Other illnesses", [
            ("groups", "Support groups", "A support group for any illness. Find a support group near you."),
        ]),
    }
    for slug, (title, sections) in pages.items():
        Topic.objects.create(slug=slug, title=title, summary="A page.",
                             body="\n\n".join(f"## {heading}\n\n{text}" for _, heading, text in sections),
                             sections=[{"anchor": anchor, "heading": heading, "text": text}
                                       for anchor, heading, text in sections])


NEED_AND_ILLNESS = "support group secondary breast cancer"


def test_beside_a_need_the_illness_may_be_anywhere_on_the_page_of_the_section_found(need_and_illness):
    index.rebuild()
    result = search(NEED_AND_ILLNESS)
    assert result.matched_all and result.source == "index"
    # The section naming both scores higher here, where few sections name the illness; the
    # page that never names it is not found.
    assert [hit.url for hit in result.hits] == ["/topics/money/#counselors", "/topics/feelings/#groups"]


def test_the_database_fallback_asks_the_illness_of_the_page_too(need_and_illness, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    result = search(NEED_AND_ILLNESS)
    assert result.matched_all and result.source == "database"
    # The database counts the illness for the page without scoring it: the section most about
    # the need comes first.
    assert [hit.url for hit in result.hits] == ["/topics/feelings/#groups", "/topics/money/#counselors"]


def test_with_some_words_a_page_lacking_the_illness_says_so(need_and_illness):
    index.rebuild()
    result = search("support group secondary xqzvbk")
    assert not result.matched_all
    missing = {hit.url: hit.missing for hit in result.hits}
    assert missing["/topics/feelings/#groups"] == ["xqzvbk"]
    assert missing["/topics/elsewhere/#groups"] == ["xqzvbk", "secondary"]
