"""Readers' feedback in Chromium, in each language of the site, with JavaScript off (plain form
posts and a thank-you page) and on (the answer shown in place): what is stored, no cookie, the
page's language, and axe on the form and pages."""
from dataclasses import dataclass

import pytest
from django.core.cache import caches

from mbcinfo.feedback.models import Helpfulness, ProblemReport

from .test_accessibility import violations

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Edition:
    """One language's palliative care page and the words its feedback forms use."""
    lang: str
    topic: str  # the page's address
    feedback: str  # what its feedback addresses start with
    yes: str
    no: str
    open_report: str
    question: str
    send: str
    glad: str
    sorry: str
    received: str
    refused: str  # only in the identifier refusal, never in the form's hint
    thanks_title: str
    report: str  # a report with nothing personal in it

    @property
    def slug(self):
        return self.topic.rstrip("/").rsplit("/", 1)[-1]


EDITIONS = [
    Edition("en", "/topics/palliative-care/", "/topics/palliative-care/feedback/", "Yes", "No",
            "Report a problem with this page", "What is wrong with this page?", "Send report",
            "We are glad this page helped.", "We are sorry this page did not help.",
            "Your report has reached the editors", "We have not kept your message.",
            "Thank you for your feedback", "The hospice section could say more."),
    Edition("es", "/es/temas/cuidados-paliativos/", "/es/temas/cuidados-paliativos/opinion/", "Sí", "No",
            "Informe un problema con esta página", "¿Qué está mal en esta página?", "Enviar informe",
            "Nos alegra que esta página le haya ayudado.", "Lamentamos que esta página no le haya ayudado.",
            "Su informe llegó a los editores", "No hemos guardado su mensaje.",
            "Gracias por su opinión", "La parte sobre el hospicio podría decir más."),
]
THANKS = {"en": "thanks/", "es": "gracias/"}
REPORT_PAGE = {"en": "report/", "es": "informe/"}


@pytest.fixture(params=EDITIONS, ids=[edition.lang for edition in EDITIONS])
def edition(request):
    return request.param


@pytest.fixture
def feedback_site(site):
    caches["feedback"].clear()  # the post counts live in a table the test database keeps between tests
    yield site
    caches["feedback"].clear()


def watch_cookies(page):
    set_cookie = []
    page.context.on("response", lambda response: set_cookie.extend(
        [response.url] if response.header_value("set-cookie") else []))
    return set_cookie


def in_language(page, edition):
    return page.evaluate("document.documentElement.lang") == edition.lang


def test_without_javascript_a_no_and_a_report_go_through_the_thank_you_page(feedback_site, new_page, edition):
    page = new_page("phone", java_script_enabled=False)
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + edition.topic)
    page.get_by_role("button", name=edition.no, exact=True).click()
    assert page.url == f"{feedback_site}{edition.feedback}{THANKS[edition.lang]}?sent=no"
    assert in_language(page, edition)
    assert page.get_by_role("heading", level=1).inner_text() == edition.thanks_title
    assert page.get_by_text(edition.sorry).is_visible()
    page.get_by_label(edition.question).fill(edition.report)
    page.get_by_role("button", name=edition.send).click()
    assert page.url == f"{feedback_site}{edition.feedback}{THANKS[edition.lang]}?sent=report"
    assert in_language(page, edition)
    assert page.get_by_text(edition.received).is_visible()
    assert Helpfulness.objects.get(topic__slug=edition.slug).no == 1
    assert list(ProblemReport.objects.values_list("topic__slug", "text")) == [(edition.slug, edition.report)]
    assert set_cookie == [] and page.context.cookies() == []


