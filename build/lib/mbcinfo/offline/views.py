"""Offline reading: the service worker script and the page shown when a page is not saved."""
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

SERVICE_WORKER = "offline/sw.js"


@lru_cache(maxsize=1)
def service_worker_source():
    path = finders.find(SERVICE_WORKER)
    with open(path, encoding="utf-8") as file:
        return file.read()


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    """The static file offline/sw.js, served from the site root.

    A service worker only controls pages at or below its own address, so this one must be
    served at /sw.js, not under /static/. no-cache makes browsers check for a new version on
    each visit instead of trusting an old copy.
    """
    return HttpResponse(service_worker_source(), content_type="text/javascript; charset=utf-8")


@require_GET
def offline_page(request):
    return render(request, "offline/offline.html")
