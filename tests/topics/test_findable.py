"""Findable and trustworthy: JSON-LD per topic, canonical links, descriptions, sitemap, robots."""
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_topics():
    assert load_directory().ok
    return list(Topic.objects.live())


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_every_topic_has_medical_web_page_json_ld_from_its_own_fields(client, live_topics):
    for topic in live_topics:
        data = json_ld(client.get(topic.get_absolute_url()).content.decode())
        assert data["@type"] == "MedicalWebPage"
        assert data["name"] == topic.title
        assert data["description"] == topic.summary
        assert data["lastReviewed"] == topic.last_reviewed.isoformat()
        assert data["about"]["@type"] == "MedicalCondition"
        assert data["about"]["name"] == "Metastatic breast cancer"
        assert data["url"] == f"http://testserver/topics/{topic.slug}/"


def test_json_ld_cannot_close_its_script_element(client, live_topics):
    topic = live_topics[0]
    Topic.objects.filter(pk=topic.pk).update(summary="</script><script>alert(1)</script> & more")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script> & more"


@pytest.mark.parametrize("path", ["/", "/glossary/", "/topics/outlook/"])
def test_indexable_pages_have_a_canonical_link_and_a_meta_description(client, live_topics, path):
    html = client.get(path).content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert len(description) > 40


def test_topic_description_is_its_summary(client, live_topics):
    topic = live_topics[0]
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f'<meta name="description" content="{topic.summary}">' in html.replace("&#x27;", "'")


@pytest.mark.parametrize("path", ["/topics/outlook/print/", "/offline/"])
def test_print_sheets_and_the_offline_page_are_not_indexed(client, live_topics, path):
    html = client.get(path).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_sitemap_lists_every_live_topic_home_and_glossary_with_lastmod(client, live_topics):
    Topic.objects.filter(slug="outlook").update(status=Topic.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.fromstring(response.content).findall("s:url", namespace)
    locations = {url.find("s:loc", namespace).text: url.find("s:lastmod", namespace) for url in urls}
    expected = {f"http://testserver/topics/{t.slug}/" for t in live_topics if t.slug != "outlook"}
    # The Spanish edition is listed too, each translation as its English page's alternate (so
    # not the translation of the draft).
    spanish = {f"http://testserver/es/temas/{t.slug}/" for t in Topic.objects.live("es") if t.translation_of != "outlook"}
    assert set(locations) == expected | spanish | {"http://testserver/", "http://testserver/glossary/",
                                                   "http://testserver/es/", "http://testserver/es/glosario/"}
    assert all(lastmod is not None and re.match(r"\d{4}-\d\d-\d\d", lastmod.text) for lastmod in locations.values())


def test_robots_txt_allows_the_site_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /\n" not in text


def test_appointment_sheet_of_a_missing_or_draft_topic_is_not_found(client, live_topics):
    assert client.get("/topics/no-such-topic/print/").status_code == 404
    Topic.objects.filter(slug="outlook").update(status=Topic.Status.DRAFT)
    assert client.get("/topics/outlook/print/").status_code == 404
    assert client.get("/topics/treatment/print/").status_code == 200


def test_a_topic_renders_without_a_request_with_relative_addresses(live_topics):
    """Other apps (previews, emails) may render the topic template with no request."""
    from django.template.loader import render_to_string

    from mbcinfo.topics.site import site_facts

    topic = live_topics[0]
    html = render_to_string("topics/topic.html", {"topic": topic, "site": site_facts()})
    assert f'<link rel="canonical" href="/topics/{topic.slug}/">' in html
    assert json_ld(html)["url"] == f"/topics/{topic.slug}/"
