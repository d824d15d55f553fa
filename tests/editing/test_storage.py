"""The database storage behind uploaded images, and the migration that moves older uploads into it."""
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from PIL import Image, PngImagePlugin

from mbcinfo.editing import uploads
from mbcinfo.editing.image_parts import non_pixel_parts
from mbcinfo.editing.models import StoredFile
from mbcinfo.editing.storage import DatabaseStorage

from .images import image_bytes, png_chunk

pytestmark = pytest.mark.django_db
move_uploads = importlib.import_module("mbcinfo.editing.migrations.0003_move_uploads_into_database").move_uploads


def test_the_storage_saves_opens_lists_and_deletes_files_in_the_database():
    storage = DatabaseStorage()
    assert storage.save("uploads/a.png", ContentFile(b"one")) == "uploads/a.png"
    storage.save("uploads/b.webp", ContentFile(b"three"))
    storage.save("other/c.jpg", ContentFile(b"x"))
    with storage.open("uploads/a.png") as stream:
        assert stream.read() == b"one"
    assert storage.exists("uploads/a.png") and not storage.exists("uploads/zzz.png")
    assert storage.size("uploads/b.webp") == 5
    assert StoredFile.objects.get(name="uploads/b.webp").content_type == "image/webp"
    assert storage.listdir("") == (["other", "uploads"], [])
    assert storage.listdir("uploads") == ([], ["a.png", "b.webp"])
    assert storage.url("uploads/a.png") == "/media/uploads/a.png"
    assert storage.get_created_time("uploads/a.png")
    storage.delete("uploads/a.png")
    assert not storage.exists("uploads/a.png")
    with pytest.raises(FileNotFoundError):
        storage.open("uploads/a.png")
    with pytest.raises(FileNotFoundError):
        storage.size("uploads/a.png")


def test_a_name_keeps_its_bytes_the_same_bytes_again_are_one_copy_other_bytes_are_refused():
    storage = DatabaseStorage()
    storage.save("uploads/a.png", ContentFile(b"one"))
    assert storage.save("uploads/a.png", ContentFile(b"one")) == "uploads/a.png"  # no random suffix
    with pytest.raises(FileExistsError):
        storage.save("uploads/a.png", ContentFile(b"two"))
    assert [bytes(row.content) for row in StoredFile.objects.all()] == [b"one"]
    with pytest.raises(ValueError):
        storage.open("uploads/a.png", "wb")


@pytest.mark.parametrize("kind, save, found", [
    ("JPEG", {"comment": b"patient Jane Doe"}, ["JPEG COM segment (a comment)"]),
    ("JPEG", {"exif": b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"}, ["JPEG APP1 segment"]),
    ("PNG", {"pnginfo": "text"}, ["PNG chunk 'tEXt'"]),
    ("WEBP", {"exif": b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"}, ["WebP chunk 'EXIF'"]),
    ("PNG", {}, []),
    ("JPEG", {}, []),
    ("WEBP", {}, []),
])
def test_non_pixel_parts_names_what_a_file_holds_besides_pixels(kind, save, found):
    if save.get("pnginfo") == "text":
        save["pnginfo"] = PngImagePlugin.PngInfo()
        save["pnginfo"].add_text("Comment", "patient Jane Doe")
    parts = non_pixel_parts(image_bytes(kind, **save), kind)
    assert len(parts) == len(found) and all(part.startswith(name) for part, name in zip(parts, found))


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_bytes_after_the_end_of_the_image_or_a_private_chunk_are_named(kind):
    assert non_pixel_parts(image_bytes(kind) + b"<html>", kind) == ["data after the end of the image"]
    if kind == "PNG":
        data = image_bytes("PNG")
        private = data[:33] + png_chunk(b"prVt", b"patient Jane Doe") + data[33:]
        assert non_pixel_parts(private, "PNG") == ["PNG chunk 'prVt'"]


# --- the migration that moves uploads from the old upload directory ---------------------------

@pytest.fixture
def old_uploads(tmp_path, monkeypatch):
    root = tmp_path / "media"
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(root))
    (root / "uploads").mkdir(parents=True)
    return root / "uploads"


def test_the_migration_moves_old_uploads_under_their_names_and_running_it_again_changes_nothing(old_uploads):
    clean = image_bytes("PNG")
    with_comment = image_bytes("JPEG", comment=b"patient Jane Doe")
    (old_uploads / ("a" * 32 + ".png")).write_bytes(clean)
    (old_uploads / ("b" * 32 + ".jpg")).write_bytes(with_comment)
    (old_uploads / "evil.html").write_bytes(b"<script>alert(1)</script>")
    (old_uploads / ("c" * 32 + ".png")).write_bytes(b"<html>not an image</html>")
    (old_uploads / ("d" * 32 + ".png")).symlink_to("/etc/passwd")
    move_uploads(apps, None)
    rows = {row.name: row for row in StoredFile.objects.all()}
    assert sorted(rows) == ["uploads/" + "a" * 32 + ".png", "uploads/" + "b" * 32 + ".jpg"]
    assert bytes(rows["uploads/" + "a" * 32 + ".png"].content) == clean  # pixels only already: as it was
    moved = bytes(rows["uploads/" + "b" * 32 + ".jpg"].content)
    assert b"patient Jane Doe" not in moved and non_pixel_parts(moved, "JPEG") == []  # re-encoded
    assert rows["uploads/" + "b" * 32 + ".jpg"].content_type == "image/jpeg"
    with Image.open(io.BytesIO(moved)) as image:
        assert image.size == (40, 30)
    before = list(StoredFile.objects.values_list("pk", "name", "content"))
    move_uploads(apps, None)
    assert list(StoredFile.objects.values_list("pk", "name", "content")) == before
    assert (old_uploads / ("a" * 32 + ".png")).exists()  # nothing is deleted


def test_the_migration_does_nothing_when_there_is_no_old_upload_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(tmp_path / "never-made"))
    move_uploads(apps, None)
    assert not StoredFile.objects.exists()


def test_a_moved_image_is_served_at_its_old_address(old_uploads, client):
    data = image_bytes("PNG")
    (old_uploads / ("e" * 32 + ".png")).write_bytes(data)
    move_uploads(apps, None)
    response = client.get("/media/uploads/" + "e" * 32 + ".png")
    assert response.status_code == 200 and response.content == data
