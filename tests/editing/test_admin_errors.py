"""Admin paths that once answered 500: the draft action, and a change page for view-only staff."""
import enum

import pytest
from django.contrib.auth.models import Permission, User

from mbcinfo.editing import exporter
from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import Topic

from tests.admin_forms import admin_data

pytestmark = pytest.mark.django_db


def test_front_matter_writes_a_text_enum_as_its_plain_value():
    class Colour(str, enum.Enum):
        RED = "red"

    text = frontmatter.dump({"title": "T", "status": Topic.Status.DRAFT, "section": Colour.RED}, "Body")
    assert "status: draft\n" in text and "section: red\n" in text
    assert "!!python" not in text


def test_make_selected_pages_drafts_hides_them_records_it_and_exports_the_status(loaded, editor_client, client):
    topic = Topic.objects.get(slug="first")
    response = editor_client.post("/admin/topics/topic/", {
        "action": "make_draft_selected", "_selected_action": [topic.pk]})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == "draft"
    assert topic.revisions.first().note == "made a draft"
    assert "Made 1 page(s) drafts." in editor_client.get(response.url).content.decode()

    report = exporter.export_topics(directory=loaded, slugs=["first"])
    assert report.ok and report.written == ["first"]
    assert "\nstatus: draft\n" in (loaded / "first.md").read_text()

    editor_client.logout()
    assert client.get("/topics/first/").status_code == 404


@pytest.fixture
def viewer(db):
    """Staff who may look at topics and change nothing."""
    user = User.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="topics", codename="view_topic"))
    return user


def test_view_only_staff_see_a_topic_read_only_and_cannot_save_it(loaded, client, viewer):
    client.force_login(viewer)
    topic = Topic.objects.get(slug="first")
    response = client.get(f"/admin/topics/topic/{topic.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert topic.title in html and 'name="body"' not in html and 'name="_save"' not in html
    assert "Base hash" not in html
    # The reviews-due list links straight to these pages.
    assert client.get("/admin/editing/reviewdue/").status_code == 200

    response = client.post(f"/admin/topics/topic/{topic.pk}/change/", admin_data(topic, title="Changed"))
    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.title != "Changed"
