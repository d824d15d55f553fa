"""Heading anchors are Django's slugs of the heading text."""
from django.utils.text import slugify

from mbcinfo.topics.rendering import render_markdown


def anchors(markdown):
    return [heading.anchor for heading in render_markdown(markdown).headings]


def test_heading_anchors_are_djangos_slugify_of_the_heading():
    headings = ["Côte d’Ivoire & you", "snake_case  --  words", "  Spaces  "]
    assert anchors("\n\n".join(f"## {text}" for text in headings)) == [slugify(text) for text in headings]


def test_a_heading_with_nothing_to_slug_gets_the_anchor_section():
    assert anchors("## ???") == ["section"]
