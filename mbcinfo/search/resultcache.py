"""Search results kept per index generation, so a popular query is answered without searching.

Why keyed this way: a result depends on the words typed (after cleaning), the page, the index
it was found in, the synonyms file (applied at query time) and the language searched. The index part is the build's
name plus the content generation it reflects: a content change anywhere bumps the generation in
the shared database, this server's index is brought up to it (or rebuilt), and every old key is
simply never asked for again. No expiry timer, no invalidation messages.

Only answers from an up-to-date index are kept. An answer from the database fallback is a stop
gap while the index is rebuilt and must not outlive it.

The cache is this process's memory (settings.CACHES["search"], local memory): what people
search for is health data and is never written to a shared store. Keys are hashes, so no
query text is a key anywhere. Counting searches that found nothing happens in the view, after
the result is known, so a result served from here is counted like any other.
"""
import hashlib

from django.core.cache import caches

CACHE_ALIAS = "search"


def key(text, page, per_page, build, generation, synonyms, language="en"):
    raw = repr((text, page, per_page, build, generation, synonyms, language))
    return "search:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def get(cache_key):
    return caches[CACHE_ALIAS].get(cache_key)


def put(cache_key, result):
    # No timeout: a key is never reused once the index moves on, and the cache is bounded.
    caches[CACHE_ALIAS].set(cache_key, result, timeout=None)
