"""The editor's image upload: staff only, JPEG/PNG/WebP as Pillow sees them, re-encoded, capped,
and a 400 (never a 500) for anything malformed. markdownx's own view failed each of these."""
import io
import json
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from mbcinfo.editing import uploads

pytestmark = pytest.mark.django_db
URL = "/editing/upload/"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media):
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) if media.exists() else []


def image_bytes(kind, size=(40, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(out, kind, **save)
    return out.getvalue()


def upload(client, data, name="photo.png", content_type="image/png", **extra):
    return client.post(URL, {"image": SimpleUploadedFile(name, data, content_type=content_type)},
                       headers={"x-requested-with": "XMLHttpRequest"}, **extra)


@pytest.mark.parametrize("kind, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_each_allowed_format_is_stored_re_encoded_under_its_detected_extension(editor_client, media, kind, extension):
    # Named and typed as something else: only the bytes decide.
    response = upload(editor_client, image_bytes(kind), name="picture.gif", content_type="image/gif")
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    [name] = stored(media)
    assert name.startswith("uploads/") and name.endswith(f".{extension}")
    assert code == f"![Describe the image here](/media/{name})"
    with Image.open(media / name) as image:
        assert image.format == kind and image.size == (40, 30)


def test_the_stored_image_is_served_with_its_type_and_no_cookie(editor_client, media):
    code = upload(editor_client, image_bytes("PNG")).json()["image_code"]
    url = code[code.index("(") + 1:-1]
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert not response.cookies
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert Client().get("/media/uploads/../../settings.py").status_code == 404
    assert Client().get("/media/uploads/" + "0" * 32 + ".png").status_code == 404


def test_metadata_such_as_exif_location_is_dropped(editor_client, media):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    data = image_bytes("JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in data
    upload(editor_client, data, name="p.jpg", content_type="image/jpeg")
    [name] = stored(media)
    assert b"PhoneMaker" not in (media / name).read_bytes()


def test_large_images_are_scaled_down(editor_client, media):
    upload(editor_client, image_bytes("PNG", size=(4000, 1000)))
    [name] = stored(media)
    with Image.open(media / name) as image:
        assert image.size == (2000, 500)


@pytest.mark.parametrize("name, data, content_type", [
    ("evil.html", b"<html><script>alert(1)</script></html>", "image/png"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "image/svg+xml"),
    ("x.gif", None, "image/gif"),  # a real GIF: not a format we take
    ("x.bmp", None, "image/bmp"),
    ("cut.png", "truncated", "image/png"),
    ("empty.png", b"", "image/png"),
])
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused_with_400(editor_client, media, name, data, content_type):
    if data is None:
        data = image_bytes(name.split(".")[1].upper().replace("BMP", "BMP"))
    elif data == "truncated":
        data = image_bytes("PNG", size=(300, 300))[:200]
    response = upload(editor_client, data, name=name, content_type=content_type)
    assert response.status_code == 400, response.content
    assert "error" in response.json()
    assert stored(media) == []


def _png_header_only(width, height):
    """A PNG that claims `width` × `height` pixels: the header is all a bomb needs."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(6000, 4001), (30000, 30000)])
def test_too_many_pixels_is_refused_before_decoding(editor_client, media, width, height):
    response = upload(editor_client, _png_header_only(width, height))
    assert response.status_code == 400 and "pixels" in response.json()["error"]
    assert stored(media) == []


def test_a_file_over_5_mb_is_refused(editor_client, media):
    response = upload(editor_client, b"\x89PNG" + b"\x00" * (uploads.MAX_BYTES + 10))
    assert response.status_code == 400 and "5 MB" in response.json()["error"]
    assert stored(media) == []


def test_the_size_limit_stops_reading_the_file_itself_not_just_the_declared_length(editor_client, media, monkeypatch):
    # The declared length passes the first check; the upload handler must still stop the file.
    monkeypatch.setattr(uploads, "MAX_BYTES", 10_000)
    response = upload(editor_client, image_bytes("PNG", size=(40, 30)) + b"\x00" * 30_000)
    # The view's own message, not store_image's: the file was cut off while it arrived.
    assert response.status_code == 400 and response.json()["error"].startswith("The image is larger than")
    assert stored(media) == []


def test_missing_file_and_malformed_requests_get_400(editor_client, media):
    assert editor_client.post(URL, {}).status_code == 400
    assert editor_client.post(URL, {"image": "not a file"}).status_code == 400
    response = editor_client.generic("POST", URL, b"--xx\r\nContent-Disposition: form-data; name=\"image\"",
                                     content_type="multipart/form-data; boundary=xx")
    assert response.status_code == 400
    response = editor_client.generic("POST", URL, b"abc", content_type="multipart/form-data")  # no boundary
    assert response.status_code == 400
    response = editor_client.generic("POST", URL, b"", content_type="multipart/form-data; boundary=xx",
                                     CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert stored(media) == []


def test_get_is_not_allowed(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_anonymous_and_non_staff_users_are_refused_and_nothing_is_written(client, django_user_model, media):
    assert upload(client, image_bytes("PNG"), name="evil.html").status_code == 403
    member = django_user_model.objects.create_user("member")
    client.force_login(member)
    assert upload(client, image_bytes("PNG")).status_code == 403
    staff_without_rights = django_user_model.objects.create_user("helper", is_staff=True)
    client.force_login(staff_without_rights)
    assert upload(client, image_bytes("PNG")).status_code == 403
    assert stored(media) == []


def test_a_cross_site_post_without_the_csrf_token_is_refused(editor, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, image_bytes("PNG")).status_code == 403
    assert stored(media) == []


def test_with_the_csrf_token_the_upload_works(editor, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/admin/topics/topic/add/")  # a page with a form sets the token cookie
    response = client.post(URL, {"image": SimpleUploadedFile("a.png", image_bytes("PNG")),
                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200 and json.loads(response.content)["image_code"]
