"""Readers' feedback: "Did this page help?" and "Report a problem with this page" work as plain
form posts, set no cookie, keep nothing that identifies anyone, and resist floods."""
import pytest
from django.test import Client
from django.utils import timezone

from mbcinfo.feedback import forms as feedback_forms
from mbcinfo.feedback.models import Helpfulness, ProblemReport
from mbcinfo.topics.models import Topic
from tests.privacy.test_identifiers import IDENTIFYING

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
VOTE = "/topics/treatment/feedback/helpful/"
REPORT = "/topics/treatment/feedback/report/"


@pytest.fixture
def page(db):
    """One live page (loading the shipped content for each of these tests costs seconds)."""
    topic = Topic(slug="treatment", title="Treatment", summary="A summary.", body="## Part\n\nText.\n")
    topic.render()
    topic.save()
    return topic


def post(client, path, data, **headers):
    return client.post(path, data, **{**SAME_ORIGIN, **headers})


def test_every_topic_page_ends_with_the_question_and_the_report_form(client, site_content):
    for topic in Topic.objects.live():
        html = client.get(topic.get_absolute_url()).content.decode()
        end = html[html.index('class="feedback"'):]
        assert "Did this page help?" in end and "Report a problem with this page" in end, topic.slug
        assert f'action="/topics/{topic.slug}/feedback/helpful/"' in end
        assert f'action="/topics/{topic.slug}/feedback/report/"' in end
        assert 'maxlength="500"' in end


def test_a_yes_and_a_no_are_counted_for_the_page_and_month_and_lead_to_the_thank_you_page(client, page):
    answers = [post(client, VOTE, {"helpful": answer}) for answer in ("yes", "no", "no")]
    assert [(r.status_code, r["Location"]) for r in answers] == [
        (303, "/topics/treatment/feedback/thanks/?sent=yes"),
        (303, "/topics/treatment/feedback/thanks/?sent=no"), (303, "/topics/treatment/feedback/thanks/?sent=no")]
    row = Helpfulness.objects.get()
    assert (row.topic, row.month, row.yes, row.no) == (page, timezone.localdate().replace(day=1), 1, 2)
    thanks = client.get(answers[1]["Location"]).content.decode()
    assert "sorry this page did not help" in thanks.lower()
    assert 'action="/topics/treatment/feedback/report/"' in thanks  # a "No" is asked what was missing


def test_a_vote_without_an_answer_is_a_clear_400_and_counts_nothing(client, page):
    response = post(client, VOTE, {"helpful": "maybe"})
    assert response.status_code == 400 and "Please choose Yes or No." in response.content.decode()
    assert not Helpfulness.objects.exists()


def test_a_report_is_stored_with_the_page_the_day_and_the_text_only(client, page):
    response = post(client, REPORT, {"text": "  The second heading has a typo.  "})
    assert (response.status_code, response["Location"]) == (303, "/topics/treatment/feedback/thanks/?sent=report")
    report = ProblemReport.objects.get()
    assert (report.topic, report.text, report.received, report.resolved) == (
        page, "The second heading has a typo.", timezone.localdate(), False)
    stored = {field.name for field in ProblemReport._meta.get_fields()}
    assert stored == {"id", "topic", "text", "received", "resolved"}
    assert {field.name for field in Helpfulness._meta.get_fields()} == {"id", "topic", "month", "yes", "no"}


@pytest.mark.parametrize("length, stored", [(500, True), (501, False)])
def test_a_report_of_500_characters_is_taken_and_one_of_501_refused_with_a_message(client, page, length, stored):
    response = post(client, REPORT, {"text": "a" * length})
    assert ProblemReport.objects.exists() is stored
    if not stored:
        assert response.status_code == 400
        assert "Please keep your message to 500 characters. It has 501." in response.content.decode()


def test_an_empty_report_is_refused_with_a_message(client, page):
    response = post(client, REPORT, {"text": "   "})
    assert response.status_code == 400 and "Please write what is wrong with the page." in response.content.decode()


