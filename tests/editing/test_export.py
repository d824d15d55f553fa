"""exportcontent: the files hold what the site shows, in a stable layout, written atomically."""
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mbcinfo.editing import exporter
from mbcinfo.editing.sync import edited_since_sync
from mbcinfo.exitcodes import ExitCode
from mbcinfo.topics.frontmatter import FIELD_ORDER
from mbcinfo.topics.models import Topic

from tests.admin_forms import admin_save
from tests.pages import page_text

pytestmark = pytest.mark.django_db
# Every shipped page, English and translated, by its path under the content directory.
SHIPPED = sorted(path.relative_to(settings.CONTENT_DIR) for path in Path(settings.CONTENT_DIR).rglob("*.md"))


def test_load_then_export_reproduces_every_shipped_file_byte_for_byte(tmp_path):
    call_command("loadcontent", verbosity=0)
    call_command("exportcontent", path=str(tmp_path), verbosity=0)
    assert len(SHIPPED) == Topic.objects.count() > 0
    for path in SHIPPED:
        assert (tmp_path / path).read_bytes() == (settings.CONTENT_DIR / path).read_bytes(), path
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md")) == SHIPPED


def test_exporting_into_the_directory_it_was_loaded_from_rewrites_nothing(loaded, capsys):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in loaded.glob("*.md")}
    call_command("exportcontent", path=str(loaded), slugs=["first", "second"])
    assert "0 written, 2 unchanged, 0 refused" in capsys.readouterr().out
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in loaded.glob("*.md")} == before


def test_front_matter_is_written_in_field_order_then_extra_fields_by_name(tmp_path):
    directory = tmp_path / "content"
    directory.mkdir()
    front = ("zeta: last\nrelated: []\nnext_review: 2027-05-26\nslug: mixed\nsummary: S.\n"
             "title: Mixed up\nlast_reviewed: 2026-11-26\nalpha: first extra\n")
    (directory / "mixed.md").write_text(page_text("mixed", front=front))
    call_command("loadcontent", path=str(directory), allow_extra_fields=True, verbosity=0)
    call_command("exportcontent", path=str(tmp_path / "out"), slugs=["mixed"], verbosity=0)
    text = (tmp_path / "out" / "mixed.md").read_text()
    keys = [line.split(":")[0] for line in text.split("---\n")[1].splitlines() if not line.startswith((" ", "-"))]
    known = [key for key in keys if key in FIELD_ORDER]
    assert known == sorted(known, key=FIELD_ORDER.index)
    assert keys[-2:] == ["alpha", "zeta"]  # extras after the known fields, by name


def test_an_exported_draft_says_so_and_loads_back_as_a_draft(loaded, editor_client):
    admin_save(editor_client, "second", status="draft")
    call_command("exportcontent", path=str(loaded), slugs=["second"], verbosity=0)
    assert "status: draft\n" in (loaded / "second.md").read_text()
    Topic.objects.filter(slug="second").update(status="published", content_hash="", synced_hash="")
    (loaded / "second.md").write_text((loaded / "second.md").read_text() + "\nMore.\n")
    call_command("loadcontent", path=str(loaded), verbosity=0)
    assert Topic.objects.get(slug="second").status == "draft"


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_text("old text\n")

    def broken_fsync(descriptor):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        exporter.write_atomically(target, "new text\n" * 1000)
    assert target.read_text() == "old text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_an_atomic_write_keeps_the_file_mode(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("old\n")
    target.chmod(0o640)
    exporter.write_atomically(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == 0o640


def test_unknown_slug_is_refused_with_a_clear_message(loaded, capsys):
    with pytest.raises(CommandError, match="not written") as failure:
        call_command("exportcontent", path=str(loaded), slugs=["nope"])
    assert failure.value.returncode == ExitCode.USAGE
    assert "nope: no page has this slug." in capsys.readouterr().err


def test_exportcontent_is_silent_with_v0_when_it_writes(loaded, editor_client, capsys):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    capsys.readouterr()
    call_command("exportcontent", path=str(loaded), slugs=["first"], verbosity=0)
    assert "Admin words." in (loaded / "first.md").read_text()
    assert capsys.readouterr() == ("", "")


def test_force_overwrites_a_changed_file(loaded, editor_client):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    (loaded / "first.md").write_text(page_text("first", related="[second]", body="## Part\n\nFile words.\n"))
    call_command("exportcontent", path=str(loaded), slugs=["first"], force=True, verbosity=0)
    assert "Admin words." in (loaded / "first.md").read_text()


def test_export_elsewhere_is_a_copy_and_leaves_the_page_marked_as_edited(loaded, editor_client, tmp_path):
    admin_save(editor_client, "first", body="## Part\n\nAdmin words.\n")
    call_command("exportcontent", path=str(tmp_path / "copy"), slugs=["first"], verbosity=0)
    assert "Admin words." in (tmp_path / "copy" / "first.md").read_text()
    assert edited_since_sync(Topic.objects.get(slug="first"))


def test_a_page_read_back_from_the_database_gives_the_same_text_and_hash(tmp_path):
    # PostgreSQL's jsonb does not keep key order: the text must not depend on it, or every page
    # would look edited in the admin after a reload (this runs on PostgreSQL in CI).
    directory = tmp_path / "content"
    directory.mkdir()
    front = ("title: Ordered\nslug: ordered\nsummary: S.\nlast_reviewed: 2026-11-26\nnext_review: 2027-05-26\n"
             "sources:\n- title: A long title for the ordering test\n  publisher: P\n  year_note: later\n"
             "zeta: last\nalpha: {zz: 1, a: 2}\n")
    (directory / "ordered.md").write_text(page_text("ordered", front=front))
    call_command("loadcontent", path=str(directory), allow_extra_fields=True, verbosity=0)
    fresh = Topic.objects.get(slug="ordered")
    assert fresh.compute_content_hash() == fresh.content_hash == fresh.synced_hash
    assert fresh.revisions.get().text == fresh.to_markdown()
    assert "- publisher: P\n  title: A long title for the ordering test\n  year_note: later\n" in fresh.to_markdown()


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_exporting_an_in_step_file_leaves_it_as_it_is_whatever_its_line_endings(content_dir, line_end):
    page = content_dir / "first.md"
    data = page.read_text().replace("\n", line_end).encode("utf-8")
    page.write_bytes(data)
    call_command("loadcontent", path=str(content_dir), verbosity=0)
    report = exporter.export_topics(directory=content_dir, slugs=["first"])
    assert (report.written, report.unchanged) == ([], ["first"])
    assert page.read_bytes() == data
