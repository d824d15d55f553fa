"""Offline reading in Chromium: with the browser context offline, an opened topic still shows,
and anything else shows the offline page listing what is saved."""
import pytest

pytestmark = pytest.mark.browser

SAVED_JS = """async (path) => { for (const name of await caches.keys()) {
  if (await (await caches.open(name)).match(path)) return true; } return false; }"""


@pytest.fixture
def reader(site, new_page):
    """A reader who opened the treatment page first (before the service worker ran), then
    the palliative care page, and then lost the connection."""
    page = new_page("phone", service_workers="allow")
    page.goto(site + "/topics/treatment/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(SAVED_JS, arg="/topics/treatment/")
    page.goto(site + "/topics/palliative-care/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.wait_for_function(SAVED_JS, arg="/topics/palliative-care/")
    page.context.set_offline(True)
    return page


def test_topics_the_reader_opened_still_show_offline_with_their_style(site, reader):
    for path, title in [("/topics/treatment/", "Can metastatic breast cancer be treated?"),
                        ("/topics/palliative-care/", "Palliative care, end-of-life care and hospice")]:
        reader.goto(site + path)
        assert reader.locator("h1").inner_text() == title
        assert reader.evaluate("getComputedStyle(document.body).fontSize") == "18px"


def test_the_home_page_and_glossary_are_kept_as_the_site_shell(site, reader):
    reader.goto(site + "/")
    assert reader.locator("h1").inner_text().startswith("Metastatic breast cancer")
    reader.goto(site + "/glossary/")
    assert reader.locator("h1").inner_text() == "Words explained"


def test_a_page_not_opened_before_shows_the_offline_page_listing_saved_pages(site, reader):
    reader.goto(site + "/topics/outlook/")
    assert reader.locator("h1").inner_text() == "You are offline"
    saved = reader.locator("#saved-pages a")
    # The offline page lists saved pages from the cache asynchronously, one entry at a time:
    # wait for the last one expected, not only the first, before reading the list.
    for title in ("Can metastatic breast cancer be treated?", "Palliative care, end-of-life care and hospice"):
        saved.filter(has_text=title).wait_for()
    titles = saved.all_inner_texts()
    assert "Can metastatic breast cancer be treated?" in titles
    assert "Palliative care, end-of-life care and hospice" in titles
    assert "Outlook (prognosis)" not in titles
    assert reader.locator("#saved-none").is_hidden()
    # Its links work offline too.
    reader.locator("#saved-pages a", has_text="Palliative care").click()
    reader.wait_for_url(site + "/topics/palliative-care/")
    assert reader.locator("h1").inner_text() == "Palliative care, end-of-life care and hospice"


def test_search_is_not_kept_offline_and_shows_the_offline_page(site, reader):
    reader.goto(site + "/search/?q=hospice")
    assert reader.locator("h1").inner_text() == "You are offline"


def test_a_draft_seen_signed_in_is_not_readable_offline_after_signing_out(site, new_page):
    """An editor previews a draft on a device with the service worker running, signs out and
    loses the connection: the draft must not be served from the worker's caches."""
    from django.contrib.auth.models import User

    from mbcinfo.topics.models import Topic

    User.objects.create_user("editor", password="offline-test-password-1", is_staff=True, is_superuser=True)
    Topic.objects.filter(slug="outlook").update(status=Topic.Status.DRAFT)
    page = new_page("phone", service_workers="allow")
    page.goto(site + "/topics/treatment/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(SAVED_JS, arg="/topics/treatment/")

    page.goto(site + "/admin/login/?next=/topics/outlook/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")  # the worker sees what follows
    page.fill("#id_username", "editor")
    page.fill("#id_password", "offline-test-password-1")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/topics/outlook/")
    assert "Draft preview" in page.content()
    page.goto(site + "/topics/palliative-care/")  # a published page, seen signed in
    page.goto(site + "/admin/")
    page.click("#logout-form button")
    page.wait_for_url("**/admin/logout/")
    assert not page.evaluate(SAVED_JS, "/topics/outlook/")
    assert not page.evaluate(SAVED_JS, "/topics/palliative-care/")

    page.context.set_offline(True)
    page.goto(site + "/topics/outlook/")
    assert page.locator("h1").inner_text() == "You are offline"
    assert "Draft preview" not in page.content()
    # The worker does serve what it kept while signed out: the check above can fail.
    page.goto(site + "/topics/treatment/")
    assert page.locator("h1").inner_text() == "Can metastatic breast cancer be treated?"
