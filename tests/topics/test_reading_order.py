"""What pages list: topics grouped by section, and a topic's previous and next in reading order,
found by the database without loading every live topic."""
import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db
MORE_TOPICS = 60


@pytest.fixture
def shipped_content():
    report = load_directory()
    assert report.ok, [str(p) for p in report.problems]


def add_topic(slug, order, title=None, **fields):
    return Topic.objects.create(slug=slug, title=title or slug.title(), summary="A summary.",
                                section=fields.pop("section", "More"), order=order, body="Text.", **fields)


def add_many_topics():
    for number in range(MORE_TOPICS):
        add_topic(f"extra-{number:03}", order=5000 + number)


def get_uncached(client, path):
    caches["pages"].clear()  # the page cache would answer without running the view
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_neighbours_follow_reading_order_and_skip_drafts_and_withdrawn_pages():
    first = add_topic("first", 10)
    add_topic("draft", 15, status=Topic.Status.DRAFT)
    beta = add_topic("beta", 20, title="Beta")
    alpha = add_topic("alpha", 20, title="Alpha")  # same order: the title decides
    add_topic("gone", 25, withdrawn=True)
    last = add_topic("last", 30)

    def slugs(pair):
        return tuple(topic.slug if topic else None for topic in pair)

    assert slugs(first.neighbours()) == (None, "alpha")
    assert slugs(alpha.neighbours()) == ("first", "beta")
    assert slugs(beta.neighbours()) == ("alpha", "last")
    assert slugs(last.neighbours()) == ("beta", None)
    assert slugs(Topic.objects.get(slug="draft").neighbours()) == (None, None)
    assert slugs(Topic.objects.live().neighbours_of("no-such-topic")) == (None, None)


def test_by_section_lists_live_topics_in_reading_order_each_section_where_it_first_appears():
    add_topic("b-one", 10, section="B")
    add_topic("a-one", 20, section="A")
    add_topic("b-two", 30, section="B")
    add_topic("a-draft", 5, section="A", status=Topic.Status.DRAFT)
    grouped = [(section, [topic.slug for topic in topics]) for section, topics in Topic.objects.live().by_section()]
    assert grouped == [("B", ["b-one", "b-two"]), ("A", ["a-one"])]


def test_a_topic_page_builds_only_itself_its_neighbours_and_related_pages(client, shipped_content):
    add_many_topics()
    topic = Topic.objects.get(slug="treatment")
    previous, following = topic.neighbours()
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance.slug)

    post_init.connect(count, sender=Topic)
    try:
        get_uncached(client, topic.get_absolute_url())
    finally:
        post_init.disconnect(count, sender=Topic)
    assert sorted(built) == sorted([topic.slug, previous.slug, following.slug, *topic.related])


def test_a_topic_page_makes_the_same_queries_however_many_topics_there_are(
        client, shipped_content, django_assert_num_queries):
    with CaptureQueriesContext(connection) as queries:
        get_uncached(client, "/topics/treatment/")
    add_many_topics()
    with django_assert_num_queries(len(queries)):
        get_uncached(client, "/topics/treatment/")


@pytest.mark.slow
def test_a_topic_page_makes_the_same_queries_on_a_database_of_the_whole_corpus(
        client, corpus_dir, tmp_path, django_assert_num_queries):
    page = "/topics/15q13-3-microdeletion/"
    few = sorted(corpus_dir.glob("*.md"))[:10]  # the page, its neighbours and a few more
    for path in few:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert load_directory(tmp_path, allow_extra_fields=True).ok
    with CaptureQueriesContext(connection) as queries:
        get_uncached(client, page)
    Topic.objects.all().delete()
    report = load_directory(corpus_dir, allow_extra_fields=True)
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert len(report.created) == len(list(corpus_dir.glob("*.md"))) - 1  # all but the licence
    with django_assert_num_queries(len(queries)):
        get_uncached(client, page)
