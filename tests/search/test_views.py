"""The results page and the suggestions endpoint: every input answers, nothing else leaks."""
import re

import pytest
from django.urls import reverse
from django.utils import translation

from mbcinfo.search.engine import Hit, SearchPage
from mbcinfo.search.models import MissedQuery

from ..shipped import topics_mentioning
from .test_query import HOSTILE

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_urls_keep_their_agreed_names():
    assert reverse("search:results") == "/search/"
    assert reverse("search:suggest") == "/search/suggest/"


def test_results_show_count_title_breadcrumb_highlighted_snippet_and_keep_the_query(client, site_index):
    html = page(client, q="hospice")
    assert '<h1>Search results</h1>' in html
    assert re.search(r'role="status">\d+ results? for “<strong>hospice</strong>”', html)
    assert 'id="results-search-q" type="search" name="q" value="hospice"' in html
    assert '<a href="/topics/palliative-care/#end-of-life-care-and-hospice">Palliative care, end-of-life care and hospice</a>' in html
    assert "Treatment and care <span aria-hidden=\"true\">›</span> Palliative care" in html
    assert "<mark>hospice</mark>" in html
    assert "<title>" in html and "for “hospice”" in html
    assert '<meta name="robots" content="noindex">' in html


def test_did_you_mean_is_a_link_to_the_corrected_search(client, site_index):
    html = page(client, q="paliative care")
    assert 'Did you mean <a href="/search/?q=palliative%20care"><em>palliative care</em></a>?' in html


def test_a_long_search_names_the_words_it_left_out_in_the_language_of_the_page(client, site_index):
    numbers = " ".join(f"w{i}" for i in range(14))
    assert "Your search was long, so these words were left out: w12, w13." in page(client, q=numbers)
    with translation.override(None):  # the request activates Spanish; later reverse() stays English
        response = client.get("/es/buscar/", {"q": numbers})
    assert "Su búsqueda era larga, así que se dejaron fuera estas palabras: w12, w13." in response.content.decode()
    assert "were left out" not in page(client, q=" ".join(f"w{i}" for i in range(12)))


def test_no_results_page_helps_with_spelling_topics_and_the_helpline(client, site_index):
    html = page(client, q="xylophone")
    assert "No results for “<strong>xylophone</strong>”" in html
    assert "Check the spelling" in html
    assert 'href="/topics/treatment/"' in html  # browse topics
    assert 'href="tel:+18774656636"' in html


def test_an_empty_search_shows_the_box_and_the_topics(client, site_index):
    html = page(client)
    assert "<h1>Search this site</h1>" in html and 'href="/topics/outlook/"' in html
    assert 'role="status"' not in html
    assert not MissedQuery.objects.exists()


