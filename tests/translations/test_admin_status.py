"""The admin's translation status list: every English page, most out of date first, with the
English difference since the pinned version for an outdated one."""
import re

import pytest

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic
from mbcinfo.topics.translations import ENGLISH_NEWER, MISSING, UP_TO_DATE, translation_statuses

from tests.translations.spanish import add_spanish

pytestmark = pytest.mark.django_db
URL = "/admin/editing/translationstatus/"


@pytest.fixture
def translated(content_dir):
    """English 'first' and 'second'; 'first' translated, 'second' not."""
    add_spanish(content_dir)
    assert load_directory(content_dir).ok
    return content_dir


def states(html):
    return re.findall(r'<tr class="translation-([a-z-]+)">\s*<td><a [^>]*>([^<]+)</a>', html)


def test_the_list_shows_missing_then_outdated_then_up_to_date(admin_client, translated):
    assert [(s.english.slug, s.state) for s in translation_statuses("es")] == [
        ("second", MISSING), ("first", UP_TO_DATE)]
    first = translated / "first.md"
    first.write_text(first.read_text().replace("Some text.", "Some newer text."))
    assert load_directory(translated).ok
    html = admin_client.get(URL).content.decode()
    assert states(html) == [("missing", "Second"), ("english-newer", "First")]
    assert "1 missing, 1 English newer, 0 up to date." in html


def test_an_outdated_page_shows_the_english_difference_since_the_pinned_version(admin_client, translated):
    first = translated / "first.md"
    first.write_text(first.read_text().replace("Some text.", "Some newer text."))
    assert load_directory(translated).ok
    html = admin_client.get(URL).content.decode()
    diff = html.split('id="diff-first"')[1]
    assert "English when translated" in diff and "English now" in diff
    assert "newer" in diff


def test_a_front_matter_only_change_keeps_the_translation_up_to_date(admin_client, translated):
    Topic.objects.filter(slug="first").update(order=99)
    assert [s.state for s in translation_statuses("es") if s.english.slug == "first"] == [UP_TO_DATE]
    assert "English newer" not in admin_client.get(URL).content.decode().split("<table")[1].split("</table>")[0]


def test_an_admin_edit_of_the_english_page_makes_the_translation_outdated(admin_client, translated):
    english = Topic.objects.get(slug="first")
    english.summary = "A different summary."
    english.save()
    statuses = {s.english.slug: s for s in translation_statuses("es")}
    assert statuses["first"].state == ENGLISH_NEWER
    assert statuses["first"].pinned.summary == "A short summary."  # the English text as translated


def test_the_list_needs_a_signed_in_editor(client, translated):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
