"""The Nu HTML Checker (vnu.jar, pinned in package-lock.json) finds no error on any page type.

The pages are fetched with Django's test client (no browser needed) and checked in one run of
the checker, which takes a few seconds to start.
"""
import json
import os
import shutil
import subprocess

import pytest
from django.conf import settings

from mbcinfo.topics.loader import load_directory

from ..chromium import in_ci
from .conftest import SEARCH_PATHS, content_slugs, page_paths

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def vnu():
    java = shutil.which("java")
    missing = None if java else "java is not installed (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        missing = f"{VNU_JAR} is missing: run `make test` (it runs npm ci) or `npm ci --ignore-scripts`"
    if missing:
        if in_ci():
            pytest.fail(f"Nu HTML Checker unavailable: {missing} — CI=true, so this is a failure.", pytrace=False)
        pytest.skip(f"Nu HTML Checker unavailable: {missing}")

    def check(files):
        result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                                capture_output=True, text=True, timeout=300)
        return json.loads(result.stderr or '{"messages": []}')["messages"]

    return check


def test_every_page_type_has_no_html_errors(client, vnu, tmp_path):
    assert load_directory().ok
    pages = page_paths(content_slugs()) + [(name, "/search/" + query) for name, query in SEARCH_PATHS]
    files = []
    for name, path in pages:
        response = client.get(path)
        assert response.status_code == (404 if name.endswith("not-found") else 200), path
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = [f"{os.path.basename(m.get('url', ''))}:{m.get('lastLine')}: {m['message']}" for m in vnu(files)]
    assert errors == []


def test_the_checker_reports_errors_it_is_given(vnu, tmp_path):
    """A checker that says nothing about broken HTML would prove nothing above."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>t</title><p><div id=a></div><div id=a></div>")
    messages = vnu([broken])
    assert any("Duplicate ID" in message["message"] for message in messages)
