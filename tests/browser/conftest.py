"""Browser tests: Debian's Chromium driven by Playwright, against the site on a live server.

Without Chromium these tests are skipped, with the reason in pytest's summary; with CI=true a
missing browser fails the run instead, so CI can never pass by testing nothing.
"""
import os

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer

from mbcinfo.topics.loader import read_directory

from ..chromium import launched

VIEWPORTS = {"phone": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}
NO_RESULTS_QUERY = "zzzzqqq"


def content_slugs(language="en"):
    """The topic slugs in content/ (or content/<language>/), read at collection time (no
    database yet) to name tests."""
    directory = settings.CONTENT_DIR if language == "en" else settings.CONTENT_DIR / language
    if not directory.is_dir():
        return []
    sources, _, _ = read_directory(directory)
    return sorted(source.slug for source in sources if source.slug)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but static files go through WhiteNoise as in production.

    pytest-django serves /static/ with Django's finders, which do not know the hashed names
    that the manifest storage writes into pages (site.<hash>.css): the page would load with no
    stylesheet, and axe would test an unstyled page. A pass-through static handler lets the
    WhiteNoise middleware serve the collected files instead.
    """
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests here."""
    with launched() as chromium:
        yield chromium


@pytest.fixture
def site(browser, live_server, site_index, settings):
    """The shipped content loaded and searchable; the live server's address, which pages name as
    their own (as `make run` does for 127.0.0.1:PORT)."""
    settings.PUBLIC_ORIGIN = live_server.url
    return live_server.url


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts: new_page(viewport="phone", **context options)."""
    contexts = []

    def open_page(viewport="desktop", **options):
        options.setdefault("service_workers", "block")
        context = browser.new_context(viewport=VIEWPORTS[viewport], **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def search_url(site):
    """The search page's address."""
    return f"{site}/search/"


def page_paths(slugs):
    """Every page type but English search: (test id, path). The English search pages are
    SEARCH_PATHS; the Spanish edition's pages, its search pages among them, are all here."""
    paths = [("home", "/"), ("glossary", "/glossary/"), ("offline", "/offline/"),
             ("not-found", "/no-such-page/"), ("updates", "/updates/"),
             ("accessibility", "/accessibility/"), ("editorial-policy", "/editorial-policy/")]
    paths += [(f"topic-{slug}", f"/topics/{slug}/") for slug in slugs]
    paths += [(f"print-{slug}", f"/topics/{slug}/print/") for slug in slugs]
    return paths + spanish_page_paths(content_slugs("es"))


def spanish_page_paths(slugs):
    """Every Spanish page type (ids start "es-"; the missing page's ends in "not-found")."""
    paths = [("es-home", "/es/"), ("es-glossary", "/es/glosario/"), ("es-offline", "/es/sin-conexion/"),
             ("es-not-found", "/es/no-hay-tal-pagina/"), ("es-updates", "/es/cambios/"),
             ("es-search-results", "/es/buscar/?q=cuidados+paliativos"),
             ("es-search-no-results", f"/es/buscar/?q={NO_RESULTS_QUERY}")]
    paths += [(f"es-topic-{slug}", f"/es/temas/{slug}/") for slug in slugs]
    paths += [(f"es-print-{slug}", f"/es/temas/{slug}/imprimir/") for slug in slugs]
    return paths


SEARCH_PATHS = [("search-results", "?q=palliative+care"), ("search-no-results", f"?q={NO_RESULTS_QUERY}")]
