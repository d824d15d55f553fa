"""Readers' feedback in Chromium, with JavaScript off (plain form posts and a thank-you page)
and on (the answer shown in place): what is stored, no cookie, and axe on the form and pages."""
import pytest
from django.core.cache import caches

from mbcinfo.feedback.models import Helpfulness, ProblemReport

from .test_accessibility import violations

pytestmark = pytest.mark.browser
TOPIC = "/topics/palliative-care/"


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


def test_without_javascript_a_no_and_a_report_go_through_the_thank_you_page(feedback_site, new_page):
    page = new_page("phone", java_script_enabled=False)
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + TOPIC)
    page.get_by_role("button", name="No", exact=True).click()
    assert page.url == f"{feedback_site}/topics/palliative-care/feedback/thanks/?sent=no"
    assert page.get_by_text("We are sorry this page did not help.").is_visible()
    page.get_by_label("What is wrong with this page?").fill("The hospice section could say more.")
    page.get_by_role("button", name="Send report").click()
    assert page.url.endswith("/feedback/thanks/?sent=report")
    assert page.get_by_text("Your report has reached the editors").is_visible()
    assert Helpfulness.objects.get(topic__slug="palliative-care").no == 1
    assert list(ProblemReport.objects.values_list("text", flat=True)) == ["The hospice section could say more."]
    assert set_cookie == [] and page.context.cookies() == []


def test_without_javascript_a_report_with_a_phone_number_is_refused_kindly(feedback_site, new_page):
    page = new_page("desktop", java_script_enabled=False)
    page.goto(feedback_site + TOPIC)
    page.get_by_text("Report a problem with this page").click()
    page.get_by_label("What is wrong with this page?").fill("Wrong, call me on 07700 900123")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("Please leave out personal details").first.is_visible()
    assert page.get_by_label("What is wrong with this page?").input_value() == "Wrong, call me on 07700 900123"
    assert not ProblemReport.objects.exists()


def test_with_javascript_the_answer_and_the_report_are_shown_in_place(feedback_site, new_page):
    page = new_page("desktop")
    set_cookie = watch_cookies(page)
    page.goto(feedback_site + TOPIC)
    page.get_by_text("Report a problem with this page").click()
    page.get_by_label("What is wrong with this page?").fill("Wrong, mail me at jane@example.org")
    page.get_by_role("button", name="Send report").click()
    message = page.locator("[data-feedback] [data-feedback-result]")
    message.get_by_text("Please leave out personal details").first.wait_for()
    assert page.url == feedback_site + TOPIC
    page.get_by_label("What is wrong with this page?").fill("The hospice section could say more.")
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("Your report has reached the editors").wait_for()
    assert page.url == feedback_site + TOPIC
    assert page.evaluate("document.activeElement.matches('[data-feedback-result]')")
    assert list(ProblemReport.objects.values_list("text", flat=True)) == ["The hospice section could say more."]
    assert set_cookie == [] and page.context.cookies() == []


def test_with_javascript_a_yes_is_thanked_in_place_and_counted(feedback_site, new_page):
    page = new_page("phone")
    page.goto(feedback_site + TOPIC)
    page.get_by_role("button", name="Yes", exact=True).click()
    page.get_by_text("We are glad this page helped.").wait_for()
    assert page.url == feedback_site + TOPIC
    assert Helpfulness.objects.get(topic__slug="palliative-care").yes == 1


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_open_report_form_and_its_error_have_no_wcag_violations(feedback_site, new_page, viewport):
    page = new_page(viewport)  # axe itself runs as a script
    page.goto(feedback_site + TOPIC)
    page.get_by_text("Report a problem with this page").click()
    assert violations(page) == []
    page.get_by_label("What is wrong with this page?").fill("Mail jane@example.org")
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("Please leave out personal details").first.wait_for()
    assert violations(page) == []
    page.goto(f"{feedback_site}{TOPIC}feedback/report/")  # the form on a page of its own
    assert violations(page) == []


@pytest.mark.parametrize("sent", ["yes", "no", "report"])
def test_the_thank_you_pages_have_no_wcag_violations(feedback_site, new_page, sent):
    page = new_page("phone")
    page.goto(f"{feedback_site}{TOPIC}feedback/thanks/?sent={sent}")
    assert violations(page) == []
