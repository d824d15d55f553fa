"""Editors see each page's answers by month and its open problem reports, and mark reports
resolved; staff who may only view see them without changing them; other staff see nothing."""
import datetime

import pytest
from django.contrib.auth.models import Permission, User

from mbcinfo.feedback.models import Helpfulness, ProblemReport
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db
REPORTS = "/admin/feedback/problemreport/"
ANSWERS = "/admin/feedback/helpfulness/"
FEEDBACK_EDITOR = [("topics", "view_topic"), ("topics", "change_topic"), ("feedback", "view_problemreport"),
                   ("feedback", "change_problemreport"), ("feedback", "view_helpfulness")]


def staff(name, permissions=()):
    user = User.objects.create_user(name, is_staff=True)
    user.user_permissions.add(*(Permission.objects.get(content_type__app_label=app, codename=code)
                                for app, code in permissions))
    return user


@pytest.fixture
def feedback(db):
    topic = Topic(slug="treatment", title="Treatment", summary="A summary.", body="## Part\n\nText.\n")
    topic.render()
    topic.save()
    Helpfulness.objects.create(topic=topic, month=datetime.date(2026, 11, 1), yes=7, no=2)
    Helpfulness.objects.create(topic=topic, month=datetime.date(2026, 12, 1), yes=3, no=4)
    open_report = ProblemReport.objects.create(topic=topic, text="The second heading has a typo.")
    ProblemReport.objects.create(topic=topic, text="Fixed already.", resolved=True)
    return topic, open_report


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_editor_sees_the_open_reports_first_and_marks_one_resolved(client, feedback):
    topic, report = feedback
    client = signed_in(client, staff("editor", FEEDBACK_EDITOR))
    listing = client.get(REPORTS).content.decode()
    assert "The second heading has a typo." in listing and "Fixed already." not in listing
    assert "Fixed already." in client.get(f"{REPORTS}?status=resolved").content.decode()
    response = client.post(REPORTS, {"action": "mark_resolved", "_selected_action": [report.pk]})
    assert response.status_code == 302
    assert not ProblemReport.objects.open().exists()


def test_an_editor_sees_yes_and_no_counts_per_page_and_month(client, feedback):
    client = signed_in(client, staff("editor", FEEDBACK_EDITOR))
    html = client.get(f"{ANSWERS}?topic__id__exact={feedback[0].pk}").content.decode()
    for text in ("2026-11", "2026-12", ">7<", ">2<", ">3<", ">4<"):
        assert text in html, text


def test_the_pages_admin_form_shows_a_short_summary_of_its_feedback(client, feedback):
    topic, _ = feedback
    client = signed_in(client, staff("editor", FEEDBACK_EDITOR))
    html = client.get(f"/admin/topics/topic/{topic.pk}/change/").content.decode()
    summary = html[html.index('id="feedback-summary-heading"'):]
    summary = summary[:summary.index("</section>")]
    assert "2026-12" in summary and "2026-11" in summary and "1 open problem report." in summary
    assert f"{REPORTS}?topic__id__exact={topic.pk}" in summary


def test_view_only_staff_see_reports_but_cannot_mark_them_resolved(client, feedback):
    topic, report = feedback
    client = signed_in(client, staff("viewer", [("topics", "view_topic"), ("feedback", "view_problemreport"),
                                               ("feedback", "view_helpfulness")]))
    listing = client.get(REPORTS)
    assert listing.status_code == 200 and "mark_resolved" not in listing.content.decode()
    client.post(REPORTS, {"action": "mark_resolved", "_selected_action": [report.pk]})
    assert client.post(f"{REPORTS}{report.pk}/change/", {"resolved": "on"}).status_code == 403
    assert ProblemReport.objects.open().count() == 1
    assert client.get(f"/admin/topics/topic/{topic.pk}/change/").status_code == 200


def test_staff_without_permission_see_no_feedback(client, feedback):
    client = signed_in(client, staff("nobody"))
    assert client.get(REPORTS).status_code == 403
    assert client.get(ANSWERS).status_code == 403
    assert client.get(f"{REPORTS}{feedback[1].pk}/change/").status_code == 403


def test_nobody_adds_feedback_by_hand(client, feedback):
    client = signed_in(client, User.objects.create_superuser("root", "root@example.invalid", "x"))
    assert client.get(f"{REPORTS}add/").status_code == 403
    assert client.get(f"{ANSWERS}add/").status_code == 403
