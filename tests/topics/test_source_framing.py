"""The pages keep the source's framing where a check of figures cannot see it: the reading
order, the caution against over-reading the statistics, Komen's resources where they belong,
and the helpline said to do only what the source says it does, the same way everywhere."""
import re
from pathlib import Path

import pytest
from django.template import loader

from mbcinfo.topics.models import Topic
from mbcinfo.topics.site import site_facts

pytestmark = pytest.mark.django_db

HELPLINE_LINK = "tel:+18774656636"
ALLIANCE_FINDING = "/topics/mbc-alliance/#what-the-review-found"


def test_treatment_comes_before_prognosis_in_the_reading_order_as_in_the_source(site_content):
    order = [topic.slug for topic in Topic.objects.live().in_reading_order()]
    assert order.index("how-common") < order.index("treatment") < order.index("outlook")
    assert Topic.objects.get(slug="how-common").neighbours()[1].slug == "treatment"


def test_each_section_is_one_run_of_the_reading_order_so_home_and_pager_agree(site_content):
    sections = [topic.section for topic in Topic.objects.live().in_reading_order()]
    runs = [section for i, section in enumerate(sections) if i == 0 or sections[i - 1] != section]
    assert len(runs) == len(set(runs)), runs


@pytest.mark.parametrize("slug", ["how-common", "outlook"])
def test_pages_that_quote_statistics_link_to_the_alliances_finding_that_they_are_lacking(site_content, slug):
    topic = Topic.objects.get(slug=slug)
    assert f'href="{ALLIANCE_FINDING}"' in topic.body_html
    assert "lack of accurate statistics" in topic.body
    alliance = Topic.objects.get(slug="mbc-alliance")
    assert "what-the-review-found" in {item["id"] for item in alliance.toc}


@pytest.mark.parametrize("slug, titles", [
    ("palliative-care", ["Managing Pain", "Perspective: Palliative Care for Breast Cancer – Important and Often Underused"]),
    ("financial-help", ["How to Find Financial Assistance"]),
    ("treatment", ["Treatments for Metastatic Breast Cancer", "Emerging Areas in Treatment"]),
    ("emotional-support", ["Support for People with Metastatic Breast Cancer"]),
])
def test_each_komen_resource_is_shown_on_the_page_it_belongs_to(site_content, seed_text, slug, titles):
    body = Topic.objects.get(slug=slug).body
    for title in titles:
        assert title in seed_text and title in body, title


def test_every_page_that_gives_the_helpline_number_says_the_same_thing_about_when_to_call(site_content):
    note = site_facts()["helpline"]["note"]
    giving = [topic for topic in Topic.objects.live() if HELPLINE_LINK in topic.body_html]
    assert {topic.slug for topic in giving} >= {"financial-help", "emotional-support"}
    for topic in giving:
        assert note in topic.body, topic.slug


def test_the_helpline_note_says_only_what_the_source_says_it_does(seed_text):
    note = site_facts()["helpline"]["note"]
    assert "local organizations and resources that may" in note
    assert "local organizations and resources that may provide financial assistance and other support services" in seed_text


PROMISES = re.compile(r"talk to someone|open to you|open now|24 hours|any time|questions\? call", re.IGNORECASE)


@pytest.mark.parametrize("template", ["includes/helpline.html", "503.html", "topics/appointment_sheet.html"])
def test_no_template_promises_more_of_the_helpline_than_the_source(template):
    path = Path(loader.get_template(template).origin.name)
    assert not PROMISES.search(path.read_text()), template


def test_the_outage_page_shows_what_the_helpline_does_without_promising_it_is_open():
    from mbcinfo.errorpages import database_unavailable

    html = database_unavailable().content.decode()
    assert site_facts()["helpline"]["note"] in html and HELPLINE_LINK in html
    assert not PROMISES.search(html)


def test_the_outlook_summary_keeps_may_the_attribution_and_both_figures(site_content):
    summary = Topic.objects.get(slug="outlook").summary
    assert "may live 10 years or more" in summary
    assert "As reported by Susan G. Komen" in summary and "about 37 percent" in summary


def test_how_common_gives_the_share_of_women_diagnosed_without_only(site_content):
    topic = Topic.objects.get(slug="how-common")
    for text in (topic.summary, topic.body):
        assert "only about 5 percent" not in text.casefold()
    assert "about 5 percent of women diagnosed with breast cancer" in topic.body


def test_the_research_goal_keeps_recently_announced_and_names_the_nation(site_content):
    body = Topic.objects.get(slug="komen-research").body
    assert "recently announced" in body and "the nation's (the U.S.)" in body
    assert "Projects include" in body and "not a full list" in body

