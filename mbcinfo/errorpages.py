"""The site's error pages: 404, 500, and the 503 a database outage gets (mbcinfo/urls.py names
them as Django's handlers).

They live in the project package because each draws on more than one app: the not-found page
lists the topics (topics), the 500 handler tells an outage from a bug (serving).
"""
import sys

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language

from mbcinfo.serving.outage import close_connections, is_database_outage
from mbcinfo.topics.models import Topic
from mbcinfo.topics.site import site_facts


def page_not_found(request, exception=None):
    """In the address's language (/es/… is Spanish), listing that language's topics. A missing
    page has no versions in other languages: it links to their home pages instead."""
    try:
        sections = Topic.objects.live(get_language()).by_section()
    except DatabaseError:
        sections = []
    return render(request, "404.html", {"sections": sections, "language_paths": {}}, status=404)


def server_error(request):
    """handler500: a calm 503 page when the database is down or cannot be read (outage.py),
    the usual 500 page otherwise.

    Django calls this while handling the exception, so sys.exc_info() is the error, wherever
    it was raised: in a view, a template or a middleware.
    """
    if is_database_outage(sys.exc_info()[1]):
        close_connections()
        return database_unavailable()
    # No database and no request context: whatever broke may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render({"site": file_site_facts()}))


def database_unavailable():
    # Rendered without the database and without a request: only the file-based site facts.
    response = HttpResponse(loader.get_template("503.html").render({"site": file_site_facts()}), status=503)
    response["Retry-After"] = "60"
    return response


def file_site_facts():
    """The site facts from site.yaml in the address's language, or None: an error page must
    render whatever else is broken."""
    try:
        return site_facts(get_language())
    except Exception:
        return None
