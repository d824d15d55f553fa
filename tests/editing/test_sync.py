"""Files and admin kept in step: every sequence of file loads and admin saves keeps every edit.

File loads go through `call_command("loadcontent")`, admin saves through the admin's change
form with the test client, the way editors do them.
"""
import itertools
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mbcinfo.exitcodes import ExitCode
from mbcinfo.editing.models import Revision
from mbcinfo.editing.sync import edited_since_sync
from mbcinfo.topics.models import Topic

from tests.admin_forms import admin_save
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def load(directory, **options):
    call_command("loadcontent", path=str(directory), **options)


def edit_file(directory, slug, body, **kwargs):
    (directory / f"{slug}.md").write_text(page_text(slug, body=body, **kwargs))


def body_of(slug):
    return Topic.objects.get(slug=slug).body


def test_admin_edit_survives_a_load_of_the_unchanged_file_with_a_notice(loaded, editor_client, capsys):
    assert admin_save(editor_client, "second", body="## Part\n\nFixed in the admin.\n").status_code == 302
    capsys.readouterr()
    load(loaded)
    out = capsys.readouterr().out
    assert "edited in the admin; run exportcontent to write it to the file" in out
    assert "1 kept as edited in the admin" in out
    assert "Fixed in the admin." in body_of("second")


def test_a_load_that_keeps_an_admin_edit_writes_nothing(loaded, editor_client):
    admin_save(editor_client, "second", body="## Part\n\nFixed in the admin.\n")
    with CaptureQueriesContext(connection) as queries:
        load(loaded)
    assert [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}] == []


def test_file_change_with_no_admin_edit_is_loaded_and_kept_as_a_revision(loaded):
    edit_file(loaded, "first", "## Part\n\nNew figure from the file.\n", related="[second]")
    load(loaded)
    topic = Topic.objects.get(slug="first")
    assert "New figure from the file." in topic.body_html
    latest = topic.revisions.first()
    assert latest.origin == Revision.Origin.FILE and "New figure from the file." in latest.body


def test_both_changed_is_a_conflict_that_changes_nothing_and_names_both_revisions(loaded, editor_client, capsys):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    admin_revision = Topic.objects.get(slug="first").revisions.first()
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    capsys.readouterr()
    with pytest.raises(CommandError, match="changed both in their file and in the admin") as failure:
        load(loaded)
    assert failure.value.returncode == ExitCode.CONFLICT == 4
    err = capsys.readouterr().err
    topic = Topic.objects.get(slug="first")
    assert "Admin words." in topic.body and "Admin words." in topic.body_html
    file_revision = topic.revisions.get(applied=False)
    assert "File words." in file_revision.body and file_revision.origin == Revision.Origin.FILE
    assert f"keeps revision {admin_revision.pk}" in err
    assert f"the file's version is revision {file_revision.pk}" in err


def test_a_repeated_conflicting_load_reports_the_same_revisions_and_writes_nothing(loaded, editor_client, capsys):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    with pytest.raises(CommandError):
        load(loaded)
    first_err = capsys.readouterr().err
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError):
        load(loaded)
    assert capsys.readouterr().err == first_err
    assert [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}] == []


