"""Caregivers' searches find the right page first.

Two sets: relevance.yaml is the tuning set (the field weights were tuned on it, so passing it
proves little on its own); relevance-heldout.yaml was written from the pages before any of its
searches was run, and nothing is tuned on it.

The Spanish pages have the same pair: relevance-es.yaml (Spanish analysis and synonyms may be
tuned on it) and relevance-es-heldout.yaml (never tuned on), both written, as a Spanish-speaking
caregiver types, before any of their searches was run.
"""
from pathlib import Path

import pytest
import yaml

from mbcinfo.search.documents import slug_of_url
from mbcinfo.search.engine import search
from mbcinfo.topics.models import Topic

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text())
ALL_HELD_OUT = yaml.safe_load((Path(__file__).parent / "relevance-heldout.yaml").read_text())
# The latest caregiver sets were written after every round of changes for caregivers, and are
# scored on their own, so their level is seen apart from the first held-out set's
# (bench/RESULTS.md).
LATEST_CAREGIVER_SETS = [case for case in ALL_HELD_OUT
                         if case.get("added") in ("caregiver-heldout-11", "caregiver-heldout-12")]
HELD_OUT = [case for case in ALL_HELD_OUT if case not in LATEST_CAREGIVER_SETS]
# The second to tenth sets of caregiver searches, written as held-out searches; in the tuning
# set since their misses were read (bench/RESULTS.md). The seventh to tenth were read last, and
# only the words their misses showed search did not know were added for them: they are scored
# apart from the rest of the tuning set.
SECOND_CAREGIVER_SET = [case for case in CASES if case.get("added") == "caregiver-heldout-2"]
CAREGIVER_SETS_READ = {number: [case for case in CASES if case.get("added") == f"caregiver-heldout-{number}"]
                       for number in range(3, 11)}
LAST_READ = [case for number in range(7, 11) for case in CAREGIVER_SETS_READ[number]]
TUNED = [case for case in CASES if case not in LAST_READ]
# The same need asked by the patient and by a relative or carer, in sets of 24 pairs
# (relevance-paired.yaml): {set name: [(the patient's case, the caregiver's case)]}.
PAIRED = yaml.safe_load((Path(__file__).parent / "relevance-paired.yaml").read_text())
PAIR_SETS = {}
for _case in PAIRED:
    PAIR_SETS.setdefault(_case["added"], {}).setdefault(_case["pair"], {})[_case["who"]] = _case
PAIR_SETS = {name: [(pair["patient"], pair["caregiver"]) for _, pair in sorted(pairs.items())]
             for name, pairs in PAIR_SETS.items()}
SPANISH = yaml.safe_load((Path(__file__).parent / "relevance-es.yaml").read_text())
SPANISH_HELD_OUT = yaml.safe_load((Path(__file__).parent / "relevance-es-heldout.yaml").read_text())


def rank_of(case, language="en"):
    pages = [slug_of_url(hit.url) for hit in search(case["query"], language=language).hits]
    return pages.index(case["page"]) + 1 if case["page"] in pages else None


def test_the_relevance_set_covers_typos_synonyms_questions_uk_and_us_wording_and_caregivers():
    assert len(CASES) >= 40
    kinds = {case["kind"] for case in CASES}
    assert {"typo", "synonym", "question", "uk", "us", "family", "caregiver"} <= kinds


@pytest.mark.django_db
def test_the_right_page_comes_first_for_nineteen_in_twenty_of_the_tuning_set(site_index):
    # 68 of 71 when the caregiver searches written with the caregiver page joined the set; 86 of
    # 95 when the second caregiver set joined, 91 of 95 once a caregiver's need decided the page;
    # 106 of 119 when the third joined, 117 of 119 once every relation was declared and a search
    # asking only for help weighed the illness as context; 132 of 143 when the fourth joined, 183
    # of 191 once the fifth and sixth had joined and judged two more rounds (bench/RESULTS.md).
    success, misses = success_at_1(TUNED)
    assert success >= 0.95, misses


@pytest.mark.django_db
def test_the_right_page_comes_first_for_eighty_eight_of_the_last_four_caregiver_sets_read(site_index):
    # Run once as written: the seventh and eighth 36 of 48, the ninth and tenth 39 of 48 (30 and
    # 31 on the code before the rounds they judged). 85 of 96 once search knew the words their
    # misses showed it did not (relations, "shes", grief, anger, "timeframe", "out of pain"); 88
    # once everyday words were no longer "corrected". Below nineteen in twenty; pinned so they
    # cannot fall unseen.
    assert len(LAST_READ) == 96
    success, misses = success_at_1(LAST_READ)
    assert success >= 88 / 96, misses


