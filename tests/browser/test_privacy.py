"""Privacy in Chromium: nothing is fetched from another origin, and no cookie is set for an
anonymous visitor, on any page type, with the service worker running as for a real reader."""
from urllib.parse import urlsplit

import pytest

from .conftest import SEARCH_PATHS, content_slugs, page_paths

pytestmark = pytest.mark.browser


def visit_every_page(site, page):
    paths = [path for _, path in page_paths(content_slugs())] + ["/search/" + query for _, query in SEARCH_PATHS]
    for path in paths:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return paths


def test_no_request_leaves_the_sites_origin(site, new_page):
    page = new_page("phone", service_workers="allow")
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    visited = visit_every_page(site, page)
    origin = urlsplit(site)[:2]
    elsewhere = [url for url in requested if urlsplit(url)[:2] != origin and not url.startswith(("data:", "blob:"))]
    assert len(requested) > len(visited)  # pages, and their CSS, JS and the service worker's fetches
    assert elsewhere == []


def test_no_cookie_is_set_for_an_anonymous_visitor(site, new_page):
    page = new_page("desktop", service_workers="allow")
    set_cookie = []
    page.context.on("response", lambda response: set_cookie.extend(
        [response.url] if response.header_value("set-cookie") else []))
    visit_every_page(site, page)
    assert page.context.cookies() == []
    assert set_cookie == []
    assert page.evaluate("document.cookie") == ""
