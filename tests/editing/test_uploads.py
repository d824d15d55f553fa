"""The editor's image upload: staff only, JPEG/PNG/WebP as Pillow sees them, re-encoded with
pixels only, capped by decoded size, stored in the database under the hash of their bytes, and a
400 (never a 500) for anything malformed. markdownx's own view failed each of these."""
import hashlib
import io
import json
import threading

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageCms, PngImagePlugin

from mbcinfo.editing import uploads
from mbcinfo.editing.image_parts import non_pixel_parts
from mbcinfo.editing.models import StoredFile
from mbcinfo.editing.storage import DatabaseStorage

from .images import image_bytes, png_header_only, png_of_zeros

pytestmark = pytest.mark.django_db
URL = "/editing/upload/"


def stored():
    return sorted(StoredFile.objects.values_list("name", flat=True))


def stored_bytes(name):
    return bytes(StoredFile.objects.get(name=name).content)


def stored_image(name):
    return Image.open(io.BytesIO(stored_bytes(name)))


def upload(client, data, name="photo.png", content_type="image/png", **extra):
    return client.post(URL, {"image": SimpleUploadedFile(name, data, content_type=content_type)},
                       headers={"x-requested-with": "XMLHttpRequest"}, **extra)


def image_url(response):
    code = response.json()["image_code"]
    return code[code.index("(") + 1:-1]


