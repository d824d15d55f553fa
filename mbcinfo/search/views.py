from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from mbcinfo.privacy.clients import client_address

from .analysis import language_of
from .documents import live_topics
from .engine import search
from .misses import record_miss
from .suggest import suggestions

MAX_PAGE = 10_000


def page_number(value):
    """The requested results page; anything odd (letters, 0, -3, 10**5000) means the first."""
    try:
        number = int(str(value)[:6])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


@require_safe
def results(request):
    """The results page. Never cached by shared caches: the query is health data.

    The engine describes only the hits on the page asked for (highlighting is the dear part),
    so Django's Paginator is given the result numbers, not the hits: it does the page maths
    (which page this is, its neighbours, which page numbers to link).
    """
    # The language of the address (/es/buscar/ searches the Spanish pages), never of a cookie.
    language = language_of(get_language()).code
    result = search(request.GET.get("q", ""), page_number(request.GET.get("page", 1)), language=language)
    if result.query and not result.total:
        record_miss(result.query, client=client_address(request))
    page = Paginator(range(result.total), result.per_page).page(result.page)
    context = {"query": result.query, "result": result, "page": page,
               "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)}
    if not result.total:
        context["sections"] = live_topics(language).by_section()
    response = render(request, "search/results.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def suggest(request):
    found = suggestions(request.GET.get("q", ""), language=language_of(get_language()).code)
    response = JsonResponse({"suggestions": found})
    # The same letters give the same answer until content changes: the browser may reuse it
    # briefly, but no shared cache may keep it (what people search for is health data).
    response["Cache-Control"] = "private, max-age=60"
    return response
