"""The production settings, with only a fixed secret key for tests when none is given."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-site-000000000000")

from mbcinfo.settings import *  # noqa: E402,F401,F403
