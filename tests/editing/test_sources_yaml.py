"""The admin's Sources field is YAML an editor types: anchors and aliases are refused as a form
error, before any value is built, and nothing is saved."""
import pytest
from django.utils.html import escape

from mbcinfo.topics.models import Topic

from ..topics.hostile_yaml import alias_bomb
from tests.admin_forms import admin_save

pytestmark = pytest.mark.django_db
REFUSED = escape("this has an anchor or alias ('&name' or '*name'); these are not allowed here.")


def bomb_in_a_source(levels):
    """A source with its publisher and title, and an alias bomb in one more key of it."""
    return "- publisher: P\n  title: T\n" + alias_bomb(levels, indent="  ")


@pytest.mark.parametrize("levels, size", [(6, 372), (4, 250)])
def test_an_alias_bomb_in_sources_is_a_form_error_and_nothing_is_saved(loaded, editor_client, levels, size):
    # Six levels (about 370 typed bytes) stand for 10^6 values and cost 6.6 s of CPU; four
    # levels (10^4 values, about 250 bytes) were saved as 58 KB of JSON in the page and its revision.
    sources = bomb_in_a_source(levels)
    assert len(sources) <= size
    before = Topic.objects.get(slug="first")
    response = admin_save(editor_client, "first", sources=sources)
    assert response.status_code == 200
    assert f"Line 3: {REFUSED}" in response.content.decode()
    after = Topic.objects.get(slug="first")
    assert after.sources == before.sources and after.revisions.count() == 1


def test_a_harmless_anchor_in_sources_is_refused_with_a_message_saying_why(loaded, editor_client):
    response = admin_save(editor_client, "first", sources="- publisher: &p Komen\n  title: *p\n")
    assert response.status_code == 200 and f"Line 1: {REFUSED}" in response.content.decode()
    assert Topic.objects.get(slug="first").revisions.count() == 1


def test_sources_written_out_in_full_still_save(loaded, editor_client):
    sources = "- publisher: Susan G. Komen\n  title: 'Metastatic Breast Cancer: *stage* & more'\n"
    assert admin_save(editor_client, "first", sources=sources).status_code == 302
    assert Topic.objects.get(slug="first").sources == [
        {"publisher": "Susan G. Komen", "title": "Metastatic Breast Cancer: *stage* & more"}]


def test_a_missing_related_page_is_named_only_as_a_short_excerpt(loaded, editor_client):
    response = admin_save(editor_client, "first", related="x" * 5000)
    assert response.status_code == 200
    assert f"No page has the slug &#x27;{'x' * 60}…&#x27;." in response.content.decode()
