"""The editor in a real browser (Debian's Chromium), under a strict Content-Security-Policy:
typing updates the live preview, the preview looks like the public page, and saving works."""
import threading
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from mbcinfo.editing.revisions import save_edit
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

from ..chromium import launched

# What production is expected to send on admin pages: no inline script or style at all.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def server():
    """A live server whose static files go through WhiteNoise, as in production (Django's
    finders do not know the hashed names the manifest storage puts in pages)."""
    live = LiveServer("localhost", start=False)
    live.thread.static_handler = lambda handler: handler
    live.start()
    yield live
    # Let requests still being answered finish (the tab is closed by now): stopping the server
    # under one leaves its thread closing a database connection the test no longer shares.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
            thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()):
        time.sleep(0.05)
    live.stop()


@pytest.fixture
def editor_page(browser, server, editor):
    """A browser tab signed in as the editor, every response carrying the strict CSP."""
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])

    from playwright.sync_api import Error as PlaywrightError

    def with_csp(route):
        try:
            response = route.fetch(max_redirects=0)  # let the browser follow redirects itself
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})
        except PlaywrightError:
            pass  # the page moved on (or closed) before this response arrived: nothing to check

    context.route(f"{server.url}/**", with_csp)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()
    # Database calls made while Playwright was running may have opened a connection of their
    # own (its greenlets have their own context); close it, or PostgreSQL cannot drop the test
    # database at the end of the run.
    connections.close_all()


def violations(page):
    found = list(page.evaluate("window.__violations"))
    for frame in page.frames[1:]:
        found += frame.evaluate("window.__violations || []")
    return found


def test_typing_updates_a_preview_styled_like_the_public_page_under_a_strict_csp(editor_page, server):
    assert load_directory().ok
    topic = Topic.objects.get(slug="treatment")
    page = editor_page
    page.goto(f"{server.url}/admin/topics/topic/{topic.pk}/change/")
    frame = page.frame_locator("iframe.editing-preview-frame")
    preview = frame.locator("#preview-body")
    preview.locator("h2#it-can-be-treated").wait_for(timeout=15_000)  # the first preview, on load

    page.fill("#id_body", "## Fresh heading\n\nA **bold** figure.\n\n<script>window.hacked = 1</script>\n")
    preview.locator("h2#fresh-heading").wait_for(timeout=15_000)
    assert preview.locator("strong").inner_text() == "bold"
    assert preview.locator("script").count() == 0
    assert "&lt;script&gt;" in preview.inner_html()  # shown as text, as the public page would

    style = "el => [getComputedStyle(el).fontFamily, getComputedStyle(el).fontSize, getComputedStyle(el).color]"
    in_preview = preview.locator("h2#fresh-heading").evaluate(style)
    public = page.context.new_page()
    public.goto(f"{server.url}/topics/treatment/")
    assert public.locator(".prose h2").first.evaluate(style) == in_preview
    public.close()

    assert violations(page) == []

    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.url == f"{server.url}/admin/topics/topic/"
    page.wait_for_load_state("networkidle")  # no request may still be running when the server stops
    topic.refresh_from_db()
    assert "Fresh heading" in topic.body_html and topic.revisions.first().note == "edited in the admin"
    assert violations(page) == []


def test_every_editing_admin_page_works_under_the_strict_csp(editor_page, server, editor):
    assert load_directory().ok
    topic = Topic.objects.get(slug="treatment")
    topic.body += "\nOne more line.\n"
    save_edit(topic, user=editor)
    revision = topic.revisions.first()
    page = editor_page
    for path in ["/admin/", "/admin/topics/topic/", f"/admin/topics/topic/{topic.pk}/revisions/",
                 f"/admin/topics/topic/{topic.pk}/revisions/{revision.pk}/?against=current",
                 "/admin/editing/reviewdue/", "/admin/topics/topic/add/"]:
        response = page.goto(server.url + path, wait_until="networkidle")
        assert response.status == 200, path
        assert violations(page) == [], path
    assert page.locator("iframe.editing-preview-frame").count() == 1  # the add page has the editor too
