"""In a real browser (Debian's Chromium): the search box as a keyboard-usable combobox, under a
strict Content Security Policy, and axe-core finding no accessibility violations."""
import re

import pytest
from playwright.sync_api import expect

from mbcinfo.search import index
from mbcinfo.topics.loader import load_directory

from ..chromium import launched

STRICT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """The live server finds static files by their source names, not the manifest's hashed ones."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def browser_page(live_server):
    assert load_directory().ok
    assert index.index_status()["up_to_date"]  # built by the listener when the load committed
    with launched() as browser:
        page = browser.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)

        def with_strict_csp(route):
            response = route.fetch()
            headers = {**response.headers, "content-security-policy": STRICT_CSP}
            route.fulfill(response=response, headers=headers)

        page.route(f"{live_server.url}/**", with_strict_csp)
        page.base = live_server.url
        page.csp_violations = violations
        yield page
        browser.close()


def axe_violations(page):
    """axe-core's WCAG 2.x A/AA rules and best practices, on what search renders: the page's
    main content and the header with its search box (the site-wide frame has its own tests)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [["main"], [".site-header"]]})
    return results.violations_count, results.generate_report()


def test_the_combobox_is_usable_from_the_keyboard_alone(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    box = page.locator("#home-search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    assert listbox.get_attribute("role") == "listbox"

    box.focus()
    page.keyboard.type("pall")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    # Suggestions arrive per keystroke; expect() waits for the list to settle on "pall".
    expect(options.first).to_have_text(re.compile(r"^Palliative care, end-of-life care and hospice"))
    status = box.locator("xpath=ancestor::form").locator("[role=status]")
    expect(status).to_contain_text("suggestion")

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert first.get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")

    page.keyboard.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "pall"  # the first Escape only closes the list

    page.keyboard.press("ArrowDown")
    listbox.wait_for(state="visible")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == page.base + "/topics/palliative-care/"
    assert page.csp_violations == []


def test_enter_without_choosing_searches_for_the_words_typed(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    page.locator("#home-search-q").focus()
    page.keyboard.type("paliative")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(page.base + "/search/?q=paliative")
    assert page.locator(".did-you-mean a").inner_text() == "palliative"
    assert page.csp_violations == []


def test_results_pages_and_the_open_combobox_have_no_axe_violations(browser_page):
    page = browser_page
    for address in ("/search/?q=hospice", "/search/?q=cancer&page=2", "/search/?q=xylophone",
                    "/search/?q=paliative+care", "/search/"):
        page.goto(page.base + address)
        count, report = axe_violations(page)
        assert count == 0, f"{address}\n{report}"
    page.goto(page.base + "/")
    page.locator("#home-search-q").focus()
    page.keyboard.type("support")
    page.locator("[role=listbox]:visible").wait_for()
    page.keyboard.press("ArrowDown")
    count, report = axe_violations(page)
    assert count == 0, report
    assert page.csp_violations == []


def test_search_works_with_javascript_off(live_server):
    assert load_directory().ok
    with launched() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(live_server.url + "/")
        assert page.locator("#home-search-q").get_attribute("role") is None
        page.locator("#home-search-q").fill("hospice")
        with page.expect_navigation():
            page.locator("#home-search-q").press("Enter")
        assert page.locator(".search-result h2 a").first.get_attribute("href") == \
            "/topics/palliative-care/#end-of-life-care-and-hospice"
        browser.close()
