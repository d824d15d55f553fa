"""Hostile page text in the live preview and in an admin save: rendered, or refused with the
renderer's message (400 from the preview, a form error in the admin), never a 500.

Timings are printed (run with -rA to see them), never asserted: bench/render_worst.py holds
the figures.
"""
import time

import pytest
from django.utils.html import escape

from mbcinfo.topics.models import Topic
from mbcinfo.topics.rendering import MAX_BODY_BYTES, refusal, refusal_text, render_body

from ..topics.hostile_markdown import HOSTILE, at_the_limit
from tests.admin_forms import admin_save

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
URL = "/editing/markdownify/"


def record(record_property, route, name, body, started):
    took = time.perf_counter() - started
    record_property(f"{route} seconds", round(took, 3))
    print(f"{route}: {name}: {len(body.encode()):,} bytes in {took:.3f} s")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_preview_renders_or_refuses_every_hostile_body_at_the_limit(name, editor_client, record_property):
    for size, body in at_the_limit(HOSTILE[name]):
        render_body.cache_clear()  # time the render itself, not a remembered one
        started = time.perf_counter()
        response = editor_client.post(URL, {"content": body})
        record(record_property, f"preview, {size}", name, body, started)
        refused = refusal(body)
        if refused is None:
            assert response.status_code == 200, size
        else:
            assert response.status_code == 400, size
            assert response.json() == {"error": refusal_text(refused)}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_an_admin_save_stores_or_refuses_every_hostile_body_at_the_limit(name, loaded, editor_client, record_property):
    for size, body in at_the_limit(HOSTILE[name]):
        revisions = Topic.objects.get(slug="first").revisions.count()
        render_body.cache_clear()  # time the render itself, not a remembered one
        started = time.perf_counter()
        response = admin_save(editor_client, "first", body=body)
        record(record_property, f"admin save, {size}", name, body, started)
        topic = Topic.objects.get(slug="first")
        refused = refusal(body)
        if refused is None:
            assert response.status_code == 302, size
            assert topic.body == body and topic.revisions.count() == revisions + 1
        else:
            assert response.status_code == 200, size
            assert escape(refusal_text(refused)) in response.content.decode()
            assert topic.body != body and topic.revisions.count() == revisions


def test_the_preview_refuses_text_just_over_the_byte_limit_and_renders_it_at_the_limit(editor_client):
    assert editor_client.post(URL, {"content": "a" * MAX_BODY_BYTES}).status_code == 200
    response = editor_client.post(URL, {"content": "a" * (MAX_BODY_BYTES + 1)})
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"The page text is {MAX_BODY_BYTES + 1:,} bytes; the limit is")


def test_an_admin_save_refuses_too_many_lines_with_the_line_it_passed_on(loaded, editor_client):
    response = admin_save(editor_client, "first", body="a\n" * 6000)
    assert response.status_code == 200
    assert "Line 5,001: the page text has 6,001 lines; the limit is 5,000." in response.content.decode()
    assert Topic.objects.get(slug="first").revisions.count() == 1
