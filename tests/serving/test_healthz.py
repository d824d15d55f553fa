"""/healthz: the database is reachable and the search index is present and current."""
import pytest
from django.core.management import call_command
from django.db import OperationalError

from mbcinfo.topics.models import ContentGeneration

from .test_outage import failing_database

pytestmark = pytest.mark.django_db


def test_healthy_site_answers_200_with_the_content_generation(client, site_content):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"status": "ok", "generation": ContentGeneration.current()}


def test_unreachable_database_answers_503_as_json(client, site_content):
    with failing_database(OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "failing"
    assert report["database"] == {"status": "unreachable", "error": "OperationalError"}


def test_missing_search_index_answers_503_naming_the_search_part(client, site_content, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["search"]["status"] == "missing"
    assert report["database"]["status"] == "ok"


def test_stale_search_index_answers_503_until_it_is_rebuilt(client, site_content):
    from django.db import transaction

    with transaction.atomic():
        ContentGeneration.bump()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search"]["status"] == "stale"
    call_command("rebuild_index", verbosity=0)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"]["status"] == "ok"
    assert "/" not in str(response.json()["search"])  # no file paths on a public endpoint
