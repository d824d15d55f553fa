"""Reading comfort in a real browser: reflow at 320 px, text spacing, type size, line length,
target size, dark scheme, reduced motion, and pages that are whole without JavaScript."""
import pytest

from .conftest import SEARCH_PATHS, content_slugs, page_paths

pytestmark = pytest.mark.browser

PAGES = page_paths(content_slugs())
PATHS = [path for _, path in PAGES]
IDS = [name for name, _ in PAGES]

# WCAG 1.4.12: the reader's own spacing must not lose any text.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Elements whose content is cut off: more content than box, and the overflow hidden or clipped.
CLIPPED_JS = """() => {
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('.visually-hidden, [aria-hidden="true"]') || el.matches('.skip-link')) continue;
    // The "visually hidden" pattern (a 1 px box that clips its text for screen readers only).
    if (el.getBoundingClientRect().width <= 1 && style.clipPath !== 'none') continue;
    for (const axis of ['X', 'Y']) {
      const overflow = style['overflow' + axis];
      const [scroll, client] = axis === 'X' ? [el.scrollWidth, el.clientWidth] : [el.scrollHeight, el.clientHeight];
      if ((overflow === 'hidden' || overflow === 'clip') && scroll > client + 1) {
        clipped.push(`${el.tagName.toLowerCase()}.${el.className} (${axis}: ${scroll} > ${client})`);
      }
    }
  }
  return clipped;
}"""

HORIZONTAL_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width && (box.right > width + 1 || box.left < -1) && !el.closest('.visually-hidden, .skip-link');
  }).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def assert_no_horizontal_scroll(page):
    result = page.evaluate(HORIZONTAL_OVERFLOW_JS)
    assert result["scrollWidth"] <= result["width"], result
    assert result["wide"] == [], result


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_page_reflows_at_320px_without_horizontal_scrolling(site, new_page, path):
    page = new_page("phone")
    page.goto(site + path)
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px", "stylesheet not applied"
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_text_spacing_override_clips_nothing(site, new_page, path, viewport):
    # bypass_csp: the override is the reader's own stylesheet; a strict CSP must not stop the test.
    page = new_page(viewport, bypass_csp=True)
    page.goto(site + path)
    page.add_style_tag(content=TEXT_SPACING_CSS)
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).letterSpacing") != "normal"
    assert page.evaluate(CLIPPED_JS) == []
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("query", [query for _, query in SEARCH_PATHS], ids=[name for name, _ in SEARCH_PATHS])
def test_search_pages_reflow_and_survive_text_spacing(search_url, new_page, query):
    page = new_page("phone", bypass_csp=True)
    page.goto(search_url + query)
    assert_no_horizontal_scroll(page)
    page.add_style_tag(content=TEXT_SPACING_CSS)
    assert page.evaluate(CLIPPED_JS) == []
    assert_no_horizontal_scroll(page)


def test_body_text_is_at_least_18px_with_lines_of_about_70_characters(site, new_page):
    page = new_page("desktop")
    page.goto(site + "/topics/what-is-metastatic-breast-cancer/")
    measure = page.evaluate("""() => {
      const p = document.querySelector('.prose p');
      const style = getComputedStyle(p);
      const canvas = document.createElement('canvas').getContext('2d');
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      const sample = p.textContent.replace(/\\s+/g, ' ');
      const perChar = canvas.measureText(sample).width / sample.length;
      return {fontSize: parseFloat(style.fontSize), chars: p.getBoundingClientRect().width / perChar};
    }""")
    assert measure["fontSize"] >= 18
    assert 55 <= measure["chars"] <= 80, measure


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_body_text_contrast_is_at_least_7_to_1(site, new_page, scheme):
    page = new_page("desktop", color_scheme=scheme)
    page.goto(site + "/topics/treatment/")
    ratio = page.evaluate("""() => {
      const rgb = (value) => value.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      const text = lum(rgb(getComputedStyle(document.querySelector('.prose p')).color));
      const back = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
    }""")
    assert ratio >= 7, ratio


@pytest.mark.parametrize("path", ["/", "/topics/palliative-care/", "/glossary/", "/topics/treatment/print/"])
def test_every_target_outside_running_text_is_at_least_24_by_24(site, new_page, path):
    page = new_page("phone")
    page.goto(site + path)
    small = page.evaluate("""() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
      .filter((el) => el.offsetParent !== null && !el.closest('p, li, dd, td'))
      .map((el) => ({html: el.outerHTML.slice(0, 80), box: el.getBoundingClientRect()}))
      .filter(({box}) => box.width < 24 || box.height < 24)
      .map(({html, box}) => `${html} ${box.width}x${box.height}`)""")
    assert small == []


def test_reduced_motion_means_no_smooth_scrolling_or_animation(site, new_page):
    page = new_page("desktop", reduced_motion="reduce")
    page.goto(site + "/topics/palliative-care/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert page.evaluate("document.getAnimations().length") == 0
    allowed = new_page("desktop", reduced_motion="no-preference")
    allowed.goto(site + "/topics/palliative-care/")
    assert allowed.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


@pytest.mark.parametrize("path", ["/", "/topics/palliative-care/", "/glossary/", "/topics/palliative-care/print/"])
def test_pages_are_whole_without_javascript(site, new_page, path):
    with_js = new_page("desktop")
    with_js.goto(site + path)
    without_js = new_page("desktop", java_script_enabled=False)
    without_js.goto(site + path)
    visible_text = "document.querySelector('main').innerText"
    text_without = without_js.evaluate(visible_text)
    # The only difference JavaScript makes: the print sheet's controls appear (its Print button,
    # and the question list's buttons, its note that the list stays on the device, and the box
    # to add a question). Without them the pages read the same.
    controls = "[data-print], [data-needs-js], .question-tools"
    assert without_js.locator(controls).evaluate_all("(els) => els.every((el) => !el.checkVisibility())")
    if "/print/" in path:
        assert with_js.locator(controls).evaluate_all("(els) => els.every((el) => el.checkVisibility())")
    with_js.locator(controls).evaluate_all("(els) => els.forEach((el) => el.remove())")
    assert with_js.evaluate(visible_text).split() == text_without.split()
    assert without_js.locator("h1").count() == 1
