"""The production settings, with a fixed secret key for tests when none is given, over plain http."""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-000000000000")
# The test client speaks plain http, like `make run`; tests of the https behaviour ask for it
# (secure=True, or check --deploy run with the production environment).
os.environ.setdefault("DJANGO_HTTPS", "0")
# Every request reads the content generation, so a change made in a test is seen at the next
# request; tests/serving/test_pagecache.py tests the production window explicitly.
os.environ.setdefault("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", "0")

# Everything the suite writes goes to a directory of its own, removed at exit, never to the
# checkout's var/search-index or media/: a developer's own site keeps working during and after
# `make test`. Set in the environment, not only here, so processes the tests start (commands,
# servers) inherit it; always overridden, so a value exported for the developer's site is not used.
TEST_SANDBOX_DIR = Path(tempfile.mkdtemp(prefix="mbcinfo-tests-"))
atexit.register(shutil.rmtree, TEST_SANDBOX_DIR, ignore_errors=True)
os.environ["MBCINFO_SEARCH_INDEX_DIR"] = str(TEST_SANDBOX_DIR / "search-index")
os.environ["DJANGO_MEDIA_ROOT"] = str(TEST_SANDBOX_DIR / "media")

from mbcinfo.settings import *  # noqa: E402,F401,F403
