"""Printing in Chromium: the print stylesheet, and the one-page "For my appointment" sheet."""
import re

import pytest

from .conftest import content_slugs

pytestmark = pytest.mark.browser


def pdf_page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


SHEETS = [(slug, f"/topics/{slug}/print/") for slug in content_slugs()]
SHEETS += [(f"es-{slug}", f"/es/temas/{slug}/imprimir/") for slug in content_slugs("es")]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("path", [path for _, path in SHEETS], ids=[name for name, _ in SHEETS])
def test_appointment_sheet_prints_on_one_page(site, new_page, path, paper):
    page = new_page("desktop")
    page.goto(site + path)
    pdf = page.pdf(format=paper)
    assert pdf_page_count(pdf) == 1


def test_pdf_page_counter_counts_pages(site, new_page):
    """The counter above is no check at all unless it can see two pages."""
    page = new_page("desktop")
    page.goto(f"{site}/topics/clinical-trials-and-resources/")
    assert pdf_page_count(page.pdf(format="A4")) > 1


def test_appointment_sheet_has_summary_key_points_lines_helpline_address_and_review_date(site, new_page):
    page = new_page("desktop")
    page.goto(f"{site}/topics/palliative-care/print/")
    page.emulate_media(media="print")
    text = page.locator("main").inner_text()
    assert "For my appointment" in text.replace("FOR MY APPOINTMENT", "For my appointment")
    assert "Palliative care gives comfort" in text
    for heading in ["What palliative care is", "When palliative care should start", "End-of-life care and hospice"]:
        assert page.locator(".key-points li", has_text=heading).count() == 1
    assert page.locator("h2", has_text="My questions").is_visible()
    assert page.locator("h2", has_text="My notes").is_visible()
    assert page.locator(".lines span").count() >= 10
    assert page.locator(".lines span").first.bounding_box()["height"] > 20
    assert "1-877 GO KOMEN (1-877-465-6636)" in text
    assert f"{site}/topics/palliative-care/" in text
    assert "Page last reviewed: 26 November 2026" in text
    # What is for the screen only is not printed.
    assert page.locator(".sheet-actions").is_hidden()
    assert page.locator(".site-header .search-form").is_hidden()


def test_print_stylesheet_drops_navigation_shows_link_addresses_keeps_review_date_and_helpline(site, new_page):
    page = new_page("desktop")
    page.goto(f"{site}/topics/palliative-care/")
    page.emulate_media(media="print")
    for hidden in [".skip-link", ".site-header .search-form", ".breadcrumb", ".contents", ".pager",
                   ".related", ".footer-links", ".sheet-link"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    after = page.evaluate("""() => getComputedStyle(document.querySelector('.prose a[href="/topics/treatment/"]'), '::after').content""")
    assert after == '" (/topics/treatment/)"'
    glossary_after = page.evaluate("getComputedStyle(document.querySelector('.prose a.glossary-term'), '::after').content")
    assert glossary_after in ("none", "normal")
    text = page.locator("body").inner_text()
    assert "Page last reviewed" in text and "Next review due" in text
    assert "1-877 GO KOMEN (1-877-465-6636)" in text
    assert f"Page address: {site}/topics/palliative-care/" in text
    assert "Not medical advice" in text
