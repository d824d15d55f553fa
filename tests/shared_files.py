"""Files the tests read from beside the repository, in ../shared: the source document every
medical fact comes from, and the 2,802-page corpus for tests at scale.

A clone of the repository alone has neither: the tests that need them are skipped, each with a
one-line reason. With CI=true a missing file fails them instead, so CI can never pass by testing
nothing (as with the browser, tests/chromium.py).
"""
from pathlib import Path

import pytest

from .chromium import in_ci

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_DOCUMENT = SHARED / "seed" / "000_3e6de40d17005296.txt"
CORPUS = SHARED / "corpora" / "medquad-nih-health"


def require(path, what):
    """`path` if it exists; otherwise skip the test (fail it under CI=true)."""
    if path.exists():
        return path
    message = f"{what} is not here: {path} (it sits beside the repository, in ../shared)"
    if in_ci():
        pytest.fail(message + " — CI=true, so a missing file is a failure.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seed_text():
    """The source document's text."""
    return require(SEED_DOCUMENT, "the source document").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_dir():
    """The 2,802-page NIH corpus (Markdown with front matter and extra fields)."""
    return require(CORPUS, "the 2,802-page corpus")
