"""The readers' features in Spanish: the home page's routes by reader, the suggested questions
and the question list on the appointment sheet, each in Spanish with the same pages as English."""
import re

import pytest

from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import Topic
from tests.translations.test_pages import html_of, shipped  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def translated_pairs():
    for spanish in Topic.objects.live("es"):
        yield spanish.english(), spanish


def test_every_spanish_page_is_on_the_routes_of_its_english_page(shipped):
    pairs = list(translated_pairs())
    assert pairs
    for english, spanish in pairs:
        assert spanish.audiences == english.audiences, spanish.slug


def test_every_spanish_page_suggests_as_many_questions_as_its_english_page_in_spanish(shipped):
    for english, spanish in translated_pairs():
        assert len(spanish.questions) == len(english.questions), spanish.slug
        for question in spanish.questions:
            assert question.startswith("¿") and question.endswith("?"), question
            assert not re.search(r"\d", question), question  # figures belong on the page
            assert frontmatter.question_problems([question]) == []
        assert not set(spanish.questions) & set(english.questions), spanish.slug


def test_the_spanish_home_lists_each_route_in_spanish_with_spanish_pages_in_reading_order(client, shipped):
    html = html_of(client, "/es/")
    assert "Por dónde empezar" in html and "Where to start" not in html
    for route, pages in Topic.objects.live("es").by_route():
        assert pages, f"no Spanish page is on the route {route.key}"
        block = re.search(rf'id="route-{route.key}">(.*?)</ol>', html, re.S).group(1)
        assert re.findall(r'href="/es/temas/([^/]+)/"', block) == [page.slug for page in pages]
    for words in ("Acabo de enterarme", "Cuidar a alguien", "Dinero y ayuda práctica", "Investigación y defensa"):
        assert words in html


def test_the_spanish_sheet_offers_the_spanish_questions_and_a_spanish_question_list(client, shipped):
    topic = Topic.objects.get(slug="ayuda-financiera")
    response = client.get("/es/temas/ayuda-financiera/imprimir/")
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies and '<html lang="es">' in html
    boxes = re.findall(r'<li class="question"><label><input type="checkbox" value="([^"]+)">', html)
    assert [box.replace("&#x27;", "'") for box in boxes] == topic.questions
    assert 'data-key="mbcinfo-questions:/es/temas/ayuda-financiera/"' in html
    assert "Vaciar mi lista" in html and "nunca se nos envía" in html
    assert 'data-msg-added="Se agregó a su lista y se marcó: {question}"' in html
    assert "Clear my list" not in html
