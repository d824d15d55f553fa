"""Requests that used to render the page afresh each time, bypassing the page cache: a made-up
session cookie, OPTIONS and TRACE, and a Host naming a port of the client's choosing."""
import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

import mbcinfo.errorpages
import mbcinfo.topics.views
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db
PAGES = ["/", "/topics/treatment/"]


@pytest.fixture
def rendered_views(monkeypatch):
    """Pages the topic views and the not-found page rendered (a cache hit renders none)."""
    rendered = []
    real = mbcinfo.topics.views.render

    def counting(request, template, *args, **kwargs):
        rendered.append(template)
        return real(request, template, *args, **kwargs)

    monkeypatch.setattr(mbcinfo.topics.views, "render", counting)
    monkeypatch.setattr(mbcinfo.errorpages, "render", counting)
    return rendered


def with_cookie(value):
    visitor = Client()
    visitor.cookies["sessionid"] = value
    return visitor


@pytest.mark.parametrize("path", PAGES)
def test_a_made_up_session_cookie_is_served_from_the_cache(client, site_index, rendered_views, path):
    page = client.get(path)
    assert len(rendered_views) == 1
    for cookie in ("made-up-session-key-0123456789abcdef", "x", "a" * 40):
        response = with_cookie(cookie).get(path)
        assert response.status_code == 200 and response.content == page.content
    assert len(rendered_views) == 1


def test_a_made_up_session_cookie_on_an_empty_cache_renders_once_and_fills_it(site_index, rendered_views):
    first = with_cookie("made-up-session-key-0123456789abcdef").get("/topics/treatment/")
    again = with_cookie("another-made-up-key-0123456789abcdef").get("/topics/treatment/")
    assert first.status_code == again.status_code == 200
    assert len(rendered_views) == 1
    assert not first.cookies  # nothing set for an anonymous visitor, not even a deletion


def test_a_signed_out_session_cookie_is_served_from_the_cache(client, admin_client, site_index, rendered_views):
    client.get("/topics/treatment/")
    key = admin_client.cookies["sessionid"].value
    admin_client.logout()  # the session is gone from the store; a browser may still send the cookie
    assert with_cookie(key).get("/topics/treatment/").status_code == 200
    assert len(rendered_views) == 1


def test_a_signed_in_editor_is_never_served_a_cached_page(client, admin_client, site_index, rendered_views):
    client.get("/topics/treatment/")
    response = admin_client.get("/topics/treatment/")
    assert response.status_code == 200 and "ETag" not in response
    assert len(rendered_views) == 2


def test_a_signed_in_editor_never_fills_the_cache(client, admin_client, site_index, rendered_views):
    Topic.objects.filter(slug="treatment").update(status=Topic.Status.DRAFT)
    assert "Draft preview" in admin_client.get("/topics/treatment/").content.decode()
    assert admin_client.get("/").status_code == 200
    assert client.get("/topics/treatment/").status_code == 404
    home = client.get("/")
    assert "Draft preview" not in home.content.decode()
    assert len(rendered_views) == 4  # nothing the editor saw was kept for the anonymous visitor


def test_a_staff_member_without_any_permission_is_still_signed_in(client, site_index, rendered_views):
    """Any live session with a user in it bypasses the cache: only a visitor is anonymous."""
    helper = User.objects.create_user("helper", password="pw-0123456789", is_staff=True)
    staff = Client()
    staff.force_login(helper)
    client.get("/")
    staff.get("/")
    assert len(rendered_views) == 2


@pytest.mark.parametrize("path", PAGES)
def test_options_answers_without_rendering(client, site_index, rendered_views, path):
    response = client.options(path)
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""
    assert rendered_views == []


def test_options_from_a_host_not_allowed_is_refused(client, site_index, rendered_views):
    assert client.options("/", HTTP_HOST="evil.example").status_code == 400
    assert rendered_views == []


@pytest.mark.parametrize("path", [*PAGES, "/glossary/", "/search/?q=hospice", "/admin/", "/healthz",
                                  "/static/css/site.css", "/no-such-page/"])
def test_trace_is_refused_everywhere_without_rendering(client, site_index, rendered_views, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
    assert rendered_views == []


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
def test_a_port_in_the_host_makes_no_cache_entry_of_its_own_and_is_not_in_the_page(client, site_index, rendered_views):
    pages = [client.get("/topics/treatment/", HTTP_HOST=f"127.0.0.1:{port}") for port in (1, 8000, 54321, 80)]
    assert len(rendered_views) == 1
    for page in pages:
        html = page.content.decode()
        assert '<link rel="canonical" href="http://127.0.0.1/topics/treatment/">' in html
        assert "127.0.0.1:" not in html


@override_settings(ALLOWED_HOSTS=["www.example.org", "127.0.0.1", "10.0.0.5"],
                   PUBLIC_ORIGIN="https://www.example.org")
def test_the_configured_public_origin_names_every_page_whatever_the_host(client, site_index, rendered_views):
    for host in ("www.example.org", "127.0.0.1:8000", "10.0.0.5", "WWW.EXAMPLE.ORG:443"):
        html = client.get("/topics/treatment/", HTTP_HOST=host).content.decode()
        assert '<link rel="canonical" href="https://www.example.org/topics/treatment/">' in html
        assert "127.0.0.1" not in html and "10.0.0.5" not in html
    assert len(rendered_views) == 1
    assert client.get("/topics/treatment/", HTTP_HOST="evil.example").status_code == 400


@override_settings(ALLOWED_HOSTS=["www.example.org", "127.0.0.1"], PUBLIC_ORIGIN="https://www.example.org")
def test_the_sitemap_and_robots_name_the_configured_public_origin(client, site_index):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "<loc>https://www.example.org/topics/treatment/</loc>" in sitemap and "127.0.0.1" not in sitemap
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "Sitemap: https://www.example.org/sitemap.xml" in robots


@pytest.mark.parametrize("path", ["/", "/topics/treatment/", "/glossary/", "/topics/treatment/print/"])
def test_pages_seen_signed_in_are_marked_no_store_and_anonymous_ones_are_not(client, admin_client, site_index, path):
    signed_in = admin_client.get(path)
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"] and "private" in signed_in["Cache-Control"]
    anonymous = client.get(path)
    assert "no-store" not in anonymous.get("Cache-Control", "")
    assert "Cookie" not in anonymous.get("Vary", "")


def test_a_draft_previewed_signed_in_is_marked_no_store(admin_client, site_index):
    Topic.objects.filter(slug="treatment").update(status=Topic.Status.DRAFT)
    preview = admin_client.get("/topics/treatment/")
    assert "Draft preview" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
