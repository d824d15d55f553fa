"""Every change from any path stores a revision; history shows readable diffs; revert adds one."""
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from mbcinfo.editing.models import Revision
from mbcinfo.topics.models import ContentGeneration, Topic
from mbcinfo.topics.signals import content_changed

from tests.admin_forms import admin_data, admin_save
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The content_changed signals sent (after commit), as (slugs, generation)."""
    received = []
    content_changed.connect(lambda **kw: received.append((kw["slugs"], kw["generation"])),
                            weak=False, dispatch_uid="editing-test")
    yield received
    content_changed.disconnect(dispatch_uid="editing-test")


def test_a_file_load_stores_front_matter_body_origin_time_and_hash(loaded):
    topic = Topic.objects.get(slug="first")
    revision = topic.revisions.get()
    assert revision.origin == Revision.Origin.FILE and revision.user is None
    assert revision.front_matter["slug"] == "first" and revision.front_matter["last_reviewed"] == "2026-11-26"
    assert revision.body == topic.body
    assert revision.content_hash == topic.content_hash and len(revision.content_hash) == 64
    assert revision.created is not None
    assert revision.text == topic.to_markdown()


def test_an_admin_save_stores_a_revision_with_its_editor(loaded, editor_client, editor):
    admin_save(editor_client, "first", body="## Part\n\nA fixed figure.\n")
    revision = Topic.objects.get(slug="first").revisions.first()
    assert (revision.origin, revision.user, revision.note) == (Revision.Origin.ADMIN, editor, "edited in the admin")
    assert "A fixed figure." in revision.body


def test_saving_without_changes_adds_no_revision(loaded, editor_client):
    admin_save(editor_client, "first")
    assert Topic.objects.get(slug="first").revisions.count() == 1


def test_admin_save_rerenders_bumps_generation_and_announces_after_commit(
        loaded, editor_client, heard, django_capture_on_commit_callbacks):
    generation = ContentGeneration.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_save(editor_client, "first", body="## New heading\n\nNew words.\n")
    assert response.status_code == 302
    topic = Topic.objects.get(slug="first")
    assert "New words." in topic.body_html and topic.toc == [{"id": "new-heading", "text": "New heading"}]
    assert topic.sections[0]["heading"] == "New heading"
    assert ContentGeneration.current() == generation + 1
    assert heard == [(["first"], generation + 1)]


def test_nothing_is_announced_when_the_admin_save_is_refused(loaded, editor_client, heard,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_save(editor_client, "first", related="no-such-page")
    assert response.status_code == 200 and heard == []


def test_publishing_a_draft_is_a_revision_and_is_announced(loaded, editor_client, heard,
                                                           django_capture_on_commit_callbacks):
    admin_save(editor_client, "second", status="draft")
    assert Topic.objects.get(slug="second").revisions.first().note == "made a draft"
    topic = Topic.objects.get(slug="second")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/admin/topics/topic/", {"action": "publish_selected", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status == "published"
    assert topic.revisions.first().note == "published"
    assert heard[-1][0] == ["second"]


def test_the_public_never_sees_a_draft_but_staff_preview_it_at_its_address(loaded, editor_client):
    admin_save(editor_client, "second", status="draft")
    assert Client().get("/topics/second/").status_code == 404
    response = editor_client.get("/topics/second/")
    assert response.status_code == 200 and "Draft preview" in response.content.decode()


def test_history_lists_every_revision_and_shows_an_escaped_diff(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nA <script>alert(1)</script> & more.\n")
    topic = Topic.objects.get(slug="first")
    listing = editor_client.get(f"/admin/topics/topic/{topic.pk}/revisions/").content.decode()
    for revision in topic.revisions.all():
        assert f"/admin/topics/topic/{topic.pk}/revisions/{revision.pk}/" in listing
    latest = topic.revisions.first()
    html = editor_client.get(f"/admin/topics/topic/{topic.pk}/revisions/{latest.pk}/").content.decode()
    assert '<table class="diff"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert 'class="diff_add"' in html or 'class="diff_chg"' in html


def test_history_compares_with_the_page_now_and_ignores_a_bad_choice(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nLater words.\n")
    topic = Topic.objects.get(slug="first")
    oldest = topic.revisions.last()
    url = f"/admin/topics/topic/{topic.pk}/revisions/{oldest.pk}/"
    assert "Later words." in editor_client.get(url + "?against=current").content.decode()
    assert editor_client.get(url + "?against=((((").status_code == 200
    assert editor_client.get(url + "?against=999999").status_code == 200


def test_revert_restores_an_old_version_as_a_new_revision_and_reindexes(loaded, editor_client, heard,
                                                                      django_capture_on_commit_callbacks):
    original = Topic.objects.get(slug="first").revisions.get()
    admin_save(editor_client, "first", body="## Part\n\nA mistake.\n")
    topic = Topic.objects.get(slug="first")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/topics/topic/{topic.pk}/revisions/{original.pk}/revert/")
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.body == original.body and "A mistake." not in topic.body_html
    assert topic.revisions.count() == 3  # load, edit, revert: nothing removed
    assert topic.revisions.first().note == f"reverted to revision {original.pk}"
    assert heard[-1][0] == ["first"]


def test_revert_needs_post_and_change_permission(loaded, editor_client, django_user_model):
    topic = Topic.objects.get(slug="first")
    revision = topic.revisions.get()
    url = f"/admin/topics/topic/{topic.pk}/revisions/{revision.pk}/revert/"
    assert editor_client.get(url).status_code == 405
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client = Client()
    client.force_login(viewer)
    assert client.post(url).status_code in (302, 403)  # the admin refuses: no permission
    assert Topic.objects.get(slug="first").revisions.count() == 1


def test_a_revision_of_another_page_cannot_be_restored_here(loaded, editor_client):
    first, second = Topic.objects.get(slug="first"), Topic.objects.get(slug="second")
    other = second.revisions.get()
    assert editor_client.post(f"/admin/topics/topic/{first.pk}/revisions/{other.pk}/revert/").status_code == 404


def test_pages_stored_before_revisions_existed_keep_their_old_version_when_first_edited(loaded, editor_client):
    Revision.objects.all().delete()  # as after the migration that added revisions
    before = Topic.objects.get(slug="first").body
    admin_save(editor_client, "first", body="## Part\n\nNew.\n")
    bodies = list(Topic.objects.get(slug="first").revisions.values_list("body", flat=True))
    assert bodies == ["## Part\n\nNew.\n", before]


def test_admin_refuses_what_the_loader_would_refuse_and_keeps_the_page(loaded, editor_client):
    for changes, message in [
        ({"related": "no-such-page"}, "No page has the slug"),
        ({"body": "## A\n\nSee [gone](/topics/gone/).\n"}, "no page has that slug"),
        ({"sources": "- publisher: only"}, "needs a 'publisher' and a 'title'"),
        ({"sources": "[: bad"}, "not valid YAML"),
        ({"next_review": "2027-02-30"}, "Enter a valid date"),
    ]:
        response = admin_save(editor_client, "first", **changes)
        assert response.status_code == 200 and escape(message) in response.content.decode(), changes
    assert Topic.objects.get(slug="first").revisions.count() == 1


def test_admin_slug_change_keeps_the_page_and_its_old_address_and_a_page_cannot_be_deleted(loaded, editor_client):
    topic = Topic.objects.get(slug="first")
    editor_client.post(f"/admin/topics/topic/{topic.pk}/change/", admin_data(topic, slug="renamed"))
    assert Topic.objects.get(pk=topic.pk).slug == "renamed"
    response = editor_client.get("/topics/first/")
    assert response.status_code == 301 and response["Location"] == "/topics/renamed/"
    assert editor_client.post(f"/admin/topics/topic/{topic.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_loader_change_with_old_revisions_keeps_all_of_them(loaded):
    (loaded / "first.md").write_text(page_text("first", related="[second]", body="## Part\n\nSecond version.\n"))
    call_command("loadcontent", path=str(loaded), verbosity=0)
    bodies = list(Topic.objects.get(slug="first").revisions.values_list("body", flat=True))
    assert len(bodies) == 2 and "Second version." in bodies[0]


def test_a_file_whose_layout_changed_but_not_its_content_adds_no_revision(loaded):
    path = loaded / "first.md"
    before = Topic.objects.get(slug="first").file_hash
    path.write_text(path.read_text().replace("related: [second]", "related:\n- second"))
    call_command("loadcontent", path=str(loaded), verbosity=0)
    topic = Topic.objects.get(slug="first")
    assert topic.file_hash != before  # the new file was read…
    assert topic.revisions.count() == 1  # …and history did not grow


def test_restoring_a_revision_from_before_a_slug_change_keeps_the_page_at_its_current_address(loaded, editor_client):
    # A restore brings back the page's words, never an old slug, so it cannot take an address
    # another page has taken since.
    second = Topic.objects.get(slug="second")
    loaded_version = second.revisions.get()
    editor_client.post(f"/admin/topics/topic/{second.pk}/change/",
                       admin_data(second, slug="other", body="## Part\n\nChanged.\n"))
    response = editor_client.post(f"/admin/topics/topic/{second.pk}/revisions/{loaded_version.pk}/revert/")
    assert response.status_code == 302
    restored = Topic.objects.get(pk=second.pk)
    assert restored.slug == "other" and restored.body == loaded_version.body
