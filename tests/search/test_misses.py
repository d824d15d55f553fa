"""What people did not find: counted without anything that could identify them."""
import pytest
from django.urls import reverse

from mbcinfo.search.misses import record_miss
from mbcinfo.search.models import MissedQuery

pytestmark = pytest.mark.django_db


def test_a_search_with_no_results_is_counted_by_its_normalised_words(client, site_index):
    client.get("/search/", {"q": "Xylophone  LESSONS"}, HTTP_USER_AGENT="Secret/1.0", REMOTE_ADDR="10.1.2.3")
    client.get("/search/", {"q": "xylophone lessons"})
    row = MissedQuery.objects.get()
    assert row.query == "xylophone lessons" and row.count == 2
    assert row.first_seen <= row.last_seen


def test_nothing_about_the_searcher_is_stored():
    fields = {field.name for field in MissedQuery._meta.get_fields()}
    assert fields == {"id", "query", "count", "first_seen", "last_seen"}


def test_searches_that_found_something_are_not_counted(client, site_index):
    client.get("/search/", {"q": "hospice"})
    client.get("/search/", {"q": "hospice"})
    assert not MissedQuery.objects.exists()


def test_counting_is_off_with_one_setting(client, site_index, settings):
    settings.SEARCH_RECORD_MISSES = False
    client.get("/search/", {"q": "xylophone"})
    assert not MissedQuery.objects.exists()


def test_queries_over_100_characters_are_not_kept(site_index):
    assert not record_miss("x" * 101)
    assert record_miss("y" * 100)
    assert list(MissedQuery.objects.values_list("query", flat=True)) == ["y" * 100]


@pytest.mark.parametrize("text", ["jane.doe@example.org", "call me on 0161 496 0000", "+1 (555) 010-9999"])
def test_email_addresses_and_phone_numbers_are_never_kept(text):
    assert not record_miss(text)
    assert not MissedQuery.objects.exists()


def test_editors_see_the_list_in_the_admin_most_searched_first(admin_client):
    record_miss("chemo brain")
    for _ in range(3):
        record_miss("scalp cooling")
    response = admin_client.get(reverse("admin:search_missedquery_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("scalp cooling") < html.index("chemo brain")
    assert admin_client.get(reverse("admin:search_missedquery_add")).status_code == 403
