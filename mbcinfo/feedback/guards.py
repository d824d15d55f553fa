"""What keeps the feedback forms from being abused without a cookie: the post must come from
this site's own page (no CSRF cookie, so the browser's Origin / Sec-Fetch-Site say so), and one
client may post only so often, counted under a keyed hash that expires within the hour."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches

from mbcinfo.privacy.clients import HOUR, client_address, client_token

# A reader answers once and may report a problem or two; far more from one client is a script.
POSTS_PER_CLIENT_PER_HOUR = getattr(settings, "FEEDBACK_POSTS_PER_CLIENT_PER_HOUR", 10)
CACHE = getattr(settings, "FEEDBACK_CACHE", "feedback")


def same_origin(request):
    """True when the browser says the form was sent from a page of this site.

    Browsers send Sec-Fetch-Site with every request (and Origin with every POST); either
    answers the question. A request with neither is not from a browser's form: refused."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == request.get_host() and not parts.path


def within_allowance(request):
    """Count one post from this client this hour; False once it has used its allowance."""
    cache = caches[CACHE]
    key = f"feedback-posts:{client_token(client_address(request))}"
    cache.add(key, 0, timeout=HOUR)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR)
        used = 1
    return used <= POSTS_PER_CLIENT_PER_HOUR
