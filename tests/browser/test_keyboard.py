"""Keyboard use in Chromium: a visible focus on everything focusable, the skip link, and whole
journeys done with the keyboard alone."""
import re

import pytest

from .conftest import content_slugs

pytestmark = pytest.mark.browser

# Mark every element a keyboard can reach, and note how it looks without focus.
MARK_FOCUSABLES_JS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
  // checkVisibility: the content of a closed <details> (the problem report form) has boxes but is
  // not shown, so the Tab key skips it.
  const visible = (el) => el.getClientRects().length && el.checkVisibility({visibilityProperty: true});
  window.__looks = (el) => { const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth}`, outlineWidth: parseFloat(s.outlineWidth),
            outlineStyle: s.outlineStyle, shadow: s.boxShadow, background: s.backgroundColor}; };
  const found = [...document.querySelectorAll(selector)].filter((el) => visible(el) || el.matches('.skip-link'));
  return found.map((el, index) => { el.dataset.focusIndex = index; return {index, html: el.outerHTML.slice(0, 70), ...window.__looks(el)}; });
}"""
FOCUSED_JS = """() => { const el = document.activeElement;
  return el && el.dataset.focusIndex !== undefined ? {index: Number(el.dataset.focusIndex), ...window.__looks(el)} : null; }"""

FOCUS_PAGES = ["/", "/topics/palliative-care/", "/glossary/", "/topics/treatment/print/", "/offline/", "/no-such-page/"]


def tab_until(page, predicate, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return True
    return False


@pytest.mark.parametrize("path", FOCUS_PAGES)
def test_every_focusable_element_shows_a_visible_focus(site, new_page, path):
    page = new_page("desktop")
    page.goto(site + path)
    unfocused = {item["index"]: item for item in page.evaluate(MARK_FOCUSABLES_JS)}
    assert len(unfocused) > 5
    reached, invisible = set(), []
    for _ in range(len(unfocused) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            continue
        reached.add(focused["index"])
        before = unfocused[focused["index"]]
        has_outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
        changed = any(focused[key] != before[key] for key in ("outline", "shadow", "background"))
        if not (has_outline and changed):
            invisible.append(before["html"])
    assert invisible == []
    assert reached == set(unfocused), [unfocused[i]["html"] for i in set(unfocused) - reached]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_skip_link_is_first_shown_on_focus_and_moves_focus_to_main(site, new_page, viewport):
    page = new_page(viewport)
    page.goto(site + "/topics/outlook/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, box
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    # The next Tab goes on from the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_keyboard_journey_home_to_a_topic_from_the_topic_list(site, new_page):
    page = new_page("phone")
    page.goto(site + "/")
    target = "/topics/what-is-metastatic-breast-cancer/"
    assert tab_until(page, f"document.activeElement.getAttribute('href') === '{target}'")
    page.keyboard.press("Enter")
    page.wait_for_url(site + target)
    assert page.locator("h1").inner_text() == "What is metastatic breast cancer?"


def test_keyboard_journey_home_search_result_topic(search_url, new_page):
    site = search_url.removesuffix("/search/")
    page = new_page("phone")
    page.goto(site + "/")
    assert tab_until(page, "document.activeElement.id === 'home-search-q'")
    page.keyboard.type("palliative care")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=palliative"))
    assert tab_until(page, "document.activeElement.closest('main') !== null && "
                           "(document.activeElement.getAttribute('href') || '').startsWith('/topics/')")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(site + href)
    assert page.locator("h1").count() == 1
    assert href.strip("/").split("/")[1] in content_slugs()


def test_glossary_link_takes_keyboard_users_to_the_definition(site, new_page):
    page = new_page("desktop")
    page.goto(site + "/topics/palliative-care/")
    assert tab_until(page, "document.activeElement.classList.contains('glossary-term')")
    name = page.evaluate("document.activeElement.textContent")
    assert "(what this means)" in name
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/glossary/#"))
    slug = page.url.split("#")[1]
    entry = page.locator(f"[id='{slug}']")
    assert entry.is_visible()
    assert page.evaluate(f"getComputedStyle(document.getElementById('{slug}')).borderLeftColor") != "rgba(0, 0, 0, 0)"
