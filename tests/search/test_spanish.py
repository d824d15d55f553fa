"""Spanish search: Spanish pages are found in Spanish (stems, accents, stop words, synonyms,
spelling, autocomplete, the database fallback), and each language's searches keep to its pages."""
import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from mbcinfo.search import index, views
from mbcinfo.search.analysis import stemming_analyzer_for, stems, word_starts, words
from mbcinfo.search.engine import search
from mbcinfo.search.suggest import suggestions
from mbcinfo.search.synonyms import load_synonyms
from mbcinfo.topics.models import Topic

SPANISH_PAGES = [
    ("pronostico-prueba", "Pronóstico", "Cuánto tiempo se vive",
     "El pronóstico depende de muchas cosas. Algunas personas viven muchos años con tratamiento."),
    ("higado-prueba", "Dónde se extiende el cáncer", "El hígado y los huesos",
     "El cáncer de mama metastásico puede llegar al hígado, los huesos, los pulmones o el cerebro."),
    ("dinero-prueba", "Ayuda con el dinero", "Facturas del tratamiento",
     "Hay programas que ayudan a pagar las facturas del tratamiento."),
    ("paliativos-prueba", "Cuidados paliativos", "Hospicio",
     "Los cuidados paliativos alivian los síntomas. El hospicio es atención al final de la vida."),
]
ENGLISH_PAGES = [
    ("outlook-test", "Outlook", "How long people live",
     "The prognosis of metastatic breast cancer depends on many things, such as treatment."),
    ("spread-test", "Where cancer spreads", "Liver and bones",
     "Metastatic breast cancer may spread to the liver, the bones, the lungs or the brain."),
]


def make_pages(pages, language):
    for slug, title, heading, text in pages:
        Topic.objects.create(slug=slug, title=title, summary=text[:60], body=text, language=language,
                             sections=[{"anchor": "parte", "heading": heading, "text": text}])


@pytest.fixture
def both_languages(db, settings, tmp_path):
    settings.SEARCH_SYNONYMS_FILE = tmp_path / "none.yaml"
    settings.SEARCH_SYNONYMS_FILE_ES = tmp_path / "ninguno.yaml"
    make_pages(SPANISH_PAGES, "es")
    make_pages(ENGLISH_PAGES, "en")
    index.rebuild()


def pages_found(query, language="en"):
    return [hit.url.split("#")[0] for hit in search(query, language=language).hits]


# --- analysis ---

def test_spanish_words_lose_their_accents_and_endings_alike_in_pages_and_queries():
    assert stems("pronóstico hígado", "es") == stems("pronostico higado", "es")
    assert stems("tratamiento tratamientos", "es") == ["tratamient", "tratamient"]
    # Folded "-cion" words keep the stem the accented ones get, singular and plural.
    assert stems("operación operacion operaciones", "es") == ["oper", "oper", "oper"]


def test_spanish_stop_words_go_but_words_that_change_the_meaning_stay():
    assert stems("el de la los con", "es") == []
    assert stems("sin tratamiento", "es") == ["sin", "tratamient"]
    assert stems("no tiene cura", "es") == ["no", "tien", "cur"]


@pytest.mark.parametrize("text", ["¿Cuál es el pronóstico del cáncer de mama metastásico en el hígado?",
                                  "Operación, OPERACIONES y oncología; año 2026, niño pequeño"])
def test_spanish_stems_match_the_whoosh_analyzer_the_schema_declares(text):
    assert stems(text, "es") == [token.text for token in stemming_analyzer_for("es")(text)]


def test_english_analysis_is_untouched_by_the_spanish_one():
    assert stems("the palliative care") == ["palli", "care"]
    assert words("Hígado") == ["higado"]


def test_spanish_autocomplete_starts_skip_spanish_stop_words():
    assert word_starts("El hígado", "es") == ["hi", "hig", "higa", "higad", "higado"]


def test_the_shipped_spanish_synonyms_load_with_the_groups_readers_need(settings):
    synonyms = load_synonyms(settings.SEARCH_SYNONYMS_FILE_ES, "es")
    for one, other in [("estadio IV", "etapa 4"), ("estadio 4", "avanzado"), ("seno", "mama"),
                       ("paliativo", "hospicio"), ("paliativo", "final de la vida"),
                       ("dinero", "ayuda financiera"), ("dinero", "facturas")]:
        assert tuple(stems(other, "es")) in synonyms.alternatives(stems(one, "es")), (one, other)


# --- search ---

