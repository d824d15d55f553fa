"""A heading's id never collides with an id the page around the body already uses.

The ids are read from the templates of the pages that show a body (the topic page and the
editor's preview frame, with everything they extend and include) and from the script that adds
the search suggestions, so a new id there fails this test until rendering.RESERVED_IDS has it.
"""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

from mbcinfo.search.suggest import MAX_SUGGESTIONS
from mbcinfo.topics.rendering import render_body

PAGES_WITH_A_BODY = ["topics/topic.html", "editing/preview_frame.html"]
TEMPLATE_TAG = re.compile(r'{%\s*(extends|include)\s+"([^"]+)"(?:\s+with\s+([^%]*))?\s*%}')
ASSIGNMENT = re.compile(r'(\w+)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def ids_in_template(name, context=None):
    """Every id `name` and the templates it extends or includes write, with the values an
    include passes (`with form_id="…"`) filled in."""
    context = context or {}
    source = Path(get_template(name).origin.name).read_text(encoding="utf-8")
    ids = set()
    for value in ID.findall(source):
        filled = VARIABLE.sub(lambda match: context[match.group(1)], value)  # KeyError: an id from data
        assert "{" not in filled, f"{name}: id {value!r} cannot be listed ahead of time"
        ids.add(filled)
    for _, included, assignments in TEMPLATE_TAG.findall(source):
        ids |= ids_in_template(included, context | dict(ASSIGNMENT.findall(assignments or "")))
    return ids


def ids_the_search_script_adds(ids):
    script = (settings.BASE_DIR / "static" / "js" / "search-autocomplete.js").read_text()
    # The list of suggestions is named for its search box, and each suggestion for the list.
    assert 'this.list.id = base + "-suggestions"' in script and 'option.id = list.id + "-" + i' in script
    boxes = [box for box in ids if box.endswith("-q")]
    options = [f"-{number}" for number in range(MAX_SUGGESTIONS)]
    return {f"{box}-suggestions{suffix}" for box in boxes for suffix in ["", *options]}


def page_ids():
    ids = set().union(*(ids_in_template(page) for page in PAGES_WITH_A_BODY))
    return ids | ids_the_search_script_adds(ids)


def test_the_pages_ids_are_found():
    assert {"main", "contents-heading", "related-heading", "helpline-heading", "header-search-q",
            "header-search-q-suggestions", "preview-body"} <= page_ids()


@pytest.mark.parametrize("page_id", sorted(page_ids()))
def test_a_heading_never_takes_an_id_the_page_uses(page_id):
    rendered = render_body(f"## {page_id}\n\nText.\n\n### {page_id.replace('-', ' ')}\n\nMore.\n")
    anchors = [heading.anchor for heading in rendered.headings]
    assert len(anchors) == 2 and not set(anchors) & page_ids(), anchors


def test_a_heading_called_main_gets_its_own_id_and_other_headings_keep_theirs():
    rendered = render_body("## Main\n\n## Main points\n\n## Related heading\n\n## What it is\n")
    assert [heading.anchor for heading in rendered.headings] == ["main-1", "main-points", "related-heading-1", "what-it-is"]
    assert rendered.toc[0] == {"id": "main-1", "text": "Main"}
    assert '<h2 id="main-1">Main</h2>' in rendered.html
