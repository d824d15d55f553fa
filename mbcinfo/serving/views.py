import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from mbcinfo.topics import views as topic_views
from mbcinfo.topics.site import site_facts

from .health import health
from .outage import close_connections, is_database_outage


@never_cache
def healthz(request):
    """503 only when this server cannot serve pages; a degraded search index is still 200."""
    serving, report = health()
    return JsonResponse(report, status=200 if serving else 503)


def server_error(request):
    """handler500: a calm 503 page when the database is down or cannot be read (outage.py),
    the usual 500 page otherwise.

    Django calls this while handling the exception, so sys.exc_info() is the error, wherever
    it was raised: in a view, a template or a middleware.
    """
    if is_database_outage(sys.exc_info()[1]):
        close_connections()
        return database_unavailable()
    return topic_views.server_error(request)


def database_unavailable():
    # Rendered without the database and without a request: only the file-based site facts.
    try:
        site = site_facts()
    except Exception:  # the outage page must render whatever else is broken
        site = None
    response = HttpResponse(loader.get_template("503.html").render({"site": site}), status=503)
    response["Retry-After"] = "60"
    return response
