"""Routes by reader: the home page's ways in ("Just found out", "Caring for someone", …) come
from each page's `audiences:` front matter; every page is on at least one, in reading order."""
import re

import pytest

from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import Topic
from mbcinfo.topics.routes import KEYS, ROUTES, routes_with_pages


def front(audiences_yaml):
    return (f"---\ntitle: T\nslug: t\nsummary: S.\n{audiences_yaml}---\n\n## A\n\nText.\n").encode()


def test_the_four_routes_are_declared_once_in_the_order_the_home_page_shows_them():
    assert [str(route.title) for route in ROUTES] == [
        "Just found out", "Caring for someone", "Money and practical help", "Research and advocacy"]
    assert len(set(KEYS)) == len(KEYS)


def test_front_matter_takes_known_audiences_and_refuses_an_unknown_one_with_its_line():
    assert frontmatter.parse("t.md", front("audiences:\n- caring\n- just-found-out\n")).meta["audiences"] == [
        "caring", "just-found-out"]
    problems = frontmatter.parse("t.md", front("audiences:\n- carers\n")).problems
    assert [(p.line, "'carers', which is no reader route" in p.message, "caring" in p.message)
            for p in problems] == [(5, True, True)]
    problems = frontmatter.parse("t.md", front("audiences:\n- 3\n")).problems
    assert ["must list reader routes as text" in p.message for p in problems] == [True]


def test_a_page_without_audiences_loads_and_is_on_no_route():
    assert "audiences" not in frontmatter.parse("t.md", front("")).meta


class Page:
    def __init__(self, slug, audiences):
        self.slug, self.audiences = slug, audiences


def test_routes_keep_the_order_pages_are_given_in_and_ignore_unknown_keys():
    pages = [Page("a", ["caring"]), Page("b", ["caring", "just-found-out"]), Page("c", ["gone"])]
    routes = dict((route.key, [page.slug for page in listed]) for route, listed in routes_with_pages(pages))
    assert routes == {"just-found-out": ["b"], "caring": ["a", "b"],
                      "money-and-practical-help": [], "research-and-advocacy": []}


@pytest.mark.django_db
def test_every_shipped_page_is_on_at_least_one_route(site_content):
    on_a_route = {page.slug for _, pages in Topic.objects.live().by_route() for page in pages}
    assert on_a_route == set(Topic.objects.live().values_list("slug", flat=True))


@pytest.mark.django_db
def test_every_route_has_pages_and_lists_them_in_reading_order(site_content):
    reading_order = list(Topic.objects.live().in_reading_order().values_list("slug", flat=True))
    for route, pages in Topic.objects.live().by_route():
        slugs = [page.slug for page in pages]
        assert slugs, f"no page is on the route {route.key}"
        assert slugs == sorted(slugs, key=reading_order.index), route.key


@pytest.mark.django_db
def test_the_caregiver_route_starts_from_the_caregiver_page_on_the_home_page(client, site_content):
    html = client.get("/").content.decode()
    route = re.search(r'<li class="route" id="route-caring">(.*?)</li>\s*\n', html, re.S).group(1)
    assert "Caring for someone" in route
    assert '<a href="/topics/caring-for-someone/">' in route


@pytest.mark.django_db
def test_the_home_page_lists_each_routes_pages_as_links_in_reading_order(client, site_content):
    html = client.get("/").content.decode()
    for route, pages in Topic.objects.live().by_route():
        block = re.search(rf'id="route-{route.key}">.*?<ol>(.*?)</ol>', html, re.S).group(1)
        assert re.findall(r'href="/topics/([^/]+)/"', block) == [page.slug for page in pages]


@pytest.mark.django_db
def test_a_draft_is_on_no_route(site_content):
    Topic.objects.filter(slug="caring-for-someone").update(status=Topic.Status.DRAFT)
    assert all(page.slug != "caring-for-someone" for _, pages in Topic.objects.live().by_route() for page in pages)


@pytest.mark.django_db
def test_the_caregiver_page_links_to_the_pages_that_matter_to_a_caregiver(client, site_content):
    html = client.get("/topics/caring-for-someone/").content.decode()
    for slug in ("treatment", "palliative-care", "emotional-support", "financial-help", "mbc-alliance"):
        assert f'href="/topics/{slug}/"' in html, slug
