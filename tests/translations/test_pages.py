"""The Spanish edition's pages: addresses under /es/, the language from the address alone,
links and hreflang alternates to the counterpart, the sitemap, JSON-LD and the outdated notice."""
import json
import re
from xml.etree import ElementTree

import pytest
from django.core.cache import caches

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db

SPANISH_PAGES = ["/es/", "/es/temas/cuidados-paliativos/", "/es/temas/cuidados-paliativos/imprimir/",
                 "/es/glosario/", "/es/buscar/?q=hospicio", "/es/buscar/?q=zzzqqxw", "/es/sin-conexion/"]


@pytest.fixture
def shipped(db):
    report = load_directory()
    assert report.ok, [str(p) for p in report.problems]
    caches["pages"].clear()


def html_of(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response.content.decode()


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_every_spanish_page_type_is_in_spanish_without_a_cookie(client, shipped, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert 'hreflang="en" lang="en">English</a>' in html
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", ["/es/no-hay-tal-pagina/", "/es/temas/no-hay-tal-tema/", "/es/temas/palliative-care/"])
def test_a_missing_spanish_page_gets_the_spanish_404_listing_spanish_topics(client, shipped, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es">' in html and "No encontramos esa página" in html
    assert 'href="/es/temas/cuidados-paliativos/"' in html
    assert 'href="/topics/' not in html.split("<main")[1].split("</main>")[0]


def test_an_english_slug_under_topics_is_not_served_in_spanish_and_vice_versa(client, shipped):
    assert client.get("/topics/cuidados-paliativos/").status_code == 404
    assert client.get("/es/temas/palliative-care/").status_code == 404


def test_accept_language_spanish_gets_english_at_the_root_and_no_redirect(client, shipped):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Vary" not in response.headers or "Accept-Language" not in response.headers["Vary"]


def test_a_language_cookie_or_session_changes_nothing(client, shipped):
    client.cookies["django_language"] = "es"
    assert '<html lang="en">' in html_of(client, "/topics/palliative-care/")
    client.cookies["django_language"] = "en"
    assert '<html lang="es">' in html_of(client, "/es/temas/cuidados-paliativos/")


def test_there_is_no_set_language_view(client, shipped):
    for path in ("/i18n/setlang/", "/setlang/", "/es/i18n/setlang/"):
        assert client.post(path, {"language": "es"}).status_code == 404


def test_a_topic_and_its_translation_link_to_each_other_with_hreflang_both_ways(client, shipped):
    english = html_of(client, "/topics/palliative-care/")
    spanish = html_of(client, "/es/temas/cuidados-paliativos/")
    expected = {"en": "http://testserver/topics/palliative-care/",
                "es": "http://testserver/es/temas/cuidados-paliativos/",
                "x-default": "http://testserver/topics/palliative-care/"}
    assert alternates(english) == alternates(spanish) == expected
    assert '<a href="/es/temas/cuidados-paliativos/" hreflang="es" lang="es">En español</a>' in english
    assert '<a href="/topics/palliative-care/" hreflang="en" lang="en">English</a>' in spanish


def test_the_home_glossary_search_and_offline_pages_link_their_counterparts(client, shipped):
    pairs = [("/", "/es/"), ("/glossary/", "/es/glosario/"), ("/search/", "/es/buscar/"),
             ("/offline/", "/es/sin-conexion/")]
    for english, spanish in pairs:
        assert alternates(html_of(client, spanish))["en"] == f"http://testserver{english}"
        assert alternates(html_of(client, english))["es"] == f"http://testserver{spanish}"


def test_the_spanish_about_address_redirects_to_the_spanish_about_page(client, shipped):
    response = client.get("/es/acerca-de/")
    assert (response.status_code, response["Location"]) == (301, "/es/temas/acerca-de/")
    assert client.get("/about/")["Location"] == "/topics/about/"


def test_spanish_pages_list_only_spanish_topics_in_spanish_words(client, shipped):
    html = html_of(client, "/es/")
    assert "Cáncer de mama metastásico: información clara" in html
    assert 'href="/topics/' not in html
    assert len(re.findall(r'href="/es/temas/[a-z0-9-]+/"', html)) >= Topic.objects.live("es").count()
    assert 'action="/es/buscar/"' in html and 'data-suggest="/es/buscar/sugerir/"' in html


def test_spanish_topic_structured_data_is_in_spanish(client, shipped):
    html = html_of(client, "/es/temas/cuidados-paliativos/")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["inLanguage"] == "es"
    assert data["url"] == "http://testserver/es/temas/cuidados-paliativos/"
    assert data["about"]["name"] == "Cáncer de mama metastásico"


def test_spanish_glossary_links_go_to_the_spanish_glossary(client, shipped):
    html = html_of(client, "/es/temas/cuidados-paliativos/")
    body = html.split('<div class="prose">')[1].split("</div>")[0]
    assert 'href="/es/glosario/#' in body
    assert 'href="/glossary/' not in body


def test_the_sitemap_lists_both_languages_with_alternates(client, shipped):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {url.find("s:loc", namespace).text: {link.get("hreflang"): link.get("href")
                                                   for link in url.findall("x:link", namespace)}
               for url in root.findall("s:url", namespace)}
    spanish = "http://testserver/es/temas/cuidados-paliativos/"
    english = "http://testserver/topics/palliative-care/"
    assert entries[spanish] == entries[english] == {"en": english, "es": spanish, "x-default": english}
    assert entries["http://testserver/es/"]["en"] == "http://testserver/"
    assert len([loc for loc in entries if "/es/temas/" in loc]) == Topic.objects.live("es").count()


def test_an_up_to_date_translation_shows_no_outdated_notice(client, shipped):
    assert 'id="translation-outdated"' not in html_of(client, "/es/temas/cuidados-paliativos/")


def test_an_outdated_translation_says_when_the_english_changed_and_links_to_it(client, shipped):
    english = Topic.objects.get(slug="palliative-care")
    english.body += "\n\nA new paragraph.\n"
    english.save()
    caches["pages"].clear()
    html = html_of(client, "/es/temas/cuidados-paliativos/")
    notice = re.search(r'<p class="translation-outdated" id="translation-outdated">(.*?)</p>', html, re.S).group(1)
    assert "La versión en inglés de esta página se actualizó el" in notice
    assert 'href="/topics/palliative-care/" hreflang="en"' in notice
    assert " de 20" in notice  # a Spanish long date: "2 de diciembre de 2026"


def test_english_pages_keep_their_english_text(client, shipped):
    html = html_of(client, "/topics/palliative-care/")
    assert '<html lang="en">' in html and "On this page" in html and "Page last reviewed:" in html
    assert 'id="translation-outdated"' not in html
