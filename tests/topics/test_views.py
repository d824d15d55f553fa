import pytest

from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_home_lists_every_live_topic_grouped_by_section_with_the_helpline(client, site_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for topic in Topic.objects.live():
        assert f'href="{topic.get_absolute_url()}"' in html
        assert topic.section in html
    assert 'href="tel:+18774656636"' in html
    assert 'action="/search/"' in html


def test_every_topic_page_answers_with_one_h1_breadcrumb_contents_and_review_dates(client, site_content):
    for topic in Topic.objects.live():
        response = client.get(topic.get_absolute_url())
        assert response.status_code == 200, topic.slug
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert 'aria-label="Breadcrumb"' in html
        assert "Page last reviewed" in html and "Next review due" in html
        assert "Skip to main content" in html
        assert 'href="/topics/about/"' in html
        for item in topic.toc:
            assert f'id="{item["id"]}"' in html


def test_topic_shows_related_topics_and_reading_order_neighbours(client, site_content):
    topic = Topic.objects.live().in_reading_order()[1]
    html = client.get(topic.get_absolute_url()).content.decode()
    previous, following = topic.neighbours()
    assert 'rel="prev"' in html and previous.get_absolute_url() in html
    assert following.get_absolute_url() in html
    for slug in topic.related:
        assert f'href="/topics/{slug}/"' in html


def test_unknown_slug_gives_the_helpful_404_page(client, site_content):
    response = client.get("/topics/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert 'name="q"' in html and "tel:+18774656636" in html
    assert "/topics/treatment/" in html


def test_drafts_are_hidden_from_the_public_but_previewable_by_staff(client, admin_client, site_content):
    Topic.objects.filter(slug="treatment").update(status=Topic.Status.DRAFT)
    assert client.get("/topics/treatment/").status_code == 404
    response = admin_client.get("/topics/treatment/")
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_about_address_leads_to_the_about_page(client, site_content):
    response = client.get("/about/", follow=True)
    assert response.status_code == 200
    assert "About this information" in response.content.decode()


def test_anonymous_pages_set_no_cookies(client, site_content):
    for url in ["/", "/topics/treatment/", "/topics/nope/"]:
        assert not client.get(url).cookies, url