def test_without_javascript_a_report_with_a_phone_number_is_refused_kindly(feedback_site, new_page, edition):
    page = new_page("desktop", java_script_enabled=False)
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + edition.topic)
    page.get_by_text(edition.open_report).click()
    page.get_by_label(edition.question).fill("Wrong, call me on 07700 900123")
    page.get_by_role("button", name=edition.send).click()
    assert page.url == f"{feedback_site}{edition.feedback}{REPORT_PAGE[edition.lang]}"
    assert in_language(page, edition)
    assert page.get_by_text(edition.refused).is_visible()
    assert page.get_by_label(edition.question).input_value() == "Wrong, call me on 07700 900123"
    assert not ProblemReport.objects.exists()
    assert set_cookie == [] and page.context.cookies() == []


def test_with_javascript_the_answer_and_the_report_are_shown_in_place(feedback_site, new_page, edition):
    page = new_page("desktop")
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + edition.topic)
    page.get_by_text(edition.open_report).click()
    page.get_by_label(edition.question).fill("Wrong, mail me at jane@example.org")
    page.get_by_role("button", name=edition.send).click()
    message = page.locator("[data-feedback] [data-feedback-result]")
    message.get_by_text(edition.refused).wait_for()
    assert page.url == feedback_site + edition.topic
    page.get_by_label(edition.question).fill(edition.report)
    page.get_by_role("button", name=edition.send).click()
    page.get_by_text(edition.received).wait_for()
    assert page.url == feedback_site + edition.topic
    assert page.evaluate("document.activeElement.matches('[data-feedback-result]')")
    assert list(ProblemReport.objects.values_list("topic__slug", "text")) == [(edition.slug, edition.report)]
    assert set_cookie == [] and page.context.cookies() == []


def test_with_javascript_a_yes_is_thanked_in_place_and_counted(feedback_site, new_page, edition):
    page = new_page("phone")
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + edition.topic)
    page.get_by_role("button", name=edition.yes, exact=True).click()
    page.get_by_text(edition.glad).wait_for()
    assert page.url == feedback_site + edition.topic
    assert Helpfulness.objects.get(topic__slug=edition.slug).yes == 1
    assert set_cookie == [] and page.context.cookies() == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_open_report_form_and_its_error_have_no_wcag_violations(feedback_site, new_page, viewport, edition):
    page = new_page(viewport)  # axe itself runs as a script
    page.goto(feedback_site + edition.topic)
    page.get_by_text(edition.open_report).click()
    assert violations(page) == []
    page.get_by_label(edition.question).fill("Mail jane@example.org")
    page.get_by_role("button", name=edition.send).click()
    page.get_by_text(edition.refused).wait_for()
    assert violations(page) == []
    page.goto(f"{feedback_site}{edition.feedback}{REPORT_PAGE[edition.lang]}")  # the form on a page of its own
    assert in_language(page, edition)
    assert violations(page) == []


def test_the_refusal_page_of_a_plain_post_has_no_wcag_violations(feedback_site, new_page, edition):
    """The page a browser without JavaScript gets. axe runs as a script, so JavaScript stays on
    and the form is marked to post plainly, as feedback.js does when sending in place fails."""
    page = new_page("phone")
    page.goto(feedback_site + edition.topic)
    page.get_by_text(edition.open_report).click()
    page.locator("[data-feedback] form.feedback-report-form").evaluate("(form) => { form.dataset.plain = '1'; }")
    page.get_by_label(edition.question).fill("Mail jane@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name=edition.send).click()
    assert page.url == f"{feedback_site}{edition.feedback}{REPORT_PAGE[edition.lang]}"
    assert page.get_by_text(edition.refused).is_visible() and in_language(page, edition)
    assert violations(page) == []


@pytest.mark.parametrize("sent", ["yes", "no", "report"])
def test_the_thank_you_pages_have_no_wcag_violations(feedback_site, new_page, sent, edition):
    page = new_page("phone")
    page.goto(f"{feedback_site}{edition.feedback}{THANKS[edition.lang]}?sent={sent}")
    assert in_language(page, edition)
    assert page.get_by_role("heading", level=1).inner_text() == edition.thanks_title
    assert violations(page) == []
