"""The production settings, with a fixed secret key for tests when none is given, over plain http."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-000000000000")
# The test client speaks plain http, like `make run`; tests of the https behaviour ask for it
# (secure=True, or check --deploy run with the production environment).
os.environ.setdefault("DJANGO_HTTPS", "0")
# Every request reads the content generation, so a change made in a test is seen at the next
# request; tests/serving/test_pagecache.py tests the production window explicitly.
os.environ.setdefault("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", "0")

from mbcinfo.settings import *  # noqa: E402,F401,F403
