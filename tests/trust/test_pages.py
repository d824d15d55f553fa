"""The accessibility statement and the editorial policy: linked from every page, and showing
live figures from the database (each page's review dates and reading grade, the claims count)."""
import datetime

import pytest
from django.utils.html import escape

from mbcinfo.editing.lint import body_grade, check_topic, KnownPages
from mbcinfo.topics import clock
from mbcinfo.topics.models import Topic
from mbcinfo.topics.rendering import render_body
from mbcinfo.trust.figures import page_figures, registered_claims


def english_live_topics():
    """The trust pages list the English pages (they are in English only)."""
    return Topic.objects.live().count()


pytestmark = pytest.mark.django_db
TRUST_PAGES = ["/accessibility/", "/editorial-policy/"]


@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_page_lists_every_live_page_with_its_review_dates_and_reading_grade(client, site_content, path):
    html = client.get(path).content.decode()
    topics = list(Topic.objects.live())
    listed = html[html.index('<ul class="figures">'):]
    assert listed[:listed.index("</ul>")].count("<li>") == english_live_topics() > 0
    for topic in topics:
        row = html[html.index(f'<a href="{topic.get_absolute_url()}">{escape(topic.title)}</a>'):]
        row = row[: row.index("</li>")]
        assert topic.last_reviewed.strftime("%-d %B %Y") in row
        assert topic.next_review.strftime("%-d %B %Y") in row
        assert f'<span class="grade">{body_grade(render_body(topic.body))}' in row


def test_the_reading_grade_is_the_one_checkcontent_reports(site_content):
    for figures in page_figures():
        assert figures.grade == check_topic(figures.topic, KnownPages()).grade_body


@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_page_figures_are_live(client, site_content, path):
    topic = Topic.objects.live().first()
    topic.last_reviewed = datetime.date(2026, 12, 1)
    topic.save()
    assert "1 December 2026" in client.get(path).content.decode()


@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_page_marks_a_page_past_its_review_date(client, site_content, path, monkeypatch):
    assert "(due now)" not in client.get(path).content.decode()
    latest = max(topic.next_review for topic in Topic.objects.live())
    monkeypatch.setattr(clock, "today", lambda: latest + datetime.timedelta(days=1))
    assert client.get(path).content.decode().count("(due now)") == english_live_topics()


@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_page_shows_the_number_of_registered_claims(client, site_content, path):
    html = client.get(path).content.decode()
    claims = registered_claims()
    if claims is None:  # no claims register installed: the page says so rather than a number
        assert "The register of factual claims is not in place on this site yet." in html
    else:
        from django.apps import apps
        assert claims == apps.get_model("topics", "Claim").objects.count()
        assert f"The claims register holds {claims} factual claim" in html


def test_every_page_links_both_trust_pages_from_its_footer(client, site_content):
    for path in ["/", "/glossary/", "/updates/", "/no-such-page/", *TRUST_PAGES,
                 *(topic.get_absolute_url() for topic in Topic.objects.live())]:
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">'):]
        assert 'href="/accessibility/"' in footer and 'href="/editorial-policy/"' in footer, path
        assert 'href="/updates/"' in footer, path


def test_accessibility_statement_says_what_it_is_tested_with_and_when(client, site_content):
    html = client.get("/accessibility/").content.decode()
    for part in ("WCAG", "axe-core 4.12.1", "Nu HTML Checker", "Keyboard", "Lighthouse 12.2.3",
                 "2 December 2026", "26 November 2026", "What we know does not work well yet",
                 "How to tell us about a problem"):
        assert part in html, part


def test_editorial_policy_names_the_source_the_review_cycle_and_no_adverts(client, site_content):
    html = client.get("/editorial-policy/").content.decode()
    for part in ("editorial team", "Susan G. Komen overview of metastatic breast cancer",
                 "at least every six months", "no adverts", "no cookies"):
        assert part in html, part
