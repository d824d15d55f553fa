"""The first screen on a phone: every topic page shows its heading and the first line after it
without scrolling, and every page shows one search box, not two.

The main message belongs on the first screen (the CDC Clear Communication Index asks for it).
The header is what pushes it down, so its height is measured too: whatever is added to it later
(language links, routes) must keep the heading and its first line in view."""
import pytest

from .conftest import SEARCH_PATHS, content_slugs, page_paths

pytestmark = pytest.mark.browser

PHONES = {"320x640": {"width": 320, "height": 640}, "375x667": {"width": 375, "height": 667}}
# At 320 px wide the site header and the helpline bar measured 199 px together once made
# compact (316 px before); this budget keeps room on the first screen for what is added later.
HEADER_BUDGET_PX = 210

FIRST_SCREEN_JS = """() => {
  const heading = document.querySelector('main h1');
  const after = heading.nextElementSibling;
  const range = document.createRange();
  range.selectNodeContents(after);
  const firstLine = range.getClientRects()[0];
  const header = document.querySelector('.site-header').getBoundingClientRect();
  const helpline = document.querySelector('.helpline-bar').getBoundingClientRect();
  return {scrollY: window.scrollY, viewport: window.innerHeight, headingTop: heading.getBoundingClientRect().top,
          headingBottom: heading.getBoundingClientRect().bottom, firstLineTop: firstLine.top,
          firstLineBottom: firstLine.bottom, firstLineText: after.textContent.trim().slice(0, 40),
          headerAndHelpline: helpline.bottom - header.top};
}"""


def first_screen(browser, url, viewport):
    context = browser.new_context(viewport=viewport, service_workers="block")
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate(FIRST_SCREEN_JS)
    finally:
        context.close()


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize("slug", content_slugs())
def test_topic_heading_and_the_first_line_after_it_show_without_scrolling(site, browser, slug, phone):
    box = first_screen(browser, f"{site}/topics/{slug}/", PHONES[phone])
    assert box["scrollY"] == 0
    assert box["firstLineText"], box  # a line of text was measured, not an empty element
    assert 0 <= box["headingTop"] < box["headingBottom"] <= box["firstLineTop"], box
    assert box["firstLineBottom"] <= box["viewport"], box


def test_the_header_and_helpline_bar_leave_the_first_screen_to_the_page(site, browser):
    box = first_screen(browser, f"{site}/topics/treatment/", PHONES["320x640"])
    assert box["headerAndHelpline"] <= HEADER_BUDGET_PX, box


def test_the_first_screen_check_can_fail(site, browser):
    """The measure above sees a heading pushed below the screen (here by a 480 px tall screen)."""
    box = first_screen(browser, f"{site}/topics/how-common/", {"width": 320, "height": 480})
    assert box["firstLineBottom"] > box["viewport"], box


ALL_PAGES = page_paths(content_slugs()) + [(name, "/search/" + query) for name, query in SEARCH_PATHS]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", [path for _, path in ALL_PAGES], ids=[name for name, _ in ALL_PAGES])
def test_every_page_shows_one_search_box(site, new_page, path, viewport):
    page = new_page(viewport)
    page.goto(site + path)
    assert page.locator("input[type=search]:visible").count() == 1
    assert page.locator("form[role=search]").count() == 1
