"""Rendered public pages, cached per content generation, answering conditional GETs.

Why this shape: a page is cached under the content generation it was rendered from. When
content changes on any server, or through `loadcontent` run anywhere, the generation goes up
in the shared database, so every process on every server misses its cache and renders the
new content. No expiry timer, no messages between servers, and each process keeps its own
cache in memory.

How often a process looks at the generation is settings.PAGE_CACHE_GENERATION_SECONDS: it
trusts the number it last read for that long (default 1 s; 0 reads it on every request).
Reading it costs a database round trip, which on a small machine halves the pages served per
second (bench/RESULTS.md); a second of delay is invisible to visitors and well inside the
"within a few seconds" other servers are allowed. A change made by this process itself
(content_changed) is seen at its very next request.

The middleware sits right after WhiteNoise: a hit is answered before sessions, CSRF, auth
and the view run, which is what lets a page be served nearly as fast as a static file. A
miss goes through them all, and the response they produced, headers included, is what is
kept.

Only the views named in settings.PAGE_CACHE_VIEWS are cached. Their output depends on the
public origin (site.public_origin: the configured one, or the host name without a port), the
path, the published content and the day alone: never on the visitor, the query string (ignored
by those views) or the time of day. A request whose session cookie names a live session with anything in it
(an editor signed in, who may preview drafts) is never cached or served from the cache. A
cookie naming no such session (expired, signed out, made up) is an anonymous visitor: it is
dropped from the request before anything below reads it, so the page rendered is the anonymous
one, and it is served from the cache. Checking costs one lookup in the session store, against a
whole render. OPTIONS on these pages is answered here without rendering.

The ETag is the generation plus a hash of the page, so a deploy that changes a template
changes the ETag too; Last-Modified is when the generation last went up.
"""
import functools
import hashlib
import time
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from mbcinfo.topics import clock
from mbcinfo.topics.models import ContentGeneration
from mbcinfo.topics.site import public_origin

CACHE_ALIAS = "pages"


# Set on every answer from the cache rather than kept with the page.
OWN_HEADERS = {"etag", "last-modified", "cache-control", "content-length"}


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    headers: tuple  # ((name, value), ...) as the middleware below this one left them
    etag: str
    last_modified: int | None

    @classmethod
    def from_response(cls, response, generation, changed):
        digest = hashlib.sha256(response.content).hexdigest()[:20]
        return cls(
            body=response.content,
            headers=tuple((k, v) for k, v in response.items() if k.lower() not in OWN_HEADERS),
            etag=f'"{generation}-{digest}"',
            # Whole seconds, as HTTP dates are: If-Modified-Since must compare equal.
            last_modified=int(changed.timestamp()) if changed else None,
        )

    def respond(self, request):
        """The page as a fresh response, or 304 Not Modified when the visitor has it."""
        # HEAD: the same headers, no body (gunicorn warns about a body it has to drop).
        response = HttpResponse(b"" if request.method == "HEAD" else self.body)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(self.body))
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        # Browsers may keep the page but must ask again each time; the answer is usually 304.
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified, response=response
        )


class GenerationWatch:
    """The content generation as this process last read it (one per process)."""

    def __init__(self):
        self.stamp = None
        self.read_at = 0.0

    def current(self):
        now = time.monotonic()
        if self.stamp is None or now - self.read_at >= settings.PAGE_CACHE_GENERATION_SECONDS:
            self.stamp = ContentGeneration.stamp()
            self.read_at = now
        return self.stamp

    def forget(self, **kwargs):
        """Connected to content_changed: this process changed content, read it again."""
        self.stamp = None


watch = GenerationWatch()


def cache_key(generation, changed, origin, path):
    # `changed` guards against a generation number being reused (a database restored or
    # recreated) while a process still holds pages from the old one. The origin is part of
    # the page (its canonical link and structured data name it), so each allowed host has
    # its own copy. The day is part of it too: a topic past its review date says so from
    # that day on, with no content change to tell the cache.
    moment = changed.timestamp() if changed else 0
    return f"page:{generation}:{moment}:{clock.today().isoformat()}:{origin}:{path}"


def storable(request, response):
    """A response that is the same for every anonymous visitor."""
    return (
        request.method == "GET"  # a HEAD response may come without its body
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The view read the session, so its output may depend on who is asking.
        and "cookie" not in response.get("Vary", "").lower()
        # A CSP nonce in the page is per response; a cached copy would carry a stale one.
        and getattr(request, "_csp_nonce", None) is None
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.views = frozenset(settings.PAGE_CACHE_VIEWS)

    def __call__(self, request):
        if request.method == "OPTIONS" and view_name(request.path_info) in self.views:
            public_origin(request)  # a Host not allowed is refused here too (400)
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(PAGE_METHODS)
            return response
        if not self.applies(request):
            return self.get_response(request)
        # The Host is checked here, as CommonMiddleware would on a miss: a hit must not answer
        # a host that is not allowed (DisallowedHost becomes Django's 400 Bad Request).
        origin = public_origin(request)
        generation, changed = watch.current()
        key = cache_key(generation, changed, origin, request.path)
        cache = caches[CACHE_ALIAS]
        page = cache.get(key)
        if page is None:
            response = self.get_response(request)
            if not storable(request, response):
                return response
            page = CachedPage.from_response(response, generation, changed)
            cache.set(key, page, timeout=None)
        return page.respond(request)

    def applies(self, request):
        if request.method not in ("GET", "HEAD") or view_name(request.path_info) not in self.views:
            return False
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is None:
            return True
        if holds_a_session(key):
            return False
        # Anonymous after all: render (and keep) the page every anonymous visitor gets.
        del request.COOKIES[settings.SESSION_COOKIE_NAME]
        return True


PAGE_METHODS = ("GET", "HEAD", "OPTIONS")


def holds_a_session(key):
    """True when `key` names a live, unexpired session with something in it (a signed-in
    user). A key the store does not know, or an empty session, is no one."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return bool(store.load())


# Resolving the URL was a sixth of a cache hit's time (profiled in one process;
# bench/RESULTS.md). Which view a path goes to only changes with the code, so it is
# remembered; bounded, since any visitor can send any path.
@functools.lru_cache(maxsize=4096)
def view_name(path_info):
    try:
        return resolve(path_info).view_name
    except Resolver404:
        return None


@receiver(setting_changed)
def forget_view_names(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # only tests change it
        view_name.cache_clear()