@pytest.mark.parametrize("text", IDENTIFYING)
def test_a_report_holding_an_identifier_is_refused_kindly_and_nothing_is_stored(client, page, text):
    response = post(client, REPORT, {"text": f"The page is wrong, {text}"})
    assert response.status_code == 400
    assert "Please leave out personal details" in response.content.decode()
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize("headers", [
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://elsewhere.example"},
    {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://other.testserver"},
    {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "https://elsewhere.example"},
    {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "null"},
    {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": None},
])
def test_a_post_not_sent_from_this_sites_page_is_refused_and_nothing_is_kept(page, headers):
    client = Client()
    sent = {key: value for key, value in {**SAME_ORIGIN, **headers}.items() if value is not None}
    responses = [client.post(REPORT, {"text": "A typo."}, **sent), client.post(VOTE, {"helpful": "yes"}, **sent)]
    assert [r.status_code for r in responses] == [403, 403]
    assert not ProblemReport.objects.exists() and not Helpfulness.objects.exists()


def test_a_post_from_this_site_is_taken_on_either_header_alone(page):
    client = Client()
    assert client.post(REPORT, {"text": "A typo."}, HTTP_ORIGIN="http://testserver").status_code == 303
    assert client.post(REPORT, {"text": "A typo."}, HTTP_SEC_FETCH_SITE="same-origin").status_code == 303


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, page):
    assert post(client, REPORT, {"text": "Buy now", "website": "spam.example"}).status_code == 303
    assert post(client, VOTE, {"helpful": "no", "website": "x"}).status_code == 303
    assert not ProblemReport.objects.exists() and not Helpfulness.objects.exists()


def test_a_burst_of_fifty_posts_from_one_client_meets_429s_before_the_fiftieth(page):
    client = Client(REMOTE_ADDR="198.51.100.7")
    codes = [post(client, VOTE, {"helpful": "yes"}).status_code for _ in range(50)]
    first_refused = codes.index(429)
    assert first_refused < 49 and set(codes[first_refused:]) == {429}
    assert Helpfulness.objects.get().yes == first_refused
    assert post(Client(REMOTE_ADDR="198.51.100.8"), VOTE, {"helpful": "yes"}).status_code == 303  # another client


def test_the_post_counts_are_kept_under_a_hash_never_the_clients_address(page):
    from django.db import connection
    post(Client(REMOTE_ADDR="198.51.100.7"), VOTE, {"helpful": "yes"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM mbcinfo_feedback_posts")
        rows = cursor.fetchall()
    assert len(rows) == 1 and "198.51.100" not in repr(rows)


def test_past_the_cap_of_open_reports_new_ones_are_refused_and_none_is_deleted(client, page, monkeypatch):
    monkeypatch.setattr(feedback_forms, "MAX_OPEN_REPORTS", 3)
    ProblemReport.objects.bulk_create([ProblemReport(topic=page, text=f"Old {n}") for n in range(2)])
    assert post(client, REPORT, {"text": "Just under the cap."}).status_code == 303
    refused = post(client, REPORT, {"text": "Over the cap."})
    assert refused.status_code == 503 and "cannot take more reports just now" in refused.content.decode()
    assert sorted(ProblemReport.objects.values_list("text", flat=True)) == ["Just under the cap.", "Old 0", "Old 1"]
    ProblemReport.objects.filter(text="Old 0").update(resolved=True)  # resolving one makes room
    assert post(client, REPORT, {"text": "Room again."}).status_code == 303


def test_no_step_of_the_flow_sets_a_cookie(client, page):
    responses = [client.get("/topics/treatment/"), post(client, VOTE, {"helpful": "no"}),
                 client.get("/topics/treatment/feedback/thanks/?sent=no"), client.get(REPORT),
                 post(client, REPORT, {"text": "A typo."}), post(client, REPORT, {"text": "Mail jane@example.org"}),
                 post(client, REPORT, {"text": "x" * 501}), client.post(REPORT, {"text": "A typo."})]
    assert [r.status_code for r in responses] == [200, 303, 200, 200, 303, 400, 400, 403]
    for response in responses:
        assert not response.cookies and "Set-Cookie" not in response.headers, response.request["PATH_INFO"]


def test_feedback_for_a_missing_or_draft_page_is_a_404(client, page):
    Topic.objects.filter(slug="treatment").update(status=Topic.Status.DRAFT)
    assert post(client, VOTE, {"helpful": "yes"}).status_code == 404
    assert client.get("/topics/no-such-page/feedback/thanks/").status_code == 404


def test_a_get_to_the_vote_address_is_405(client, page):
    assert client.get(VOTE).status_code == 405
