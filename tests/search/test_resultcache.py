"""Search results are cached per index generation: asked again, answered without searching;
content changed, searched afresh; found nothing, still counted."""
import shutil

import pytest
from django.urls import reverse

from mbcinfo.search import engine, index
from mbcinfo.search.engine import search
from mbcinfo.search.models import MissedQuery
from mbcinfo.topics.loader import load_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch):
    """Every search actually run on the index, as (query, page)."""
    ran = []
    real = engine._search_index

    def counting(opened, parsed, synonyms, page, per_page):
        ran.append((parsed.text, page))
        return real(opened, parsed, synonyms, page, per_page)

    monkeypatch.setattr(engine, "_search_index", counting)
    return ran


def test_the_same_search_again_is_answered_from_the_cache(site_index, searches):
    first = search("hospice")
    again = search("  hospice ")  # the same words once cleaned
    assert first.source == again.source == "index" and first.total > 0
    assert [hit.url for hit in again.hits] == [hit.url for hit in first.hits]
    assert searches == [("hospice", 1)]
    search("cancer", page=2)
    search("cancer", page=1)
    search("cancer", page=2)
    assert searches == [("hospice", 1), ("cancer", 2), ("cancer", 1)]


def test_a_content_change_gives_fresh_results(tmp_path, settings, searches, django_capture_on_commit_callbacks):
    directory = tmp_path / "content"
    shutil.copytree(settings.BASE_DIR / "content", directory)
    assert load_directory(directory).ok
    index.rebuild()
    assert search("zebrafish").total == 0
    assert search("zebrafish").total == 0
    assert len(searches) == 1
    page = directory / "palliative-care.md"
    page.write_text(page.read_text().replace("The goal is also as much dignity as possible.",
                                             "The goal is also as much dignity as possible. Zebrafish."))
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(directory).updated == ["palliative-care"]
    result = search("zebrafish")
    assert result.source == "index" and result.total == 1
    assert result.hits[0].url.startswith("/topics/palliative-care/")
    assert len(searches) == 2


def test_a_search_that_found_nothing_is_counted_each_time_even_from_the_cache(client, site_index, searches):
    for _ in range(3):
        response = client.get(reverse("search:results"), {"q": "xylophone"})
        assert response.status_code == 200 and "No results for" in response.content.decode()
    assert searches == [("xylophone", 1)]
    assert MissedQuery.objects.get(query="xylophone").count == 3


def test_cached_results_are_not_shared_beyond_the_process(settings):
    # Search terms are health data: the cache must be this process's memory, never a shared store.
    assert settings.CACHES["search"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