def test_spanish_searches_find_accented_words_typed_without_accents(both_languages):
    assert pages_found("higado", "es") == ["/es/temas/higado-prueba/"]
    assert pages_found("pronostico", "es")[0] == "/es/temas/pronostico-prueba/"
    assert pages_found("HÍGADO", "es") == ["/es/temas/higado-prueba/"]


def test_a_spanish_search_never_returns_english_pages(both_languages):
    for query in ["cancer", "metastatic breast cancer liver", "hospice", "prognosis", "treatment", "cáncer"]:
        assert all(url.startswith("/es/temas/") for url in pages_found(query, "es")), query
    assert pages_found("cancer de mama en el higado", "es")[0] == "/es/temas/higado-prueba/"


def test_an_english_search_never_returns_spanish_pages(both_languages):
    for query in ["cancer", "cáncer de mama", "hígado", "hospicio", "pronóstico", "tratamiento", "liver"]:
        assert all(url.startswith("/topics/") for url in pages_found(query, "en")), query
    assert pages_found("liver")[0] == "/topics/spread-test/"
    assert pages_found("hospicio") == []


def test_a_regional_spanish_code_searches_spanish_and_an_unknown_one_english(both_languages):
    assert pages_found("higado", "es-mx") == ["/es/temas/higado-prueba/"]
    assert pages_found("liver", "fr") == ["/topics/spread-test/"]


def test_spanish_synonyms_apply_to_spanish_searches_only(both_languages, settings, tmp_path):
    settings.SEARCH_SYNONYMS_FILE_ES = tmp_path / "sinonimos.yaml"
    settings.SEARCH_SYNONYMS_FILE_ES.write_text("- [dinero, plata]\n- [hospicio, final de la vida]\n")
    assert pages_found("plata", "es") == ["/es/temas/dinero-prueba/"]
    assert pages_found("final de la vida", "es")[0] == "/es/temas/paliativos-prueba/"
    assert pages_found("plata") == []


def test_did_you_mean_in_spanish_comes_from_the_spanish_pages(both_languages):
    result = search("pronostco", language="es")
    assert result.did_you_mean == "pronostico"
    assert result.hits[0].url.startswith("/es/temas/pronostico-prueba/")
    # "treatment" is a word of the English pages only: never offered to a Spanish searcher.
    assert search("treatmnet", language="es").did_you_mean is None
    assert search("treatmnet").did_you_mean == "treatment"


def test_spanish_snippets_mark_accented_words_found_without_accents(both_languages):
    assert "<mark>hígado</mark>" in search("higado", language="es").hits[0].snippet


def test_spanish_autocomplete_suggests_spanish_titles_only(both_languages):
    found = suggestions("pronos", language="es")
    assert (found[0]["label"], found[0]["url"]) == ("Pronóstico", "/es/temas/pronostico-prueba/")
    assert all(item["url"].startswith("/es/temas/") for item in suggestions("cu", language="es"))
    assert suggestions("pronos") == []
    assert [item["url"] for item in suggestions("outl")] == ["/topics/outlook-test/"]


def test_the_database_fallback_searches_each_language_in_its_own_words(both_languages, monkeypatch):
    monkeypatch.setattr(index, "fresh_searcher", lambda: None)
    result = search("higado", language="es")
    assert result.source == "database"
    assert [hit.url for hit in result.hits] == ["/es/temas/higado-prueba/#parte"]
    assert all(url.startswith("/topics/") for url in pages_found("cancer liver"))
    assert all(url.startswith("/es/temas/") for url in pages_found("cancer", "es"))
    assert [item["url"] for item in suggestions("higa", language="es")] == ["/es/temas/higado-prueba/#parte"]


def test_spanish_pages_change_no_english_result_or_score(db, settings, tmp_path):
    settings.SEARCH_SYNONYMS_FILE = tmp_path / "none.yaml"
    make_pages(ENGLISH_PAGES, "en")
    index.rebuild()
    queries = ["cancer", "breast cancer liver", "treatment", "how long"]
    before = {query: [(hit.url, hit.snippet) for hit in search(query).hits] for query in queries}
    english = index.open_searcher().statistics("en").documents
    make_pages(SPANISH_PAGES, "es")
    index.rebuild()
    assert {query: [(hit.url, hit.snippet) for hit in search(query).hits] for query in queries} == before
    assert index.open_searcher().statistics("en").documents == english


def test_the_search_view_searches_the_language_of_the_address(both_languages):
    request = RequestFactory().get("/", {"q": "higado"})
    with translation.override("es"):
        response = views.results(request)
    assert b"/es/temas/higado-prueba/" in response.content
    with translation.override("en"):
        response = views.suggest(RequestFactory().get("/", {"q": "higa"}))
    assert json.loads(response.content) == {"suggestions": []}
