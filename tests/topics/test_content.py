"""The shipped pages carry the source document's facts exactly, and nothing marks them unsafe."""
import re

import pytest

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db

# (page slug, text exactly as the source gives the figure)
FIGURES = [
    ("how-common", "about 5 percent"),
    ("outlook", "about 37 percent"),
    ("outlook", "at least 3 years"),
    ("outlook", "10 years or more"),
    ("financial-help", "1-877 GO KOMEN (1-877-465-6636)"),
    ("komen-research", "40,000"),
    ("komen-research", "50 percent in 10 years"),
    ("komen-research", "$920 million"),
    ("komen-research", "$166 million"),
    ("komen-research", "400 research grants"),
    ("komen-research", "40 clinical trials"),
    ("mbc-alliance", "October 13, 2013"),
    ("mbc-alliance", "15 other breast cancer charities"),
    ("mbc-alliance", "5 pharmaceutical companies"),
    ("mbc-alliance", "40 members"),
    ("mbc-alliance", "7 percent"),
    ("treatment", "Dr. Wendy Chen"),
    ("treatment", "Dana-Farber Cancer Institute"),
]


@pytest.fixture
def pages(client):
    assert load_directory().ok
    return {topic.slug: client.get(topic.get_absolute_url()).content.decode() for topic in Topic.objects.live()}


@pytest.mark.parametrize("slug, figure", FIGURES)
def test_each_figure_appears_on_its_page_exactly_as_the_source_gives_it(seed_text, pages, slug, figure):
    assert figure in seed_text or figure.replace("$", "") in seed_text
    # The text a reader sees: tags (a link, a span that keeps a number on one line) are not text.
    text = re.sub(r"<[^>]+>", "", pages[slug])
    text = re.sub(r"\s+", " ", text.replace("&#x27;", "'").replace("&quot;", '"'))
    assert figure in text


def test_the_oncologist_is_quoted_word_for_word(seed_text, pages):
    quote = ("Recent advances in the treatment of metastatic breast cancer can help to prolong length of "
             "life and quality of life. The best treatment course can be very different for different people.")
    assert quote in seed_text
    assert quote in re.sub(r"\s+", " ", pages["treatment"])


def test_every_number_on_the_site_comes_from_the_source(seed_text, pages):
    """A figure that is not in the source document was invented: refuse it."""
    allowed = {number.rstrip(",") for number in re.findall(r"\d[\d,]*", seed_text)}
    allowed |= {"4"}  # "stage 4" is the source's "stage IV" written the way people search for it
    for slug, html in pages.items():
        body = Topic.objects.get(slug=slug).body + Topic.objects.get(slug=slug).summary
        body = re.sub(r"\]\([^)]*\)", "]", body)  # link targets are addresses, not facts
        for number in re.findall(r"\d[\d,]*", body):
            assert number.rstrip(",") in allowed, f"{slug}: {number} is not in the source"


def test_no_page_links_off_site_except_telephone():
    assert load_directory().ok
    for topic in Topic.objects.all():
        for href in re.findall(r'href="([^"]+)"', topic.body_html):
            assert href.startswith(("/", "#", "tel:")), f"{topic.slug}: {href}"