@pytest.mark.django_db
def test_the_right_section_comes_first_where_one_is_named(site_index):
    for case in (c for c in CASES if "section" in c):
        hit = search(case["query"]).hits[0]
        assert hit.url == f"/topics/{case['page']}/#{case['section']}", case["query"]


@pytest.mark.django_db
def test_the_database_fallback_still_finds_most_right_pages(site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    assert search("hospice").source == "database"
    correct = sum(rank_of(case) == 1 for case in CASES)
    assert correct / len(CASES) >= 0.6


def success_at_1(cases, language="en"):
    """(share of cases whose page comes first, {query: rank or None} for the others)."""
    misses = {case["query"]: rank for case in cases if (rank := rank_of(case, language)) != 1}
    return 1 - len(misses) / len(cases), misses


def test_the_held_out_set_has_at_least_forty_caregiver_searches_none_from_the_tuning_set():
    assert len(HELD_OUT) >= 40
    assert not {case["query"] for case in ALL_HELD_OUT} & {case["query"] for case in CASES}
    assert {"typo", "question", "family", "vague"} <= {case["kind"] for case in HELD_OUT}


def test_the_second_caregiver_set_names_relatives_and_caring_and_not_only_the_caregiver_page():
    assert len(SECOND_CAREGIVER_SET) >= 16
    assert {"family", "caregiver", "typo"} <= {case["kind"] for case in SECOND_CAREGIVER_SET}
    # Searches with one clear need keep that need's page: a lean toward caregivers can cost them.
    assert len({case["page"] for case in SECOND_CAREGIVER_SET}) >= 4


@pytest.mark.parametrize("number", sorted(CAREGIVER_SETS_READ))
def test_each_caregiver_set_read_is_in_the_tuning_set_whole_and_not_only_for_the_caregiver_page(number):
    assert len(CAREGIVER_SETS_READ[number]) == 24
    assert len({case["page"] for case in CAREGIVER_SETS_READ[number]}) >= 6


@pytest.mark.django_db
def test_the_index_puts_the_right_page_first_for_nineteen_in_twenty_held_out_searches(site_index):
    success, misses = success_at_1(HELD_OUT)
    assert success >= 0.95, misses


@pytest.mark.django_db
def test_the_index_puts_the_right_page_first_for_most_of_the_latest_caregiver_sets(site_index):
    # Measured once, as written: 37 of 48 (18 and 19), against 27 on the code before the rounds
    # they judge; 39 since long searches keep the words search knows and everyday words are no
    # longer "corrected". Below the first held-out set's nineteen in twenty, as the patients'
    # halves of the paired sets are too (relevance-paired.yaml, bench/RESULTS.md): searches
    # written fresh are harder than the first set. Pinned so they cannot fall unseen.
    assert len(LATEST_CAREGIVER_SETS) == 48
    success, misses = success_at_1(LATEST_CAREGIVER_SETS)
    assert success >= 39 / 48, misses


@pytest.mark.django_db
def test_the_database_fallback_puts_the_right_page_first_for_most_of_the_latest_caregiver_sets(site_content,
                                                                                               monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    assert search("hospice").source == "database"
    success, misses = success_at_1(LATEST_CAREGIVER_SETS)
    assert success >= 37 / 48, misses


@pytest.mark.django_db
def test_the_database_fallback_puts_the_right_page_first_for_four_in_five_held_out_searches(site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    assert search("hospice").source == "database"
    success, misses = success_at_1(HELD_OUT)
    assert success >= 0.8, misses


# --- The same need, asked by the patient and by those caring ---

def pairs_of(*names):
    return [pair for name in names for pair in PAIR_SETS[name]]


def halves_found(pairs):
    """(how many patients' searches find their page first, how many caregivers' searches do)."""
    return (sum(rank_of(patient) == 1 for patient, _ in pairs),
            sum(rank_of(caregiver) == 1 for _, caregiver in pairs))


def test_each_pair_asks_for_one_page_once_as_the_patient_and_once_as_someone_caring():
    assert set(PAIR_SETS) == {f"paired-{number}" for number in range(13, 21)}
    for name, pairs in PAIR_SETS.items():
        assert len(pairs) == 24, name
        assert all(patient["page"] == caregiver["page"] and patient["query"] != caregiver["query"]
                   for patient, caregiver in pairs)
        assert len({patient["page"] for patient, _ in pairs}) >= 10, name
    caregivers = " ".join(caregiver["query"].lower() for pairs in PAIR_SETS.values() for _, caregiver in pairs)
    for phrasing in ("my wife", "my mother", "caring for", "caregiver", "family"):
        assert phrasing in caregivers


@pytest.mark.django_db
@pytest.mark.parametrize("names, patients, caregivers", [
    # Measured: the thirteenth and fourteenth sets, run once as written, 38 and 36; the fifteenth
    # and sixteenth, run once after the changes the first two showed were needed, 42 and 41.
    (("paired-13", "paired-14"), 42, 40),
    (("paired-15", "paired-16"), 42, 41),
    # Held out: run once, as written, after every change above (33 and 38 on the code before);
    # 38 and 41 once the illness beside a need was asked of the page.
    (("paired-17", "paired-18"), 38, 41),
    # Run once as written, 39 and 38; then the illness beside a need was asked of the page.
    (("paired-19", "paired-20"), 41, 43),
])
def test_a_caregivers_phrasing_finds_the_page_as_often_as_the_patients_own(site_index, names, patients,
                                                                            caregivers):
    found = halves_found(pairs_of(*names))
    assert found[0] >= patients and found[1] >= caregivers
    assert found[1] >= found[0] - 2  # never more than two pairs in 48 behind the patients


@pytest.mark.django_db
def test_the_database_fallback_answers_caregivers_phrasings_as_well_as_patients_too(site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    assert search("hospice").source == "database"
    # Measured: 34 and 37 on the fifteenth and sixteenth sets, 32 and 35 on the held-out pair;
    # 37 and 38, and 38 and 38, once the illness beside a need was asked of the page.
    patients, caregivers = halves_found(pairs_of("paired-15", "paired-16"))
    assert caregivers >= patients - 2 and patients >= 37
    patients, caregivers = halves_found(pairs_of("paired-17", "paired-18"))
    assert caregivers >= patients - 2 and patients >= 38
    # The nineteenth and twentieth: 32 and 35 when first run, 40 and 37 now. Here the caregivers'
    # halves are three behind, one more than the index allows (bench/RESULTS.md).
    patients, caregivers = halves_found(pairs_of("paired-19", "paired-20"))
    assert patients >= 40 and caregivers >= 37


# --- Spanish ---

def test_the_spanish_sets_hold_forty_caregiver_searches_typed_without_accents_misspelt_or_as_questions():
    assert len(SPANISH) >= 40
    assert len(SPANISH_HELD_OUT) >= 20
    assert not {case["query"] for case in SPANISH} & {case["query"] for case in SPANISH_HELD_OUT}
    for cases in (SPANISH, SPANISH_HELD_OUT):
        assert {"unaccented", "typo", "question", "family"} <= {case["kind"] for case in cases}


@pytest.mark.django_db
def test_every_spanish_case_names_a_live_spanish_page(site_content):
    spanish = set(Topic.objects.live("es").values_list("slug", flat=True))
    assert {case["page"] for case in SPANISH + SPANISH_HELD_OUT} <= spanish


@pytest.mark.django_db
def test_the_index_puts_the_right_spanish_page_first_for_nine_in_ten_spanish_searches(site_index):
    success, misses = success_at_1(SPANISH, "es")
    assert success >= 0.9, misses


@pytest.mark.django_db
def test_the_index_puts_the_right_spanish_page_first_for_nine_in_ten_of_all_spanish_searches(site_index):
    success, misses = success_at_1(SPANISH + SPANISH_HELD_OUT, "es")
    assert success >= 0.9, misses


@pytest.mark.django_db
def test_the_index_puts_the_right_spanish_page_first_for_most_held_out_spanish_searches(site_index):
    # Below the 0.9 of the other sets: 21 of 24 when first run. The three misses come second or
    # later ("cuidar" shares the stem of "cuidados", so caring for someone reads as palliative
    # care; unknown words like "tía" and "esposa" count against every page). bench/RESULTS.md
    # keeps the figure; this pins it from falling further.
    success, misses = success_at_1(SPANISH_HELD_OUT, "es")
    assert success >= 0.85, misses


@pytest.mark.django_db
def test_spanish_searches_never_return_an_english_page_nor_english_ones_a_spanish_page(site_index):
    for case in SPANISH + SPANISH_HELD_OUT:
        assert all(hit.url.startswith("/es/temas/") for hit in search(case["query"], language="es").hits)
    for case in CASES + HELD_OUT:
        assert all(hit.url.startswith("/topics/") for hit in search(case["query"]).hits)
    for case in SPANISH:
        assert all(hit.url.startswith("/topics/") for hit in search(case["query"]).hits)


@pytest.mark.django_db
def test_the_database_fallback_puts_the_right_spanish_page_first_for_most_spanish_searches(site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    assert search("hospicio", language="es").source == "database"
    success, misses = success_at_1(SPANISH + SPANISH_HELD_OUT, "es")
    assert success >= 0.6, misses