@pytest.mark.parametrize("kind, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_each_allowed_format_is_stored_re_encoded_under_its_detected_extension(editor_client, kind, extension):
    # Named and typed as something else: only the bytes decide.
    response = upload(editor_client, image_bytes(kind), name="picture.gif", content_type="image/gif")
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    [name] = stored()
    assert name.startswith("uploads/") and name.endswith(f".{extension}")
    assert code == f"![Describe the image here](/media/{name})"
    with stored_image(name) as image:
        assert image.format == kind and image.size == (40, 30)


def test_images_are_stored_in_the_database_under_the_hash_of_their_bytes_not_on_disk(editor_client):
    assert isinstance(default_storage, DatabaseStorage)
    assert settings.MEDIA_ROOT == ""  # Django's default: no upload directory is configured
    upload(editor_client, image_bytes("PNG"))
    [name] = stored()
    data = stored_bytes(name)
    assert name == f"uploads/{hashlib.sha256(data).hexdigest()[:32]}.png"
    row = StoredFile.objects.get(name=name)
    assert row.size == len(data) and row.content_type == "image/png" and row.created


def test_the_same_image_uploaded_twice_is_stored_once_under_one_name(editor_client):
    first = upload(editor_client, image_bytes("PNG"))
    second = upload(editor_client, image_bytes("PNG"))
    assert first.json() == second.json()
    assert len(stored()) == 1


def test_the_stored_image_is_served_with_its_type_and_no_cookie(editor_client):
    url = image_url(upload(editor_client, image_bytes("PNG")))
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert response.content == stored_bytes(url.removeprefix("/media/"))
    assert Client().get("/media/uploads/../../settings.py").status_code == 404
    missing = Client().get("/media/uploads/" + "0" * 32 + ".png")
    assert missing.status_code == 404 and "immutable" not in missing.get("Cache-Control", "")


def test_a_served_image_has_its_hash_as_a_strong_etag_a_year_of_cache_and_answers_304(editor_client):
    url = image_url(upload(editor_client, image_bytes("PNG")))
    digest = url.rsplit("/", 1)[1].split(".")[0]
    response = Client().get(url)
    assert response["ETag"] == f'"{digest}"'  # strong: no W/
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=31536000", "immutable"}
    again = Client().get(url, headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == f'"{digest}"' and "immutable" in again["Cache-Control"] and not again.cookies
    assert Client().get(url, headers={"If-None-Match": '"another"'}).status_code == 200


def test_metadata_such_as_exif_location_is_dropped(editor_client):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    data = image_bytes("JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in data
    upload(editor_client, data, name="p.jpg", content_type="image/jpeg")
    [name] = stored()
    assert b"PhoneMaker" not in stored_bytes(name)


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
SECRET = b"patient Jane Doe"
SCRIPT = b"<script>alert(1)</script>"


def _png_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())  # tEXt
    info.add_itxt("Description", SCRIPT.decode())  # iTXt
    info.add_text("Author", SECRET.decode(), zip=True)  # zTXt
    return info


def _exif():
    exif = Image.Exif()
    exif[0x010E] = SECRET.decode()  # ImageDescription
    return exif.tobytes()


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' \
      b"<rdf:Description>patient Jane Doe</rdf:Description></rdf:RDF></x:xmpmeta>"
# Byte strings that only metadata puts in a file: the hostile text itself, ICC and XMP
# signatures, EXIF's header, PNG chunk types and WebP chunk names for metadata.
METADATA_MARKERS = [SECRET, b"<script", b"ICC_PROFILE", b"Exif\x00\x00", b"ns.adobe.com", b"xmpmeta",
                    b"iCCP", b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"ICCP", b"EXIF", b"XMP "]


def _jpeg_segments(data):
    """Markers of a JPEG's segments up to its first scan (where encoders put metadata)."""
    markers, at = [], 2
    while data[at] == 0xFF and data[at + 1] != 0xDA:
        markers.append(data[at + 1])
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return markers


@pytest.mark.parametrize("kind, save", [
    ("JPEG", {"comment": SECRET}),
    ("JPEG", {"comment": SCRIPT}),
    ("JPEG", {"icc_profile": SRGB}),
    ("JPEG", {"exif": _exif()}),
    ("JPEG", {"xmp": XMP}),
    ("PNG", {"icc_profile": SRGB}),
    ("PNG", {"pnginfo": _png_text()}),
    ("PNG", {"exif": _exif()}),
    ("WEBP", {"icc_profile": SRGB, "exif": _exif(), "xmp": XMP}),
], ids=["jpeg-comment", "jpeg-comment-script", "jpeg-icc", "jpeg-exif", "jpeg-xmp", "png-icc",
        "png-text-chunks", "png-exif", "webp-icc-exif-xmp"])
def test_the_stored_file_holds_pixels_only(editor_client, kind, save):
    data = image_bytes(kind, **save)
    assert Image.open(io.BytesIO(data)).info.keys() & {"comment", "icc_profile", "exif", "xmp",
                                                                    "Comment", "Description"}
    response = upload(editor_client, data, name="photo", content_type="image/png")
    assert response.status_code == 200, response.content
    [name] = stored()
    kept = stored_bytes(name)
    assert [marker for marker in METADATA_MARKERS if marker in kept] == []
    if kind == "JPEG":
        # Only the JFIF header (APP0), tables and the frame: no APP1–APP15 (EXIF, XMP, ICC) or COM.
        assert set(_jpeg_segments(kept)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2}, [hex(m) for m in _jpeg_segments(kept)]
    assert non_pixel_parts(kept, kind) == []
    with stored_image(name) as image:
        assert image.size == (40, 30) and not image.info.keys() & {"comment", "icc_profile", "exif", "xmp"}
        # An sRGB profile converted to sRGB leaves the colour as it was.
        red, green, blue = image.convert("RGB").getpixel((5, 5))
        assert abs(red - 200) <= 3 and abs(green - 30) <= 3 and abs(blue - 30) <= 3


def test_large_images_are_scaled_down(editor_client):
    upload(editor_client, image_bytes("PNG", size=(4000, 1000)))
    [name] = stored()
    with stored_image(name) as image:
        assert image.size == (2000, 500)


@pytest.mark.parametrize("name, data, content_type", [
    ("evil.html", b"<html><script>alert(1)</script></html>", "image/png"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "image/svg+xml"),
    ("x.gif", None, "image/gif"),  # a real GIF: not a format we take
    ("x.bmp", None, "image/bmp"),
    ("cut.png", "truncated", "image/png"),
    ("empty.png", b"", "image/png"),
])
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused_with_400(editor_client, name, data, content_type):
    if data is None:
        data = image_bytes(name.split(".")[1].upper().replace("BMP", "BMP"))
    elif data == "truncated":
        data = image_bytes("PNG", size=(300, 300))[:200]
    response = upload(editor_client, data, name=name, content_type=content_type)
    assert response.status_code == 400, response.content
    assert "error" in response.json()
    assert stored() == []


@pytest.mark.parametrize("width, height", [(6000, 4001), (30000, 30000)])
def test_too_many_pixels_is_refused_before_decoding(editor_client, width, height):
    response = upload(editor_client, png_header_only(width, height))
    assert response.status_code == 400 and "pixels" in response.json()["error"]
    assert stored() == []


PIXELS = 4898 * 4898


@pytest.mark.parametrize("bit_depth, color_type, expected", [
    (16, 6, PIXELS * 12),  # 16-bit RGBA: 8 bytes a pixel in the file, and a 4-byte premultiplied copy
    (8, 6, PIXELS * 8),    # 8-bit RGBA: 4 bytes a pixel in Pillow, and the copy
    (8, 4, PIXELS * 8),    # 8-bit grey with alpha: Pillow holds LA in 4 bytes, and the copy
    (8, 2, PIXELS * 4),    # 8-bit RGB: Pillow holds it in 4 bytes a pixel
    (16, 2, PIXELS * 6),   # 16-bit RGB: 6 bytes a pixel in the file
    (8, 0, PIXELS),        # 8-bit grey
    (16, 0, PIXELS * 2),   # 16-bit grey
    (1, 0, PIXELS),        # 1-bit: Pillow holds a byte a pixel
])
def test_the_memory_counted_for_a_png_follows_its_bit_depth_and_mode(bit_depth, color_type, expected):
    data = png_header_only(4898, 4898, bit_depth, color_type)
    with Image.open(io.BytesIO(data)) as image:
        assert uploads.decode_memory(image, data[:32]) == expected


@pytest.mark.parametrize("progressive, expected", [
    (False, 3000 * 2000 * 4),  # decoded at half size: 3000 × 2000 RGB
    (True, 3000 * 2000 * 4 + 6000 * 4000 * 2),  # and the whole image's coefficients
])
def test_a_large_jpeg_is_counted_at_the_size_it_is_decoded_at(progressive, expected):
    data = image_bytes("JPEG", size=(6000, 4000), progressive=progressive)
    with Image.open(io.BytesIO(data)) as image:
        image.draft(None, (uploads.MAX_SIDE, uploads.MAX_SIDE))
        assert uploads.decode_memory(image, data[:32], (6000, 4000)) == expected


def test_the_187_kb_16_bit_rgba_png_that_decodes_to_192_mb_is_refused_before_decoding(editor_client):
    data = png_of_zeros(4898, 4898)
    assert len(data) < 200_000
    response = upload(editor_client, data)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "Not uploaded: the image is 4898 × 4898 pixels (RGBA, 16 bits a channel); converting it would take "
        "288 MB of memory, and the limit is 64 MB. Save it smaller, or as 8-bit colour.")
    assert stored() == []


@pytest.mark.parametrize("width, height, over_by", [
    (2000, 2666, -16_000),  # 16-bit RGBA at 12 bytes a pixel: 63,984,000 bytes, just within
    (2000, 2667, 8_000),    # 64,008,000 bytes: just over
])
def test_an_image_just_within_the_memory_budget_is_stored_and_just_over_is_refused(editor_client, width, height,
                                                                                   over_by):
    assert width * height * 12 - uploads.MAX_DECODE_MEMORY == over_by
    response = upload(editor_client, png_of_zeros(width, height))
    if over_by < 0:
        assert response.status_code == 200, response.content
        [name] = stored()
        with stored_image(name) as image:
            assert max(image.size) == uploads.MAX_SIDE
    else:
        assert response.status_code == 400 and "the limit is 64 MB" in response.json()["error"]
        assert stored() == []


def test_conversions_wait_for_the_conversion_thread_and_past_the_wait_the_editor_is_told_to_retry(
        editor_client, monkeypatch):
    monkeypatch.setattr(uploads, "CONVERSION_WAIT_SECONDS", 0.05)
    release = threading.Event()
    busy = [uploads.converter.submit(release.wait, 30) for _ in range(uploads.CONVERSION_THREADS)]
    try:
        response = upload(editor_client, image_bytes("PNG"))
        assert response.status_code == 503 and response["Retry-After"]
        assert response.json()["error"] == ("Not uploaded yet: other images are being converted; "
                                            "try again in a minute.")
        assert stored() == []
    finally:
        release.set()
    for job in busy:
        job.result(30)
    assert upload(editor_client, image_bytes("PNG")).status_code == 200


def test_every_conversion_runs_on_the_one_conversion_thread(monkeypatch):
    threads = []
    real_scale_down = uploads._scale_down

    def recording(image):
        threads.append(threading.current_thread().name)
        real_scale_down(image)

    monkeypatch.setattr(uploads, "_scale_down", recording)
    workers = [threading.Thread(target=uploads.clean_image, args=(SimpleUploadedFile("a.png", image_bytes("PNG")),))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert len(threads) == 4 and len(set(threads)) == uploads.CONVERSION_THREADS == 1
    assert threads[0].startswith("image-conversion")


def test_a_file_over_5_mb_is_refused(editor_client):
    response = upload(editor_client, b"\x89PNG" + b"\x00" * (uploads.MAX_BYTES + 10))
    assert response.status_code == 400 and "5 MB" in response.json()["error"]
    assert stored() == []


def test_the_size_limit_stops_reading_the_file_itself_not_just_the_declared_length(editor_client, monkeypatch):
    # The declared length passes the first check; the upload handler must still stop the file.
    monkeypatch.setattr(uploads, "MAX_BYTES", 10_000)
    response = upload(editor_client, image_bytes("PNG", size=(40, 30)) + b"\x00" * 30_000)
    # The view's own message, not store_image's: the file was cut off while it arrived.
    assert response.status_code == 400 and response.json()["error"].startswith("The image is larger than")
    assert stored() == []


def test_missing_file_and_malformed_requests_get_400(editor_client):
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
    assert stored() == []


def test_get_is_not_allowed(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_anonymous_and_non_staff_users_are_refused_and_nothing_is_written(client, django_user_model):
    assert upload(client, image_bytes("PNG"), name="evil.html").status_code == 403
    member = django_user_model.objects.create_user("member")
    client.force_login(member)
    assert upload(client, image_bytes("PNG")).status_code == 403
    staff_without_rights = django_user_model.objects.create_user("helper", is_staff=True)
    client.force_login(staff_without_rights)
    assert upload(client, image_bytes("PNG")).status_code == 403
    assert stored() == []


def test_a_cross_site_post_without_the_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, image_bytes("PNG")).status_code == 403
    assert stored() == []


def test_with_the_csrf_token_the_upload_works(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/admin/topics/topic/add/")  # a page with a form sets the token cookie
    response = client.post(URL, {"image": SimpleUploadedFile("a.png", image_bytes("PNG")),
                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200 and json.loads(response.content)["image_code"]
