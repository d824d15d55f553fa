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
    assert report["content"] == {"status": "ok", "topics": len(site_content.created)}


def test_unreachable_database_answers_503_as_json(client, site_content):
    with failing_database(OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "failing"
    assert report["database"] == {"status": "unreachable", "error": "OperationalError"}


def test_missing_search_index_answers_503_and_starts_building_it(client, site_content, settings, tmp_path,
                                                                  rebuilds_started):
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["search"]["status"] == "missing"
    assert report["database"]["status"] == "ok"
    assert rebuilds_started == ["no search index has been built yet"]


def test_stale_search_index_answers_503_and_starts_a_rebuild_until_it_is_rebuilt(client, site_content,
                                                                                 rebuilds_started):
    """A server whose index fell behind a change made through another server, and which a
    load balancer has taken out (so it gets health checks but no searches), repairs itself."""
    from django.db import transaction

    with transaction.atomic():
        ContentGeneration.bump()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search"]["status"] == "stale"
    generation = ContentGeneration.current()
    assert rebuilds_started == [f"index reflects content generation {generation - 1}, content is at {generation}"]
    call_command("rebuild_index", verbosity=0)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"]["status"] == "ok"
    assert "/" not in str(response.json()["search"])  # no file paths on a public endpoint


def test_a_database_with_no_published_topics_is_not_ready_for_visitors(client, db):
    """A new server before loadcontent has run: a load balancer must not send anyone to it."""
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["database"]["status"] == "ok"
    assert report["content"] == {"status": "empty", "topics": 0, "hint": "no published topics: run loadcontent"}
