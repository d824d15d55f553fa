"""/healthz: 503 only when this server cannot serve pages (no database, no content); a missing
or stale search index is "degraded", 200, and starts a rebuild."""
import pytest
from django.core.management import call_command
from django.db import OperationalError

from mbcinfo.topics.models import ContentGeneration

from .test_outage import failing_database

pytestmark = pytest.mark.django_db


def test_healthy_site_answers_200_with_the_content_generation(client, site_content, site_index):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"status": "ok", "generation": ContentGeneration.current()}
    assert report["content"] == {"status": "ok", "topics": len(site_content.created)}


def test_unreachable_database_answers_503_as_json(client, site_index):
    with failing_database(OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "failing"
    assert report["database"] == {"status": "unreachable", "error": "OperationalError"}


def test_missing_search_index_is_degraded_not_failing_and_starts_building_it(client, site_index, settings,
                                                                             tmp_path, rebuilds_started):
    """Search answers from the database meanwhile: the server still serves every page."""
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "degraded"
    assert report["search"]["status"] == "missing"
    assert report["search"]["hint"] == "search answers from the database until this server's index is rebuilt"
    assert report["database"]["status"] == "ok"
    assert rebuilds_started == ["no search index has been built yet"]
    assert client.get("/search/?q=treatment").status_code == 200


def test_stale_search_index_is_degraded_and_starts_a_rebuild_until_it_is_rebuilt(client, site_index,
                                                                                rebuilds_started):
    """A content change made through another server leaves this server's index behind: a load
    balancer must keep sending it visitors (200), and health checks alone repair the index."""
    from django.db import transaction

    with transaction.atomic():
        ContentGeneration.bump()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["status"] == "stale"
    generation = ContentGeneration.current()
    assert rebuilds_started == [f"index reflects content generation {generation - 1}, content is at {generation}"]
    call_command("rebuild_index", verbosity=0)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["search"]["status"] == "ok"
    assert "/" not in str(response.json()["search"])  # no file paths on a public endpoint


def test_a_database_with_no_published_topics_is_not_ready_for_visitors(client, db):
    """A new server before loadcontent has run: a load balancer must not send anyone to it."""
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["database"]["status"] == "ok"
    assert report["status"] == "failing"
    assert report["content"] == {"status": "empty", "topics": 0, "hint": "no published topics: run loadcontent"}


def test_an_unreadable_search_index_is_degraded_not_failing(client, site_index, settings, tmp_path):
    """A damaged index on disk does not stop this server serving pages (search falls back)."""
    settings.SEARCH_INDEX_DIR = tmp_path / "damaged"
    settings.SEARCH_INDEX_DIR.mkdir()
    (settings.SEARCH_INDEX_DIR / "CURRENT").write_text("../elsewhere")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["status"] == "missing"
    assert response.json()["search"]["error"] == "unreadable"


def test_no_content_fails_even_when_the_search_index_is_also_missing(client, db, settings, tmp_path):
    """Failing wins over degraded: the status names the worse state."""
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["search"]["status"] == "missing"
