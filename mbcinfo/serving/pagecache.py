"""Rendered public pages, cached per content generation, answering conditional GETs.

Why this shape: every request reads the content generation from the database (one row, by
primary key) and looks the page up under that number. When content changes on any server,
or through `loadcontent` run anywhere, the generation goes up in the shared database, so
every process on every server misses its cache at its next request and renders the new
content. No timer, no messages between servers, and each process keeps its own cache in
memory.

Only the views named in settings.PAGE_CACHE_VIEWS are cached. Their output depends on the
path and the published content alone: never on the visitor, the query string (ignored by
those views) or the time. Requests carrying a session cookie (editors, who may preview
drafts) are never cached or served from the cache.

The ETag is the generation plus a hash of the page, so a deploy that changes a template
changes the ETag too; Last-Modified is when the generation last went up.
"""
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from mbcinfo.topics.models import ContentGeneration

CACHE_ALIAS = "pages"


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str
    last_modified: int | None

    @classmethod
    def from_response(cls, response, generation, changed):
        digest = hashlib.sha256(response.content).hexdigest()[:20]
        return cls(
            body=response.content,
            content_type=response["Content-Type"],
            etag=f'"{generation}-{digest}"',
            # Whole seconds, as HTTP dates are: If-Modified-Since must compare equal.
            last_modified=int(changed.timestamp()) if changed else None,
        )

    def respond(self, request):
        """The page as a fresh response, or 304 Not Modified when the visitor has it."""
        response = HttpResponse(self.body, content_type=self.content_type)
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        # Browsers may keep the page but must ask again each time; the answer is usually 304.
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified, response=response
        )


def cache_key(generation, changed, path):
    # `changed` guards against a generation number being reused (a database restored or
    # recreated) while a process still holds pages from the old one.
    moment = changed.timestamp() if changed else 0
    return f"page:{generation}:{moment}:{path}"


def storable(request, response):
    """A response that is the same for every anonymous visitor."""
    return (
        response.status_code == 200
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
        response = self.get_response(request)
        pending = getattr(request, "_page_cache_pending", None)
        if pending is None or not storable(request, response):
            return response
        key, generation, changed = pending
        page = CachedPage.from_response(response, generation, changed)
        caches[CACHE_ALIAS].set(key, page, timeout=None)
        return page.respond(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.applies(request):
            return None
        generation, changed = ContentGeneration.stamp()
        key = cache_key(generation, changed, request.path)
        page = caches[CACHE_ALIAS].get(key)
        if page is None:
            if request.method == "GET":  # a HEAD response may come without its body
                request._page_cache_pending = (key, generation, changed)
            return None
        return page.respond(request)

    def applies(self, request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and request.resolver_match is not None
            and request.resolver_match.view_name in self.views
        )
