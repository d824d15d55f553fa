"""The one check that links lead to existing pages: the loader, the admin form and the lint ask it."""
from mbcinfo.topics.links import MissingPage, linked_slug, missing_pages
from mbcinfo.topics.rendering import render_body


def test_linked_slug_reads_topic_addresses_only():
    assert [linked_slug(href) for href in ("/topics/hospice/", "/topics/hospice#care", "/topics/hospice/?a=1",
                                           "/glossary/", "https://example.org/topics/x/", "#part")] == [
        "hospice", "hospice", "hospice", None, None, None]


def test_missing_pages_names_related_slugs_and_body_links_with_no_page():
    links = render_body("See [care](/topics/care/), [gone](/topics/gone/#part) and [web](https://example.org/).").links
    missing = missing_pages(["care", "away"], links, {"care"}.__contains__)
    assert [(page.slug, page.link.text if page.link else None) for page in missing] == [("away", None), ("gone", "gone")]
    assert missing_pages([], [], lambda slug: False) == [] and MissingPage("x").link is None
