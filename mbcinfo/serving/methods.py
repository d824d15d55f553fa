"""TRACE is refused everywhere (405): the site has nothing to echo, and a method no view
expects would otherwise reach the views and render a page afresh."""
from django.http import HttpResponseNotAllowed

REFUSED = frozenset({"TRACE", "TRACK", "CONNECT"})
# What the site answers somewhere (POST only in the admin and the editor).
ALLOWED = ("GET", "HEAD", "OPTIONS", "POST")


class RefuseTraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED:
            return HttpResponseNotAllowed(ALLOWED)
        return self.get_response(request)
