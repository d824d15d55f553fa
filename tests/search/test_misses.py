"""What people did not find: counted without anything that could identify them."""
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

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


@pytest.mark.parametrize("text", [
    "020/7946/0958", "020x7946x0958", "794 609", "jane.doe(at)example.org", "jane.doe&#64;example.org",
    "born 12/05/1962 lump", "jane doe sw1a 1aa tamoxifen", "https://example.org/reset?token=abc123"])
def test_searches_that_could_identify_someone_are_neither_stored_nor_shown(client, admin_client, site_index, text):
    assert client.get("/search/", {"q": text}).status_code == 200
    assert not MissedQuery.objects.exists()
    assert text.split()[0] not in admin_client.get(reverse("admin:search_missedquery_changelist")).content.decode()


@pytest.mark.parametrize("text", ["stage 4 scalp cooling", "her2 low trials", "brca1 carriers", "cdk4/6 diarrhoea",
                                  "ca 27.29 rising", "ki67 20%", "capecitabine 1000 mg"])
def test_health_searches_with_numbers_are_still_counted(text):
    assert record_miss(text, client="198.51.100.7")
    assert MissedQuery.objects.get().query == text


def test_a_health_search_that_found_nothing_is_counted_through_the_search_page(client, site_index):
    client.get("/search/", {"q": "brca1 xylophone"})
    assert MissedQuery.objects.get().query == "brca1 xylophone"


def test_one_client_adds_at_most_its_hourly_allowance_and_others_still_count(client, site_index, settings):
    allowed = settings.SEARCH_MISSES_PER_CLIENT_PER_HOUR
    for number in range(allowed + 1):
        client.get("/search/", {"q": f"xylophone qz{number}"}, REMOTE_ADDR="198.51.100.7")
    assert MissedQuery.objects.count() == allowed  # the one over the allowance was not kept
    client.get("/search/", {"q": "marimba lessons"}, REMOTE_ADDR="203.0.113.9")
    assert MissedQuery.objects.filter(query="marimba lessons").exists()


def test_the_allowance_follows_the_client_behind_the_load_balancer(client, site_index, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    allowed = settings.SEARCH_MISSES_PER_CLIENT_PER_HOUR
    for number in range(allowed):
        client.get("/search/", {"q": f"xylophone qz{number}"},
                   REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The same visitor, trying to pass for another by writing its own X-Forwarded-For entry.
    client.get("/search/", {"q": "xylophone again"}, REMOTE_ADDR="10.0.0.2",
               HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    assert not MissedQuery.objects.filter(query="xylophone again").exists()
    # Another visitor through the same balancer still counts.
    client.get("/search/", {"q": "marimba lessons"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert MissedQuery.objects.filter(query="marimba lessons").exists()


def test_identifying_searches_kept_before_are_deleted_by_the_migration():
    migration = importlib.import_module("mbcinfo.search.migrations.0002_forget_identifying_misses")
    for text in ("020/7946/0958", "jane.doe(at)example.org", "scalp cooling", "stage 4 diet"):
        MissedQuery.objects.create(query=text, last_seen=timezone.now())
    migration.forget_identifying(apps, None)
    assert sorted(MissedQuery.objects.values_list("query", flat=True)) == ["scalp cooling", "stage 4 diet"]
