# Helpers, not fixtures: the topic tests import them from here (content_dir is in tests/conftest.py).
