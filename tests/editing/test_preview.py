"""The admin editor: markdownx's widget, previewing with the site's own renderer, safely."""
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db
URL = "/editing/markdownify/"


def test_the_preview_function_is_the_site_renderer_so_preview_equals_the_public_page(editor_client):
    assert settings.MARKDOWNX_MARKDOWNIFY_FUNCTION == "mbcinfo.editing.preview.markdownify"
    assert load_directory().ok
    for topic in Topic.objects.live():
        response = editor_client.post(URL, {"content": topic.body})
        assert response.status_code == 200
        assert response.content.decode() == topic.body_html, topic.slug


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("[x](javascript:alert(1))", "href=\"javascript:"),
    ('<img src=x onerror="alert(1)">', "<img"),
    ("![tracker](https://tracker.example/pixel.png)", "tracker.example"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "href=\"data:"),
])
def test_the_preview_is_sanitised_like_the_page(editor_client, markdown, forbidden):
    response = editor_client.post(URL, {"content": markdown})
    assert response.status_code == 200 and forbidden not in response.content.decode()


def test_preview_is_for_staff_only(client, django_user_model):
    assert client.post(URL, {"content": "# Hi"}).status_code == 403
    client.force_login(django_user_model.objects.create_user("member"))
    assert client.post(URL, {"content": "# Hi"}).status_code == 403


def test_preview_answers_bad_requests_with_400_or_405_never_500(editor_client):
    assert editor_client.post(URL, {}).status_code == 400
    assert editor_client.get(URL).status_code == 405
    assert editor_client.post(URL, {"content": "x" * (1024 * 1024 + 1)}).status_code == 400
    assert editor_client.generic("POST", URL, b"--b\r\nbroken", content_type="multipart/form-data; boundary=b").status_code == 400
    assert editor_client.post(URL, {"content": "(" * 10_000}).status_code == 200
    assert editor_client.post(URL, {"content": "[" * 8000 + "\x00\ud7ff"}).status_code == 200


def test_markdownx_own_views_are_not_reachable():
    assert Client().post("/markdownx/upload/").status_code == 404
    assert Client().post("/markdownx/markdownify/", {"content": "x"}).status_code == 404
    assert reverse("markdownx_markdownify") == URL
    assert reverse("markdownx_upload") == "/editing/upload/"


def test_the_change_page_wires_the_widget_to_our_views_with_no_inline_script(editor_client):
    assert load_directory().ok
    topic = Topic.objects.get(slug="treatment")
    html = editor_client.get(f"/admin/topics/topic/{topic.pk}/change/").content.decode()
    assert 'data-markdownx-urls-path="/editing/markdownify/"' in html
    assert 'data-markdownx-upload-urls-path="/editing/upload/"' in html
    assert re.search(r'<script src="/static/markdownx/js/markdownx[.\w]*\.js"', html)
    assert re.search(r'<script src="/static/editing/preview[.\w]*\.js"', html)
    assert 'class="editing-preview-frame" src="/editing/preview/"' in html
    # Ready for a strict Content-Security-Policy: every script is a file, no handlers, no style attributes.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []
    editor_part = html[html.index('<div class="markdownx editing-editor">'):html.index("</iframe>")]
    assert "style=" not in editor_part


def test_the_preview_frame_uses_the_public_stylesheet_and_may_be_framed_only_by_the_site(editor_client):
    response = editor_client.get("/editing/preview/")
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Frame-Options"] == "SAMEORIGIN"
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]+\.css">', html)
    assert '<div class="prose" id="preview-body">' in html
    assert "<script" not in html


def test_the_preview_frame_is_for_staff_only(client):
    assert client.get("/editing/preview/").status_code == 403
