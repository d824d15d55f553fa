"""Public pages are cached per content generation and answer conditional GETs."""
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django.utils.http import http_date

from mbcinfo.serving.pagecache import CACHE_ALIAS
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import ContentGeneration, Topic

pytestmark = pytest.mark.django_db
TITLE = "Can metastatic breast cancer be treated?"


def test_a_cached_page_costs_one_query_and_is_the_same_page(client, site_index, django_assert_num_queries):
    first = client.get("/topics/treatment/")
    with django_assert_num_queries(1):  # the content generation, nothing else
        second = client.get("/topics/treatment/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "no-cache"


def test_loading_changed_content_shows_at_the_very_next_request(client, db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    assert load_directory(content).ok
    assert TITLE in client.get("/topics/treatment/").content.decode()
    assert TITLE in client.get("/").content.decode()

    page = content / "treatment.md"
    page.write_text(page.read_text().replace(f"title: {TITLE}", "title: Treatment, changed", 1))
    assert load_directory(content).updated == ["treatment"]

    for url in ("/topics/treatment/", "/"):
        html = client.get(url).content.decode()
        assert "Treatment, changed" in html and TITLE not in html, url


def test_a_change_committed_by_another_process_empties_this_process_cache(client, site_index):
    """Another server's transaction, as this process sees it: new rows and a new generation."""
    assert TITLE in client.get("/topics/treatment/").content.decode()
    with transaction.atomic():
        Topic.objects.filter(slug="treatment").update(title="Changed elsewhere")
        ContentGeneration.bump()
    assert "Changed elsewhere" in client.get("/topics/treatment/").content.decode()


def test_a_change_without_a_new_generation_is_not_seen_which_is_why_every_writer_bumps(client, site_index):
    assert TITLE in client.get("/topics/treatment/").content.decode()
    Topic.objects.filter(slug="treatment").update(title="Changed behind the cache's back")
    assert TITLE in client.get("/topics/treatment/").content.decode()


def test_the_etag_answers_304_until_content_changes(client, site_index):
    etag = client.get("/topics/treatment/")["ETag"]
    not_modified = client.get("/topics/treatment/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    with transaction.atomic():
        Topic.objects.filter(slug="treatment").update(title="Newer")
        ContentGeneration.bump()
    fresh = client.get("/topics/treatment/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag


def test_last_modified_is_when_content_last_changed_and_answers_304(client, site_index):
    _, changed = ContentGeneration.stamp()
    response = client.get("/")
    assert response["Last-Modified"] == http_date(changed.timestamp())
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_a_head_request_is_answered_from_the_cache(client, site_index, django_assert_num_queries):
    page = client.get("/")
    with django_assert_num_queries(1):
        response = client.head("/")
    assert response.status_code == 200 and response["ETag"] == page["ETag"]
    assert response.content == b"" and response["Content-Length"] == str(len(page.content))


def test_the_query_string_does_not_make_a_new_cache_entry(client, site_index, django_assert_num_queries):
    client.get("/topics/treatment/")
    with django_assert_num_queries(1):
        assert client.get("/topics/treatment/?utm_source=newsletter").status_code == 200


def test_editors_with_a_session_are_never_served_or_cached(client, admin_client, site_index):
    Topic.objects.filter(slug="treatment").update(status=Topic.Status.DRAFT)
    preview = admin_client.get("/topics/treatment/")
    assert "Draft preview" in preview.content.decode()
    assert "ETag" not in preview
    assert client.get("/topics/treatment/").status_code == 404


def test_not_found_pages_are_not_cached(client, site_index):
    client.get("/topics/no-such-page/")
    client.get("/topics/no-such-page/")
    assert not caches[CACHE_ALIAS]._cache  # LocMemCache's store: nothing was kept


@override_settings(PAGE_CACHE_GENERATION_SECONDS=3600)
def test_a_process_trusts_the_generation_it_read_for_the_configured_window(client, site_index,
                                                                           django_assert_num_queries):
    """Production reads the generation at most once a second per process; here, once an hour."""
    client.get("/topics/treatment/")
    with django_assert_num_queries(0):
        assert client.get("/topics/treatment/").status_code == 200
    with transaction.atomic():  # another server's change: this process is not told
        Topic.objects.filter(slug="treatment").update(title="Changed elsewhere")
        ContentGeneration.bump()
    assert TITLE in client.get("/topics/treatment/").content.decode()
    with override_settings(PAGE_CACHE_GENERATION_SECONDS=0):  # the window is over
        assert "Changed elsewhere" in client.get("/topics/treatment/").content.decode()


@override_settings(PAGE_CACHE_GENERATION_SECONDS=3600)
def test_a_change_loaded_by_this_process_shows_at_once_whatever_the_window(
        client, db, tmp_path, django_capture_on_commit_callbacks):
    """content_changed (sent once the load commits) tells this process to read the generation."""
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(content).ok
    assert TITLE in client.get("/topics/treatment/").content.decode()
    page = content / "treatment.md"
    page.write_text(page.read_text().replace(f"title: {TITLE}", "title: Treatment, changed", 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert load_directory(content).updated == ["treatment"]
    assert "Treatment, changed" in client.get("/topics/treatment/").content.decode()


def test_a_title_saved_in_the_admin_shows_on_the_cached_public_page(client, admin_client, site_index,
                                                                  django_capture_on_commit_callbacks):
    from tests.admin_forms import admin_data

    assert TITLE in client.get("/topics/treatment/").content.decode()
    topic = Topic.objects.get(slug="treatment")
    form = admin_data(topic, title="Saved in the admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/topics/topic/{topic.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Topic.objects.get(pk=topic.pk).title == "Saved in the admin"
    assert "Saved in the admin" in client.get("/topics/treatment/").content.decode()


def test_a_host_that_is_not_allowed_gets_400_even_for_a_cached_page(client, site_index):
    assert client.get("/topics/treatment/").status_code == 200  # now cached
    assert client.get("/topics/treatment/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@override_settings(ALLOWED_HOSTS=["www.example.org", "127.0.0.1"])
def test_each_allowed_host_has_its_own_cached_copy_naming_it(client, site_index):
    """A health check by address must not leave its host in the page every visitor is given."""
    client.get("/topics/treatment/", HTTP_HOST="127.0.0.1")
    page = client.get("/topics/treatment/", HTTP_HOST="www.example.org").content.decode()
    assert "//www.example.org/topics/treatment/" in page
    assert "127.0.0.1" not in page


@override_settings(ALLOWED_HOSTS=["www.example.org"])
def test_spellings_of_one_host_share_one_canonical_address_and_one_cached_copy(client, site_index,
                                                                              django_assert_num_queries):
    first = client.get("/topics/treatment/", HTTP_HOST="WWW.Example.ORG:80").content.decode()
    assert 'rel="canonical" href="http://www.example.org/topics/treatment/"' in first
    with django_assert_num_queries(1):  # the content generation only: served from the cache
        again = client.get("/topics/treatment/", HTTP_HOST="www.example.org")
    assert again.content.decode() == first
