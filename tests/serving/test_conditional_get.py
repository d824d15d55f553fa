"""Pages the page cache does not keep still answer conditional GETs (ConditionalGetMiddleware):
a visitor who has the page gets 304 Not Modified, with no body."""
import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db
UNCACHED_PAGES = ["/glossary/", "/topics/treatment/print/", "/offline/", "/search/?q=hospice"]


@pytest.mark.parametrize("path", UNCACHED_PAGES)
def test_a_page_the_visitor_already_has_answers_304(client, site_content, path):
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_changed_page_is_sent_again_in_full(client, site_content):
    first = client.get("/search/?q=hospice")
    other = client.get("/search/?q=palliative", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200 and other["ETag"] != first["ETag"]


def test_search_results_keep_their_private_cache_control(client, site_content):
    assert client.get("/search/?q=hospice")["Cache-Control"] == "private, no-cache"


def test_pages_seen_signed_in_get_no_etag(client, site_content):
    """They are no-store (SignedInNoStoreMiddleware): nothing may keep them to ask about later."""
    client.force_login(User.objects.create_user("editor", is_staff=True))
    response = client.get("/glossary/")
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")
