"""Caregivers' searches find the right page first (tests/search/relevance.yaml)."""
from pathlib import Path

import pytest
import yaml

from mbcinfo.search.engine import search

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text())


def rank_of(case):
    pages = [hit.url.split("/")[2] for hit in search(case["query"]).hits]
    return pages.index(case["page"]) + 1 if case["page"] in pages else None


def test_the_relevance_set_covers_typos_synonyms_questions_and_uk_and_us_wording():
    assert len(CASES) >= 40
    kinds = {case["kind"] for case in CASES}
    assert {"typo", "synonym", "question", "uk", "us"} <= kinds


@pytest.mark.django_db
def test_the_right_page_comes_first_for_at_least_nine_in_ten(site_index):
    ranks = {case["query"]: rank_of(case) for case in CASES}
    misses = {query: rank for query, rank in ranks.items() if rank != 1}
    success = 1 - len(misses) / len(CASES)
    assert success >= 0.9, misses


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
