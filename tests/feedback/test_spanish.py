"""The feedback forms on a Spanish page: they post under /es/ in Spanish words, find the page in
the address's language, and answer in Spanish, with no cookie."""
import pytest
from django.test import Client

from mbcinfo.feedback.models import Helpfulness, ProblemReport
from mbcinfo.topics.models import Topic
from tests.feedback.test_feedback import SAME_ORIGIN

pytestmark = pytest.mark.django_db
VOTE = "/es/temas/tratamiento/opinion/le-ayudo/"
REPORT = "/es/temas/tratamiento/opinion/informe/"
THANKS = "/es/temas/tratamiento/opinion/gracias/"


@pytest.fixture
def pages(db):
    """An English page and its Spanish translation."""
    english = Topic(slug="treatment", title="Treatment", summary="A summary.", body="## Part\n\nText.\n")
    spanish = Topic(slug="tratamiento", title="Tratamiento", summary="Un resumen.", body="## Parte\n\nTexto.\n",
                    language="es", translation_of="treatment")
    for topic in (english, spanish):
        topic.render()
        topic.save()
    return english, spanish


def test_a_spanish_topic_page_asks_in_spanish_and_posts_to_spanish_addresses(client, pages):
    html = client.get("/es/temas/tratamiento/").content.decode()
    end = html[html.index('class="feedback"'):]
    assert "¿Le ayudó esta página?" in end and "Informe un problema con esta página" in end
    assert f'action="{VOTE}"' in end and f'action="{REPORT}"' in end
    assert "Did this page help?" not in end


def test_a_spanish_vote_counts_for_the_spanish_page_and_thanks_in_spanish_without_a_cookie(pages):
    client = Client()
    response = client.post(VOTE, {"helpful": "no"}, **SAME_ORIGIN)
    assert (response.status_code, response["Location"]) == (303, f"{THANKS}?sent=no")
    row = Helpfulness.objects.get()
    assert (row.topic, row.yes, row.no) == (pages[1], 0, 1)
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200 and '<html lang="es">' in html
    assert "Lamentamos que esta página no le haya ayudado." in html
    assert f'action="{REPORT}"' in html  # a "No" is asked, in Spanish, what was missing
    assert "Set-Cookie" not in str(response.headers) + str(thanks.headers) and not client.cookies


def test_a_spanish_report_is_stored_for_the_spanish_page_and_thanked_in_spanish(pages):
    client = Client()
    response = client.post(REPORT, {"text": "Hay un error en el segundo título."}, **SAME_ORIGIN)
    assert (response.status_code, response["Location"]) == (303, f"{THANKS}?sent=report")
    report = ProblemReport.objects.get()
    assert (report.topic, report.text) == (pages[1], "Hay un error en el segundo título.")
    thanks = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in thanks and "Su informe llegó a los editores." in thanks
    assert not client.cookies


def test_a_spanish_report_with_an_identifier_is_refused_in_spanish_and_not_kept(pages):
    response = Client().post(REPORT, {"text": "Escríbame a ana@example.com"}, **SAME_ORIGIN)
    html = response.content.decode()
    assert response.status_code == 400 and '<html lang="es">' in html
    assert "No hemos guardado su mensaje." in html
    assert not ProblemReport.objects.exists()


def test_a_vote_without_an_answer_on_a_spanish_page_is_a_spanish_400(pages):
    response = Client().post(VOTE, {"helpful": "quizas"}, **SAME_ORIGIN)
    assert response.status_code == 400 and "Por favor, elija Sí o No." in response.content.decode()


def test_a_spanish_slug_under_an_english_address_and_the_reverse_are_not_found(pages):
    client = Client()
    assert client.post("/topics/tratamiento/feedback/helpful/", {"helpful": "yes"}, **SAME_ORIGIN).status_code == 404
    assert client.post("/es/temas/treatment/opinion/le-ayudo/", {"helpful": "yes"}, **SAME_ORIGIN).status_code == 404
    assert not Helpfulness.objects.exists()
