"""Images travel with the pages: exportcontent writes them to the content directory's images/,
loadcontent stores them, checked as uploads are, so the files alone rebuild the site."""
import os
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mbcinfo.editing import uploads
from mbcinfo.editing.models import StoredFile
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import GlossaryTerm, Topic

from tests.admin_forms import admin_save
from .images import image_bytes, png_of_zeros

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def the_content_directory(settings, content_dir):
    """The test's directory is the site's: a whole-site export writes its pages."""
    shutil.copy(settings.CONTENT_DIR / "site.yaml", content_dir / "site.yaml")
    settings.CONTENT_DIR = content_dir


def uploaded(data=None):
    """Upload an image as the editor does; return its file name (the last part of its address)."""
    name = uploads.store_image(SimpleUploadedFile("photo.png", data or image_bytes("PNG")))
    return name.split("/", 1)[1]


def show_image(client, slug, file_name, alt="A chart"):
    topic = Topic.objects.get(slug=slug)
    response = admin_save(client, slug, body=topic.body + f"\n![{alt}](/media/uploads/{file_name})\n")
    assert response.status_code == 302, response.content


def snapshot(directory):
    return {str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*"))
            if path.is_file()}


def fresh_database():
    """Everything loadcontent and uploads store, gone (flush cannot run inside a test's
    transaction on PostgreSQL)."""
    StoredFile.objects.all().delete()
    Topic.objects.all().delete()  # and their revisions
    GlossaryTerm.objects.all().delete()


def test_export_writes_each_image_a_page_shows_beside_the_pages_and_the_markdown_keeps_its_address(
        loaded, editor_client):
    shown, unused = uploaded(), uploaded(image_bytes("JPEG"))
    show_image(editor_client, "first", shown)
    call_command("exportcontent", path=str(loaded), verbosity=0)
    assert sorted(p.name for p in (loaded / "images").iterdir()) == [shown]  # only what a page shows
    assert (loaded / "images" / shown).read_bytes() == bytes(StoredFile.objects.get(name=f"uploads/{shown}").content)
    assert f"![A chart](/media/uploads/{shown})" in (loaded / "first.md").read_text()
    assert f"uploads/{unused}" in {file.name for file in StoredFile.objects.all()}


def test_a_fresh_database_loaded_from_the_files_shows_every_image(loaded, editor_client, client):
    name = uploaded()
    show_image(editor_client, "first", name)
    call_command("exportcontent", path=str(loaded), verbosity=0)
    data = (loaded / "images" / name).read_bytes()
    fresh_database()
    call_command("loadcontent", path=str(loaded), verbosity=0)
    page = client.get("/topics/first/")
    assert f'src="/media/uploads/{name}"' in page.content.decode()
    image = client.get(f"/media/uploads/{name}")
    assert image.status_code == 200 and image.content == data


def test_export_load_export_gives_the_same_bytes_images_included(loaded, editor_client):
    show_image(editor_client, "first", uploaded(), alt="First")
    show_image(editor_client, "second", uploaded(image_bytes("JPEG")), alt="Second")
    show_image(editor_client, "second", uploaded(image_bytes("WEBP")), alt="Third")
    call_command("exportcontent", path=str(loaded), verbosity=0)
    exported = snapshot(loaded)
    assert len([name for name in exported if name.startswith("images/")]) == 3
    # The same database: loading what was exported changes nothing, exporting again neither.
    call_command("loadcontent", path=str(loaded), verbosity=0)
    call_command("exportcontent", path=str(loaded), verbosity=0)
    assert snapshot(loaded) == exported
    # A fresh database from those files, exported again.
    fresh_database()
    call_command("loadcontent", path=str(loaded), verbosity=0)
    call_command("exportcontent", path=str(loaded), verbosity=0)
    assert snapshot(loaded) == exported


def test_a_dry_run_stores_no_image(loaded, editor_client):
    show_image(editor_client, "first", uploaded())
    call_command("exportcontent", path=str(loaded), verbosity=0)
    StoredFile.objects.all().delete()
    report = load_directory(loaded, dry_run=True)
    assert report.ok and "1 image(s) to store from images/." in report.notices
    assert not StoredFile.objects.exists()


HASH = "0123456789abcdef" * 2


