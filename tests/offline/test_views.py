"""Offline reading, server side: the service worker is a static file served from the root, the
manifest is valid, and every page registers the worker from a static script."""
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db


def test_service_worker_is_the_static_file_served_at_the_root_with_no_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    with open(settings.WHITENOISE_ROOT / "sw.js", encoding="utf-8") as file:
        assert b"".join(response.streaming_content).decode() == file.read()
    assert not response.cookies


def test_service_worker_only_answers_get(client):
    assert client.post("/sw.js").status_code == 405


def test_offline_page_names_the_shell_assets_the_worker_keeps(client):
    html = client.get("/offline/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert staticfiles_storage.url("css/site.css") in assets
    assert staticfiles_storage.url("js/site.js") in assets
    assert staticfiles_storage.url("offline/offline.js") in assets
    assert 'id="saved-pages"' in html


def test_manifest_is_valid_and_scoped_to_the_whole_site(client):
    manifest = json.loads(staticfiles_storage.open("offline/manifest.webmanifest").read())
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["name"] and manifest["short_name"]
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_pages_link_the_manifest_and_load_scripts_only_from_static_files(client):
    html = client.get("/offline/").content.decode()
    assert f'<link rel="manifest" href="{staticfiles_storage.url("offline/manifest.webmanifest")}">' in html
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        attributes, body = script
        assert 'src="/static/' in attributes and body == ""
    assert " style=" not in html


def test_service_worker_is_a_root_file_that_answers_conditional_requests(client):
    """WhiteNoise serves it (no view resolves /sw.js): a browser checking for a new version
    gets 304 while it has not changed, and no-cache keeps it asking on every visit."""
    with pytest.raises(Resolver404):
        resolve("/sw.js")
    first = client.get("/sw.js")
    assert first["Cache-Control"] == "no-cache"
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.head("/sw.js").status_code == 200
