"""The production settings, with a fixed secret key for tests when none is given, over plain http."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-000000000000")
# The test client speaks plain http, like `make run`; tests of the https behaviour ask for it
# (secure=True, or check --deploy run with the production environment).
os.environ.setdefault("DJANGO_HTTPS", "0")

from mbcinfo.settings import *  # noqa: E402,F401,F403