def test_a_conflict_does_not_hold_back_other_pages(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    edit_file(loaded, "second", "## Part\n\nSecond page news.\n", order=20)
    with pytest.raises(CommandError):
        load(loaded)
    assert "Second page news." in body_of("second")
    assert "Admin words." in body_of("first")


def test_prefer_files_takes_the_file_and_the_admin_version_stays_a_revision(loaded, editor_client, capsys):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    load(loaded, prefer_files=True)
    assert "took the file (--prefer-files); the admin version is kept as revision" in capsys.readouterr().out
    topic = Topic.objects.get(slug="first")
    assert "File words." in topic.body and not edited_since_sync(topic)
    assert topic.revisions.filter(body__contains="Admin words.", origin=Revision.Origin.ADMIN).exists()


def test_exported_admin_edit_then_loads_as_unchanged(loaded, editor_client, capsys):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    call_command("exportcontent", slugs=["first"], path=str(loaded))
    assert "Admin words." in (loaded / "first.md").read_text()
    capsys.readouterr()
    load(loaded)
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_export_refuses_to_overwrite_a_file_edit_the_site_has_not_seen(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    with pytest.raises(CommandError, match="not written") as failure:
        call_command("exportcontent", slugs=["first"], path=str(loaded))
    assert failure.value.returncode == ExitCode.CONFLICT
    assert "File words." in (loaded / "first.md").read_text()


def test_after_a_conflict_export_may_write_the_admin_version_because_the_file_is_a_revision(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    with pytest.raises(CommandError):
        load(loaded)
    call_command("exportcontent", slugs=["first"], path=str(loaded))
    assert "Admin words." in (loaded / "first.md").read_text()
    assert Topic.objects.get(slug="first").revisions.filter(body__contains="File words.").exists()
    load(loaded)  # in step again: no conflict
    assert not edited_since_sync(Topic.objects.get(slug="first"))


def test_a_form_opened_before_a_file_load_cannot_overwrite_what_the_load_brought(loaded, editor_client):
    stale_hash = Topic.objects.get(slug="first").content_hash
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    load(loaded)
    response = admin_save(editor_client, "first", body="## Part\n\nOld text plus admin words.\n", base_hash=stale_hash)
    assert response.status_code == 200
    assert "This page changed after you opened it" in response.content.decode()
    assert "Old text plus admin words." in response.content.decode()  # the editor's text is still there
    assert "File words." in body_of("first")


def test_two_editors_saving_the_same_page_cannot_silently_undo_each_other(loaded, editor_client):
    opened = Topic.objects.get(slug="first").content_hash
    assert admin_save(editor_client, "first", body="## Part\n\nEditor A.\n", base_hash=opened).status_code == 302
    response = admin_save(editor_client, "first", body="## Part\n\nEditor B.\n", base_hash=opened)
    assert response.status_code == 200 and "Editor A." in body_of("first")


def test_reverting_to_the_file_version_puts_page_and_file_back_in_step(loaded, editor_client, capsys):
    topic = Topic.objects.get(slug="first")
    file_version = topic.revisions.first()
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    assert edited_since_sync(Topic.objects.get(slug="first"))
    editor_client.post(f"/admin/topics/topic/{topic.pk}/revisions/{file_version.pk}/revert/")
    assert not edited_since_sync(Topic.objects.get(slug="first"))
    capsys.readouterr()
    load(loaded)
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_a_page_made_in_the_admin_is_not_withdrawn_by_a_load_and_exports_to_its_own_file(
        content_dir, editor_client, settings, capsys):
    settings.CONTENT_DIR = content_dir
    load(content_dir)
    response = editor_client.post("/admin/topics/topic/add/", {
        "title": "Third page", "slug": "third", "summary": "A new page.", "body": "## New\n\nWritten in the admin.\n",
        "section": "Understanding", "order": 30, "status": "published", "last_reviewed": "2026-11-26",
        "next_review": "2027-05-26", "sources": "", "related": "first", "base_hash": "", "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    capsys.readouterr()
    load(content_dir)
    assert "third: created in the admin; run exportcontent" in capsys.readouterr().out
    assert Topic.objects.live().filter(slug="third").exists()
    call_command("exportcontent")
    assert "Written in the admin." in (content_dir / "third.md").read_text()
    capsys.readouterr()
    load(content_dir)
    assert "3 unchanged" in capsys.readouterr().out


def test_removing_the_file_of_an_admin_edited_page_withdraws_it_but_keeps_the_edit(loaded, editor_client):
    admin_save(editor_client, "second", body="## Part\n\nAdmin words.\n")
    saved = (loaded / "second.md").read_text()
    (loaded / "second.md").unlink()
    edit_file(loaded, "first", "## Part\n\nNo link.\n")
    load(loaded)
    assert Topic.objects.get(slug="second").withdrawn
    (loaded / "second.md").write_text(saved)
    load(loaded)
    topic = Topic.objects.get(slug="second")
    assert not topic.withdrawn and "Admin words." in topic.body


def test_dry_run_reports_a_conflict_and_stores_nothing(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    edit_file(loaded, "first", "## Part\n\nFile words.\n", related="[second]")
    before = Revision.objects.count()
    with pytest.raises(CommandError):
        load(loaded, dry_run=True)
    assert Revision.objects.count() == before


# Every sequence: no edit, from a file or from the admin, is ever lost.

OPERATIONS = ("file_edit", "admin_edit", "load", "load_prefer_files", "export")


class Editors:
    """Plays one page through a sequence of operations; every edit adds a unique marker."""

    def __init__(self, directory, client, slug):
        self.directory, self.client, self.slug = directory, client, slug
        self.markers = []
        self.file_body = "## Part\n\nStart.\n"
        edit_file(directory, slug, self.file_body)
        load(directory)

    def marker(self):
        marker = f"Marker{len(self.markers)}x{self.slug.replace('-', '')}."
        self.markers.append(marker)
        return marker

    def file_edit(self):
        self.file_body += f"\n{self.marker()}\n"
        edit_file(self.directory, self.slug, self.file_body)

    def admin_edit(self):
        body = Topic.objects.get(slug=self.slug).body + f"\n{self.marker()}\n"
        assert admin_save(self.client, self.slug, body=body).status_code == 302

    def load(self, **options):
        try:
            load(self.directory, verbosity=0, **options)
        except CommandError:
            pass  # a conflict: reported, and nothing lost, which is what is checked

    def load_prefer_files(self):
        self.load(prefer_files=True)

    def export(self):
        try:
            call_command("exportcontent", slugs=[self.slug], path=str(self.directory), verbosity=0)
        except CommandError:
            pass  # refused: the file had edits the site had not seen
        self.file_body = (self.directory / f"{self.slug}.md").read_text().split("---\n", 2)[2]

    def lost(self):
        topic = Topic.objects.get(slug=self.slug)
        kept = [topic.body, (self.directory / f"{self.slug}.md").read_text()]
        kept += list(topic.revisions.values_list("body", flat=True))
        return [marker for marker in self.markers if not any(marker in text for text in kept)]


def _play(tmp_path, client, number, sequence):
    directory = tmp_path / f"run{number}"
    directory.mkdir()
    editors = Editors(directory, client, f"page-{number}")
    for operation in sequence:
        getattr(editors, operation)()
    assert editors.lost() == [], f"{sequence} lost {editors.lost()}"


def test_no_sequence_of_three_operations_loses_an_edit(tmp_path, editor_client):
    for number, sequence in enumerate(itertools.product(OPERATIONS, repeat=3)):
        _play(tmp_path, editor_client, number, sequence)


def test_no_long_random_sequence_loses_an_edit(tmp_path, editor_client):
    chooser = random.Random(4)  # fixed: a failure must be repeatable
    for number in range(25):
        _play(tmp_path, editor_client, number, [chooser.choice(OPERATIONS) for _ in range(8)])