def _hostile(directory, kind):
    images = directory / "images"
    images.mkdir(exist_ok=True)
    path = images / f"{HASH}.png"
    if kind == "badly named":
        path = images / "photo.png"
        path.write_bytes(image_bytes("PNG"))
    elif kind == "html":
        path.write_bytes(b"<html><script>alert(1)</script></html>")
    elif kind == "comment":
        path = images / f"{HASH}.jpg"
        path.write_bytes(image_bytes("JPEG", comment=b"patient Jane Doe"))
    elif kind == "wrong extension":
        path = images / f"{HASH}.jpg"
        path.write_bytes(image_bytes("PNG"))
    elif kind == "too wide":
        path.write_bytes(image_bytes("PNG", size=(uploads.MAX_SIDE + 1, 10)))
    elif kind == "too large a jpeg":  # large enough that an upload would decode it at half size
        path = images / f"{HASH}.jpg"
        path.write_bytes(image_bytes("JPEG", size=(2 * uploads.MAX_SIDE, 2 * uploads.MAX_SIDE)))
    elif kind == "bomb":
        path.write_bytes(png_of_zeros(4898, 4898))
    elif kind == "too big":
        path.write_bytes(image_bytes("PNG") + b"\x00" * uploads.MAX_BYTES)
    elif kind == "trailing":
        path.write_bytes(image_bytes("PNG") + b"<script>")
    elif kind == "symlink":
        path.symlink_to("/etc/passwd")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind, message", [
    ("badly named", "is not named as the site names images"),
    ("html", "not loaded: the file is not a JPEG, PNG or WebP image that can be read."),
    ("comment", "not loaded: the file holds more than pixels (JPEG COM segment (a comment))."),
    ("wrong extension", "not loaded: the file is a PNG image, but its name ends in .jpg."),
    ("too wide", "not loaded: the image is 2001 × 10 pixels; stored images are at most 2000 pixels on a side."),
    ("too large a jpeg", "not loaded: the image is 4000 × 4000 pixels; stored images are at most 2000"),
    ("bomb", "not loaded: the image is 4898 × 4898 pixels (RGBA, 16 bits a channel); converting it"),
    ("too big", "is larger than 5 MB."),
    ("trailing", "not loaded: the file holds more than pixels (data after the end of the image)."),
    ("symlink", "is a symbolic link; put the image file itself here."),
    ("fifo", "is not a regular file."),
    ("directory", "is not a regular file."),
])
def test_an_image_file_that_an_upload_would_refuse_stops_the_load_with_its_path(content_dir, kind, message):
    path = _hostile(content_dir, kind)
    [problem] = load_directory(content_dir).problems
    assert (problem.path, problem.line) == (str(path), 1) and message in problem.message, str(problem)
    assert not StoredFile.objects.exists() and not Topic.objects.exists()  # nothing written at all


def test_a_page_showing_an_image_that_is_nowhere_is_refused_on_its_line(content_dir):
    page = content_dir / "first.md"
    page.write_text(page.read_text() + f"\nText.\n\n![A chart](/media/uploads/{HASH}.png)\n")
    line = page.read_text().splitlines().index(f"![A chart](/media/uploads/{HASH}.png)") + 1
    report = load_directory(content_dir)
    assert [str(p) for p in report.problems] == [
        f"{page}:{line}: shows the image {HASH}.png, which is not in {content_dir / 'images'} and not stored "
        "on this site. Copy it there from the site where it was uploaded (exportcontent), or upload it again."]
    assert not Topic.objects.exists()


def test_a_page_may_show_an_image_stored_on_the_site_but_not_yet_exported(content_dir):
    name = uploaded()
    page = content_dir / "first.md"
    page.write_text(page.read_text() + f"\n![A chart](/media/uploads/{name})\n")
    assert load_directory(content_dir).ok


def test_an_image_file_changed_on_disk_is_refused_by_load_and_kept_by_export_unless_forced(loaded, editor_client):
    name = uploaded()
    show_image(editor_client, "first", name)
    call_command("exportcontent", path=str(loaded), verbosity=0)
    path = loaded / "images" / name
    stored = path.read_bytes()
    path.write_bytes(image_bytes("PNG", size=(41, 30)))
    report = load_directory(loaded)
    assert [p.message for p in report.problems] == [
        "differs from the stored image of the same name, and a stored image never changes. Restore it "
        "with exportcontent --force, or upload the new image in the editor."]
    with pytest.raises(CommandError):
        call_command("exportcontent", path=str(loaded), verbosity=0)
    assert path.read_bytes() != stored
    call_command("exportcontent", path=str(loaded), force=True, verbosity=0)
    assert path.read_bytes() == stored
