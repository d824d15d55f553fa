"""Debian's Chromium under Playwright, one way for every browser test in the suite.

Without Chromium a browser test is skipped with the reason in pytest's summary; with CI=true a
missing browser fails the run instead, so CI can never pass by testing nothing.
"""
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# This machine has no browser downloads and a closed network: Debian's Chromium, quietly.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_chromium():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser tests need Debian's chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(message + " — CI=true, so a missing browser is a failure.", pytrace=False)
        pytest.skip(message)


@contextmanager
def launched():
    """A running Chromium.

    Playwright's sync API keeps an asyncio event loop running in this thread while it is
    started. Django then believes every database call from the test (loading content, for
    example) comes from async code and refuses it (SynchronousOnlyOperation). Our calls are
    ordinary blocking calls, made between Playwright calls, never from a coroutine, so the
    check is switched off, only while the browser is up: Django reads the variable on each call.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
