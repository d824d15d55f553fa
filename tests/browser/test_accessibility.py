"""axe-core in Chromium on every page type, at phone and desktop sizes: no WCAG A/AA violations."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import SEARCH_PATHS, content_slugs, page_paths

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
axe = Axe()


def violations(page):
    results = axe.run(page, options=AXE_OPTIONS).response
    assert results["testEngine"]["name"] == "axe-core"
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
            for v in results["violations"]]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", [path for _, path in page_paths(content_slugs())],
                         ids=[name for name, _ in page_paths(content_slugs())])
def test_page_has_no_wcag_a_or_aa_violations(site, new_page, path, viewport):
    page = new_page(viewport)
    page.goto(site + path)
    assert violations(page) == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("query", [query for _, query in SEARCH_PATHS], ids=[name for name, _ in SEARCH_PATHS])
def test_search_pages_have_no_wcag_a_or_aa_violations(search_url, new_page, query, viewport):
    page = new_page(viewport)
    page.goto(search_url + query)
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/", "/topics/palliative-care/", "/glossary/", "/topics/treatment/print/"])
def test_dark_scheme_has_no_wcag_a_or_aa_violations(site, new_page, path):
    page = new_page("phone", color_scheme="dark")
    page.goto(site + path)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert violations(page) == []


def test_axe_is_the_bundled_pinned_version_and_runs_offline(site, new_page):
    """axe comes from the pinned Python package, injected from disk: no network needed."""
    page = new_page()
    page.context.set_offline(True)
    page.set_content("<!doctype html><html lang=en><title>t</title><main><img src=x.png></main></html>")
    results = axe.run(page, options=AXE_OPTIONS).response
    assert results["testEngine"]["version"] == "4.12.1"
    assert [v["id"] for v in results["violations"]] == ["image-alt"]


@pytest.mark.parametrize("path", ["/es/", "/es/temas/cuidados-paliativos/", "/es/glosario/"])
def test_spanish_pages_pass_axe_language_rules(site, new_page, path):
    """The rules that check lang attributes ran and passed: the page's and each link's."""
    page = new_page("phone")
    page.goto(site + path)
    rules = ["html-has-lang", "html-lang-valid", "valid-lang"]
    results = axe.run(page, options={"runOnly": {"type": "rule", "values": rules}}).response
    assert results["violations"] == []
    assert {"html-has-lang", "html-lang-valid", "valid-lang"} <= {rule["id"] for rule in results["passes"]}
    assert page.evaluate("document.documentElement.lang") == "es"
