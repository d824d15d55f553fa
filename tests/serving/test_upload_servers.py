"""Uploaded images on every server: two gunicorn servers, each in a working directory (and with
an upload directory setting) of its own, as on two machines, sharing one PostgreSQL database."""
import hashlib

import pytest
from django.conf import settings

from tests.editing.images import image_bytes

from .servers import StaffSession, create_staff, gunicorn

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="two servers need one shared database server: run with DATABASE_URL set to "
                              "PostgreSQL (.ci/postgres start DIR prints one)"),
]


def machine(site, name):
    """A server's own working directory, upload directory setting and search index."""
    home = site.tmp / f"machine-{name}"
    home.mkdir()
    env = {**site.env, "DJANGO_MEDIA_ROOT": str(home / "media"), "MBCINFO_SEARCH_INDEX_DIR": str(home / "index")}
    return home, env


def test_an_image_uploaded_through_one_server_is_served_by_another(served_site):
    create_staff(served_site.env, "uploader", "a long test password 1")
    home_one, env_one = machine(served_site, "one")
    home_two, env_two = machine(served_site, "two")
    with gunicorn(env_one, served_site.tmp / "logs-upload-one", cwd=home_one) as one, \
            gunicorn(env_two, served_site.tmp / "logs-upload-two", cwd=home_two) as two:
        session = StaffSession(one.url).login("uploader", "a long test password 1")
        status, answer = session.upload_image(image_bytes("PNG", size=(64, 48)))
        assert status == 200, answer
        code = answer["image_code"]
        address = code[code.index("(") + 1:-1]
        assert address.startswith("/media/uploads/")

        status, headers, served = two.get_bytes(address)
        assert status == 200 and headers["Content-Type"] == "image/png"
        assert served.startswith(b"\x89PNG")
        digest = hashlib.sha256(served).hexdigest()[:32]
        assert address == f"/media/uploads/{digest}.png"  # the bytes server one stored
        assert served == one.get_bytes(address)[2]
        assert headers["ETag"] == f'"{digest}"' and "immutable" in headers["Cache-Control"]
        assert "Set-Cookie" not in headers
        assert two.get_bytes(address, headers={"If-None-Match": f'"{digest}"'})[0] == 304
    # Neither server wrote the image to its own disk.
    for home in (home_one, home_two):
        assert not (home / "media").exists()
        assert [p.name for p in home.rglob("*.png")] == []
