"""/healthz: the database part now; the search part is wired when the search app is merged."""
import pytest
from django.apps import apps
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


@pytest.mark.skipif(apps.is_installed("mbcinfo.search"), reason="the search app is installed")
def test_without_the_search_app_search_is_reported_unavailable_and_does_not_fail(client, site_content):
    report = client.get("/healthz").json()
    assert report["search"]["status"] == "unavailable"
    assert report["status"] == "ok"
