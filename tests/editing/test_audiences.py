"""Editors choose a page's routes by reader in the admin, and a save keeps them otherwise."""
import pytest

from mbcinfo.topics.models import Topic
from tests.admin_forms import admin_save

pytestmark = pytest.mark.django_db


def test_the_admin_keeps_a_pages_routes_and_changes_them_when_asked(editor_client, site_content):
    assert admin_save(editor_client, "financial-help", title="Help with money").status_code == 302
    assert Topic.objects.get(slug="financial-help").audiences == ["caring", "money-and-practical-help"]
    assert admin_save(editor_client, "financial-help", audiences=["research-and-advocacy"]).status_code == 302
    assert Topic.objects.get(slug="financial-help").audiences == ["research-and-advocacy"]
    assert "- research-and-advocacy" in Topic.objects.get(slug="financial-help").to_markdown()


def test_the_admin_refuses_a_route_that_does_not_exist(editor_client, site_content):
    response = admin_save(editor_client, "financial-help", audiences=["no-such-route"])
    assert response.status_code == 200 and "no-such-route" in response.content.decode()
    assert Topic.objects.get(slug="financial-help").audiences == ["caring", "money-and-practical-help"]