def test_pagination_is_a_labelled_nav_with_the_current_page_marked(client, site_index):
    found = topics_mentioning("cancer")  # every page, one result each: more than one page of ten
    last = -(-found // 10)
    assert last >= 2
    html = page(client, q="cancer", page=str(last))
    assert f"{found} results for" in html and f"(page {last} of {last})" in html
    assert '<nav class="pagination" aria-label="Search results pages">' in html
    assert f'aria-label="Page {last}" aria-current="page"' in html
    assert 'rel="prev"' in html and f'href="?q=cancer&amp;page={last - 1}"' in html and 'rel="next"' not in html
    assert f'<ol class="search-results" start="{10 * (last - 1) + 1}">' in html
    assert html.count('class="search-result"') == found - 10 * (last - 1)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999", "1" * 5000, "1e9", "\x00", "２", "", "1.5"])
def test_a_bad_page_number_never_fails(client, site_index, value):
    html = page(client, q="cancer", page=value)
    assert 'class="search-results"' in html


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_queries_answer_200(client, site_index, text):
    response = client.get("/search/", {"q": text.encode("utf-8", "surrogatepass")})
    assert response.status_code == 200
    assert "<h1>Search results</h1>" in response.content.decode()


@pytest.mark.parametrize("query_string", [
    "q=%ff%fe%fd", "q=%", "q=%zz%", "q=%ED%A0%80care", "q=care%00plan", "q=a&q=b&q=%C0%AF",
    "page=%ff&q=care", "q=" + "%28" * 3000,
])
def test_broken_percent_encoding_answers_200(client, site_index, query_string):
    response = client.get("/search/", QUERY_STRING=query_string)
    assert response.status_code == 200


def test_search_answers_are_kept_by_no_shared_cache(client, site_index):
    assert client.get("/search/", {"q": "hospice"})["Cache-Control"] == "private, no-cache"
    assert client.get("/search/suggest/", {"q": "hosp"})["Cache-Control"] == "private, max-age=60"


def test_the_search_page_sets_no_cookies_for_visitors(client, site_index):
    response = client.get("/search/", {"q": "hospice"})
    assert not response.cookies
    response = client.get("/search/suggest/", {"q": "hosp"})
    assert not response.cookies


def test_only_get_and_head_are_allowed(client, site_index):
    assert client.post("/search/", {"q": "x"}).status_code == 405
    assert client.head("/search/?q=hospice").status_code == 200


def test_results_page_has_no_inline_script_style_or_handlers(client, site_index):
    html = page(client, q="paliative")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert re.search(r'<script src="/static/js/search-autocomplete\.[0-9a-f]+\.js" defer>', html)


def test_results_are_answered_from_the_database_when_there_is_no_index(client, site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    html = page(client, q="hospice")
    assert '<a href="/topics/palliative-care/' in html and "<mark>hospice</mark>" in html


def test_suggest_returns_titles_then_headings_as_json(client, site_index):
    response = client.get("/search/suggest/", {"q": "pall"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    suggestions = response.json()["suggestions"]
    assert suggestions[0] == {"label": "Palliative care, end-of-life care and hospice",
                              "url": "/topics/palliative-care/", "context": "Treatment and care"}
    headings = [s for s in suggestions if "#" in s["url"]]
    assert {"label": "When palliative care should start",
            "url": "/topics/palliative-care/#when-palliative-care-should-start",
            "context": "Palliative care, end-of-life care and hospice"} in headings
    assert len(suggestions) <= 8


def test_suggest_matches_the_start_of_every_word_typed(client, site_index):
    labels = [s["label"] for s in client.get("/search/suggest/", {"q": "money bi"}).json()["suggestions"]]
    assert labels == ["Help with money and bills"]
    assert client.get("/search/suggest/", {"q": "p"}).json() == {"suggestions": []}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_suggest_answers_hostile_input_with_json(client, site_index, text):
    response = client.get("/search/suggest/", {"q": text.encode("utf-8", "surrogatepass")})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_suggest_works_from_the_database_when_there_is_no_index(client, site_content, monkeypatch):
    monkeypatch.setattr("mbcinfo.search.index.schedule_rebuild", lambda reason: None)
    labels = [s["label"] for s in client.get("/search/suggest/", {"q": "hosp"}).json()["suggestions"]]
    assert labels[0] == "Palliative care, end-of-life care and hospice"
    assert "End-of-life care and hospice" in labels


def test_pagination_links_every_page_near_the_current_one_and_never_hides_just_one(client, monkeypatch):
    """Page 5 of 10: pages 1 to 7, a gap, then 10. A gap standing for one page (page 2 between
    1 and 3) would hide a link in the space the gap takes."""
    hit = Hit(title="A page", url="/topics/a-page/", section="A section", heading="", snippet="Text.")
    monkeypatch.setattr("mbcinfo.search.views.search",
                        lambda text, number, language: SearchPage(query=text, hits=[hit] * 10, total=95, page=5))
    html = page(client, q="words", page="5")
    assert re.findall(r'aria-label="Page (\d+)"', html) == ["1", "2", "3", "4", "5", "6", "7", "10"]
    assert html.count('<li class="gap" aria-hidden="true">') == 1
    assert 'aria-label="Page 5" aria-current="page"' in html
    assert 'href="?q=words&amp;page=4" rel="prev"' in html and 'href="?q=words&amp;page=6" rel="next"' in html
    assert '<ol class="search-results" start="41">' in html and "95 results" in html and "(page 5 of 10)" in html
